//! Site paths and the relative links between them.
//!
//! A [`SitePath`] is a file's place in the output, as `/`-separated segments
//! from the site root (`guide/steps/index.html`). Links between pages are
//! always written relative, so a built site works from `file://` and under
//! any sub-path.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(Vec<String>);

impl SitePath {
    /// The segments must be valid: non-empty, no `/`, `\`, `.` or `..`.
    pub fn from_segments(segments: Vec<String>) -> SitePath {
        debug_assert!(
            segments
                .iter()
                .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\']))
        );
        SitePath(segments)
    }

    /// Parses a root-relative path as a user wrote it (an alias, say).
    /// Refuses anything that could leave the output folder.
    pub fn parse_user(path: &str) -> Result<SitePath, String> {
        if path.contains('\\') {
            return Err(format!("`{path}` contains `\\`; use `/` between folders"));
        }
        if path.contains(':') {
            return Err(format!(
                "`{path}` must be a path inside the site, not a URL"
            ));
        }
        let mut segments = Vec::new();
        for seg in path.split('/') {
            match seg {
                "" | "." => continue,
                ".." => return Err(format!("`{path}` may not use `..`")),
                s if s.chars().any(char::is_control) => {
                    return Err(format!("`{path}` contains a control character"));
                }
                s => segments.push(s.to_string()),
            }
        }
        if segments.is_empty() {
            return Err(format!("`{path}` names the site root"));
        }
        Ok(SitePath(segments))
    }

    pub fn segments(&self) -> &[String] {
        &self.0
    }

    pub fn join(&self, segment: &str) -> SitePath {
        let mut s = self.0.clone();
        s.push(segment.to_string());
        SitePath::from_segments(s)
    }

    /// The folder this file is in, as segments.
    fn dir(&self) -> &[String] {
        &self.0[..self.0.len().saturating_sub(1)]
    }

    /// `../` for each folder between this file and the root.
    pub fn root_prefix(&self) -> String {
        "../".repeat(self.dir().len())
    }

    /// The link to write in this file to reach `target`.
    pub fn relative_to(&self, target: &SitePath) -> String {
        let from = self.dir();
        let common = from
            .iter()
            .zip(target.0.iter())
            .take_while(|(a, b)| a == b)
            .count()
            // Never consume the target's file name as a shared folder.
            .min(target.0.len().saturating_sub(1));
        let mut out = "../".repeat(from.len() - common);
        out.push_str(&encode_segments(&target.0[common..]));
        out
    }

    /// Root-relative href, percent-encoded.
    pub fn href(&self) -> String {
        encode_segments(&self.0)
    }

    /// The URL as a server shows it: `guide/steps/` for
    /// `guide/steps/index.html`, for canonical URLs and the sitemap.
    pub fn pretty_href(&self) -> String {
        match self.0.split_last() {
            Some((last, dir)) if last == "index.html" => {
                let mut s = encode_segments(dir);
                if !s.is_empty() {
                    s.push('/');
                }
                s
            }
            _ => self.href(),
        }
    }

    /// Key used to find paths that collide on case-insensitive disks.
    pub fn fold_case(&self) -> String {
        self.0.join("/").to_lowercase()
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

fn encode_segments(segments: &[String]) -> String {
    let mut out = String::new();
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&percent_encode(seg));
    }
    out
}

/// Everything but RFC 3986's unreserved characters, so that any file name
/// makes a valid URL.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes one path segment.
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Decodes `%XX` escapes; `None` when they do not make UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: &str) -> SitePath {
        SitePath::parse_user(s).unwrap()
    }

    #[test]
    fn relative_links_between_pages() {
        let steps = sp("guide/steps/index.html");
        assert_eq!(steps.relative_to(&sp("guide/index.html")), "../index.html");
        assert_eq!(steps.relative_to(&sp("index.html")), "../../index.html");
        assert_eq!(
            steps.relative_to(&sp("reference/faq/index.html")),
            "../../reference/faq/index.html"
        );
        assert_eq!(steps.relative_to(&steps), "index.html");
        assert_eq!(
            sp("index.html").relative_to(&steps),
            "guide/steps/index.html"
        );
        assert_eq!(steps.root_prefix(), "../../");
        assert_eq!(sp("index.html").root_prefix(), "");
    }

    #[test]
    fn non_ascii_segments_are_encoded() {
        assert_eq!(
            sp("术语/a b/index.html").href(),
            "%E6%9C%AF%E8%AF%AD/a%20b/index.html"
        );
        assert_eq!(percent_decode("a%20b%E6%9C%AF").unwrap(), "a b术");
        assert_eq!(percent_decode("100%"), Some("100%".to_string()));
        // Only two hex digits make an escape: no sign, no space.
        assert_eq!(percent_decode("a%+Ab").unwrap(), "a%+Ab");
        assert_eq!(percent_decode("%-1%20a").unwrap(), "%-1 a");
    }

    #[test]
    fn pretty_hrefs_drop_index_html() {
        assert_eq!(sp("guide/steps/index.html").pretty_href(), "guide/steps/");
        assert_eq!(sp("index.html").pretty_href(), "");
        assert_eq!(sp("404.html").pretty_href(), "404.html");
    }

    #[test]
    fn user_paths_may_not_leave_the_site() {
        assert!(SitePath::parse_user("../x").is_err());
        assert!(SitePath::parse_user("a/../../x").is_err());
        assert!(SitePath::parse_user("/").is_err());
        assert!(SitePath::parse_user("C:/x").is_err());
        assert!(SitePath::parse_user("a\\b").is_err());
        assert_eq!(sp("/old/path/").to_string(), "old/path");
    }
}
