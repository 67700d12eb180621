//! The pages made from `rules/`: the quiz's section, the regions' section,
//! each region's page and its checklists (or, without regions, the site's
//! checklist), one per applicant type. They are entries like any other, so
//! links, breadcrumbs and collisions work the same; markdown reaches them
//! as folders (`/regions/north/`, `/regions/north/checklist/`).

use std::collections::HashMap;

use super::url::SitePath;
use super::{ChecklistOf, Entry, Kind, ParsedPage, applicant_folder, new_entry, no_section_page};
use crate::diag::Diagnostic;
use crate::parse::front_matter::Document;
use crate::rules::model::Rules;

/// Adds the rules pages to `entries`; returns the folder paths (as link
/// targets) of region pages that come from a content file, which answer
/// to their folder as the generated ones do.
///
/// `lang` is the language being placed (by index) and the site's
/// languages. In a language other than the default, a section the rules
/// need and that is not translated is left out, with its pages: the
/// switcher says so.
pub fn add(
    rules: &Rules,
    entries: &mut Vec<Entry>,
    section_of_dir: &HashMap<Vec<String>, usize>,
    lang: (usize, &[String]),
    problems: &mut Vec<Diagnostic>,
) -> Vec<(Vec<String>, usize)> {
    let in_lang = Lang {
        index: lang.0,
        tag: &lang.1[lang.0],
        default: &lang.1[0],
    };
    let lang = &in_lang;
    let mut quiet = Vec::new();
    let problems = if lang.index == 0 {
        problems
    } else {
        &mut quiet
    };
    if let Some(quiz) = &rules.quiz {
        match section_of_dir.get(quiz) {
            Some(&q) => entries[q].kind = Kind::Quiz,
            None => problems.push(no_section_page(
                "rules/rules.yaml",
                "the quiz",
                quiz,
                "its text introduces the quiz",
            )),
        }
    }
    if let Some(set) = &rules.region_set {
        let Some(&section) = section_of_dir.get(&set.section) else {
            problems.push(no_section_page(
                "rules/rules.yaml",
                "the region pages",
                &set.section,
                "it becomes the page that lists every region",
            ));
            return Vec::new();
        };
        entries[section].kind = Kind::Regions;
        return add_regions(rules, &set.section, section, entries, lang, problems);
    }
    if let Some(folder) = &rules.checklist_section {
        match section_of_dir.get(folder) {
            Some(&c) => {
                entries[c].kind = Kind::Checklist {
                    region: None,
                    applicant: None,
                };
                entries[c].checklist_of = Some(ChecklistOf::default());
                let dir = folder.clone();
                let out = dir_of(&entries[c].out);
                let at = Place {
                    dir: &dir,
                    out: &out,
                    parent: c,
                };
                add_applicant_pages(rules, None, at, entries, lang, problems);
            }
            None => problems.push(no_section_page(
                "rules/rules.yaml",
                "the checklist",
                folder,
                "its text introduces the checklist",
            )),
        }
    }
    Vec::new()
}

/// The folder an `…/index.html` output is in.
fn dir_of(out: &SitePath) -> SitePath {
    let mut d = out.segments().to_vec();
    d.pop();
    SitePath::from_segments(d)
}

/// The language rules pages are made in.
struct Lang<'a> {
    index: usize,
    tag: &'a str,
    default: &'a str,
}

/// Where a checklist's applicant pages go: the folder they answer to, the
/// folder they are written in, the checklist page they hang under.
struct Place<'a> {
    dir: &'a [String],
    out: &'a SitePath,
    parent: usize,
}

