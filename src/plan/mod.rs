//! Stage 3: deciding what the site holds — one entry for each page, where
//! each is written, how they nest and in which order they are read.

pub mod collisions;
pub mod coverage;
pub mod deps;
pub mod links;
mod rules_pages;
pub mod translations;
pub mod url;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::load::files::Found;
use crate::parse::front_matter::Document;
use crate::parse::slug::slugify;
use crate::rules::model::Rules;
use url::SitePath;

/// A markdown file after its front matter was read.
#[derive(Debug)]
pub struct ParsedPage {
    /// Segments below `content/`.
    pub segments: Vec<String>,
    pub display: PathBuf,
    pub text: String,
    pub doc: Document,
    /// `segments` without the language in the file name (`steps.md` for
    /// `steps.zh-CN.md`): what its translations share.
    pub key: Vec<String>,
    /// Its language, by index into the site's languages (0: the default).
    pub lang: usize,
}

impl ParsedPage {
    /// How messages name the file: `content/guide/steps.md`, whatever
    /// folder the site is in.
    pub fn name(&self) -> String {
        format!("{}/{}", crate::load::CONTENT_DIR, self.segments.join("/"))
    }

    /// The markdown below the front matter.
    pub fn body(&self) -> &str {
        self.doc.body(&self.text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Home,
    Section,
    Page,
    /// The content section that lists the regions of `rules/`.
    Regions,
    /// The content section that holds the quiz.
    Quiz,
    /// The content section `site.yaml` names as the search page.
    Search,
    /// A region's page, by index into `Rules::regions`.
    Region(usize),
    /// A checklist (a region's, or the site's when it has no regions): for
    /// one option of the applicant question, or (`None`) for all of them on
    /// one page.
    Checklist {
        region: Option<usize>,
        applicant: Option<usize>,
    },
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section | Kind::Regions | Kind::Quiz => "section",
            Kind::Search => "search",
            Kind::Page => "page",
            Kind::Region(_) => "region",
            Kind::Checklist { .. } => "checklist",
        }
    }

    /// The group a page is found under in search, or `None` for a page the
    /// search index leaves out: the search page, and a checklist page for
    /// every applicant type, which holds what their own pages hold.
    pub fn search_group(self) -> Option<&'static str> {
        match self {
            Kind::Home | Kind::Section | Kind::Page | Kind::Regions | Kind::Quiz => Some("guide"),
            Kind::Region(_) => Some("region"),
            Kind::Checklist {
                applicant: Some(_), ..
            } => Some("checklist"),
            Kind::Checklist {
                applicant: None, ..
            }
            | Kind::Search => None,
        }
    }

    /// Made from `rules/` (with, for some, a markdown file's text).
    pub fn from_rules(self) -> bool {
        matches!(
            self,
            Kind::Regions | Kind::Quiz | Kind::Region(_) | Kind::Checklist { .. }
        )
    }
}

/// What a checklist page is for, so templates can word its title: data
/// only (names and labels from the rules), never wording.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ChecklistOf {
    /// The region's name in the site's language, if the checklist is a
    /// region's.
    pub region: Option<String>,
    /// The applicant type's label, on a page for one type.
    pub applicant: Option<String>,
}

#[derive(Debug)]
pub struct Entry {
    pub page: ParsedPage,
    pub kind: Kind,
    pub out: SitePath,
    pub parent: Option<usize>,
    /// Pages and sub-sections, in reading order.
    pub children: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// In the navigation and the reading order. Generated pages are not:
    /// they are reached from the page that lists them.
    pub listed: bool,
    /// When its source last changed in git, if known.
    pub changed: Option<crate::parse::date::Date>,
    /// Where to edit its source, when site.yaml names the repository.
    pub edit_url: Option<String>,
    /// Made from `rules/` alone, with no markdown file of its own.
    pub generated: bool,
    /// For a checklist page: whose it is.
    pub checklist_of: Option<ChecklistOf>,
    /// What it shares with its translations: the page's key, or for a
    /// region page the folder its generated twin would answer to.
    pub key: Vec<String>,
}

