//! Whole sites built from the small fixtures in tests/fixtures/, through the
//! real binary.

mod common;

use std::fs;

use common::{Site, broken_links, snapshot};

#[test]
fn minimal_site_builds_with_relative_links_and_reading_order() {
    let site = Site::fixture("minimal");
    site.build().ok().says("built 4 pages");
    let dist = site.dist();
    for f in [
        "index.html",
        "guide/index.html",
        "guide/intro/index.html",
        "guide/steps/index.html",
        "404.html",
        "assets/test.css",
        ".beian-output",
    ] {
        assert!(dist.join(f).is_file(), "{f} was not written");
    }
    let home = site.read("dist/index.html");
    assert!(
        home.contains("href=\"guide/steps/index.html#upload\""),
        "{home}"
    );
    let steps = site.read("dist/guide/steps/index.html");
    assert!(steps.contains("href=\"../intro/index.html\""), "{steps}");
    assert!(steps.contains("href=\"../../assets/test.css\""));
    assert!(steps.contains("<h2 id=\"upload\">Upload</h2>"));
    // Reading order: weight 1 (intro) before weight 2 (steps).
    assert!(
        steps.contains("rel=\"prev\" href=\"../../guide/intro/index.html\""),
        "{steps}"
    );
    assert!(steps.contains("aria-current=\"page\">Steps"));
    assert!(steps.contains("Updated 2026-11-01") && steps.contains("Checked 2026-11-02"));
    assert!(steps.contains("href=\"https://example.org/source\""));
    // No base URL: no canonical link, no sitemap.
    assert!(!steps.contains("rel=\"canonical\""));
    assert!(!dist.join("sitemap.xml").exists());
    assert_eq!(broken_links(&dist), Vec::<String>::new());
}

#[test]
fn check_reports_no_problems_on_a_good_site() {
    let site = Site::fixture("minimal");
    site.beian(&["check"])
        .ok()
        .says("checked 4 pages: no problems");
    assert!(!site.dist().exists(), "check must not write");
}

#[test]
fn front_matter_errors_are_all_reported_with_their_place() {
    let site = Site::fixture("front-matter-errors");
    let run = site.build();
    run.fails_with(1);
    run.says("content/unknown-key.md:3:1: error: unknown field `titel`, expected one of `title`")
        .says("content/wrong-type.md:3:9: error: weight: invalid type: string \"heavy\", expected a whole number")
        .says("content/bad-date.md:4:10: error: updated: 2026-02-30 is not a day of the calendar")
        .says("content/unclosed.md:1:1: error: front matter is never closed")
        .says("content/missing.md:1:1: error: missing front matter")
        .says("content/bad-yaml.md:2:8: error: a quoted string starts here and is never closed")
        .says("build failed with 6 errors");
    // The home page links to a page with broken front matter; that page's
    // own error is enough.
    assert!(!run.stderr.contains("content/_index.md"), "{}", run.stderr);
    assert!(!site.dist().exists());
}

#[test]
fn broken_link_is_an_error_at_its_place() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\nSee [nothing](nope.md) and [steps](steps.md).\n",
    );
    site.build().fails_with(1).says(
        "content/guide/intro.md:4:5: error: broken link: content/guide/nope.md does not exist",
    );
}

