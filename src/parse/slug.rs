//! Turning text into ids and URL segments.

use unicode_normalization::UnicodeNormalization;

/// An id or URL segment from text: lowercase letters and digits of any
/// script (so Chinese headings keep their words), words joined by `-`,
/// other punctuation dropped. Empty input gives an empty string.
///
/// Hand-written, not a crate: slug crates transliterate to ASCII
/// (核验单 becomes `he-yan-dan`), and ids should keep the words readers see.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    // Composed first: an accent typed as its own mark (`e` + U+0301) is no
    // letter, and would be dropped.
    for c in text.nfc() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    out
}

/// Hands out unique ids within one page: a second "Notes" heading becomes
/// `notes-1`, as GitHub does, so links stay stable as long as order does.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: std::collections::HashSet<String>,
    /// The next number to try for each base, so that the thousandth
    /// "Notes" heading does not try 999 numbers first.
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    /// Claims an explicit id; false when it was already taken.
    pub fn claim(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_words_of_any_script() {
        assert_eq!(slugify("Upload documents!"), "upload-documents");
        assert_eq!(slugify("  What's  new -- 2018? "), "whats-new-2018");
        assert_eq!(
            slugify("核验单 (verification form)"),
            "核验单-verification-form"
        );
        assert_eq!(slugify("???"), "");
        assert_eq!(slugify("Cafe\u{301} menu"), "caf\u{e9}-menu");
    }

    #[test]
    fn repeated_ids_get_numbered() {
        let mut ids = IdAllocator::default();
        assert!(ids.claim("notes-1"));
        assert_eq!(ids.unique("notes"), "notes");
        assert_eq!(ids.unique("notes"), "notes-2");
        assert_eq!(ids.unique(""), "section");
        assert!(!ids.claim("notes"));
    }
}