impl Plan {
    /// Whether entry `i` is a draft: itself, or inside a draft section
    /// (built only with --drafts).
    pub fn is_draft(&self, i: usize) -> bool {
        let mut at = Some(i);
        while let Some(e) = at {
            if self.entries[e].page.doc.meta.draft {
                return true;
            }
            at = self.entries[e].parent;
        }
        false
    }
}

impl Entry {
    /// The folder under `content/` this file's relative links start from;
    /// markdown from `rules/` links from the content root.
    pub fn source_dir(&self) -> &[String] {
        if self.generated {
            &[]
        } else {
            &self.page.segments[..self.page.segments.len() - 1]
        }
    }
}

/// A file copied as it is (a colocated image, a theme stylesheet).
#[derive(Debug, Clone)]
pub struct Copied {
    pub out: SitePath,
    pub from: Found,
}

#[derive(Debug)]
pub struct Plan {
    /// Index 0 is the home page.
    pub entries: Vec<Entry>,
    /// Entries in reading order (depth first, by weight).
    pub order: Vec<usize>,
    /// Source segments, as files are named -> entry: what an edit touches.
    pub by_source: HashMap<Vec<String>, usize>,
    /// (language, translation key) -> entry, for link resolution and the
    /// translations of each page.
    pub by_key: HashMap<(usize, Vec<String>), usize>,
    /// The site's languages, the default first.
    pub languages: Vec<String>,
    /// Each language's home page, by language; `None` for a language
    /// whose home page is missing (an error).
    pub homes: Vec<Option<usize>>,
    /// Content files left out because they are drafts.
    pub drafts: Vec<Vec<String>>,
    /// Folders left out because their section is a draft.
    pub draft_dirs: Vec<Vec<String>>,
    /// Content assets by source segments.
    pub assets: BTreeMap<Vec<String>, Copied>,
    pub theme_files: Vec<Copied>,
    /// Redirect pages: path -> entry they point at.
    pub aliases: Vec<(SitePath, usize)>,
    /// The section whose rules pages could not be made (the rules have
    /// errors): links into it are not reported on top of those errors.
    pub unbuilt_section: Option<Vec<String>>,
    /// The search page, when the site has search.
    pub search: Option<usize>,
}

impl Plan {
    /// The search page's path from the site's root for a page in `lang`:
    /// its language's search page, else the default language's.
    pub fn search_href(&self, lang: usize) -> Option<String> {
        let s = self.search?;
        let s = self.translation(s, lang).unwrap_or(s);
        Some(self.entries[s].out.href())
    }

    /// Entry `i` in language `lang`, when that language has it.
    pub fn translation(&self, i: usize, lang: usize) -> Option<usize> {
        let e = &self.entries[i];
        if e.page.lang == lang {
            return Some(i);
        }
        self.by_key.get(&(lang, e.key.clone())).copied()
    }

    /// Whether the site is published in more than one language.
    pub fn multilingual(&self) -> bool {
        self.languages.len() > 1
    }
}

/// The folder, under a checklist, of one applicant type's checklist; empty
/// when `value` has nothing that can name a URL.
pub fn applicant_folder(value: &str) -> String {
    slugify(value)
}

/// Output paths beian writes itself.
pub const NOT_FOUND: &str = "404.html";
/// The file that marks an output folder as beian's own: beian replaces
/// only a folder that holds it.
pub const MARKER: &str = ".beian-output";
pub const SITEMAP: &str = "sitemap.xml";
pub const HIGHLIGHT_CSS: [&str; 2] = ["assets", "highlight.css"];
/// The regions' other names, which the quiz loads when a reader types one.
pub const OTHER_NAMES_JS: [&str; 2] = ["assets", "other-names-data.js"];
/// The folder the search index and its scripts are written to.
pub const SEARCH_BUNDLE: &str = "pagefind";

