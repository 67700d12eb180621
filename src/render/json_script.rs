//! JSON placed inside a `<script>` element.
//!
//! The HTML parser ends a script at `</script` and treats `<!--` and
//! `<script` specially, whatever the JSON means; so every `<`, `>` and `&`
//! is written as a `\u003c`-style escape, which JSON.parse reads back as
//! the same character. U+2028 and U+2029 are escaped too: older
//! JavaScript parsers end a line at them.

/// `json` (serialized JSON text) made safe inside a script element. The
/// characters escaped occur only inside JSON strings, where `\uXXXX` is
/// valid, so the result is the same JSON value.
pub fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_json_is_the_same_value_and_cannot_end_the_script() {
        let value = serde_json::json!({
            "label": "a <!-- b --> </script> <script> & \u{2028}\u{2029}"
        });
        let escaped = escape(&value.to_string());
        assert!(!escaped.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
        assert!(escaped.contains("\\u003c!--"), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }
}
