//! Stage 5: writing the site. Everything goes into a staging folder beside
//! the output; only when all of it is written is the staging folder swapped
//! in, so a failed or interrupted build leaves the previous output as it
//! was. An output folder is only ever replaced when beian made it.
//!
//! Every step is ordered so that a build stopped at any instant (a crash,
//! `kill -9`, a power cut) leaves folders the next build recognises and
//! repairs: the output, the previous output moved aside (whole, or not at
//! all), a staging folder and a trash folder, each marked as beian's for
//! as long as it holds anything. See [`Staging::begin`].

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::plan::url::SitePath;

pub mod fault;
pub mod lock;
pub mod placement;

/// Marks a folder as beian's to replace.
pub use crate::plan::MARKER;
const MARKER_TEXT: &str =
    "This folder is written by `beian build`, which replaces all of it on every build.\n";

pub enum Contents {
    Bytes(Vec<u8>),
    /// Copied from this file when written.
    Copy(PathBuf),
}

pub struct OutputFile {
    pub path: SitePath,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum WriteError {
    /// Ctrl-C: stopped before the swap.
    Interrupted,
    /// The folder is there and is not ours to replace.
    NotOurs { path: PathBuf, why: String },
    /// Another build holds the output folder's lock.
    Busy {
        path: PathBuf,
        lock: PathBuf,
        holder: Option<u32>,
    },
    /// The folder holds the site, or lies in a folder the build reads.
    Misplaced {
        path: PathBuf,
        why: placement::Misplaced,
    },
    Io {
        path: PathBuf,
        doing: &'static str,
        err: io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |path: &Path| {
            crate::terminal::escape_controls(&path.display().to_string()).into_owned()
        };
        match self {
            WriteError::Interrupted => write!(f, "interrupted"),
            WriteError::NotOurs { path, why } => write!(
                f,
                "refusing to replace {}: {why}\n  = help: beian only replaces a folder it created (one holding a {MARKER} file). Choose another folder with --out; if nothing in this one is yours, empty or remove it yourself.",
                shown(path)
            ),
            WriteError::Busy { path, lock, holder } => write!(
                f,
                "another beian build{} is writing {} now (it holds the lock {})\n  = help: wait for it to finish, or build into another folder with --out; the lock goes when that build ends, however it ends",
                holder
                    .map(|p| format!(" (process {p})"))
                    .unwrap_or_default(),
                shown(path),
                shown(lock)
            ),
            WriteError::Misplaced {
                path,
                why: placement::Misplaced::HoldsSite,
            } => write!(
                f,
                "refusing to write the site into {}: it holds the site itself, and a build replaces its output folder whole\n  = help: choose a folder inside the site for --out, such as dist",
                shown(path)
            ),
            WriteError::Misplaced {
                path,
                why: placement::Misplaced::InsideInput(input),
            } => write!(
                f,
                "refusing to write the site into {}: it is inside {}/, which the build reads, so every build would copy the last one into the next\n  = help: choose a folder outside content/, rules/ and themes/ for --out, such as dist",
                shown(path),
                shown(input)
            ),
            WriteError::Io { path, doing, err } => write!(
                f,
                "cannot {doing} {}: {err}\n  = help: the previous output, if any, is unchanged",
                shown(path)
            ),
        }
    }
}

#[derive(Debug)]
pub struct Report {
    /// The old output could not be removed after the swap; it is harmless.
    pub leftover: Option<PathBuf>,
}

fn io_err(path: &Path, doing: &'static str) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |err| WriteError::Io { path, doing, err }
}

/// Refuses an output folder that holds the site at `root` or lies in one
/// of the folders a build reads.
pub fn check_placement(out: &Path, root: &Path) -> Result<(), WriteError> {
    use crate::load::{CONTENT_DIR, RULES_DIR, THEMES_DIR};
    match placement::check(out, root, &[CONTENT_DIR, RULES_DIR, THEMES_DIR]) {
        Ok(None) => Ok(()),
        Ok(Some(why)) => Err(WriteError::Misplaced {
            path: out.to_path_buf(),
            why,
        }),
        Err(e) => Err(io_err(out, "inspect")(e)),
    }
}

/// Whether beian may replace `dir`: missing, empty, or marked as its own.
pub fn check_replaceable(dir: &Path) -> Result<(), WriteError> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(dir, "inspect")(e)),
    };
    if !meta.is_dir() {
        return Err(WriteError::NotOurs {
            path: dir.to_path_buf(),
            why: if meta.file_type().is_symlink() {
                "it is a symbolic link".to_string()
            } else {
                "it is a file, not a folder".to_string()
            },
        });
    }
    if dir.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries = fs::read_dir(dir).map_err(io_err(dir, "read"))?;
    if entries.next().is_none() {
        return Ok(());
    }
    Err(WriteError::NotOurs {
        path: dir.to_path_buf(),
        why: "it is not empty and beian did not create it".to_string(),
    })
}