pub fn plan(
    pages: Vec<ParsedPage>,
    assets: Vec<Found>,
    theme_files: Vec<Found>,
    include_drafts: bool,
    rules: &[&Rules],
    search: Option<&[String]>,
    languages: &[String],
) -> Result<Plan, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut pages = pages;
    translations::assign(&mut pages, languages, &mut problems);
    let (pages, drafts, draft_dirs) = without_drafts(pages, include_drafts);
    let Placed {
        mut entries,
        homes,
        region_folders,
        out_of_dir,
    } = place_languages(pages, rules, search, languages, &mut problems)?;
    let order = reading_order(&mut entries, &homes);
    let (by_source, by_key) = indexes(&entries, region_folders);
    let mut plan = Plan {
        entries,
        order,
        by_source,
        by_key,
        languages: languages.to_vec(),
        homes,
        drafts,
        draft_dirs,
        assets: place_assets(assets, &out_of_dir),
        theme_files: theme_files
            .into_iter()
            .map(|found| Copied {
                out: SitePath::from_segments(found.segments.clone()),
                from: found,
            })
            .collect(),
        aliases: Vec::new(),
        unbuilt_section: None,
        search: None,
    };
    plan.search = plan.entries.iter().position(|e| e.kind == Kind::Search);
    plan.aliases = aliases(&plan, &mut problems);
    problems.extend(collisions::find(&plan));
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// What placing every language's pages made: the entries, each language's
/// home page, the folders region pages answer to, and where the default
/// language's folders are published (for the files beside them).
struct Placed {
    entries: Vec<Entry>,
    homes: Vec<Option<usize>>,
    region_folders: Vec<(usize, Vec<String>, usize)>,
    out_of_dir: HashMap<Vec<String>, SitePath>,
}

/// Each language's pages as a tree of their own, its rules pages and its
/// search page with it; the default language's missing home page stops
/// the plan.
fn place_languages(
    pages: Vec<ParsedPage>,
    rules: &[&Rules],
    search: Option<&[String]>,
    languages: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Result<Placed, Vec<Diagnostic>> {
    let mut by_lang: Vec<Vec<ParsedPage>> = languages.iter().map(|_| Vec::new()).collect();
    for page in pages {
        by_lang[page.lang].push(page);
    }
    let mut entries = Vec::new();
    let mut homes = Vec::new();
    let mut region_folders = Vec::new();
    let mut out_of_dir = HashMap::new();
    for (lang, pages) in by_lang.into_iter().enumerate() {
        let mut tree = Tree {
            entries: std::mem::take(&mut entries),
            section_of_dir: HashMap::new(),
            out_of_dir: HashMap::new(),
            lang,
            prefix: (lang > 0).then(|| languages[lang].to_ascii_lowercase()),
        };
        let home = place_sections(&mut tree, pages, languages, problems);
        if lang == 0 && home.is_none() {
            return Err(problems.split_off(problems.len().saturating_sub(1)));
        }
        homes.push(home);
        if home.is_some() {
            // Each language's pages take their titles from its own texts.
            if let Some(rules) = rules.get(lang).or(rules.first()) {
                let folders = rules_pages::add(
                    rules,
                    &mut tree.entries,
                    &tree.section_of_dir,
                    (lang, languages),
                    problems,
                );
                region_folders.extend(folders.into_iter().map(|(f, i)| (lang, f, i)));
            }
            if let Some(folder) = search {
                mark_search(&mut tree, folder, problems);
            }
        }
        if lang == 0 {
            out_of_dir = std::mem::take(&mut tree.out_of_dir);
        }
        entries = tree.entries;
    }
    Ok(Placed {
        entries,
        homes,
        region_folders,
        out_of_dir,
    })
}

/// Which entry each source file is (the default language's pages also by
/// the folders of their region pages), and each (language, key).
#[allow(clippy::type_complexity)]
fn indexes(
    entries: &[Entry],
    region_folders: Vec<(usize, Vec<String>, usize)>,
) -> (
    HashMap<Vec<String>, usize>,
    HashMap<(usize, Vec<String>), usize>,
) {
    let mut by_source = HashMap::new();
    let mut by_key = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        // A generated page's segments are a folder every language shares.
        if e.page.lang == 0 || !e.generated {
            by_source.insert(e.page.segments.clone(), i);
        }
        by_key.insert((e.page.lang, e.page.key.clone()), i);
        by_key.insert((e.page.lang, e.key.clone()), i);
    }
    for (lang, folder, i) in region_folders {
        if lang == 0 {
            by_source.insert(folder.clone(), i);
        }
        by_key.insert((lang, folder), i);
    }
    (by_source, by_key)
}

