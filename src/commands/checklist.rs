//! `beian checklist`: a checklist on stdout, as the page shows
//! it, for one applicant type and any further answers.

use std::fmt::Write as _;
use std::path::Path;

use super::{Exit, report};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load;
use crate::parse::plain;
use crate::render::rules::Words;
use crate::render::strings::Strings;
use crate::rules::checklist::{self, Report};
use crate::rules::model::Rules;
use crate::rules::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

pub struct Args {
    pub region: Option<String>,
    pub applicant: Option<String>,
    pub answers: Vec<String>,
    pub format: Format,
    /// One of the site's languages; the default one without it.
    pub lang: Option<String>,
}

/// Loads and validates `rules/` (and site.yaml, for the site's
/// languages), with its texts in `lang` (one of the site's languages; the
/// default without it): no content or theme needed.
pub fn load_rules(root: &Path, lang: Option<&str>) -> Result<Rules, Exit> {
    let config = match load::load_config(root) {
        Ok(c) => c,
        Err(problems) => {
            report(Diagnostics::from(problems));
            return Err(Exit::Content);
        }
    };
    let reading = site_language(&config, lang)?;
    let mut problems = Vec::new();
    let Some(files) = load::load_rules(root, &mut problems) else {
        if problems.is_empty() {
            problems.push(
                Diagnostic::error(format!(
                    "no rules/ folder in {}",
                    if root == Path::new(".") {
                        "the current folder".to_string()
                    } else {
                        root.display().to_string()
                    }
                ))
                .with_help("run beian in the folder holding rules/, or pass --root DIR"),
            );
        }
        report(Diagnostics::from(problems));
        return Err(Exit::Content);
    };
    match validate::validate_in(&files, &config.language, &reading) {
        Ok(rules) if problems.is_empty() => Ok(rules),
        Ok(_) => {
            report(Diagnostics::from(problems));
            Err(Exit::Content)
        }
        Err(more) => {
            problems.extend(more);
            report(Diagnostics::from(problems));
            Err(Exit::Content)
        }
    }
}

/// `lang` as the site lists it (matched without regard to case), or the
/// default language; a language the site does not list is a usage error.
fn site_language(config: &crate::config::SiteConfig, lang: Option<&str>) -> Result<String, Exit> {
    let Some(lang) = lang else {
        return Ok(config.language.clone());
    };
    match config
        .languages
        .iter()
        .find(|l| l.eq_ignore_ascii_case(lang))
    {
        Some(l) => Ok(l.clone()),
        None => {
            eprintln!(
                "{}",
                one_of(
                    "language",
                    lang,
                    config.languages.iter().map(String::as_str)
                )
            );
            Err(Exit::Usage)
        }
    }
}

fn one_of<'a>(what: &str, given: &str, valid: impl Iterator<Item = &'a str>) -> String {
    let valid: Vec<&str> = valid.collect();
    format!(
        "error: unknown {what} `{given}`\n  = help: valid values: {}",
        valid.join(", ")
    )
}

/// `flag`'s value, checked against what the site has: required when it
/// has any, refused when it has none.
fn choose<'a>(
    flag: &str,
    given: Option<&str>,
    valid: &[&'a str],
) -> Result<Option<&'a str>, String> {
    match (given, valid.is_empty()) {
        (None, true) => Ok(None),
        (Some(g), true) => Err(format!(
            "error: this site's checklists do not depend on {flag} (given `{g}`)\n  = help: leave out --{flag}"
        )),
        (None, false) => Err(format!(
            "error: this site's checklists depend on --{flag}\n  = help: give one of: {}",
            valid.join(", ")
        )),
        (Some(g), false) => valid
            .iter()
            .find(|v| **v == g)
            .map(|v| Some(*v))
            .ok_or_else(|| one_of(flag, g, valid.iter().copied())),
    }
}

