//! What Pagefind's preparation of a built site's pages costs on one core,
//! printed, never asserted: each page as beian hands it over (without what
//! lies before its marked body, `search::before_body`) and whole, in
//! alternating rounds, best of each. Run with
//! `cargo bench --bench prepare [-- <built site folder>]`; without a folder
//! it builds the bundled site first. `bench/run --keep` leaves the
//! benchmark's sites and their output behind for this.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use beian::search::Index;

const ROUNDS: usize = 5;

// The allocator `beian` itself runs with (src/main.rs): the words of the
// index are many small allocations, and glibc's would be timed instead.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pages(dir: &Path) -> Vec<(String, Vec<u8>, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("reading the built site");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read(path).expect("reading a page");
        let text = String::from_utf8_lossy(&html);
        if !text.contains("data-pagefind-body") {
            continue;
        }
        let language = text
            .split_once("<html lang=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map_or("en", |(lang, _)| lang)
            .to_string();
        let site_path = path.strip_prefix(dir).unwrap_or(path);
        out.push((site_path.display().to_string(), html, language));
    }
    out
}

/// This thread's CPU time, user and system, from Linux's
/// `/proc/thread-self/stat` (in clock ticks, a hundredth of a second
/// here); `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th of the whole line.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let given = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let built = match given {
        Some(dir) => PathBuf::from(dir),
        None => {
            let out = std::env::temp_dir().join(format!("beian-prepare-{}", std::process::id()));
            let built = Command::new(env!("CARGO"))
                .args(["run", "--release", "--quiet", "--", "--root"])
                .arg(&root)
                .args(["build", "--out"])
                .arg(&out)
                .output()
                .expect("running beian");
            assert!(
                built.status.success(),
                "{}",
                String::from_utf8_lossy(&built.stderr)
            );
            out
        }
    };
    let pages = pages(&built);
    assert!(
        !pages.is_empty(),
        "no page with a marked body in {}",
        built.display()
    );
    let index = Index::new().expect("Pagefind's index");
    let preparer = index.preparer();

    // Each round times both, the first of them alternating, as a round's
    // first pass meets the other's words in each thread's memo of them.
    let time = |whole: bool| {
        let t = Instant::now();
        let cpu = thread_cpu();
        for (path, html, lang) in &pages {
            let prepared = match whole {
                false => preparer.prepare(path, html, lang),
                true => preparer.prepare_whole(path, html, lang),
            };
            std::hint::black_box(prepared.expect("prepared"));
        }
        // The CPU time where there is one: this machine's neighbours take
        // turns on its cores, which wall time counts and CPU time does not.
        match (cpu, thread_cpu()) {
            (Some(start), Some(end)) => end.saturating_sub(start),
            _ => t.elapsed(),
        }
    };
    let (mut handed, mut whole) = (Duration::MAX, Duration::MAX);
    for round in 0..ROUNDS {
        for is_whole in [round % 2 == 1, round % 2 == 0] {
            let elapsed = time(is_whole);
            match is_whole {
                true => whole = whole.min(elapsed),
                false => handed = handed.min(elapsed),
            }
        }
    }
    let bytes: usize = pages.iter().map(|(_, html, _)| html.len()).sum();
    println!(
        "{} pages with a marked body ({:.1} MB) in {}, CPU time (else wall time), best of {ROUNDS} rounds on one core:",
        pages.len(),
        bytes as f64 / 1e6,
        built.display()
    );
    println!(
        "  prepared as handed over: {:.0} ms",
        handed.as_secs_f64() * 1e3
    );
    println!(
        "  prepared whole:          {:.0} ms",
        whole.as_secs_f64() * 1e3
    );
    println!(
        "  handed over / whole:     {:.3}",
        handed.as_secs_f64() / whole.as_secs_f64()
    );
}