fn add_regions(
    rules: &Rules,
    section_dir: &[String],
    section: usize,
    entries: &mut Vec<Entry>,
    lang: &Lang,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(Vec<String>, usize)> {
    let base = dir_of(&entries[section].out);
    let mut folders = Vec::new();
    for (ri, region) in rules.regions.iter().enumerate() {
        let mut virtual_dir = section_dir.to_vec();
        virtual_dir.push(region.slug.clone());
        let out_dir = base.join(&region.slug);
        // A content file at the region's address adds its text to the page.
        let mut prose = section_dir.to_vec();
        prose.push(format!("{}.md", region.slug));
        let own = entries
            .iter()
            .position(|e| e.page.key == prose && e.page.lang == lang.index && e.kind == Kind::Page);
        let region_entry = match own {
            Some(i) => {
                entries[i].kind = Kind::Region(ri);
                entries[i].listed = false;
                let mut folder = virtual_dir.clone();
                folder.push("_index.md".to_string());
                entries[i].key = folder.clone();
                folders.push((folder, i));
                i
            }
            None => {
                let name = region.name.get(lang.tag, lang.default);
                let page = generated_page(&virtual_dir, &region.file, name, lang.index);
                push_generated(
                    entries,
                    page,
                    Kind::Region(ri),
                    out_dir.join("index.html"),
                    section,
                )
            }
        };
        let name = region.name.get(lang.tag, lang.default).to_string();
        virtual_dir.push("checklist".to_string());
        let checklist_out = out_dir.join("checklist");
        let page = generated_page(&virtual_dir, &region.file, "", lang.index);
        let checklist = push_generated(
            entries,
            page,
            Kind::Checklist {
                region: Some(ri),
                applicant: None,
            },
            checklist_out.join("index.html"),
            region_entry,
        );
        entries[checklist].checklist_of = Some(ChecklistOf {
            region: Some(name),
            applicant: None,
        });
        let at = Place {
            dir: &virtual_dir,
            out: &checklist_out,
            parent: checklist,
        };
        add_applicant_pages(rules, Some(ri), at, entries, lang, problems);
    }
    folders
}

/// One checklist page per applicant type, under the checklist page
/// `parent`.
fn add_applicant_pages(
    rules: &Rules,
    region: Option<usize>,
    at: Place,
    entries: &mut Vec<Entry>,
    lang: &Lang,
    problems: &mut Vec<Diagnostic>,
) {
    let (virtual_dir, out_dir, parent) = (at.dir, at.out, at.parent);
    let file = match region {
        Some(ri) => rules.regions[ri].file.clone(),
        None => rules
            .applicant
            .map(|q| rules.questions[q].file.clone())
            .unwrap_or_default(),
    };
    for (ai, option) in rules.applicant_options().iter().enumerate() {
        let seg = applicant_folder(&option.value);
        if seg.is_empty() {
            problems.push(
                Diagnostic::error(format!(
                    "applicant option `{}` cannot name a URL",
                    option.value
                ))
                .in_file(&file)
                .with_help("use letters or digits in the option's value"),
            );
            continue;
        }
        let mut dir = virtual_dir.to_vec();
        dir.push(seg.clone());
        // Without regions, the checklist section's title names them all.
        let title = entries[parent].page.doc.meta.title.clone();
        let page = generated_page(&dir, &file, &title, lang.index);
        let i = push_generated(
            entries,
            page,
            Kind::Checklist {
                region,
                applicant: Some(ai),
            },
            out_dir.join(&seg).join("index.html"),
            parent,
        );
        entries[i].checklist_of = Some(ChecklistOf {
            region: region.map(|ri| {
                rules.regions[ri]
                    .name
                    .get(lang.tag, lang.default)
                    .to_string()
            }),
            applicant: Some(option.label.clone()),
        });
    }
}

/// Adds a page made from rules under `parent`, out of the navigation and
/// reading order (the page that lists it leads there); returns its index.
fn push_generated(
    entries: &mut Vec<Entry>,
    page: ParsedPage,
    kind: Kind,
    out: SitePath,
    parent: usize,
) -> usize {
    entries.push(Entry {
        listed: false,
        generated: true,
        ..new_entry(page, kind, out, Some(parent))
    });
    entries.len() - 1
}

/// A page made from rules: it answers to a folder path under content/ (as
/// a section would) and reports problems in the rules file it came from.
/// Its title is a name from the rules, or empty where templates word it.
fn generated_page(
    virtual_dir: &[String],
    file: &std::path::Path,
    title: &str,
    lang: usize,
) -> ParsedPage {
    let mut segments = virtual_dir.to_vec();
    segments.push("_index.md".to_string());
    ParsedPage {
        key: segments.clone(),
        lang,
        segments,
        display: file.to_path_buf(),
        text: String::new(),
        doc: Document::titled(title.to_string()),
    }
}
