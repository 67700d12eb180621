//! One build at a time into an output folder. Two at once would each swap
//! in a folder the other had half replaced. A build holds an advisory lock
//! on a file beside its output for as long as it runs; the system lets go
//! of it when the process ends, however it ends, so a crash never leaves
//! the folder locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::{Places, WriteError, io_err};

/// Held while a build writes its output; dropped, it deletes its file
/// and the folders it made for it (when they are still empty), so a build
/// that ends leaves nothing behind but its output.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
    /// Folders made to hold the lock file, deepest first.
    made: Vec<PathBuf>,
}

/// Takes the lock of output folder `out`, or says which build holds it.
pub fn acquire(out: &Path) -> Result<Lock, WriteError> {
    let places = Places::of(out)?;
    let made = make_folders(&places.parent)?;
    let path = places.lock;
    // A build that ends deletes the lock file; one that opened it just
    // before may then lock a file no longer there. Only a lock on the
    // file at the path counts, so such a build tries again.
    for _ in 0..8 {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path, "create"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(WriteError::Busy {
                    path: out.to_path_buf(),
                    lock: path.clone(),
                    holder: holder(&mut file),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(&path, "lock")(e)),
        }
        if !same_file(&file, &path) {
            continue;
        }
        // Only to name the holder to a build that finds the folder taken.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| write!(file, "{}", std::process::id()));
        return Ok(Lock { file, path, made });
    }
    Err(io_err(&path, "lock")(std::io::Error::other(
        "the lock file keeps being replaced",
    )))
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Deleted while still locked, so no build can lock it in between.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
        for dir in &self.made {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// Makes `dir` and any folders above it that are missing; returns those
/// it made, deepest first.
fn make_folders(dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    let mut made = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        made.push(d.to_path_buf());
        at = d.parent();
    }
    std::fs::create_dir_all(dir).map_err(io_err(dir, "create"))?;
    Ok(made)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        let first = acquire(&out).unwrap();
        match acquire(&out) {
            Err(WriteError::Busy { holder, lock, .. }) => {
                assert_eq!(holder, Some(std::process::id()));
                assert_eq!(lock, dir.path().join(".dist.beian-lock"));
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(!dir.path().join(".dist.beian-lock").exists());
        acquire(&out).unwrap();
    }

    #[test]
    fn folders_made_for_the_lock_go_with_it_when_still_empty() {
        let dir = tempfile::tempdir().unwrap();
        drop(acquire(&dir.path().join("a/b/dist")).unwrap());
        assert!(!dir.path().join("a").exists());
        let lock = acquire(&dir.path().join("a/b/dist")).unwrap();
        std::fs::create_dir(dir.path().join("a/b/dist")).unwrap();
        drop(lock);
        assert!(dir.path().join("a/b/dist").is_dir());
    }
}
