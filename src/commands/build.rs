//! `beian build`: the site into an output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Exit, plural, report};
use crate::config;
use crate::pipeline::{self, Options, Output};
use crate::write;

pub struct Args {
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

pub fn run(root: &Path, args: Args) -> Exit {
    let started = Instant::now();
    let base_url = match args.base_url.as_deref().map(config::normalize_base_url) {
        Some(Err(why)) => {
            eprintln!("error: --base-url: {why}");
            return Exit::Usage;
        }
        Some(Ok(url)) => Some(url),
        None => None,
    };
    let out = args
        .out
        .unwrap_or_else(|| crate::load::files::display_root(root).join("dist"));
    // Fail before doing the work when the work could not be kept. The
    // lock is held until this function returns, the swap included.
    let _lock = match write::check_placement(&out, root)
        .and_then(|()| write::lock::acquire(&out))
        .and_then(|lock| write::repair(&out).map(|()| lock))
    {
        Ok(lock) => lock,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };

    let outcome = pipeline::run(
        &Options {
            root: root.to_path_buf(),
            drafts: args.drafts,
            base_url,
            search_index: true,
        },
        Output::Folder(&out),
    );
    let (errors, warnings) = report(outcome.diagnostics);
    if crate::interrupt::interrupted()
        || matches!(outcome.write_error, Some(write::WriteError::Interrupted))
    {
        eprintln!("interrupted: {} was not changed", out.display());
        return Exit::Interrupted;
    }
    if let Some(e) = outcome.write_error {
        eprintln!("error: {e}");
        return Exit::Usage;
    }
    let Some(built) = outcome.built else {
        eprintln!(
            "error: build failed with {}; {} was not changed",
            plural(errors, "error", "errors"),
            out.display()
        );
        return Exit::Content;
    };
    let Some(staging) = built.staged else {
        eprintln!(
            "error: internal: the build kept no output folder; {} was not changed",
            out.display()
        );
        return Exit::Content;
    };
    match staging.finish() {
        Ok(report) => {
            if let Some(left) = report.leftover {
                eprintln!(
                    "warning: could not remove the previous output, moved to {}; delete it when convenient",
                    left.display()
                );
            }
        }
        Err(write::WriteError::Interrupted) => {
            eprintln!("interrupted: {} was not changed", out.display());
            return Exit::Interrupted;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    }
    eprintln!(
        "built {}{} into {} in {} ms{}",
        plural(built.pages, "page", "pages"),
        built
            .indexed
            .map(|n| format!(" and a search index of {n}"))
            .unwrap_or_default(),
        out.display(),
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(" ({})", plural(warnings, "warning", "warnings"))
        } else {
            String::new()
        }
    );
    Exit::Ok
}
