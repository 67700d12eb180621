//! Rules: loading (every error kind with its place), the pages made from
//! them, and `beian checklist`, on the small site in tests/fixtures/rules/.

mod common;

use common::{Run, Site, broken_links, checklist_json, page_items};
use serde_json::Value;

fn ids(report: &Value) -> Vec<String> {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn rules_pages_are_built_with_facts_history_and_checklists() {
    let site = Site::fixture("rules");
    site.build().ok().says("built 12 pages");
    let table = site.read("dist/provinces/index.html");
    assert!(table.contains("data-region=\"alpha\""), "{table}");
    // Facts marked `table` are columns; `summary` facts head the page.
    assert!(table.contains("<th>Number prefix</th>"), "{table}");
    assert!(table.contains("<td>甲</td>"), "{table}");
    assert!(table.contains("<span class=\"hl\">Permit for outsiders</span>"));
    // Alphabetical by English name.
    assert!(table.find("alpha").unwrap() < table.find("beta").unwrap());

    let alpha = site.read("dist/provinces/alpha/index.html");
    assert!(
        alpha.contains("<h1>Alpha <span lang=\"zh-CN\">甲省</span></h1>"),
        "{alpha}"
    );
    assert!(
        alpha.contains(
            "<p class=\"summary\" data-fact=\"prefix\">Number prefix: 甲 (Confirmed)</p>"
        ),
        "{alpha}"
    );
    assert!(
        alpha.contains("<div class=\"current\"><p>24 hours now.</p>"),
        "{alpha}"
    );
    assert!(
        alpha.contains("2017-12-18–2020-08-16: <p>48 hours at first.</p>"),
        "{alpha}"
    );
    // A number comes with its unit.
    assert!(
        alpha.contains("<span class=\"value\">24 hours</span>"),
        "{alpha}"
    );
    assert!(
        alpha.contains("<strong>the Alpha letter</strong>"),
        "markdown in rules is rendered"
    );
    let beta = site.read("dist/provinces/beta/index.html");
    assert!(
        beta.contains(
            "<p class=\"unstated\">Permit for outsiders, Answer window, Commitment letter</p>"
        ),
        "{beta}"
    );

    let home = site.read("dist/index.html");
    assert!(
        home.contains("href=\"provinces/alpha/checklist/index.html\""),
        "{home}"
    );
    let checklist = site.read("dist/provinces/alpha/checklist/individual/index.html");
    assert!(
        checklist.contains("href=\"../../../../guide/steps/index.html#permit\""),
        "{checklist}"
    );
    assert_eq!(broken_links(&site.dist()), Vec::<String>::new());
}

#[test]
fn checklist_pages_show_what_beian_checklist_prints() {
    let site = Site::fixture("rules");
    site.build().ok();
    for province in ["alpha", "beta"] {
        for entity in ["individual", "organization"] {
            let report = checklist_json(&site, province, entity, &[]);
            let page = site.read(&format!(
                "dist/provinces/{province}/checklist/{entity}/index.html"
            ));
            let shown = page_items(&page);
            assert_eq!(
                shown.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
                ids(&report),
                "{province}/{entity}"
            );
            for ((_, html), item) in shown.iter().zip(report["items"].as_array().unwrap()) {
                assert!(html.contains(item["title"].as_str().unwrap()));
                match item["only_if"].as_str() {
                    Some(only) => assert!(html.contains(&format!("Only if {only}.")), "{html}"),
                    None => assert!(!html.contains("Only if"), "{html}"),
                }
            }
        }
    }
}

#[test]
fn items_follow_three_valued_conditions() {
    let site = Site::fixture("rules");
    let unknown = checklist_json(&site, "alpha", "individual", &[]);
    assert_eq!(
        ids(&unknown),
        ["id-card", "permit", "after-footer", "letter"]
    );
    let permit = &unknown["items"][1];
    assert_eq!(permit["only_if"], "your ID is from elsewhere");
    assert_eq!(permit["facts"][0]["text"], "Outsiders need a permit.");
    assert_eq!(unknown["rules"]["version"], "T1");
    assert_eq!(unknown["region"]["name"], "Alpha");
    assert_eq!(unknown["region"]["native_name"], "甲省");

    let outsider = checklist_json(&site, "alpha", "individual", &["local=no"]);
    assert_eq!(outsider["items"][1]["only_if"], Value::Null);
    let local = checklist_json(&site, "alpha", "individual", &["local=yes"]);
    assert_eq!(ids(&local), ["id-card", "after-footer", "letter"]);

    // Beta states no permit rule: the "ask" item instead, and no letter.
    let beta = checklist_json(&site, "beta", "organization", &["local=no"]);
    assert_eq!(ids(&beta), ["ask-permit", "licence", "after-footer"]);
}

#[test]
fn checklist_text_and_markdown_formats() {
    let site = Site::fixture("rules");
    let text = site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
    ]);
    text.ok();
    assert!(
        text.stdout.starts_with(
            "Checklist for Alpha (甲省)\nApplicant: An individual\nRules T1, updated 2026-01-02\n"
        ),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("[ ] Residence permit  (permit)\n    Only if your ID is from elsewhere.")
    );
    let md = site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
        "--format",
        "markdown",
    ]);
    md.ok();
    assert!(
        md.stdout.contains("## Prepare\n\n- [ ] **ID card**"),
        "{}",
        md.stdout
    );
    // Printed outside the site, a link to a source file leads nowhere: it
    // keeps its words only. Plain text carries no markup at all.
    assert!(
        text.stdout.contains("    Bring it. See permits.\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("Sign the Alpha letter."),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("**"), "{}", text.stdout);
    assert!(
        md.stdout.contains("  Bring it. See permits.\n"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("**the Alpha letter**"), "{}", md.stdout);
    for out in [&text.stdout, &md.stdout] {
        assert!(!out.contains(".md"), "{out}");
        assert!(!out.contains("\n\n\n"), "{out}");
        assert!(out.ends_with(".\n") || out.ends_with(")\n"), "{out:?}");
    }
}

#[test]
fn checklist_rejects_unknown_values_and_lists_the_valid_ones() {
    let site = Site::fixture("rules");
    site.beian(&[
        "checklist",
        "--region",
        "gamma",
        "--applicant",
        "individual",
    ])
    .fails_with(2)
    .says("unknown region `gamma`")
    .says("valid values: alpha, beta");
    site.beian(&["checklist", "--region", "alpha", "--applicant", "robot"])
        .fails_with(2)
        .says("valid values: individual, organization");
    site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
        "--answer",
        "local=maybe",
    ])
    .fails_with(2)
    .says("`local` has no answer `maybe`")
    .says("its answers: yes, no");
    site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
        "--answer",
        "colour=red",
    ])
    .fails_with(2)
    .says("questions --answer may give: local");
    site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
        "--answer",
        "entity=organization",
    ])
    .fails_with(2)
    .says("`entity` is set by --applicant, not by --answer");
}

