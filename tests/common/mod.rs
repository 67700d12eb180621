//! Helpers for whole-site tests: fixture sites copied to a temporary
//! folder, the real binary run on them, and a checker for the links of a
//! built site.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`, with the test theme unless the
    /// fixture brings its own.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        copy_dir(&repo().join("tests/fixtures").join(name), &root);
        if !root.join("themes").exists() {
            copy_dir(
                &repo().join("tests/fixtures/_theme"),
                &root.join("themes/default"),
            );
        }
        Site { _dir: dir, root }
    }

    /// A copy of `tests/fixtures/<name>` with the repository's default
    /// theme, for what the test theme leaves out (search, the real markup).
    pub fn fixture_with_default_theme(name: &str) -> Site {
        let site = Site::fixture(name);
        let theme = site.path("themes/default");
        fs::remove_dir_all(&theme).expect("the fixture's theme folder");
        copy_dir(&repo().join("themes/default"), &theme);
        site
    }

    /// The minimal fixture with the default theme and a search page at
    /// `find/`.
    pub fn fixture_with_search() -> Site {
        let site = Site::fixture_with_default_theme("minimal");
        site.write("site.yaml", "title: \"Test site\"\nsearch: find\n");
        site.write(
            "content/find/_index.md",
            "---\ntitle: \"Search\"\n---\nSearch the site.\n",
        );
        site
    }

    /// A copy of the bundled site (site.yaml, content/, themes/, rules/).
    pub fn bundled() -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        fs::copy(repo().join("site.yaml"), root.join("site.yaml")).unwrap();
        for sub in ["content", "themes", "rules", "i18n"] {
            if repo().join(sub).exists() {
                copy_dir(&repo().join(sub), &root.join(sub));
            }
        }
        Site { _dir: dir, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Runs `beian --root <site> <args…>`.
    pub fn beian(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .output()
            .expect("running beian");
        Run::from(output)
    }

    pub fn build(&self) -> Run {
        self.beian(&["build"])
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success, stderr:\n{}", self.stderr);
        self
    }

    pub fn fails_with(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code, stderr:\n{}",
            self.stderr
        );
        self
    }

    pub fn says(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "expected stderr to contain {needle:?}, got:\n{}",
            self.stderr
        );
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, to compare whole trees.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Values of one attribute in HTML we generated ourselves (quoted with
/// double quotes, entity-escaped).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Follows every `href` and `src` of every HTML file in a built site as a
/// browser opening it from disk would, and lists each one that leads
/// nowhere: a missing file, a missing anchor, or a link that leaves the
/// site (absolute paths included, which break under a sub-path).
pub fn broken_links(dist: &Path) -> Vec<String> {
    let files = snapshot(dist);
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8_lossy(bytes);
            ids.insert(path.clone(), attr_values(&html, "id").into_iter().collect());
        }
    }
    let mut problems = Vec::new();
    for (path, bytes) in &files {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let links = attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"));
        for link in links {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                // A plain link to another site is fine; loading a resource
                // from one is caught by `external_resources`.
                continue;
            }
            // 404.html is shown at any depth, so its links start from the
            // root; every other link is relative.
            let is_404 = path.as_path() == Path::new("404.html");
            if link.starts_with('/') && !is_404 {
                problems.push(format!("{}: absolute link {link}", path.display()));
                continue;
            }
            let (file_part, anchor) = match link.split_once('#') {
                Some((f, a)) => (f.to_string(), Some(percent_decode(a))),
                None => (link.clone(), None),
            };
            let target = if file_part.is_empty() {
                path.clone()
            } else {
                let mut t = if file_part.starts_with('/') {
                    PathBuf::new()
                } else {
                    path.parent().unwrap().to_path_buf()
                };
                for seg in percent_decode(&file_part).split('/') {
                    match seg {
                        ".." => {
                            if !t.pop() {
                                problems
                                    .push(format!("{}: {link} leaves the site", path.display()));
                            }
                        }
                        "." | "" => {}
                        s => t.push(s),
                    }
                }
                t
            };
            if !files.contains_key(&target) {
                problems.push(format!(
                    "{}: {link} -> missing {}",
                    path.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(a) = anchor
                && !a.is_empty()
                && !ids.get(&target).is_some_and(|set| set.contains(&a))
            {
                problems.push(format!(
                    "{}: {link} -> no #{a} in {}",
                    path.display(),
                    target.display()
                ));
            }
        }
    }
    problems
}

/// What is wrong with a built site's `sitemap.xml`, made with base URL
/// `base`: a page it leaves out, lists twice, or lists but was not built.
pub fn sitemap_problems(dist: &Path, base: &str) -> Vec<String> {
    let Ok(sitemap) = fs::read_to_string(dist.join("sitemap.xml")) else {
        return vec!["no sitemap.xml".to_string()];
    };
    let mut listed: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|s| s.replace("&amp;", "&"))
        .collect();
    listed.sort();
    let pages: BTreeSet<String> = snapshot(dist)
        .into_keys()
        .filter_map(|p| {
            let p = p.to_string_lossy().replace('\\', "/");
            let dir = p.strip_suffix("index.html")?;
            Some(format!("{base}{dir}"))
        })
        .collect();
    let mut problems = Vec::new();
    for w in listed.windows(2).filter(|w| w[0] == w[1]) {
        problems.push(format!("listed twice: {}", w[0]));
    }
    let listed: BTreeSet<String> = listed.into_iter().collect();
    for p in pages.difference(&listed) {
        problems.push(format!("not listed: {p}"));
    }
    for p in listed.difference(&pages) {
        problems.push(format!("listed but not built: {p}"));
    }
    problems
}

/// Whether a built `404.html` links to the home page at `base`.
pub fn links_home(not_found: &str, base: &str) -> bool {
    attr_values(not_found, "href").contains(&format!("{base}index.html"))
}

/// The `data-item` ids of a page (or of one part of it), in order, each
/// with the HTML up to the next item.
pub fn page_items(html: &str) -> Vec<(String, String)> {
    html.split("data-item=\"")
        .skip(1)
        .map(|chunk| {
            let end = chunk.find('"').unwrap();
            (chunk[..end].to_string(), chunk[end..].to_string())
        })
        .collect()
}

/// Text as HTML escapes it, to find a title in a page.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `beian checklist … --format json` for a province, an applicant type and
/// further answers (`question=value`), parsed.
pub fn checklist_json(
    site: &Site,
    region: &str,
    applicant: &str,
    answers: &[&str],
) -> serde_json::Value {
    let mut args = vec![
        "checklist",
        "--region",
        region,
        "--applicant",
        applicant,
        "--format",
        "json",
    ];
    for a in answers {
        args.push("--answer");
        args.push(a);
    }
    let run = site.beian(&args);
    run.ok();
    serde_json::from_str(&run.stdout).expect("checklist JSON")
}
