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
        ("province.schema.json", json::<raw::ProvinceFile>()),
        ("questions.schema.json", json::<raw::QuestionsFile>()),
        ("checklist.schema.json", json::<raw::ChecklistFile>()),
        ("outcomes.schema.json", json::<raw::OutcomesFile>()),
        ("front-matter.schema.json", json::<FrontMatter>()),
    ]
}

pub fn run(out: &Path) -> Exit {
    if let Err(e) = fs::create_dir_all(out) {
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
