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
    // Only facts a condition reads, by index: permit (2) and letter (4),
    // after the two summary facts.
    assert_eq!(
        data["p"]["alpha"],
        serde_json::json!({"2": true, "4": "Alpha letter"})
    );
    assert_eq!(data["p"]["beta"], serde_json::json!({}));
    // The message's link is rewritten from the quiz page.
    assert!(page.contains("href=\"../guide/steps/index.html#permit\""));
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