/// The folders beside an output folder `dist` that a build uses: all
/// hidden, named after it, in the folder that holds it.
struct Places {
    out: PathBuf,
    parent: PathBuf,
    /// `.dist.beian-staging`: the next output, being written.
    staging: PathBuf,
    /// `.dist.beian-old`: the previous output, moved aside for the swap.
    /// It only ever exists whole: moved here from the output in one step,
    /// and away (back, or to the trash) in one step.
    old: PathBuf,
    /// `.dist.beian-trash`: a folder being deleted.
    trash: PathBuf,
    /// `.dist.beian-lock`: see [`lock`]; there only while a build runs
    /// (or after one crashed, when it is harmless).
    lock: PathBuf,
}

impl Places {
    fn of(out: &Path) -> Result<Places, WriteError> {
        let name = out
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| *n != "..")
            .ok_or_else(|| WriteError::NotOurs {
                path: out.to_path_buf(),
                why: "it has no folder name of its own".to_string(),
            })?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let beside = |what: &str| parent.join(format!(".{name}.beian-{what}"));
        Ok(Places {
            out: out.to_path_buf(),
            staging: beside("staging"),
            old: beside("old"),
            trash: beside("trash"),
            lock: beside("lock"),
            parent,
        })
    }
}

/// Whether anything is at `path`, a broken link included.
fn is_there(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Deletes a folder of beian's, its marker last: stopped halfway, the
/// folder still holds its marker, or nothing at all, and either way the
/// next build knows it for its own and finishes the job.
fn clear(dir: &Path) -> Result<(), WriteError> {
    // On both cores: the previous output of a large site is tens of
    // thousands of files, and deleting it one after another was the last
    // half second of a 10,000-page build, with one core idle. Files first,
    // then folders, deepest first, each depth on both cores.
    let mut files = Vec::new();
    let mut dirs: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            io_err(&path, "read")(e.into())
        })?;
        if entry.depth() == 1 && entry.file_name() == MARKER {
            continue;
        }
        // Not followed: a link is removed, never what it points to.
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().with_max_len(64).try_for_each(|path| {
        fs::remove_file(path).map_err(io_err(path, "remove"))?;
        fault::point("clear");
        Ok(())
    })?;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        level
            .par_iter()
            .with_max_len(64)
            .try_for_each(|(_, path)| fs::remove_dir(path).map_err(io_err(path, "remove")))?;
    }
    let marker = dir.join(MARKER);
    match fs::remove_file(&marker) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_err(&marker, "remove")(e)),
        _ => {}
    }
    fs::remove_dir(dir).map_err(io_err(dir, "remove"))
}

/// Puts back what a build stopped at any instant left beside output
/// folder `out`: the previous output, when it was moved aside and the new
/// one not yet moved in, returns to its place; staging and trash folders
/// are deleted. Every build does this first, under the output's lock, so
/// that even one that then fails on the site's errors leaves the output in
/// its place.
pub fn repair(out: &Path) -> Result<(), WriteError> {
    repair_places(&Places::of(out)?)
}

fn repair_places(places: &Places) -> Result<(), WriteError> {
    let Places {
        out,
        parent,
        staging,
        old,
        trash,
        ..
    } = places;
    fs::create_dir_all(parent).map_err(io_err(parent, "create"))?;
    if !is_there(out) && is_there(old) {
        check_replaceable(old)?;
        fs::rename(old, out).map_err(io_err(old, "restore"))?;
        fault::point("repair:restored");
    }
    check_replaceable(out)?;
    // Ours to clear, when marked as ours.
    for stale in [trash, staging, old] {
        if is_there(stale) {
            check_replaceable(stale)?;
        }
    }
    if is_there(trash) {
        clear(trash)?;
    }
    if is_there(old) {
        fs::rename(old, trash).map_err(io_err(old, "move aside"))?;
        clear(trash)?;
    }
    if is_there(staging) {
        clear(staging)?;
    }
    Ok(())
}

/// An output folder being written. Files go into a staging folder beside
/// it as they are made, from any thread, so a build need not hold the
/// whole site in memory; [`Staging::finish`] swaps it in. Dropped
/// unfinished (an error, Ctrl-C), it removes the staging folder and the
/// previous output stays as it was.
///
/// The caller holds the output's [`lock::Lock`] from before `begin` until
/// after `finish`.
pub struct Staging {
    places: Places,
}

