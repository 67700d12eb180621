//! The site's `.beian-cache/`: what a build keeps for the next one to reuse
//! (the search index, the quiz's proof), outside the output and never read
//! as a source. Every entry carries the key of what made it, so a different
//! input or beian reads as no entry; an entry that cannot be written costs
//! the next build its time, nothing else.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let dir = root.join(DIR);
    fs::create_dir_all(&dir)?;
    // A cache is never anyone's source: git leaves it alone.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::write(ignore, "*\n")?;
    }
    let path = dir.join(name);
    let tmp = path.with_extension("tmp");
    let mut f = std::io::BufWriter::new(fs::File::create(&tmp)?);
    write(&mut f)?;
    f.into_inner().map_err(|e| e.into_error())?;
    fs::rename(tmp, path)
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
