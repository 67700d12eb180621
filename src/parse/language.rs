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

#[cfg(test)]
mod tests {
    use super::*;

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