fn broken(site: &Site, file: &str, from: &str, to: &str) {
    let text = site.read(file);
    assert!(text.contains(from), "{file} does not contain {from:?}");
    site.write(file, &text.replacen(from, to, 1));
}

fn check(site: &Site) -> Run {
    let run = site.beian(&["check"]);
    run.fails_with(1);
    run
}

#[test]
fn every_loader_error_names_its_place_and_all_are_reported_at_once() {
    let site = Site::fixture("rules");
    // An unknown key (serde reports it; the other files are still checked).
    site.write(
        "rules/provinces/gamma.yaml",
        "name: { en: \"Gamma\", zh-CN: \"丙省\" }\nfacts:\n  prefix:\n    - { value: \"丙\", confidence: old, sourcs: [S2], verified: 2026-01-02 }\n",
    );
    // A reference to a fact, a question, an option, a source and a stage that do not exist.
    broken(
        &site,
        "rules/checklist.yaml",
        "{ fact: permit, equals: true }",
        "{ fact: permitt, equals: true }",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "{ answer: entity, equals: organization }",
        "{ answer: entitty, equals: organization }",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "{ answer: local, equals: \"no\" }\n        - { fact: permit, known",
        "{ answer: local, equals: \"nope\" }\n        - { fact: permit, known",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "sources: [S1]",
        "sources: [S9]",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "stage: after\n    title: \"Show",
        "stage: afterwards\n    title: \"Show",
    );
    // A duplicate id.
    broken(&site, "rules/checklist.yaml", "id: licence", "id: permit");
    // A type error: a bool fact given a number.
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "    - value: true\n      text: \"Outsiders",
        "    - value: 3\n      text: \"Outsiders",
    );
    // A bad date.
    broken(
        &site,
        "rules/provinces/beta.yaml",
        "verified: 2026-01-02",
        "verified: 2026-02-31",
    );
    let run = check(&site);
    run.says("rules/provinces/gamma.yaml:4:38: error: facts.prefix[0]: unknown field `sourcs`, expected one of")
        .says("rules/checklist.yaml:21:19: error: unknown fact `permitt`")
        .says("did you mean `permit`?")
        .says("rules/checklist.yaml:34:21: error: unknown question `entitty`")
        .says("rules/checklist.yaml:28:37: error: question `local` has no option `nope`")
        .says("its options are: yes, no")
        .says("rules/checklist.yaml:11:15: error: unknown source `S9`")
        .says("rules/checklist.yaml:3:12: error: unknown stage `afterwards`")
        .says("rules/checklist.yaml:30:9: error: duplicate item id `permit`: it is already used on line 12")
        .says("rules/provinces/alpha.yaml:14:7: error: fact `permit` is of type bool, found a number value `3`")
        .says("rules/provinces/beta.yaml:7:17: error: facts.prefix[0].verified: 2026-02-31 is not a day of the calendar")
        .says("check failed: 9 errors");
}

