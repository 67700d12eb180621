//! `beian serve`: builds into memory, serves it on loopback, rebuilds when
//! content, rules, themes or site.yaml change, and tells every open page to
//! reload (server-sent events). A broken edit keeps the last good site
//! and shows its errors over every page until it is fixed.

pub mod host;
pub mod incremental;
pub mod memory;
pub mod overlay;
pub mod search;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::commands::Exit;
use crate::diag::Diagnostic;
use memory::{Files, IndexFiles};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__beian/live.js\"></script>";

pub struct Args {
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    /// Host names to answer to beside loopback and the bound address.
    pub allow_hosts: Vec<String>,
}

struct Shared {
    files: RwLock<Files>,
    /// The search index (`pagefind/…`), kept apart: it is made after the
    /// pages, in the background.
    search: Arc<RwLock<IndexFiles>>,
    search_progress: Arc<search::Progress>,
    /// Errors of the last build, shown over every page; empty when it built.
    errors: RwLock<Vec<String>>,
    events: broadcast::Sender<(&'static str, String)>,
}

pub fn run(root: &Path, args: Args) -> Exit {
    let started = Instant::now();
    let (session, files, errors) = first_build(root);
    let errors_at_start = errors.len();
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(files),
        search: Arc::new(RwLock::new(IndexFiles::new())),
        search_progress: Arc::new(search::Progress::default()),
        errors: RwLock::new(errors),
        events,
    });

    let listener = match listen(&args) {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::new(args.bind, args.port));
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — other machines on the network can see this preview",
            args.bind
        );
    }
    // Asked for before the address is printed, so that no request can come
    // before the server knows an index is on its way.
    let indexer = search::Indexer::start(
        Arc::clone(&shared.search),
        Arc::clone(&shared.search_progress),
    );
    if let Some(s) = &session {
        indexer.update(s);
    }
    let url = format!("http://{addr}/");
    announce(root, &url, session.is_some(), started, errors_at_start);
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    let watcher_shared = Arc::clone(&shared);
    let watch_root = root.to_path_buf();
    std::thread::spawn(move || watch(&watch_root, &watcher_shared, session, indexer));
    serve(listener, shared, addr, &args.allow_hosts)
}

/// Builds the site once before serving: the session to rebuild from, the
/// files to serve, and the errors to show over every page when it does not
/// build (the server starts anyway, to show them).
fn first_build(root: &Path) -> (Option<memory::Session>, Files, Vec<String>) {
    match memory::build(root) {
        Ok(b) => {
            for w in &b.warnings {
                eprintln!("{w}\n");
            }
            let files = b.session.files.clone();
            (Some(b.session), files, Vec::new())
        }
        Err(ds) => {
            for d in &ds {
                eprintln!("{d}\n");
            }
            (None, Files::new(), overlay::shown(root, &ds))
        }
    }
}

/// Listens on the address asked for, or says why it cannot and what to do.
fn listen(args: &Args) -> Result<std::net::TcpListener, Exit> {
    std::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).map_err(|e| {
        let help = match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "\n  = help: another program (another beian serve, perhaps) is using port {}; stop it, or choose another port with --port",
                args.port
            ),
            std::io::ErrorKind::PermissionDenied => "\n  = help: ports below 1024 need privileges; choose another port with --port, such as the default 1111".to_string(),
            std::io::ErrorKind::AddrNotAvailable => format!(
                "\n  = help: {} is not an address of this machine; --bind takes one of its addresses, such as 127.0.0.1",
                args.bind
            ),
            _ => String::new(),
        };
        eprintln!(
            "error: cannot listen on {}:{}: {e}{help}",
            args.bind, args.port
        );
        Exit::Usage
    })
}

/// Tells the user where the site is and whether it built.
fn announce(root: &Path, url: &str, built: bool, started: Instant, errors: usize) {
    crate::commands::print_out(&format!("serving {} at {url}\n", root.display()));
    const WATCHING: &str =
        "watching content/, rules/, themes/, i18n/ and site.yaml (Ctrl-C to stop)";
    if built {
        eprintln!("built in {} ms; {WATCHING}", started.elapsed().as_millis());
    } else {
        eprintln!(
            "the site does not build yet ({}): open pages show the errors and reload once they are fixed; {WATCHING}",
            crate::commands::plural(errors, "error", "errors")
        );
    }
}

