//! Reading `rules/`: its fixed files, and the region files in the folder
//! rules.yaml names. Nothing is interpreted beyond that folder's name.

use std::path::Path;

use super::files::{self, Fence};
use super::{RULES_DIR, TextFile};
use crate::diag::Diagnostic;

/// The files of `rules/`, as read.
#[derive(Debug)]
pub struct RulesSource {
    pub rules: TextFile,
    pub sources: TextFile,
    /// The facts regions may state; a site without it has none.
    pub facts: Option<TextFile>,
    pub questions: TextFile,
    pub checklist: TextFile,
    /// Conditions named once; optional.
    pub conditions: Option<TextFile>,
    /// The quiz's outcomes; a site without them has no quiz.
    pub outcomes: Option<TextFile>,
    /// The terms checklist items name; optional.
    pub glossary: Option<TextFile>,
    /// The region files, when rules.yaml declares regions.
    pub regions: Vec<TextFile>,
    /// The folder rules.yaml names for them, as written, when it names one.
    pub regions_folder: Option<String>,
    /// Whether that folder exists (a missing one is reported on reading).
    pub regions_folder_found: bool,
}

/// Reads `rules/` if the site has one. `None` also when a required file is
/// missing or unreadable; that is reported.
pub fn load_rules(root: &Path, problems: &mut Vec<Diagnostic>) -> Option<RulesSource> {
    let dir = root.join(RULES_DIR);
    if !dir.is_dir() {
        return None;
    }
    let shown = files::display_root(root).join(RULES_DIR);
    let fence = match Fence::new(root) {
        Ok(f) => f,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let mut read = |name: &str, required: bool| -> Option<TextFile> {
        let path = dir.join(name);
        let display = shown.join(name);
        if !super::is_there(&path) {
            if required {
                problems.push(
                    Diagnostic::error(format!("{} is missing", display.display()))
                        .with_help("rules/README.md describes the files rules/ must hold"),
                );
            }
            return None;
        }
        match fence.read_text(&path, &display) {
            Ok(text) => Some(TextFile {
                segments: vec![name.to_string()],
                display,
                text,
            }),
            Err(d) => {
                problems.push(d);
                None
            }
        }
    };
    let rules = read("rules.yaml", true);
    let sources = read("sources.yaml", true);
    let facts = read("facts.yaml", false);
    let questions = read("questions.yaml", true);
    let checklist = read("checklist.yaml", true);
    let conditions = read("conditions.yaml", false);
    let outcomes = read("outcomes.yaml", false);
    let glossary = read("glossary.yaml", false);
    let regions_folder = rules.as_ref().and_then(|r| regions_folder(&r.text));
    let (regions, regions_folder_found) = match &regions_folder {
        Some(folder) => read_regions(&dir, &shown, folder, &fence, problems),
        None => (Vec::new(), false),
    };
    Some(RulesSource {
        rules: rules?,
        sources: sources?,
        facts,
        questions: questions?,
        checklist: checklist?,
        conditions,
        outcomes,
        glossary,
        regions,
        regions_folder,
        regions_folder_found,
    })
}

/// `regions.folder` of rules.yaml, read before the file is validated (a
/// broken rules.yaml is reported when it is).
fn regions_folder(rules_yaml: &str) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(rules_yaml).ok()?;
    let folder = value.get("regions")?.get("folder")?.as_str()?;
    Some(folder.to_string())
}

fn read_regions(
    dir: &Path,
    shown: &Path,
    folder: &str,
    fence: &Fence,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<TextFile>, bool) {
    let safe = !folder.is_empty()
        && folder
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..");
    if !safe {
        // rules.yaml's validation says what is wrong with the name.
        return (Vec::new(), false);
    }
    let regions_dir = dir.join(folder);
    let regions_shown = shown.join(folder);
    if !regions_dir.is_dir() {
        problems.push(
            Diagnostic::error(format!("{} is missing", regions_shown.display())).with_help(
                "rules.yaml's `regions.folder` names it: add one YAML file per region there, or correct the name",
            ),
        );
        return (Vec::new(), false);
    }
    let mut out = Vec::new();
    for found in files::walk(&regions_dir, &regions_shown, fence, problems) {
        if found.segments.len() != 1 || !found.segments[0].ends_with(".yaml") {
            continue;
        }
        match files::read_text(&found.abs, &found.display) {
            Ok(text) => out.push(TextFile {
                segments: found.segments,
                display: found.display,
                text,
            }),
            Err(d) => problems.push(d),
        }
    }
    (out, true)
}
