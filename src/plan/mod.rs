//! Stage 3: deciding what the site holds — one entry for each page, where
//! each is written, how they nest and in which order they are read.

pub mod collisions;
pub mod deps;
pub mod links;
mod rules_pages;
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
}

impl ParsedPage {
    /// How messages name the file: `content/guide/steps.md`, whatever
    /// folder the site is in.
    pub fn name(&self) -> String {
        format!("{}/{}", crate::load::CONTENT_DIR, self.segments.join("/"))
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
    /// Source segments -> entry, for link resolution.
    pub by_source: HashMap<Vec<String>, usize>,
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
    /// The search page's path from the site's root, when the site has one.
    pub fn search_href(&self) -> Option<String> {
        self.search.map(|s| self.entries[s].out.href())
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
/// The folder the search index and its scripts are written to.
pub const SEARCH_BUNDLE: &str = "pagefind";

pub fn plan(
    pages: Vec<ParsedPage>,
    assets: Vec<Found>,
    theme_files: Vec<Found>,
    include_drafts: bool,
    rules: Option<&Rules>,
    search: Option<&[String]>,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (pages, drafts, draft_dirs) = without_drafts(pages, include_drafts);
    let mut tree = place_sections(pages, &mut problems)?;
    let region_folders = match rules {
        Some(rules) => rules_pages::add(
            rules,
            &mut tree.entries,
            &tree.section_of_dir,
            &mut problems,
        ),
        None => Vec::new(),
    };
    if let Some(folder) = search {
        mark_search(&mut tree, folder, &mut problems);
    }
    let mut entries = tree.entries;
    let order = reading_order(&mut entries);
    let by_source = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.page.segments.clone(), i))
        .chain(region_folders)
        .collect();
    let mut plan = Plan {
        entries,
        order,
        by_source,
        drafts,
        draft_dirs,
        assets: place_assets(assets, &tree.out_of_dir),
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

/// The pages to build, without drafts (unless `include_drafts`) and what a
/// draft section holds; and the drafts and draft folders left out.
fn without_drafts(
    pages: Vec<ParsedPage>,
    include_drafts: bool,
) -> (Vec<ParsedPage>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut drafts = Vec::new();
    let mut pages: Vec<ParsedPage> = pages
        .into_iter()
        .filter(|p| {
            let keep = include_drafts || !p.doc.meta.draft;
            if !keep {
                drafts.push(p.segments.clone());
            }
            keep
        })
        .collect();
    // A draft section hides everything under it.
    let draft_dirs: Vec<Vec<String>> = drafts
        .iter()
        .filter(|s| is_section_file(s))
        .map(|s| s[..s.len() - 1].to_vec())
        .collect();
    if !include_drafts {
        pages.retain(|p| {
            let hidden = draft_dirs
                .iter()
                .any(|d| p.segments.len() > d.len() && p.segments.starts_with(d));
            if hidden {
                drafts.push(p.segments.clone());
            }
            !hidden
        });
    }
    pages.sort_by(|a, b| a.segments.cmp(&b.segments));

    (pages, drafts, draft_dirs)
}

/// The entries made so far, and where each content folder's section is.
struct Tree {
    entries: Vec<Entry>,
    section_of_dir: HashMap<Vec<String>, usize>,
    out_of_dir: HashMap<Vec<String>, SitePath>,
}

/// Sections first, by folder, so pages can find their parents; then the
/// pages.
fn place_sections(
    pages: Vec<ParsedPage>,
    problems: &mut Vec<Diagnostic>,
) -> Result<Tree, Vec<Diagnostic>> {
    let mut tree = Tree {
        entries: Vec::new(),
        section_of_dir: HashMap::new(),
        out_of_dir: HashMap::new(),
    };
    let (sections, others): (Vec<ParsedPage>, Vec<ParsedPage>) = pages
        .into_iter()
        .partition(|p| is_section_file(&p.segments));
    let mut sections = sections;
    // Home first, then shallow folders before deep ones.
    sections.sort_by(|a, b| (a.segments.len(), &a.segments).cmp(&(b.segments.len(), &b.segments)));
    if sections.first().is_none_or(|s| s.segments.len() != 1) {
        return Err(vec![
            Diagnostic::error("there is no home page: content/_index.md is missing").with_help(
                "create content/_index.md with front matter and the text of the front page",
            ),
        ]);
    }

    for page in sections {
        place_section(&mut tree, page, problems);
    }
    for page in others {
        place_page(&mut tree, page, problems);
    }
    Ok(tree)
}

fn place_section(tree: &mut Tree, page: ParsedPage, problems: &mut Vec<Diagnostic>) {
    let dir = page.segments[..page.segments.len() - 1].to_vec();
    let (kind, parent, out_dir) = if dir.is_empty() {
        (Kind::Home, None, Vec::new())
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
    let dir = page.segments[..page.segments.len() - 1].to_vec();
    let Some(&parent) = tree.section_of_dir.get(&dir) else {
        problems.push(missing_section(&page, &dir));
        return;
    };
    let name = page.segments.last().map_or("", String::as_str);
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
/// first, with each entry's neighbours in it.
fn reading_order(entries: &mut [Entry]) -> Vec<usize> {
    for i in 0..entries.len() {
        if let Some(p) = entries[i].parent {
            entries[p].children.push(i);
        }
    }
    for i in 0..entries.len() {
        let mut children = std::mem::take(&mut entries[i].children);
        children.sort_by(|&a, &b| {
            let key = |e: &Entry| (e.page.doc.meta.weight, e.page.segments.clone());
            key(&entries[a]).cmp(&key(&entries[b]))
        });
        entries[i].children = children;
    }
    let mut order = Vec::with_capacity(entries.len());
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(
            entries[i]
                .children
                .iter()
                .rev()
                .filter(|&&c| entries[c].listed),
        );
    }
    for w in order.windows(2) {
        entries[w[0]].next = Some(w[1]);
        entries[w[1]].prev = Some(w[0]);
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
    Diagnostic::error(format!(
        "{folder}/ has no _index.md, so this page has no section"
    ))
    .in_file(&page.display)
    .with_help(format!(
        "create {folder}/_index.md with a title: it becomes the page that lists this folder"
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
