//! Build time of the bundled site, printed, never asserted (machines here
//! are shared and noisy). Run with `cargo bench --bench build`.
//!
//! The release binary's size, then two figures: the whole `beian build`
//! process, start-up included, as a user runs it; and the in-process
//! pipeline alone (load → render and the search index, no writing), to see
//! where time goes.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use beian::pipeline::{self, Options, Output};

const RUNS: usize = 15;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("beian-bench-{}", std::process::id()));
    let exe = root.join("target/release/beian");
    // Always asked for, so a binary older than the source is never timed;
    // cargo does nothing when it is up to date.
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet"])
        .current_dir(&root)
        .status()
        .expect("cargo build");
    assert!(status.success());
    let size = std::fs::metadata(&exe).map_or(0, |m| m.len());

    let mut process = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let o = Command::new(&exe)
            .arg("--root")
            .arg(&root)
            .arg("build")
            .arg("--out")
            .arg(&out)
            .output()
            .expect("running beian");
        process.push(t.elapsed());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }

    let mut in_process = Vec::new();
    let mut pages = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let outcome = pipeline::run(
            &Options {
                root: root.clone(),
                drafts: false,
                base_url: None,
                search_index: true,
                // The index is what is timed: made every run, not read back.
                cache: false,
            },
            Output::Discard,
        );
        in_process.push(t.elapsed());
        pages = outcome.built.map(|b| b.pages).unwrap_or(0);
    }
    let _ = std::fs::remove_dir_all(&out);

    println!(
        "release binary: {size} bytes ({:.1} MiB)",
        size as f64 / (1024.0 * 1024.0)
    );
    println!("bundled site: {pages} pages, median of {RUNS} runs");
    println!(
        "  beian build (process, start-up and writing included): {}",
        ms(median(process))
    );
    println!(
        "  pipeline in-process (load to index, no writing):      {}",
        ms(median(in_process))
    );
}
