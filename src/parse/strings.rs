//! One interface-strings table, `i18n/<lang>.yaml`: nested YAML maps whose
//! leaves are messages, flattened to dotted keys (`search.placeholder`).
//! A message is a text, a map of CLDR plural forms (`other` required), or
//! either of those with a `note` for translators beside it:
//!
//! ```yaml
//! search:
//!   placeholder: "Search the guide"
//!   matches:
//!     one: "{count} page matches"
//!     other: "{count} pages match"
//!   hint:
//!     text: "For example {example}"
//!     note: "Under the search box; {example} is a sample query."
//! ```

use serde_yaml::Value;
use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::parse::TextFile;
use crate::parse::locate;

/// Marks a label in the HTML markdown makes (an aria-label, say), filled
/// in per page by the render stage: markdown is rendered before a page's
/// language is known, and a page may come in several languages.
pub const LABEL_START: char = '\u{E000}';
pub const LABEL_END: char = '\u{E001}';

/// The marker for the interface string `key`.
pub fn label(key: &str) -> String {
    format!("{LABEL_START}{key}{LABEL_END}")
}

/// CLDR's plural categories, in CLDR's order.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    One(String),
    /// `(category, text)`, `other` among them.
    Plural(Vec<(&'static str, String)>),
}

#[derive(Debug, Clone)]
pub struct Message {
    pub text: Text,
    /// 1-based line of its key in the file.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The file's name without `.yaml`: a BCP 47 tag such as `zh-CN`.
    pub lang: String,
    pub file: TextFile,
    pub messages: BTreeMap<String, Message>,
}

/// Reads one table; problems come back beside what could be read.
pub fn parse(file: &TextFile) -> (Table, Vec<Diagnostic>) {
    let lang = file
        .segments
        .last()
        .map(|n| n.trim_end_matches(".yaml").to_string())
        .unwrap_or_default();
    let mut table = Table {
        lang,
        file: file.clone(),
        messages: BTreeMap::new(),
    };
    let mut problems = Vec::new();
    if file.text.trim().is_empty() {
        return (table, problems);
    }
    match crate::parse::yaml::decode::<Value>(&file.text, &file.display, &file.text, 1) {
        Ok(Value::Mapping(map)) => {
            let mut walk = Walk {
                file,
                messages: &mut table.messages,
                problems: &mut problems,
            };
            walk.group(&map, "", 1);
        }
        Ok(Value::Null) => {}
        Ok(_) => problems.push(
            Diagnostic::error("a string table must be a map of keys to texts")
                .at(&file.display, &file.text, 1, 1)
                .with_help("write `key: \"text\"` lines, grouped in nested maps"),
        ),
        Err(d) => problems.push(d),
    }
    (table, problems)
}

struct Walk<'a> {
    file: &'a TextFile,
    messages: &'a mut BTreeMap<String, Message>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn group(&mut self, map: &serde_yaml::Mapping, prefix: &str, from: usize) {
        for (k, v) in map {
            let Some(name) = k.as_str() else {
                self.error(
                    from,
                    "a key must be a word, such as `placeholder`",
                    "quote it if it looks like a number or a boolean",
                );
                continue;
            };
            let line = locate::key_line(&self.file.text, from, name);
            let key = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                self.error(
                    line,
                    &format!("`{name}` is not a key: use letters, digits, `_` and `-`"),
                    "keys are nested maps, not dotted names: write `search:` and under it `placeholder:`",
                );
                continue;
            }
            match v {
                Value::String(s) => self.put(key, Text::One(s.clone()), line),
                Value::Mapping(m) if is_message(m) => self.message(key, m, line),
                Value::Mapping(m) => self.group(m, &key, line),
                _ => self.error(
                    line,
                    &format!("`{key}` must be a text or a map, found {}", kind(v)),
                    "quote the text: `key: \"yes\"`",
                ),
            }
        }
    }

    /// A map holding plural forms, `text` or `note`.
    fn message(&mut self, key: String, m: &serde_yaml::Mapping, line: usize) {
        let mut forms = Vec::new();
        let mut text = None;
        for (k, v) in m {
            let name = k.as_str().unwrap_or("");
            let at = locate::key_line(&self.file.text, line, name);
            let Some(s) = v.as_str() else {
                self.error(
                    at,
                    &format!("`{key}.{name}` must be a text, found {}", kind(v)),
                    "quote the text",
                );
                return;
            };
            match name {
                "note" => {}
                "text" => text = Some(s.to_string()),
                _ => match CATEGORIES.iter().find(|c| **c == name) {
                    Some(c) => forms.push((*c, s.to_string())),
                    None => {
                        self.error(
                            at,
                            &format!("`{key}` mixes plural forms with the key `{name}`"),
                            "a message is a text or plural forms (zero, one, two, few, many, other), with an optional `note`; put other keys in a group of their own",
                        );
                        return;
                    }
                },
            }
        }
        match (text, forms.is_empty()) {
            (Some(_), false) => self.error(
                line,
                &format!("`{key}` has both `text` and plural forms"),
                "keep one: plural forms when the text depends on a count",
            ),
            (Some(t), true) => self.put(key, Text::One(t), line),
            (None, true) => self.error(
                line,
                &format!("`{key}` has a `note` but no text"),
                "add `text:` (or plural forms) beside the note",
            ),
            (None, false) if !forms.iter().any(|(c, _)| *c == "other") => self.error(
                line,
                &format!("the plural `{key}` has no `other` form"),
                "every plural needs `other`, the form for any count no other form covers",
            ),
            (None, false) => self.put(key, Text::Plural(forms), line),
        }
    }

    fn put(&mut self, key: String, text: Text, line: usize) {
        self.messages.insert(key, Message { text, line });
    }

    fn error(&mut self, line: usize, message: &str, help: &str) {
        self.problems.push(
            Diagnostic::error(message.to_string())
                .at(
                    &self.file.display,
                    &self.file.text,
                    line,
                    col_of_key(&self.file.text, line),
                )
                .with_help(help.to_string()),
        );
    }
}

