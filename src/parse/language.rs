//! Language tags, as site.yaml, front matter and the rules name them.

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
}
