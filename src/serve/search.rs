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

use super::memory::{IndexFiles, Session};
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
    pub fn start(index: Arc<RwLock<IndexFiles>>, progress: Arc<Progress>) -> Indexer {
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

/// The index of the previous job, its pages kept prepared, and each page
/// with its fingerprint, in the site's order: after an edit, only the
/// pages that changed are prepared again.
struct Kept {
    index: crate::search::Index,
    pages: Vec<Seen>,
}

struct Seen {
    path: String,
    language: String,
    /// The bytes it was made from: a page the edit did not render again
    /// is the same allocation, and its fingerprint need not be worked out
    /// again (hashing every page of a 10,000-page site was a tenth of the
    /// update).
    html: Arc<[u8]>,
    print: u128,
}

/// The served index is read from memory by a browser on the same machine:
/// its size matters less than the time it takes to remake after an edit,
/// so it is not gzipped at all (level 0; Pagefind's script reads files a
/// server has decompressed as well as gzipped ones).
const SERVE_GZIP_LEVEL: u32 = 0;

/// Makes the index of one job's site and puts it in place of `index`.
fn index_one(job: Job, index: &RwLock<IndexFiles>, kept: &mut Option<Kept>) {
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
            let files: IndexFiles = files
                .into_iter()
                .map(|f| (f.path.to_string(), f.bytes))
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
    let before: &[Seen] = kept.as_ref().map_or(&[], |k| &k.pages);
    let seen: Vec<Seen> = job
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, (path, language, html))| {
            let print = match before.get(i) {
                Some(s)
                    if Arc::ptr_eq(&s.html, html) && s.path == *path && s.language == *language =>
                {
                    s.print
                }
                _ => fingerprint(path, language, html),
            };
            Seen {
                path: path.clone(),
                language: language.clone(),
                html: Arc::clone(html),
                print,
            }
        })
        .collect();
    let same_pages =
        before.len() == seen.len() && before.iter().zip(&seen).all(|(a, b)| a.path == b.path);
    if !same_pages {
        *kept = Some(Kept {
            index: crate::search::Index::new()?,
            pages: Vec::new(),
        });
    }
    let Some(k) = kept.as_mut() else {
        return Err(Diagnostic::error("the search index was lost"));
    };
    let old: HashMap<&str, u128> = k.pages.iter().map(|s| (s.path.as_str(), s.print)).collect();
    let preparer = k.index.preparer().clone();
    let pages = seen
        .par_iter()
        .filter(|s| old.get(s.path.as_str()) != Some(&s.print))
        .map(|s| preparer.prepare(&s.path, &s.html, &s.language))
        .collect::<Result<Vec<_>, _>>()?;
    let count = pages.len();
    let files = k.index.update(pages, SERVE_GZIP_LEVEL)?;
    k.pages = seen;
    Ok((files, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Arc<[u8]> {
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{text}</title></head>\
             <body><main data-pagefind-body><h1>{text}</h1><p>{text} words</p></main></body></html>"
        )
        .into_bytes()
        .into()
    }

    fn job(pages: &[(&str, &Arc<[u8]>)]) -> Job {
        Job {
            number: 1,
            pages: pages
                .iter()
                .map(|(path, html)| (path.to_string(), "en".to_string(), Arc::clone(html)))
                .collect(),
        }
    }

    fn holds(files: &[IndexFile], text: &str) -> bool {
        files
            .iter()
            .any(|f| f.bytes.windows(text.len()).any(|w| w == text.as_bytes()))
    }

    #[test]
    fn only_the_pages_whose_bytes_changed_are_prepared_again() {
        let a = page("alpha");
        let b = page("bravo");
        let mut kept = None;
        let (files, prepared) = update(
            &job(&[("a/index.html", &a), ("b/index.html", &b)]),
            &mut kept,
        )
        .expect("an index");
        assert_eq!(prepared, 2);
        assert!(holds(&files, "bravo"));
        // The same bytes, as the same allocation or a new one.
        let again: Arc<[u8]> = Arc::from(&b[..]);
        for b in [&b, &again] {
            let (_, prepared) = update(
                &job(&[("a/index.html", &a), ("b/index.html", b)]),
                &mut kept,
            )
            .expect("an index");
            assert_eq!(prepared, 0);
        }
        let changed = page("charlie");
        let (files, prepared) = update(
            &job(&[("a/index.html", &a), ("b/index.html", &changed)]),
            &mut kept,
        )
        .expect("an index");
        assert_eq!(prepared, 1);
        assert!(holds(&files, "charlie") && holds(&files, "alpha"));
        assert!(!holds(&files, "bravo"), "the page's old text is gone");
        // The same allocation under another path is another page.
        let (files, prepared) = update(
            &job(&[("a/index.html", &a), ("c/index.html", &changed)]),
            &mut kept,
        )
        .expect("an index");
        assert_eq!(prepared, 2, "pages moved: a new index");
        assert!(holds(&files, "c/index.html"));
    }
}
