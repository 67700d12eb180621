//! The files of a new site: the embedded scaffold with the choices filled
//! in, the embedded default theme, and the rules' JSON Schemas.

use crate::rules::validate::ids::{valid_id, valid_language};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The choices `beian init` takes, as given on the command line.
#[derive(Debug, Clone)]
pub struct Choices {
    pub title: String,
    pub language: String,
    /// `ONE/OTHER`: what a region is called, singular and plural.
    pub region_term: Option<String>,
    /// `ONE/OTHER`: the same words as a heading writes them.
    pub region_heading: Option<String>,
    pub regions_folder: Option<String>,
    /// `YYYY-MM-DD`, written as the date facts were verified.
    pub today: String,
}

/// The term a site gets when none is chosen.
const DEFAULT_TERM: (&str, &str) = ("region", "regions");
const DEFAULT_HEADING: (&str, &str) = ("Region", "Regions");

/// The scaffold's placeholders (`{{name}}`, or `{{name:yaml}}` for a YAML
/// string), each with its value, once the choices are checked.
pub fn placeholders(c: &Choices) -> Result<Vec<(&'static str, String)>, String> {
    if c.title.trim().is_empty() {
        return Err("--title: the title may not be empty".into());
    }
    if !valid_language(&c.language) {
        return Err(format!(
            "--language {}: not a language tag; use a BCP 47 tag such as `en`, `de` or `pt-BR`",
            c.language
        ));
    }
    let (one, other) = match &c.region_term {
        Some(t) => forms("--region-term", t)?,
        None => (DEFAULT_TERM.0.to_string(), DEFAULT_TERM.1.to_string()),
    };
    let heading = match (&c.region_heading, &c.region_term) {
        (Some(h), _) => Some(forms("--region-heading", h)?),
        (None, None) => Some((DEFAULT_HEADING.0.to_string(), DEFAULT_HEADING.1.to_string())),
        // A chosen term is its own heading unless told otherwise: changing
        // a word's case is the language's business, not ours.
        (None, Some(_)) => None,
    };
    let folder = match &c.regions_folder {
        Some(f) if valid_id(f) => f.clone(),
        Some(f) => {
            return Err(format!(
                "--regions-folder {f}: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter: it becomes a folder name and the URL of the {other}"
            ));
        }
        None => Some(crate::parse::slug::slugify(&other))
            .filter(|s| valid_id(s))
            .unwrap_or_else(|| "regions".to_string()),
    };
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut term = format!("{{ one: {}, other: {}", q(&one), q(&other));
    if let Some((h1, h2)) = &heading {
        term.push_str(&format!(
            ", heading_one: {}, heading_other: {}",
            q(h1),
            q(h2)
        ));
    }
    term.push_str(" }");
    let (h1, h2) = heading.unwrap_or_else(|| (one.clone(), other.clone()));
    Ok(vec![
        ("title", c.title.trim().to_string()),
        ("language", c.language.clone()),
        ("today", c.today.clone()),
        ("term", term),
        ("term_one", one),
        ("term_other", other),
        ("term_heading_one", h1),
        ("term_heading_other", h2),
        ("regions_folder", folder),
    ])
}

/// `ONE/OTHER` split into its two forms. A form is written into YAML
/// strings and markdown as it is, so it is held to letters, digits,
/// spaces, apostrophes, `-` and `.`.
fn forms(flag: &str, value: &str) -> Result<(String, String), String> {
    let bad = |why: &str| {
        format!(
            "{flag} {value}: {why}; write the singular and the plural as ONE/OTHER, such as `state/states`"
        )
    };
    let Some((one, other)) = value.split_once('/') else {
        return Err(bad("no `/`"));
    };
    let (one, other) = (one.trim(), other.trim());
    if one.is_empty() || other.is_empty() || other.contains('/') {
        return Err(bad("two forms expected"));
    }
    let word = |s: &str| {
        s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '\'' | '\u{2019}'))
    };
    if !word(one) || !word(other) {
        return Err(bad(
            "only letters, digits, spaces, apostrophes, `-` and `.` are taken",
        ));
    }
    Ok((one.to_string(), other.to_string()))
}

