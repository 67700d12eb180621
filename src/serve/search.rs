//! The search index of the served site, made on a thread of its own so an
//! edit is shown as soon as its pages are rendered: the index follows a
//! moment later. Edits that come while it is being made are taken together,
//! and only the newest site is indexed.

use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use super::memory::{Files, Session};

struct Job {
    pages: Vec<(String, Arc<[u8]>)>,
    language: String,
}

pub struct Indexer {
    jobs: mpsc::Sender<Job>,
}

impl Indexer {
    /// Starts the thread; what it makes replaces `index`.
    pub fn start(index: Arc<RwLock<Files>>) -> Indexer {
        let (jobs, inbox) = mpsc::channel::<Job>();
        std::thread::spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                if job.pages.is_empty() {
                    // The site no longer has search: serve no index.
                    if let Ok(mut current) = index.write() {
                        current.clear();
                    }
                    continue;
                }
                let started = Instant::now();
                let pages = job.pages.iter().map(|(p, b)| (p.as_str(), &b[..]));
                match crate::search::build(pages, &job.language) {
                    Ok(files) => {
                        let files: Files = files
                            .into_iter()
                            .filter_map(|f| match f.contents {
                                crate::write::Contents::Bytes(b) => {
                                    Some((f.path.to_string(), b.into()))
                                }
                                crate::write::Contents::Copy(_) => None,
                            })
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
        });
        Indexer { jobs }
    }

    /// Asks for the index of `session`'s site; for a site without search,
    /// for no index at all.
    pub fn update(&self, session: &Session) {
        let pages: Vec<(String, Arc<[u8]>)> = crate::search::indexed_paths(&session.prepared.plan)
            .into_iter()
            .filter_map(|p| session.files.get(&p).map(|b| (p, Arc::clone(b))))
            .collect();
        let _ = self.jobs.send(Job {
            pages,
            language: session.prepared.config.language.clone(),
        });
    }
}
