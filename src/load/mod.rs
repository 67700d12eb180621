//! Stage 1: reading a site from disk into memory. Nothing is interpreted
//! here beyond `site.yaml`, which says which theme to read.

pub mod files;
pub mod git;
pub mod rules;
pub mod theme_meta;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::diag::Diagnostic;
use files::{Fence, Found};
pub use rules::{RulesSource, load_rules};

/// Everything a build reads, as read.
#[derive(Debug)]
pub struct Source {
    pub config: SiteConfig,
    /// site.yaml as written, to place problems found after reading it.
    pub config_file: TextFile,
    /// Markdown files under `content/`.
    pub pages: Vec<TextFile>,
    /// Markdown files that could not be read (their error is reported):
    /// they still exist, so links to them are not broken.
    pub unreadable: Vec<TextFile>,
    /// Other files under `content/`, copied as they are.
    pub assets: Vec<Found>,
    pub theme: Theme,
    /// `rules/`, when the site has one.
    pub rules: Option<RulesSource>,
    /// The site's own interface strings, `i18n/<lang>.yaml`, which override
    /// the theme's key by key.
    pub strings: Vec<TextFile>,
}

pub use crate::parse::TextFile;

#[derive(Debug)]
pub struct Theme {
    pub dir: PathBuf,
    /// Templates by name (`page.html`, `partials/nav.html`).
    pub templates: Vec<(String, TextFile)>,
    /// Files under `static/`, copied to the site root.
    pub static_files: Vec<Found>,
    /// Its interface strings, `i18n/<lang>.yaml`.
    pub strings: Vec<TextFile>,
    /// Ids its pages use, which content headings may not take.
    pub reserved_ids: crate::parse::reserved::ReservedIds,
}

pub const CONTENT_DIR: &str = "content";
pub const RULES_DIR: &str = "rules";
pub const THEMES_DIR: &str = "themes";
pub const STRINGS_DIR: &str = "i18n";

/// Reads and checks `site.yaml` alone.
pub fn load_config(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    read_config(root).map(|(config, ..)| config)
}

/// `site.yaml` checked, with its shown path and its text.
fn read_config(root: &Path) -> Result<(SiteConfig, PathBuf, String), Vec<Diagnostic>> {
    let shown_root = files::display_root(root);
    let config_path = root.join(config::FILE_NAME);
    let config_shown = shown_root.join(config::FILE_NAME);
    if !is_there(&config_path) {
        return Err(vec![not_a_site(&shown_root)]);
    }
    let fence = Fence::new(root).map_err(|d| vec![d])?;
    let config_text = fence
        .read_text(&config_path, &config_shown)
        .map_err(|d| vec![d])?;
    let config = SiteConfig::parse(&config_shown, &config_text).map_err(|d| vec![d])?;
    Ok((config, config_shown, config_text))
}

/// Reads the site at `root`. Fails only when nothing sensible can be built;
/// problems with single files are returned beside the source.
pub fn load(root: &Path) -> Result<(Source, Vec<Diagnostic>), Vec<Diagnostic>> {
    let shown_root = files::display_root(root);
    let mut problems = Vec::new();

    let (config, config_shown, config_text) = read_config(root)?;
    let fence = Fence::new(root).map_err(|d| vec![d])?;
    let content = read_content(root, &shown_root, &fence, &mut problems)?;
    let theme = load_theme(
        root,
        &shown_root,
        &config.theme,
        Some((&config_shown, &config_text)),
        &mut problems,
    )?;
    let rules = load_rules(root, &mut problems);
    let strings = load_strings(root, Path::new(STRINGS_DIR), &mut problems);
    Ok((
        Source {
            config,
            config_file: TextFile {
                segments: vec![config::FILE_NAME.to_string()],
                display: config_shown,
                text: config_text,
            },
            pages: content.pages,
            unreadable: content.unreadable,
            assets: content.assets,
            theme,
            rules,
            strings,
        },
        problems,
    ))
}

/// What `content/` holds, as read (see [`Source`]).
struct Content {
    pages: Vec<TextFile>,
    unreadable: Vec<TextFile>,
    assets: Vec<Found>,
}

/// Reads `content/`: its markdown pages, those that cannot be read, and
/// the other files. A site without it has nothing to build.
fn read_content(
    root: &Path,
    shown_root: &Path,
    fence: &Fence,
    problems: &mut Vec<Diagnostic>,
) -> Result<Content, Vec<Diagnostic>> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(vec![
            Diagnostic::error(format!(
                "no {CONTENT_DIR}/ folder: there is nothing to build"
            ))
            .in_file(&shown_root.join(CONTENT_DIR))
            .with_help("create content/_index.md, the home page"),
        ]);
    }
    let mut pages = Vec::new();
    let mut unreadable = Vec::new();
    let mut assets = Vec::new();
    let mut others = Vec::new();
    let walked = files::walk_keeping(
        &content_dir,
        &shown_root.join(CONTENT_DIR),
        fence,
        problems,
        &mut others,
    );
    // A page that is there but is no file (a named pipe) is reported; it
    // still exists, like an unreadable one.
    unreadable.extend(
        others
            .into_iter()
            .filter(|f| f.segments.last().is_some_and(|n| n.ends_with(".md")))
            .map(|f| TextFile {
                segments: f.segments,
                display: f.display,
                text: String::new(),
            }),
    );
    // Read on every core, then sorted out in the walk's order: at 10,000
    // pages the reads were a third of a second on one core.
    let read: Vec<(Found, Option<Result<String, Diagnostic>>)> = walked
        .into_par_iter()
        .with_max_len(64)
        .map(|found| {
            let text = found
                .segments
                .last()
                .is_some_and(|n| n.ends_with(".md"))
                .then(|| files::read_text(&found.abs, &found.display));
            (found, text)
        })
        .collect();
    for (found, text) in read {
        match text {
            Some(Ok(text)) => pages.push(TextFile {
                segments: found.segments,
                display: found.display,
                text,
            }),
            Some(Err(d)) => {
                problems.push(d);
                unreadable.push(TextFile {
                    segments: found.segments,
                    display: found.display,
                    text: String::new(),
                });
            }
            None => {
                if let Err(d) = files::check_readable(&found) {
                    problems.push(d);
                }
                assets.push(found);
            }
        }
    }
    Ok(Content {
        pages,
        unreadable,
        assets,
    })
}