#[test]
fn links_in_rules_markdown_are_placed_where_the_yaml_has_them_and_counted_once() {
    let site = Site::fixture("rules");
    // A quoted one-line value, shown on every checklist page that lists
    // the item: one error, at the link's column in the file.
    broken(
        &site,
        "rules/checklist.yaml",
        "See [permits](/guide/steps.md#permit).",
        "See [permits](/guide/steps.md#nope).",
    );
    // A literal block: its lines are indented in the file.
    broken(
        &site,
        "rules/checklist.yaml",
        "    body: \"Put it in the footer.\"",
        "    body: |\n      Put it in the footer.\n      Then [read](/guide/gone.md) this.",
    );
    // A province statement, shown on the province page and its checklists.
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "text: \"Outsiders need a permit.\"",
        "text: \"Outsiders need a [permit](/nowhere.md).\"",
    );
    let run = check(&site);
    run.says("rules/checklist.yaml:7:12: error: broken link: content/guide/gone.md")
        .says("rules/checklist.yaml:11:26: error: missing anchor: content/guide/steps.md has no `#nope`")
        .says("rules/provinces/alpha.yaml:15:31: error: broken link: content/nowhere.md")
        .says("check failed: 3 errors");
    assert_eq!(run.stderr.matches(": error: ").count(), 3, "{}", run.stderr);
    // The quoted line is the file's, indentation and all.
    run.says("      Then [read](/guide/gone.md) this.");

    let json = site.beian(&["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["errors"], 3);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 3);
}

#[test]
fn one_check_reports_content_and_rules_problems_together() {
    let site = Site::fixture("rules");
    // A broken link in a page is found before rendering; one in the rules'
    // markdown only while rendering. Both must come out of one run.
    let steps = site.read("content/guide/steps.md");
    site.write(
        "content/guide/steps.md",
        &format!("{steps}\nSee [nothing](nope.md).\n"),
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "See [permits](/guide/steps.md#permit).",
        "See [permits](/guide/gone.md).",
    );
    check(&site)
        .says("content/guide/steps.md:")
        .says("content/guide/nope.md does not exist")
        .says("rules/checklist.yaml:9:")
        .says("content/guide/gone.md does not exist")
        .says("check failed: 2 errors");
    site.build()
        .fails_with(1)
        .says("build failed with 2 errors");
    assert!(!site.dist().exists());
}

#[test]
fn dated_statements_may_not_overlap_or_both_be_current() {
    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "      until: 2020-08-16\n",
        "",
    );
    check(&site)
        .says("rules/provinces/alpha.yaml:")
        .says("fact `window` has two current statements");

    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "since: 2020-08-17",
        "since: 2019-01-01",
    );
    check(&site).says("statements of `window` overlap: this one starts 2019-01-01, the one before ends 2020-08-16");

    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "since: 2017-12-18",
        "since: 2021-01-01",
    );
    check(&site).says("`until` 2020-08-16 is before `since` 2021-01-01");
}

