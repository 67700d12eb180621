//! The bundled guide keeps its verdicts, checklists and facts through
//! changes of format: `tests/golden/` holds what it says, and the site must
//! say exactly the same.
//!
//! A change of the rules that is meant to change what the guide says
//! changes these files too: run
//! `BEIAN_BLESS=1 cargo test --test golden`, which writes what the site
//! says now into `tests/golden/` (and passes), then review the diff
//! (`git diff --stat tests/golden`; the verdicts are gzipped, so compare
//! them with `zdiff` or `git diff --text` after `gunzip -k`) and commit it
//! with the change that caused it. `region-facts.txt` is not rewritten:
//! it lists statements each region page must still show, so a new fact
//! passes without it; add a line when a fact should be held there.

mod common;

use std::collections::BTreeSet;
use std::io::Read;

use common::{Site, html_escape, repo};
use serde_json::Value;

/// Whether to write the golden files instead of comparing with them.
fn blessing() -> bool {
    std::env::var_os("BEIAN_BLESS").is_some_and(|v| v == "1")
}

fn bless(name: &str, text: &str) {
    use std::io::Write;
    let path = repo().join("tests/golden").join(name);
    if name.ends_with(".gz") {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(text.as_bytes()).expect("gzip");
        std::fs::write(&path, z.finish().expect("gzip")).expect("golden file");
    } else {
        std::fs::write(&path, text).expect("golden file");
    }
}

fn golden(name: &str) -> String {
    let path = repo().join("tests/golden").join(name);
    if name.ends_with(".gz") {
        let bytes = std::fs::read(&path).expect("golden file");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gzip");
        text
    } else {
        std::fs::read_to_string(path).expect("golden file")
    }
}

fn joined(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// A fact's value as the golden files wrote it.
fn shown(v: &Value) -> String {
    match v {
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn every_way_through_the_quiz_ends_as_it_did() {
    let site = Site::bundled();
    let run = site.beian(&["quiz", "--all"]);
    run.ok();
    let mut now: Vec<String> = run
        .stdout
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON line");
            let answers = v["answers"].as_object().expect("answers");
            let mut pairs: Vec<String> = answers
                .iter()
                .map(|(k, a)| format!("{k}={}", a.as_str().unwrap_or_default()))
                .collect();
            pairs.sort();
            format!(
                "{} -> {} | {} | {}",
                pairs.join(","),
                v["outcome"].as_str().unwrap_or_default(),
                joined(&v["fixes"]),
                joined(&v["items"])
            )
        })
        .collect();
    now.sort();
    if blessing() {
        bless("quiz-verdicts.txt.gz", &(now.join("\n") + "\n"));
        return;
    }
    let before: Vec<String> = golden("quiz-verdicts.txt.gz")
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        now.len(),
        before.len(),
        "the number of ways through the quiz"
    );
    for (a, b) in now.iter().zip(&before) {
        assert_eq!(a, b);
    }
}

#[test]
fn every_checklist_holds_what_it_did() {
    let site = Site::bundled();
    let mut blessed = String::new();
    for line in golden("checklists.txt").lines() {
        let (head, want) = line.split_once(": ").expect("`region applicant: items`");
        let (region, applicant) = head.split_once(' ').expect("region and applicant");
        let report = common::checklist_json(&site, region, applicant, &[]);
        let items: Vec<String> = report["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|it| {
                let facts: Vec<String> = it["facts"]
                    .as_array()
                    .expect("facts")
                    .iter()
                    .map(|f| {
                        format!(
                            "{}={}",
                            f["id"].as_str().unwrap_or_default(),
                            shown(&f["value"])
                        )
                    })
                    .collect();
                let open = if it["only_if"].is_null() { "" } else { "?" };
                format!(
                    "{}{open}[{}]",
                    it["id"].as_str().unwrap_or_default(),
                    facts.join(",")
                )
            })
            .collect();
        if blessing() {
            blessed += &format!("{head}: {}\n", items.join(" "));
            continue;
        }
        assert_eq!(items.join(" "), want, "{head}");
    }
    if blessing() {
        bless("checklists.txt", &blessed);
    }
}

#[test]
fn every_region_page_states_the_facts_it_did() {
    let site = Site::bundled();
    site.build().ok();
    let mut seen = BTreeSet::new();
    for line in golden("region-facts.txt").lines() {
        let (slug, fact) = line.split_once(' ').expect("`slug fact=value`");
        let (key, value) = fact.split_once('=').expect("fact=value");
        seen.insert(slug.to_string());
        let page = site.read(&format!("dist/provinces/{slug}/index.html"));
        match value {
            // Booleans are worded by the theme: the fact's section is there.
            "yes" | "no" => {
                let id = key.split('@').next().unwrap_or(key);
                assert!(page.contains(&format!("id=\"fact-{id}\"")), "{slug}: {key}");
            }
            _ => assert!(
                page.contains(&html_escape(value)),
                "{slug}: {key} = {value} is not on its page"
            ),
        }
    }
    assert_eq!(seen.len(), 31);
}
