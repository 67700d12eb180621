//! The search index of the served site, made on a thread of its own so an
//! edit is shown as soon as its pages are rendered: the index follows a
//! moment later. Edits that come while it is being made are taken together,
//! and only the newest site is indexed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::memory::{Files, Session};

struct Job {
    /// Counted from 1, in the order asked for.
    number: u64,
    pages: Vec<(String, Arc<[u8]>)>,
    language: Option<String>,
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
            while let Ok(mut job) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                let number = job.number;
                index_one(job, &index);
                shared.finished(number);
            }
        });
        Indexer { jobs, progress }
    }

    /// Asks for the index of `session`'s site; for a site without search,
    /// for no index at all.
    pub fn update(&self, session: &Session) {
        let pages: Vec<(String, Arc<[u8]>)> = crate::search::indexed_paths(&session.prepared.plan)
            .into_iter()
            .filter_map(|p| session.files.get(&p).map(|b| (p, Arc::clone(b))))
            .collect();
        let number = self.progress.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.jobs.send(Job {
            number,
            pages,
            language: session.prepared.search_language().map(str::to_string),
        });
    }
}

/// Makes the index of one job's site and puts it in place of `index`.
fn index_one(job: Job, index: &RwLock<Files>) {
    if job.pages.is_empty() {
        // The site no longer has search: serve no index.
        if let Ok(mut current) = index.write() {
            current.clear();
        }
        return;
    }
    let started = Instant::now();
    let pages = job.pages.iter().map(|(p, b)| (p.as_str(), &b[..]));
    match crate::search::build(pages, job.language.as_deref()) {
        Ok(files) => {
            let files: Files = files
                .into_iter()
                .map(|f| (f.path.to_string(), f.bytes.into()))
                .collect();
            if let Ok(mut current) = index.write() {
                *current = files;
            }
            eprintln!(
                "search index: {} in {} ms",
                crate::commands::plural(job.pages.len(), "page", "pages"),
                started.elapsed().as_millis()
            );
        }
        Err(d) => eprintln!("{d}\n\nsearch still uses the previous index"),
    }
}
