//! Language tags, as site.yaml, front matter and the rules name them,
//! and text given in several languages.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// A language tag as BCP 47 shapes it, loosely: letters, digits and `-`,
/// starting with two or three letters (`en`, `zh-CN`, `de-AT`). Loose on
/// purpose: registering every subtag is not beian's job, catching `zh_CN`
/// and `english` is.
pub fn valid(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether text in `tag` runs right to left: its language (or script
/// subtag) is one of those written in Arabic, Hebrew, Thaana, Syriac or
/// N'Ko script. A page in it gets `dir="rtl"`.
pub fn right_to_left(tag: &str) -> bool {
    const LANGUAGES: [&str; 14] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi", "nqo",
    ];
    const SCRIPTS: [&str; 5] = ["arab", "hebr", "thaa", "syrc", "nkoo"];
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default().to_ascii_lowercase();
    match parts.next().filter(|p| p.len() == 4) {
        Some(script) => SCRIPTS.contains(&script.to_ascii_lowercase().as_str()),
        None => LANGUAGES.contains(&first.as_str()),
    }
}

/// Text a reader sees: one string (in the site's default language), or a
/// map from language tag to text. Every prose field of the rules is one.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Localized {
    Plain(String),
    ByLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text in `lang`, and whether it is in it: else the default
    /// language's text (or, in a map without it, its first).
    pub fn text(&self, lang: &str, default: &str) -> (&str, bool) {
        match self {
            Localized::Plain(s) => (s, lang == default),
            Localized::ByLanguage(m) => match m.get(lang) {
                Some(s) => (s, true),
                None => (
                    m.get(default)
                        .or_else(|| m.values().next())
                        .map_or("", String::as_str),
                    false,
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_hebrew_run_right_to_left() {
        for rtl in ["ar", "ar-EG", "he", "fa-IR", "ur", "ku-Arab"] {
            assert!(right_to_left(rtl), "{rtl}");
        }
        for ltr in ["en", "zh-CN", "de", "az-Latn", "ku-Latn", "tr"] {
            assert!(!right_to_left(ltr), "{ltr}");
        }
    }

    #[test]
    fn language_tags_take_the_usual_shapes_only() {
        for ok in ["en", "zh-CN", "de-AT", "pt-BR", "zh-Hans-CN", "fil"] {
            assert!(valid(ok), "{ok}");
        }
        for bad in ["", "e", "english", "zh_CN", "zh-", "-en", "12"] {
            assert!(!valid(bad), "{bad}");
        }
    }

    #[test]
    fn a_text_falls_back_to_the_default_language_and_says_so() {
        let plain = Localized::Plain("Apply".into());
        assert_eq!(plain.text("en", "en"), ("Apply", true));
        assert_eq!(plain.text("de", "en"), ("Apply", false));
        let map = Localized::ByLanguage(
            [("en", "Apply"), ("zh-CN", "申请")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
        );
        assert_eq!(map.text("zh-CN", "en"), ("申请", true));
        assert_eq!(map.text("de", "en"), ("Apply", false));
        assert_eq!(map.text("de", "fr"), ("Apply", false));
    }
}