#[test]
fn missing_anchor_is_an_error_that_lists_the_anchors() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\n## Why\n\n[upload](steps.md#uplaod) and [here](#nowhere)\n",
    );
    let run = site.beian(&["check"]);
    run.fails_with(1)
        .says("content/guide/intro.md:6:1: error: missing anchor: content/guide/steps.md has no `#uplaod`")
        .says("anchors there: #prepare, #upload")
        .says("content/guide/intro.md:6:31: error: missing anchor: this page has no `#nowhere`");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/later.md",
        "---\ntitle: \"Later\"\ndraft: true\n---\nNot yet.\n",
    );
    site.build().ok().says("built 4 pages");
    assert!(!site.dist().join("guide/later").exists());
    assert!(!site.read("dist/guide/index.html").contains("Later"));

    site.beian(&["build", "--drafts"])
        .ok()
        .says("built 5 pages");
    let later = site.read("dist/guide/later/index.html");
    assert!(later.contains("class=\"draft\""));

    // A published page may not link to a draft that is not built.
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\nSee [later](later.md).\n",
    );
    site.build()
        .fails_with(1)
        .says("error: link to a draft: content/guide/later.md is not built");
    site.beian(&["build", "--drafts"]).ok();

    // A page in a draft section is a draft too: shown as one with
    // --drafts, and a link to it says which file to publish.
    site.write(
        "content/guide/later.md",
        "---\ntitle: \"Later\"\n---\nNot yet.\n",
    );
    site.write(
        "content/soon/_index.md",
        "---\ntitle: \"Soon\"\ndraft: true\n---\n",
    );
    site.write("content/soon/inner.md", "---\ntitle: \"Inner\"\n---\nHi.\n");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\nSee [inner](../soon/inner.md).\n",
    );
    site.build()
        .fails_with(1)
        .says("link to a draft: content/soon/inner.md is not built, because its section content/soon/_index.md is a draft")
        .says("publish the section");
    site.beian(&["build", "--drafts"]).ok();
    assert!(
        site.read("dist/soon/inner/index.html")
            .contains("class=\"draft\"")
    );
}

#[test]
fn a_link_to_a_folder_without_a_section_page_says_so() {
    let site = Site::fixture("minimal");
    site.write("content/files/form one.pdf", "%PDF");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\nSee [the files](../files/) and [the form](../files/form%20one.pdf).\n",
    );
    site.build()
        .fails_with(1)
        .says("content/guide/intro.md:4:5: error: broken link: content/files/ is a folder with no _index.md")
        .says("build failed with 1 error");
}

#[test]
fn code_blocks_are_highlighted_with_classes_and_unknown_languages_warn() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\n```html\n<p class=\"x\">备案</p>\n```\n\n```klingon\nQapla'\n```\n",
    );
    let run = site.build();
    run.ok()
        .says("content/guide/intro.md:8:1: warning: unknown code language `klingon`: shown as plain text")
        .says("(1 warning)");
    let intro = site.read("dist/guide/intro/index.html");
    assert!(
        intro.contains("<pre class=\"hl-code\" data-lang=\"html\" tabindex=\"0\">"),
        "{intro}"
    );
    assert!(intro.contains("<span class=\"hl-"), "{intro}");
    assert!(
        !intro.contains("style="),
        "highlighting must use classes: {intro}"
    );
    assert!(
        intro.contains("<pre tabindex=\"0\"><code>Qapla&#39;\n</code></pre>"),
        "{intro}"
    );
    assert!(intro.contains("href=\"../../assets/highlight.css\""));
    let css = site.read("dist/assets/highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
    // Pages without code do not load the stylesheet.
    assert!(
        !site
            .read("dist/guide/steps/index.html")
            .contains("highlight.css")
    );
}

#[test]
fn a_rebuild_takes_highlighted_code_kept_by_the_last_build() {
    let site = Site::fixture("minimal");
    let page = |code: &str| {
        format!(
            "---\ntitle: \"Introduction\"\n---\n```rust\n{code}\n```\n\n```yaml\nkey: value\n```\n"
        )
    };
    site.write("content/guide/intro.md", &page("fn main() {}"));
    site.build().ok();
    let first = site.read("dist/guide/intro/index.html");
    let entry = site.path(".beian-cache/highlighted");
    let written = fs::metadata(&entry).unwrap().modified().unwrap();

    // Every block was kept, so the entry is not written again, and the
    // page is the same to the byte.
    site.build().ok();
    assert_eq!(site.read("dist/guide/intro/index.html"), first);
    assert_eq!(fs::metadata(&entry).unwrap().modified().unwrap(), written);

    // An edited block is highlighted anew, and kept for the next build.
    site.write(
        "content/guide/intro.md",
        &page("fn main() { let answer = 42; }"),
    );
    site.build().ok();
    let edited = site.read("dist/guide/intro/index.html");
    let spans = edited
        .split("<code class=\"language-rust\">")
        .nth(1)
        .and_then(|rest| rest.split("</code></pre>").next())
        .unwrap_or_default();
    assert!(
        spans.contains("answer") && spans.contains("hl-"),
        "{edited}"
    );
    let kept = fs::read(&entry).unwrap();
    assert!(
        kept.windows(spans.len()).any(|w| w == spans.as_bytes()),
        "the edited block is not kept"
    );
}

