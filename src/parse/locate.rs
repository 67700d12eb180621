//! Finding where in a YAML file a problem is, for problems found after
//! decoding (a reference to an id that does not exist, say), when serde no
//! longer knows positions. Keys and values are found where the YAML parser
//! saw them, so comments, flow maps (`{id: a}`) and quotes do not hide
//! them. The search starts at the line of the entry the problem belongs
//! to, so it finds the right occurrence of a repeated word.

use std::cell::RefCell;
use std::rc::Rc;

use crate::parse::yaml_index::{self, Index};

/// 1-based line of the entry `- id: <id>` (or `id: <id>`, `- {id: <id>}`),
/// or 1.
pub fn entry_line(text: &str, id: &str) -> usize {
    entry(text, 1, id).unwrap_or(1)
}

/// Like [`entry_line`], searching from line `from` on.
pub fn entry_line_from(text: &str, from: usize, id: &str) -> usize {
    entry(text, from, id).unwrap_or(from)
}

fn entry(text: &str, from: usize, id: &str) -> Option<usize> {
    with_index(text, |index| {
        index.scalars.iter().find_map(|s| {
            let value = &index.scalars[s.value?];
            (s.is_key && s.at.line >= from && s.text == "id" && value.text == id)
                .then_some(s.at.line)
        })
    })
}

/// 1-based line of a mapping key `key:` at or after `from`, or `from`.
pub fn key_line(text: &str, from: usize, key: &str) -> usize {
    self::key(text, from, key).map_or(from, |(line, _)| line)
}

/// Line and column of the first whole-word occurrence of `word` at or after
/// line `from`; `(from, 1)` when there is none. A key or value that is the
/// word comes first; then the word inside a longer value.
pub fn word(text: &str, from: usize, word: &str) -> (usize, usize) {
    let scalar = with_index(text, |index| {
        let s = index
            .scalars
            .iter()
            .find(|s| s.at.line >= from && s.text == word)?;
        // Past a quote, onto the word itself.
        let quoted = text[s.at.offset..].starts_with(['"', '\'']);
        Some((s.at.line, s.at.col + usize::from(quoted)))
    });
    scalar
        .or_else(|| {
            find_word(text, from, word, |after| {
                after.chars().next().is_none_or(not_in_word)
            })
        })
        .unwrap_or((from, 1))
}

/// Line and column of the first mapping key `key` at or after line
/// `from`; `None` when there is none.
pub fn key(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    with_index(text, |index| {
        index
            .scalars
            .iter()
            .find(|s| s.is_key && s.at.line >= from && s.text == key)
            .map(|s| (s.at.line, s.at.col))
    })
}

/// Runs `f` on the parsed places of `text`; `None` when it does not parse.
/// Validation asks about the same few files many times, so the last few
/// are kept (per thread).
fn with_index<R>(text: &str, f: impl FnOnce(&Index) -> Option<R>) -> Option<R> {
    const KEPT: usize = 8;
    thread_local! {
        static CACHE: RefCell<Vec<(String, Rc<Option<Index>>)>> = const { RefCell::new(Vec::new()) };
    }
    let index = CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, index)) = cache.iter().find(|(t, _)| t == text) {
            return Rc::clone(index);
        }
        let index = Rc::new(yaml_index::index(text).ok());
        if cache.len() == KEPT {
            cache.remove(0);
        }
        cache.push((text.to_string(), Rc::clone(&index)));
        index
    });
    f(index.as_ref().as_ref()?)
}

fn not_in_word(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_' || c == '-')
}

/// The first occurrence of `word` at or after line `from` that starts a
/// word and whose rest of line `ends` accepts.
fn find_word(
    text: &str,
    from: usize,
    word: &str,
    ends: impl Fn(&str) -> bool,
) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let mut start = 0;
        while let Some(pos) = line[start..].find(word) {
            let at = start + pos;
            let starts = line[..at].chars().next_back().is_none_or(not_in_word);
            if starts && ends(&line[at + word.len()..]) {
                return Some((i + 1, line[..at].chars().count() + 1));
            }
            start = at + word.len().max(1);
        }
    }
    None
}