/// The pages to build, without drafts (unless `include_drafts`) and what a
/// draft section holds; and the drafts and draft folders left out.
fn without_drafts(
    pages: Vec<ParsedPage>,
    include_drafts: bool,
) -> (Vec<ParsedPage>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut drafts = Vec::new();
    let mut draft_sections = Vec::new();
    let mut pages: Vec<ParsedPage> = pages
        .into_iter()
        .filter(|p| {
            let keep = include_drafts || !p.doc.meta.draft;
            if !keep {
                drafts.push(p.key.clone());
                if is_section_file(&p.key) {
                    draft_sections.push((p.lang, p.key.clone()));
                }
            }
            keep
        })
        .collect();
    // A draft section hides everything under it in its language.
    let hiding: Vec<(usize, Vec<String>)> = draft_sections
        .iter()
        .map(|(lang, s)| (*lang, s[..s.len() - 1].to_vec()))
        .collect();
    let draft_dirs = hiding.iter().map(|(_, d)| d.clone()).collect();
    if !include_drafts {
        pages.retain(|p| {
            let hidden = hiding
                .iter()
                .any(|(lang, d)| p.lang == *lang && p.key.len() > d.len() && p.key.starts_with(d));
            if hidden {
                drafts.push(p.key.clone());
            }
            !hidden
        });
    }
    pages.sort_by(|a, b| a.segments.cmp(&b.segments));

    (pages, drafts, draft_dirs)
}

/// The entries made so far, and where each content folder's section is
/// in the language being placed.
struct Tree {
    entries: Vec<Entry>,
    section_of_dir: HashMap<Vec<String>, usize>,
    out_of_dir: HashMap<Vec<String>, SitePath>,
    /// The language being placed, and the folder its pages go under
    /// (none for the default language).
    lang: usize,
    prefix: Option<String>,
}

/// One language's sections first, by folder, so pages can find their
/// parents; then its pages. Returns its home page, or `None` (reported)
/// when it has none.
fn place_sections(
    tree: &mut Tree,
    pages: Vec<ParsedPage>,
    languages: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let (sections, others): (Vec<ParsedPage>, Vec<ParsedPage>) =
        pages.into_iter().partition(|p| is_section_file(&p.key));
    let mut sections = sections;
    // Home first, then shallow folders before deep ones.
    sections.sort_by(|a, b| (a.key.len(), &a.key).cmp(&(b.key.len(), &b.key)));
    if sections.first().is_none_or(|s| s.key.len() != 1) {
        problems.push(no_home(tree.lang, languages));
        return None;
    }
    let home = tree.entries.len();
    for page in sections {
        place_section(tree, page, problems);
    }
    for page in others {
        place_page(tree, page, problems);
    }
    Some(home)
}

fn no_home(lang: usize, languages: &[String]) -> Diagnostic {
    if lang == 0 {
        return Diagnostic::error("there is no home page: content/_index.md is missing").with_help(
            "create content/_index.md with front matter and the text of the front page",
        );
    }
    let tag = &languages[lang];
    Diagnostic::error(format!(
        "`{tag}` has no home page: content/_index.{tag}.md is missing"
    ))
    .with_help(format!(
        "create content/_index.{tag}.md, the front page in `{tag}`, or leave `{tag}` out of `languages` in site.yaml"
    ))
}

fn place_section(tree: &mut Tree, page: ParsedPage, problems: &mut Vec<Diagnostic>) {
    let dir = page.key[..page.key.len() - 1].to_vec();
    let (kind, parent, out_dir) = if dir.is_empty() {
        (Kind::Home, None, tree.prefix.iter().cloned().collect())
    } else {
        let parent_dir = dir[..dir.len() - 1].to_vec();
        let Some(&parent) = tree.section_of_dir.get(&parent_dir) else {
            problems.push(missing_section(&page, &parent_dir));
            return;
        };
        if page.doc.meta.slug.is_some() {
            problems.push(
                at_key(
                    Diagnostic::error("`slug` is not supported on a section's _index.md"),
                    &page,
                    "slug",
                )
                .with_help("rename the folder instead: a section's URL is its folder's name"),
            );
        }
        let Some(seg) = url_segment(dir.last().map_or("", String::as_str), &page, problems) else {
            return;
        };
        let mut out_dir = tree.entries[parent].out.segments().to_vec();
        out_dir.pop();
        out_dir.push(seg);
        (Kind::Section, Some(parent), out_dir)
    };
    let out = SitePath::from_segments(out_dir.clone()).join("index.html");
    tree.out_of_dir
        .insert(dir.clone(), SitePath::from_segments(out_dir));
    tree.section_of_dir.insert(dir, tree.entries.len());
    tree.entries.push(new_entry(page, kind, out, parent));
}

