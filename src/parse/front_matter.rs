//! YAML front matter between `---` lines at the top of a markdown file.

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::parse::date::Date;
use crate::parse::future;
use crate::parse::yaml;

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Order among siblings, ascending; ties go by file name.
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    /// Replaces the last segment of the page's URL.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old paths that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the text last changed.
    #[serde(default)]
    pub updated: Option<Date>,
    /// When its facts were last checked against `sources`.
    #[serde(default)]
    pub checked: Option<Date>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// The page's language (a BCP 47 tag such as `de` or `zh-CN`), when it
    /// is not the site's.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))]
    pub language: Option<String>,
    /// On a translation: the fingerprint of the default language's page it
    /// was translated from (`beian check` names it), so that a change to
    /// that page reports this one as possibly stale.
    #[serde(default)]
    pub translation_of: Option<String>,
}

/// Where a page's facts come from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The source's own date, as free text ("2018-04-17", "undated").
    #[serde(default)]
    pub date: Option<String>,
}

/// A markdown file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: FrontMatter,
    /// Where the body lies in the file's text. A place, not a copy: the
    /// text is kept beside the document, and a second copy of every page's
    /// body was a fifth of a large site's memory.
    body: Range<usize>,
}

impl Document {
    /// The body, out of the text this document was parsed from.
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.body.clone()).unwrap_or_default()
    }

    /// Byte offset of the body in the file, to place body diagnostics.
    pub fn body_offset(&self) -> usize {
        self.body.start
    }

    /// A document with only a title: what a page made from rules has, and
    /// what stands in for a page whose front matter did not parse.
    pub fn titled(title: String) -> Document {
        Document {
            meta: FrontMatter {
                title,
                description: None,
                weight: 0,
                draft: false,
                slug: None,
                aliases: Vec::new(),
                updated: None,
                translation_of: None,
                checked: None,
                sources: Vec::new(),
                language: None,
            },
            body: 0..0,
        }
    }
}

// One line: a line break in a message is shown escaped, like any a user's
// value could carry.
const EXAMPLE: &str = "start the file with front matter: a line `---`, a line `title: \"Page title\"`, then a line `---`";

/// Splits and decodes a markdown file. `text` has no byte-order mark.
pub fn parse(path: &Path, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let (yaml_text, body_offset) = split(path, text).map_err(|d| vec![d])?;
    if yaml_text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("front matter is empty: `title` is required")
                .at(path, text, 1, 1)
                .with_help("add a line `title: \"Page title\"` between the `---` lines"),
        ]);
    }
    let meta: FrontMatter = yaml::decode(yaml_text, path, text, 2).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    if meta.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("`title` is empty")
                .at(path, text, line_of_key(text, "title"), 1)
                .with_help("every page needs a title: it names the page in navigation and search"),
        );
    }
    if let Some(tag) = &meta.language
        && !crate::parse::language::valid(tag)
    {
        problems.push(
            Diagnostic::error(format!("`language` `{tag}` is not a language tag"))
                .at(path, text, line_of_key(text, "language"), 1)
                .with_help("use a BCP 47 tag such as `en`, `de` or `zh-CN`"),
        );
    }
    if let Some(slug) = &meta.slug
        && let Err(why) = check_slug(slug)
    {
        problems.push(Diagnostic::error(why).at(path, text, line_of_key(text, "slug"), 1));
    }
    let today = Date::today_utc();
    for (key, date) in [("updated", meta.updated), ("checked", meta.checked)] {
        if let Some(problem) = date.and_then(|d| future::problem(key, d, today)) {
            problems.push(problem.at(path, text, line_of_key(text, key), 1));
        }
    }
    for source in &meta.sources {
        if let Some(url) = &source.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push(
                Diagnostic::error(format!(
                    "a source's `url` must be an absolute http(s) URL, found `{url}`"
                ))
                .at(path, text, line_of_key(text, "sources"), 1),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Document {
        meta,
        body: body_offset..text.len(),
    })
}

/// Returns the YAML between the fences and where the body starts.
fn split<'a>(path: &Path, text: &'a str) -> Result<(&'a str, usize), Diagnostic> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error("missing front matter")
            .at(path, text, 1, 1)
            .with_help(EXAMPLE));
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Ok((&text[first_end..pos], end));
        }
        pos = end;
    }
    Err(
        Diagnostic::error("front matter is never closed: no `---` line after it")
            .at(path, text, 1, 1)
            .with_help("end the front matter with a line that holds only `---`"),
    )
}

/// The line a top-level front matter key is on, for errors found after
/// decoding (which no longer know positions); 1 when not found.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// A slug replaces one URL segment: it may not add segments or climb out.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.trim().is_empty() {
        return Err("`slug` is empty".to_string());
    }
    if slug.contains(['/', '\\']) || slug == "." || slug == ".." {
        return Err(format!(
            "`slug` must be a single URL segment without `/`, `\\`, `.` or `..`, found `{slug}`"
        ));
    }
    if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!(
            "`slug` may not contain spaces or control characters, found `{slug}`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\r\ntitle: A\r\n---\r\nbody\n";
        let doc = parse(p(), text).unwrap();
        assert_eq!(doc.meta.title, "A");
        assert_eq!(doc.body(text), "body\n");
        assert_eq!(&text[doc.body_offset()..], "body\n");
    }

    #[test]
    fn dates_in_the_future_are_refused_at_their_line() {
        let text = "---\ntitle: A\nupdated: 2020-01-01\nchecked: 2999-01-01\n---\n";
        let ds = parse(p(), text).unwrap_err();
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(
            ds[0].message.contains("`checked` is 2999-01-01"),
            "{}",
            ds[0].message
        );
        assert_eq!(ds[0].location.as_ref().map(|l| l.line), Some(4));
        let text = "---\ntitle: A\nupdated: 2999-01-01\n---\n";
        assert!(parse(p(), text).is_err());
    }

    #[test]
    fn file_that_is_only_front_matter_has_an_empty_body() {
        let text = "---\ntitle: A\n---";
        let doc = parse(p(), text).unwrap();
        assert_eq!(doc.body(text), "");
    }

    #[test]
    fn a_stand_in_has_no_body_whatever_text_it_stands_beside() {
        // A page that could not be read keeps its text for messages, under
        // a stand-in whose body must stay empty.
        let doc = Document::titled("A".into());
        assert_eq!(doc.body("---\ntitle: B\n---\nbody\n"), "");
        assert_eq!(doc.body_offset(), 0);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = parse(p(), "---\ntitle: A\n\nbody\n").unwrap_err();
        assert!(e[0].message.contains("never closed"));
    }

    #[test]
    fn missing_front_matter_is_an_error_with_help() {
        let e = parse(p(), "# Hello\n").unwrap_err();
        assert_eq!(e[0].message, "missing front matter");
        assert!(e[0].help.as_deref().unwrap().contains("title:"));
    }

    #[test]
    fn bad_date_is_placed_on_its_line() {
        let e = parse(p(), "---\ntitle: A\nupdated: 2026-02-30\n---\n").unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!(loc.line, 3, "{:?}", e[0]);
        assert!(e[0].message.contains("not a day"), "{}", e[0].message);
    }

    #[test]
    fn slug_may_not_climb_out() {
        assert!(check_slug("../x").is_err());
        assert!(check_slug("a b").is_err());
        assert!(check_slug("备案").is_ok());
    }
}