#[test]
fn no_code_means_no_highlight_stylesheet() {
    let site = Site::fixture("minimal");
    site.build().ok();
    assert!(!site.dist().join("assets/highlight.css").exists());
}

#[test]
fn refuses_an_output_folder_the_build_reads_or_that_holds_the_site() {
    let site = Site::fixture_with_default_theme("minimal");
    let before = snapshot(&site.path(""));
    for (out, says) in [
        (
            "content/out",
            "it is inside content/, which the build reads",
        ),
        ("themes/default/static/site", "it is inside themes/"),
        ("dist/../content/x", "it is inside content/"),
        ("", "it holds the site itself"),
        ("content/..", "it holds the site itself"),
    ] {
        site.beian(&["build", "--out", site.path(out).to_str().unwrap()])
            .fails_with(2)
            .says(says)
            .says("--out");
        assert_eq!(
            snapshot(&site.path("")),
            before,
            "--out {out} wrote something"
        );
    }
    // Beside the inputs is fine, even under a name that starts like one.
    site.beian(&["build", "--out", site.path("contents").to_str().unwrap()])
        .ok();
}

#[test]
fn a_root_that_is_not_a_folder_is_a_usage_error() {
    let site = Site::fixture("minimal");
    let run = |root: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--root")
            .arg(root)
            .arg("check")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, err) = run(&site.path("no-such-folder"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no such folder"), "{err}");
    let (code, err) = run(&site.path("site.yaml"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("it is a file"), "{err}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let site = Site::fixture("minimal");
    let mine = site.path("mine");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("thesis.txt"), "years of work").unwrap();
    let run = site.beian(&["build", "--out", mine.to_str().unwrap()]);
    run.fails_with(2)
        .says("refusing to replace")
        .says("it is not empty and beian did not create it");
    assert_eq!(snapshot(&mine).len(), 1);
    assert_eq!(
        fs::read_to_string(mine.join("thesis.txt")).unwrap(),
        "years of work"
    );

    // A file in the way is refused too.
    fs::write(site.path("afile"), "x").unwrap();
    site.beian(&["build", "--out", site.path("afile").to_str().unwrap()])
        .fails_with(2)
        .says("it is a file, not a folder");

    // An empty folder, and beian's own output, are fine.
    let empty = site.path("empty");
    fs::create_dir_all(&empty).unwrap();
    site.beian(&["build", "--out", empty.to_str().unwrap()])
        .ok();
    site.beian(&["build", "--out", empty.to_str().unwrap()])
        .ok();
    assert!(empty.join("index.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("minimal");
    site.build().ok();
    let before = snapshot(&site.dist());
    site.write("content/guide/steps.md", "---\ntitle: [unclosed\n---\n");
    site.build().fails_with(1).says("was not changed");
    assert_eq!(snapshot(&site.dist()), before);
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("beian-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_build_with_errors_found_before_rendering_makes_no_folder() {
    let site = Site::fixture("minimal");
    site.write("content/guide/steps.md", "---\ntitle: [unclosed\n---\n");
    let out = site.path("new/deep/dist");
    site.beian(&["build", "--out", out.to_str().unwrap()])
        .fails_with(1)
        .says("was not changed");
    assert!(
        !site.path("new").exists(),
        "nothing is made for output that will not be written"
    );
}

#[test]
fn a_good_build_replaces_the_output_whole() {
    let site = Site::fixture("minimal");
    site.build().ok();
    fs::remove_file(site.path("content/guide/intro.md")).unwrap();
    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps\"\n---\n## Upload {#upload}\n",
    );
    site.build().ok();
    assert!(
        !site.dist().join("guide/intro").exists(),
        "stale pages must go"
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\naliases: [\"old/intro/\"]\n---\n```rust\nfn main() {}\n```\n\nA[^1]\n\n[^1]: note\n",
    );
    let a = site.path("a");
    let b = site.path("b");
    for out in [&a, &b] {
        site.beian(&[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.cn/g",
        ])
        .ok();
    }
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 5);
    assert_eq!(sa, sb);
}

#[test]
fn base_url_adds_canonical_links_and_a_sitemap() {
    let site = Site::fixture("minimal");
    site.beian(&["build", "--base-url", "https://example.cn/guide"])
        .ok();
    let steps = site.read("dist/guide/steps/index.html");
    assert!(
        steps.contains("<link rel=\"canonical\" href=\"https://example.cn/guide/guide/steps/\">")
    );
    // Links stay relative.
    assert!(steps.contains("href=\"../intro/index.html\""));
    let sitemap = site.read("dist/sitemap.xml");
    assert_eq!(sitemap.matches("<url>").count(), 4);
    assert!(
        sitemap.contains(
            "<loc>https://example.cn/guide/guide/steps/</loc><lastmod>2026-11-01</lastmod>"
        )
    );
    // 404.html is served at any depth, so its links start from the base URL.
    assert!(
        site.read("dist/404.html")
            .contains("href=\"https://example.cn/guide/index.html\"")
    );

    site.beian(&["build", "--base-url", "example.cn"])
        .fails_with(2)
        .says("base URL must start with https:// or http://");
}

#[test]
fn aliases_redirect_and_may_not_leave_the_site() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\naliases: [\"/old/intro/\", \"older.html\"]\n---\nHi\n",
    );
    site.build().ok();
    let old = site.read("dist/old/intro/index.html");
    assert!(old.contains("url=../../guide/intro/index.html"), "{old}");
    assert!(
        site.read("dist/older.html")
            .contains("url=guide/intro/index.html")
    );
    assert!(broken_links(&site.dist()).is_empty());

    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\naliases: [\"../../etc/x\"]\n---\nHi\n",
    );
    site.build()
        .fails_with(1)
        .says("content/guide/intro.md:3:10: error: alias `../../etc/x` may not use `..`");

    // An alias onto another page's address: the alias is what to change.
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\naliases: [\"guide/\"]\n---\nHi\n",
    );
    site.build()
        .fails_with(1)
        .says("content/guide/intro.md:3:10: error: an alias of")
        .says("change or remove this alias");

    // A section's URL is its folder's name.
    site.write(
        "content/guide/_index.md",
        "---\ntitle: \"Guide\"\nslug: \"handbook\"\n---\n",
    );
    site.build().fails_with(1).says(
        "content/guide/_index.md:3:7: error: `slug` is not supported on a section's _index.md",
    );
}

#[test]
fn two_pages_writing_one_path_is_an_error() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/Steps.md",
        "---\ntitle: \"Other steps\"\n---\n",
    );
    site.build()
        .fails_with(1)
        .says("would write guide/steps/index.html, which content/guide/");

    let site = Site::fixture("minimal");
    site.write(
        "content/guide/other.md",
        "---\ntitle: \"Other\"\nslug: intro\n---\n",
    );
    site.build()
        .fails_with(1)
        .says("would write guide/intro/index.html");
}

#[test]
fn a_page_outside_any_section_is_explained() {
    let site = Site::fixture("minimal");
    site.write("content/loose/page.md", "---\ntitle: \"Loose\"\n---\n");
    site.build()
        .fails_with(1)
        .says("content/loose/page.md: error: content/loose/ has no _index.md")
        .says("create content/loose/_index.md");
}

#[test]
fn template_errors_name_the_template_line_and_page() {
    let site = Site::fixture("minimal");
    let page = site.read("themes/default/templates/page.html");
    site.write(
        "themes/default/templates/page.html",
        &page.replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.titel }}</h1>"),
    );
    site.build()
        .fails_with(1)
        .says("themes/default/templates/page.html:5:")
        .says("while rendering");

    site.write("themes/default/templates/page.html", "{% if %}");
    site.build()
        .fails_with(1)
        .says("themes/default/templates/page.html:1:");
}

