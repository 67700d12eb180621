//! The quiz: the proof `beian check` runs over every way to answer it, each
//! failure at its place, `beian quiz`, and the quiz page's data.

mod common;

use common::{Run, Site};
use serde_json::Value;

const OUTCOMES: &str = r#"outcomes:
  - id: elsewhere
    kind: not_needed
    title: "Not here"
    message: "Nothing to file."
    checklist: false
    when: { answer: province, equals: outside }
  - id: permit-first
    kind: not_yet
    title: "Get a permit first"
    message: "See [permits](/guide/steps.md#permit)."
    when:
      all:
        - { answer: entity, equals: individual }
        - { answer: local, equals: "no" }
        - { fact: permit, equals: true }
    fixes:
      - id: permit
        when: { fact: permit, equals: true }
        text: "Apply for the permit."
  - id: ready
    kind: ready
    title: "Ready"
    message: "Go ahead."
"#;

/// The rules fixture with a quiz: `local` is asked of individuals only.
fn quiz_site() -> Site {
    let site = Site::fixture("rules");
    site.write("rules/outcomes.yaml", OUTCOMES);
    let rules = site.read("rules/rules.yaml");
    site.write(
        "rules/rules.yaml",
        &rules.replace("regions:\n", "quiz: quiz\nregions:\n"),
    );
    let questions = site.read("rules/questions.yaml");
    site.write(
        "rules/questions.yaml",
        &questions.replace(
            "  - id: local\n",
            "  - id: local\n    ask_when:\n      all:\n        - { answer: entity, equals: individual }\n        - { not: { answer: province, equals: outside } }\n",
        ),
    );
    site.write(
        "content/quiz/_index.md",
        "---\ntitle: \"Quiz\"\n---\nAnswer.\n",
    );
    // `ask-permit` reads `local`: only where it is asked.
    replace(
        &site,
        "rules/checklist.yaml",
        "      all:\n        - { answer: local, equals: \"no\" }\n        - { fact: permit, known: false }",
        "      all:\n        - { answer: entity, equals: individual }\n        - { answer: local, equals: \"no\" }\n        - { fact: permit, known: false }",
    );
    site
}

fn replace(site: &Site, file: &str, from: &str, to: &str) {
    let text = site.read(file);
    assert!(text.contains(from), "{file} lacks {from:?}");
    site.write(file, &text.replacen(from, to, 1));
}

fn lines(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_sound_quiz_is_proved_and_every_way_to_answer_it_is_listed() {
    let site = quiz_site();
    site.beian(&["check"])
        .ok()
        .says("proved the quiz on all 8 ways to answer it");
    let all = site.beian(&["quiz", "--all"]);
    all.ok();
    let all = lines(&all);
    // Individuals: 2 provinces x 2 answers to `local`, and outside (not
    // asked); organizations: 3 places.
    assert_eq!(all.len(), 8);
    let first = &all[0];
    assert_eq!(first["answers"]["entity"], "individual");
    assert_eq!(first["answers"]["province"], "alpha");
    assert_eq!(first["answers"]["local"], "yes");
    assert_eq!(first["outcome"], "ready");
    assert_eq!(
        first["items"],
        serde_json::json!(["id-card", "after-footer", "letter"])
    );
    let permit = all
        .iter()
        .find(|v| v["answers"]["province"] == "alpha" && v["answers"]["local"] == "no")
        .unwrap();
    assert_eq!(permit["outcome"], "permit-first");
    assert_eq!(permit["fixes"], serde_json::json!(["permit"]));
    let outside = all
        .iter()
        .find(|v| v["answers"]["province"] == "outside")
        .unwrap();
    assert_eq!(
        outside["items"],
        serde_json::json!([]),
        "no checklist with this outcome"
    );
}

#[test]
fn beian_quiz_says_what_to_ask_next() {
    let site = quiz_site();
    let run = site.beian(&["quiz", "--answer", "entity=organization"]);
    run.ok();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["next"], "province");
    let run = site.beian(&[
        "quiz",
        "--answer",
        "entity=organization",
        "--answer",
        "province=beta",
    ]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v["next"],
        Value::Null,
        "local is not asked of organizations"
    );
    assert_eq!(v["outcome"], "ready");
    site.beian(&["quiz", "--answer", "entity=cat"])
        .fails_with(2)
        .says("`entity` has no answer `cat`")
        .says("its answers: individual, organization");
    // A question answered twice is refused, not silently overwritten.
    site.beian(&[
        "quiz",
        "--answer",
        "entity=individual",
        "--answer",
        "entity=organization",
    ])
    .fails_with(2)
    .says("`entity` is answered twice");
    site.beian(&["quiz", "--answer", "entty=individual"])
        .fails_with(2)
        .says("did you mean `entity`?");
}

