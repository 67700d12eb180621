//! `beian schema`: JSON Schemas for the rules files and front matter, so an
//! editor's YAML plugin completes and validates them.

use std::fs;
use std::path::Path;

use schemars::{JsonSchema, schema_for};

use super::Exit;
use crate::parse::front_matter::FrontMatter;
use crate::rules::raw;

/// File name → schema, in a stable order.
pub fn schemas() -> Vec<(&'static str, String)> {
    fn json<T: JsonSchema>() -> String {
        let schema = schema_for!(T);
        // Pretty and newline-terminated: these files are committed.
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    }
    vec![
        ("rules.schema.json", json::<raw::RulesFile>()),
        ("sources.schema.json", json::<raw::SourcesFile>()),
        ("facts.schema.json", json::<raw::FactsFile>()),
        ("region.schema.json", json::<raw::RegionFile>()),
        ("conditions.schema.json", json::<raw::ConditionsFile>()),
        ("questions.schema.json", json::<raw::QuestionsFile>()),
        ("checklist.schema.json", json::<raw::ChecklistFile>()),
        ("outcomes.schema.json", json::<raw::OutcomesFile>()),
        ("glossary.schema.json", json::<raw::GlossaryFile>()),
        ("front-matter.schema.json", json::<FrontMatter>()),
    ]
}

/// Writes the schemas into `out`, or into the site's `rules/schemas/`.
pub fn run(root: &Path, out: Option<&Path>) -> Exit {
    let site_root = crate::load::files::display_root(root);
    let out = match out {
        Some(out) => out.to_path_buf(),
        None => {
            if !root.join(crate::config::FILE_NAME).is_file() {
                let d = crate::load::not_a_site(&site_root).with_help(
                    "run beian in the folder that holds site.yaml, pass --root DIR, or write the schemas elsewhere with --out DIR",
                );
                eprintln!("{d}");
                return Exit::Content;
            }
            site_root.join("rules/schemas")
        }
    };
    // Files in content/ or a theme are published with the site.
    use crate::load::{CONTENT_DIR, THEMES_DIR};
    if let Ok(Some(crate::write::placement::Misplaced::InsideInput(input))) =
        crate::write::placement::check(&out, root, &[CONTENT_DIR, THEMES_DIR])
    {
        eprintln!(
            "error: refusing to write schemas into {}: it is inside {}/, which is published with the site\n  = help: the schemas belong with the rules: leave out --out to write rules/schemas/",
            out.display(),
            input.display()
        );
        return Exit::Usage;
    }
    if out.is_file() {
        eprintln!(
            "error: --out {}: it is a file; the schemas go into a folder",
            out.display()
        );
        return Exit::Usage;
    }
    if let Err(e) = fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return Exit::Usage;
    }
    for (name, text) in schemas() {
        let path = out.join(name);
        if let Err(e) = fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Exit::Usage;
        }
        super::print_out(&format!("{}\n", path.display()));
    }
    Exit::Ok
}
