//! What `check` (and every build) says about the interface strings: a key
//! a template asks for that no table has, a language the site uses that
//! lacks some keys, a key the site wrote that nothing reads.
//!
//! Keys are found in the templates' source, as written: `t(key="…")` and
//! `js_strings(scripts="…")` with a quoted literal. A key held in a
//! variable (`t(key=k)`) cannot be known before rendering; a missing one
//! is then an error at render time, placed at the call.

use std::collections::BTreeSet;

use super::strings::{BUILTIN, Strings};
use crate::diag::Diagnostic;
use crate::load::TextFile;

/// A literal key in a template, and where it is (a byte offset).
#[derive(Debug, PartialEq)]
pub struct Use {
    pub key: String,
    pub offset: usize,
    /// A script group of `js_strings()`, not a key.
    pub script: bool,
}

pub fn check(
    templates: &[(String, TextFile)],
    strings: &Strings,
    site_langs: &[&str],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut used: BTreeSet<String> = BUILTIN.iter().map(|k| k.to_string()).collect();
    for (_, file) in templates {
        for u in uses(&file.text) {
            let found = if u.script {
                let prefix = format!("js.{}.", u.key);
                strings
                    .langs
                    .get(&strings.default)
                    .is_some_and(|l| l.entries.keys().any(|k| k.starts_with(&prefix)))
            } else {
                strings.find(&strings.default, &u.key).is_some()
            };
            if !found {
                let message = if u.script {
                    format!("no interface strings under `js.{}` for js_strings()", u.key)
                } else {
                    strings
                        .text(&strings.default, &u.key, None)
                        .err()
                        .unwrap_or_default()
                };
                problems.push(
                    Diagnostic::error(message)
                        .at_offset(&file.display, &file.text, u.offset)
                        .with_help(format!(
                            "add it to the theme's i18n/{0}.yaml (or the site's i18n/{0}.yaml)",
                            strings.default
                        )),
                );
            }
            used.insert(if u.script {
                format!("js.{}.", u.key)
            } else {
                u.key
            });
        }
    }
    for key in BUILTIN {
        if strings.find(&strings.default, key).is_none() {
            problems.push(
                Diagnostic::error(format!(
                    "no interface string `{key}`, which beian's own output needs"
                ))
                .in_file(&strings.table_path(&strings.default))
                .with_help("copy it from beian's themes/default/i18n/en.yaml"),
            );
        }
    }
    problems.extend(unused_site_keys(strings, &used));
    problems.extend(untranslated(strings, site_langs));
    problems
}

/// Site keys the theme does not have and no template names: most likely a
/// typo for a theme key, which then is not overridden.
fn unused_site_keys(strings: &Strings, used: &BTreeSet<String>) -> Vec<Diagnostic> {
    let theme_keys: Vec<&str> = strings
        .langs
        .values()
        .flat_map(|l| {
            l.entries
                .iter()
                .filter(|(_, e)| !e.from.site)
                .map(|(k, _)| k.as_str())
        })
        .collect();
    strings
        .site_only
        .iter()
        .filter(|(k, _)| {
            !used.contains(k)
                && !used
                    .iter()
                    .any(|u| u.ends_with('.') && k.starts_with(u.as_str()))
        })
        .map(|(k, from)| {
            let d = Diagnostic::warning(format!(
                "the site's interface string `{k}` is in no template and not in the theme"
            ))
            .at_line(&from.path, from.line);
            match crate::rules::locate::suggest(k, theme_keys.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean the theme's `{near}`?")),
                None => d.with_help(
                    "a key only the site has is read by the site's own templates: t(key=\"…\")",
                ),
            }
        })
        .collect()
}

