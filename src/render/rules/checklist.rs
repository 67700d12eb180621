//! A checklist page: a region's (or the site's, without regions), for every
//! applicant type or for one.

use serde::Serialize;

use super::{
    ConfidenceView, Markdown, RegionRef, RulesIndex, SourceView, ValueView, Words, confidence,
    region_ref, sources, value,
};
use crate::plan::Plan;
use crate::rules::checklist;
use crate::rules::model::{Region, Rules};

#[derive(Serialize)]
pub struct ItemFactView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub value: ValueView<'a>,
    /// HTML.
    pub text: Option<String>,
    pub confidence: ConfidenceView<'a>,
    pub verified: String,
    pub sources: Vec<SourceView<'a>>,
}

/// What `region` states now on fact `f`, as an item shows it; `None`
/// when it states nothing.
pub fn fact_view<'a>(
    rules: &'a Rules,
    region: &'a Region,
    f: usize,
    md: &mut Markdown,
    words: &Words,
) -> Option<ItemFactView<'a>> {
    let s = region.current(f)?;
    Some(ItemFactView {
        id: &rules.facts[f].id,
        label: &rules.facts[f].label,
        value: value(&rules.facts[f], &s.value, words),
        text: s
            .text
            .as_ref()
            .map(|t| md.html(t, &region.file, s.text_line)),
        confidence: confidence(rules, s.confidence),
        verified: s.verified.to_string(),
        sources: sources(rules, &s.sources),
    })
}

#[derive(Serialize)]
pub struct ItemView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// HTML.
    pub body: String,
    pub documents: &'a [String],
    pub only_if: Option<String>,
    pub facts: Vec<ItemFactView<'a>>,
    pub sources: Vec<SourceView<'a>>,
    /// The glossary terms it mentions, each with its name in the regions'
    /// own language: the word on the forms.
    pub terms: Vec<super::glossary::TermView<'a>>,
}

#[derive(Serialize)]
pub struct StageView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub items: Vec<ItemView<'a>>,
}

#[derive(Serialize)]
pub struct VariantView<'a> {
    /// The applicant option's value, also the element id to switch to;
    /// empty for a site without applicant types.
    pub value: &'a str,
    pub label: &'a str,
    pub href: String,
    pub current: bool,
    pub item_count: usize,
    pub stages: Vec<StageView<'a>>,
}

#[derive(Serialize)]
pub struct VariantLink<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct ChecklistView<'a> {
    /// The region, when the site has regions.
    pub region: Option<RegionRef<'a>>,
    /// The applicant types shown on this page: all of them on the
    /// checklist page, one on a per-applicant page, one unnamed variant for
    /// a site without applicant types.
    pub variants: Vec<VariantView<'a>>,
    /// Links to every applicant type's own page.
    pub switch: Vec<VariantLink<'a>>,
    pub all_href: String,
    pub single: bool,
    /// The question the applicant types answer, when there is one.
    pub applicant_question: Option<&'a str>,
}

pub fn view<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    region: Option<usize>,
    only: Option<usize>,
    md: &mut Markdown,
    words: &Words,
) -> ChecklistView<'a> {
    let slot = region.unwrap_or(0);
    let href_of = |ai: usize| {
        ix.checklist_for[slot][ai]
            .map(|e| plan.entries[e].out.href())
            .unwrap_or_default()
    };
    let options = rules.applicant_options();
    let variants: Vec<(Option<usize>, &str, &str)> = if options.is_empty() {
        vec![(None, "", "")]
    } else {
        options
            .iter()
            .enumerate()
            .filter(|(ai, _)| only.is_none_or(|o| o == *ai))
            .map(|(ai, o)| (Some(ai), o.value.as_str(), o.label.as_str()))
            .collect()
    };
    let variants = variants
        .into_iter()
        .map(|(ai, value, label)| VariantView {
            value,
            label,
            href: ai.map(href_of).unwrap_or_default(),
            current: ai.is_some() && only == ai,
            item_count: 0,
            stages: Vec::new(),
        })
        .map(|mut v| {
            let stages = stages(
                rules,
                region,
                (!v.value.is_empty()).then_some(v.value),
                md,
                words,
            );
            v.item_count = stages.iter().map(|s| s.items.len()).sum();
            v.stages = stages;
            v
        })
        .collect();
    ChecklistView {
        region: region.map(|ri| region_ref(plan, rules, ix, ri)),
        variants,
        switch: options
            .iter()
            .enumerate()
            .map(|(ai, o)| VariantLink {
                value: &o.value,
                label: &o.label,
                href: href_of(ai),
                current: only == Some(ai),
            })
            .collect(),
        all_href: plan.entries[ix.checklist[slot]].out.href(),
        single: only.is_some(),
        applicant_question: rules.applicant.map(|q| rules.questions[q].text.as_str()),
    }
}

/// The items for one applicant type, by stage (only stages with items).
fn stages<'a>(
    rules: &'a Rules,
    region: Option<usize>,
    applicant: Option<&str>,
    md: &mut Markdown,
    words: &Words,
) -> Vec<StageView<'a>> {
    let r = region.map(|ri| &rules.regions[ri]);
    let answers = checklist::page_answers(rules, r, applicant);
    let mut stages: Vec<StageView> = Vec::new();
    for e in checklist::assemble(rules, r, &answers, &words.explain) {
        let stage = &rules.stages[e.item.stage];
        if stages.last().is_none_or(|s| s.id != stage.id) {
            stages.push(StageView {
                id: &stage.id,
                title: &stage.title,
                description: stage.description.as_deref(),
                items: Vec::new(),
            });
        }
        let item = e.item;
        let facts = item
            .facts
            .iter()
            .filter_map(|&f| fact_view(rules, r?, f, md, words))
            .collect();
        let view = ItemView {
            id: &item.id,
            title: &item.title,
            body: md.html(&item.body, &item.file, item.body_line),
            documents: &item.documents,
            only_if: e.only_if,
            facts,
            sources: sources(rules, &item.sources),
            terms: crate::rules::checklist::item_terms(rules, item),
        };
        if let Some(last) = stages.last_mut() {
            last.items.push(view);
        }
    }
    stages
}
