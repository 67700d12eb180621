//! When each file last changed, from git: one `git log` for the whole site,
//! not one per file. Outside a git checkout (or without git) there are no
//! dates, and pages fall back to their `updated` front matter.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::parse::date::Date;

#[derive(Debug, Default)]
pub struct History {
    /// Path relative to the site root -> date of the last commit touching it.
    changed: HashMap<PathBuf, Date>,
    /// The site root's path inside the repository (`""` at its top).
    prefix: String,
}

impl History {
    pub fn read(root: &Path) -> History {
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        };
        let Some(prefix) = git(&["rev-parse", "--show-prefix"]) else {
            return History::default();
        };
        let Some(log) = git(&[
            "-c",
            "core.quotepath=off",
            "log",
            "--relative",
            "--format=%x00%cs",
            "--name-only",
            "--",
            ".",
        ]) else {
            return History::default();
        };
        let mut changed = HashMap::new();
        let mut date = None;
        for line in log.lines() {
            if let Some(d) = line.strip_prefix('\0') {
                date = Date::parse(d.trim()).ok();
            } else if let (Some(d), false) = (date, line.is_empty()) {
                // Newest first: the first date seen for a file is its last change.
                changed.entry(PathBuf::from(line)).or_insert(d);
            }
        }
        History {
            changed,
            prefix: prefix.trim().to_string(),
        }
    }

    /// When `rel` (relative to the site root) last changed in a commit.
    pub fn changed(&self, rel: &Path) -> Option<Date> {
        self.changed.get(rel).copied()
    }

    /// `rel`'s path from the top of the repository, for "edit" links.
    pub fn repo_path(&self, rel: &Path) -> String {
        format!("{}{}", self.prefix, rel.display())
    }
}
