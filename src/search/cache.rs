//! The search index of the previous build, kept outside the output (in the
//! site's `.beian-cache/`, which ignores itself for git and which no build
//! reads as input), with a fingerprint of every page it was made from. When
//! every page the new build indexes is byte for byte the one the stored
//! index was made from, the stored files are the new index: Pagefind's work
//! is skipped whole. A different beian, Pagefind or gzip level makes
//! another key, so a stored index is only ever reused by the build that
//! would have made it.

use std::fs;
use std::path::{Path, PathBuf};

use super::IndexFile;
use crate::plan::url::SitePath;

pub use crate::cache::DIR;
use crate::cache::{field, write_field};
const PAGES: &str = "search-index.pages";
const FILES: &str = "search-index.files";

/// What a page's share of the index is made from: its site path, the
/// language it is indexed in and its HTML.
pub fn fingerprint(path: &str, language: &str, html: &[u8]) -> u128 {
    crate::cache::fingerprint(&[path.as_bytes(), language.as_bytes(), html])
}

/// Everything besides the pages that decides the index's bytes. `v1` is
/// raised when the way beian makes the index changes within a version.
fn key(gzip_level: u32) -> String {
    format!(
        "beian-search-index v1 beian {} pagefind 1.6.0-beian libdeflate {gzip_level}\n",
        env!("CARGO_PKG_VERSION")
    )
}

pub struct Cache {
    root: PathBuf,
    key: String,
    /// The fingerprints of the pages of the stored index, in their order;
    /// empty when there is none (or it was made by another key).
    pub previous: Vec<u128>,
}

impl Cache {
    /// The cache of the site at `root`, its stored fingerprints read.
    pub fn open(root: &Path, gzip_level: u32) -> Cache {
        let key = key(gzip_level);
        let previous = fs::read(crate::cache::entry(root, PAGES))
            .ok()
            .and_then(|bytes| {
                let rest = bytes.strip_prefix(key.as_bytes())?;
                Some(
                    rest.chunks_exact(16)
                        .map(|c| u128::from_le_bytes(c.try_into().unwrap_or([0; 16])))
                        .collect(),
                )
            })
            .unwrap_or_default();
        Cache {
            root: root.to_path_buf(),
            key,
            previous,
        }
    }

    /// The stored index, when there is one and it reads whole.
    pub fn files(&self) -> Option<Vec<IndexFile>> {
        let bytes = fs::read(crate::cache::entry(&self.root, FILES)).ok()?;
        let mut rest = bytes.strip_prefix(self.key.as_bytes())?;
        let mut files = Vec::new();
        while !rest.is_empty() {
            let (path, r) = field(rest)?;
            let (contents, r) = field(r)?;
            rest = r;
            let path = std::str::from_utf8(path).ok()?;
            files.push(IndexFile {
                path: SitePath::from_segments(path.split('/').map(str::to_string).collect()),
                bytes: contents.to_vec(),
            });
        }
        Some(files)
    }

    /// Stores `files`, made from the pages of `fingerprints`. A cache that
    /// cannot be written costs the next build its time, nothing else, so
    /// failing to write it is not an error.
    pub fn store(&self, fingerprints: &[u128], files: &[IndexFile]) {
        let _ = self.try_store(fingerprints, files);
    }

    fn try_store(&self, fingerprints: &[u128], files: &[IndexFile]) -> std::io::Result<()> {
        let data = |w: &mut dyn std::io::Write| {
            w.write_all(self.key.as_bytes())?;
            for f in files {
                write_field(w, f.path.to_string().as_bytes())?;
                write_field(w, &f.bytes)?;
            }
            Ok(())
        };
        let mut pages = self.key.as_bytes().to_vec();
        for p in fingerprints {
            pages.extend(p.to_le_bytes());
        }
        // The files first, then the fingerprints that make them valid, each
        // renamed into place whole: a build stopped in between leaves old
        // fingerprints over new files, which no page matches.
        crate::cache::put(&self.root, PAGES, b"")?;
        crate::cache::put_with(&self.root, FILES, data)?;
        crate::cache::put(&self.root, PAGES, &pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> IndexFile {
        IndexFile {
            path: SitePath::from_segments(path.split('/').map(str::to_string).collect()),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn what_is_stored_is_read_back_under_the_same_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let pages = [fingerprint("a/index.html", "en", b"<p>a</p>"), 7];
        let files = [
            file("pagefind/pagefind.js", b"js"),
            file("pagefind/x/y", b""),
        ];
        Cache::open(dir.path(), 5).store(&pages, &files);
        let again = Cache::open(dir.path(), 5);
        assert_eq!(again.previous, pages);
        let read: Vec<(String, Vec<u8>)> = again
            .files()
            .unwrap()
            .into_iter()
            .map(|f| (f.path.to_string(), f.bytes))
            .collect();
        assert_eq!(
            read,
            [
                ("pagefind/pagefind.js".to_string(), b"js".to_vec()),
                ("pagefind/x/y".to_string(), vec![])
            ]
        );
        assert!(Cache::open(dir.path(), 9).previous.is_empty());
        assert_eq!(
            fs::read_to_string(dir.path().join(DIR).join(".gitignore")).unwrap(),
            "*\n"
        );
    }

    #[test]
    fn a_page_differs_by_its_path_language_or_bytes() {
        let a = fingerprint("a/index.html", "en", b"<p>a</p>");
        assert_eq!(a, fingerprint("a/index.html", "en", b"<p>a</p>"));
        assert_ne!(a, fingerprint("b/index.html", "en", b"<p>a</p>"));
        assert_ne!(a, fingerprint("a/index.html", "de", b"<p>a</p>"));
        assert_ne!(a, fingerprint("a/index.html", "en", b"<p>b</p>"));
        // Lengths are part of it: moving a byte between parts is not the same.
        assert_ne!(fingerprint("ab", "c", b""), fingerprint("a", "bc", b""),);
    }

    #[test]
    fn a_truncated_store_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        Cache::open(dir.path(), 5).store(&[1], &[file("pagefind/a", b"abcdef")]);
        let path = dir.path().join(DIR).join(FILES);
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 2]).unwrap();
        assert!(Cache::open(dir.path(), 5).files().is_none());
    }
}