#[test]
fn the_quiz_page_carries_its_questions_outcomes_and_data() {
    let site = quiz_site();
    site.build().ok();
    let page = site.read("dist/quiz/index.html");
    for needle in [
        "data-question=\"entity\"",
        "data-question=\"local\"",
        "data-outcome=\"permit-first\"",
        "data-fix=\"permit\"",
        "data-item=\"id-card\"",
        "href=\"../provinces/alpha/checklist/index.html\"",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    let json = page
        .split("<script type=\"application/json\" id=\"quiz-data\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let data: Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["q"][2]["id"], "local");
    assert_eq!(data["q"][2]["ask"][0], "all");
    // The page names the regions but carries none of their facts: each
    // region's script gives them when the reader chooses it.
    assert_eq!(data["p"], serde_json::json!({"alpha": 0, "beta": 0}));
    assert!(page.contains("data-region-scripts=\"regions/\""));
    // The test theme has no `quiz-region.html`: no statements, only data.
    let region = |slug: &str| -> Value {
        let script = site.read(&format!("dist/quiz/regions/{slug}.js"));
        let json = script
            .strip_prefix(&format!("beianQuizRegion(\"{slug}\","))
            .and_then(|s| s.strip_suffix(",\"\");\n"))
            .unwrap_or_else(|| panic!("{script}"));
        serde_json::from_str(json).unwrap()
    };
    // Only facts a condition reads, by index: permit (2) and letter (4),
    // after the two summary facts.
    assert_eq!(
        region("alpha"),
        serde_json::json!({"2": true, "4": "Alpha letter"})
    );
    assert_eq!(region("beta"), serde_json::json!({}));
    // The message's link is rewritten from the quiz page.
    assert!(page.contains("href=\"../guide/steps/index.html#permit\""));
}

#[test]
fn the_quiz_data_survives_any_text_in_the_rules_version() {
    let site = quiz_site();
    let version = "2026 <!-- for --> outsiders </script> & co";
    let rules = site.read("rules/rules.yaml");
    let line = rules
        .lines()
        .find(|l| l.starts_with("version:"))
        .expect("a version line")
        .to_string();
    replace(
        &site,
        "rules/rules.yaml",
        &line,
        &format!("version: \"{version}\""),
    );
    site.build().ok();
    let page = site.read("dist/quiz/index.html");
    let json = page
        .split("<script type=\"application/json\" id=\"quiz-data\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let data: Value = serde_json::from_str(json).expect("the quiz data is JSON");
    assert_eq!(data["v"], version);
}

#[test]
fn the_quiz_data_carries_no_fact_labels_nor_what_a_region_states() {
    let site = quiz_site();
    site.build().ok();
    let page = site.read("dist/quiz/index.html");
    let json = page
        .split("<script type=\"application/json\" id=\"quiz-data\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let data: Value = serde_json::from_str(json).expect("the quiz data is JSON");
    // A result shows each region's statements from the region's script:
    // the page needs neither the labels nor which facts a region states.
    assert!(data.get("f").is_none(), "{data}");
    assert!(!json.contains("Permit for outsiders"));
}

#[test]
fn an_undecided_item_is_reported_with_an_example() {
    let site = quiz_site();
    // Without its guard, `ask-permit` reads `local`, which organizations
    // are not asked.
    replace(
        &site,
        "rules/checklist.yaml",
        "        - { answer: entity, equals: individual }\n        - { answer: local, equals: \"no\" }\n        - { fact: permit, known: false }",
        "        - { answer: local, equals: \"no\" }\n        - { fact: permit, known: false }",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("rules/checklist.yaml:22:1: error: checklist item `ask-permit` depends on a question that was not asked, for example with entity=organization, province=beta");
}

#[test]
fn unreachable_outcomes_and_fixes_are_reported() {
    let site = quiz_site();
    replace(
        &site,
        "rules/outcomes.yaml",
        "  - id: ready\n",
        "  - id: catch-all\n    kind: ready\n    title: \"All\"\n    message: \"x\"\n  - id: ready\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("rules/outcomes.yaml:25:1: error: outcome `ready` is never the result");

    let site = quiz_site();
    replace(
        &site,
        "rules/outcomes.yaml",
        "when: { fact: permit, equals: true }\n        text",
        "when: { fact: permit, equals: false }\n        text",
    );
    site.beian(&["check"]).fails_with(1).says(
        "rules/outcomes.yaml:18:1: error: fix `permit` of outcome `permit-first` is never shown",
    );
}

#[test]
fn a_question_that_never_matters_or_is_never_asked_is_reported() {
    let site = quiz_site();
    replace(
        &site,
        "rules/questions.yaml",
        "        label: \"Outside\"\n",
        "        label: \"Outside\"\n  - id: colour\n    text: \"Favourite colour?\"\n    options:\n      - value: red\n        label: \"Red\"\n      - value: blue\n        label: \"Blue\"\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("error: question `colour` never changes the result");

    let site = quiz_site();
    replace(
        &site,
        "rules/questions.yaml",
        "        - { answer: entity, equals: individual }\n        - { not:",
        "        - { answer: entity, equals: robot }\n        - { not:",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("question `entity` has no option `robot`");

    let site = quiz_site();
    replace(
        &site,
        "rules/questions.yaml",
        "        - { answer: entity, equals: individual }\n        - { not:",
        "        - { answer: entity, known: false }\n        - { not:",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("question `local` is never asked");
}

#[test]
fn no_outcome_and_ask_when_reading_later_questions_are_reported() {
    let site = quiz_site();
    replace(
        &site,
        "rules/outcomes.yaml",
        "    message: \"Go ahead.\"\n",
        "    message: \"Go ahead.\"\n    when: { answer: entity, equals: individual }\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("error: no outcome matches when entity=organization, province=alpha");

    let site = quiz_site();
    replace(
        &site,
        "rules/questions.yaml",
        "  - id: entity\n",
        "  - id: entity\n    ask_when: { answer: local, known: false }\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("`ask_when` of `entity` reads `local`, which is not asked before it");
}

/// The quiz site with a number question read by a comparison, an item
/// that waits for it, and a named condition used in two places.
fn number_site() -> Site {
    let site = quiz_site();
    let questions = site.read("rules/questions.yaml");
    site.write(
        "rules/questions.yaml",
        &format!(
            "{questions}  - id: staff\n    kind: number\n    text: \"How many people work there?\"\n    short: \"Staff\"\n    unit: {{ one: \"person\", other: \"people\" }}\n    max: 100000\n    ask_when: organization\n"
        ),
    );
    site.write(
        "rules/conditions.yaml",
        "conditions:\n  - id: organization\n    when: { answer: entity, equals: organization }\n  - id: large\n    when: { all: [organization, { answer: staff, \">=\": 10 }] }\n",
    );
    let checklist = site.read("rules/checklist.yaml");
    site.write(
        "rules/checklist.yaml",
        &format!(
            "{checklist}  - id: safety-officer\n    stage: prepare\n    title: \"Name a safety officer\"\n    body: \"Ten people or more need one.\"\n    when: large\n"
        ),
    );
    site
}

#[test]
fn a_number_question_is_proved_at_each_threshold_and_between() {
    let site = number_site();
    site.beian(&["check"]).ok();
    let all = lines(&site.beian(&["quiz", "--all"]));
    let staff: std::collections::BTreeSet<String> = all
        .iter()
        .filter_map(|v| v["answers"]["staff"].as_str().map(String::from))
        .collect();
    // Below 10, 10 itself, and above it: every class `>= 10` tells apart.
    assert_eq!(
        staff,
        ["0", "10", "11"].iter().map(|s| s.to_string()).collect()
    );
    for v in &all {
        let wants = v["answers"]["staff"]
            .as_str()
            .is_some_and(|n| n.parse::<f64>().unwrap() >= 10.0);
        let has = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "safety-officer");
        if v["outcome"] != "elsewhere" {
            assert_eq!(has, wants, "{v}");
        }
    }
    // The page's checklist does not know the number: it says what it waits for.
    let report = common::checklist_json(&site, "alpha", "organization", &[]);
    let item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "safety-officer")
        .unwrap();
    assert_eq!(item["only_if"], "Staff is at least 10 people");
    let answered = common::checklist_json(&site, "alpha", "organization", &["staff=4"]);
    assert!(
        !answered.to_string().contains("safety-officer"),
        "{answered}"
    );
    // A number outside the question's bounds is refused.
    site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "organization",
        "--answer",
        "staff=-3",
    ])
    .fails_with(2)
    .says("`staff` is answered with a number, found `-3`");
}

#[test]
fn comparisons_fit_only_numbers_and_named_conditions_must_exist_and_not_loop() {
    let site = number_site();
    replace(
        &site,
        "rules/checklist.yaml",
        "when: { answer: entity, equals: organization }",
        "when: { answer: entity, \">\": 3 }",
    );
    replace(&site, "rules/checklist.yaml", "when: large", "when: larg");
    site.write(
        "rules/conditions.yaml",
        "conditions:\n  - id: organization\n    when: { answer: entity, equals: organization }\n  - id: large\n    when: { all: [organization, huge] }\n  - id: huge\n    when: { any: [large] }\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("question `entity` is answered by choosing an option: it cannot be compared with `>`")
        .says("error: unknown condition `larg`")
        .says("did you mean `large`?")
        .says("condition `large` uses itself: large → huge → large");
}

#[test]
fn unrelated_questions_are_proved_apart_and_a_group_too_large_is_named() {
    // Twenty yes/no questions, each read by one item of its own: 2^20 ways
    // through the quiz, but twenty groups of two answers for the proof.
    let site = quiz_site();
    let mut questions = site.read("rules/questions.yaml");
    let mut items = site.read("rules/checklist.yaml");
    for n in 0..20 {
        questions.push_str(&format!(
            "  - id: q{n}\n    text: \"Question {n}?\"\n    options:\n      - {{ value: \"yes\", label: \"Yes\" }}\n      - {{ value: \"no\", label: \"No\" }}\n"
        ));
        items.push_str(&format!(
            "  - id: item{n}\n    stage: prepare\n    title: \"Item {n}\"\n    body: \"Only with yes.\"\n    when: {{ answer: q{n}, equals: \"yes\" }}\n"
        ));
    }
    site.write("rules/questions.yaml", &questions);
    site.write("rules/checklist.yaml", &items);
    site.beian(&["check"]).ok().says(&format!(
        "proved the quiz on all {} ways to answer it",
        8u64 << 20
    ));

    // One item reading all twenty ties them into one group: too many to walk.
    let all: Vec<String> = (0..20)
        .map(|n| format!("{{ answer: q{n}, equals: \"yes\" }}"))
        .collect();
    site.write(
        "rules/checklist.yaml",
        &format!(
            "{items}  - id: everything\n    stage: prepare\n    title: \"All of them\"\n    body: \"Every answer yes.\"\n    when: {{ all: [{}] }}\n",
            all.join(", ")
        ),
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("the quiz cannot be proved: its questions `q0`, `q1`")
        .says("combine in more than 250000 ways");
}

/// A question of several answers, read by two items: `a` alone, and `b` or
/// `c` together; `d` and `e` no test names.
fn multiple_site() -> Site {
    let site = quiz_site();
    let mut questions = site.read("rules/questions.yaml");
    questions.push_str(
        "  - id: kinds\n    kind: multiple\n    text: \"Which kinds?\"\n    options:\n      - { value: a, label: \"A\" }\n      - { value: b, label: \"B\" }\n      - { value: c, label: \"C\" }\n      - { value: d, label: \"D\" }\n      - { value: e, label: \"E\", when_text: \"you chose E\" }\n",
    );
    site.write("rules/questions.yaml", &questions);
    let mut items = site.read("rules/checklist.yaml");
    items.push_str(
        "  - id: item-a\n    stage: prepare\n    title: \"For A\"\n    body: \"A.\"\n    when: { answer: kinds, includes: a }\n  - id: item-bc\n    stage: prepare\n    title: \"For B or C\"\n    body: \"B or C.\"\n    when: { answer: kinds, includes: [b, c] }\n",
    );
    site.write("rules/checklist.yaml", &items);
    site
}

#[test]
fn a_multiple_question_is_proved_on_one_set_per_class_its_tests_tell_apart() {
    let site = multiple_site();
    let run = site.beian(&["quiz", "--all"]);
    run.ok();
    let sets: std::collections::BTreeSet<String> = lines(&run)
        .iter()
        .filter_map(|v| v["answers"]["kinds"].as_str().map(str::to_string))
        .collect();
    // Cells: {a}, {b, c} (always tested together), {d, e} (never tested):
    // every non-empty set of cells, each as its first option.
    let want: std::collections::BTreeSet<String> = ["a", "b", "a,b", "d", "a,d", "b,d", "a,b,d"]
        .map(String::from)
        .into();
    assert_eq!(sets, want);
    site.beian(&["check"]).ok();

    // Any set of options may be answered, each once; they are put in order.
    let one = site.beian(&[
        "quiz",
        "--answer",
        "entity=organization",
        "--answer",
        "province=alpha",
        "--answer",
        "kinds=e,c",
    ]);
    one.ok();
    let v: Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(v["answers"]["kinds"], "c,e");
    let items: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        items.contains(&"item-bc") && !items.contains(&"item-a"),
        "{items:?}"
    );
    site.beian(&["quiz", "--answer", "kinds=c,c"])
        .fails_with(2)
        .says("`kinds` has no answer `c,c`")
        .says("one or more joined by commas");
}

#[test]
fn a_multiple_question_of_many_sets_is_proved_without_tables() {
    // Thirteen options, each tested alone: 2^13 - 1 sets, more than the
    // proof works out beforehand for each test, so each is evaluated as
    // the walk reaches it.
    let site = quiz_site();
    let options: String = (0..13)
        .map(|n| format!("      - {{ value: o{n}, label: \"O{n}\" }}\n"))
        .collect();
    let mut questions = site.read("rules/questions.yaml");
    questions.push_str(&format!(
        "  - id: many\n    kind: multiple\n    text: \"Which?\"\n    options:\n{options}"
    ));
    site.write("rules/questions.yaml", &questions);
    let mut items = site.read("rules/checklist.yaml");
    for n in 0..13 {
        items.push_str(&format!(
            "  - id: for-o{n}\n    stage: prepare\n    title: \"For O{n}\"\n    body: \"O{n}.\"\n    when: {{ answer: many, includes: o{n} }}\n"
        ));
    }
    site.write("rules/checklist.yaml", &items);
    site.beian(&["check"]).ok().says(&format!(
        "proved the quiz on all {} ways to answer it",
        8 * 8191
    ));

    // A test and its negation together are never true, whichever sets
    // (and a checklist page, where `many` is not answered, leaves it out).
    items.push_str(
        "  - id: never\n    stage: prepare\n    title: \"Never\"\n    body: \"No.\"\n    when: { all: [{ answer: many, known: true }, { answer: many, includes: o3 }, { not: { answer: many, includes: o3 } }] }\n",
    );
    site.write("rules/checklist.yaml", &items);
    site.beian(&["check"])
        .fails_with(1)
        .says("checklist item `never` never appears");
}

#[test]
fn includes_tests_only_a_multiple_question_and_equals_not_one() {
    let site = multiple_site();
    replace(
        &site,
        "rules/checklist.yaml",
        "when: { answer: kinds, includes: a }",
        "when: { answer: kinds, equals: a }",
    );
    replace(
        &site,
        "rules/checklist.yaml",
        "when: { answer: kinds, includes: [b, c] }",
        "when: { all: [{ answer: entity, includes: individual }, { fact: permit, includes: true }] }",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("question `kinds` takes several answers: test it with `includes`, not `equals`")
        .says("question `entity` takes one answer: `includes` is for `kind: multiple` questions")
        .says(
            "fact `permit` has one value: `includes` is for answers to `kind: multiple` questions",
        );
}

/// The stored proof's line: its key, then the ways it counted.
fn stored_proof(site: &Site) -> (String, String) {
    let text = site.read(".beian-cache/quiz-proof");
    let (key, ways) = text.trim_end().rsplit_once('\n').expect("key and ways");
    (key.to_string(), ways.to_string())
}

#[test]
fn a_build_keeps_the_proof_and_reuses_it_only_for_the_same_rules() {
    let site = quiz_site();
    site.build().ok();
    let (key, ways) = stored_proof(&site);
    assert_eq!(ways, "8");
    // A stored count nobody would walk to shows whether the next build
    // read it or proved again.
    site.write(".beian-cache/quiz-proof", &format!("{key}\n12345\n"));
    site.build().ok();
    assert_eq!(stored_proof(&site), (key.clone(), "12345".to_string()));
    // `check` always proves.
    site.beian(&["check"])
        .ok()
        .says("proved the quiz on all 8 ways to answer it");

    // Any change to the rules is another key: proved again.
    replace(&site, "rules/outcomes.yaml", "Go ahead.", "Go ahead now.");
    site.build().ok();
    let (new_key, ways) = stored_proof(&site);
    assert_ne!(new_key, key);
    assert_eq!(ways, "8");
}

#[test]
fn a_stored_proof_never_hides_a_problem_in_changed_rules() {
    let site = quiz_site();
    site.build().ok();
    assert_eq!(stored_proof(&site).1, "8");
    replace(
        &site,
        "rules/outcomes.yaml",
        "  - id: ready\n",
        "  - id: catch-all\n    kind: ready\n    title: \"All\"\n    message: \"x\"\n  - id: ready\n",
    );
    site.build()
        .fails_with(1)
        .says("outcome `ready` is never the result");
    // A proof that found problems is not kept: they are reported again.
    site.build()
        .fails_with(1)
        .says("outcome `ready` is never the result");
}