impl Staging {
    /// Repairs what an interrupted build left (see [`repair`]), then opens
    /// a new staging folder.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        let places = Places::of(out)?;
        repair_places(&places)?;
        let staging = &places.staging;
        fs::create_dir(staging).map_err(io_err(staging, "create"))?;
        fault::point("begin:created");
        fs::write(staging.join(MARKER), MARKER_TEXT).map_err(io_err(staging, "write in"))?;
        Ok(Staging { places })
    }

    /// Writes one file into the staging folder.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        if crate::interrupt::interrupted() {
            return Err(WriteError::Interrupted);
        }
        let mut dest = self.places.staging.clone();
        dest.extend(file.path.segments());
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir).map_err(io_err(dir, "create"))?;
        }
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&dest, bytes).map_err(io_err(&dest, "write")),
            Contents::Copy(from) => fs::copy(from, &dest)
                .map(|_| ())
                .map_err(io_err(from, "copy")),
        }?;
        fault::point("put");
        Ok(())
    }

    /// Swaps the staging folder in for the output folder: the output is
    /// moved aside, the staging folder moved in, and what was moved aside
    /// deleted. Each move is one step of the file system.
    pub fn finish(self) -> Result<Report, WriteError> {
        if crate::interrupt::interrupted() {
            return Err(WriteError::Interrupted);
        }
        let Places {
            out,
            staging,
            old,
            trash,
            ..
        } = &self.places;
        let had_old = is_there(out);
        if had_old {
            fs::rename(out, old).map_err(io_err(out, "move aside"))?;
            fault::point("finish:aside");
        }
        if let Err(e) = fs::rename(staging, out) {
            if had_old {
                let _ = fs::rename(old, out);
            }
            return Err(io_err(out, "replace")(e));
        }
        fault::point("finish:swapped");
        if !had_old {
            return Ok(Report { leftover: None });
        }
        let leftover = if fs::rename(old, trash).is_err() {
            Some(old.clone())
        } else {
            clear(trash).is_err().then(|| trash.clone())
        };
        Ok(Report { leftover })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a successful finish the staging folder has become the
        // output and is gone under this name.
        if is_there(&self.places.staging) {
            let _ = clear(&self.places.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: SitePath::parse_user(path).unwrap(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    /// Writes `files` as the whole of `out`, as a build does.
    fn write_site(out: &Path, files: &[OutputFile]) -> Result<Report, WriteError> {
        let staging = Staging::begin(out)?;
        for f in files {
            staging.put(f)?;
        }
        staging.finish()
    }

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("beian-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_its_own_output_and_nothing_else() {
        let dir = tmp("own");
        let out = dir.join("dist");
        write_site(&out, &[file("a/index.html", "one")]).unwrap();
        write_site(&out, &[file("b.html", "two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
        assert!(!dir.join(".dist.beian-old").exists());
        assert!(!dir.join(".dist.beian-staging").exists());

        let mine = dir.join("mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "keep me").unwrap();
        let err = write_site(&mine, &[file("x.html", "x")]).unwrap_err();
        assert!(matches!(err, WriteError::NotOurs { .. }));
        assert_eq!(
            fs::read_to_string(mine.join("notes.txt")).unwrap(),
            "keep me"
        );
        assert!(!mine.join("x.html").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unfinished_staging_folder_is_removed_and_the_output_kept() {
        let dir = tmp("unfinished");
        let out = dir.join("dist");
        write_site(&out, &[file("a/index.html", "one")]).unwrap();
        {
            let staging = Staging::begin(&out).unwrap();
            staging.put(&file("b/index.html", "two")).unwrap();
            assert!(dir.join(".dist.beian-staging/b/index.html").is_file());
            // Dropped without finish: a failed or interrupted build.
        }
        assert!(!dir.join(".dist.beian-staging").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        assert!(!out.join("b").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_copied_is_an_error_naming_it() {
        let dir = tmp("copy");
        let out = dir.join("dist");
        let staging = Staging::begin(&out).unwrap();
        let gone = dir.join("gone.png");
        let err = staging
            .put(&OutputFile {
                path: SitePath::parse_user("img/gone.png").unwrap(),
                contents: Contents::Copy(gone.clone()),
            })
            .unwrap_err();
        assert!(
            matches!(&err, WriteError::Io { path, doing: "copy", .. } if *path == gone),
            "{err}"
        );
        drop(staging);
        assert!(!out.exists(), "nothing is swapped in");
        assert!(!dir.join(".dist.beian-staging").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
