//! `beian serve` end to end: a real server on a free port, real edits to
//! content, templates and rules, the reload events they cause, the error
//! overlay for a broken edit while the last good site is still served, and
//! requests that try to leave the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Site;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(site: &Site) -> Server {
    serve_with_stderr(site, Stdio::null())
}

/// [`serve`], its standard error going to `stderr` (piped, a test reads it
/// from the server's child).
fn serve_with_stderr(site: &Site, stderr: Stdio) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--root")
        .arg(&site.root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    Server { child, addr }
}

/// A raw HTTP/1.1 GET: the path is sent exactly as given.
fn get(addr: &str, path: &str) -> (u16, String) {
    get_as(addr, addr, path)
}

/// A raw HTTP/1.1 GET naming `host` in its `Host` header.
fn get_as(addr: &str, host: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Server-sent events, as (event, data) lines, from a background reader.
fn events(addr: &str) -> mpsc::Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__beian/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data:")
                && tx.send((event.clone(), d.trim().to_string())).is_err()
            {
                return;
            }
        }
    });
    // Let the subscription start before any edit.
    std::thread::sleep(Duration::from_millis(200));
    rx
}

fn next_event(rx: &mpsc::Receiver<(String, String)>, want: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((event, data)) if event == want => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{want}` event within 20 s");
}

#[test]
fn pages_are_served_with_the_reload_script() {
    let site = Site::fixture("rules");
    let server = serve(&site);
    let (status, body) = get(&server.addr, "/guide/steps/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Steps</h1>"), "{body}");
    assert!(body.contains("<script src=\"/__beian/live.js\"></script>\n</body>"));
    assert_eq!(get(&server.addr, "/guide/steps").0, 200);
    let (status, js) = get(&server.addr, "/__beian/live.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"));
    let (status, body) = get(&server.addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Not found"), "the site's 404 page");
}

#[test]
fn requests_cannot_leave_the_site() {
    let site = Site::fixture("rules");
    site.write("secret.txt", "TOP SECRET");
    let server = serve(&site);
    for path in [
        "/../secret.txt",
        "/../site.yaml",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/guide/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/..\\secret.txt",
        "/content/guide/steps.md",
        "/%00",
    ] {
        let (status, body) = get(&server.addr, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn only_the_servers_own_host_names_are_answered() {
    let site = Site::fixture("minimal");
    let server = serve(&site);
    let port = server.addr.rsplit(':').next().unwrap();
    for host in [
        server.addr.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(get_as(&server.addr, &host, "/").0, 200, "{host}");
    }
    // A page of another site whose name was pointed at 127.0.0.1 (DNS
    // rebinding) cannot read the preview, nor its events.
    for path in ["/", "/guide/steps/", "/__beian/events", "/__beian/live.js"] {
        let (status, body) = get_as(&server.addr, &format!("rebind.example:{port}"), path);
        assert_eq!(status, 403, "{path}");
        assert_eq!(body.lines().count(), 1, "{body}");
        assert!(body.contains("--allow-host rebind.example"), "{body}");
    }

    let mut child = Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--root")
        .arg(&site.root)
        .args(["serve", "--port", "0", "--allow-host", "preview.test"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let allowed = Server {
        addr: line.trim().rsplit('/').nth(1).unwrap().to_string(),
        child,
    };
    assert_eq!(get_as(&allowed.addr, "preview.test", "/").0, 200);
    assert_eq!(get_as(&allowed.addr, "other.test", "/").0, 403);
}

#[test]
fn edits_to_content_templates_and_rules_reload_open_pages() {
    let site = Site::fixture("rules");
    let server = serve(&site);
    let rx = events(&server.addr);

    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps, edited\"\n---\n## Permit {#permit}\n\nNew words.\n",
    );
    next_event(&rx, "reload");
    assert!(get(&server.addr, "/guide/steps/").1.contains("New words."));

    let page = site.read("themes/default/templates/page.html");
    site.write(
        "themes/default/templates/page.html",
        &page.replace("<h1>", "<h1 class=\"edited\">"),
    );
    next_event(&rx, "reload");
    assert!(
        get(&server.addr, "/guide/steps/")
            .1
            .contains("<h1 class=\"edited\">")
    );

    let alpha = site.read("rules/provinces/alpha.yaml");
    site.write(
        "rules/provinces/alpha.yaml",
        &alpha.replace("Outsiders need a permit.", "Outsiders need a blue permit."),
    );
    next_event(&rx, "reload");
    assert!(
        get(&server.addr, "/provinces/alpha/")
            .1
            .contains("Outsiders need a blue permit.")
    );
    assert!(
        get(&server.addr, "/provinces/alpha/checklist/individual/")
            .1
            .contains("blue permit")
    );

    site.write(
        "themes/default/static/assets/test.css",
        "body { color: teal; }",
    );
    next_event(&rx, "css");
}

#[test]
fn a_broken_edit_shows_errors_and_keeps_the_last_good_site() {
    let site = Site::fixture("rules");
    let server = serve(&site);
    let rx = events(&server.addr);
    site.write(
        "content/guide/steps.md",
        "---\ntitle: [unclosed\n---\nBroken.\n",
    );
    let data = next_event(&rx, "errors");
    let errors: Vec<String> = serde_json::from_str(&data).unwrap();
    assert!(
        errors[0].contains("content/guide/steps.md:2:"),
        "{errors:?}"
    );
    // The last good page is still served.
    let (status, body) = get(&server.addr, "/guide/steps/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Steps</h1>"));
    // A page opened now learns of the errors at once.
    let late = events(&server.addr);
    assert!(next_event(&late, "errors").contains("steps.md"));

    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps, fixed\"\n---\n## Permit {#permit}\n",
    );
    next_event(&rx, "ok");
    next_event(&rx, "reload");
    assert!(
        get(&server.addr, "/guide/steps/")
            .1
            .contains("Steps, fixed")
    );
}

#[test]
fn site_yaml_saved_by_renaming_a_new_file_over_it_is_seen_every_time() {
    let site = Site::fixture("minimal");
    let server = serve(&site);
    let rx = events(&server.addr);
    // As many editors save: write a new file, rename it over the old one.
    // A watch on the file itself would follow the old file and miss the
    // second save.
    for title in ["First title", "Second title", "Third title"] {
        site.write("site.yaml.tmp", &format!("title: \"{title}\"\n"));
        std::fs::rename(site.path("site.yaml.tmp"), site.path("site.yaml")).unwrap();
        next_event(&rx, "reload");
        let home = get(&server.addr, "/").1;
        assert!(home.contains(title), "{title} not served:\n{home}");
    }
}

/// What `beian serve ARGS` says on stderr, up to its "watching" line.
fn start_up_messages(site: &Site, args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--root")
        .arg(&site.root)
        .arg("serve")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.contains("watching") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    said
}

#[test]
fn a_non_loopback_bind_is_warned_about() {
    let site = Site::fixture("minimal");
    let err = start_up_messages(&site, &["--port", "0", "--bind", "0.0.0.0"]);
    assert!(err.contains("warning: serving on 0.0.0.0"), "{err}");
}

#[test]
fn a_port_in_use_is_a_usage_error_with_a_way_out() {
    let site = Site::fixture("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    site.beian(&["serve", "--port", &port])
        .fails_with(2)
        .says(&format!("cannot listen on 127.0.0.1:{port}"))
        .says("choose another port with --port");
}

#[test]
fn a_site_that_does_not_build_at_start_is_not_called_built() {
    let site = Site::fixture("minimal");
    site.write("content/guide/steps.md", "---\ntitle: [\n---\n");
    let said = start_up_messages(&site, &["--port", "0"]);
    assert!(said.contains("content/guide/steps.md:"), "{said}");
    assert!(
        said.contains("the site does not build yet (1 error)"),
        "{said}"
    );
    assert!(!said.contains("built in"), "{said}");
}

#[test]
fn a_body_edit_re_renders_that_page_alone_and_a_title_edit_its_dependents() {
    let site = Site::fixture("minimal");
    let server = serve(&site);
    let rx = events(&server.addr);
    let steps = site.read("content/guide/steps.md");

    site.write(
        "content/guide/steps.md",
        &format!("{steps}\nOne more line.\n"),
    );
    let changed: Vec<String> = serde_json::from_str(&next_event(&rx, "reload")).unwrap();
    assert_eq!(changed, ["guide/steps/index.html"]);
    assert!(
        get(&server.addr, "/guide/steps/")
            .1
            .contains("One more line.")
    );

    // A heading another page links to is checked again: removing it is an
    // error (the home page links to #upload), and the old page stays.
    site.write(
        "content/guide/steps.md",
        &steps.replace("## Upload {#upload}", "## Uploading"),
    );
    let errors = next_event(&rx, "errors");
    assert!(
        errors.contains("content/_index.md") && errors.contains("#upload"),
        "{errors}"
    );
    assert!(
        get(&server.addr, "/guide/steps/")
            .1
            .contains("One more line.")
    );

    // A new title shows in the navigation, listings and neighbours.
    site.write(
        "content/guide/steps.md",
        &steps.replace("title: \"Steps\"", "title: \"All the steps\""),
    );
    next_event(&rx, "ok");
    let changed: Vec<String> = serde_json::from_str(&next_event(&rx, "reload")).unwrap();
    for page in [
        "guide/steps/index.html",
        "guide/index.html",
        "guide/intro/index.html",
    ] {
        assert!(
            changed.iter().any(|c| c == page),
            "{page} not in {changed:?}"
        );
    }
}

#[test]
fn a_template_edit_re_renders_the_pages_made_with_it() {
    let site = Site::fixture("rules");
    let server = serve(&site);
    let rx = events(&server.addr);
    // checklist.html is used by the checklist pages alone.
    let checklist = site.read("themes/default/templates/checklist.html");
    site.write(
        "themes/default/templates/checklist.html",
        &checklist.replace("<h1>", "<h1 class=\"printed\">"),
    );
    let changed: Vec<String> = serde_json::from_str(&next_event(&rx, "reload")).unwrap();
    assert!(!changed.is_empty());
    assert!(
        changed.iter().all(|c| c.contains("/checklist/")),
        "{changed:?}"
    );
    assert!(
        get(&server.addr, "/provinces/beta/checklist/")
            .1
            .contains("<h1 class=\"printed\">")
    );

    // A broken template is an error at its line; the old pages stay.
    site.write("themes/default/templates/checklist.html", "{% if %}");
    let errors = next_event(&rx, "errors");
    assert!(
        errors.contains("themes/default/templates/checklist.html:1:"),
        "{errors}"
    );
    assert!(
        get(&server.addr, "/provinces/beta/checklist/")
            .1
            .contains("<h1 class=\"printed\">")
    );
}

/// Asks for `path` until it answers `status`, for up to 20 seconds.
fn eventually(addr: &str, path: &str, status: u16) -> bool {
    let until = Instant::now() + Duration::from_secs(20);
    while Instant::now() < until {
        if get(addr, path).0 == status {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn the_index_asked_for_as_serve_starts_is_waited_for_not_missing() {
    let site = Site::fixture_with_search();
    let server = serve(&site);
    // At once, with no retry: the index is made in the background after
    // the address is printed, and a search page opened this early must
    // still find it rather than say that search is not available.
    let (status, entry) = get(&server.addr, "/pagefind/pagefind-entry.json");
    assert_eq!(status, 200, "{entry}");
    assert!(entry.contains("\"page_count\":4"), "{entry}");
}

#[test]
fn the_search_index_is_served_from_memory_and_goes_when_search_does() {
    let site = Site::fixture_with_search();
    let server = serve(&site);
    assert!(eventually(
        &server.addr,
        "/pagefind/pagefind-entry.json",
        200
    ));
    let (_, entry) = get(&server.addr, "/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"page_count\":4"), "{entry}");
    assert!(!site.path("dist").exists(), "serve writes nothing to disk");

    site.write("site.yaml", "title: \"Test site\"\n");
    assert!(
        eventually(&server.addr, "/pagefind/pagefind-entry.json", 404),
        "the index is still served after search was turned off"
    );
}

#[test]
fn a_page_swapped_for_a_link_out_of_the_site_is_refused_not_read() {
    let site = Site::fixture("rules");
    let secret = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "SECRET-line-one\nline two\n").unwrap();
    let server = serve(&site);
    let rx = events(&server.addr);
    let page = site.path("content/guide/steps.md");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&secret, &page).unwrap();
    let data = next_event(&rx, "errors");
    assert!(data.contains("leads outside the site"), "{data}");
    assert!(!data.contains("SECRET"), "{data}");
    let (_, body) = get(&server.addr, "/guide/steps/");
    assert!(!body.contains("SECRET"), "{body}");
}

#[test]
fn edits_to_the_strings_tables_reload_open_pages() {
    let site = Site::fixture_with_search();
    site.write(
        "i18n/en.yaml",
        "header:\n  skip_link: \"Jump to the text\"\n",
    );
    let server = serve(&site);
    let rx = events(&server.addr);
    assert!(
        get(&server.addr, "/guide/steps/")
            .1
            .contains(">Jump to the text</a>")
    );

    site.write("i18n/en.yaml", "header:\n  skip_link: \"Go to the text\"\n");
    next_event(&rx, "reload");
    assert!(
        get(&server.addr, "/guide/steps/")
            .1
            .contains(">Go to the text</a>")
    );

    let theme = site.read("themes/default/i18n/en.yaml");
    site.write(
        "themes/default/i18n/en.yaml",
        &theme.replace("next: \"Next\"", "next: \"Onward\""),
    );
    next_event(&rx, "reload");
    assert!(
        get(&server.addr, "/guide/intro/")
            .1
            .contains(">Onward</span>")
    );
}

/// The errors the overlay shows now: what a page opened now is sent first
/// (nothing, within a moment, when the site builds).
fn current_errors(addr: &str) -> Vec<String> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__beian/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_millis(400)))
        .unwrap();
    let mut event = String::new();
    for line in BufReader::new(s).lines() {
        let Ok(line) = line else { break };
        if let Some(e) = line.strip_prefix("event: ") {
            event = e.to_string();
        } else if let Some(d) = line.strip_prefix("data:")
            && event == "errors"
        {
            return serde_json::from_str(d.trim()).unwrap();
        }
    }
    Vec::new()
}

#[test]
fn the_overlay_shows_every_error_with_paths_inside_the_site() {
    let site = Site::fixture("minimal");
    let server = serve(&site);
    let rx = events(&server.addr);
    site.write("content/guide/intro.md", "---\ntitle: [\n---\n");
    let errors: Vec<String> = serde_json::from_str(&next_event(&rx, "errors")).unwrap();
    assert!(
        errors[0].starts_with("content/guide/intro.md:2:"),
        "{errors:?}"
    );
    let root = site.root.display().to_string();
    assert!(!errors.iter().any(|e| e.contains(&root)), "{errors:?}");

    // A good edit of another page leaves the site broken: the overlay
    // stays, with the errors of both when both are broken.
    let steps = site.read("content/guide/steps.md");
    site.write(
        "content/guide/steps.md",
        &format!("{steps}\nOne more line.\n"),
    );
    let (event, data) = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(event, "errors", "{data}");
    assert!(data.contains("content/guide/intro.md:2:"), "{data}");
    site.write("content/guide/steps.md", "---\ntitle: {\n---\n");
    let errors: Vec<String> = serde_json::from_str(&next_event(&rx, "errors")).unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(current_errors(&server.addr), errors);
}

#[test]
fn pages_added_while_broken_and_input_folders_made_anew_are_seen() {
    let site = Site::fixture("minimal");
    let server = serve(&site);
    let rx = events(&server.addr);
    site.write("content/guide/intro.md", "---\ntitle: [\n---\n");
    next_event(&rx, "errors");
    site.write(
        "content/guide/new.md",
        "---\ntitle: \"New\"\n---\nNew page.\n",
    );
    next_event(&rx, "errors");
    site.write("content/guide/intro.md", "---\ntitle: \"Intro\"\n---\n");
    next_event(&rx, "ok");
    assert!(eventually(&server.addr, "/guide/new/", 200));

    // content/ removed and put back is watched again.
    let away = site.root.with_file_name("content-away");
    std::fs::rename(site.path("content"), &away).unwrap();
    next_event(&rx, "errors");
    std::fs::rename(&away, site.path("content")).unwrap();
    next_event(&rx, "ok");
    site.write(
        "content/guide/new.md",
        "---\ntitle: \"New\"\n---\nEdited.\n",
    );
    let until = Instant::now() + Duration::from_secs(20);
    while !get(&server.addr, "/guide/new/").1.contains("Edited.") {
        assert!(
            Instant::now() < until,
            "an edit in content/ put back is not seen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // rules/, made after the start, is watched.
    site.write("rules/rules.yaml", "version: [\n");
    let errors = next_event(&rx, "errors");
    assert!(errors.contains("rules/"), "{errors}");
}

/// A small seeded generator (xorshift), so a failing sequence can be
/// replayed from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The random edits' world: pages `p0`…`p4` in content/guide/ (present or
/// not, broken or not), and content/guide/ itself moved away or not.
struct Edits<'a> {
    site: &'a Site,
    rng: Rng,
    present: [bool; 5],
    broken: [bool; 5],
    away: bool,
    log: Vec<String>,
}

impl Edits<'_> {
    fn guide(&self) -> std::path::PathBuf {
        if self.away {
            self.site.root.with_file_name("guide-away")
        } else {
            self.site.path("content/guide")
        }
    }

    fn write_page(&mut self, k: usize, broken: bool) {
        let n = self.rng.below(1000);
        let weight = self.rng.below(5);
        let text = if broken {
            format!("---\ntitle: [p{k}\n---\nBroken {n}.\n")
        } else {
            let link = if self.rng.below(2) == 0 {
                "[the steps](steps.md#upload)"
            } else {
                "[the intro](intro.md)"
            };
            format!(
                "---\ntitle: \"Page {k}, version {n}\"\nweight: {weight}\n---\n## Part {n}\n\nText {n}, see {link}.\n"
            )
        };
        std::fs::write(self.guide().join(format!("p{k}.md")), text).unwrap();
        self.present[k] = true;
        self.broken[k] = broken;
    }

    /// One random edit, logged.
    fn step(&mut self) {
        let k = self.rng.below(5);
        let what = match self.rng.below(6) {
            0 | 1 => {
                self.write_page(k, false);
                "write"
            }
            2 => {
                self.write_page(k, true);
                "break"
            }
            3 if self.present[k] => {
                std::fs::remove_file(self.guide().join(format!("p{k}.md"))).unwrap();
                self.present[k] = false;
                self.broken[k] = false;
                "delete"
            }
            4 => {
                // content/guide/ moved out of the site, or back in.
                let (from, to) = (self.guide(), {
                    self.away = !self.away;
                    self.guide()
                });
                std::fs::rename(from, to).unwrap();
                "move the folder"
            }
            _ => {
                let home = self.site.read("content/_index.md");
                self.site.write(
                    "content/_index.md",
                    &format!("{home}\nEdited {}.\n", self.rng.below(1000)),
                );
                "edit the home page"
            }
        };
        self.log.push(format!("{what} p{k}"));
        // Some edits come in one burst, some apart.
        std::thread::sleep(Duration::from_millis([0, 30, 200][self.rng.below(3)]));
    }

    fn fix_everything(&mut self) {
        if self.away {
            std::fs::rename(self.guide(), self.site.path("content/guide")).unwrap();
            self.away = false;
        }
        for k in 0..5 {
            if self.broken[k] {
                self.write_page(k, false);
            }
        }
        self.log.push("fix everything".into());
    }
}

/// Every file a fresh `beian build --drafts` writes, or its errors'
/// headlines with paths from the site's folder.
fn fresh_build(site: &Site, n: usize) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    let out = site.root.with_file_name(format!("fresh-{n}"));
    let out_arg = out.display().to_string();
    let run = site.beian(&["build", "--drafts", "--out", &out_arg]);
    if run.code != 0 {
        let root = format!("{}/", site.root.display());
        return Err(run
            .stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .map(|l| l.replace(&root, ""))
            .collect());
    }
    Ok(common::snapshot(&out)
        .into_iter()
        .map(|(p, bytes)| (p.to_string_lossy().replace('\\', "/"), bytes))
        .filter(|(p, _)| p != ".beian-output")
        .collect())
}

/// Whether what the server shows is what the fresh build made: every
/// file, byte for byte (less the reload script), files of earlier builds
/// gone, or the same errors.
fn serves_the_same(
    addr: &str,
    fresh: &Result<Vec<(String, Vec<u8>)>, Vec<String>>,
    gone: &[String],
) -> Result<(), String> {
    match fresh {
        Ok(files) => {
            if !current_errors(addr).is_empty() {
                return Err("the overlay shows errors".into());
            }
            for (path, bytes) in files {
                let (status, body) = get(addr, &format!("/{path}"));
                let body = body.replace("<script src=\"/__beian/live.js\"></script>\n", "");
                if status != 200 || body.as_bytes() != bytes.as_slice() {
                    return Err(format!("/{path} differs ({status})"));
                }
            }
            for path in gone {
                if get(addr, &format!("/{path}")).0 != 404 {
                    return Err(format!("/{path} is still served"));
                }
            }
            Ok(())
        }
        Err(errors) => {
            let shown: Vec<String> = current_errors(addr)
                .iter()
                .filter_map(|e| e.lines().next().map(str::to_string))
                .collect();
            if &shown == errors {
                Ok(())
            } else {
                Err(format!("overlay {shown:?}, build {errors:?}"))
            }
        }
    }
}

#[test]
fn after_any_edits_serve_shows_what_a_fresh_build_makes() {
    for seed in [0x9e37_79b9_7f4a_7c15_u64, 0xdead_beef_1234_5678, 42] {
        let site = Site::fixture("minimal");
        let server = serve(&site);
        let mut edits = Edits {
            site: &site,
            rng: Rng(seed),
            present: [false; 5],
            broken: [false; 5],
            away: false,
            log: Vec::new(),
        };
        let mut ever: Vec<String> = Vec::new();
        for round in 0..2 {
            for _ in 0..6 {
                edits.step();
            }
            if round == 1 {
                edits.fix_everything();
            }
            let fresh = fresh_build(&site, round);
            if let Ok(files) = &fresh {
                ever.extend(files.iter().map(|(p, _)| p.clone()));
            }
            let gone: Vec<String> = ever
                .iter()
                .filter(|p| {
                    fresh
                        .as_ref()
                        .is_ok_and(|f| !f.iter().any(|(q, _)| q == *p))
                })
                .cloned()
                .collect();
            // Settled: the same, and still the same a moment later.
            let until = Instant::now() + Duration::from_secs(15);
            let mut last = serves_the_same(&server.addr, &fresh, &gone);
            while last.is_err() && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(200));
                last = serves_the_same(&server.addr, &fresh, &gone);
            }
            std::thread::sleep(Duration::from_millis(300));
            if last.is_ok() {
                last = serves_the_same(&server.addr, &fresh, &gone);
            }
            if let Err(why) = last {
                panic!("seed {seed:#x}, after {:?}: {why}", edits.log);
            }
        }
    }
}

#[test]
fn a_new_title_in_a_long_section_reaches_its_listing_page() {
    let site = Site::fixture("minimal");
    for k in 0..60 {
        site.write(
            &format!("content/guide/p{k:02}.md"),
            &format!("---\ntitle: \"Page {k}\"\nweight: {}\n---\nText.\n", k + 10),
        );
    }
    let server = serve(&site);
    let rx = events(&server.addr);
    assert!(get(&server.addr, "/guide/page/2/").1.contains("Page 55"));
    site.write(
        "content/guide/p55.md",
        "---\ntitle: \"Page fifty-five\"\nweight: 65\n---\nText.\n",
    );
    next_event(&rx, "reload");
    let listing = get(&server.addr, "/guide/page/2/").1;
    assert!(listing.contains("Page fifty-five"), "{listing}");
    assert!(!listing.contains(">Page 55<"), "{listing}");
}

#[test]
fn after_a_one_page_edit_only_that_page_is_indexed_again_and_the_index_is_builds() {
    let site = Site::fixture_with_search();
    let mut server = serve_with_stderr(&site, Stdio::piped());
    let stderr = server.child.stderr.take().unwrap();
    let (tx, indexed) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("search index:") {
                let _ = tx.send(line);
            }
        }
    });
    let first = indexed.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(first.contains("(4 prepared again)"), "{first}");

    let steps = site.read("content/guide/steps.md");
    site.write(
        "content/guide/steps.md",
        &format!("{steps}\nA zqxserveword here.\n"),
    );
    let second = indexed.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(second.contains("(1 prepared again)"), "{second}");
    let (status, served) = get(&server.addr, "/pagefind/pagefind-entry.json");
    assert_eq!(status, 200);

    // The same index as a build of the edited site (its files are named by
    // their content, so the entry file names them all).
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    site.beian(&["build", "--out", dist.to_str().unwrap()]).ok();
    let built = std::fs::read_to_string(dist.join("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(served, built);
}

#[test]
fn every_language_is_served_and_a_rules_edit_re_renders_them_all() {
    let site = Site::fixture_with_default_theme("languages");
    let server = serve(&site);
    for (path, words) in [
        ("/guide/steps/", "Steps"),
        ("/zh-cn/guide/steps/", "步骤"),
        ("/de/guide/steps/", "Schritte"),
    ] {
        let (status, body) = get(&server.addr, path);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(words), "{path}");
    }
    let rx = events(&server.addr);
    // A plain string is every language's text until one is translated.
    let checklist = site.read("rules/checklist.yaml");
    site.write(
        "rules/checklist.yaml",
        &checklist.replace(
            "title: \"Extract from the company register\"",
            "title: \"Extract from the trade register\"",
        ),
    );
    next_event(&rx, "reload");
    for lang in ["", "/zh-cn", "/de"] {
        let path = format!("{lang}/states/north/checklist/company/");
        let (status, body) = get(&server.addr, &path);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("Extract from the trade register"), "{path}");
        assert!(!body.contains("company register"), "{path}");
    }
}
