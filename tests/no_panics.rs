//! No input makes the loaders panic: property tests over arbitrary and
//! near-valid text (bounded in cases, so they run in the test command), and
//! every fixture and bundled file mangled in many ways. Each must give `Ok`
//! or `Err` with a message — never a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use beian::load::{RulesSource, TextFile};
use beian::parse::front_matter;
use beian::parse::markdown::{self, Link, LinkError, Origin, ResolveLink};
use beian::rules::validate::validate;
use proptest::prelude::*;

struct AnyLink;
impl ResolveLink for AnyLink {
    fn resolve(&self, dest: &str) -> Result<Link, LinkError> {
        if dest.len().is_multiple_of(3) {
            Err(LinkError {
                message: format!("broken {dest}"),
                help: None,
            })
        } else {
            Ok(Link::External)
        }
    }
}

/// Front matter, then markdown, as a page goes through them.
fn page(text: &str) {
    let path = Path::new("content/x.md");
    match front_matter::parse(path, text) {
        Ok(doc) => {
            let origin = Origin::new(path, text, doc.body_offset, 1);
            let r = markdown::render(&doc.body, &origin, &AnyLink);
            for d in &r.problems {
                assert!(!d.message.is_empty());
                let _ = d.to_string();
            }
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in ds {
                assert!(!d.message.is_empty());
                let _ = d.to_string();
            }
        }
    }
}

fn file(name: &str, text: &str) -> TextFile {
    TextFile {
        segments: vec![name.to_string()],
        display: PathBuf::from("rules").join(name),
        text: text.to_string(),
    }
}

fn repo(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The bundled rules with one file replaced.
fn rules_with(name: &str, text: &str) {
    let mut src = RulesSource {
        rules: file("rules.yaml", &repo("rules/rules.yaml")),
        sources: file("sources.yaml", &repo("rules/sources.yaml")),
        facts: Some(file("facts.yaml", &repo("rules/facts.yaml"))),
        questions: file("questions.yaml", &repo("rules/questions.yaml")),
        checklist: file("checklist.yaml", &repo("rules/checklist.yaml")),
        conditions: None,
        outcomes: Some(file("outcomes.yaml", &repo("rules/outcomes.yaml"))),
        regions: vec![file(
            "shanghai.yaml",
            &repo("rules/provinces/shanghai.yaml"),
        )],
        regions_folder: Some("provinces".to_string()),
        regions_folder_found: true,
    };
    let target = match name {
        "rules.yaml" => &mut src.rules,
        "sources.yaml" => &mut src.sources,
        "facts.yaml" => src.facts.as_mut().unwrap(),
        "questions.yaml" => &mut src.questions,
        "checklist.yaml" => &mut src.checklist,
        "outcomes.yaml" => src.outcomes.as_mut().unwrap(),
        _ => &mut src.regions[0],
    };
    target.text = text.to_string();
    match validate(&src, "en") {
        Ok(rules) => {
            let _ = beian::rules::quiz::prove(&rules);
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in ds {
                assert!(!d.message.is_empty(), "{d:?}");
                let _ = d.to_string();
            }
        }
    }
}

const RULES_FILES: [&str; 7] = [
    "rules.yaml",
    "sources.yaml",
    "facts.yaml",
    "questions.yaml",
    "checklist.yaml",
    "outcomes.yaml",
    "provinces/shanghai.yaml",
];

/// Ways to break a file: cut it, drop or double lines, swap bytes for
/// YAML's special characters, indent wrongly.
fn mangle(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len().max(1);
    for k in 0..12 {
        let at = (k * 7919) % n;
        let mut cut = lines[..at.min(lines.len())].join("\n");
        cut.push_str("\n  - {");
        out.push(cut);
        let mut dropped = lines.clone();
        if at < dropped.len() {
            dropped.remove(at);
        }
        out.push(dropped.join("\n"));
        let mut doubled = lines.clone();
        if at < doubled.len() {
            doubled.insert(at, lines[at]);
        }
        out.push(doubled.join("\n"));
        let mut shifted = lines.clone();
        if at < shifted.len() {
            let l = format!("   {}", shifted[at]);
            shifted[at] = Box::leak(l.into_boxed_str());
        }
        out.push(shifted.join("\n"));
    }
    for special in [
        ":", "- ", "&a", "*a", "!!", "{", "[", "'", "\"", "#", "|", ">", "%", "@", "`", "\t", "\0",
        "\u{FEFF}",
    ] {
        let chars: Vec<char> = text.chars().collect();
        for k in 0..4 {
            let at = (k * 104_729 + special.len()) % chars.len().max(1);
            let mut s: String = chars[..at].iter().collect();
            s.push_str(special);
            s.extend(chars[at..].iter());
            out.push(s);
        }
    }
    out.push(String::new());
    out.push("---".to_string());
    out.push(text.replace('\n', "\r\n"));
    out.push(format!("\u{FEFF}{text}"));
    out
}

fn no_panic(what: &str, f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!("panicked on {what}");
    }
}

