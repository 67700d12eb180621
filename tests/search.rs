//! Search: the index beian builds with a site that asks for it, what the
//! pages carry for it, and the mistakes a site can make setting it up.

mod common;

use std::fs;

use common::Site;

#[test]
fn the_index_holds_the_guide_pages_and_not_the_search_page() {
    let site = Site::fixture_with_search();
    site.build()
        .ok()
        .says("built 5 pages and a search index of 4 into");
    let dist = site.dist();
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(dist.join(f).is_file(), "{f} was not written");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("dist/pagefind/pagefind-entry.json")).unwrap();
    // Home, the guide section and its two pages; not the search page.
    assert_eq!(entry["languages"]["en"]["page_count"], 4, "{entry}");
    let bundle: Vec<String> = fs::read_dir(dist.join("pagefind"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !bundle.iter().any(|n| n.contains("-ui")),
        "ready-made interfaces were written: {bundle:?}"
    );

    let steps = site.read("dist/guide/steps/index.html");
    assert!(
        steps
            .contains("<main id=\"main\" data-pagefind-body data-pagefind-filter=\"group:guide\">"),
        "{steps}"
    );
    assert!(
        steps.contains("action=\"../../find/index.html\""),
        "the header box must lead to the search page: {steps}"
    );
    let find = site.read("dist/find/index.html");
    assert!(
        !find.contains("data-pagefind-body"),
        "the search page must not be indexed"
    );
    assert!(
        !find.contains("class=\"site-search\""),
        "the search page has its own box"
    );
    assert!(find.contains("assets/search.js"));
    // The search page is reached from the box, not the navigation.
    assert!(
        !steps.contains("href=\"../../find/index.html\">Search</a>"),
        "{steps}"
    );
}

#[test]
fn a_site_without_search_carries_nothing_of_it() {
    let site = Site::fixture_with_default_theme("minimal");
    site.build().ok();
    assert!(!site.dist().join("pagefind").exists());
    for page in ["dist/index.html", "dist/guide/steps/index.html"] {
        let html = site.read(page);
        assert!(
            !html.contains("pagefind") && !html.contains("site-search"),
            "{page}: {html}"
        );
    }
}

#[test]
fn the_search_page_must_exist() {
    let site = Site::fixture_with_search();
    fs::remove_dir_all(site.path("content/find")).unwrap();
    site.build()
        .fails_with(1)
        .says("site.yaml puts the search page in content/find/, which has no _index.md")
        .says("create content/find/_index.md");
}

#[test]
fn content_may_not_write_where_the_index_goes() {
    let site = Site::fixture_with_search();
    site.write("content/pagefind/_index.md", "---\ntitle: \"Oops\"\n---\n");
    site.build()
        .fails_with(1)
        .says("content/pagefind/_index.md would write into pagefind/, where the search index goes");
}

#[test]
fn a_theme_without_a_search_template_is_told_what_to_add() {
    let site = Site::fixture("minimal");
    site.write("site.yaml", "title: \"Test site\"\nsearch: find\n");
    site.write("content/find/_index.md", "---\ntitle: \"Search\"\n---\n");
    site.build()
        .fails_with(1)
        .says("the theme has no `search.html` template")
        .says("this site has pages rendered with search.html");
}

#[test]
fn a_bad_search_setting_is_explained() {
    let site = Site::fixture_with_search();
    site.write("site.yaml", "title: \"Test site\"\nsearch: ../elsewhere\n");
    site.build()
        .fails_with(1)
        .says("`search` must be a folder under content/, such as `search`, found `../elsewhere`");
}

#[test]
fn check_does_not_build_the_index_but_build_twice_gives_the_same_bytes() {
    let site = Site::fixture_with_search();
    site.beian(&["check"]).ok();
    assert!(!site.dist().exists());
    site.build().ok();
    let first = common::snapshot(&site.dist());
    site.build().ok();
    assert_eq!(first, common::snapshot(&site.dist()));
    assert!(
        first.keys().any(|p| p.starts_with("pagefind/fragment")),
        "{:?}",
        first.keys()
    );
}

#[test]
fn the_search_page_needs_a_folder_of_its_own() {
    let site = Site::fixture_with_search();
    site.write("site.yaml", "title: \"Test site\"\nsearch: guide\n");
    site.build()
        .fails_with(1)
        .says("site.yaml puts the search page in content/guide/_index.md, which is a section with pages of its own");
}

/// The index's files, path and bytes, under the site's output.
fn index_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(&site.dist().join("pagefind"))
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(site.dist())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The text of every page in the index (its fragments, gunzipped).
fn indexed_text(site: &Site) -> String {
    use std::io::Read;
    let mut text = String::new();
    for (path, bytes) in index_files(site) {
        if path.contains("fragment") {
            let mut s = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut s)
                .unwrap();
            text.push_str(&s);
        }
    }
    text
}

