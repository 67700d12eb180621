//! `site.yaml`: the settings of a whole site.

use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::parse::language::Localized;
use crate::parse::yaml;
use crate::parse::zone::TimeZone;

pub const FILE_NAME: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// A string, or on a site in several languages a map from language to
    /// text (as every reader-facing text in the rules may be).
    pub title: Localized,
    #[serde(default)]
    pub description: Option<Localized>,
    /// The default language: the `lang` of every page that names no
    /// other, published at the root.
    #[serde(default = "default_language")]
    pub language: String,
    /// Every language the site is published in (BCP 47 tags), `language`
    /// among them. Unset: `language` alone. Kept with the default first,
    /// then the others in the order written.
    #[serde(default)]
    pub languages: Vec<String>,
    /// A folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL the site is published at; `--base-url` overrides it.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The repository's web address, for "edit this page" links, such as
    /// `https://github.com/owner/guide`.
    #[serde(default)]
    pub repository: Option<String>,
    /// The branch those links edit.
    #[serde(default = "default_branch")]
    pub edit_branch: String,
    /// The folder under `content/` whose `_index.md` becomes the search
    /// page. Without it the site has no search, and no index is built.
    #[serde(default)]
    pub search: Option<String>,
    /// An image under `content/` shown before the title in the header
    /// (the site's mark), such as `mark.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// An image under `content/` for the browser's tab; the theme's
    /// `favicon.svg` without it.
    #[serde(default)]
    pub favicon: Option<String>,
    /// The zone "today" is counted in, for review dates: an IANA name or
    /// an offset such as `+08:00`. Without it, the system's local zone.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// `time_zone`, read when site.yaml is.
    #[serde(skip)]
    zone: Option<TimeZone>,
}

fn default_branch() -> String {
    "main".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl SiteConfig {
    pub fn parse(path: &Path, text: &str) -> Result<SiteConfig, Diagnostic> {
        if text.trim().is_empty() {
            return Err(Diagnostic::error("the file is empty: `title` is required")
                .in_file(path)
                .with_help("add a line `title: My guide`; README.md's `site.yaml` section lists the other keys"));
        }
        let mut config: SiteConfig = yaml::decode(text, path, text, 1)?;
        let at = |key: &str, d: Diagnostic| yaml::at_key(d, path, text, key);
        config.languages = languages(&config.language, &config.languages).map_err(|d| {
            at(
                if config.languages.is_empty() {
                    "language"
                } else {
                    "languages"
                },
                d,
            )
        })?;
        if let Localized::ByLanguage(map) = &config.title
            && !map.contains_key(&config.language)
        {
            return Err(at(
                "title",
                Diagnostic::error(format!(
                    "`title` has no `{}`, the default language",
                    config.language
                ))
                .with_help("give the site's title in every language, the default one at least"),
            ));
        }
        if config.title().trim().is_empty() {
            return Err(at(
                "title",
                Diagnostic::error("`title` is empty")
                    .with_help("give the site a title, for example `title: My guide`"),
            ));
        }
        if let Some(url) = &config.base_url {
            match normalize_base_url(url) {
                Ok(url) => config.base_url = Some(url),
                Err(why) => {
                    return Err(at(
                        "base_url",
                        Diagnostic::error(format!("`base_url`: {why}")),
                    ));
                }
            }
        }
        if let Some(repo) = &config.repository
            && !(repo.starts_with("https://") || repo.starts_with("http://"))
        {
            return Err(at(
                "repository",
                Diagnostic::error(format!(
                    "`repository` must be the repository's https:// address, found `{repo}`"
                )),
            ));
        }
        if config.theme.contains(['/', '\\']) || config.theme.starts_with('.') {
            return Err(at(
                "theme",
                Diagnostic::error(format!(
                    "`theme` must be the name of a folder in themes/, found `{}`",
                    config.theme
                )),
            ));
        }
        if let Some(folder) = &config.search
            && config.search_folder().is_none()
        {
            return Err(at(
                "search",
                Diagnostic::error(format!(
                    "`search` must be a folder under content/, such as `search`, found `{folder}`"
                ))
                .with_help("name the folder that holds the search page's _index.md"),
            ));
        }
        if let Some(setting) = &config.time_zone {
            match TimeZone::named(setting) {
                Ok(zone) => config.zone = Some(zone),
                Err(why) => {
                    return Err(at(
                        "time_zone",
                        Diagnostic::error(format!("`time_zone`: {why}")),
                    ));
                }
            }
        }
        Ok(config)
    }

    /// The zone the site's dates are counted in: `time_zone`, else the
    /// system's local zone.
    pub fn time_zone(&self) -> TimeZone {
        self.zone.clone().unwrap_or_else(TimeZone::system)
    }

    /// The site's title in the default language.
    pub fn title(&self) -> &str {
        self.title.text(&self.language, &self.language).0
    }

    /// The title in `lang` (the default language's where it has none).
    pub fn title_in(&self, lang: &str) -> &str {
        self.title.text(lang, &self.language).0
    }

    /// The description in `lang` (the default language's where it has
    /// none).
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.description
            .as_ref()
            .map(|d| d.text(lang, &self.language).0)
    }

    /// The folder a language's pages are published under: none for the
    /// default language, its lowercase tag for the others (`zh-cn`).
    pub fn prefix(&self, lang: &str) -> Option<String> {
        (lang != self.language).then(|| lang.to_ascii_lowercase())
    }

    /// `search` as folder names below `content/`, when it is set and sound.
    pub fn search_folder(&self) -> Option<Vec<String>> {
        let folder = self.search.as_deref()?.trim_matches('/');
        let segments: Vec<String> = folder.split('/').map(str::to_string).collect();
        let sound = segments
            .iter()
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'));
        sound.then_some(segments)
    }
}