/// Where a spot in markdown decoded from a YAML value lies in the YAML
/// file. The spot is `col` (in characters) of the decoded text's line
/// `line`, both 1-based, lines counted as the file's from `first_line`,
/// where the value starts. Decoding drops indentation, quotes and folded
/// line breaks, so the spot is found by its text: from the column to the
/// next space, searched for from the line it would be on in a literal
/// block (`|`), then from the value's start. `None` when the text is not
/// in the file as written (an escape changed it, say).
pub fn in_yaml(
    file_text: &str,
    first_line: usize,
    decoded: &str,
    line: usize,
    col: usize,
) -> Option<(usize, usize)> {
    let nth = line.checked_sub(first_line)?;
    let needle: String = decoded
        .lines()
        .nth(nth)?
        .chars()
        .skip(col.saturating_sub(1))
        .take_while(|c| !c.is_whitespace())
        .collect();
    if needle.is_empty() {
        return None;
    }
    let find_from = |from: usize| {
        file_text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find_map(|(i, l)| {
                l.find(&needle)
                    .map(|at| (i + 1, l[..at].chars().count() + 1))
            })
    };
    find_from(line).or_else(|| find_from(first_line))
}

pub use crate::diag::suggest;

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
        assert_eq!(
            key("a: { join: 1, in: [x] }\nin: 2", 1, "in"),
            Some((1, 15))
        );
        assert_eq!(key("a: { join: 1 }", 1, "in"), None);
    }

    #[test]
    fn entries_and_keys_are_found_where_the_parser_saw_them() {
        let text = "items:\n  - id: a  # note\n    when: x\n  - {id: b, when: y}\n  # when: z\n  - id: 'c'\n";
        assert_eq!(entry_line(text, "a"), 2);
        assert_eq!(entry_line(text, "b"), 4);
        assert_eq!(entry_line(text, "c"), 6);
        assert_eq!(entry_line_from(text, 3, "a"), 3);
        assert_eq!(key_line(text, 4, "when"), 4);
        assert_eq!(key(text, 5, "when"), None);
        assert_eq!(word(text, 4, "y"), (4, 19));
        assert_eq!(word(text, 6, "c"), (6, 10));
    }

    #[test]
    fn places_decoded_markdown_in_its_yaml_file() {
        // A literal block: indentation dropped.
        let file = "items:\n  - id: a\n    body: |\n      Intro.\n      See [x](/a.md#nope) now.\n";
        let decoded = "Intro.\nSee [x](/a.md#nope) now.\n";
        assert_eq!(in_yaml(file, 4, decoded, 5, 5), Some((5, 11)));
        // A quoted one-line value: the quote and key before it.
        let file = "facts:\n  - text: \"Apply, see [it](/b.md) first\"\n";
        assert_eq!(
            in_yaml(file, 2, "Apply, see [it](/b.md) first", 2, 12),
            Some((2, 23))
        );
        // A folded value: the decoded line joins file lines.
        let file = "body: >\n  One two\n  three [y](/c.md).\n";
        assert_eq!(
            in_yaml(file, 2, "One two three [y](/c.md).\n", 2, 15),
            Some((3, 9))
        );
        // Changed by an escape: not found, so the caller keeps what it had.
        let file = "text: \"a \\u0041[z](/d.md)\"\n";
        assert_eq!(in_yaml(file, 1, "a A[z](/d.md)", 1, 3), None);
        assert_eq!(in_yaml(file, 2, "a", 1, 1), None);
    }

    #[test]
    fn suggests_near_misses_only() {
        let known = ["residence_permit", "local_id_only"];
        assert_eq!(suggest("residnce_permit", known), Some("residence_permit"));
        assert_eq!(suggest("zzz", known), None);
        // A swapped pair of letters is one typo, not two.
        assert_eq!(suggest("lcoal", ["coals", "local"]), Some("local"));
    }
}