#[test]
fn dates_confidence_is_shown_noted_and_checked() {
    // The sources agree on the 24 hours but not on when they began.
    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "      since: 2020-08-17\n",
        "      since: 2020-08-17\n      dates_confidence: old\n",
    );
    broken(
        &site,
        "rules/rules.yaml",
        "    label: \"Possibly outdated\"",
        "    label: \"Possibly outdated\"\n    review: true",
    );
    site.build().ok();
    let alpha = site.read("dist/provinces/alpha/index.html");
    assert!(
        alpha.contains(
            "<p>24 hours now.</p>\n <span class=\"conf\">Confirmed</span> <span class=\"dates-conf\">dates: Possibly outdated</span>"
        ),
        "{alpha}"
    );
    site.beian(&["check"]).ok().says(
        "rules/provinces/alpha.yaml:27:1: note: Alpha — Answer window: dates possibly outdated",
    );

    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "      since: 2020-08-17\n",
        "      since: 2020-08-17\n      dates_confidence: shaky\n",
    );
    check(&site)
        .says("rules/provinces/alpha.yaml:33:25: error: unknown confidence level `shaky`")
        .says("the confidence levels are defined in rules/rules.yaml");

    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/provinces/alpha.yaml",
        "      verified: 2026-01-02\n  window:",
        "      verified: 2026-01-02\n      dates_confidence: old\n  window:",
    );
    check(&site)
        .says("rules/provinces/alpha.yaml:19:7: error: a statement of `permit` has `dates_confidence` but no `since` or `until` date")
        .says("add the dates it is about, or remove `dates_confidence`");
}

#[test]
fn condition_shapes_and_value_types_are_checked() {
    let site = Site::fixture("rules");
    broken(
        &site,
        "rules/checklist.yaml",
        "when: { answer: entity, equals: individual }",
        "when: { answer: entity, fact: permit, equals: individual }",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "{ fact: letter, known: true }",
        "{ fact: letter, equals: true }",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "{ answer: entity, equals: organization }",
        "{ answer: entity }",
    );
    broken(
        &site,
        "rules/checklist.yaml",
        "{ answer: local, equals: \"no\" }",
        "{ answer: local, equals: \"no\", in: [\"yes\"] }",
    );
    // Each shape problem is shown at the key that breaks it.
    check(&site)
        .says("rules/checklist.yaml:10:29: error: a condition may have only one of `all`, `any`, `not`, `answer`, `fact`")
        .says("fact `letter` is of type text, compared with a bool `true`")
        .says("rules/checklist.yaml:34:13: error: a test of an answer or a fact needs exactly one of `equals`, `in`, `known`, `includes` or a comparison")
        .says("rules/checklist.yaml:20:42: error: a test of an answer or a fact needs exactly one of");
}

#[test]
fn missing_rules_files_and_section_are_explained() {
    let site = Site::fixture("rules");
    std::fs::remove_file(site.path("rules/facts.yaml")).unwrap();
    // Facts are optional, but a site that names one needs them.
    check(&site)
        .says("error: unknown fact `permit`")
        .says("there is no rules/facts.yaml to define facts in");

    let site = Site::fixture("rules");
    std::fs::remove_file(site.path("content/provinces/_index.md")).unwrap();
    check(&site).says(
        "rules/rules.yaml puts the region pages in content/provinces/, which has no _index.md",
    );
}

