//! Broken and hostile input: every case gets a clear message naming the
//! file (and the line where there is one) and what to do, exits with the
//! documented code, and leaves the previous output exactly as it was.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Site, broken_links, snapshot};

/// A site that built once: its output, to prove it survives.
fn built(
    name: &str,
) -> (
    Site,
    std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
) {
    let site = Site::fixture(name);
    site.build().ok();
    let before = snapshot(&site.dist());
    (site, before)
}

#[test]
fn malformed_yaml_in_each_rules_file_is_placed() {
    for file in [
        "rules.yaml",
        "sources.yaml",
        "facts.yaml",
        "questions.yaml",
        "checklist.yaml",
        "provinces/alpha.yaml",
    ] {
        let (site, before) = built("rules");
        let path = format!("rules/{file}");
        let text = site.read(&path);
        let lines = text.lines().count();
        site.write(&path, &format!("{text}oops: [unclosed\n"));
        let run = site.build();
        run.fails_with(1)
            .says(&format!("{path}:{}:", lines + 1))
            .says("error:")
            .says("was not changed");
        assert_eq!(snapshot(&site.dist()), before, "{file}");
    }
}

#[test]
fn empty_files_and_duplicate_keys() {
    let (site, before) = built("rules");
    site.write("rules/facts.yaml", "");
    site.write("content/guide/empty.md", "");
    site.write(
        "content/guide/dup.md",
        "---\ntitle: \"A\"\ntitle: \"B\"\n---\n",
    );
    site.build()
        .fails_with(1)
        .says("rules/facts.yaml: error: the file is empty")
        .says("content/guide/empty.md:1:1: error: missing front matter")
        .says("content/guide/dup.md:3:1: error: `title` is given twice in this map, on line 2 and here");
    assert_eq!(snapshot(&site.dist()), before);
}

#[test]
fn bom_and_crlf_are_read_like_any_file() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "\u{FEFF}---\r\ntitle: \"Windows page\"\r\n---\r\n## Heading {#h}\r\n\r\nSee [steps](steps.md#upload).\r\n",
    );
    site.build().ok();
    let html = site.read("dist/guide/intro/index.html");
    assert!(html.contains("<h1>Windows page</h1>"), "{html}");
    assert!(html.contains("<h2 id=\"h\">Heading</h2>"));
    assert!(!html.contains('\u{FEFF}'));
}

#[test]
fn files_that_are_not_utf8_are_named() {
    let (site, before) = built("minimal");
    fs::write(
        site.path("content/guide/latin1.md"),
        b"---\ntitle: \"caf\xe9\"\n---\n",
    )
    .unwrap();
    // A link to it is not broken: the file is there, and its one error
    // is that it cannot be read.
    site.write(
        "content/guide/other.md",
        "---\ntitle: Other\n---\nSee [the café](latin1.md).\n",
    );
    let run = site.build();
    run.fails_with(1)
        .says("content/guide/latin1.md:2:12: error: file is not valid UTF-8")
        .says("title: \"caf\u{FFFD}\"")
        .says("save the file as UTF-8")
        .says("build failed with 1 error;");
    assert!(!run.stderr.contains("broken link"), "{}", run.stderr);
    assert_eq!(snapshot(&site.dist()), before);
}

#[test]
fn a_ten_megabyte_page_builds() {
    let site = Site::fixture("minimal");
    let paragraph = "Filing takes **time**: see [the steps](steps.md#upload), `code`, and a list:\n\n- one\n- two\n\n";
    let mut text = String::from("---\ntitle: \"Big\"\n---\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("## Part\n\n");
        text.push_str(&paragraph.repeat(20));
    }
    site.write("content/guide/big.md", &text);
    let started = Instant::now();
    site.build().ok();
    // A sanity bound for a debug build on a loaded machine, not a benchmark.
    assert!(started.elapsed() < Duration::from_secs(120));
    assert!(
        fs::metadata(site.path("dist/guide/big/index.html"))
            .unwrap()
            .len()
            > 10_000_000
    );
}

