//! What each CLI command does, on top of the pipeline.

pub mod answers;
pub mod build;
pub mod check;
pub mod checklist;
pub mod init;
pub mod quiz;
pub mod report;
pub mod schema;

use std::path::Path;
use std::process::ExitCode;

use crate::diag::Diagnostics;

/// The exit codes, as the README documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// Problems in the site's files.
    Content = 1,
    /// Bad arguments, or an output folder beian may not or cannot write.
    Usage = 2,
    /// Stopped by Ctrl-C, as shells count it (128 + SIGINT).
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// `--root` must name a folder. Anything else is a mistake in the command,
/// not in a site, so it is told apart from "no site.yaml here".
pub fn check_root(root: &Path) -> Result<(), String> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "--root {}: it is a file; --root names the folder that holds site.yaml",
            root.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("--root {}: no such folder", root.display()))
        }
        Err(e) => Err(format!("--root {}: {e}", root.display())),
    }
}

/// Prints every diagnostic to stderr, in file order.
pub fn report(diags: Diagnostics) -> (usize, usize) {
    let counts = report::print(diags, report::Format::Text);
    (counts.errors, counts.warnings)
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub use crate::terminal::print_out;
