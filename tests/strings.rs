//! Interface strings: the theme's tables, the site's overrides, the page's
//! language, and what `check` says about them.

mod common;

use common::Site;

#[test]
fn a_site_override_changes_a_word_and_leaves_the_others() {
    let site = Site::fixture_with_search();
    site.write(
        "i18n/en.yaml",
        "header:\n  skip_link: \"Jump to the text\"\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(
        page.contains("<a class=\"skip-link\" href=\"#main\">Jump to the text</a>"),
        "{page}"
    );
    assert!(!page.contains("Skip to content"));
    // Keys the site does not override still come from the theme.
    assert!(page.contains("placeholder=\"Search the guide\""), "{page}");
}

#[test]
fn a_site_in_chinese_shows_the_theme_s_chinese_strings() {
    let site = Site::fixture_with_search();
    site.write(
        "site.yaml",
        "title: \"测试站点\"\nlanguage: zh-CN\nsearch: find\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(page.contains("<html lang=\"zh-CN\">"), "{page}");
    assert!(page.contains(">跳到正文</a>"), "{page}");
    assert!(page.contains("placeholder=\"搜索本指南\""), "{page}");
    assert!(!page.contains("Skip to content"));
    // Scripts get their strings in the page's language too.
    let search = site.read("dist/find/index.html");
    assert!(
        search.contains("<script type=\"application/json\" id=\"beian-strings\">{\"search\":{"),
        "{search}"
    );
    assert!(search.contains("正在搜索…"), "{search}");
}

#[test]
fn an_unknown_key_in_a_template_is_an_error_at_its_place() {
    let site = Site::fixture_with_search();
    let page = site.read("themes/default/templates/page.html");
    site.write(
        "themes/default/templates/page.html",
        &page.replacen(
            "<div class=\"content\">",
            "<div class=\"content\"><p>{{ t(key=\"pager.nxet\") }}</p>",
            1,
        ),
    );
    let line = page
        .lines()
        .position(|l| l.contains("<div class=\"content\">"))
        .expect("page.html has a content div")
        + 1;
    let col = "<div class=\"content\"><p>{{ t(key=\"".chars().count() + 1;
    site.beian(&["check"])
        .fails_with(1)
        .says(&format!(
            "page.html:{line}:{col}: error: no interface string `pager.nxet` (did you mean `pager.next`?)"
        ));
}

#[test]
fn a_plural_without_other_is_an_error_at_its_line() {
    let site = Site::fixture_with_search();
    site.write(
        "i18n/en.yaml",
        "toc:\n  count:\n    one: \"({count} entry)\"\n",
    );
    site.beian(&["check"])
        .fails_with(1)
        .says("en.yaml:2:3: error: the plural `toc.count` has no `other` form");
}

#[test]
fn check_warns_about_untranslated_and_unused_site_keys() {
    // The test theme's table has the 29 keys beian's own output and the
    // printed checklist need.
    let site = Site::fixture("minimal");
    site.write("i18n/en.yaml", "markdown:\n  footnote_bakc: \"Back\"\n");
    site.write("i18n/fr.yaml", "markdown:\n  footnotes: \"Notes\"\n");
    site.beian(&["check"])
        .ok()
        .says("en.yaml:2:1: warning: the site's interface string `markdown.footnote_bakc` is in no template and not in the theme")
        .says("did you mean the theme's `markdown.footnote_back`?")
        // 29 of the theme's, 1 of the site's, less the one fr.yaml has.
        .says("i18n/fr.yaml: warning: 29 interface strings have no text in `fr`: checklist.applicant");
}

