//! Strict YAML decoding into typed values, with errors placed at
//! `path:line:col` of the file the YAML came from.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::yaml_events::SyntaxError;
use super::yaml_index::{self, Duplicate};
use crate::diag::Diagnostic;

/// Decodes `yaml`, which starts at `first_line` (1-based) of `file_text`,
/// the whole file at `path`.
pub fn decode<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error("the file is empty")
            .in_file(path)
            .with_help("rules/README.md shows what each file holds"));
    }
    shallow_enough(yaml, path, file_text, first_line)?;
    // The parser's own events first: they place a syntax error, and show
    // a key given twice, which decoding would silently resolve.
    let index =
        yaml_index::index(yaml).map_err(|e| syntax_error(&e, yaml, path, file_text, first_line))?;
    if let Some(dup) = index.duplicates.first() {
        return Err(duplicate_key(dup, path, file_text, first_line));
    }
    decode_values(yaml, path, file_text, first_line)
}

/// [`decode`] without its look for syntax errors and keys given twice,
/// for a text [`decode`] checks in another reading of the same files
/// (which is where those problems are reported): about half the work.
/// Still refuses what is nested too deep, which would exhaust the stack.
pub fn decode_checked_elsewhere<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    shallow_enough(yaml, path, file_text, first_line)?;
    decode_values(yaml, path, file_text, first_line)
}

/// Refuses `yaml` nested deeper than [`MAX_DEPTH`] before any parser
/// recurses into it.
fn shallow_enough(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<(), Diagnostic> {
    match too_deep(yaml) {
        None => Ok(()),
        Some(offset) => {
            let (line, col) = crate::diag::line_col(yaml, offset);
            Err(
                Diagnostic::error(format!("nested more than {MAX_DEPTH} levels deep"))
                    .at(path, file_text, line + first_line - 1, col)
                    .with_help(
                        "no beian file needs this much nesting; check for unbalanced brackets",
                    ),
            )
        }
    }
}

fn decode_values<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(yaml).map_err(|err| {
        let raw = err.to_string();
        let Some(loc) = err.location() else {
            return Diagnostic::error(plain_types(&raw)).in_file(path);
        };
        // The place goes into the diagnostic, so not into its message.
        let suffix = format!(" at line {} column {}", loc.line(), loc.column());
        let message = raw.strip_suffix(&suffix).unwrap_or(&raw);
        Diagnostic::error(plain_types(message)).at(
            path,
            file_text,
            loc.line() + first_line - 1,
            loc.column(),
        )
    })
}

/// A syntax error, placed by the parser's marks. A quote or bracket left
/// open is found only at the end of the text; where it was opened is what
/// the writer needs to see.
fn syntax_error(
    e: &SyntaxError,
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: usize,
) -> Diagnostic {
    let at_end = e.at.offset >= yaml.trim_end().len();
    // libyaml marks a flow node left empty at the end, not its bracket:
    // the last bracket never closed is where the writer must look.
    let context = match e.context {
        Some(open) if at_end && !opens(yaml, open.offset) => unclosed_bracket(yaml).or(Some(open)),
        other => other,
    };
    if let (true, Some(open)) = (at_end, context) {
        let thing = match yaml.get(open.offset..).and_then(|s| s.chars().next()) {
            Some('"' | '\'') => "a quoted string",
            Some('[') => "a […] list",
            Some('{') => "a {…} map",
            _ => "this value",
        };
        return Diagnostic::error(format!(
            "{thing} starts here and is never closed: the text ends first"
        ))
        .at(path, file_text, open.line + first_line - 1, open.col)
        .with_help("add its closing quote or bracket");
    }
    let d = Diagnostic::error(e.problem.clone()).at(
        path,
        file_text,
        e.at.line + first_line - 1,
        e.at.col,
    );
    // The parser was inside a structure that this line does not continue.
    if e.context.is_some() {
        d.with_help("a quote left open on an earlier line ends here, or this line is indented differently from the ones around it")
    } else {
        d
    }
}

/// Whether a quote or bracket starts at `offset`.
fn opens(yaml: &str, offset: usize) -> bool {
    matches!(
        yaml.get(offset..).and_then(|s| s.chars().next()),
        Some('"' | '\'' | '[' | '{')
    )
}

/// The `[` or `{` that `yaml` leaves open (outside quotes and comments),
/// innermost last.
fn unclosed_bracket(yaml: &str) -> Option<crate::parse::yaml_events::Mark> {
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    for (i, c) in yaml.char_indices() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => comment = true,
            (None, '[' | '{') => open.push(i),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    let at = *open.last()?;
    let (line, col) = crate::diag::line_col(yaml, at);
    Some(crate::parse::yaml_events::Mark {
        offset: at,
        line,
        col,
    })
}

fn duplicate_key(dup: &Duplicate, path: &Path, file_text: &str, first_line: usize) -> Diagnostic {
    let first = dup.first.line + first_line - 1;
    Diagnostic::error(format!(
        "`{}` is given twice in this map, on line {first} and here; only one can hold",
        dup.key
    ))
    .at(
        path,
        file_text,
        dup.second.line + first_line - 1,
        dup.second.col,
    )
    .with_help("remove one, or merge the two into one")
}

