//! Sites in several languages: `languages` in site.yaml, translations
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
        "title: \"Boat Guide\"\nlanguage: en\nlanguages: [en, zh-CN, de, nl]\n",
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
    site.beian(&["check"])
        .fails_with(1)
        .says("site.yaml:3:12: error: the default language `fr` (`language`) is not in `languages`");
}