fn place_page(tree: &mut Tree, page: ParsedPage, problems: &mut Vec<Diagnostic>) {
    let dir = page.key[..page.key.len() - 1].to_vec();
    let Some(&parent) = tree.section_of_dir.get(&dir) else {
        problems.push(missing_section(&page, &dir));
        return;
    };
    let name = page.key.last().map_or("", String::as_str);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let seg = match &page.doc.meta.slug {
        Some(slug) => Some(slug.clone()),
        None => url_segment(stem, &page, problems),
    };
    let Some(seg) = seg else { return };
    let out = tree.out_of_dir[&dir].join(&seg).join("index.html");
    tree.entries
        .push(new_entry(page, Kind::Page, out, Some(parent)));
}

/// The search page: the section `folder`, which must be its own.
fn mark_search(tree: &mut Tree, folder: &[String], problems: &mut Vec<Diagnostic>) {
    match tree.section_of_dir.get(folder) {
        // Reached from the search box on every page, not from the
        // navigation, which works without JavaScript.
        Some(&i)
            if tree.entries[i].kind == Kind::Section
                && !tree.entries.iter().any(|e| e.parent == Some(i)) =>
        {
            tree.entries[i].kind = Kind::Search;
            tree.entries[i].listed = false;
        }
        Some(&i) => {
            // Its pages would lose their way in: the search page is
            // out of the navigation and lists nothing.
            let taken = match tree.entries[i].kind {
                Kind::Quiz => "the quiz",
                Kind::Regions => "the list of regions",
                Kind::Checklist { .. } => "the checklist",
                Kind::Home => "the home page",
                _ => "a section with pages of its own",
            };
            problems.push(
                Diagnostic::error(format!(
                    "site.yaml puts the search page in {}, which is {taken}",
                    tree.entries[i].page.name(),
                ))
                .in_file(&tree.entries[i].page.display)
                .with_help("give the search page a folder of its own, such as `search: search`"),
            );
        }
        // Another language without it searches from the default's.
        None if tree.lang > 0 => {}
        None => {
            problems.push(no_section_page(
                "site.yaml",
                "the search page",
                folder,
                "its text introduces the search page",
            ));
        }
    }
}

/// Children in order of weight, then file name; the reading order, depth
/// first, each language's after the one before, with each entry's
/// neighbours in its own language's order.
fn reading_order(entries: &mut [Entry], homes: &[Option<usize>]) -> Vec<usize> {
    for i in 0..entries.len() {
        if let Some(p) = entries[i].parent {
            entries[p].children.push(i);
        }
    }
    for i in 0..entries.len() {
        let mut children = std::mem::take(&mut entries[i].children);
        children.sort_by(|&a, &b| {
            let key = |e: &Entry| (e.page.doc.meta.weight, e.page.key.clone());
            key(&entries[a]).cmp(&key(&entries[b]))
        });
        entries[i].children = children;
    }
    let mut order = Vec::with_capacity(entries.len());
    for &home in homes.iter().flatten() {
        let mut own = Vec::new();
        let mut stack = vec![home];
        while let Some(i) = stack.pop() {
            own.push(i);
            stack.extend(
                entries[i]
                    .children
                    .iter()
                    .rev()
                    .filter(|&&c| entries[c].listed),
            );
        }
        for w in own.windows(2) {
            entries[w[0]].next = Some(w[1]);
            entries[w[1]].prev = Some(w[0]);
        }
        order.extend(own);
    }

    order
}