#[test]
fn the_search_page_carries_only_its_script_s_strings() {
    let site = Site::fixture_with_search();
    site.build().ok();
    let search = site.read("dist/find/index.html");
    let start = search
        .find("<script type=\"application/json\" id=\"beian-strings\">")
        .expect("the strings element")
        + "<script type=\"application/json\" id=\"beian-strings\">".len();
    let json = &search[start..start + search[start..].find("</script>").unwrap()];
    let strings: serde_json::Value = serde_json::from_str(json).unwrap();
    let groups: Vec<&String> = strings.as_object().unwrap().keys().collect();
    assert_eq!(groups, ["search"]);
    assert_eq!(
        strings["search"]["matches"]["other"],
        "{count} pages match “{query}”."
    );
    // Other pages carry none.
    assert!(
        !site
            .read("dist/guide/steps/index.html")
            .contains("beian-strings")
    );
}

#[test]
fn the_site_s_mark_and_favicon_replace_the_theme_s() {
    let site = Site::fixture_with_search();
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(
        page.contains("<link rel=\"icon\" href=\"../../favicon.svg\" type=\"image/svg+xml\">"),
        "{page}"
    );
    assert!(!page.contains("site-logo"), "{page}");
    // The default theme's own mark says nothing of any one guide.
    assert!(!site.read("dist/favicon.svg").contains("<text"));

    site.write(
        "content/img/mark.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "site.yaml",
        "title: \"Test site\"\nsearch: find\nlogo: img/mark.svg\nfavicon: img/mark.svg\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(
        page.contains("<link rel=\"icon\" href=\"../../img/mark.svg\">"),
        "{page}"
    );
    assert!(
        page.contains("<img class=\"site-logo\" src=\"../../img/mark.svg\" alt=\"\""),
        "{page}"
    );

    site.write("site.yaml", "title: \"Test site\"\nlogo: nope.svg\n");
    site.beian(&["check"])
        .fails_with(1)
        .says("site.yaml:2:7: error: `logo`: content/nope.svg does not exist");
}

#[test]
fn the_default_theme_s_chinese_table_has_every_english_key() {
    let site = Site::fixture_with_search();
    // A table of its own makes the site a zh-CN site for the check.
    site.write("i18n/zh-CN.yaml", "");
    let run = site.beian(&["check"]);
    run.ok();
    assert!(!run.stderr.contains("no text in `zh-CN`"), "{}", run.stderr);
}

#[test]
fn markdown_s_labels_come_from_the_page_s_language() {
    let site = Site::fixture_with_search();
    site.write(
        "content/guide/steps.md",
        "---\ntitle: \"Steps\"\n---\n## Upload\n\n- [ ] upload[^1]\n\n[^1]: A note.\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(page.contains("disabled aria-label=\"To do\">"), "{page}");
    assert!(
        page.contains("class=\"footnote-back\" aria-label=\"Back to the text\""),
        "{page}"
    );
    site.write("site.yaml", "title: \"测试\"\nlanguage: zh-CN\n");
    site.build().ok();
    let page = site.read("dist/guide/steps/index.html");
    assert!(page.contains("disabled aria-label=\"待办\">"), "{page}");
    assert!(
        page.contains("<section class=\"footnotes\" aria-label=\"脚注\">"),
        "{page}"
    );
    assert!(!page.contains('\u{E000}'));
}

#[test]
fn a_page_in_another_language_gets_that_language_s_strings() {
    let site = Site::fixture_with_search();
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"简介\"\nlanguage: zh-CN\n---\n- [ ] 准备材料\n",
    );
    site.build().ok();
    let page = site.read("dist/guide/intro/index.html");
    assert!(page.contains(">跳到正文</a>"), "{page}");
    assert!(page.contains("disabled aria-label=\"待办\">"), "{page}");
    assert!(
        site.read("dist/guide/steps/index.html")
            .contains(">Skip to content</a>")
    );

    // A page in a language no table has: its words show in the site's,
    // and check says how many.
    site.write(
        "content/guide/intro.md",
        "---\ntitle: \"Inleiding\"\nlanguage: nl\n---\nGoedendag.\n",
    );
    site.beian(&["check"])
        .ok()
        .says("interface strings have no text in `nl`");
}