#[test]
fn committed_schemas_match_what_beian_schema_writes() {
    let site = Site::fixture("rules");
    let out = site.path("schemas");
    site.beian(&["schema", "--out", out.to_str().unwrap()]).ok();
    let repo = common::repo().join("rules/schemas");
    let written = common::snapshot(&out);
    assert_eq!(written.len(), 10);
    assert_eq!(
        written,
        common::snapshot(&repo),
        "rules/schemas/ is stale: run `cargo run -- schema`"
    );

    // Without --out they go to the site's rules/schemas/.
    site.beian(&["schema"]).ok();
    assert_eq!(common::snapshot(&site.path("rules/schemas")).len(), 10);
    // Not into a folder the site publishes, not over a file, and not into
    // a folder that is no site.
    let before = common::snapshot(&site.path("content"));
    site.beian(&["schema", "--out", site.path("content/x").to_str().unwrap()])
        .fails_with(2)
        .says("inside content/, which is published with the site");
    assert_eq!(common::snapshot(&site.path("content")), before);
    site.beian(&["schema", "--out", site.path("site.yaml").to_str().unwrap()])
        .fails_with(2)
        .says("it is a file");
    std::fs::remove_file(site.path("site.yaml")).unwrap();
    std::fs::remove_dir_all(site.path("rules/schemas")).unwrap();
    site.beian(&["schema"])
        .fails_with(1)
        .says("no site.yaml here");
    assert!(!site.path("rules/schemas").exists());
}

/// A guide whose rules vary by nothing: no regions, no applicant types,
/// one checklist and a quiz with a number question.
fn site_without_regions() -> Site {
    let site = Site::fixture_with_default_theme("minimal");
    site.write(
        "rules/rules.yaml",
        "version: \"1\"\nupdated: 2026-01-02\nchecklist: checklist\nquiz: quiz\nstages:\n  - { id: before, title: \"Before\" }\nconfidence:\n  - { id: sure, label: \"Sure\" }\n",
    );
    site.write(
        "rules/sources.yaml",
        "sources:\n  - { id: S1, title: \"The authority\" }\n",
    );
    site.write(
        "rules/questions.yaml",
        "questions:\n  - id: guests\n    kind: number\n    text: \"How many guests at once?\"\n    unit: { one: \"guest\", other: \"guests\" }\n",
    );
    site.write(
        "rules/checklist.yaml",
        "items:\n  - { id: form, stage: before, title: \"Fill in the form\", body: \"Every event.\" }\n  - { id: stewards, stage: before, title: \"Hire stewards\", body: \"For crowds.\", when: { answer: guests, \">\": 500 } }\n",
    );
    site.write(
        "rules/outcomes.yaml",
        "outcomes:\n  - { id: big, kind: ready, title: \"A large event\", message: \"Plan ahead.\", when: { answer: guests, \">\": 500 } }\n  - { id: small, kind: ready, title: \"A small event\", message: \"Go ahead.\" }\n",
    );
    site.write(
        "content/checklist/_index.md",
        "---\ntitle: \"Event checklist\"\n---\nWhat to do.\n",
    );
    site.write(
        "content/quiz/_index.md",
        "---\ntitle: \"Quiz\"\n---\nAnswer one question.\n",
    );
    site
}

