//! The search index of the served site, made on a thread of its own so an
//! edit is shown as soon as its pages are rendered: the index follows a
//! moment later. Edits that come while it is being made are taken together,
//! and only the newest site is indexed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use std::collections::HashMap;

use rayon::prelude::*;

use super::memory::{Files, Session};
use crate::diag::Diagnostic;
use crate::search::IndexFile;
use crate::search::cache::fingerprint;

struct Job {
    /// Counted from 1, in the order asked for.
    number: u64,
    /// Site path, the language it is indexed in, HTML.
    pages: Vec<(String, String, Arc<[u8]>)>,
}

/// How far the indexer has come, so that a request for the index made
/// before the first one exists (the search page opened as `serve` starts,
/// or just after search was turned on) waits for it instead of finding
/// none and telling the reader that search is not available.
#[derive(Default)]
pub struct Progress {
    asked: AtomicU64,
    done: tokio::sync::watch::Sender<u64>,
}

impl Progress {
    /// Waits, up to `limit`, until the newest job asked for is done.
    pub async fn newest(&self, limit: Duration) {
        let newest = self.asked.load(Ordering::SeqCst);
        let mut done = self.done.subscribe();
        let _ = tokio::time::timeout(limit, done.wait_for(|&d| d >= newest)).await;
    }

    fn finished(&self, number: u64) {
        self.done.send_if_modified(|d| {
            let newer = number > *d;
            *d = (*d).max(number);
            newer
        });
    }
}

pub struct Indexer {
    jobs: mpsc::Sender<Job>,
    progress: Arc<Progress>,
}

impl Indexer {
    /// Starts the thread; what it makes replaces `index`.
    pub fn start(index: Arc<RwLock<Files>>, progress: Arc<Progress>) -> Indexer {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            let mut kept: Option<Kept> = None;
            while let Ok(mut job) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                let number = job.number;
                index_one(job, &index, &mut kept);
                shared.finished(number);
            }
        });
        Indexer { jobs, progress }
    }

    /// Asks for the index of `session`'s site; for a site without search,
    /// for no index at all.
    pub fn update(&self, session: &Session) {
        let pages: Vec<(String, String, Arc<[u8]>)> =
            crate::search::indexed_pages(&session.prepared.plan)
                .into_iter()
                .filter_map(|(p, l)| session.files.get(&p).map(|b| (p, l, Arc::clone(b))))
                .collect();
        let number = self.progress.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.jobs.send(Job { number, pages });
    }
}

/// The index of the previous job, its pages kept prepared, and the
/// fingerprint of each page (site path, in the site's order): after an
/// edit, only the pages that changed are prepared again.
struct Kept {
    index: crate::search::Index,
    prints: Vec<(String, u128)>,
}

/// The served index is read from memory by a browser on the same machine:
/// its size matters less than the time it takes to remake after an edit,
/// so it is not gzipped at all (level 0; Pagefind's script reads files a
/// server has decompressed as well as gzipped ones).
const SERVE_GZIP_LEVEL: u32 = 0;

/// Makes the index of one job's site and puts it in place of `index`.
fn index_one(job: Job, index: &RwLock<Files>, kept: &mut Option<Kept>) {
    if job.pages.is_empty() {
        // The site no longer has search: serve no index.
        if let Ok(mut current) = index.write() {
            current.clear();
        }
        *kept = None;
        return;
    }
    let started = Instant::now();
    match update(&job, kept) {
        Ok((files, prepared)) => {
            let files: Files = files
                .into_iter()
                .map(|f| (f.path.to_string(), f.bytes.into()))
                .collect();
            if let Ok(mut current) = index.write() {
                *current = files;
            }
            eprintln!(
                "search index: {} in {} ms ({} prepared again)",
                crate::commands::plural(job.pages.len(), "page", "pages"),
                started.elapsed().as_millis(),
                prepared
            );
        }
        Err(d) => {
            *kept = None;
            eprintln!("{d}\n\nsearch still uses the previous index")
        }
    }
}

/// The index of `job`'s site, made from `kept` and the pages that changed
/// since; also how many pages were prepared. Pages added, removed or moved
/// start a new index, in the site's order, so the
/// index is the one `build` would make of the same pages.
fn update(job: &Job, kept: &mut Option<Kept>) -> Result<(Vec<IndexFile>, usize), Diagnostic> {
    let prints: Vec<(String, u128)> = job
        .pages
        .par_iter()
        .map(|(p, l, b)| (p.clone(), fingerprint(p, l, b)))
        .collect();
    let same_pages = kept.as_ref().is_some_and(|k| {
        k.prints.len() == prints.len() && k.prints.iter().zip(&prints).all(|(a, b)| a.0 == b.0)
    });
    if !same_pages {
        *kept = Some(Kept {
            index: crate::search::Index::new()?,
            prints: Vec::new(),
        });
    }
    let Some(k) = kept.as_mut() else {
        return Err(Diagnostic::error("the search index was lost"));
    };
    let old: HashMap<&str, u128> = k.prints.iter().map(|(p, f)| (p.as_str(), *f)).collect();
    let preparer = k.index.preparer().clone();
    let pages = job
        .pages
        .par_iter()
        .zip(&prints)
        .filter(|(_, (path, print))| old.get(path.as_str()) != Some(print))
        .map(|((path, language, html), _)| preparer.prepare(path, html, language))
        .collect::<Result<Vec<_>, _>>()?;
    let count = pages.len();
    let files = k.index.update(pages, SERVE_GZIP_LEVEL)?;
    k.prints = prints;
    Ok((files, count))
}