/// Serves the site until Ctrl-C, answering only to allowed host names.
fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    addr: SocketAddr,
    allow_hosts: &[String],
) -> Exit {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return Exit::Usage;
        }
    };
    runtime.block_on(async move {
        let _ = listener.set_nonblocking(true);
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            eprintln!("error: cannot start the server");
            return Exit::Usage;
        };
        tokio::spawn(async {
            while !crate::interrupt::interrupted() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            std::process::exit(0);
        });
        let app = Router::new()
            .route("/__beian/events", get(event_stream))
            .route("/__beian/live.js", get(live_js))
            .fallback(get(file))
            .with_state(shared)
            .layer(axum::middleware::from_fn_with_state(
                host::Allowed::new(addr, allow_hosts),
                host::check,
            ));
        match axum::serve(listener, app).await {
            Ok(()) => Exit::Ok,
            Err(e) => {
                eprintln!("error: the server stopped: {e}");
                Exit::Usage
            }
        }
    })
}

async fn live_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
}

async fn event_stream(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let receiver = shared.events.subscribe();
    let errors = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
    // A page opened while the site is broken sees the errors at once.
    let first = if errors.is_empty() {
        None
    } else {
        Some(("errors", serde_json::to_string(&errors).unwrap_or_default()))
    };
    let stream = futures_util::stream::unfold((first, receiver), |(first, mut rx)| async move {
        if let Some((kind, data)) = first {
            return Some((Ok(Event::default().event(kind).data(data)), (None, rx)));
        }
        loop {
            match rx.recv().await {
                Ok((kind, data)) => {
                    return Some((Ok(Event::default().event(kind).data(data)), (None, rx)));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// HTML gets the live-reload script; everything else is sent as built.
fn respond(status: StatusCode, path: &str, bytes: &[u8]) -> Response {
    let kind = content_type(path);
    let body: Vec<u8> = if kind.starts_with("text/html") {
        let text = String::from_utf8_lossy(bytes);
        match text.rfind("</body>") {
            Some(i) => format!("{}{LIVE_TAG}\n{}", &text[..i], &text[i..]).into_bytes(),
            None => format!("{text}{LIVE_TAG}").into_bytes(),
        }
    } else {
        bytes.to_vec()
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with(&format!("/{}/", crate::plan::SEARCH_BUNDLE))
        && shared.search.read().is_ok_and(|index| index.is_empty())
    {
        // No index yet, but one may be on its way.
        shared.search_progress.newest(Duration::from_secs(30)).await;
    }
    let files = match shared.files.read() {
        Ok(f) => f,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Some((name, bytes)) = memory::lookup(&files, &path) {
        return respond(StatusCode::OK, &name, bytes);
    }
    if let Ok(index) = shared.search.read()
        && let Some((name, bytes)) = memory::lookup(&index, &path)
    {
        return respond(StatusCode::OK, &name, bytes);
    }
    if files.is_empty() {
        // Nothing has built yet: say why, and reload when it does.
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>beian: no build yet</title></head><body><p>The site has not built yet; its errors are shown below. This page reloads when they are fixed.</p></body></html>";
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            page.as_bytes(),
        );
    }
    match files.get("404.html") {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The folders of the site's inputs; each is watched whole.
const WATCHED_DIRS: [&str; 4] = [
    crate::load::CONTENT_DIR,
    crate::load::RULES_DIR,
    crate::load::THEMES_DIR,
    crate::load::STRINGS_DIR,
];

/// Watches the site's inputs and rebuilds after each burst of changes.
fn watch(
    root: &Path,
    shared: &Shared,
    mut session: Option<memory::Session>,
    indexer: search::Indexer,
) {
    let Some((mut watcher, rx)) = watcher(root) else {
        return;
    };
    while let Ok(first) = rx.recv() {
        // Editors save in bursts (write, rename, touch): wait for quiet.
        let mut changed = vec![first];
        while let Ok(p) = rx.recv_timeout(Duration::from_millis(8)) {
            changed.push(p);
        }
        let started = Instant::now();
        let what = describe(root, &changed);
        changed.sort();
        changed.dedup();
        rewatch(root, watcher.as_mut(), &changed);
        // While the site is broken, only a whole build knows every error
        // and every file added meanwhile; an edit that breaks it is built
        // whole too, so that the overlay shows all its errors, not the
        // edit's alone.
        let broken = shared.errors.read().map_or(true, |e| !e.is_empty());
        if !broken && let Some(s) = session.as_mut() {
            let mut files = s.files.clone();
            match incremental::apply(root, &mut s.prepared, &mut files, &changed) {
                incremental::Outcome::Rendered(outputs) => {
                    s.files = files.clone();
                    let pages = outputs.len();
                    publish(shared, files, outputs, false);
                    indexer.update(s);
                    eprintln!(
                        "rebuilt after {what}: {} re-rendered in {} ms",
                        crate::commands::plural(pages, "page", "pages"),
                        started.elapsed().as_millis()
                    );
                    continue;
                }
                incremental::Outcome::Failed(_) | incremental::Outcome::Rebuild => {}
            }
        }
        match memory::build(root) {
            Ok(built) => {
                let (files_changed, removed) = {
                    let old = shared.files.read().map(|f| f.clone()).unwrap_or_default();
                    memory::changes(&old, &built.session.files)
                };
                let pages = files_changed
                    .iter()
                    .filter(|f| f.ends_with(".html"))
                    .count();
                let count = files_changed.len();
                publish(shared, built.session.files.clone(), files_changed, removed);
                indexer.update(&built.session);
                session = Some(built.session);
                eprintln!(
                    "rebuilt after {what}: {} re-rendered, {} in {} ms",
                    crate::commands::plural(pages, "page", "pages"),
                    crate::commands::plural(count, "file changed", "files changed"),
                    started.elapsed().as_millis()
                );
                for w in built.warnings.iter().filter(|d| !d.is_error()) {
                    eprintln!("{w}\n");
                }
            }
            Err(ds) => fail(root, shared, &what, &ds),
        }
    }
}

/// A watcher of the site's inputs, and the paths it reports changed.
fn watcher(root: &Path) -> Option<(Box<dyn Watcher>, mpsc::Receiver<PathBuf>)> {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let watched_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let handler = move |event: notify::Result<notify::Event>| {
        // Reading files (as every build does) is an event too: only
        // changes count, or each build would start the next.
        if let Ok(event) = event
            && !event.kind.is_access()
            && !matches!(event.kind, notify::EventKind::Other)
        {
            // Of the site folder itself, only site.yaml and the input
            // folders (made, removed or renamed) count: a build into dist/
            // beside them is no edit.
            for p in event.paths {
                let in_root = p.parent().is_some_and(|d| same_dir(d, &watched_root));
                let input = p.file_name().is_some_and(|n| {
                    n == crate::config::FILE_NAME || WATCHED_DIRS.iter().any(|d| n == *d)
                });
                if !in_root || input {
                    let _ = tx.send(p);
                }
            }
        }
    };
    // site.yaml is watched through its folder: a watch on the file itself
    // follows the file, and is lost when an editor saves by renaming a new
    // file over it. The same watch sees an input folder made after the
    // start, or removed and made again, to watch it anew.
    let mut targets: Vec<(PathBuf, RecursiveMode)> = WATCHED_DIRS
        .iter()
        .map(|d| (root.join(d), RecursiveMode::Recursive))
        .collect();
    targets.push((root.to_path_buf(), RecursiveMode::NonRecursive));
    // Native events where the system has them; polling where it does not
    // (some network and container file systems).
    let mut native: Option<Box<dyn Watcher>> = notify::recommended_watcher(handler.clone())
        .ok()
        .map(|w| Box::new(w) as Box<dyn Watcher>);
    let mut failed = false;
    if let Some(w) = native.as_mut() {
        for (path, mode) in &targets {
            if path.exists() && w.watch(path, *mode).is_err() {
                failed = true;
            }
        }
    }
    let watcher: Box<dyn Watcher> = match native {
        Some(w) if !failed => w,
        _ => {
            eprintln!("note: native file events are not available here; polling for changes");
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            let Ok(mut w) = notify::PollWatcher::new(handler, config) else {
                eprintln!("warning: cannot watch for changes; restart beian serve after editing");
                return None;
            };
            for (path, mode) in &targets {
                if path.exists() {
                    let _ = w.watch(path, *mode);
                }
            }
            Box::new(w)
        }
    };
    Some((watcher, rx))
}

/// Watches again an input folder that was made (or made again) since it
/// was last watched: the watch of a removed folder goes with it.
fn rewatch(root: &Path, watcher: &mut dyn Watcher, changed: &[PathBuf]) {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for d in WATCHED_DIRS {
        let named = changed.iter().any(|p| {
            p.file_name().is_some_and(|n| n == d)
                && p.parent()
                    .is_some_and(|parent| same_dir(parent, &canonical_root))
        });
        let dir = root.join(d);
        if named {
            let _ = watcher.unwatch(&dir);
            if dir.is_dir() {
                let _ = watcher.watch(&dir, RecursiveMode::Recursive);
            }
        }
    }
}

/// Serves new files and tells open pages: reload, or swap stylesheets when
/// only CSS changed; first "ok" when the last build had failed.
fn publish(shared: &Shared, files: Files, changed: Vec<String>, removed: bool) {
    let had_errors = shared
        .errors
        .write()
        .map(|mut e| std::mem::take(&mut *e))
        .is_ok_and(|e| !e.is_empty());
    if let Ok(mut current) = shared.files.write() {
        *current = files;
    }
    let only_css = !removed && !changed.is_empty() && changed.iter().all(|f| f.ends_with(".css"));
    // The data is never empty: browsers drop events without it.
    let names = serde_json::to_string(&changed).unwrap_or_default();
    if had_errors {
        let _ = shared.events.send(("ok", "[]".to_string()));
    }
    if only_css {
        let _ = shared.events.send(("css", names));
    } else if !changed.is_empty() || removed || had_errors {
        let _ = shared.events.send(("reload", names));
    }
}

/// Keeps the last good site and shows the errors on every open page.
fn fail(root: &Path, shared: &Shared, what: &str, ds: &[Diagnostic]) {
    let errors = overlay::shown(root, ds);
    for d in ds {
        eprintln!("{d}\n");
    }
    eprintln!(
        "{what} does not build ({}); still serving the last good site",
        crate::commands::plural(ds.len(), "error", "errors")
    );
    // Kept before it is sent: a page that opens between the two would
    // otherwise see neither.
    let data = serde_json::to_string(&errors).unwrap_or_default();
    if let Ok(mut e) = shared.errors.write() {
        *e = errors;
    }
    let _ = shared.events.send(("errors", data));
}

/// Whether `a` is the folder `b` (already canonical), however `a` is
/// written.
fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || a.canonicalize().is_ok_and(|a| a == b)
}

fn describe(root: &Path, changed: &[PathBuf]) -> String {
    // Editors write a temporary file and rename it over the page: name
    // what is still there, relative to the site.
    let plain = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let root = plain(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
    let existing: Vec<&PathBuf> = changed.iter().filter(|p| p.exists()).collect();
    let shown = if existing.is_empty() {
        changed.iter().collect()
    } else {
        existing
    };
    let mut names: Vec<String> = shown
        .iter()
        .map(|p| {
            let p = plain(p);
            p.strip_prefix(&root).unwrap_or(&p).display().to_string()
        })
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => "a change".to_string(),
        1 => format!("{} changed", names[0]),
        n => format!("{} and {} more changed", names[0], n - 1),
    }
}