#[test]
fn a_second_build_reuses_the_stored_index_and_an_edited_page_is_indexed_anew() {
    let site = Site::fixture_with_search();
    site.build().ok().says("and a search index of 4 into");
    let first = index_files(&site);
    assert!(site.path(".beian-cache/search-index.files").is_file());
    assert_eq!(site.read(".beian-cache/.gitignore"), "*\n");

    let run = site.build();
    run.ok()
        .says("and a search index of 4 (unchanged, from .beian-cache) into");
    assert_eq!(index_files(&site), first, "the stored index was changed");

    let steps = site.read("content/guide/steps.md");
    site.write(
        "content/guide/steps.md",
        &format!("{steps}\nA zqxwordnew here.\n"),
    );
    site.build().ok().says("and a search index of 4 into");
    assert_ne!(index_files(&site), first);
    assert!(indexed_text(&site).contains("zqxwordnew"));
    // And that index is the one stored now.
    site.build()
        .ok()
        .says("and a search index of 4 (unchanged, from .beian-cache) into");
    assert!(indexed_text(&site).contains("zqxwordnew"));
}

#[test]
fn the_stored_index_is_not_part_of_the_site() {
    let site = Site::fixture_with_search();
    site.build().ok();
    site.build().ok();
    assert!(!site.dist().join(".beian-cache").exists());
    let check = site.beian(&["check"]);
    check.ok().says(": no problems");
}

/// What a page holds before its marked body is not handed to Pagefind,
/// which would read it only to drop it (`search::before_body`). For every
/// page of the bundled guide that has a marked body, in both languages,
/// the header and navigation must be left out, and Pagefind must prepare
/// what is left exactly as it prepares the whole page.
#[test]
fn pagefind_prepares_every_bundled_page_without_its_navigation_as_with_it() {
    let site = Site::bundled();
    site.build().ok();
    let index = beian::search::Index::new().unwrap();
    let (mut same, mut whole) = (0, Vec::new());
    for (path, bytes) in common::snapshot(&site.dist()) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let language = text
            .split_once("<html lang=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map_or("en", |(lang, _)| lang);
        match index.preparer().compare_before_body(&bytes, language) {
            Some(Ok(())) => same += 1,
            Some(Err(difference)) => panic!("{}: {difference}", path.display()),
            None if text.contains("data-pagefind-body") => whole.push(path),
            None => {}
        }
    }
    assert_eq!(whole, Vec::<std::path::PathBuf>::new());
    assert!(same > 200, "only {same} pages without their navigation");
}

/// The same, for what other themes may put before the marked body: ids
/// (each an anchor Pagefind numbers in order), elements it drops or spaces
/// apart, an image before any title, entities, Chinese text, and the body
/// several elements deep, some of them with ids.
#[test]
fn pagefind_prepares_pages_without_any_plain_header_as_with_it() {
    let index = beian::search::Index::new().unwrap();
    let befores = [
        "<header id=\"top\"><a href=\"/\"><img src=\"l.png\" alt=\"\">Site &amp; co</a>\
         <span id=\"s\">one<br>two <b id=\"b\">three</b></span></header>",
        "<nav id=\"n\"><ul><li id=\"i1\"><a id=\"a1\" href=\"x\">备案 指南</a></li></ul></nav>\
         <form><label for=\"q\">Q</label><input id=\"q\"><button>Go</button></form>",
        "<div id=\"outer\" class=\"o\">\n<aside id=\"side\"><details open><summary>Menu</summary>\
         <ol><li>x</li></ol></details></aside>\n<section id=\"inner\"><div>",
    ];
    for (i, before) in befores.iter().enumerate() {
        let closing = "</div></section></div>".repeat(usize::from(i == 2));
        for (lang, text) in [
            ("en", "Some text, with words."),
            ("zh-CN", "网站备案的材料和流程。"),
        ] {
            let page = format!(
                "<!DOCTYPE html><html lang=\"{lang}\"><head><title>T</title></head><body>{before}\
                 <main id=\"main\" data-pagefind-body><h1 id=\"t\">Title</h1>\
                 <h2 id=\"h\">Part</h2><p>{text}</p></main>{closing}\
                 <footer id=\"f\">after</footer></body></html>"
            );
            match index.preparer().compare_before_body(page.as_bytes(), lang) {
                Some(Ok(())) => {}
                Some(Err(difference)) => panic!("{before}: {difference}"),
                None => panic!("{before}: handed over whole"),
            }
        }
    }
}

/// Pagefind reads well-formed pages without lol_html (beian's patch,
/// vendor/pagefind/PATCH.md). Every page of the bundled guide, in both
/// languages, must be read that way, to exactly what lol_html reads.
#[test]
fn pagefind_reads_every_bundled_page_without_lol_html_as_lol_html_does() {
    let site = Site::bundled();
    site.build().ok();
    let index = beian::search::Index::new().unwrap();
    let (mut read, mut declined) = (0, Vec::new());
    for (path, bytes) in common::snapshot(&site.dist()) {
        if path.extension().is_some_and(|e| e == "html") {
            match index.preparer().compare_readers(&bytes) {
                Some(Ok(())) => read += 1,
                Some(Err(difference)) => panic!("{}: {difference}", path.display()),
                None => declined.push(path),
            }
        }
    }
    assert!(read > 250, "only {read} pages read");
    assert_eq!(declined, Vec::<std::path::PathBuf>::new());
}
