//! Outputs that would land on one another are found while planning: by
//! `check` as by `build`, with both sources named, before anything is
//! written.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{Site, snapshot};

/// A site built once, for its output to prove it survives.
fn built(site: Site) -> (Site, BTreeMap<PathBuf, Vec<u8>>) {
    site.build().ok();
    let before = snapshot(&site.dist());
    (site, before)
}

/// `check` and `build` report `says` (exit 1, at `at`), and the previous
/// output stays.
fn collides(site: &Site, before: &BTreeMap<PathBuf, Vec<u8>>, at: &str, says: &[&str]) {
    for run in [site.beian(&["check"]), site.build()] {
        run.fails_with(1).says(at);
        for s in says {
            run.says(s);
        }
    }
    assert_eq!(&snapshot(&site.dist()), before);
}

fn aliased(site: &Site, alias: &str) {
    site.write(
        "content/guide/intro.md",
        &format!("---\ntitle: \"Intro\"\naliases: [\"{alias}\"]\n---\nText.\n"),
    );
}

#[test]
fn an_alias_onto_a_theme_file_names_both() {
    let (site, before) = built(Site::fixture("minimal"));
    aliased(&site, "assets/test.css");
    collides(
        &site,
        &before,
        "content/guide/intro.md:3:10: error: an alias of content/guide/intro.md would write assets/test.css/index.html, inside assets/test.css",
        &["themes/default/static/assets/test.css writes as a file"],
    );
}

#[test]
fn an_alias_onto_beians_own_files_names_them() {
    for (alias, own) in [
        (".beian-output/", "beian's marker file"),
        ("sitemap.xml", "the sitemap"),
        ("404.html", "the 404 page"),
        ("assets/highlight.css/", "the code highlighting stylesheet"),
    ] {
        let (site, before) = built(Site::fixture("minimal"));
        aliased(&site, alias);
        collides(
            &site,
            &before,
            "content/guide/intro.md:3:10: error: an alias of",
            &[own],
        );
    }
}

#[test]
fn an_alias_into_the_search_index_is_refused() {
    let (site, before) = built(Site::fixture_with_search());
    aliased(&site, "pagefind/");
    collides(
        &site,
        &before,
        "content/guide/intro.md:3:10: error: an alias of content/guide/intro.md would write into pagefind/",
        &[],
    );
}

#[test]
fn a_file_named_like_a_pages_folder_names_both() {
    let (site, before) = built(Site::fixture("minimal"));
    site.write("content/guide/steps", "a file without an extension");
    collides(
        &site,
        &before,
        "content/guide/steps.md: error: content/guide/steps.md would write guide/steps/index.html, inside guide/steps",
        &["content/guide/steps writes as a file"],
    );

    // And the other way round: a page whose folder is a copied file.
    let site = Site::fixture("minimal");
    site.write("content/guide/intro", "a file without an extension");
    site.write(
        "content/guide/other.md",
        "---\ntitle: \"Other\"\nslug: \"intro\"\n---\n",
    );
    site.build()
        .fails_with(1)
        .says("would write guide/intro/index.html");
}