/// serde names Rust's types where a writer of YAML needs words.
fn plain_types(message: &str) -> String {
    const EXPECTED: &str = "expected ";
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(EXPECTED) {
        let after = &rest[i + EXPECTED.len()..];
        let word_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let plain = match &after[..word_len] {
            "i8" | "i16" | "i32" | "i64" | "isize" => Some("a whole number"),
            "u8" | "u16" | "u32" | "u64" | "usize" => Some("a whole number of 0 or more"),
            "f32" | "f64" => Some("a number"),
            _ => None,
        };
        out.push_str(&rest[..i + EXPECTED.len()]);
        match plain {
            Some(plain) => {
                out.push_str(plain);
                rest = &after[word_len..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Line and column of the value of the first top-level `key:` in `text`
/// (a YAML file, or a page whose front matter comes first).
pub fn key_place(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.len() - rest.trim_start().len();
        Some((i + 1, key.chars().count() + 1 + value + 1))
    })
}

/// Places `d` at [`key_place`], or on the file when the key is not
/// written there.
pub fn at_key(d: Diagnostic, path: &Path, text: &str, key: &str) -> Diagnostic {
    match key_place(text, key) {
        Some((line, col)) => d.at(path, text, line, col),
        None => d.in_file(path),
    }
}

/// Deeper than any beian file needs, and well inside the YAML parser's own
/// limit.
pub const MAX_DEPTH: usize = 64;

/// The offset at which flow collections (`[`, `{`) nest deeper than
/// [`MAX_DEPTH`]. libyaml's scanner takes time quadratic in that depth, so a
/// file of 100,000 `[` would stall it for minutes before its own recursion
/// limit is reached; this cheap scan refuses such input first. Quoted
/// strings and comments are skipped, so brackets inside them do not count.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let bytes = yaml.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            _ if comment => comment = b != b'\n',
            (Some(b'\''), b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 1,
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'#') if i == 0 || bytes[i - 1].is_ascii_whitespace() => comment = true,
            (None, b'"' | b'\'')
                if depth > 0 || i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b':') =>
            {
                quote = Some(b)
            }
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(too_deep(&deep), Some(3 + 64));
        assert_eq!(
            too_deep(&format!("a: {}{}", "[".repeat(64), "]".repeat(64))),
            None
        );
        assert_eq!(too_deep(&format!("a: \"{}\"", "[".repeat(100))), None);
        assert_eq!(too_deep(&format!("a: x # {}", "[".repeat(100))), None);
        let err = decode::<T>(&deep, Path::new("x.yaml"), &deep, 1).unwrap_err();
        assert!(err.message.contains("nested more than 64"));
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Facts {
        facts: std::collections::BTreeMap<String, serde_yaml::Value>,
    }

    #[test]
    fn a_key_given_twice_is_an_error_naming_both_lines() {
        let text = "---\nfacts:\n  permit: true\n  window: 24\n  permit: false\n";
        let err = decode::<Facts>(&text[4..], Path::new("a.yaml"), text, 2).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (5, 3), "{}", err.message);
        assert!(err.message.contains("`permit`"), "{}", err.message);
        assert!(err.message.contains("line 3"), "{}", err.message);
        // In a flow map nested in a list, too.
        let err = decode::<serde_yaml::Value>("- {a: 1, a: 2}\n", Path::new("b.yaml"), "", 1);
        assert!(err.is_err());
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct D {
        updated: crate::parse::date::Date,
    }

    #[test]
    fn a_value_that_reads_like_a_place_is_left_as_written() {
        let text = "updated: \"x at line 9 column 9\"\n";
        let err = decode::<D>(text, Path::new("x.md"), text, 1).unwrap_err();
        assert!(
            err.message.ends_with("found `x at line 9 column 9`"),
            "{}",
            err.message
        );
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (1, 10));
    }

    #[test]
    fn syntax_errors_are_placed_by_the_parser() {
        let text = "title: a\n  b: c\n";
        let err = decode::<T>(text, Path::new("x.yaml"), text, 1).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (2, 4), "{}", err.message);
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct W {
        weight: i64,
        days: u32,
    }

    #[test]
    fn an_unclosed_quote_is_placed_where_it_opens() {
        let text = "---\ntitle: \"Steps\nweight: 1\n";
        let err =
            decode::<T>("title: \"Steps\nweight: 1\n", Path::new("x.md"), text, 2).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (2, 8), "{}", err.message);
        assert_eq!(err.snippet.unwrap().text, "title: \"Steps");
        assert_eq!(
            err.message,
            "a quoted string starts here and is never closed: the text ends first"
        );
    }

    #[test]
    fn an_empty_list_left_open_is_placed_at_its_bracket() {
        let text = "weight: 1\ndays: [\n";
        let err = decode::<W>(text, Path::new("x.yaml"), text, 1).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (2, 7), "{}", err.message);
        assert!(
            err.message.starts_with("a […] list starts here"),
            "{}",
            err.message
        );
    }

    #[test]
    fn type_errors_name_kinds_of_value_not_rust_types() {
        let err = decode::<W>("weight: ten\ndays: 3\n", Path::new("x.yaml"), "", 1).unwrap_err();
        assert!(
            err.message.contains("expected a whole number"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("i64"), "{}", err.message);
        let err = decode::<W>("weight: 1\ndays: -3\n", Path::new("x.yaml"), "", 1).unwrap_err();
        assert!(!err.message.contains("u32"), "{}", err.message);
    }

    #[test]
    fn unknown_key_is_placed_in_the_file() {
        let text = "---\ntitle: a\ntitel: b\n---\n";
        let err = decode::<T>("title: a\ntitel: b\n", Path::new("x.md"), text, 2).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (3, 1));
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert!(!err.message.contains(" at line "));
    }
}
