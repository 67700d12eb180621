//! Finding where in a YAML file a problem is, for problems found after
//! decoding (a reference to an id that does not exist, say), when serde no
//! longer knows positions. The search starts at the line of the entry the
//! problem belongs to, so it finds the right occurrence of a repeated word.

/// 1-based line of the entry `- id: <id>` (or `id: <id>`), or 1.
pub fn entry_line(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix("id:")
                .is_some_and(|rest| unquote(rest.trim()) == id)
        })
        .map_or(1, |i| i + 1)
}

/// Like [`entry_line`], searching from line `from` on.
pub fn entry_line_from(text: &str, from: usize, id: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix("id:")
                .is_some_and(|rest| unquote(rest.trim()) == id)
        })
        .map_or(from, |(i, _)| i + 1)
}

/// 1-based line of a mapping key `key:` at or after `from`, or `from`.
pub fn key_line(text: &str, from: usize, key: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
        })
        .map_or(from, |(i, _)| i + 1)
}

/// Line and column of the first whole-word occurrence of `word` at or after
/// line `from`; `(from, 1)` when there is none.
pub fn word(text: &str, from: usize, word: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let mut start = 0;
        while let Some(pos) = line[start..].find(word) {
            let at = start + pos;
            let before = line[..at].chars().next_back();
            let after = line[at + word.len()..].chars().next();
            let boundary =
                |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
            if boundary(before) && boundary(after) {
                return (i + 1, line[..at].chars().count() + 1);
            }
            start = at + word.len().max(1);
        }
    }
    (from, 1)
}

fn unquote(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

/// The id among `known` closest to `wrong`, if one is close enough to be a
/// likely typo.
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (distance(wrong, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "items:\n  - id: a\n    when: { fact: x }\n  - id: \"b\"\n    when: { fact: x }\n";

    #[test]
    fn finds_entries_keys_and_words_in_order() {
        assert_eq!(entry_line(TEXT, "b"), 4);
        assert_eq!(key_line(TEXT, 4, "when"), 5);
        assert_eq!(word(TEXT, 4, "x"), (5, 19));
        assert_eq!(word("a xy x", 1, "x"), (1, 6));
    }

    #[test]
    fn suggests_near_misses_only() {
        let known = ["residence_permit", "local_id_only"];
        assert_eq!(suggest("residnce_permit", known), Some("residence_permit"));
        assert_eq!(suggest("zzz", known), None);
    }
}
