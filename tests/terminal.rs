//! What beian prints, where nobody reads it any more or where a name could
//! pass for a command: a closed pipe ends nothing badly, and control
//! characters from file names and values never reach a terminal or a CI
//! log raw.

mod common;

use std::process::{Command, Stdio};

use common::{Run, Site};

/// Runs beian on `site` with stdout or stderr a pipe nobody reads.
fn with_closed(site: &Site, args: &[&str], close_stdout: bool) -> Run {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_beian"));
    cmd.arg("--root").arg(&site.root).args(args);
    if close_stdout {
        cmd.stdout(writer).stderr(Stdio::piped());
    } else {
        cmd.stderr(writer).stdout(Stdio::piped());
    }
    Run::from(cmd.output().expect("running beian"))
}

#[test]
fn a_closed_stderr_loses_the_messages_not_the_exit_status() {
    let site = Site::fixture("minimal");
    // Errors enough to print, so that the writes meet the closed pipe.
    for i in 0..20 {
        site.write(&format!("content/guide/bad{i}.md"), "no front matter\n");
    }
    let run = with_closed(&site, &["check"], false);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = with_closed(&site, &["build"], false);
    assert_eq!(run.code, 1, "{}", run.stdout);

    let site = Site::fixture("minimal");
    assert_eq!(with_closed(&site, &["build"], false).code, 0);
    assert!(site.dist().join("guide/steps/index.html").is_file());
}

#[test]
fn a_closed_stdout_ends_the_output_quietly() {
    let site = Site::bundled();
    let run = with_closed(&site, &["quiz", "--all"], true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let run = with_closed(&site, &["check", "--format", "json"], true);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn control_characters_in_file_names_are_escaped_in_every_format() {
    let site = Site::fixture("minimal");
    site.write(
        "content/guide/a\n::error file=x::forged.md",
        "no front matter\n",
    );
    site.write(
        "content/guide/red\u{1b}[31m.md",
        "---\ntitle: \"x\u{1b}[2J\"\nweight: [\n---\n",
    );

    let text = site.beian(&["check"]);
    text.fails_with(1).says("a\\n::error file=x::forged.md");
    assert!(text.stderr.contains("red\\u{1b}[31m.md"), "{}", text.stderr);
    for line in text.stderr.lines() {
        assert!(!line.trim_start().starts_with("::"), "{line:?}");
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }

    let github = site.beian(&["check", "--format", "github"]);
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert!(lines.len() >= 2, "{}", github.stdout);
    for line in lines {
        assert!(line.starts_with("::error file="), "{line:?}");
        assert!(line.contains("content/guide/"), "{line:?}");
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(!line.contains("::forged"), "{line:?}");
    }

    let json = site.beian(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("content/guide/a\n::error file=x::forged.md")),
        "JSON keeps the name, escaped by JSON itself: {paths:?}"
    );
    assert!(!json.stdout.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn a_value_with_an_escape_sequence_is_printed_escaped() {
    let site = Site::fixture("rules");
    let text = site.read("rules/checklist.yaml");
    site.write(
        "rules/checklist.yaml",
        &text.replace("\"Show the number\"", "\"Show \\e[2Jthe number\""),
    );
    let run = site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
    ]);
    run.ok();
    assert!(
        run.stdout.contains("Show \\u{1b}[2Jthe number"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}'));
}
