//! `beian check`: everything a build validates, without writing.

use std::path::Path;

use super::{Exit, plural, report};
use crate::pipeline::{self, Options};

pub fn run(root: &Path, drafts: bool) -> Exit {
    let outcome = pipeline::run(&Options {
        root: root.to_path_buf(),
        drafts,
        base_url: None,
    });
    let pages = outcome.built.as_ref().map(|b| b.pages);
    if let Some(paths) = outcome.built.as_ref().and_then(|b| b.quiz_paths) {
        eprintln!("proved the quiz on all {paths} ways to answer it");
    }
    let (errors, warnings) = report(outcome.diagnostics);
    match (errors, warnings, pages) {
        (0, 0, Some(pages)) => {
            eprintln!("checked {}: no problems", plural(pages, "page", "pages"));
            Exit::Ok
        }
        (0, w, Some(pages)) => {
            eprintln!(
                "checked {}: {}, no errors",
                plural(pages, "page", "pages"),
                plural(w, "warning", "warnings")
            );
            Exit::Ok
        }
        (e, w, _) => {
            eprintln!(
                "check failed: {}, {}",
                plural(e, "error", "errors"),
                plural(w, "warning", "warnings")
            );
            Exit::Content
        }
    }
}