/// For each language the site is written in (besides its default) or has
/// a table of its own for: the keys it has no text for, which show in the
/// default language.
fn untranslated(strings: &Strings, site_langs: &[&str]) -> Vec<Diagnostic> {
    let Some(default) = strings.langs.get(&strings.default) else {
        return Vec::new();
    };
    let mut langs: BTreeSet<&str> = site_langs.iter().copied().collect();
    langs.extend(strings.site_langs.iter().map(String::as_str));
    langs.remove(strings.default.as_str());
    let mut out = Vec::new();
    for lang in langs {
        let missing: Vec<&str> = default
            .entries
            .keys()
            .filter(|k| {
                strings
                    .find(lang, k)
                    .is_none_or(|(found, _)| found == strings.default)
            })
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<&str> = missing.iter().take(8).copied().collect();
        out.push(
            Diagnostic::warning(format!(
                "{} interface string{} ha{} no text in `{lang}`: {}{}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "s" } else { "ve" },
                shown.join(", "),
                if missing.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            ))
            .in_file(&strings.table_path(lang))
            .with_help(format!(
                "pages in `{lang}` show these in `{}`; add them to i18n/{lang}.yaml",
                strings.default
            )),
        );
    }
    out
}

/// Every literal key in a template's source: `t(key="…")` and
/// `js_strings(scripts="…")` or `scripts=["…", …]`, inside `{{ }}` and
/// `{% %}` tags.
pub fn uses(text: &str) -> Vec<Use> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let close = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let end = text[open + 2..]
            .find(close)
            .map_or(text.len(), |e| open + 2 + e);
        if close != "#}" {
            calls(&text[open..end], open, &mut out);
        }
        from = end;
    }
    out
}

fn calls(tag: &str, base: usize, out: &mut Vec<Use>) {
    for (name, arg, script) in [("t(", "key", false), ("js_strings(", "scripts", true)] {
        let mut at = 0;
        while let Some(i) = tag[at..].find(name).map(|i| at + i) {
            at = i + name.len();
            let before = tag[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let args_end = tag[at..].find(')').map_or(tag.len(), |e| at + e);
            for (key, offset) in literal_arg(&tag[at..args_end], arg) {
                out.push(Use {
                    key,
                    offset: base + at + offset,
                    script,
                });
            }
        }
    }
}

/// The quoted strings given to `arg=` (one, or a `[…]` list of them) and
/// their offsets in `args`; none when it is given a variable.
fn literal_arg(args: &str, arg: &str) -> Vec<(String, usize)> {
    let mut at = 0;
    while let Some(i) = args[at..].find(arg).map(|i| at + i) {
        at = i + arg.len();
        let before = args[..i].chars().next_back();
        let rest = args[at..].trim_start();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            || !rest.starts_with('=')
            || rest.starts_with("==")
        {
            continue;
        }
        let value_at = args.len() - rest[1..].trim_start().len();
        return quoted_strings(&args[value_at..])
            .into_iter()
            .map(|(s, o)| (s, value_at + o))
            .collect();
    }
    Vec::new()
}

/// `"a"` or `["a", 'b']` at the start of `s`: each string and its offset
/// (of its first character).
fn quoted_strings(s: &str) -> Vec<(String, usize)> {
    let one = |from: usize| -> Option<(String, usize, usize)> {
        let q = s[from..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        let len = s[from + 1..].find(q)?;
        Some((
            s[from + 1..from + 1 + len].to_string(),
            from + 1,
            from + len + 2,
        ))
    };
    if let Some((v, o, _)) = one(0) {
        return vec![(v, o)];
    }
    let mut out = Vec::new();
    if !s.starts_with('[') {
        return out;
    }
    let mut at = 1;
    while let Some(i) = s[at..]
        .find(|c: char| !c.is_whitespace() && c != ',')
        .map(|i| at + i)
    {
        match one(i) {
            Some((v, o, end)) => {
                out.push((v, o));
                at = end;
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_keys_in_tags_only() {
        let text = "<p>t(key=\"no\")</p>{{ t(key=\"a.b\", n=1) }}{# t(key=\"c\") #}\n{% set x = t(count=2, key='d') %}{{ t(key=k) }}{{ format(key=\"e\") }}{{ js_strings(scripts=[\"quiz\", 'search']) }}";
        let found: Vec<(String, bool, &str)> = uses(text)
            .into_iter()
            .map(|u| {
                let shown = &text[u.offset..u.offset + u.key.len()];
                (u.key, u.script, shown)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("a.b".to_string(), false, "a.b"),
                ("d".to_string(), false, "d"),
                ("quiz".to_string(), true, "quiz"),
                ("search".to_string(), true, "search"),
            ]
        );
    }
}
