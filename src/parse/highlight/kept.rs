//! Highlighted code kept from one build to the next.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Highlighted, highlight};
use crate::cache::{field, write_field};

/// Highlighted blocks kept in the site's `.beian-cache/` from one build
/// to the next: highlighting is most of the time a build spends on a page
/// with code, and a rebuild meets mostly the blocks it met last time.
/// Blocks are found by their language and text, and the whole entry is
/// read only by the beian that wrote it, so a kept block is always what
/// highlighting it again would give.
pub struct Kept {
    root: PathBuf,
    key: String,
    /// From the last build.
    old: HashMap<u128, String>,
    now: Mutex<Now>,
}

#[derive(Default)]
struct Now {
    /// Which of `old` this build asked for.
    used: HashSet<u128>,
    /// What it highlighted anew.
    made: HashSet<u128>,
    /// The next entry, those written as they are made rather than held
    /// until the end: at 10,000 pages with code they are 50 MB.
    next: Option<crate::cache::Pending>,
    /// The next entry could not be written: it is left as it was.
    failed: bool,
}

const ENTRY: &str = "highlighted";

impl Kept {
    /// The blocks kept for the site at `root`; none when there are none,
    /// when they were kept by another beian, or when the entry is cut short.
    pub fn open(root: &Path) -> Kept {
        let key = format!("beian-highlighted v1 {}\n", crate::cache::binary_key());
        let old = std::fs::read(crate::cache::entry(root, ENTRY))
            .ok()
            .and_then(|bytes| read_entry(bytes.strip_prefix(key.as_bytes())?))
            .unwrap_or_default();
        Kept {
            root: root.to_path_buf(),
            key,
            old,
            now: Mutex::new(Now::default()),
        }
    }

    /// [`highlight`], or the block kept from the last build.
    pub fn highlight(&self, code: &str, lang: &str) -> Highlighted {
        let id = block_id(code, lang);
        if let Some(html) = self.old.get(&id) {
            self.now().used.insert(id);
            return Highlighted::Html(html.clone());
        }
        let made = highlight(code, lang);
        if let Highlighted::Html(html) = &made {
            let mut now = self.now();
            if now.made.insert(id) {
                now.add(&self.root, &self.key, &[(id, html)]);
            }
        }
        made
    }

    fn now(&self) -> std::sync::MutexGuard<'_, Now> {
        // A thread that panicked holding it left whole blocks only.
        self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps the blocks this build used for the next one, when they differ
    /// from what was kept: blocks no page has any more are dropped, so the
    /// entry stays the size of the site's code. Not being able to write it
    /// costs the next build its time, nothing else.
    pub fn store(self) {
        let mut now = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        if now.made.is_empty() && now.used.len() == self.old.len() {
            return;
        }
        let used: Vec<(u128, &String)> = self
            .old
            .iter()
            .filter(|(id, _)| now.used.contains(id))
            .map(|(id, html)| (*id, html))
            .collect();
        now.add(&self.root, &self.key, &used);
        if let Some(next) = now.next.take() {
            let _ = next.commit();
        }
    }
}

impl Now {
    /// Adds `blocks` to the next entry, begun on the first; after a
    /// failure to write, there is no next entry.
    fn add(&mut self, root: &Path, key: &str, blocks: &[(u128, &String)]) {
        if self.failed {
            return;
        }
        let mut write = || -> std::io::Result<()> {
            let next = match &mut self.next {
                Some(next) => next,
                None => {
                    let mut next = crate::cache::Pending::begin(root, ENTRY)?;
                    next.write_all(key.as_bytes())?;
                    self.next.insert(next)
                }
            };
            for (id, html) in blocks {
                next.write_all(&id.to_le_bytes())?;
                write_field(next, html.as_bytes())?;
            }
            Ok(())
        };
        if write().is_err() {
            self.failed = true;
            self.next = None;
        }
    }
}

/// A block's identity: its language and its text.
fn block_id(code: &str, lang: &str) -> u128 {
    crate::cache::fingerprint(&[lang.as_bytes(), code.as_bytes()])
}

/// The blocks of an entry after its key; `None` if it is cut short.
fn read_entry(mut rest: &[u8]) -> Option<HashMap<u128, String>> {
    let mut blocks = HashMap::new();
    while !rest.is_empty() {
        let (id, r) = rest.split_at_checked(16)?;
        let (html, r) = field(r)?;
        blocks.insert(
            u128::from_le_bytes(id.try_into().ok()?),
            String::from_utf8(html.to_vec()).ok()?,
        );
        rest = r;
    }
    Some(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry of `blocks` under `key`, as a build would leave it.
    fn plant(root: &Path, key: &str, blocks: &[(&str, &str, &str)]) {
        let mut bytes = key.as_bytes().to_vec();
        for (code, lang, html) in blocks {
            bytes.extend(block_id(code, lang).to_le_bytes());
            write_field(&mut bytes, html.as_bytes()).unwrap();
        }
        crate::cache::put(root, ENTRY, &bytes).unwrap();
    }

    fn html(h: Highlighted) -> String {
        match h {
            Highlighted::Html(html) => html,
            _ => panic!("not highlighted"),
        }
    }

    #[test]
    fn a_kept_block_is_taken_as_it_was_kept_and_only_under_its_own_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = Kept::open(dir.path()).key;
        plant(dir.path(), &key, &[("fn a() {}\n", "rust", "<i>kept</i>")]);
        let kept = Kept::open(dir.path());
        assert_eq!(html(kept.highlight("fn a() {}\n", "rust")), "<i>kept</i>");
        // The same text in another language is another block.
        assert!(html(kept.highlight("fn a() {}\n", "c")).contains("hl-"));

        // Kept by another beian, or cut short: as if nothing were kept.
        for (key, cut) in [("beian-highlighted v1 another\n", 0), (key.as_str(), 3)] {
            plant(dir.path(), key, &[("fn a() {}\n", "rust", "<i>kept</i>")]);
            let path = crate::cache::entry(dir.path(), ENTRY);
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() - cut]).unwrap();
            let kept = Kept::open(dir.path());
            assert!(kept.old.is_empty());
            assert_eq!(
                html(kept.highlight("fn a() {}\n", "rust")),
                html(highlight("fn a() {}\n", "rust"))
            );
        }
    }

    #[test]
    fn a_build_keeps_the_blocks_it_used_and_made_and_drops_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let key = Kept::open(dir.path()).key;
        plant(
            dir.path(),
            &key,
            &[
                ("a: 1\n", "yaml", "<i>a</i>"),
                ("b: 2\n", "yaml", "<i>b</i>"),
            ],
        );
        let kept = Kept::open(dir.path());
        kept.highlight("a: 1\n", "yaml");
        let made = html(kept.highlight("c: 3\n", "yaml"));
        // Plain text is not worth keeping.
        assert!(matches!(kept.highlight("x", "text"), Highlighted::Plain));
        kept.store();

        let again = Kept::open(dir.path());
        let mut ids: Vec<u128> = again.old.keys().copied().collect();
        ids.sort();
        let mut want = vec![block_id("a: 1\n", "yaml"), block_id("c: 3\n", "yaml")];
        want.sort();
        assert_eq!(ids, want);
        assert_eq!(html(again.highlight("a: 1\n", "yaml")), "<i>a</i>");
        assert_eq!(html(again.highlight("c: 3\n", "yaml")), made);

        // Nothing new and nothing dropped: the entry is left as it is.
        let path = crate::cache::entry(dir.path(), ENTRY);
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        again.store();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
    }
}