#[test]
fn mangled_bundled_files_never_panic() {
    let mut inputs = 0;
    for name in RULES_FILES {
        let text = repo(&format!("rules/{name}"));
        for (i, m) in mangle(&text).into_iter().enumerate() {
            no_panic(&format!("rules/{name} mangle #{i}"), || {
                rules_with(name, &m)
            });
            inputs += 1;
        }
    }
    for page_file in [
        "content/_index.md",
        "content/guide/steps.md",
        "content/reference/glossary.md",
        "tests/fixtures/front-matter-errors/content/bad-yaml.md",
    ] {
        for (i, m) in mangle(&repo(page_file)).into_iter().enumerate() {
            no_panic(&format!("{page_file} mangle #{i}"), || page(&m));
            inputs += 1;
        }
    }
    assert!(inputs > 500, "{inputs}");
}

#[test]
fn yaml_bombs_and_deep_nesting_are_errors_not_hangs() {
    let bomb = "---\ntitle: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n";
    let started = std::time::Instant::now();
    let err = front_matter::parse(Path::new("content/bomb.md"), bomb).unwrap_err();
    assert!(!err[0].message.is_empty());
    // A generous bound: expanding the bomb would take minutes and gigabytes.
    assert!(started.elapsed().as_secs() < 10);

    let deep = format!(
        "---\ntitle: x\ndescription: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = front_matter::parse(Path::new("content/deep.md"), &deep).unwrap_err();
    assert!(!err[0].message.is_empty());
    let deeper = format!(
        "---\ntitle: x\nnested: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = front_matter::parse(Path::new("content/deep.md"), &deeper).unwrap_err();
    assert!(!err[0].message.is_empty());

    let deep_rules = format!("items: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    no_panic("deeply nested checklist", || {
        rules_with("checklist.yaml", &deep_rules)
    });
    let bomb_rules = bomb
        .trim_start_matches("---\n")
        .trim_end_matches("---\n")
        .replace("title:", "a:");
    no_panic("alias bomb in rules", || {
        rules_with("facts.yaml", &bomb_rules)
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_as_a_page(text in ".{0,400}") {
        no_panic("arbitrary page", || page(&text));
    }

    #[test]
    fn near_valid_pages(
        key in prop::sample::select(vec!["title", "weight", "draft", "slug", "aliases", "updated", "checked", "sources", "description", "titel"]),
        value in "[-:\\[\\]{}&*!|>'\"#%@a-z0-9 .\\\\]{0,30}",
        body in "[-#*`\\[\\]()!<>|:~^_a-z0-9 \n]{0,200}",
    ) {
        let text = format!("---\ntitle: \"T\"\n{key}: {value}\n---\n{body}");
        no_panic(&text.clone(), || page(&text));
    }

    #[test]
    fn near_valid_conditions(
        op in prop::sample::select(vec!["all", "any", "not", "answer", "fact", "equals", "in", "known", "when"]),
        value in "[-:\\[\\]{}a-z0-9 ,\"]{0,40}",
    ) {
        let checklist = format!("items:\n  - id: x\n    stage: prepare\n    title: T\n    body: B\n    when: {{ {op}: {value} }}\n");
        no_panic(&checklist.clone(), || rules_with("checklist.yaml", &checklist));
    }

    #[test]
    fn any_text_as_a_rules_file(which in 0usize..7, text in ".{0,300}") {
        let name = RULES_FILES[which];
        no_panic(&format!("{name}: {text:?}"), || rules_with(name, &text));
    }
}
