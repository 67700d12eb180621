//! Template data for the pages made from `rules/`: one module per kind of
//! page (the regions table and a region's page, a checklist, the quiz and
//! its data). Markdown inside the rules is rendered here, per page, so its
//! links are relative to that page. Values are data (a fact's value, its
//! unit's forms); templates word them through the theme's strings.

pub mod checklist;
pub mod directives;
pub mod glossary;
pub mod other_names;
pub mod quiz;
pub mod quiz_data;
pub mod regions;
pub mod remembered;
pub mod words;

pub use remembered::Remembered;
pub use words::Words;

use std::path::Path;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::parse::markdown;
use crate::plan::links::PageLinks;
use crate::plan::{Kind, Plan};
use crate::rules::model::{Fact, Region, Rules, Scalar, Statement, Unit};

/// Where each rules page is in the plan.
pub struct RulesIndex {
    /// By region index: its page, its all-applicants checklist, and its
    /// checklist for each applicant option. Without regions, one "region"
    /// (index 0) holds the site's checklist pages.
    pub region: Vec<usize>,
    pub checklist: Vec<usize>,
    pub checklist_for: Vec<Vec<Option<usize>>>,
}

impl RulesIndex {
    /// The rules pages of language `lang` (by index).
    pub fn new(plan: &Plan, rules: &Rules, lang: usize) -> RulesIndex {
        let n = rules.regions.len().max(1);
        let options = rules.applicant_options().len();
        let mut ix = RulesIndex {
            region: vec![0; n],
            checklist: vec![0; n],
            checklist_for: vec![vec![None; options]; n],
        };
        // The default language's pages first: a language whose rules
        // section is not translated links to them, not to nowhere.
        let own = |e: &&crate::plan::Entry| e.page.lang == lang;
        let default = |e: &&crate::plan::Entry| e.page.lang == 0 && lang != 0;
        let entries = plan.entries.iter().enumerate();
        for (i, e) in entries
            .clone()
            .filter(|(_, e)| default(e))
            .chain(entries.filter(|(_, e)| own(e)))
        {
            match e.kind {
                Kind::Region(r) => ix.region[r] = i,
                Kind::Checklist {
                    region,
                    applicant: None,
                } => ix.checklist[region.unwrap_or(0)] = i,
                Kind::Checklist {
                    region,
                    applicant: Some(a),
                } => ix.checklist_for[region.unwrap_or(0)][a] = Some(i),
                _ => {}
            }
        }
        ix
    }
}

/// Renders the markdown of rules for one page, keeping its problems.
pub struct Markdown<'a> {
    pub plan: &'a Plan,
    pub markdown: &'a [markdown::Rendered],
    pub from: usize,
    pub problems: Vec<Diagnostic>,
    pub has_code: bool,
    /// The rules files' texts ([`Rules::texts`]), when the site has rules.
    pub texts: Option<&'a std::collections::HashMap<std::path::PathBuf, String>>,
    /// The texts shown in the default language on a page in another (see
    /// [`Rules::fallback`]), and that language's tag.
    pub fallback: Option<(&'a std::collections::HashSet<String>, &'a String)>,
    /// What this build has rendered of the rules' markdown already.
    pub remembered: &'a Remembered,
}

impl Markdown<'_> {
    pub fn html(&mut self, text: &str, file: &Path, first_line: usize) -> String {
        let found_before = self.problems.len();
        // Text not translated is in the default language: its links mean
        // that language's pages, and it says so, for screen readers'
        // voices, hyphenation and search.
        let fallback = self
            .fallback
            .filter(|(texts, _)| texts.contains(text))
            .map(|(_, lang)| lang);
        let mut html = self.render(text, file, first_line, fallback.is_some());
        if let Some(lang) = fallback {
            html = format!("<div lang=\"{}\">{html}</div>", markdown::escape(lang));
        }
        // Markdown found its problems in the decoded value; point them at
        // the YAML as written, where an editor will look.
        if let Some(file_text) = self.texts.and_then(|t| t.get(file)) {
            for d in &mut self.problems[found_before..] {
                let Some(loc) = d.location.as_ref().filter(|l| l.path == file) else {
                    continue;
                };
                if let Some((line, col)) =
                    crate::rules::locate::in_yaml(file_text, first_line, text, loc.line, loc.col)
                {
                    *d = d.clone().at(file, file_text, line, col);
                }
            }
        }
        html
    }

    fn render(&mut self, text: &str, file: &Path, first_line: usize, default: bool) -> String {
        let r = self.remembered.render(
            text,
            file,
            first_line,
            &PageLinks {
                plan: self.plan,
                from: self.from,
                lang: default.then_some(0),
            },
        );
        self.has_code |= r.has_code;
        self.problems.extend(r.problems.iter().cloned());
        for a in &r.anchor_refs {
            let target_md = if a.target == self.from {
                &r
            } else {
                &self.markdown[a.target]
            };
            if !target_md.anchors.contains(&a.anchor) {
                self.problems.push(crate::plan::links::missing_anchor(
                    &self.plan.entries[self.from],
                    &self.plan.entries[a.target],
                    target_md,
                    a,
                ));
            }
        }
        r.html
    }
}

#[derive(Serialize)]
pub struct ConfidenceView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub description: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<&'a str>,
}

