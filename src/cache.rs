//! The site's `.beian-cache/`: what a build keeps for the next one to reuse
//! (the search index, the quiz's proof), outside the output and never read
//! as a source. Every entry carries the key of what made it, so a different
//! input or beian reads as no entry; an entry that cannot be written costs
//! the next build its time, nothing else.

use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use siphasher::sip128::{Hasher128, SipHasher13};

/// The folder, under the site's root.
pub const DIR: &str = ".beian-cache";

/// The path of entry `name` of the cache of the site at `root`.
pub fn entry(root: &Path, name: &str) -> PathBuf {
    root.join(DIR).join(name)
}

/// Replaces entry `name` with `bytes`, whole: written beside it, then
/// renamed into place, so a build stopped halfway leaves the old entry or
/// the new one, never a part.
pub fn put(root: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    put_with(root, name, |w| w.write_all(bytes))
}

/// [`put`], with the entry written by `write` as it goes, so a large entry
/// is never held whole in memory.
pub fn put_with(
    root: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut pending = Pending::begin(root, name)?;
    write(&mut pending)?;
    pending.commit()
}

/// An entry being written: it replaces the old one, whole, only when
/// committed; dropped uncommitted, it leaves the old one and no trace.
pub struct Pending {
    /// `None` once committed.
    file: Option<std::io::BufWriter<fs::File>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    pub fn begin(root: &Path, name: &str) -> std::io::Result<Pending> {
        let dir = root.join(DIR);
        fs::create_dir_all(&dir)?;
        // A cache is never anyone's source: git leaves it alone.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            fs::write(ignore, "*\n")?;
        }
        let path = dir.join(name);
        // Named for this process: two builds of one site at once each
        // write their own, and the last renamed wins whole.
        let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
        Ok(Pending {
            file: Some(std::io::BufWriter::new(fs::File::create(&tmp)?)),
            tmp,
            path,
        })
    }

    pub fn commit(mut self) -> std::io::Result<()> {
        if let Some(file) = self.file.take()
            && let Err(e) = file.into_inner().map_err(|e| e.into_error())
        {
            let _ = fs::remove_file(&self.tmp);
            return Err(e);
        }
        fs::rename(&self.tmp, &self.path).inspect_err(|_| {
            let _ = fs::remove_file(&self.tmp);
        })
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Err(std::io::Error::other("cache entry already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), |f| f.flush())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// A fingerprint of `parts`, each counted with its length, so that
/// moving bytes from one part to the next makes another fingerprint.
pub fn fingerprint(parts: &[&[u8]]) -> u128 {
    let mut h = SipHasher13::new();
    for part in parts {
        h.write_usize(part.len());
        h.write(part);
    }
    h.finish128().as_u128()
}

/// Writes `bytes` as a field of an entry: its length, then itself.
pub fn write_field(w: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// A field written by [`write_field`], and what follows it; `None` when
/// the bytes are cut short.
pub fn field(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_at_checked(8)?;
    let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
    rest.split_at_checked(len)
}

/// What identifies this beian: its version, and the size and time of the
/// binary, so a rebuilt binary of the same version does not reuse what
/// another made.
pub fn binary_key() -> String {
    let binary = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{time}", m.len())
        })
        .unwrap_or_default();
    format!("beian {} {binary}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(root: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(root.join(DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_entry_is_replaced_only_when_committed_and_leaves_no_trace_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        put(dir.path(), "e", b"old").unwrap();

        let mut pending = Pending::begin(dir.path(), "e").unwrap();
        pending.write_all(b"half").unwrap();
        drop(pending);
        assert_eq!(fs::read(entry(dir.path(), "e")).unwrap(), b"old");
        assert_eq!(names(dir.path()), [".gitignore", "e"]);

        let mut pending = Pending::begin(dir.path(), "e").unwrap();
        pending.write_all(b"new").unwrap();
        pending.commit().unwrap();
        assert_eq!(fs::read(entry(dir.path(), "e")).unwrap(), b"new");
        assert_eq!(names(dir.path()), [".gitignore", "e"]);
    }
}
