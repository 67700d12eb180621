//! The command line itself: help, usage errors and their exit codes.

use std::process::Command;

fn beian(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_beian"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn help_lists_the_commands_and_exit_codes() {
    let (code, out, _) = beian(&["--help"]);
    assert_eq!(code, 0);
    for word in ["build", "check", "--root", "Exit status"] {
        assert!(out.contains(word), "{word} missing from:\n{out}");
    }
    let (code, out, _) = beian(&["build", "--help"]);
    assert_eq!(code, 0);
    for word in ["--out", "--base-url", "--drafts"] {
        assert!(out.contains(word), "{word} missing from:\n{out}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(beian(&["publish"]).0, 2);
    assert_eq!(beian(&["build", "--no-such-flag"]).0, 2);
    assert_eq!(beian(&[]).0, 2);
}
