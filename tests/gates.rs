//! The quality gates run on the built bundled site (`bundled_site.rs`) are
//! only worth something if they fail on a broken site: each is run here on
//! a small site broken on purpose. The browser gates are proven the same
//! way in `tests/js/`.

mod common;

use std::fs;
use std::path::Path;

use common::{broken_links, links_home, sitemap_problems};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn the_link_gate_catches_a_missing_page_a_missing_anchor_and_an_absolute_link() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "index.html",
        r##"<a href="guide/index.html#top">ok</a> <a href="gone/index.html">x</a> <a href="guide/index.html#nowhere">y</a> <a href="/guide/index.html">z</a> <img src="../out.png">"##,
    );
    write(d, "guide/index.html", r#"<h1 id="top">Guide</h1>"#);
    let problems = broken_links(d);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    for needle in [
        "missing gone/index.html",
        "no #nowhere",
        "absolute link /guide/index.html",
        "leaves the site",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{needle} not in {problems:#?}"
        );
    }
}

#[test]
fn the_sitemap_gate_catches_a_page_left_out_listed_twice_or_not_built() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = "https://example.cn/";
    write(d, "index.html", "home");
    write(d, "guide/index.html", "guide");
    write(d, "guide/steps/index.html", "steps");
    write(
        d,
        "sitemap.xml",
        "<urlset><url><loc>https://example.cn/</loc></url><url><loc>https://example.cn/guide/</loc></url>\
         <url><loc>https://example.cn/guide/</loc></url><url><loc>https://example.cn/old/</loc></url></urlset>",
    );
    let problems = sitemap_problems(d, base);
    assert_eq!(
        problems,
        vec![
            "listed twice: https://example.cn/guide/".to_string(),
            "not listed: https://example.cn/guide/steps/".to_string(),
            "listed but not built: https://example.cn/old/".to_string(),
        ]
    );
    fs::remove_file(d.join("sitemap.xml")).unwrap();
    assert_eq!(
        sitemap_problems(d, base),
        vec!["no sitemap.xml".to_string()]
    );
}

#[test]
fn the_404_gate_catches_a_page_that_does_not_lead_home() {
    let base = "https://example.cn/guide/";
    assert!(links_home(
        r#"<a href="https://example.cn/guide/index.html">Home</a>"#,
        base
    ));
    assert!(!links_home(r#"<a href="index.html">Home</a>"#, base));
    assert!(!links_home("<p>Not found.</p>", base));
}
