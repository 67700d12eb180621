//! When each file last changed, from git: one `git log` for the whole site,
//! not one per file. Outside a git checkout (or without git) there are no
//! dates, and pages fall back to their `updated` front matter.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diag::Diagnostic;
use crate::parse::date::Date;

#[derive(Debug, Default)]
pub struct History {
    /// Path relative to the site root -> date of the last commit touching it.
    changed: HashMap<PathBuf, Date>,
    /// The site root's path inside the repository (`""` at its top).
    prefix: String,
    /// A shallow clone: history stops at some commits, so files last
    /// changed before them have no date.
    shallow: bool,
}

/// Marks a commit's line in the log, so that no file name is taken for one.
const COMMIT: char = '\u{1}';

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
        // `-z`: names end in NUL and are never quoted, whatever they hold.
        let Some(log) = git(&[
            "log",
            "-z",
            "--relative",
            "--format=%x01%H %cs",
            "--name-only",
            "--",
            ".",
        ]) else {
            return History::default();
        };
        let boundary = shallow_boundary(root, &git);
        History {
            changed: parse_log(&log, &boundary),
            prefix: prefix.trim().to_string(),
            shallow: !boundary.is_empty(),
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

    /// A warning, the first time a process reads a shallow clone: its pages
    /// fall back to their `updated` dates, which is rarely what was meant.
    pub fn shallow_warning(&self) -> Option<Diagnostic> {
        static WARNED: AtomicBool = AtomicBool::new(false);
        if !self.shallow || WARNED.swap(true, Ordering::Relaxed) {
            return None;
        }
        Some(
            Diagnostic::warning(
                "this git checkout is a shallow clone, so pages last changed before its oldest commit show their front matter's `updated` date instead",
            )
            .with_help(
                "fetch the whole history (`git fetch --unshallow`); in GitHub Actions give actions/checkout `fetch-depth: 0`, as README.md's CI example does",
            ),
        )
    }
}

/// The commits a shallow clone's history stops at; empty in a full one.
fn shallow_boundary(root: &Path, git: &dyn Fn(&[&str]) -> Option<String>) -> HashSet<String> {
    let shallow = git(&["rev-parse", "--is-shallow-repository"]);
    if shallow.as_deref().map(str::trim) != Some("true") {
        return HashSet::new();
    }
    let file = git(&["rev-parse", "--git-path", "shallow"]).map(|p| root.join(p.trim()));
    let listed = file.and_then(|f| std::fs::read_to_string(f).ok());
    let mut commits: HashSet<String> = listed
        .iter()
        .flat_map(|s| s.lines())
        .map(|l| l.trim().to_string())
        .collect();
    // Shallow, though the list could not be read: still say so.
    if commits.is_empty() {
        commits.insert(String::new());
    }
    commits
}

/// `git log -z --format=%x01%H %cs --name-only`: each commit's mark, hash
/// and date, then the names it touched, each ending in NUL. A commit at
/// the shallow boundary lists every file, as if it had just been added, so
/// its date says nothing and is skipped.
fn parse_log(log: &str, boundary: &HashSet<String>) -> HashMap<PathBuf, Date> {
    let mut changed = HashMap::new();
    let mut date = None;
    for token in log.split('\0') {
        let token = token.strip_prefix('\n').unwrap_or(token);
        if let Some(commit) = token.strip_prefix(COMMIT) {
            let (hash, d) = commit.split_once(' ').unwrap_or((commit, ""));
            date = Date::parse(d.trim())
                .ok()
                .filter(|_| !boundary.contains(hash));
        } else if let (Some(d), false) = (date, token.is_empty()) {
            // Newest first: the first date seen for a file is its last change.
            changed.entry(PathBuf::from(token)).or_insert(d);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_git_would_quote_keep_their_dates() {
        let log = "\u{1}h2 2026-03-02\0\nc/plain.md\0\u{1}h1 2026-03-01\0\nc/a\"b.md\0c/plain.md\0c/t\tab\\c.md\0";
        let changed = parse_log(log, &HashSet::new());
        let date = |p: &str| changed.get(Path::new(p)).map(ToString::to_string);
        assert_eq!(date("c/plain.md").as_deref(), Some("2026-03-02"));
        assert_eq!(date("c/a\"b.md").as_deref(), Some("2026-03-01"));
        assert_eq!(date("c/t\tab\\c.md").as_deref(), Some("2026-03-01"));
        let boundary = HashSet::from(["h1".to_string()]);
        let changed = parse_log(log, &boundary);
        assert_eq!(changed.len(), 1, "{changed:?}");
    }
}