pub fn run(root: &Path, args: Args) -> Exit {
    let rules = match load_rules(root, args.lang.as_deref()) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let slugs: Vec<&str> = rules.regions.iter().map(|r| r.slug.as_str()).collect();
    let types: Vec<&str> = rules
        .applicant_options()
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    let (region, applicant) = match (
        choose("region", args.region.as_deref(), &slugs),
        choose("applicant", args.applicant.as_deref(), &types),
    ) {
        (Ok(r), Ok(a)) => (r, a),
        (Err(m), _) | (_, Err(m)) => {
            eprintln!("{m}");
            return Exit::Usage;
        }
    };
    let region = region.and_then(|s| rules.regions.iter().find(|r| r.slug == s));
    let mut answers = checklist::page_answers(&rules, region, applicant);
    let fixed = |qi: usize| {
        if Some(qi) == rules.applicant {
            Some("is set by --applicant")
        } else if Some(qi) == rules.region_question {
            Some("is set by --region")
        } else {
            None
        }
    };
    if let Err(message) = super::answers::parse(&rules, &args.answers, &mut answers, &fixed) {
        eprintln!("{message}");
        return Exit::Usage;
    }
    let (strings, _) = match strings(root) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let lang = rules.language.clone();
    let words = match Words::new(&strings, &lang) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Content;
        }
    };
    // The printed checklist's own words, checked before anything prints.
    if args.format != Format::Json {
        // The terms' line only where some item names terms: older themes
        // lack its words, and most sites need none.
        let terms_keys = rules
            .items
            .iter()
            .any(|i| !i.terms.is_empty())
            .then_some(["checklist.terms", "checklist.terms_sep"]);
        let missing: Vec<&str> = PRINT_KEYS
            .iter()
            .copied()
            .chain(terms_keys.into_iter().flatten())
            .filter(|k| strings.text(&lang, k, None).is_err())
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "error: the theme's strings lack what a printed checklist says: {}\n  = help: add them to the theme's i18n/{lang}.yaml or the site's (themes/default/i18n/en.yaml has them all)",
                missing.join(", ")
            );
            return Exit::Content;
        }
    }
    let report = checklist::report(&rules, region, &answers, &words.explain);
    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => one_blank_line(&text(&report, &words)),
        Format::Markdown => one_blank_line(&markdown(&report, &words)),
    };
    super::print_out(&out);
    Exit::Ok
}

/// "On the forms: Business licence 营业执照; …".
fn terms_line(terms: &[checklist::TermReport], w: &Words) -> String {
    let names: Vec<String> = terms
        .iter()
        .map(|t| match t.native_name {
            Some(n) => format!("{} {n}", t.name),
            None => t.name.to_string(),
        })
        .collect();
    format!(
        "{} {}",
        w.say("checklist.terms", None, &[]),
        names.join(&w.say("checklist.terms_sep", None, &[]))
    )
}

/// The strings a printed checklist says.
const PRINT_KEYS: [&str; 10] = [
    "checklist.title_region",
    "checklist.print_header",
    "checklist.applicant",
    "checklist.rules_version",
    "checklist.only_if",
    "checklist.have_ready",
    "checklist.fact_line",
    "checklist.source",
    "checklist.sources",
    "statement.checked",
];

/// The site's interface strings (its theme's, then its own), for the
/// printed checklist's words.
fn strings(root: &Path) -> Result<(Strings, String), Exit> {
    let config = load::load_config(root).map_err(|p| {
        report(Diagnostics::from(p));
        Exit::Content
    })?;
    let shown = load::files::display_root(root);
    let mut problems = Vec::new();
    let theme_dir = Path::new(load::THEMES_DIR)
        .join(&config.theme)
        .join(load::STRINGS_DIR);
    let theme = load::load_strings(root, &theme_dir, &mut problems);
    let site = load::load_strings(root, Path::new(load::STRINGS_DIR), &mut problems);
    let (strings, more) = Strings::build(
        &theme,
        &site,
        &config.language,
        &shown.join(load::STRINGS_DIR),
    );
    problems.extend(more);
    let errors: Vec<Diagnostic> = problems.into_iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        report(Diagnostics::from(errors));
        return Err(Exit::Content);
    }
    Ok((strings, config.language))
}

/// At most one blank line anywhere, and one line end at the end.
fn one_blank_line(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.trim().lines() {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(if is_blank { "" } else { line });
            out.push('\n');
        }
        blank = is_blank;
    }
    out
}