#[test]
fn colocated_files_are_copied_and_linkable() {
    let site = Site::fixture("minimal");
    site.write("content/guide/form.txt", "a form");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\n[the form](form.txt) and [missing](nothing.pdf)\n",
    );
    site.build()
        .fails_with(1)
        .says("broken link: content/guide/nothing.pdf does not exist");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\n[the form](form.txt)\n",
    );
    site.build().ok();
    assert_eq!(site.read("dist/guide/form.txt"), "a form");
    assert!(
        site.read("dist/guide/intro/index.html")
            .contains("href=\"../form.txt\"")
    );
}

#[test]
fn site_yaml_mistakes_are_placed_at_their_key() {
    let site = Site::fixture("minimal");
    site.write("site.yaml", "title: x\ntheme: defualt\n");
    site.build()
        .fails_with(1)
        .says("site.yaml:2:8: error: theme `defualt` not found")
        .says("did you mean `default`?");
    site.write("site.yaml", "title: x\nbase_url: example.cn\n");
    site.build()
        .fails_with(1)
        .says("site.yaml:2:11: error: `base_url`: ");
    site.write("site.yaml", "title: x\nrepository: github.com/a/b\n");
    site.build()
        .fails_with(1)
        .says("site.yaml:2:13: error: `repository` must be");
    site.write("site.yaml", "\n");
    site.build()
        .fails_with(1)
        .says("site.yaml: error: the file is empty: `title` is required")
        .says("README.md's `site.yaml` section");
    assert!(!site.dist().exists());
}

