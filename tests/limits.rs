//! Input that grows without bound, or takes a name the theme already uses:
//! dates in the future, templates that never end, sections with thousands
//! of pages, headings named like the theme's own elements.

mod common;

use common::Site;

#[test]
fn dates_in_the_future_are_errors_at_their_key() {
    let site = Site::fixture("rules");
    let alpha = site.read("rules/provinces/alpha.yaml");
    // The icp_prefix's date (line 2) and the letter's statement (line 30).
    let alpha = alpha
        .replacen("verified: 2026-01-02 }", "verified: 2999-01-02 }", 1)
        .replace(
            "      sources: [S2]\n      verified: 2026-01-02",
            "      sources: [S2]\n      verified: 2999-03-04",
        );
    site.write("rules/provinces/alpha.yaml", &alpha);
    let rules = site.read("rules/rules.yaml");
    site.write(
        "rules/rules.yaml",
        &rules.replace("updated: 2026-01-02", "updated: 2999-05-06"),
    );
    site.write(
        "content/guide/steps.md",
        &site
            .read("content/guide/steps.md")
            .replacen("---\n", "---\nchecked: 2999-07-08\n", 1),
    );
    let run = site.beian(&["check"]);
    run.fails_with(1)
        .says("rules/provinces/alpha.yaml:2:")
        .says("`verified` is 2999-01-02, a date in the future")
        .says("rules/provinces/alpha.yaml:30:")
        .says("`verified` is 2999-03-04")
        .says("rules/rules.yaml:2:")
        .says("`updated` is 2999-05-06")
        .says("content/guide/steps.md:2:")
        .says("`checked` is 2999-07-08");
}

#[test]
fn a_component_that_calls_itself_is_an_error_at_the_call() {
    let site = Site::fixture("minimal");
    let page = site.read("themes/default/templates/page.html");
    // Three calls at each of 19 levels: a billion renders if let run, in a
    // section page whose `super()` gathers it all before writing.
    site.write(
        "themes/default/templates/page.html",
        &page.replace(
            "{% block main %}\n",
            "{% component fan(n) %}x{% if n < 19 %}{{ <fan n={n+1}/> }}{{ <fan n={n+1}/> }}{{ <fan n={n+1}/> }}{% endif %}{% endcomponent fan %}\n{% block main %}\n{{ <fan n={0}/> }}\n",
        ),
    );
    site.build()
        .fails_with(1)
        .says("themes/default/templates/page.html:3:42: error: the component `fan` calls itself");
}
