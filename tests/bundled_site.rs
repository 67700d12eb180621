//! The guide this repository ships: it must build and check cleanly, and
//! the built site must hold together on its own.

mod common;

use std::fs;

use common::{
    Site, attr_values, broken_links, checklist_json, html_escape, links_home, page_items,
    sitemap_problems, snapshot,
};

#[test]
fn bundled_site_checks_with_no_problems_at_all() {
    let site = Site::bundled();
    let run = site.beian(&["check"]);
    run.ok().says(": no problems");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn bundled_site_builds_and_every_link_and_anchor_resolves() {
    let site = Site::bundled();
    site.build().ok();
    let dist = site.dist();
    for page in [
        "index.html",
        "404.html",
        "guide/index.html",
        "guide/what-is-icp-filing/index.html",
        "guide/who-can-file/index.html",
        "guide/prerequisites/index.html",
        "guide/steps/index.html",
        "guide/verification/index.html",
        "guide/after-approval/index.html",
        "reference/glossary/index.html",
        "reference/faq/index.html",
        "reference/changes-since-2018/index.html",
    ] {
        assert!(dist.join(page).is_file(), "{page} is missing");
    }
    assert_eq!(broken_links(&dist), Vec::<String>::new());
}

#[test]
fn bundled_site_loads_nothing_from_outside_itself() {
    let site = Site::bundled();
    site.build().ok();
    for (path, bytes) in snapshot(&site.dist()) {
        let text = String::from_utf8_lossy(&bytes);
        let name = path.display();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                for src in attr_values(&text, "src") {
                    assert!(!src.contains("//"), "{name} loads {src}");
                }
                // Stylesheets, icons and preloads are <link href>.
                for tag in text.split("<link ").skip(1) {
                    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                    if !tag.contains("rel=\"canonical\"") {
                        assert!(!tag.contains("//"), "{name} links {tag}");
                    }
                }
            }
            Some("css") => {
                assert!(!text.contains("@import"), "{name} imports a stylesheet");
                assert!(
                    !text.contains("url(http") && !text.contains("url(//"),
                    "{name} loads a URL"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn every_page_that_states_rules_names_its_sources_and_check_date() {
    let site = Site::bundled();
    site.build().ok();
    let dist = site.dist();
    let mut pages = 0;
    for section in ["guide", "reference"] {
        for entry in fs::read_dir(dist.join(section)).unwrap() {
            let dir = entry.unwrap().path();
            let Ok(html) = fs::read_to_string(dir.join("index.html")) else {
                continue;
            };
            pages += 1;
            let name = dir.display();
            let sources = html
                .split("<ul class=\"source-list\">")
                .nth(1)
                .and_then(|rest| rest.split("</ul>").next())
                .unwrap_or_else(|| panic!("{name} lists no sources"));
            assert!(sources.contains("<li>"), "{name} lists no sources");
            assert!(
                html.contains("Facts checked on <time datetime=\"20"),
                "{name} does not say when its facts were checked"
            );
        }
    }
    assert!(pages >= 10, "only {pages} pages checked");
}

#[test]
fn every_page_has_one_h1_a_language_and_a_title() {
    let site = Site::bundled();
    site.build().ok();
    for (path, bytes) in snapshot(&site.dist()) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let name = path.display();
        assert!(html.starts_with("<!doctype html>"), "{name}");
        // The default language at the root, Simplified Chinese under zh-cn/.
        let lang = if path.starts_with("zh-cn") {
            "zh-CN"
        } else {
            "en"
        };
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{name}");
        assert_eq!(
            html.matches("<h1").count(),
            1,
            "{name} must have exactly one h1"
        );
        assert!(
            html.contains("<title>") && !html.contains("<title></title>"),
            "{name}"
        );
        assert!(html.contains("name=\"viewport\""), "{name}");
    }
}

#[test]
fn every_checklist_page_shows_what_beian_checklist_prints() {
    let site = Site::bundled();
    site.build().ok();
    let provinces: Vec<String> = std::fs::read_dir(site.path("rules/provinces"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".yaml")
                .to_string()
        })
        .collect();
    assert_eq!(provinces.len(), 31);
    let mut compared = 0;
    for province in &provinces {
        let all = site.read(&format!("dist/provinces/{province}/checklist/index.html"));
        for entity in ["individual", "organization"] {
            let report = checklist_json(&site, province, entity, &[]);
            let items = report["items"].as_array().unwrap();
            assert!(
                items.len() >= 10,
                "{province}/{entity}: only {} items",
                items.len()
            );

            // Its own page, and its place on the province's checklist page,
            // which sends each reader to theirs.
            let own = site.read(&format!(
                "dist/provinces/{province}/checklist/{entity}/index.html"
            ));
            let choice = format!("checklist/{entity}/index.html\" data-applicant=\"{entity}\">");
            let at = all.find(&choice).unwrap_or_else(|| {
                panic!("{province}: the checklist page does not offer {entity}")
            });
            let n = items.len();
            let count = format!("{n} item{}", if n == 1 { "" } else { "s" });
            let offered = &all[at..at + all[at..].find("</a>").unwrap_or(0)];
            assert!(
                offered.contains(&count),
                "{province}/{entity}: {offered} should say {count}"
            );
            compared += 1;
            for (page, html) in [("own page", own.as_str())] {
                let shown = page_items(html);
                let want: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
                let got: Vec<&str> = shown.iter().map(|(id, _)| id.as_str()).collect();
                assert_eq!(got, want, "{province}/{entity} {page}");
                for ((_, chunk), item) in shown.iter().zip(items) {
                    let title = html_escape(item["title"].as_str().unwrap());
                    assert!(
                        chunk.contains(&title),
                        "{province}/{entity} {page}: {title}"
                    );
                    if let Some(only) = item["only_if"].as_str() {
                        assert!(
                            chunk.contains(&html_escape(only)),
                            "{province}/{entity} {page}: {only}"
                        );
                    }
                }
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 31 * 2 * 2);
}

#[test]
fn sitemap_lists_every_page_once_and_404_links_home() {
    let site = Site::bundled();
    site.beian(&["build", "--base-url", "https://example.cn/guide/"])
        .ok();
    assert_eq!(
        sitemap_problems(&site.dist(), "https://example.cn/guide/"),
        Vec::<String>::new()
    );
    let not_found = site.read("dist/404.html");
    assert!(
        links_home(&not_found, "https://example.cn/guide/"),
        "{not_found}"
    );
    // Without a base URL its links start from the host's root, since it
    // is shown at whatever address was not found.
    site.build().ok();
    let not_found = site.read("dist/404.html");
    assert!(links_home(&not_found, "/"), "{not_found}");
    assert!(not_found.contains("href=\"/assets/style"), "{not_found}");
}

#[test]
fn dated_statements_show_how_sure_their_dates_are() {
    // Every statement whose dates are less sure than the statement shows
    // that label beside its dates, in the default theme.
    let site = Site::bundled();
    site.build().ok();
    let mut labelled = 0;
    for entry in fs::read_dir(site.path("rules/provinces")).unwrap() {
        let path = entry.unwrap().path();
        let slug = path.file_stem().unwrap().to_string_lossy().to_string();
        let yaml = fs::read_to_string(&path).unwrap();
        let want = yaml.matches("dates_confidence: conflicting").count();
        let page = site.read(&format!("dist/provinces/{slug}/index.html"));
        let shown = ["start date", "end date", "dates"]
            .iter()
            .map(|which| {
                page.matches(&format!(
                    "<span class=\"dates-confidence\">({which}: <span class=\"badge badge-conflicting\">"
                ))
                .count()
            })
            .sum::<usize>();
        assert_eq!(shown, want, "{slug}");
        labelled += want;
    }
    assert!(
        labelled > 0,
        "no statement in the bundled rules has dates_confidence"
    );
}

#[test]
fn checklists_hold_only_what_applies_to_their_applicant_type() {
    let site = Site::bundled();
    // Items the rules give one applicant type only.
    let organization_only = ["commercial-licence", "sector-rules", "domain-holder"];
    let individual_only = [
        "minimum-age-individual",
        "domain-certificate-individual",
        "personal-site-rules",
        "individual-commercial",
    ];
    for entry in fs::read_dir(site.path("rules/provinces")).unwrap() {
        let path = entry.unwrap().path();
        let slug = path.file_stem().unwrap().to_string_lossy().to_string();
        for (entity, never) in [
            ("individual", &organization_only[..]),
            ("organization", &individual_only[..]),
        ] {
            let report = checklist_json(&site, &slug, entity, &[]);
            for item in report["items"].as_array().unwrap() {
                let id = item["id"].as_str().unwrap();
                assert!(!never.contains(&id), "{slug}/{entity} lists {id}");
            }
        }
    }
}

#[test]
fn the_provinces_table_says_no_rules_only_where_there_are_none() {
    let site = Site::bundled();
    site.build().ok();
    let facts: serde_yaml::Value = serde_yaml::from_str(&site.read("rules/facts.yaml")).unwrap();
    let highlighted: Vec<&str> = facts["facts"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|f| f["highlight"].as_bool() == Some(true))
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    // A fact left out of the column must be one every province states
    // alike (a national rule), or "nothing beyond the national rules"
    // would hide a province's own.
    let provinces: Vec<serde_yaml::Value> = fs::read_dir(site.path("rules/provinces"))
        .unwrap()
        .map(|e| serde_yaml::from_str(&fs::read_to_string(e.unwrap().path()).unwrap()).unwrap())
        .collect();
    for fact in facts["facts"].as_sequence().unwrap() {
        let id = fact["id"].as_str().unwrap();
        // Highlighted, or a column of its own.
        if highlighted.contains(&id) || fact["table"].as_bool() == Some(true) {
            continue;
        }
        let current: Vec<String> = provinces
            .iter()
            .map(|p| {
                let statements = p["facts"][id].as_sequence().cloned().unwrap_or_default();
                let now = statements.iter().find(|s| s.get("until").is_none());
                format!("{:?}", now.map(|s| &s["value"]))
            })
            .collect();
        assert!(
            current.iter().all(|v| v == &current[0] && v != "None"),
            "{id} is left out of the column but is not stated alike by every province: {current:?}"
        );
    }
    let table = site.read("dist/provinces/index.html");
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 31);
    let mut without = 0;
    for entry in fs::read_dir(site.path("rules/provinces")).unwrap() {
        let path = entry.unwrap().path();
        let slug = path.file_stem().unwrap().to_string_lossy().to_string();
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let states_one = yaml["facts"].as_mapping().is_some_and(|m| {
            m.iter().any(|(k, statements)| {
                highlighted.contains(&k.as_str().unwrap())
                    && statements
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .any(|s| s.get("until").is_none())
            })
        });
        let row = rows
            .iter()
            .find(|r| r.contains(&format!("provinces/{slug}/index.html")))
            .unwrap();
        let says_none = row.contains("<span class=\"muted\">");
        assert_eq!(says_none, !states_one, "{slug}");
        without += usize::from(says_none);
    }
    assert!(without < 31, "every province said to have no rules");
}

/// "The legal representative, or someone they authorise" is one fact,
/// `leader_may_be_authorised`, wherever a source says so: never
/// `leader_is_legal_rep: false`, which reads as "need not be" and hides
/// the letter of authorisation.
#[test]
fn the_legal_representative_or_someone_authorised_has_one_encoding() {
    let dir = common::repo().join("rules/provinces");
    let mut authorised = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let region: serde_yaml::Value =
            serde_yaml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let facts = &region["facts"];
        let values = |id: &str| -> Vec<serde_yaml::Value> {
            facts[id]
                .as_sequence()
                .map(|s| s.iter().map(|st| st["value"].clone()).collect())
                .unwrap_or_default()
        };
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            !values("leader_is_legal_rep").contains(&serde_yaml::Value::Bool(false)),
            "{name}: write `leader_may_be_authorised: true` instead of `leader_is_legal_rep: false`"
        );
        if values("leader_may_be_authorised").contains(&serde_yaml::Value::Bool(true)) {
            authorised.push(name);
        }
    }
    authorised.sort();
    assert_eq!(authorised, ["anhui", "gansu", "jiangsu"]);
    // And a checklist names the entity leader's rule for each of them.
    for region in &authorised {
        let report = checklist_json(&Site::bundled(), region, "organization", &[]);
        let items: Vec<&str> = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert!(items.contains(&"leader-legal-rep"), "{region}: {items:?}");
    }
}

/// `beian quiz` on the bundled site for a filer who gives `activities`.
fn quiz_with(site: &Site, entity: &[&str], activities: &str) -> serde_json::Value {
    let mut args = vec!["quiz"];
    let fixed = [
        "filing_for=website",
        "document=mainland_id",
        "province=zhejiang",
        "hosting=mainland",
        "subscription=yes",
        "domain=yes",
        "local_id=yes",
    ];
    let act = format!("activities={activities}");
    for a in entity
        .iter()
        .chain(fixed.iter())
        .chain([act.as_str()].iter())
    {
        args.push("--answer");
        args.push(a);
    }
    let run = site.beian(&args);
    run.ok();
    serde_json::from_str(&run.stdout).unwrap()
}

fn items_of(v: &serde_json::Value) -> Vec<&str> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect()
}