/// The site's languages, the default first: `listed` checked (tags, no
/// tag twice, the default among them), or the default alone.
fn languages(default: &str, listed: &[String]) -> Result<Vec<String>, Diagnostic> {
    let bad_tag = |tag: &str| {
        Diagnostic::error(format!("`{tag}` is not a language tag"))
            .with_help("write BCP 47 tags such as `en`, `zh-CN` or `pt-BR`")
    };
    if !crate::parse::language::valid(default) {
        return Err(bad_tag(default));
    }
    if listed.is_empty() {
        return Ok(vec![default.to_string()]);
    }
    let mut seen: Vec<String> = Vec::new();
    for tag in listed {
        if !crate::parse::language::valid(tag) {
            return Err(bad_tag(tag));
        }
        // Each language's pages live under its lowercase tag: `zh-CN` and
        // `zh-cn` would share a folder.
        if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(tag)) {
            return Err(Diagnostic::error(format!(
                "`languages` names `{tag}` twice (also as `{first}`)"
            ))
            .with_help("list each language once"));
        }
        seen.push(tag.clone());
    }
    let Some(at) = seen.iter().position(|s| s == default) else {
        return Err(Diagnostic::error(format!(
            "the default language `{default}` (`language`) is not in `languages`"
        ))
        .with_help(format!(
            "add `{default}` to `languages`, or set `language` to one of {}",
            seen.join(", ")
        )));
    };
    let default = seen.remove(at);
    seen.insert(0, default);
    Ok(seen)
}

