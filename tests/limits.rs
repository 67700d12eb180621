//! Input that grows without bound, or takes a name the theme already uses:
//! dates in the future, templates that never end, sections with thousands
//! of pages, headings named like the theme's own elements.

mod common;

use common::Site;

#[test]
fn dates_in_the_future_are_errors_at_their_key() {
    let site = Site::fixture("rules");
    let alpha = site.read("rules/provinces/alpha.yaml");
    // The prefix's statement (line 7) and those citing S2 alone (the
    // administration's, line 12, and the letter's, line 38).
    let alpha = alpha
        .replacen("verified: 2026-01-02", "verified: 2999-01-02", 1)
        .replace(
            "      sources: [S2]\n      verified: 2026-01-02",
            "      sources: [S2]\n      verified: 2999-03-04",
        );
    site.write("rules/provinces/alpha.yaml", &alpha);
    let rules = site.read("rules/rules.yaml");
    site.write(
        "rules/rules.yaml",
        &rules.replace("updated: 2026-01-02", "updated: 2999-05-06"),
    );
    site.write(
        "content/guide/steps.md",
        &site
            .read("content/guide/steps.md")
            .replacen("---\n", "---\nchecked: 2999-07-08\n", 1),
    );
    let run = site.beian(&["check"]);
    run.fails_with(1)
        .says("rules/provinces/alpha.yaml:7:7")
        .says("`verified` is 2999-01-02, a date in the future")
        .says("rules/provinces/alpha.yaml:38:7")
        .says("`verified` is 2999-03-04")
        .says("rules/rules.yaml:2:")
        .says("`updated` is 2999-05-06")
        .says("content/guide/steps.md:2:")
        .says("`checked` is 2999-07-08");
}

#[test]
fn a_component_that_calls_itself_is_an_error_at_the_call() {
    let site = Site::fixture("minimal");
    let page = site.read("themes/default/templates/page.html");
    // Three calls at each of 19 levels: a billion renders if let run, in a
    // section page whose `super()` gathers it all before writing.
    site.write(
        "themes/default/templates/page.html",
        &page.replace(
            "{% block main %}\n",
            "{% component fan(n) %}x{% if n < 19 %}{{ <fan n={n+1}/> }}{{ <fan n={n+1}/> }}{{ <fan n={n+1}/> }}{% endif %}{% endcomponent fan %}\n{% block main %}\n{{ <fan n={0}/> }}\n",
        ),
    );
    site.build()
        .fails_with(1)
        .says("themes/default/templates/page.html:3:42: error: the component `fan` calls itself");
}

#[test]
fn a_section_of_1500_pages_keeps_every_page_small_and_pages_its_listing() {
    let site = Site::fixture_with_default_theme("minimal");
    for k in 0..1500 {
        site.write(
            &format!("content/guide/p{k:04}.md"),
            &format!(
                "---\ntitle: \"Page number {k} of a long section\"\ndescription: \"What page {k} is about, in one sentence.\"\n---\nText of page {k}.\n"
            ),
        );
    }
    site.build().ok();
    let files = common::snapshot(&site.dist());
    // One bound for any number of pages: navigation and listings show a
    // window of a long list, never all of it.
    let (largest, size) = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, b)| (p.display().to_string(), b.len()))
        .max_by_key(|(_, n)| *n)
        .unwrap();
    assert!(size < 30_000, "{largest} has {size} bytes");

    // The listing is cut into pages that link to each other, and together
    // list every page.
    let listing = |n: usize| {
        let path = if n == 1 {
            "dist/guide/index.html".to_string()
        } else {
            format!("dist/guide/page/{n}/index.html")
        };
        site.read(&path)
    };
    let first = listing(1);
    assert!(
        first.contains("href=\"../guide/page/2/index.html\""),
        "{first}"
    );
    let second = listing(2);
    assert!(
        second.contains("href=\"../../../guide/index.html\""),
        "{second}"
    );
    assert!(second.contains("href=\"../../../guide/page/3/index.html\""));
    let count = (1..)
        .take_while(|n| {
            *n == 1
                || site
                    .path(&format!("dist/guide/page/{n}/index.html"))
                    .exists()
        })
        .count();
    assert!(count > 2, "{count} listing pages");
    let mut listed = std::collections::BTreeSet::new();
    for n in 1..=count {
        for href in common::attr_values(&listing(n), "href") {
            let folder = href.trim_end_matches("/index.html").rsplit('/').next();
            if let Some(k) = folder.and_then(|f| f.strip_prefix('p'))
                && k.len() == 4
                && k.bytes().all(|b| b.is_ascii_digit())
            {
                listed.insert(k.to_string());
            }
        }
    }
    assert_eq!(listed.len(), 1500, "pages listed");
    assert_eq!(common::broken_links(&site.dist()), Vec::<String>::new());
}

#[test]
fn headings_never_take_the_ids_of_the_theme_or_the_footnotes() {
    let site = Site::fixture_with_default_theme("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\n## Main\n\nText.[^1]\n\n## Quiz data\n\n## Note {#fn-1}\n\n[^1]: The note.\n",
    );
    let run = site.build();
    run.ok()
        .says("content/guide/intro.md:4:1: warning: heading id `main` is one the theme uses; this heading gets `h-main`")
        .says("content/guide/intro.md:8:1: warning: heading id `quiz-data`")
        .says("content/guide/intro.md:10:1: warning: heading id `fn-1`");
    let page = site.read("dist/guide/intro/index.html");
    for id in ["main", "fn-1", "h-main", "h-quiz-data", "h-fn-1"] {
        let n = page.matches(&format!(" id=\"{id}\"")).count();
        assert_eq!(n, 1, "id {id} is on {n} elements");
    }
    assert_eq!(common::broken_links(&site.dist()), Vec::<String>::new());
}
