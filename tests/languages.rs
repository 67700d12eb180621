//! Sites in several languages (the fixture: en, zh-CN, de, and ar, right
//! to left, with a few pages): `languages` in site.yaml, translations
//! by file name (`page.zh-CN.md`), each language under its own prefix, the
//! switcher, hreflang, the sitemap and what `check` reports about them.

mod common;

use common::Site;

/// The three-language fixture (en, zh-CN, de) with the default theme.
fn site() -> Site {
    Site::fixture_with_default_theme("languages")
}

#[test]
fn a_language_without_a_strings_table_is_an_error_at_languages() {
    let site = site();
    site.write(
        "site.yaml",
        "title: \"Boat Guide\"\nlanguage: en\nlanguages: [en, zh-CN, de, ar, nl]\n",
    );
    site.write(
        "content/_index.nl.md",
        "---\ntitle: \"Bootgids\"\n---\nWelkom.\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("site.yaml:3:12: error: no interface strings in `nl`");
    // A site table of its own is enough.
    site.write("i18n/nl.yaml", "nav:\n  home: \"Begin\"\n");
    let run = site.beian(&["check"]);
    assert!(
        !run.stderr.contains("no interface strings in `nl`"),
        "{}",
        run.stderr
    );
}

#[test]
fn languages_are_checked_where_site_yaml_lists_them() {
    let site = site();
    site.write("site.yaml", "title: x\nlanguage: fr\nlanguages: [en, de]\n");
    site.beian(&["check"]).fails_with(1).says(
        "site.yaml:3:12: error: the default language `fr` (`language`) is not in `languages`",
    );
}

#[test]
fn each_language_is_published_under_its_prefix_with_its_lang() {
    let site = site();
    site.build().ok();
    for (file, lang, title) in [
        ("index.html", "en", "Boat guide"),
        ("guide/steps/index.html", "en", "Steps"),
        ("zh-cn/index.html", "zh-CN", "船舶指南"),
        ("zh-cn/guide/steps/index.html", "zh-CN", "步骤"),
        ("de/guide/steps/index.html", "de", "Schritte"),
    ] {
        let html = site.read(&format!("dist/{file}"));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{file}");
        assert!(html.contains(title), "{file}");
    }
    // The untranslated page exists in the default language only.
    assert!(site.path("dist/guide/fees/index.html").exists());
    assert!(!site.path("dist/zh-cn/guide/fees").exists());
    // A link in a translation leads to the same language's page, relative.
    let zh_home = site.read("dist/zh-cn/index.html");
    assert!(
        zh_home.contains("<a href=\"guide/steps/index.html\">步骤</a>"),
        "{zh_home}"
    );
    let de_home = site.read("dist/de/index.html");
    assert!(de_home.contains("<a href=\"guide/steps/index.html\">die Schritte</a>"));
    // Each language's navigation holds its own pages.
    assert!(
        zh_home.contains("href=\"../zh-cn/guide/index.html\">指南</a>"),
        "{zh_home}"
    );
    assert!(!zh_home.contains(">Guide</a>"));
}

#[test]
fn a_link_into_another_language_must_say_so_by_naming_it() {
    let site = site();
    site.write(
        "content/guide/steps.zh-CN.md",
        "---\ntitle: \"步骤\"\nweight: 1\n---\n先登记船舶，再看[费用](fees.md)。\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("steps.zh-CN.md:5:")
        .says("link lands in another language: content/guide/fees.md is in `en`, and has no `zh-CN` translation")
        .says("fees.en.md");
    site.write(
        "content/guide/steps.zh-CN.md",
        "---\ntitle: \"步骤\"\nweight: 1\n---\n先登记船舶，再看[费用（英文）](fees.en.md)。\n",
    );
    site.build().ok();
    let html = site.read("dist/zh-cn/guide/steps/index.html");
    assert!(
        html.contains(
            "<a href=\"../../../guide/fees/index.html\" hreflang=\"en\">费用（英文）</a>"
        ),
        "{html}"
    );
}

#[test]
fn a_file_name_language_the_site_does_not_list_is_an_error_at_the_file() {
    let site = site();
    site.write(
        "content/guide/steps.fr.md",
        "---\ntitle: \"Étapes\"\n---\nx\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("content/guide/steps.fr.md: error: the file name says this page is in `fr`");
}

#[test]
fn a_language_without_its_home_page_is_an_error() {
    let site = site();
    std::fs::remove_file(site.path("content/_index.de.md")).unwrap();
    site.beian(&["check"])
        .fails_with(1)
        .says("`de` has no home page: content/_index.de.md is missing");
    // A translated page whose folder's section is not translated.
    let site = Site::fixture_with_default_theme("languages");
    std::fs::remove_file(site.path("content/guide/_index.de.md")).unwrap();
    site.beian(&["check"])
        .fails_with(1)
        .says("content/guide/ has no _index.de.md, so this page has no section");
}

/// The `<link rel="alternate">` of a built page: (hreflang, href).
fn alternates(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\""))
        .map(|l| {
            let v = common::attr_values(l, "hreflang");
            let h = common::attr_values(l, "href");
            (v[0].clone(), h[0].clone())
        })
        .collect()
}

#[test]
fn every_page_names_its_translations_both_ways_in_head_and_sitemap() {
    let site = site();
    site.beian(&["build", "--base-url", "https://example.org/boats/"])
        .ok();
    let base = "https://example.org/boats/";
    let pages = [
        ("guide/steps/", "en"),
        ("zh-cn/guide/steps/", "zh-CN"),
        ("de/guide/steps/", "de"),
        ("ar/guide/steps/", "ar"),
    ];
    for (path, _) in pages {
        let alts = alternates(&site.read(&format!("dist/{path}index.html")));
        let mut want: Vec<(String, String)> = pages
            .iter()
            .map(|(p, l)| (l.to_string(), format!("{base}{p}")))
            .collect();
        want.push(("x-default".to_string(), format!("{base}guide/steps/")));
        assert_eq!(alts, want, "{path}");
    }
    // An untranslated page names only itself, and no language's page
    // names it.
    let fees = alternates(&site.read("dist/guide/fees/index.html"));
    assert_eq!(fees.len(), 2, "{fees:?}");
    let sitemap = site.read("dist/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://example.org/boats/de/guide/steps/</loc>"))
        .expect("the German page in the sitemap");
    for (p, l) in pages {
        assert!(
            entry.contains(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{base}{p}\"/>"
            )),
            "{entry}"
        );
    }
    // Every page, once: as many as the build wrote (the 404 page aside).
    let pages = common::snapshot(&site.dist())
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("404.html"))
        .count();
    assert_eq!(sitemap.matches("<loc>").count(), pages);
}

