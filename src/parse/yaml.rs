//! Strict YAML decoding into typed values, with errors placed at
//! `path:line:col` of the file the YAML came from.

use std::path::Path;

use serde::de::DeserializeOwned;

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
    if let Some(offset) = too_deep(yaml) {
        let (line, col) = crate::diag::line_col(yaml, offset);
        return Err(
            Diagnostic::error(format!("nested more than {MAX_DEPTH} levels deep"))
                .at(path, file_text, line + first_line - 1, col)
                .with_help("no beian file needs this much nesting; check for unbalanced brackets"),
        );
    }
    serde_yaml::from_str(yaml).map_err(|err| {
        let raw = err.to_string();
        let message = plain_types(&clean_message(&raw, first_line));
        // A quote or bracket left open is found only at the end of the
        // file; where it was opened is what the writer needs to see.
        if raw.starts_with("found unexpected end of stream")
            && let Some((thing, line, col)) = context_mark(&raw)
        {
            let thing = thing
                .replace("quoted scalar", "quoted string")
                .replace("flow sequence", "[…] list")
                .replace("flow mapping", "{…} map");
            return Diagnostic::error(format!(
                "{thing} starts here and is never closed: the text ends first"
            ))
            .at(path, file_text, line + first_line - 1, col)
            .with_help("add its closing quote or bracket");
        }
        let d = match err.location() {
            Some(loc) => Diagnostic::error(message).at(
                path,
                file_text,
                loc.line() + first_line - 1,
                loc.column(),
            ),
            None => Diagnostic::error(message).in_file(path),
        };
        if raw.starts_with("did not find expected") {
            d.with_help("a quote left open on an earlier line ends here, or this line is indented differently from the ones around it")
        } else {
            d
        }
    })
}

/// What libyaml names after "while scanning" (a quoted scalar, say), and
/// where it starts.
fn context_mark(message: &str) -> Option<(&str, usize, usize)> {
    let (_, context) = message.split_once(", while ")?;
    let (what, at) = context.rsplit_once(" at line ")?;
    let thing = what.split_once(' ').map_or(what, |(_, thing)| thing);
    let (line, col) = at.split_once(" column ")?;
    let col: String = col.chars().take_while(char::is_ascii_digit).collect();
    Some((thing, line.parse().ok()?, col.parse().ok()?))
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

/// serde_yaml appends " at line L column C" to its messages: the first is
/// where the diagnostic already points, so it goes; later ones (libyaml's
/// "while scanning … at line 2 column 8") are counted from the start of the
/// YAML, so they are shifted to lines of the file.
fn clean_message(message: &str, first_line: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    let mut first = true;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let line: Option<usize> = after[..digits].parse().ok();
        let tail = &after[digits..];
        let col_len = tail
            .strip_prefix(" column ")
            .map(|t| " column ".len() + t.bytes().take_while(u8::is_ascii_digit).count());
        match (line, col_len) {
            (Some(line), Some(col_len)) => {
                if !first {
                    out.push_str(&format!(
                        " at line {}{}",
                        line + first_line - 1,
                        &tail[..col_len]
                    ));
                }
                rest = &tail[col_len..];
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
        first = false;
    }
    out.push_str(rest);
    out.trim().to_string()
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

    #[test]
    fn yaml_context_lines_are_lines_of_the_file() {
        assert_eq!(
            clean_message(
                "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 1 column 8",
                2
            ),
            "found unexpected end of stream, while scanning a quoted scalar at line 2 column 8"
        );
        assert_eq!(clean_message("plain", 2), "plain");
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
