//! Builds that do not end well: stopped dead at every step of writing the
//! output (a crash point in debug builds, `BEIAN_CRASH_AT`), stopped by
//! SIGTERM or SIGHUP, or started while another build writes the same
//! folder. The previous output is never lost, and the next build repairs
//! what was left.

mod common;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::{Run, Site, snapshot};

type Tree = BTreeMap<PathBuf, Vec<u8>>;

fn crash_at(site: &Site, step: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .env("BEIAN_CRASH_AT", step)
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, -1, "no crash at {step}: {}", run.stderr);
    run
}

/// What beside the output is beian's own: nothing, once a build ended
/// (a crash may leave the lock file, which the next build takes over).
fn leftovers(site: &Site) -> Vec<String> {
    fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dist."))
        .collect()
}

/// The previous output is where it was, or the new one is there whole,
/// or (stopped between the two moves of the swap) the previous one waits
/// whole beside it for the next build to put back.
fn intact_or_replaced(site: &Site, old: &Tree, new: &Tree, after: &str) {
    if site.dist().exists() {
        let now = snapshot(&site.dist());
        assert!(now == *old || now == *new, "after a crash at {after}");
    } else {
        assert_eq!(
            &snapshot(&site.path(".dist.beian-old")),
            old,
            "after a crash at {after}"
        );
    }
}

/// A site built once (`old`), then edited so that its next build differs;
/// `new` is that next build, made in a copy.
fn edited_site() -> (Site, Tree, Tree) {
    let site = Site::fixture("minimal");
    site.build().ok();
    let old = snapshot(&site.dist());
    let edit = |s: &Site| {
        s.write(
            "content/guide/added.md",
            "---\ntitle: \"Added\"\n---\nNew.\n",
        );
        s.write("content/guide/img/pic.png", "png bytes");
    };
    edit(&site);
    let copy = Site::fixture("minimal");
    edit(&copy);
    copy.build().ok();
    let new = snapshot(&copy.dist());
    assert_ne!(old, new);
    (site, old, new)
}

#[test]
fn a_build_stopped_dead_at_any_step_is_repaired_by_the_next() {
    // Each sequence crashes at these steps in turn, then builds; `clear`
    // and `repair:restored` need what an earlier crash left.
    let sequences: &[&[&str]] = &[
        &["begin:created"],
        &["put"],
        &["finish:aside"],
        &["finish:swapped"],
        &["clear"],
        &["put", "clear"],
        &["put", "clear", "clear"],
        &["finish:aside", "repair:restored"],
        &["finish:swapped", "clear"],
    ];
    for steps in sequences {
        let (site, old, new) = edited_site();
        for step in *steps {
            crash_at(&site, step);
            intact_or_replaced(&site, &old, &new, step);
        }
        site.build().ok();
        assert_eq!(snapshot(&site.dist()), new, "after {steps:?}");
        assert_eq!(leftovers(&site), Vec::<String>::new(), "after {steps:?}");
    }
}

#[test]
fn a_failing_build_after_a_crash_still_puts_the_previous_output_back() {
    let (site, old, _) = edited_site();
    crash_at(&site, "finish:aside");
    assert!(!site.dist().exists());
    site.write("content/guide/broken.md", "no front matter\n");
    site.build().fails_with(1);
    assert_eq!(snapshot(&site.dist()), old);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_build_into_a_folder_another_build_holds_is_refused_clearly() {
    let site = Site::fixture("minimal");
    site.build().ok();
    let before = snapshot(&site.dist());
    site.write(
        "content/guide/added.md",
        "---\ntitle: \"Added\"\n---\nNew.\n",
    );
    // Another build, as far as the lock can tell.
    let lock = File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(site.path(".dist.beian-lock"))
        .unwrap();
    lock.lock().unwrap();
    site.build()
        .fails_with(2)
        .says("another beian build")
        .says("is writing")
        .says(".dist.beian-lock");
    assert_eq!(snapshot(&site.dist()), before);
    assert!(site.path("dist/.beian-output").is_file());
    drop(lock);
    site.build().ok();
    assert!(site.path("dist/guide/added/index.html").is_file());
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn two_builds_at_once_never_mix_their_output() {
    let site = Site::fixture("minimal");
    for i in 0..100 {
        site.write(
            &format!("content/guide/p{i}.md"),
            &format!("---\ntitle: \"Page {i}\"\n---\nText.\n"),
        );
    }
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--root")
            .arg(&site.root)
            .arg("build")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let runs = [a, b].map(|c| Run::from(c.wait_with_output().unwrap()));
    let ok = runs.iter().filter(|r| r.code == 0).count();
    assert!(ok >= 1, "{}\n{}", runs[0].stderr, runs[1].stderr);
    for r in runs.iter().filter(|r| r.code != 0) {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("another beian build"), "{}", r.stderr);
    }
    assert!(site.path("dist/.beian-output").is_file());
    assert!(site.path("dist/guide/p99/index.html").is_file());
    assert_eq!(leftovers(&site), Vec::<String>::new());
    site.build().ok();
}

#[test]
fn sigterm_and_sighup_stop_a_build_as_ctrl_c_does() {
    let site = Site::fixture("minimal");
    site.build().ok();
    let before = snapshot(&site.dist());
    // Enough pages that the build is still running when the signal comes.
    for i in 0..4000 {
        site.write(
            &format!("content/guide/p{i}.md"),
            &format!("---\ntitle: \"Page {i}\"\n---\n## A\n\nText [up](steps.md#upload).\n\n```rust\nfn f() {{}}\n```\n"),
        );
    }
    for signal in ["TERM", "HUP"] {
        let child = Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--root")
            .arg(&site.root)
            .arg("build")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let out = Run::from(child.wait_with_output().unwrap());
        assert_eq!(out.code, 130, "{signal}: {}", out.stderr);
        out.says("interrupted");
        assert_eq!(snapshot(&site.dist()), before, "{signal}");
        assert_eq!(leftovers(&site), Vec::<String>::new(), "{signal}");
    }
}
