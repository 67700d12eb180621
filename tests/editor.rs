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
    git_in(&site.root, args);
}

fn git_in(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
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

#[test]
fn file_names_git_would_quote_keep_their_dates() {
    let site = Site::fixture("minimal");
    for name in ["say \"hi\"", "back\\slash", "tab\there"] {
        site.write(
            &format!("content/guide/{name}.md"),
            "---\ntitle: \"Odd name\"\nupdated: 2026-02-03\n---\n",
        );
    }
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "first"]);
    site.build().ok();
    for page in ["say-hi", "backslash", "tab-here"] {
        let html = site.read(&format!("dist/guide/{page}/index.html"));
        assert!(html.contains("Updated 2025-03-04"), "{page}: {html}");
    }
}

#[test]
fn a_shallow_clone_is_warned_about_once_and_keeps_front_matter_dates() {
    let site = Site::fixture("minimal");
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "first"]);
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Intro\"\n---\nNew.\n",
    );
    git(&site, &["commit", "-q", "-am", "second"]);
    let clone = site.root.parent().unwrap().join("clone");
    let url = format!("file://{}", site.root.display());
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .status()
        .expect("git");
    assert!(status.success());
    let run = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--root")
            .arg(&clone)
            .arg("build")
            .output()
            .expect("beian"),
    );
    run.ok().says("fetch-depth: 0");
    assert_eq!(
        run.stderr.matches("shallow clone").count(),
        1,
        "{}",
        run.stderr
    );
    // steps.md last changed before the clone's one commit: its own date.
    let steps = std::fs::read_to_string(clone.join("dist/guide/steps/index.html")).unwrap();
    assert!(steps.contains("Updated 2026-11-01"), "{steps}");
}

#[test]
fn facts_fall_due_by_the_site_time_zone_not_utc() {
    use beian::parse::date::Date;
    use beian::parse::zone::TimeZone;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // A zone a whole day from UTC's date, ahead or behind, an hour or more
    // away from its midnight.
    let hour = now.rem_euclid(86_400) / 3600;
    let (setting, ahead) = if hour >= 12 {
        ("+13:00", true)
    } else {
        ("-13:00", false)
    };
    let local = TimeZone::named(setting).unwrap().date_at(now);
    let utc = TimeZone::utc().date_at(now);
    assert_eq!(local.days() - utc.days(), if ahead { 1 } else { -1 });
    // Alpha's permit was verified 2026-01-02: due by the local date only
    // when ahead, by UTC's only when behind.
    let age = local.days() - Date::parse("2026-01-02").unwrap().days();
    let stale_after = if ahead { age - 1 } else { age };
    let site = Site::fixture("rules");
    site.write(
        "rules/rules.yaml",
        &format!(
            "{}\nstale_after_days: {stale_after}\n",
            site.read("rules/rules.yaml")
        ),
    );
    site.write(
        "site.yaml",
        &format!("{}time_zone: \"{setting}\"\n", site.read("site.yaml")),
    );
    let run = site.beian(&["check"]);
    run.ok();
    let warned = run
        .stderr
        .contains("Permit for outsiders: last verified 2026-01-02");
    assert_eq!(warned, ahead, "{}", run.stderr);
    if ahead {
        run.says(&format!("days before {local}, today in UTC{setting}"));
    }
    site.write("site.yaml", "title: \"x\"\ntime_zone: Mars/Olympus\n");
    site.beian(&["check"]).fails_with(1).says(
        "site.yaml:2:12: error: `time_zone`: `Mars/Olympus` is no time zone this system knows",
    );
}
