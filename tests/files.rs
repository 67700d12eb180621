//! Files the site does not own: a link that leads out of the site is
//! refused wherever the site is read, a pipe, socket or device is reported
//! as what it is (and never opened), and a file `build` could not read is
//! found by `check` first, at the same place.

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Run, Site, snapshot};

const SECRET: &str = "SECRET-not-the-sites-own";

/// A file beside the site (in its temporary folder), not in it.
fn outside(site: &Site, name: &str) -> PathBuf {
    let path = site.root.parent().unwrap().join(name);
    fs::write(&path, format!("{SECRET}\nsecond line\n")).unwrap();
    path
}

fn link(target: &Path, at: PathBuf) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    let _ = fs::remove_file(&at);
    symlink(target, at).unwrap();
}

/// `check` and `build` both refuse, at `shown`, and nothing of the file
/// outside is printed or published.
fn refused(site: &Site, shown: &str) {
    let before = snapshot(&site.dist());
    for run in [site.beian(&["check"]), site.build()] {
        run.fails_with(1)
            .says(&format!("{shown}: error: this leads outside the site"));
        assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
    }
    assert_eq!(snapshot(&site.dist()), before, "{shown}");
}

#[test]
fn links_out_of_the_site_are_refused_wherever_it_is_read() {
    let cases: &[(&str, &str)] = &[
        ("minimal", "content/guide/leak.md"),
        ("minimal", "content/guide/leak.txt"),
        ("minimal", "themes/default/static/leak.css"),
        ("minimal", "themes/default/templates/page.html"),
        ("minimal", "site.yaml"),
        ("minimal", "themes/default/i18n/en.yaml"),
        ("minimal", "i18n/en.yaml"),
        ("minimal", "themes/default/theme.yaml"),
        ("rules", "rules/facts.yaml"),
        ("rules", "rules/provinces/alpha.yaml"),
    ];
    for (fixture, at) in cases {
        let site = Site::fixture(fixture);
        site.build().ok();
        let secret = outside(&site, "secret.txt");
        link(&secret, site.path(at));
        refused(&site, at);
        assert!(
            !snapshot(&site.dist())
                .values()
                .any(|b| String::from_utf8_lossy(b).contains(SECRET))
        );
    }
}

#[test]
fn a_folder_linked_from_outside_is_refused_whole() {
    let site = Site::fixture("minimal");
    site.build().ok();
    let dir = site.root.parent().unwrap().join("elsewhere");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("page.md"),
        format!("---\ntitle: \"{SECRET}\"\n---\n"),
    )
    .unwrap();
    fs::write(dir.join("file.txt"), SECRET).unwrap();
    link(&dir, site.path("content/guide/elsewhere"));
    refused(&site, "content/guide/elsewhere");

    // A whole input folder, and the theme, the same.
    fs::remove_file(site.path("content/guide/elsewhere")).unwrap();
    let theme = site.root.parent().unwrap().join("theme");
    fs::rename(site.path("themes/default"), &theme).unwrap();
    link(&theme, site.path("themes/default"));
    refused(&site, "themes/default/templates");
}

#[test]
fn links_inside_the_site_are_followed() {
    let site = Site::fixture("minimal");
    link(Path::new("steps.md"), site.path("content/guide/again.md"));
    link(
        Path::new("../../site.yaml"),
        site.path("content/guide/site.txt"),
    );
    site.build().ok();
    assert!(site.path("dist/guide/again/index.html").is_file());
    assert_eq!(site.read("dist/guide/site.txt"), site.read("site.yaml"));
}

#[test]
fn pipes_and_sockets_are_reported_as_what_they_are_and_never_opened() {
    let site = Site::fixture("minimal");
    site.build().ok();
    let before = snapshot(&site.dist());
    for fifo in ["content/guide/pipe.md", "themes/default/static/pipe.css"] {
        let made = Command::new("mkfifo").arg(site.path(fifo)).status();
        assert!(made.unwrap().success());
    }
    let _socket = std::os::unix::net::UnixListener::bind(site.path("content/guide/sock.png"))
        .expect("a socket");
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Intro\"\n---\nSee [the pipe](pipe.md).\n",
    );
    for args in [&["check"][..], &["build"][..]] {
        let started = Instant::now();
        let run = site.beian(args);
        assert!(started.elapsed() < Duration::from_secs(60));
        run.fails_with(1)
            .says("content/guide/pipe.md: error: this is a named pipe (FIFO), not a file")
            .says("themes/default/static/pipe.css: error: this is a named pipe (FIFO)")
            .says("content/guide/sock.png: error: this is a socket, not a file");
        assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
    }
    assert_eq!(snapshot(&site.dist()), before);
}

/// The user id this test runs as: the owner of what it just made.
fn my_uid(site: &Site) -> u32 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(&site.root).unwrap().uid()
}

/// Runs beian as a user who cannot read what `chmod 000` closed: this
/// one, or, when the tests run as root (who reads anything), `nobody`.
fn as_reader(site: &Site, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_beian"));
    cmd.arg("--root").arg(&site.root).args(args);
    if my_uid(site) == 0 {
        for dir in [site.root.parent().unwrap(), &site.root] {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
        }
        cmd.uid(65534).gid(65534);
    }
    Run::from(cmd.output().expect("running beian"))
}

#[test]
fn an_unreadable_file_fails_check_as_it_would_fail_build() {
    for at in [
        "content/guide/closed.png",
        "themes/default/static/closed.js",
    ] {
        let site = Site::fixture("minimal");
        site.write(at, "bytes");
        fs::set_permissions(site.path(at), fs::Permissions::from_mode(0o000)).unwrap();
        for args in [&["check"][..], &["build"][..]] {
            let run = as_reader(&site, args);
            run.fails_with(1).says(&format!("{at}: error: cannot read"));
        }
        assert!(!site.dist().exists());
    }
}

#[test]
fn a_site_yaml_that_is_a_pipe_is_reported_not_waited_on() {
    let site = Site::fixture("minimal");
    fs::remove_file(site.path("site.yaml")).unwrap();
    let made = Command::new("mkfifo").arg(site.path("site.yaml")).status();
    assert!(made.unwrap().success());
    for args in [&["check"][..], &["build"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--root")
            .arg(&site.root)
            .args(args)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                panic!("{args:?} waits on the pipe");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let run = Run::from(child.wait_with_output().unwrap());
        run.fails_with(1)
            .says("site.yaml: error: this is a named pipe (FIFO), not a file");
    }
}
