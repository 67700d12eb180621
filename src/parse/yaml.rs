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
    serde_yaml::from_str(yaml).map_err(|err| {
        let message = clean_message(&err.to_string());
        match err.location() {
            Some(loc) => Diagnostic::error(message).at(
                path,
                file_text,
                loc.line() + first_line - 1,
                loc.column(),
            ),
            None => Diagnostic::error(message).in_file(path),
        }
    })
}

/// serde_yaml appends " at line L column C" to its messages; the
/// diagnostic carries the place itself, so drop the duplicate.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    // The path prefix ("title: invalid type…") is useful; keep it.
    message.trim().to_string()
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
