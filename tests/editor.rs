//! What editors' tools rely on: `beian check` as JSON and as GitHub
//! annotations, --deny-warnings, stale and weakly sourced facts, dates from
//! git and "edit this page" links.

mod common;

use std::process::Command;

use common::Site;
use serde_json::Value;

fn broken_link_site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\nSee [nothing](nope.md).\n\n```klingon\nx\n```\n",
    );
    site
}

#[test]
fn check_as_json_for_tools() {
    let site = broken_link_site();
    let run = site.beian(&["check", "--format", "json"]);
    run.fails_with(1);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 1);
    let first = &report["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert!(
        first["path"]
            .as_str()
            .unwrap()
            .ends_with("content/guide/intro.md")
    );
    assert_eq!(first["line"], 4);
    assert_eq!(first["col"], 5);
    assert_eq!(
        first["message"],
        "broken link: content/guide/nope.md does not exist"
    );
    assert_eq!(report["diagnostics"][1]["severity"], "warning");
}

#[test]
fn check_as_github_annotations() {
    let site = broken_link_site();
    let run = site.beian(&["check", "--format", "github"]);
    run.fails_with(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("::error file="), "{}", lines[0]);
    assert!(lines[0].contains("content/guide/intro.md,line=4,col=5::broken link: content/guide/nope.md does not exist%0A"), "{}", lines[0]);
    assert!(lines[1].starts_with("::warning file="));
}

#[test]
fn warnings_fail_only_when_denied() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Introduction\"\n---\n```klingon\nx\n```\n",
    );
    site.beian(&["check"]).ok().says("1 warning, no errors");
    site.beian(&["check", "--deny-warnings"])
        .fails_with(1)
        .says("failing: --deny-warnings");
}

#[test]
fn stale_and_weakly_sourced_facts_are_reported_to_editors() {
    let site = Site::fixture("rules");
    let rules = site.read("rules/rules.yaml");
    site.write(
        "rules/rules.yaml",
        &format!(
            "{}\nstale_after_days: 30\n",
            rules.replace(
                "    label: \"Possibly outdated\"",
                "    label: \"Possibly outdated\"\n    review: true"
            )
        ),
    );
    let run = site.beian(&["check"]);
    run.ok()
        .says("rules/provinces/alpha.yaml:14:1: warning: Alpha — Permit for outsiders: last verified 2026-01-02")
        .says("rules.yaml's stale_after_days is 30")
        .says("rules/provinces/alpha.yaml:34:1: note: Alpha — Commitment letter: possibly outdated")
        // A summary fact (the number prefix) is a statement like any other.
        .says("rules/provinces/alpha.yaml:4:1: warning: Alpha — Number prefix: last verified 2026-01-02")
        .says("rules/provinces/beta.yaml:4:1: note: Beta — Number prefix: possibly outdated");
    // History (statements with `until`) is not stale.
    assert!(!run.stderr.contains("48 hours"), "{}", run.stderr);
    site.beian(&["check", "--deny-warnings"]).fails_with(1);
}

fn git(site: &Site, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(&site.root)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Editor")
        .env("GIT_AUTHOR_EMAIL", "editor@example.cn")
        .env("GIT_COMMITTER_NAME", "Editor")
        .env("GIT_COMMITTER_EMAIL", "editor@example.cn")
        .env("GIT_COMMITTER_DATE", "2025-03-04T12:00:00+08:00")
        .env("GIT_AUTHOR_DATE", "2025-03-04T12:00:00+08:00")
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn pages_show_when_their_file_last_changed_in_git_and_where_to_edit_it() {
    let site = Site::fixture("minimal");
    site.write(
        "site.yaml",
        "title: \"Test site\"\nrepository: \"https://example.cn/team/guide\"\nedit_branch: draft\n",
    );
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "first"]);
    site.build().ok();
    let steps = site.read("dist/guide/steps/index.html");
    // The commit date wins over the front matter's 2026-11-01.
    assert!(steps.contains("Updated 2025-03-04"), "{steps}");
    assert!(
        steps.contains("href=\"https://example.cn/team/guide/edit/draft/content/guide/steps.md\""),
        "{steps}"
    );

    // A file not committed yet falls back to its front matter.
    site.write(
        "content/guide/new.md",
        "---\ntitle: \"New\"\nupdated: 2026-02-03\n---\n",
    );
    site.build().ok();
    assert!(
        site.read("dist/guide/new/index.html")
            .contains("Updated 2026-02-03")
    );

    site.write(
        "site.yaml",
        "title: \"T\"\nrepository: \"example.cn/guide\"\n",
    );
    site.build()
        .fails_with(1)
        .says("`repository` must be the repository's https:// address");
}