/// A map is a message, not a group, when one of its keys is a plural
/// category, `text` or `note`: those names are reserved.
fn is_message(m: &serde_yaml::Mapping) -> bool {
    m.keys()
        .filter_map(Value::as_str)
        .any(|k| k == "text" || k == "note" || CATEGORIES.contains(&k))
}

fn col_of_key(text: &str, line: usize) -> usize {
    text.lines().nth(line.saturating_sub(1)).map_or(1, |l| {
        l.chars().take_while(|c| c.is_whitespace()).count() + 1
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        _ => "a tagged value",
    }
}

/// The parts of a text: literal runs and `{name}` placeholders. A brace
/// that does not enclose a name is literal.
#[derive(Debug, PartialEq)]
pub enum Part<'a> {
    Lit(&'a str),
    Hole(&'a str),
}

pub fn parts(text: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut lit_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b'{'
            && let Some(len) = text[i + 1..].find('}')
            && is_name(&text[i + 1..i + 1 + len])
        {
            if lit_start < i {
                out.push(Part::Lit(&text[lit_start..i]));
            }
            out.push(Part::Hole(&text[i + 1..i + 1 + len]));
            i += len + 2;
            lit_start = i;
        } else {
            i += 1;
        }
    }
    if lit_start < text.len() {
        out.push(Part::Lit(&text[lit_start..]));
    }
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn table(name: &str, text: &str) -> (Table, Vec<Diagnostic>) {
        parse(&TextFile {
            segments: vec![name.to_string()],
            display: PathBuf::from(format!("i18n/{name}")),
            text: text.to_string(),
        })
    }

    #[test]
    fn nested_maps_become_dotted_keys() {
        let (t, problems) = table(
            "zh-CN.yaml",
            "search:\n  placeholder: \"搜索\"\n  hint:\n    text: \"例如 {q}\"\n    note: \"under the box\"\n  matches:\n    other: \"{count} 个页面\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(t.lang, "zh-CN");
        assert_eq!(
            t.messages["search.placeholder"].text,
            Text::One("搜索".into())
        );
        assert_eq!(t.messages["search.hint"].text, Text::One("例如 {q}".into()));
        assert_eq!(t.messages["search.hint"].line, 3);
        assert_eq!(
            t.messages["search.matches"].text,
            Text::Plural(vec![("other", "{count} 个页面".into())])
        );
    }

    #[test]
    fn a_plural_without_other_is_an_error_at_its_line() {
        let (_, problems) = table(
            "en.yaml",
            "a:\n  b: x\n  pages:\n    one: \"1 page\"\n    few: \"pages\"\n",
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("no `other`"),
            "{}",
            problems[0].message
        );
        let l = problems[0].location.as_ref().expect("placed");
        assert_eq!((l.line, l.col), (3, 3));
    }

    #[test]
    fn non_texts_and_mixed_maps_are_errors() {
        let (_, problems) = table("en.yaml", "a: true\nb:\n  one: x\n  label: y\nc: [x]\n");
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages[0].contains("a boolean"));
        assert!(messages[1].contains("mixes plural forms"));
        assert!(messages[2].contains("a list"));
    }

    #[test]
    fn placeholders_are_braced_names_only() {
        assert_eq!(
            parts("{count} pages in {region}: {not a name} {}"),
            [
                Part::Hole("count"),
                Part::Lit(" pages in "),
                Part::Hole("region"),
                Part::Lit(": {not a name} {}"),
            ]
        );
    }
}