#[test]
fn not_a_site_is_a_clear_error() {
    let site = Site::fixture("minimal");
    fs::remove_file(site.path("site.yaml")).unwrap();
    site.build().fails_with(1).says("no site.yaml here");
}

#[test]
fn theme_stylesheets_are_written_without_comments_or_indentation() {
    let site = Site::fixture("minimal");
    site.write(
        "themes/default/static/assets/test.css",
        "/* Why the header is red. */\n.header {\n  color: red; /* brand */\n}\n\n.a::before { content: \"/* kept */\"; }\n",
    );
    site.write(
        "content/guide/notes.css",
        "/* a content file is copied as it is */\n",
    );
    site.build().ok();
    assert_eq!(
        site.read("dist/assets/test.css"),
        ".header {\ncolor: red; \n}\n.a::before { content: \"/* kept */\"; }\n"
    );
    assert_eq!(
        site.read("dist/guide/notes.css"),
        "/* a content file is copied as it is */\n"
    );

    // Theme scripts lose whole-line comments and indentation too.
    site.write(
        "themes/default/static/assets/test.js",
        "/* What this does,\n * at length. */\n(function () {\n  // why\n  var a = 'x'; // kept\n})();\n",
    );
    site.build().ok();
    assert_eq!(
        site.read("dist/assets/test.js"),
        "(function () {\nvar a = 'x'; // kept\n})();\n"
    );
}

#[test]
fn a_page_in_another_language_says_so_and_a_bad_tag_is_refused() {
    let site = Site::fixture_with_default_theme("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Einführung\"\nlanguage: de\n---\nGuten Tag.\n",
    );
    site.build().ok();
    assert!(
        site.read("dist/guide/intro/index.html")
            .contains("<html lang=\"de\">")
    );
    assert!(
        site.read("dist/guide/steps/index.html")
            .contains("<html lang=\"en\">")
    );

    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Einführung\"\nlanguage: german\n---\nGuten Tag.\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("content/guide/intro.md:3:1: error: `language` `german` is not a language tag");
}

#[test]
fn a_key_given_twice_is_an_error_with_both_lines_in_every_yaml_file() {
    let site = Site::fixture("rules");
    let alpha = site.read("rules/provinces/alpha.yaml");
    site.write(
        "rules/provinces/alpha.yaml",
        &alpha.replacen("  window:\n", "  permit: []\n  window:\n", 1),
    );
    site.write(
        "site.yaml",
        &format!("{}title: \"Again\"\n", site.read("site.yaml")),
    );
    site.write(
        "content/guide/twice.md",
        "---\ntitle: \"One\"\nweight: 1\nweight: 2\n---\nText.\n",
    );
    let run = site.beian(&["check"]);
    run.fails_with(1);
    // site.yaml stops the run before the others are read.
    run.says("site.yaml:")
        .says("`title` is given twice in this map, on line 1 and here");
    site.write(
        "site.yaml",
        &site.read("site.yaml").replace("title: \"Again\"\n", ""),
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("rules/provinces/alpha.yaml:19:3: error: `permit` is given twice in this map, on line 13 and here")
        .says("content/guide/twice.md:4:1: error: `weight` is given twice in this map, on line 3 and here");
}