#[test]
fn names_with_spaces_and_chinese_become_working_urls() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/我的 页面.md",
        "---\ntitle: \"我的页面\"\n---\n## 标题\n\nBack to [steps](steps.md).\n",
    );
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\nSee [my page](<我的 页面.md#标题>) and [again](%E6%88%91%E7%9A%84%20%E9%A1%B5%E9%9D%A2.md).\n",
    );
    site.build().ok();
    assert!(site.path("dist/guide/我的-页面/index.html").is_file());
    let intro = site.read("dist/guide/intro/index.html");
    assert!(
        intro.contains(
            "href=\"../%E6%88%91%E7%9A%84-%E9%A1%B5%E9%9D%A2/index.html#%E6%A0%87%E9%A2%98\""
        ),
        "{intro}"
    );
    assert_eq!(broken_links(&site.dist()), Vec::<String>::new());
}

#[test]
fn slugs_that_try_to_leave_the_output_are_refused() {
    let (site, before) = built("minimal");
    site.write(
        "content/guide/evil.md",
        "---\ntitle: \"Evil\"\nslug: \"../../../etc\"\n---\n",
    );
    site.build()
        .fails_with(1)
        .says("content/guide/evil.md:3:1: error: `slug` must be a single URL segment");
    site.write(
        "content/guide/evil.md",
        "---\ntitle: \"Evil\"\naliases: [\"/../../x/\"]\n---\n",
    );
    site.build()
        .fails_with(1)
        .says("alias `/../../x/` may not use `..`");
    assert_eq!(snapshot(&site.dist()), before);
    assert!(!site.root.parent().unwrap().join("x").exists());
}

#[test]
fn symlink_loops_and_unreadable_files_are_reported() {
    let (site, before) = built("minimal");
    symlink(site.path("content"), site.path("content/guide/loop")).unwrap();
    symlink(
        site.path("content/guide/gone-for-good.md"),
        site.path("content/guide/dangling.md"),
    )
    .unwrap();
    let run = site.build();
    run.fails_with(1)
        .says("content/guide/loop: error: symbolic link loop")
        .says("content/guide/dangling.md: error: cannot read");
    assert_eq!(snapshot(&site.dist()), before);
}

#[test]
fn template_errors_name_template_line_and_page() {
    let (site, before) = built("minimal");
    let page = site.read("themes/default/templates/page.html");
    site.write(
        "themes/default/templates/page.html",
        &page.replace(
            "{% extends \"base.html\" %}",
            "{% extends \"nowhere.html\" %}",
        ),
    );
    site.build().fails_with(1).says("nowhere.html");

    site.write(
        "themes/default/templates/page.html",
        &page.replace(
            "<h1>{{ page.title }}</h1>",
            "<h1>{{ page.title | round }}</h1>",
        ),
    );
    site.build()
        .fails_with(1)
        .says("themes/default/templates/page.html:5:")
        .says("while rendering")
        .says("content/guide/");
    assert_eq!(snapshot(&site.dist()), before);
}

#[test]
fn output_that_cannot_be_written_is_a_clear_error() {
    let (site, before) = built("minimal");
    // /proc is a read-only file system on every Linux machine.
    site.beian(&["build", "--out", "/proc/beian-cannot-write-here"])
        .fails_with(2)
        .says("cannot create /proc");
    // Something in the way of the staging folder: nothing is changed.
    fs::write(site.path(".dist.beian-staging"), "a file in the way").unwrap();
    site.build()
        .fails_with(2)
        .says("refusing to replace")
        .says(".dist.beian-staging");
    assert_eq!(snapshot(&site.dist()), before);
}

#[test]
fn ctrl_c_during_a_build_leaves_the_previous_output() {
    let (site, before) = built("minimal");
    // Enough pages that the build is still running when the signal comes.
    for i in 0..4000 {
        site.write(&format!("content/guide/p{i}.md"), &format!("---\ntitle: \"Page {i}\"\n---\n## A\n\nText [up](steps.md#upload).\n\n```rust\nfn f() {{}}\n```\n"));
    }
    let child = Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(snapshot(&site.dist()), before);
    assert!(
        !site.path(".dist.beian-staging").exists(),
        "the staging folder is cleared"
    );
}