#[test]
fn what_the_site_does_is_chosen_among_several_and_each_choice_adds_its_items() {
    let site = Site::bundled();
    let company = ["entity=organization", "registered=mainland"];
    // A shop of its own that also carries news: the shop is told to ask,
    // the news needs its pre-approval first, and no licence is said to be
    // needed for the shop.
    let v = quiz_with(&site, &company, "own_shop,news");
    assert_eq!(v["next"], serde_json::Value::Null);
    assert_eq!(v["outcome"], "not-yet");
    let items = items_of(&v);
    assert!(items.contains(&"own-shop"), "{items:?}");
    assert!(items.contains(&"preapproval"), "{items:?}");
    assert!(!items.contains(&"commercial-licence"), "{items:?}");
    // Paid services and a marketplace both lead to the licence item.
    for act in ["paid", "marketplace", "paid,education"] {
        let v = quiz_with(&site, &company, act);
        assert!(items_of(&v).contains(&"commercial-licence"), "{act}");
        assert!(!items_of(&v).contains(&"own-shop"), "{act}");
    }
    // Nothing of these: a plain ready filing, with none of the items.
    let v = quiz_with(&site, &company, "none");
    assert_eq!(v["outcome"], "ready");
    for id in ["own-shop", "preapproval", "commercial-licence"] {
        assert!(!items_of(&v).contains(&id), "{id}");
    }
    // An individual keeps the outcome for commercial use, whatever else is chosen.
    let v = quiz_with(&site, &["entity=individual"], "own_shop,marketplace");
    assert_eq!(v["outcome"], "cannot-individual-commercial");
    let v = quiz_with(&site, &["entity=individual"], "own_shop");
    assert_eq!(v["outcome"], "ready");
    assert!(items_of(&v).contains(&"own-shop"));
}

