//! No input makes the loaders panic: property tests over arbitrary and
//! near-valid text (bounded in cases, so they run in the test command), and
//! every fixture and bundled file mangled in many ways. Each must give `Ok`
//! or `Err` with located diagnostics — a message, and a place in the file
//! it is about that exists — never a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use beian::config::SiteConfig;
use beian::diag::Diagnostic;
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

/// Asserts that `d` says something and points into one of `files`: at a
/// line the file has, when it names a line.
fn located(d: &Diagnostic, files: &[(&Path, &str)]) {
    assert!(!d.message.is_empty(), "{d:?}");
    let _ = d.to_string();
    let Some(loc) = &d.location else {
        panic!("not located: {d:?}");
    };
    let Some((_, text)) = files.iter().find(|(p, _)| *p == loc.path) else {
        panic!("located in a file that was not read: {d:?}");
    };
    if loc.line > 0 {
        let lines = text.split('\n').count();
        assert!(loc.line <= lines, "line {} of {lines}: {d:?}", loc.line);
        assert!(loc.col >= 1, "{d:?}");
    }
}

/// Front matter, then markdown, as a page goes through them.
fn page(text: &str) {
    let path = Path::new("content/x.md");
    let files = [(path, text)];
    match front_matter::parse(path, text) {
        Ok(doc) => {
            let origin = Origin::new(path, text, doc.body_offset(), 1);
            let r = markdown::render(doc.body(text), &origin, &AnyLink);
            for d in &r.problems {
                located(d, &files);
            }
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in ds {
                located(&d, &files);
            }
        }
    }
}

/// site.yaml, through the same strict YAML decoding as every file.
fn site_yaml(text: &str) {
    let path = Path::new("site.yaml");
    if let Err(d) = SiteConfig::parse(path, text) {
        located(&d, &[(path, text)]);
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
        glossary: None,
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
    let mut files: Vec<(&Path, &str)> = vec![
        (&src.rules.display, &src.rules.text),
        (&src.sources.display, &src.sources.text),
        (&src.questions.display, &src.questions.text),
        (&src.checklist.display, &src.checklist.text),
        (&src.regions[0].display, &src.regions[0].text),
    ];
    for f in [&src.facts, &src.conditions, &src.outcomes]
        .into_iter()
        .flatten()
    {
        files.push((&f.display, &f.text));
    }
    match validate(&src, "en") {
        Ok(rules) => {
            let (_, problems) = beian::rules::quiz::prove(&rules);
            for d in problems {
                located(&d, &files);
            }
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in ds {
                located(&d, &files);
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

/// The ids a file of the bundled rules defines (`  - id: …` lines).
fn ids(rel: &str) -> Vec<String> {
    repo(rel)
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

/// A YAML scalar as an editor might write one, right or wrong.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,8}",
        "\"[^\"\\\\\n]{0,8}\"",
        "-?[0-9]{1,4}(\\.[0-9]{1,2})?",
        Just("true".to_string()),
        Just("null".to_string()),
        Just("~".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        "[-:#&*!|>'%@`,\\[\\]{} a-z]{1,6}",
    ]
}

/// Any YAML value, nested, in flow style: lists and maps of scalars, with
/// keys drawn from what beian's files use and from anything else.
fn yaml_value() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "title",
            "id",
            "when",
            "items",
            "questions",
            "facts",
            "sources",
            "all",
            "any",
            "not",
            "answer",
            "fact",
            "equals",
            "in",
            "known",
            "weight",
            "slug",
            "aliases",
            "theme",
            "search",
            "base_url",
            "stage",
            "options",
            "value",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,6}",
    ];
    scalar().prop_recursive(4, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((key.clone(), inner), 0..4).prop_map(|kv| {
                let pairs: Vec<String> = kv.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
}

/// A YAML document of top-level keys, in block style.
fn yaml_document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(vec![
                "title",
                "description",
                "weight",
                "draft",
                "slug",
                "aliases",
                "updated",
                "sources",
                "theme",
                "search",
                "items",
                "questions",
                "facts",
                "section",
                "provinces",
                "name",
                "other",
            ]),
            yaml_value(),
        ),
        0..6,
    )
    .prop_map(|kv| kv.iter().map(|(k, v)| format!("{k}: {v}\n")).collect())
}

/// A condition of rules/README.md, well formed or not: operators nested in
/// any way, tests of real and unknown questions and facts, any values.
fn condition() -> impl Strategy<Value = String> {
    let mut questions = ids("rules/questions.yaml");
    questions.push("nosuch".to_string());
    let mut facts = ids("rules/facts.yaml");
    facts.push("nofact".to_string());
    let test = prop_oneof![
        scalar().prop_map(|v| format!("equals: {v}")),
        prop::collection::vec(scalar(), 0..3).prop_map(|v| format!("in: [{}]", v.join(", "))),
        scalar().prop_map(|v| format!("known: {v}")),
        Just(String::new()),
        (scalar(), scalar()).prop_map(|(a, b)| format!("equals: {a}, known: {b}")),
    ];
    let leaf = prop_oneof![
        (prop::sample::select(questions), test.clone())
            .prop_map(|(q, t)| format!("{{ answer: {q}, {t} }}")),
        (prop::sample::select(facts), test).prop_map(|(f, t)| format!("{{ fact: {f}, {t} }}")),
        yaml_value(),
    ];
    leaf.prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("{{ all: [{}] }}", v.join(", "))),
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("{{ any: [{}] }}", v.join(", "))),
            inner.clone().prop_map(|c| format!("{{ not: {c} }}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{{ not: {a}, all: [{b}] }}")),
        ]
    })
}

// Cheap targets: many cases.
proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

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
    fn any_yaml_as_front_matter(doc in yaml_document(), body in ".{0,40}") {
        let text = format!("---\n{doc}---\n{body}");
        no_panic(&text.clone(), || page(&text));
    }

    #[test]
    fn any_yaml_or_text_as_site_yaml(doc in yaml_document(), text in ".{0,200}") {
        no_panic(&doc.clone(), || site_yaml(&doc));
        no_panic(&text.clone(), || site_yaml(&text));
    }
}

// Each case validates and proves the whole bundled rules: few cases.
proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_condition_compiles_or_is_placed(when in condition()) {
        let checklist = format!("items:\n  - id: x\n    stage: prepare\n    title: T\n    body: B\n    when: {when}\n");
        no_panic(&checklist.clone(), || rules_with("checklist.yaml", &checklist));
    }

    #[test]
    fn any_yaml_as_a_rules_file(which in 0usize..7, doc in yaml_document()) {
        let name = RULES_FILES[which];
        no_panic(&format!("{name}: {doc:?}"), || rules_with(name, &doc));
    }

    #[test]
    fn any_text_as_a_rules_file(which in 0usize..7, text in ".{0,300}") {
        let name = RULES_FILES[which];
        no_panic(&format!("{name}: {text:?}"), || rules_with(name, &text));
    }
}
