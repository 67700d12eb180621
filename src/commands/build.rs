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
    let _lock = match claim(&out, root) {
        Ok(lock) => lock,
        Err(exit) => return exit,
    };

    let outcome = pipeline::run(
        &Options {
            root: root.to_path_buf(),
            drafts: args.drafts,
            base_url,
            search_index: true,
            cache: true,
        },
        Output::Folder(&out),
    );
    let (errors, warnings) = report(outcome.diagnostics);
    if let Err(exit) = check_written(outcome.write_error, &out) {
        return exit;
    }
    let Some(built) = outcome.built else {
        eprintln!(
            "error: build failed with {}; {} was not changed",
            plural(errors, "error", "errors"),
            out.display()
        );
        return Exit::Content;
    };
    if let Err(exit) = swap_in(built.staged, &out) {
        return exit;
    }
    eprintln!(
        "built {}{} into {} in {} ms{}",
        plural(built.pages, "page", "pages"),
        built
            .indexed
            .map(|n| format!(
                " and a search index of {n}{}",
                if built.index_reused {
                    " (unchanged, from .beian-cache)"
                } else {
                    ""
                }
            ))
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

/// Makes sure the output folder may be written and no other build writes
/// it, and repairs what an interrupted build left there.
fn claim(out: &Path, root: &Path) -> Result<write::lock::Lock, Exit> {
    write::check_placement(out, root)
        .and_then(|()| write::lock::acquire(out))
        .and_then(|lock| write::repair(out).map(|()| lock))
        .map_err(|e| {
            eprintln!("error: {e}");
            Exit::Usage
        })
}

/// Whether writing the build was interrupted or failed; either way the
/// output folder is as it was.
fn check_written(write_error: Option<write::WriteError>, out: &Path) -> Result<(), Exit> {
    if crate::interrupt::interrupted()
        || matches!(write_error, Some(write::WriteError::Interrupted))
    {
        eprintln!("interrupted: {} was not changed", out.display());
        return Err(Exit::Interrupted);
    }
    if let Some(e) = write_error {
        eprintln!("error: {e}");
        return Err(Exit::Usage);
    }
    Ok(())
}

/// Puts the staged build in place of the output folder.
fn swap_in(staged: Option<write::Staging>, out: &Path) -> Result<(), Exit> {
    let Some(staging) = staged else {
        eprintln!(
            "error: internal: the build kept no output folder; {} was not changed",
            out.display()
        );
        return Err(Exit::Content);
    };
    match staging.finish() {
        Ok(report) => {
            if let Some(left) = report.leftover {
                eprintln!(
                    "warning: could not remove the previous output, moved to {}; delete it when convenient",
                    left.display()
                );
            }
            Ok(())
        }
        Err(write::WriteError::Interrupted) => {
            eprintln!("interrupted: {} was not changed", out.display());
            Err(Exit::Interrupted)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(Exit::Usage)
        }
    }
}