/// Checks a base URL and gives it the one trailing slash that page paths are
/// appended to.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
        })
        .ok_or_else(|| format!("base URL must start with https:// or http://, found `{url}`"))?;
    if url.contains(['?', '#', ' ']) {
        return Err(format!(
            "base URL may not contain a query, fragment or space: `{url}`"
        ));
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() {
        return Err(format!("base URL has no host: `{url}`"));
    }
    if host.contains('@') {
        return Err(format!(
            "base URL may not contain a user name or password, which every page would publish: `{url}`"
        ));
    }
    if !host.is_ascii() {
        return Err(format!(
            "base URL's host must be written in ASCII, found `{host}`: use its xn-- (punycode) form, which your registrar shows"
        ));
    }
    // Canonical links and the sitemap must be valid URLs: a path in other
    // scripts is percent-encoded, as the pages' own paths are.
    let encoded = percent_encoding::utf8_percent_encode(
        path.trim_end_matches('/'),
        percent_encoding::CONTROLS,
    );
    Ok(format!(
        "{}://{}{encoded}/",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://example.cn/guide//").unwrap(),
            "https://example.cn/guide/"
        );
        assert!(normalize_base_url("example.cn").is_err());
        assert!(normalize_base_url("https:///x").is_err());
        assert_eq!(
            normalize_base_url("HTTPS://Example.CN/Guide").unwrap(),
            "https://example.cn/Guide/"
        );
        assert_eq!(
            normalize_base_url("https://example.cn/指南/").unwrap(),
            "https://example.cn/%E6%8C%87%E5%8D%97/"
        );
        assert!(normalize_base_url("https://user:pw@example.cn/").is_err());
        assert!(
            normalize_base_url("https://例子.中国/")
                .unwrap_err()
                .contains("xn--")
        );
        assert!(normalize_base_url("ftp://example.cn/").is_err());
    }

    #[test]
    fn search_names_a_folder_under_content() {
        let ok = SiteConfig::parse(Path::new("site.yaml"), "title: x\nsearch: find/\n").unwrap();
        assert_eq!(ok.search_folder(), Some(vec!["find".to_string()]));
        for bad in ["..", "a/../b", "", "a//b"] {
            let text = format!("title: x\nsearch: \"{bad}\"\n");
            let err = SiteConfig::parse(Path::new("site.yaml"), &text).unwrap_err();
            assert!(err.message.contains("`search`"), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn languages_list_the_default_first_and_each_once() {
        let parse = |text: &str| SiteConfig::parse(Path::new("site.yaml"), text);
        let one = parse("title: x\nlanguage: de\n").unwrap();
        assert_eq!(one.languages, ["de"]);
        let many = parse("title: x\nlanguage: zh-CN\nlanguages: [en, zh-CN, de]\n").unwrap();
        assert_eq!(many.languages, ["zh-CN", "en", "de"]);
        assert_eq!(many.prefix("zh-CN"), None);
        assert_eq!(many.prefix("en").as_deref(), Some("en"));
        // Without `language`, the default is `en`, which must be listed.
        let err = parse("title: x\nlanguages: [de, fr]\n").unwrap_err();
        assert!(err.message.contains("`en`"), "{}", err.message);
        assert_eq!(err.location.map(|l| l.line), Some(2));
        let err = parse("title: x\nlanguages: [en, zh-CN, zh-cn]\n").unwrap_err();
        assert!(err.message.contains("twice"), "{}", err.message);
        let err = parse("title: x\nlanguages: [en, zh_CN]\n").unwrap_err();
        assert!(
            err.message.contains("`zh_CN` is not a language tag"),
            "{}",
            err.message
        );
        let titled = parse("title: { en: Boats, de: Boote }\nlanguages: [en, de]\n").unwrap();
        assert_eq!((titled.title(), titled.title_in("de")), ("Boats", "Boote"));
        let err = parse("title: { de: Boote }\nlanguages: [en, de]\n").unwrap_err();
        assert!(
            err.message.contains("`title` has no `en`"),
            "{}",
            err.message
        );
        let err = parse("title: x\nlanguage: english\n").unwrap_err();
        assert!(
            err.message.contains("not a language tag"),
            "{}",
            err.message
        );
    }

    #[test]
    fn theme_may_not_leave_themes_folder() {
        let err = SiteConfig::parse(Path::new("site.yaml"), "title: x\ntheme: ../x\n").unwrap_err();
        assert!(err.message.contains("theme"));
    }
}