#[derive(Serialize)]
pub struct RulesView<'a> {
    pub version: &'a str,
    pub updated: String,
    pub confidence: Vec<ConfidenceView<'a>>,
    /// The word for a region in the site's language, when it has regions:
    /// `{one, other, heading_one, heading_other}`.
    pub region_term: Option<TermView<'a>>,
    /// The word for a region's other names in the site's language, when
    /// the rules give one: the same forms.
    pub other_names_term: Option<TermView<'a>>,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub one: &'a str,
    pub other: &'a str,
    pub heading_one: &'a str,
    pub heading_other: &'a str,
}

pub fn confidence(rules: &Rules, i: usize) -> ConfidenceView<'_> {
    let c = &rules.confidence[i];
    ConfidenceView {
        id: &c.id,
        label: &c.label,
        description: c.description.as_deref(),
    }
}

pub fn sources<'a>(rules: &'a Rules, ids: &[usize]) -> Vec<SourceView<'a>> {
    ids.iter()
        .map(|&i| {
            let s = &rules.sources[i];
            SourceView {
                id: &s.id,
                title: &s.title,
                url: s.url.as_deref(),
                date: s.date.as_deref(),
            }
        })
        .collect()
}

pub fn rules_view(rules: &Rules) -> RulesView<'_> {
    let lang = &rules.language;
    RulesView {
        version: &rules.version,
        updated: rules.updated.to_string(),
        confidence: (0..rules.confidence.len())
            .map(|i| confidence(rules, i))
            .collect(),
        region_term: rules
            .region_set
            .as_ref()
            .and_then(|s| {
                s.term
                    .get(lang.as_str())
                    .or_else(|| s.term.get(&rules.default_language))
            })
            .map(term_view),
        other_names_term: rules
            .region_set
            .as_ref()
            .and_then(|s| {
                s.other_names
                    .get(lang.as_str())
                    .or_else(|| s.other_names.get(&rules.default_language))
            })
            .map(term_view),
    }
}

fn term_view(t: &crate::rules::model::Term) -> TermView<'_> {
    TermView {
        one: &t.one,
        other: &t.other,
        heading_one: t.heading_one.as_deref().unwrap_or(&t.one),
        heading_other: t.heading_other.as_deref().unwrap_or(&t.other),
    }
}

/// A fact's value as data, for the theme to word: `kind` is `bool`,
/// `number` or `text`; a number comes with its unit's forms, a text with
/// its language when it is not the page's, and any value with the fact's
/// `display` pattern (`{value}` marks where the value goes).
#[derive(Serialize)]
pub struct ValueView<'a> {
    pub kind: &'static str,
    pub value: &'a Scalar,
    /// A number or text as shown (empty for a bool, which templates word).
    pub text: String,
    pub unit: Option<&'a Unit>,
    /// The unit's form for this number, chosen by the language's plural
    /// rules.
    pub unit_text: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub display: Option<&'a str>,
}

pub fn value<'a>(fact: &'a Fact, v: &'a Scalar, words: &Words) -> ValueView<'a> {
    let (kind, unit_text, text) = match v {
        Scalar::Bool(_) => ("bool", None, String::new()),
        Scalar::Number(n) => (
            "number",
            fact.unit.as_ref().map(|u| words.unit_form(*n, u)),
            words.number(*n),
        ),
        Scalar::Text(t) => ("text", None, t.clone()),
    };
    ValueView {
        kind,
        value: v,
        text,
        unit: fact.unit.as_ref(),
        unit_text,
        lang: fact.value_language.as_deref(),
        display: fact.display.as_deref(),
    }
}

#[derive(Serialize)]
pub struct StatementView<'a> {
    pub value: ValueView<'a>,
    /// HTML, when the statement explains itself.
    pub text: Option<String>,
    pub confidence: ConfidenceView<'a>,
    pub sources: Vec<SourceView<'a>>,
    pub verified: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub dates_confidence: Option<ConfidenceView<'a>>,
}

pub fn statement<'a>(
    rules: &'a Rules,
    fact: usize,
    region: &Region,
    s: &'a Statement,
    md: &mut Markdown,
    words: &Words,
) -> StatementView<'a> {
    StatementView {
        value: value(&rules.facts[fact], &s.value, words),
        text: s
            .text
            .as_ref()
            .map(|t| md.html(t, &region.file, s.text_line)),
        confidence: confidence(rules, s.confidence),
        sources: sources(rules, &s.sources),
        verified: s.verified.to_string(),
        since: s.since.map(|d| d.to_string()),
        until: s.until.map(|d| d.to_string()),
        dates_confidence: s.dates_confidence.map(|c| confidence(rules, c)),
    }
}

/// A region as other pages refer to it.
#[derive(Serialize)]
pub struct RegionRef<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// Its name in the regions' own language, when the rules name one and
    /// it is not the page's.
    pub native_name: Option<&'a str>,
    pub native_language: Option<&'a str>,
    pub href: String,
    pub checklist_href: String,
}

pub fn region_ref<'a>(plan: &Plan, rules: &'a Rules, ix: &RulesIndex, ri: usize) -> RegionRef<'a> {
    let r = &rules.regions[ri];
    let lang = &rules.language;
    RegionRef {
        slug: &r.slug,
        name: r.name.get(lang, &rules.default_language),
        native_name: crate::rules::checklist::native_name(rules, r),
        native_language: rules
            .region_set
            .as_ref()
            .and_then(|s| s.native_language.as_deref()),
        href: plan.entries[ix.region[ri]].out.href(),
        checklist_href: plan.entries[ix.checklist[ri]].out.href(),
    }
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub label: &'a str,
    pub href: String,
}