#[test]
fn the_chinese_edition_states_the_rules_in_chinese() {
    let site = Site::bundled();
    site.build().ok();
    let read = |p: &str| fs::read_to_string(site.dist().join(p)).unwrap();
    // A number fact's unit, a statement's text and the word for the
    // province's cities, from the same rules as the English page.
    let zh = read("zh-cn/provinces/zhejiang/index.html");
    let en = read("provinces/zhejiang/index.html");
    assert!(zh.contains("<html lang=\"zh-CN\""));
    assert!(zh.contains("24小时") && !zh.contains("24 hours"));
    assert!(en.contains("24 hours"));
    assert!(zh.contains("浙江省的地级行政区"));
    // A value written once, in English, says so on a Chinese page.
    let hubei = read("zh-cn/provinces/hubei/index.html");
    assert!(hubei.contains("<span lang=\"en\">More than 3 months"));
    // The glossary's notes, drawn by the page's block in its language.
    let glossary = read("zh-cn/reference/glossary/index.html");
    assert!(glossary.contains("阿里云英文文档写作"), "the Chinese note");
    assert!(!glossary.contains("Alibaba Cloud writes it"));
    // A checklist's documents and its sources' dates.
    let checklist = read("zh-cn/provinces/shanghai/checklist/individual/index.html");
    assert!(checklist.contains("无日期（现行版本）"));
    assert!(!checklist.contains("undated (current)"));
    // The quiz asks in Chinese.
    let quiz = read("zh-cn/quiz/index.html");
    assert!(quiz.contains("由谁备案"), "the first question in Chinese");
}

#[test]
fn the_quiz_result_names_each_document_as_the_forms_do() {
    let site = Site::bundled();
    site.build().ok();
    // The result's checklist comes in a script beside the quiz page; an
    // item that mentions the business licence names it as the forms do.
    let script = fs::read_to_string(site.dist().join("quiz/checklist.js")).unwrap();
    assert!(
        script.contains("<span lang=\\\"zh-CN\\\">营业执照</span>")
            || script.contains("<span lang=\"zh-CN\">营业执照</span>"),
        "no Chinese name for the business licence in the quiz's checklist"
    );
}