#[test]
fn the_switcher_leads_to_each_translation_or_says_there_is_none() {
    let site = site();
    site.build().ok();
    let zh = site.read("dist/zh-cn/guide/steps/index.html");
    assert!(zh.contains("<li lang=\"en\" dir=\"ltr\"><a href=\"../../../guide/steps/index.html\" hreflang=\"en\">English</a></li>"), "{zh}");
    assert!(zh.contains(
        "<li lang=\"zh-CN\" dir=\"ltr\"><span aria-current=\"true\">简体中文</span></li>"
    ));
    assert!(zh.contains("<li lang=\"de\" dir=\"ltr\"><a href=\"../../../de/guide/steps/index.html\" hreflang=\"de\">Deutsch</a></li>"));
    // Untranslated: each other language's home, saying so in that language.
    let fees = site.read("dist/guide/fees/index.html");
    assert!(fees.contains("<li lang=\"zh-CN\" dir=\"ltr\"><a href=\"../../zh-cn/index.html\" hreflang=\"zh-CN\">简体中文 <small>(本页尚无中文版：前往首页)</small></a></li>"), "{fees}");
    assert!(fees.contains("<li lang=\"de\" dir=\"ltr\"><a href=\"../../de/index.html\" hreflang=\"de\">Deutsch <small>(nicht übersetzt: Startseite)</small></a></li>"));
    // Without a base URL, alternates are relative, so they work from disk.
    assert!(zh.contains(
        "<link rel=\"alternate\" hreflang=\"de\" href=\"../../../de/guide/steps/index.html\">"
    ));
    // The title leads home in the page's language, and is in it.
    assert!(
        zh.contains("<a class=\"site-title\" href=\"../../../zh-cn/index.html\">船舶指南</a>"),
        "{zh}"
    );
    assert!(zh.contains("<title>步骤 - 船舶指南</title>"));
    // A language the title does not name shows the default's.
    let ar = site.read("dist/ar/guide/steps/index.html");
    assert!(ar.contains(">Boat Guide</a>"));
}