/// Whether anything is at `path`, a broken link included: what is there is
/// then read, or said to be unreadable, rather than called missing.
pub(crate) fn is_there(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The site folder, shown as `shown_root`, has no site.yaml.
pub fn not_a_site(shown_root: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "no {} here: {} is not a beian site",
        config::FILE_NAME,
        if shown_root.as_os_str().is_empty() {
            "the current folder".to_string()
        } else {
            shown_root.display().to_string()
        }
    ))
    .with_help("run beian in the folder that holds site.yaml, or pass --root DIR")
}

/// Reads the theme `name`. A missing theme is placed at `theme:` in
/// site.yaml, when its path and text are given.
pub fn load_theme(
    root: &Path,
    shown_root: &Path,
    name: &str,
    config_file: Option<(&Path, &str)>,
    problems: &mut Vec<Diagnostic>,
) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join(THEMES_DIR).join(name);
    let shown = shown_root.join(THEMES_DIR).join(name);
    let templates_dir = dir.join("templates");
    if !templates_dir.is_dir() {
        return Err(vec![theme_not_found(
            root,
            shown_root,
            name,
            &shown,
            config_file,
        )]);
    }
    let fence = Fence::new(root).map_err(|d| vec![d])?;
    let mut templates = Vec::new();
    for found in files::walk(&templates_dir, &shown.join("templates"), &fence, problems) {
        match files::read_text(&found.abs, &found.display) {
            Ok(text) => templates.push((
                found.segments.join("/"),
                TextFile {
                    segments: found.segments,
                    display: found.display,
                    text,
                },
            )),
            Err(d) => problems.push(d),
        }
    }
    let static_dir = dir.join("static");
    let static_files = if static_dir.is_dir() {
        files::walk(&static_dir, &shown.join("static"), &fence, problems)
    } else {
        Vec::new()
    };
    for found in &static_files {
        if let Err(d) = files::check_readable(found) {
            problems.push(d);
        }
    }
    let strings = load_strings(
        root,
        &Path::new(THEMES_DIR).join(name).join(STRINGS_DIR),
        problems,
    );
    let reserved_ids = theme_meta::reserved_ids(&dir, &shown, &fence).unwrap_or_else(|d| {
        problems.push(d);
        Default::default()
    });
    Ok(Theme {
        dir,
        templates,
        static_files,
        strings,
        reserved_ids,
    })
}

/// Theme `name` (shown as `shown`) is not there: the themes that are, or
/// the one meant, placed at `theme:` in site.yaml when it is given.
fn theme_not_found(
    root: &Path,
    shown_root: &Path,
    name: &str,
    shown: &Path,
    config_file: Option<(&Path, &str)>,
) -> Diagnostic {
    let mut themes: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("templates").is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    themes.sort();
    let help = match crate::diag::suggest(name, themes.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`?"),
        None if themes.is_empty() => format!(
            "{}/ holds no theme: a theme is a folder there with templates/ in it; copy one in, such as beian's own themes/default",
            shown_root.join(THEMES_DIR).display()
        ),
        None => format!("the themes there: {}", themes.join(", ")),
    };
    let d = Diagnostic::error(format!(
        "theme `{name}` not found: {} has no templates/ folder",
        shown.display()
    ))
    .with_help(help);
    let written = config_file
        .and_then(|(path, text)| Some((path, text, crate::parse::yaml::key_place(text, "theme")?)));
    match written {
        Some((path, text, (line, col))) => d.at(path, text, line, col),
        None => d.in_file(&shown.join("templates")),
    }
}

/// The string tables in folder `rel` of the site at `root` (`en.yaml`,
/// `zh-CN.yaml`), when it exists.
/// Other files there are left alone: a translator's notes, say.
pub fn load_strings(root: &Path, rel: &Path, problems: &mut Vec<Diagnostic>) -> Vec<TextFile> {
    let dir = root.join(rel);
    if !dir.is_dir() {
        return Vec::new();
    }
    let shown = files::display_root(root).join(rel);
    let fence = match Fence::new(root) {
        Ok(f) => f,
        Err(d) => {
            problems.push(d);
            return Vec::new();
        }
    };
    let mut tables = Vec::new();
    for found in files::walk(&dir, &shown, &fence, problems) {
        if found.segments.len() != 1 || !found.segments[0].ends_with(".yaml") {
            continue;
        }
        match files::read_text(&found.abs, &found.display) {
            Ok(text) => tables.push(TextFile {
                segments: found.segments,
                display: found.display,
                text,
            }),
            Err(d) => problems.push(d),
        }
    }
    tables
}
