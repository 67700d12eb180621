//! The regions table (the section that lists them) and a region's page.

use serde::Serialize;

use super::{
    ConfidenceView, LinkView, Markdown, RegionRef, RulesIndex, StatementView, ValueView, Words,
    confidence, region_ref, statement, value,
};
use crate::plan::Plan;
use crate::rules::model::{Rules, Scalar};

#[derive(Serialize)]
pub struct RegionRow<'a> {
    #[serde(flatten)]
    pub region: RegionRef<'a>,
    /// The `table` facts, in catalogue order: the current statement's value
    /// and confidence, or `none` where the region states none.
    pub columns: Vec<Option<Cell<'a>>>,
    /// Its `highlight` facts in force (a bool only when true).
    pub highlights: Vec<Highlight<'a>>,
}

#[derive(Serialize)]
pub struct Cell<'a> {
    pub value: ValueView<'a>,
    pub confidence: ConfidenceView<'a>,
}

#[derive(Serialize)]
pub struct Highlight<'a> {
    pub label: &'a str,
    pub value: ValueView<'a>,
    pub confidence: ConfidenceView<'a>,
}

#[derive(Serialize)]
pub struct Column<'a> {
    pub id: &'a str,
    pub label: &'a str,
}

#[derive(Serialize)]
pub struct RegionsView<'a> {
    /// The table's fact columns: `[{id, label}]`.
    pub columns: Vec<Column<'a>>,
    pub rows: Vec<RegionRow<'a>>,
}

/// The table of the section that lists the regions.
pub fn table<'a>(plan: &Plan, rules: &'a Rules, ix: &RulesIndex, words: &Words) -> RegionsView<'a> {
    let table_facts: Vec<usize> = (0..rules.facts.len())
        .filter(|&f| rules.facts[f].table)
        .collect();
    RegionsView {
        columns: table_facts
            .iter()
            .map(|&f| Column {
                id: &rules.facts[f].id,
                label: &rules.facts[f].label,
            })
            .collect(),
        rows: rules
            .regions
            .iter()
            .enumerate()
            .map(|(ri, r)| RegionRow {
                region: region_ref(plan, rules, ix, ri),
                columns: table_facts
                    .iter()
                    .map(|&f| {
                        r.current(f).map(|s| Cell {
                            value: value(&rules.facts[f], &s.value, words),
                            confidence: confidence(rules, s.confidence),
                        })
                    })
                    .collect(),
                highlights: rules
                    .facts
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.highlight)
                    .filter_map(|(fi, f)| {
                        let s = r.current(fi)?;
                        let shown = !matches!(s.value, Scalar::Bool(false));
                        shown.then(|| Highlight {
                            label: &f.label,
                            value: value(f, &s.value, words),
                            confidence: confidence(rules, s.confidence),
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct FactView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub current: Option<StatementView<'a>>,
    /// Earlier statements, newest first.
    pub history: Vec<StatementView<'a>>,
}

/// One of a region's other names: in the site's language, and in the
/// regions' native one when the rules name it and it differs.
#[derive(Serialize)]
pub struct OtherNameView<'a> {
    pub name: &'a str,
    pub native_name: Option<&'a str>,
}

#[derive(Serialize)]
pub struct RegionView<'a> {
    #[serde(flatten)]
    pub region: RegionRef<'a>,
    /// The `summary` facts it states, in catalogue order.
    pub summary: Vec<FactView<'a>>,
    /// The other facts it states, in catalogue order.
    pub facts: Vec<FactView<'a>>,
    /// Labels of the facts it states nothing about.
    pub unstated: Vec<&'a str>,
    /// The other names it is known by (its cities, say), in file order.
    pub other_names: Vec<OtherNameView<'a>>,
    /// One checklist per applicant type (one without a label for a site
    /// without applicant types).
    pub checklists: Vec<LinkView<'a>>,
}

pub fn region<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    ri: usize,
    md: &mut Markdown,
    words: &Words,
) -> RegionView<'a> {
    let r = &rules.regions[ri];
    let (mut summary, mut facts, mut unstated) = (Vec::new(), Vec::new(), Vec::new());
    for (fi, f) in rules.facts.iter().enumerate() {
        let statements = &r.facts[fi];
        if statements.is_empty() {
            unstated.push(f.label.as_str());
            continue;
        }
        let view = FactView {
            id: &f.id,
            label: &f.label,
            current: r.current(fi).map(|s| statement(rules, fi, r, s, md, words)),
            history: statements
                .iter()
                .rev()
                .filter(|s| s.until.is_some())
                .map(|s| statement(rules, fi, r, s, md, words))
                .collect(),
        };
        if f.summary {
            summary.push(view);
        } else {
            facts.push(view);
        }
    }
    RegionView {
        region: region_ref(plan, rules, ix, ri),
        summary,
        facts,
        unstated,
        other_names: other_names(rules, ri),
        checklists: rules
            .applicant_options()
            .iter()
            .enumerate()
            .filter_map(|(ai, o)| {
                ix.checklist_for[ri][ai].map(|e| LinkView {
                    label: &o.label,
                    href: plan.entries[e].out.href(),
                })
            })
            .collect(),
    }
}

/// A region's other names as its page lists them.
fn other_names(rules: &Rules, ri: usize) -> Vec<OtherNameView<'_>> {
    let lang = &rules.language;
    let native = rules.other_native_language();
    rules.regions[ri]
        .other_names
        .iter()
        .map(|n| OtherNameView {
            name: n.name.get(lang, lang),
            native_name: native.and_then(|t| n.name.0.get(t)).map(String::as_str),
        })
        .collect()
}