#[test]
fn rules_texts_are_shown_in_each_language_and_fall_back_to_the_default() {
    let site = site();
    site.build().ok();
    let page = |p: &str| site.read(&format!("dist/{p}"));
    let en = page("states/north/checklist/person/index.html");
    let zh = page("zh-cn/states/north/checklist/person/index.html");
    let de = page("de/states/north/checklist/person/index.html");
    for (html, words) in [
        (
            &en,
            [
                "Proof of identity",
                "North",
                "Apply in person",
                "Book an appointment",
                "Passport or identity card",
                "undated (current)",
            ],
        ),
        (
            &zh,
            [
                "身份证明",
                "北州",
                "须当面办理",
                "预约",
                "护照或身份证",
                "无日期（现行版本）",
            ],
        ),
        (
            &de,
            [
                "Identitätsnachweis",
                "Nord",
                "Persönlich beantragen",
                "Termin vereinbaren",
                "Reisepass oder Personalausweis",
                "undatiert (aktuell)",
            ],
        ),
    ] {
        for w in words {
            assert!(html.contains(w), "{w} missing");
        }
    }
    assert!(!zh.contains("Proof of identity"));
    // The South's fact text has no German: the default language's shows.
    let de_south = page("de/states/south/index.html");
    assert!(de_south.contains("The South office takes applications by post."));
    // …marked as in that language, inside a page in another.
    assert!(
        de_south.contains("<div lang=\"en\"><p>The South office takes applications by post.</p>"),
        "{de_south}"
    );
    let en_south = page("states/south/index.html");
    assert!(!en_south.contains("<div lang="));
    assert!(page("zh-cn/states/south/index.html").contains("南州办事处接受邮寄申请。"));
    // Links in rules markdown lead to the page's own language.
    let zh_quiz = page("zh-cn/quiz/index.html");
    assert!(zh_quiz.contains("您可以申请"), "{zh_quiz}");
    assert!(
        zh_quiz.contains("href=\"../how-to-apply/index.html#apply\""),
        "{zh_quiz}"
    );
}

#[test]
fn checklist_and_quiz_commands_take_a_language() {
    let site = site();
    let args = ["checklist", "--region", "north", "--applicant", "person"];
    let zh = site.beian(&[&args[..], &["--lang", "zh-CN"]].concat());
    zh.ok();
    assert!(
        zh.stdout.contains("身份证明") && zh.stdout.contains("北州"),
        "{}",
        zh.stdout
    );
    let en = site.beian(&args);
    en.ok();
    assert!(en.stdout.contains("Proof of identity"), "{}", en.stdout);
    site.beian(&[&args[..], &["--lang", "fr"]].concat())
        .fails_with(2)
        .says("unknown language `fr`");
    // The quiz's verdicts are the same in every language: one rules model.
    let all = |lang: &str| {
        let run = site.beian(&["quiz", "--all", "--lang", lang]);
        run.ok();
        run.stdout
    };
    let en = all("en");
    assert_eq!(en.lines().count(), 4, "{en}");
    assert_eq!(all("zh-CN"), en);
    assert_eq!(all("de"), en);
}

#[test]
fn check_counts_what_each_language_lacks_and_lists_it_when_verbose() {
    let site = site();
    let run = site.beian(&["check"]);
    run.ok()
        .says("warning: `zh-CN`: 1 page and 10 rules texts not translated, shown in `en`")
        .says("warning: `de`: 1 page and 11 rules texts not translated, shown in `en`");
    assert!(!run.stderr.contains("content/guide/fees.md"));
    site.beian(&["check", "--verbose"])
        .ok()
        .says("page content/guide/fees.md")
        .says("rules/states/south.yaml: fact `in_person` text");
    site.beian(&["check", "--deny-warnings"]).fails_with(1);
}

#[test]
fn a_translation_whose_source_changed_is_reported_possibly_stale() {
    let site = site();
    let source = site.read("content/guide/steps.md");
    let body = source.splitn(3, "---\n").nth(2).unwrap().to_string();
    let print = beian::plan::coverage::fingerprint(&body);
    site.write(
        "content/guide/steps.de.md",
        &format!("---\ntitle: \"Schritte\"\nweight: 1\ntranslation_of: \"{print}\"\n---\nZuerst das Boot anmelden.\n"),
    );
    let run = site.beian(&["check"]);
    assert!(!run.stderr.contains("possibly stale"), "{}", run.stderr);
    site.write(
        "content/guide/steps.md",
        &source.replace("First register", "First insure"),
    );
    let changed =
        beian::plan::coverage::fingerprint(&body.replace("First register", "First insure"));
    site.beian(&["check"])
        .says("steps.de.md:4:17: warning: possibly stale: content/guide/steps.md changed since this translation was made from it")
        .says(&format!("translation_of: \"{changed}\""));
}