#[test]
fn a_site_without_regions_or_applicant_types_gets_its_checklist_and_quiz() {
    let site = site_without_regions();
    site.beian(&["check"]).ok().says("no problems");
    site.build().ok();
    let page = site.read("dist/checklist/index.html");
    let items = page_items(&page);
    assert_eq!(
        items.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ["form", "stewards"]
    );
    assert!(
        page.contains("How many guests at once? is more than 500 guests"),
        "{page}"
    );
    assert!(page.contains("<h1>Event checklist</h1>"), "{page}");
    // No region and no applicant type to name on the command line.
    let run = site.beian(&["checklist", "--format", "json", "--answer", "guests=20"]);
    run.ok();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(ids(&v), ["form"]);
    assert_eq!(v["region"], Value::Null);
    site.beian(&["checklist", "--region", "north"])
        .fails_with(2)
        .says("this site's checklists do not depend on region");
    let quiz = site.read("dist/quiz/index.html");
    assert!(quiz.contains("type=\"number\""), "{quiz}");
    let all = site.beian(&["quiz", "--all"]);
    all.ok();
    assert_eq!(all.stdout.lines().count(), 3, "at, below and above 500");
    // Facts by region mean nothing here.
    site.write(
        "content/checklist/_index.md",
        "---\ntitle: \"Event checklist\"\n---\nWhat to do.\n\n```beian-facts\nguests\n```\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("content/checklist/_index.md:6:1: error: `beian-facts` shows facts by region, and this site has no regions");
}

#[test]
fn every_missing_field_and_a_missing_regions_folder_are_reported_once_each() {
    let site = site_without_regions();
    // A checklist item without its stage, title and body: all three at once.
    site.write(
        "rules/checklist.yaml",
        "items:\n  - { id: form, stage: before, title: \"Fill in the form\", body: \"Every event.\" }\n  - id: stewards\n    when: { answer: guests, \">\": 500 }\n",
    );
    let run = site.beian(&["check"]);
    run.fails_with(1);
    for field in ["stage", "title", "body"] {
        run.says(&format!(
            "rules/checklist.yaml:3:1: error: `items[1]` is missing the required field `{field}`"
        ));
    }
    run.says("help: add `title:`");

    let site = Site::fixture("rules");
    std::fs::remove_dir_all(site.path("rules/provinces")).unwrap();
    let run = site.beian(&["check"]);
    run.fails_with(1).says("rules/provinces is missing");
    assert_eq!(
        run.stderr.matches("rules/provinces").count(),
        1,
        "{}",
        run.stderr
    );
}

const GLOSSARY: &str = "terms:\n  - id: licence\n    name: { en: \"Business licence\", zh-CN: \"营业执照\", zh-Latn-pinyin: \"yíngyè zhízhào\" }\n    note: \"The company’s registration certificate: see [the steps](/guide/steps.md#permit).\"\n    sources: [S1]\n  - id: form\n    name: { en: \"Verification form\", zh-CN: \"核验单\" }\n";

#[test]
fn a_facts_directive_tabulates_the_facts_by_region_with_links_and_confidence() {
    // The default theme: yes and no are its words.
    let site = Site::fixture_with_default_theme("rules");
    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps\"\n---\n## Permit {#permit}\n\nBy province:\n\n```beian-facts\nprefix\npermit\n```\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(page.contains("<table class=\"facts-table\">"), "{page}");
    assert!(
        page.contains(
            "<th scope=\"col\">Number prefix</th><th scope=\"col\">Permit for outsiders</th>"
        ),
        "{page}"
    );
    // Each region links to its page and shows its current value with its
    // confidence; a fact it does not state is a dash.
    assert!(page.contains("<th scope=\"row\"><a href=\"../../provinces/alpha/index.html\">Alpha</a></th><td><span lang=\"zh-CN\">甲</span> <span class=\"badge badge-confirmed\">"), "{page}");
    assert!(
        page.contains("Yes <span class=\"badge badge-confirmed\">"),
        "{page}"
    );
    assert!(page.contains("<a href=\"../../provinces/beta/index.html\">Beta</a></th><td><span lang=\"zh-CN\">乙</span> <span class=\"badge badge-old\">Possibly outdated</span></td><td>—</td></tr>"), "{page}");
}

