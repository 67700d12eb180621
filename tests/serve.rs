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
    let mut child = Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--root")
        .arg(&site.root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
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