/// Assets sit beside their section's page; a folder without one keeps its
/// own name.
fn place_assets(
    assets: Vec<Found>,
    out_of_dir: &HashMap<Vec<String>, SitePath>,
) -> BTreeMap<Vec<String>, Copied> {
    let mut placed = BTreeMap::new();
    for found in assets {
        let dir = &found.segments[..found.segments.len() - 1];
        // Assets sit beside their section's page; a folder without one
        // keeps its own name.
        let out = match out_of_dir.get(dir) {
            Some(d) => d.clone(),
            None => SitePath::from_segments(dir.to_vec()),
        };
        let file = found.segments.last().cloned().unwrap_or_default();
        let out = if out.segments().is_empty() {
            SitePath::from_segments(vec![file])
        } else {
            out.join(&file)
        };
        placed.insert(found.segments.clone(), Copied { out, from: found });
    }
    placed
}

/// Every page's aliases, as the paths of their redirect pages.
fn aliases(plan: &Plan, problems: &mut Vec<Diagnostic>) -> Vec<(SitePath, usize)> {
    let mut out = Vec::new();
    for (i, entry) in plan.entries.iter().enumerate() {
        for alias in &entry.page.doc.meta.aliases {
            match SitePath::parse_user(alias) {
                Ok(path) => {
                    let is_file = path
                        .segments()
                        .last()
                        .is_some_and(|s| s.ends_with(".html") || s.ends_with(".htm"));
                    let path = if is_file {
                        path
                    } else {
                        path.join("index.html")
                    };
                    out.push((path, i));
                }
                Err(why) => problems.push(
                    at_key(
                        Diagnostic::error(format!("alias {why}")),
                        &entry.page,
                        "aliases",
                    )
                    .with_help("an alias is a path inside the site, such as `old/name/`"),
                ),
            }
        }
    }

    out
}

fn new_entry(page: ParsedPage, kind: Kind, out: SitePath, parent: Option<usize>) -> Entry {
    Entry {
        key: page.key.clone(),
        page,
        kind,
        out,
        parent,
        children: Vec::new(),
        prev: None,
        next: None,
        listed: true,
        changed: None,
        edit_url: None,
        generated: false,
        checklist_of: None,
    }
}

/// `setting` names `folder` under content/ for `what`, but the folder has
/// no `_index.md` to become that page.
fn no_section_page(setting: &str, what: &str, folder: &[String], role: &str) -> Diagnostic {
    let folder = format!("content/{}", folder.join("/"));
    Diagnostic::error(format!(
        "{setting} puts {what} in {folder}/, which has no _index.md"
    ))
    .with_help(format!("create {folder}/_index.md: {role}"))
}

fn is_section_file(segments: &[String]) -> bool {
    segments.last().is_some_and(|s| s == "_index.md")
}

/// Places `d` at `key` in the page's front matter.
fn at_key(d: Diagnostic, page: &ParsedPage, key: &str) -> Diagnostic {
    crate::parse::yaml::at_key(d, &page.display, &page.text, key)
}

fn missing_section(page: &ParsedPage, dir: &[String]) -> Diagnostic {
    let folder = format!("content/{}", dir.join("/"));
    // A translation's section is its folder's `_index` in its language.
    let (name, key) = (page.segments.last(), page.key.last());
    let index = match (name, key) {
        (Some(name), Some(key)) if name != key => {
            let tag = &name[key.len() - 2..name.len() - 3];
            format!("_index.{tag}.md")
        }
        _ => "_index.md".to_string(),
    };
    Diagnostic::error(format!(
        "{folder}/ has no {index}, so this page has no section"
    ))
    .in_file(&page.display)
    .with_help(format!(
        "create {folder}/{index} with a title: it becomes the page that lists this folder"
    ))
}

fn url_segment(name: &str, page: &ParsedPage, problems: &mut Vec<Diagnostic>) -> Option<String> {
    let seg = slugify(name);
    if seg.is_empty() {
        problems.push(
            Diagnostic::error(format!("cannot make a URL from the name `{name}`"))
                .in_file(&page.display)
                .with_help("rename it with letters or digits, or set `slug` in the front matter"),
        );
        return None;
    }
    Some(seg)
}
