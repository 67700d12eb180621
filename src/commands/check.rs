//! `beian check`: everything a build validates, without writing, plus what
//! editors should know about the facts (stale ones, weak sources).

use std::path::Path;

use super::report::{self, Format};
use super::{Exit, plural};
use crate::parse::zone::TimeZone;
use crate::pipeline::{self, Options, Output};
use crate::rules::review;

pub struct Args {
    pub drafts: bool,
    pub format: Format,
    pub deny_warnings: bool,
    /// List what each language lacks, not only count it.
    pub verbose: bool,
}

/// The zone "today" is counted in: site.yaml's, else the system's. The
/// pipeline has reported a site.yaml that does not read (read as every
/// file is, never a pipe or a link out of the site).
fn time_zone(root: &Path) -> TimeZone {
    crate::load::load_config(root).map_or_else(|_| TimeZone::system(), |c| c.time_zone())
}

pub fn run(root: &Path, args: Args) -> Exit {
    let mut outcome = pipeline::run(
        &Options {
            root: root.to_path_buf(),
            drafts: args.drafts,
            base_url: None,
            search_index: false,
            cache: false,
        },
        Output::Discard,
    );
    if let Some(rules) = &outcome.rules {
        let zone = time_zone(root);
        outcome
            .diagnostics
            .extend(review::review(rules, zone.today(), zone.name()));
    }
    if let (Some(coverage), Ok(config)) = (&outcome.coverage, crate::load::load_config(root)) {
        outcome
            .diagnostics
            .extend(coverage.diagnostics(&config.language, args.verbose));
    }
    let pages = outcome.built.as_ref().map(|b| b.pages);
    let quiz = outcome.built.as_ref().and_then(|b| b.quiz_paths);
    let counts = report::print(outcome.diagnostics, args.format);
    let failed =
        counts.errors > 0 || pages.is_none() || (args.deny_warnings && counts.warnings > 0);
    if args.format == Format::Text {
        if let Some(paths) = quiz {
            eprintln!("proved the quiz on all {paths} ways to answer it");
        }
        let notes = if counts.notes > 0 {
            format!(" ({} for editors)", plural(counts.notes, "note", "notes"))
        } else {
            String::new()
        };
        match (counts.errors, counts.warnings, pages) {
            (0, 0, Some(pages)) => {
                eprintln!(
                    "checked {}: no problems{notes}",
                    plural(pages, "page", "pages")
                )
            }
            (0, w, Some(pages)) => eprintln!(
                "checked {}: {}, no errors{notes}{}",
                plural(pages, "page", "pages"),
                plural(w, "warning", "warnings"),
                if args.deny_warnings {
                    "; failing: --deny-warnings"
                } else {
                    ""
                }
            ),
            (e, w, _) => eprintln!(
                "check failed: {}, {}{notes}",
                plural(e, "error", "errors"),
                plural(w, "warning", "warnings")
            ),
        }
    }
    if failed { Exit::Content } else { Exit::Ok }
}