fn indent(text: &str, by: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn title(r: &Report, w: &Words) -> String {
    match &r.region {
        Some(reg) => {
            let title = w.say("checklist.title_region", None, &[("region", reg.name)]);
            match reg.native_name {
                Some(native) => format!("{title} ({native})"),
                None => title,
            }
        }
        None => w.say("checklist.print_header", None, &[]),
    }
}

fn rules_line(r: &Report, w: &Words) -> String {
    w.say(
        "checklist.rules_version",
        None,
        &[("version", r.rules.version), ("date", &r.rules.updated)],
    )
}

fn text(r: &Report, w: &Words) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", title(r, w));
    if let Some(a) = &r.applicant {
        let _ = writeln!(
            s,
            "{}",
            w.say("checklist.applicant", None, &[("applicant", a.label)])
        );
    }
    let _ = writeln!(s, "{}", rules_line(r, w));
    let mut stage = "";
    for item in &r.items {
        if item.stage != stage {
            stage = item.stage;
            let _ = write!(s, "\n== {} ==\n", item.stage_title);
        }
        let _ = writeln!(s, "\n[ ] {}  ({})", item.title, item.id);
        if let Some(only) = &item.only_if {
            let _ = writeln!(
                s,
                "    {}",
                w.say("checklist.only_if", None, &[("condition", only)])
            );
        }
        let _ = writeln!(s, "{}", indent(&plain::to_text(item.body), "    "));
        if !item.terms.is_empty() {
            let _ = writeln!(s, "    {}", terms_line(&item.terms, w));
        }
        if !item.documents.is_empty() {
            let _ = writeln!(s, "    {}", w.say("checklist.have_ready", None, &[]));
            for d in item.documents {
                let _ = writeln!(s, "      - {d}");
            }
        }
        for f in &item.facts {
            let region = r.region.as_ref().map_or("", |reg| reg.name);
            let line = w.say(
                "checklist.fact_line",
                None,
                &[
                    ("region", region),
                    ("fact", f.label),
                    ("confidence", f.confidence),
                    ("date", &f.verified),
                ],
            );
            let _ = writeln!(s, "    {line}");
            let _ = writeln!(
                s,
                "{}",
                indent(&plain::to_text(f.text.unwrap_or_default()), "      ")
            );
        }
        for src in &item.sources {
            let title = format!(
                "{}{}",
                src.title,
                src.url.map(|u| format!(" <{u}>")).unwrap_or_default()
            );
            let _ = writeln!(
                s,
                "    {}",
                w.say(
                    "checklist.source",
                    None,
                    &[("id", src.id), ("title", &title)]
                )
            );
        }
    }
    s
}

fn markdown(r: &Report, w: &Words) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", title(r, w));
    let applicant = r
        .applicant
        .as_ref()
        .map(|a| w.say("checklist.applicant", None, &[("applicant", a.label)]) + " · ")
        .unwrap_or_default();
    let _ = writeln!(s, "{applicant}{}", rules_line(r, w));
    let mut stage = "";
    for item in &r.items {
        if item.stage != stage {
            stage = item.stage;
            let _ = write!(s, "\n## {}\n", item.stage_title);
        }
        let _ = writeln!(s, "\n- [ ] **{}**\n", item.title);
        if let Some(only) = &item.only_if {
            let _ = writeln!(
                s,
                "  *{}*\n",
                w.say("checklist.only_if", None, &[("condition", only)])
            );
        }
        let _ = writeln!(
            s,
            "{}\n",
            indent(&plain::without_site_links(item.body), "  ")
        );
        if !item.terms.is_empty() {
            let _ = writeln!(s, "  {}\n", terms_line(&item.terms, w));
        }
        if !item.documents.is_empty() {
            let _ = writeln!(s, "  {}\n", w.say("checklist.have_ready", None, &[]));
            for d in item.documents {
                let _ = writeln!(s, "  - {d}");
            }
            s.push('\n');
        }
        for f in &item.facts {
            let _ = writeln!(
                s,
                "  > **{}** ({}, {}): {}\n",
                f.label,
                f.confidence,
                w.say("statement.checked", None, &[("date", &f.verified)]),
                plain::without_site_links(f.text.unwrap_or_default().trim()).replace('\n', " ")
            );
        }
        if !item.sources.is_empty() {
            let list: Vec<String> = item
                .sources
                .iter()
                .map(|src| match src.url {
                    Some(u) => format!("[{}]({u})", src.title),
                    None => src.title.to_string(),
                })
                .collect();
            let _ = writeln!(
                s,
                "  {}\n",
                w.say("checklist.sources", None, &[("list", &list.join("; "))])
            );
        }
    }
    s
}