#[test]
fn the_search_index_holds_one_index_per_language() {
    let site = site();
    site.build().ok();
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("dist/pagefind/pagefind-entry.json")).unwrap();
    let langs = entry["languages"].as_object().unwrap();
    let mut names: Vec<&str> = langs.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["ar", "de", "en", "zh-cn"], "{entry}");
    for l in names {
        let pages = langs[l]["page_count"].as_u64().unwrap();
        assert!(pages >= if l == "ar" { 3 } else { 12 }, "{entry}");
    }
    // Each language's pages search from their own search page.
    let zh = site.read("dist/zh-cn/guide/steps/index.html");
    assert!(zh.contains("action=\"../../../zh-cn/search/index.html\""));
}

#[test]
fn interface_strings_missing_in_one_of_the_languages_are_counted() {
    let site = site();
    let table = site.read("themes/default/i18n/de.yaml");
    site.write(
        "themes/default/i18n/de.yaml",
        &table.replace("  skip_link: \"Zum Inhalt springen\"\n", ""),
    );
    site.beian(&["check"])
        .ok()
        .says("interface string has no text in `de`: header.skip_link");
}

#[test]
fn a_right_to_left_language_gets_its_direction() {
    let site = site();
    site.build().ok();
    let ar = site.read("dist/ar/guide/steps/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    // Its name in every switcher runs right to left; the others' left to
    // right, also on its own pages.
    let en = site.read("dist/guide/steps/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("<li lang=\"ar\" dir=\"rtl\"><a href=\"../../ar/guide/steps/index.html\" hreflang=\"ar\">العربية</a></li>"), "{en}");
    assert!(ar.contains("<li lang=\"en\" dir=\"ltr\">"));
}

#[test]
fn a_language_without_the_regions_section_links_to_the_default_language_s_pages() {
    let site = site();
    std::fs::remove_file(site.path("content/states/_index.de.md")).unwrap();
    let page = site.read("content/how-to-apply.de.md");
    site.write(
        "content/how-to-apply.de.md",
        &page.replace("[Länder](states/_index.md)", "Länder"),
    );
    site.build().ok();
    assert!(!site.path("dist/de/states").exists());
    let quiz = site.read("dist/de/quiz/index.html");
    assert!(
        quiz.contains("href=\"../../states/north/checklist/index.html\""),
        "{quiz}"
    );
    assert!(!quiz.contains("href=\"../../de/states/"));
}

#[test]
fn an_untranslated_rules_text_links_in_the_default_language() {
    let site = site();
    // The item's body has no Chinese: it shows in English, and its link
    // to a page with no Chinese translation is not an error.
    site.build().ok();
    let zh = site.read("dist/zh-cn/states/north/checklist/company/index.html");
    assert!(
        zh.contains("<a href=\"../../../../../guide/fees/index.html\" hreflang=\"en\">a fee</a>"),
        "{zh}"
    );
    let en = site.read("dist/states/north/checklist/company/index.html");
    assert!(en.contains("<a href=\"../../../../guide/fees/index.html\">a fee</a>"));
}

#[test]
fn a_language_without_the_word_for_a_region_uses_the_default_one() {
    let site = site();
    let rules = site.read("rules/rules.yaml");
    site.write(
        "rules/rules.yaml",
        &rules.replace("    \"zh-CN\": { one: \"州\", other: \"州\" }\n", ""),
    );
    site.build().ok();
    let zh = site.read("dist/zh-cn/states/index.html");
    assert!(zh.contains("<th scope=\"col\">state</th>"), "{zh}");
    site.beian(&["check", "--verbose"])
        .ok()
        .says("rules/rules.yaml: regions.term");
}

#[test]
fn a_key_given_twice_in_the_rules_fails_every_language_and_is_said_once() {
    // The other languages' readings of the rules skip the look for keys
    // given twice, which the default language's reading makes: they are
    // kept only when it holds, so the build must still fail, and say so
    // once, not once per language.
    let site = site();
    let checklist = site.read("rules/checklist.yaml");
    site.write(
        "rules/checklist.yaml",
        &checklist.replacen(
            "    sources: [S1]\n",
            "    sources: [S1]\n    sources: [S1]\n",
            1,
        ),
    );
    let run = site.build();
    run.fails_with(1)
        .says("rules/checklist.yaml:10:5: error: `sources` is given twice in this map, on line 9 and here");
    assert_eq!(
        run.stderr.matches("is given twice").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(!site.dist().exists(), "a failed build wrote dist/");
}
