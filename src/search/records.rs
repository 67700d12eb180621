//! The search index's share of a build: each page the index holds is
//! prepared for it (parsed and split into words) on the thread that
//! rendered it, as soon as it is written, and its HTML dropped; the
//! prepared pages wait in slots kept in the site's order, so the index is
//! the same whichever thread rendered which page first.
//!
//! With a [`Cache`], a page whose fingerprint is the one the stored index
//! was made from is not prepared but kept as it is, until the build knows
//! whether every page is unchanged: then the stored index is used whole;
//! otherwise the kept pages are prepared after all.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::cache::{Cache, fingerprint};
use super::{Index, IndexFile, Prepared, Preparer};
use crate::diag::Diagnostic;

enum Slot {
    /// Not rendered (yet).
    Empty,
    /// Unchanged since the stored index, not prepared: site path, HTML.
    Kept(String, Vec<u8>),
    Done(Box<Result<Prepared, Diagnostic>>),
}

pub struct Records {
    /// Taken by [`Records::finish`].
    index: Mutex<Option<Index>>,
    preparer: Preparer,
    /// Site path of each indexed page, and its slot.
    slot_of: HashMap<String, usize>,
    slots: Mutex<Vec<Slot>>,
    fingerprints: Mutex<Vec<u128>>,
    cache: Option<Cache>,
    /// A page differs from the stored index's (or there is none).
    changed: AtomicBool,
    /// The language each slot's page is indexed in.
    languages: Vec<String>,
}

/// The index's files, and whether they were the stored ones.
pub struct Finished {
    pub files: Vec<IndexFile>,
    pub reused: bool,
}

impl Records {
    /// For `pages` (site path, the language it is indexed in), in this
    /// order.
    pub fn new(pages: Vec<(String, String)>, cache: Option<Cache>) -> Result<Records, Diagnostic> {
        let (paths, languages): (Vec<String>, Vec<String>) = pages.into_iter().unzip();
        let index = Index::new()?;
        let changed = cache
            .as_ref()
            .is_none_or(|c| c.previous.len() != paths.len());
        Ok(Records {
            preparer: index.preparer().clone(),
            index: Mutex::new(Some(index)),
            slots: Mutex::new(paths.iter().map(|_| Slot::Empty).collect()),
            fingerprints: Mutex::new(vec![0; paths.len()]),
            slot_of: paths.into_iter().enumerate().map(|(i, p)| (p, i)).collect(),
            cache,
            changed: AtomicBool::new(changed),
            languages,
        })
    }

    pub fn len(&self) -> usize {
        self.slot_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slot_of.is_empty()
    }

    /// Takes the page at site path `path` when the index holds it.
    pub fn take(&self, path: &str, html: &[u8]) {
        let Some(&slot) = self.slot_of.get(path) else {
            return;
        };
        let language = &self.languages[slot];
        let print = fingerprint(path, language, html);
        let unchanged = !self.changed.load(Ordering::Relaxed)
            && self
                .cache
                .as_ref()
                .is_some_and(|c| c.previous.get(slot) == Some(&print));
        let page = if unchanged {
            Slot::Kept(path.to_string(), html.to_vec())
        } else {
            self.changed.store(true, Ordering::Relaxed);
            Slot::Done(Box::new(self.preparer.prepare(path, html, language)))
        };
        if let Ok(mut prints) = self.fingerprints.lock() {
            prints[slot] = print;
        }
        if let Ok(mut slots) = self.slots.lock() {
            slots[slot] = page;
        }
    }

    /// The index of every page taken, in the site's order; once.
    pub fn finish(&self) -> Result<Finished, Diagnostic> {
        let poisoned = || Diagnostic::error("a page failed while it was indexed");
        let slots = std::mem::take(&mut *self.slots.lock().map_err(|_| poisoned())?);
        let prints = std::mem::take(&mut *self.fingerprints.lock().map_err(|_| poisoned())?);
        let index = self.index.lock().map_err(|_| poisoned())?.take();
        let index = index.ok_or_else(poisoned)?;
        let all_kept = slots.iter().all(|s| matches!(s, Slot::Kept(..)));
        if let Some(cache) = &self.cache
            && all_kept
            && !self.changed.load(Ordering::Relaxed)
            && let Some(files) = cache.files()
        {
            return Ok(Finished {
                files,
                reused: true,
            });
        }
        let pages = slots
            .into_par_iter()
            .zip(&self.languages)
            .filter_map(|(slot, language)| match slot {
                Slot::Empty => None,
                Slot::Kept(path, html) => Some(self.preparer.prepare(&path, &html, language)),
                Slot::Done(page) => Some(*page),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let files = index.finish(pages)?;
        if let Some(cache) = &self.cache {
            cache.store(&prints, &files);
        }
        Ok(Finished {
            files,
            reused: false,
        })
    }
}
