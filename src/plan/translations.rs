//! Which language each content file is written in, by its name (Hugo's
//! and Zola's convention: `steps.zh-CN.md` beside `steps.md`,
//! `_index.zh-CN.md` for a section), and which pages translate which.

use super::ParsedPage;
use crate::diag::Diagnostic;

/// What a file name says of its language: the name without it
/// (`steps.md`) and the language's index in `languages` (0, the default,
/// for a name that names none).
#[derive(Debug, PartialEq, Eq)]
pub enum Named {
    Lang {
        key: String,
        lang: usize,
    },
    /// A language tag `languages` does not list.
    Unknown(String),
}

/// Reads `name` (`steps.zh-CN.md`). A last dotted part before `.md`
/// shaped like a language tag names the file's language; matched without
/// regard to case, as file systems may not keep it.
pub fn split(name: &str, languages: &[String]) -> Named {
    let whole = || Named::Lang {
        key: name.to_string(),
        lang: 0,
    };
    let Some(stem) = name.strip_suffix(".md") else {
        return whole();
    };
    let Some((base, tag)) = stem.rsplit_once('.') else {
        return whole();
    };
    if base.is_empty() || !crate::parse::language::valid(tag) {
        return whole();
    }
    match languages.iter().position(|l| l.eq_ignore_ascii_case(tag)) {
        Some(lang) => Named::Lang {
            key: format!("{base}.md"),
            lang,
        },
        None => Named::Unknown(tag.to_string()),
    }
}

/// Gives every page its language and translation key; a page whose name
/// names a language the site does not list is reported and left out.
pub fn assign(pages: &mut Vec<ParsedPage>, languages: &[String], problems: &mut Vec<Diagnostic>) {
    pages.retain_mut(|page| {
        let name = page.segments.last().cloned().unwrap_or_default();
        match split(&name, languages) {
            Named::Lang { key, lang } => {
                let mut segments = page.segments.clone();
                if let Some(last) = segments.last_mut() {
                    *last = key;
                }
                page.key = segments;
                page.lang = lang;
                true
            }
            Named::Unknown(tag) => {
                problems.push(
                    Diagnostic::error(format!(
                        "the file name says this page is in `{tag}`, which is not one of site.yaml's `languages` ({})",
                        languages.join(", ")
                    ))
                    .in_file(&page.display)
                    .with_help(format!(
                        "add `{tag}` to `languages` in site.yaml, or rename the file"
                    )),
                );
                false
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        ["en", "zh-CN", "de"].map(String::from).to_vec()
    }

    #[test]
    fn a_file_name_names_its_language_before_md() {
        let named = |key: &str, lang| Named::Lang {
            key: key.to_string(),
            lang,
        };
        assert_eq!(split("steps.md", &langs()), named("steps.md", 0));
        assert_eq!(split("steps.zh-CN.md", &langs()), named("steps.md", 1));
        assert_eq!(split("_index.zh-cn.md", &langs()), named("_index.md", 1));
        assert_eq!(split("steps.de.md", &langs()), named("steps.md", 2));
        assert_eq!(split("steps.en.md", &langs()), named("steps.md", 0));
        // Not shaped like a tag: part of the name.
        assert_eq!(split("v1.2.md", &langs()), named("v1.2.md", 0));
        assert_eq!(split(".de.md", &langs()), named(".de.md", 0));
        assert_eq!(split("form.png", &langs()), named("form.png", 0));
        assert_eq!(
            split("steps.fr.md", &langs()),
            Named::Unknown("fr".to_string())
        );
    }
}