#[test]
fn a_directive_naming_what_does_not_exist_is_an_error_at_its_line() {
    let site = Site::fixture("rules");
    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps\"\n---\n## Permit {#permit}\n\n```beian-facts\nprefix\npermits\n```\n\n```beian-glossary\n```\n\n```beian-nothing\n```\n",
    );
    let run = check(&site);
    run.says("content/guide/steps.md:8:1: error: unknown fact `permits`")
        .says("content/guide/steps.md:11:1: error: `beian-glossary` lists rules/glossary.yaml's terms, and there are none")
        .says("content/guide/steps.md:14:1: error: unknown directive `beian-nothing`");
    assert!(
        !run.stderr.contains("unknown fact `prefix`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_glossary_directive_lists_every_term_in_both_languages() {
    let site = Site::fixture("rules");
    site.write("rules/glossary.yaml", GLOSSARY);
    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps\"\n---\n## Permit {#permit}\n\n```beian-glossary\n```\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(
        page.contains("<dl class=\"glossary\">\n<div id=\"licence\"><dt>Business licence <span lang=\"zh-CN\">营业执照</span> <span lang=\"zh-Latn-pinyin\">yíngyè zhízhào</span></dt><dd><p>The company’s registration certificate: see <a href=\"index.html#permit\">the steps</a>.</p></dd></div>\n<div id=\"form\"><dt>Verification form <span lang=\"zh-CN\">核验单</span></dt></div>\n</dl>"),
        "{page}"
    );
    // A note's links are checked like any in the rules, at the glossary's line.
    site.write(
        "rules/glossary.yaml",
        &GLOSSARY.replace("steps.md#permit", "steps.md#nope"),
    );
    check(&site).says("rules/glossary.yaml:4:").says("#nope");
}

#[test]
fn glossary_terms_need_both_names_and_items_may_name_only_terms_it_has() {
    let site = Site::fixture("rules");
    site.write(
        "rules/glossary.yaml",
        "terms:\n  - id: licence\n    name: \"Business licence\"\n    sources: [S404]\n",
    );
    let checklist = site.read("rules/checklist.yaml");
    site.write(
        "rules/checklist.yaml",
        &checklist.replacen(
            "    stage:",
            "    terms: [licence, nonesuch]\n    stage:",
            1,
        ),
    );
    check(&site)
        .says("rules/glossary.yaml:3:1: error: `name` has no `zh-CN`, rules.yaml's `regions.native_language`")
        .says("unknown source `S404`")
        .says("unknown term `nonesuch`");
}

#[test]
fn a_checklist_item_shows_the_terms_it_names_in_the_regions_language() {
    let site = Site::fixture_with_default_theme("rules");
    site.write("rules/glossary.yaml", GLOSSARY);
    let checklist = site.read("rules/checklist.yaml");
    site.write(
        "rules/checklist.yaml",
        &checklist.replacen(
            "    title: \"Show the number\"\n",
            "    title: \"Show the number\"\n    terms: [licence, form]\n",
            1,
        ),
    );
    site.build().ok();
    let page = site.read("dist/provinces/alpha/checklist/individual/index.html");
    assert!(
        page.contains("<p class=\"item-terms\">On the forms: <span class=\"item-term\">Business licence <span lang=\"zh-CN\">营业执照</span></span>; <span class=\"item-term\">Verification form <span lang=\"zh-CN\">核验单</span></span></p>"),
        "{page}"
    );
    // Only the regions' language is shown there, not every name a term has.
    assert!(!page.contains("yíngyè zhízhào"));
    // `beian checklist` prints them as the page shows them.
    let text = site.beian(&[
        "checklist",
        "--region",
        "alpha",
        "--applicant",
        "individual",
        "--format",
        "text",
    ]);
    assert!(
        text.ok()
            .stdout
            .contains("    On the forms: Business licence 营业执照; Verification form 核验单\n"),
        "{}",
        text.stdout
    );
    let json = checklist_json(&site, "alpha", "individual", &[]);
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "after-footer")
        .unwrap();
    assert_eq!(item["terms"][0]["native_name"], "营业执照", "{item}");
}

#[test]
fn a_text_given_per_language_names_each_language_by_its_tag() {
    let site = Site::fixture("rules");
    let region = site.read("rules/provinces/alpha.yaml");
    site.write(
        "rules/provinces/alpha.yaml",
        &region.replacen("zh-CN: \"甲省\"", "zh_CN: \"甲省\"", 1),
    );
    let rules = site.read("rules/rules.yaml");
    site.write(
        "rules/rules.yaml",
        &rules.replacen(
            "  term:\n",
            "  term:\n    english: { one: \"x\", other: \"xs\" }\n",
            1,
        ),
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("rules/provinces/alpha.yaml:1:22: error: `zh_CN` is not a language tag")
        .says("rules/rules.yaml:8:5: error: `english` is not a language tag");
}
