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

/// The site's folder as the file system resolves it. Every file a build
/// reads must resolve inside it: followed out of the site, a symbolic link
/// would publish a file the site does not own (a password file, the
/// process's environment) or quote its lines in an error message. Links
/// that stay inside the site are followed.
#[derive(Debug, Clone)]
pub struct Fence {
    root: PathBuf,
}

impl Fence {
    pub fn new(root: &Path) -> Result<Fence, Diagnostic> {
        match root.canonicalize() {
            Ok(root) => Ok(Fence { root }),
            Err(e) => Err(
                Diagnostic::error(format!("cannot read the site's folder: {e}"))
                    .in_file(&display_root(root)),
            ),
        }
    }

    /// Whether `abs` may be read: it resolves inside the site, to a file or
    /// a folder. A path that does not resolve at all is let through, for
    /// the read itself to say what is wrong with it.
    pub fn admit(&self, abs: &Path, display: &Path) -> Result<(), Diagnostic> {
        let Ok(real) = abs.canonicalize() else {
            return Ok(());
        };
        if !real.starts_with(&self.root) {
            return Err(Diagnostic::error(format!(
                "this leads outside the site, to {}: beian reads only files inside the site's folder",
                real.display()
            ))
            .in_file(display)
            .with_help("copy the file into the site instead of linking to it"));
        }
        match std::fs::metadata(&real) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(not_a_file(display, &meta)),
            _ => Ok(()),
        }
    }

    /// Reads a file named directly (not found by [`walk`]) as text, once
    /// [`Fence::admit`] lets it in.
    pub fn read_text(&self, abs: &Path, display: &Path) -> Result<String, Diagnostic> {
        self.admit(abs, display)?;
        read_text(abs, display)
    }
}

/// A named pipe, a socket or a device where a file was expected: opening a
/// pipe would wait for a writer forever, so it is reported, never read.
fn not_a_file(display: &Path, meta: &std::fs::Metadata) -> Diagnostic {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            "a named pipe (FIFO)"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_block_device() || t.is_char_device() {
            "a device"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = meta;
        "not a regular file"
    };
    Diagnostic::error(format!(
        "this is {what}, not a file: beian reads only regular files"
    ))
    .in_file(display)
    .with_help("remove it, or move it out of the site's folders")
}

/// Every file under `dir` in a stable order, skipping hidden files and
/// editors' temporary files. `display_dir` is how `dir` is shown. A link
/// out of the site, and anything that is not a file or a folder, is
/// reported and left out.
pub fn walk(
    dir: &Path,
    display_dir: &Path,
    fence: &Fence,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    walk_keeping(dir, display_dir, fence, problems, &mut Vec::new())
}

/// Like [`walk`], and gives what is there but is not a file (a named
/// pipe, say) to `others`, so that links to it are not called broken on
/// top of its own error.
pub fn walk_keeping(
    dir: &Path,
    display_dir: &Path,
    fence: &Fence,
    problems: &mut Vec<Diagnostic>,
    others: &mut Vec<Found>,
) -> Vec<Found> {
    let mut found = Vec::new();
    if let Err(d) = fence.admit(dir, display_dir) {
        problems.push(d);
        return found;
    }
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                problems.push(walk_error(&err, dir, display_dir));
                continue;
            }
        };
        let skip = entry.depth() > 0
            && (is_ignored(entry.file_name().to_string_lossy().as_ref())
                || entry.path_is_symlink()
                    && fence
                        .admit(entry.path(), &display_of(entry.path(), dir, display_dir))
                        .map_err(|d| problems.push(d))
                        .is_err());
        if skip {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let display = display_of(entry.path(), dir, display_dir);
        if !entry.file_type().is_file() {
            match entry.metadata() {
                Ok(meta) => problems.push(not_a_file(&display, &meta)),
                Err(err) => problems.push(walk_error(&err, dir, display_dir)),
            }
            others.extend(found_file(entry.path(), dir, display, &mut Vec::new()));
            continue;
        }
        if let Some(f) = found_file(entry.path(), dir, display, problems) {
            found.push(f);
        }
    }
    found
}

fn walk_error(err: &walkdir::Error, dir: &Path, display_dir: &Path) -> Diagnostic {
    let shown = err
        .path()
        .map(|p| display_of(p, dir, display_dir))
        .unwrap_or_else(|| display_dir.to_path_buf());
    let message = if err.loop_ancestor().is_some() {
        "symbolic link loop: this link points back to a folder that contains it".to_string()
    } else {
        format!("cannot read: {}", io_reason(err))
    };
    Diagnostic::error(message)
        .in_file(&shown)
        .with_help("remove the link or fix the file's permissions")
}

/// A file found at `path` under `dir`, named by its segments; `None` (and a
/// problem) when its name is no text.
fn found_file(
    path: &Path,
    dir: &Path,
    display: PathBuf,
    problems: &mut Vec<Diagnostic>,
) -> Option<Found> {
    let rel = path.strip_prefix(dir).ok()?;
    let mut segments = Vec::new();
    for part in rel.components() {
        match part.as_os_str().to_str() {
            Some(s) => segments.push(s.to_string()),
            None => {
                problems.push(
                    Diagnostic::error("file name is not valid UTF-8")
                        .in_file(&display)
                        .with_help("rename the file; names become URLs and must be text"),
                );
                return None;
            }
        }
    }
    Some(Found {
        segments,
        abs: path.to_path_buf(),
        display,
    })
}

/// Whether a file that is copied as it is, not read here, can be read:
/// `check` must find what would stop `build` from copying it.
pub fn check_readable(found: &Found) -> Result<(), Diagnostic> {
    std::fs::File::open(&found.abs).map(drop).map_err(|e| {
        Diagnostic::error(format!("cannot read: {e}"))
            .in_file(&found.display)
            .with_help("fix the file's permissions, or remove it")
    })
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

/// Reads a file as UTF-8 text without a byte-order mark: one that [`walk`]
/// found, or [`Fence::admit`] let in (see [`Fence::read_text`]).
pub fn read_text(abs: &Path, display: &Path) -> Result<String, Diagnostic> {
    let mut bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(format!("cannot read: {e}"))
            .in_file(display)
            .with_help("check that the file exists and is readable")
    })?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // The text is the bytes read, checked in place, not a copy of them.
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let (bytes, e) = (e.as_bytes(), e.utf8_error());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
        let dir = std::env::temp_dir().join(format!("beian-read-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("page.md");
        std::fs::write(&path, bytes).unwrap();
        let read = read_text(&path, Path::new("content/page.md"));
        let _ = std::fs::remove_dir_all(&dir);
        read
    }

    #[test]
    fn text_is_read_whole_without_its_byte_order_mark() {
        assert_eq!(read("plain", "a\n备案\n".as_bytes()).unwrap(), "a\n备案\n");
        assert_eq!(read("bom", b"\xEF\xBB\xBFtitle\n").unwrap(), "title\n");
        // Only a mark at the start is one.
        assert_eq!(
            read("inner", "a\u{FEFF}b".as_bytes()).unwrap(),
            "a\u{FEFF}b"
        );
    }

    #[test]
    fn a_byte_that_is_not_text_is_placed_in_the_text_without_the_mark() {
        let err = read("latin1", b"\xEF\xBB\xBFcaf\xE9\n").unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("content/page.md:1:4"), "{shown}");
        assert!(shown.contains("not valid UTF-8"), "{shown}");
    }
}
