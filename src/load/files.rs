//! Walking a folder and reading its files as text, turning every problem
//! into a diagnostic.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::Diagnostic;

/// A file found under a folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// Path segments below the walked folder.
    pub segments: Vec<String>,
    /// Path to open.
    pub abs: PathBuf,
    /// Path to show the user.
    pub display: PathBuf,
}

/// Every file under `dir` in a stable order, skipping hidden files and
/// editors' temporary files. `display_dir` is how `dir` is shown.
pub fn walk(dir: &Path, display_dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<Found> {
    let mut found = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let shown = err
                    .path()
                    .map(|p| display_of(p, dir, display_dir))
                    .unwrap_or_else(|| display_dir.to_path_buf());
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_string()
                } else {
                    format!("cannot read: {}", io_reason(&err))
                };
                problems.push(
                    Diagnostic::error(message)
                        .in_file(&shown)
                        .with_help("remove the link or fix the file's permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = match entry.path().strip_prefix(dir) {
            Ok(rel) => rel,
            Err(_) => continue,
        };
        let mut segments = Vec::new();
        let mut utf8 = true;
        for part in rel.components() {
            match part.as_os_str().to_str() {
                Some(s) => segments.push(s.to_string()),
                None => utf8 = false,
            }
        }
        let display = display_dir.join(rel);
        if !utf8 {
            problems.push(
                Diagnostic::error("file name is not valid UTF-8")
                    .in_file(&display)
                    .with_help("rename the file; names become URLs and must be text"),
            );
            continue;
        }
        found.push(Found {
            segments,
            abs: entry.path().to_path_buf(),
            display,
        });
    }
    found
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with("#")
}

fn display_of(path: &Path, dir: &Path, display_dir: &Path) -> PathBuf {
    path.strip_prefix(dir)
        .map(|rel| display_dir.join(rel))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error()
        .map(|e| e.to_string())
        .unwrap_or_else(|| err.to_string())
}

/// Reads a file as UTF-8 text without a byte-order mark.
pub fn read_text(abs: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(format!("cannot read: {e}"))
            .in_file(display)
            .with_help("check that the file exists and is readable")
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8, so this cannot fail; count on it.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = crate::diag::line_col(good, good.len());
            let shown = String::from_utf8_lossy(bytes);
            Err(Diagnostic::error("file is not valid UTF-8: this byte is not text")
                .at(display, &shown, line, col)
                .with_help(
                    "save the file as UTF-8; most editors offer this under \"Save with encoding\"",
                ))
        }
    }
}

/// Shows paths under the current folder without a leading `./`.
pub fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}