/// Every file of the new site, as (path relative to it, bytes), in a
/// stable order.
pub fn files(values: &[(&'static str, String)]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for (rel, bytes) in embedded::SCAFFOLD {
        if rel.starts_with("i18n/") {
            continue;
        }
        let path = fill(rel, values).map_err(|e| format!("scaffold {rel}: {e}"))?;
        // Hidden files are not embedded, so `.gitignore` travels as `gitignore`.
        let path = if path == "gitignore" {
            ".gitignore".to_string()
        } else {
            path
        };
        let text = std::str::from_utf8(bytes).map_err(|_| format!("scaffold {rel}: not UTF-8"))?;
        let text = fill(text, values).map_err(|e| format!("scaffold {rel}: {e}"))?;
        out.push((path, text.into_bytes()));
    }
    for (rel, bytes) in embedded::THEME {
        out.push((format!("themes/default/{rel}"), bytes.to_vec()));
    }
    out.push(strings_table(values)?);
    for (name, text) in crate::commands::schema::schemas() {
        out.push((format!("rules/schemas/{name}"), text.into_bytes()));
    }
    Ok(out)
}

/// The site's own strings table, `i18n/<language>.yaml`. Where the theme
/// has a table for the language, it is a place for overrides, with no key
/// yet. Where it has none, the site needs a whole table of its own (beian
/// refuses a language without one): a copy of the theme's English table,
/// to translate.
fn strings_table(values: &[(&'static str, String)]) -> Result<(String, Vec<u8>), String> {
    let value = |name: &str| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let language = value("language");
    let theme_table = |lang: &str| {
        embedded::THEME
            .iter()
            .find(|(rel, _)| *rel == format!("i18n/{lang}.yaml"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
    };
    let scaffold = |name: &str| -> Result<String, String> {
        let rel = format!("i18n/{name}");
        let (_, bytes) = embedded::SCAFFOLD
            .iter()
            .find(|(r, _)| *r == rel)
            .ok_or(format!("scaffold {rel}: missing"))?;
        fill(&String::from_utf8_lossy(bytes), values).map_err(|e| format!("scaffold {rel}: {e}"))
    };
    let text = match (theme_table(language), theme_table("en")) {
        (Some(_), _) | (None, None) => scaffold("override.yaml")?,
        (None, Some(english)) => {
            // The theme's own header speaks to theme authors: leave it out.
            let body: Vec<&str> = english
                .lines()
                .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
                .collect();
            format!("{}\n{}\n", scaffold("translate.yaml")?, body.join("\n"))
        }
    };
    Ok((format!("i18n/{language}.yaml"), text.into_bytes()))
}

/// `text` with each `{{name}}` replaced by its value, and each
/// `{{name:yaml}}` by its value as a YAML string.
fn fill(text: &str, values: &[(&'static str, String)]) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or("a `{{` that is never closed")?;
        let (name, yaml) = match after[..end].strip_suffix(":yaml") {
            Some(name) => (name, true),
            None => (&after[..end], false),
        };
        let value = values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("unknown placeholder `{name}`"))?;
        if yaml {
            out.push_str(&serde_json::to_string(value).unwrap_or_default());
        } else {
            out.push_str(value);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Choices {
        Choices {
            title: "A \"quoted\" guide".into(),
            language: "en".into(),
            region_term: None,
            region_heading: None,
            regions_folder: None,
            today: "2026-01-02".into(),
        }
    }

    fn value(values: &[(&str, String)], name: &str) -> String {
        values.iter().find(|(n, _)| *n == name).unwrap().1.clone()
    }

    #[test]
    fn every_placeholder_of_the_scaffold_is_known() {
        let values = placeholders(&choices()).unwrap();
        let files = files(&values).unwrap();
        assert!(files.iter().any(|(p, _)| p == "rules/regions/north.yaml"));
        assert!(files.iter().any(|(p, _)| p == ".gitignore"));
        assert!(
            files
                .iter()
                .any(|(p, _)| p == "themes/default/templates/base.html")
        );
        for (path, bytes) in &files {
            if !path.starts_with("themes/") {
                let text = String::from_utf8_lossy(bytes);
                assert!(!text.contains("{{"), "{path} keeps a placeholder");
            }
        }
    }

    fn table(language: &str) -> String {
        let mut c = choices();
        c.language = language.into();
        let files = files(&placeholders(&c).unwrap()).unwrap();
        let path = format!("i18n/{language}.yaml");
        let (_, bytes) = files.iter().find(|(p, _)| *p == path).expect(&path);
        String::from_utf8(bytes.clone()).unwrap()
    }

    #[test]
    fn a_language_the_theme_has_gets_an_empty_table_and_any_other_a_copy_to_translate() {
        let english = table("en");
        assert!(
            english.lines().all(|l| l.is_empty() || l.starts_with('#')),
            "{english}"
        );
        let dutch = table("nl");
        assert!(dutch.starts_with("# The interface's wording"), "{dutch}");
        assert!(
            dutch.contains("\n  skip_link: \"Skip to content\"\n"),
            "{dutch}"
        );
        // Its header is the scaffold's, not the one written for theme authors.
        assert!(!dutch.contains("Keep this wording neutral"), "{dutch}");
    }

    #[test]
    fn the_title_is_written_as_a_yaml_string() {
        let values = placeholders(&choices()).unwrap();
        let site = fill("title: {{title:yaml}}", &values).unwrap();
        assert_eq!(site, r#"title: "A \"quoted\" guide""#);
    }

    #[test]
    fn the_folder_follows_the_plural_when_it_can_be_a_url() {
        let mut c = choices();
        c.region_term = Some("state/states".into());
        assert_eq!(
            value(&placeholders(&c).unwrap(), "regions_folder"),
            "states"
        );
        c.region_term = Some("Land/Länder".into());
        assert_eq!(
            value(&placeholders(&c).unwrap(), "regions_folder"),
            "regions"
        );
        c.regions_folder = Some("laender".into());
        assert_eq!(
            value(&placeholders(&c).unwrap(), "regions_folder"),
            "laender"
        );
    }

    #[test]
    fn a_chosen_term_is_its_own_heading_unless_one_is_given() {
        let mut c = choices();
        c.region_term = Some("Land/Länder".into());
        let v = placeholders(&c).unwrap();
        assert_eq!(value(&v, "term"), r#"{ one: "Land", other: "Länder" }"#);
        c.region_heading = Some("County/Counties".into());
        let v = placeholders(&c).unwrap();
        assert!(value(&v, "term").contains(r#"heading_other: "Counties""#));
        assert_eq!(value(&v, "term_heading_other"), "Counties");
    }

    #[test]
    fn bad_choices_are_refused_with_the_flag_named() {
        let mut c = choices();
        c.language = "english!".into();
        assert!(placeholders(&c).unwrap_err().starts_with("--language"));
        let mut c = choices();
        c.region_term = Some("state".into());
        assert!(placeholders(&c).unwrap_err().starts_with("--region-term"));
        c.region_term = Some("st\"ate/states".into());
        assert!(placeholders(&c).unwrap_err().starts_with("--region-term"));
        let mut c = choices();
        c.regions_folder = Some("Big States".into());
        assert!(
            placeholders(&c)
                .unwrap_err()
                .starts_with("--regions-folder")
        );
        let mut c = choices();
        c.title = "  ".into();
        assert!(placeholders(&c).unwrap_err().starts_with("--title"));
    }

    #[test]
    fn an_unknown_or_open_placeholder_is_an_error() {
        assert!(fill("{{nope}}", &[]).is_err());
        assert!(fill("{{title", &[]).is_err());
    }
}
