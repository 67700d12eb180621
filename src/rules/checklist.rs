//! A province's checklist for a set of answers: the items whose condition
//! holds, and those that depend on answers not given yet, with what they
//! depend on spelled out. Pages and `beian checklist` both call this, so
//! they cannot disagree.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::rules::condition::{Answers, Truth};
use crate::rules::model::{Item, Province, Rules};

pub struct Entry<'a> {
    pub item: &'a Item,
    /// For an item that depends on answers not given: on which, in words.
    pub only_if: Option<String>,
}

pub fn assemble<'a>(
    rules: &'a Rules,
    province: Option<&Province>,
    answers: &Answers,
) -> Vec<Entry<'a>> {
    rules
        .items
        .iter()
        .filter_map(|item| match item.when.eval(answers, province) {
            Truth::True => Some(Entry {
                item,
                only_if: None,
            }),
            Truth::Unknown => Some(Entry {
                item,
                only_if: Some(item.when.explain(rules, answers, province)),
            }),
            Truth::False => None,
        })
        .collect()
}

/// The answers of a province's checklist page for one applicant type.
pub fn page_answers(rules: &Rules, province: &Province, applicant: &str) -> Answers {
    let mut answers = Answers::new();
    answers.insert(rules.applicant, applicant.to_string());
    answers.insert(rules.province_question, province.slug.clone());
    answers
}

/// The checklist as data: what `beian checklist --format json` prints and
/// what the checklist page shows.
#[derive(Serialize)]
pub struct Report<'a> {
    pub province: ProvinceRef<'a>,
    pub applicant: Choice<'a>,
    /// Every answer given, question id → option value.
    pub answers: BTreeMap<&'a str, &'a str>,
    pub rules: RulesRef<'a>,
    pub items: Vec<ItemReport<'a>>,
}

#[derive(Serialize)]
pub struct ProvinceRef<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_zh: &'a str,
}

#[derive(Serialize)]
pub struct Choice<'a> {
    pub question: &'a str,
    pub value: &'a str,
    pub label: &'a str,
}

#[derive(Serialize)]
pub struct RulesRef<'a> {
    pub version: &'a str,
    pub updated: String,
}

#[derive(Serialize)]
pub struct ItemReport<'a> {
    pub id: &'a str,
    pub stage: &'a str,
    pub stage_title: &'a str,
    pub title: &'a str,
    pub only_if: Option<String>,
    /// Markdown.
    pub body: &'a str,
    pub documents: &'a [String],
    pub facts: Vec<FactReport<'a>>,
    pub sources: Vec<SourceReport<'a>>,
}

#[derive(Serialize)]
pub struct FactReport<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub value: String,
    /// Markdown.
    pub text: &'a str,
    pub confidence: &'a str,
    pub verified: String,
}

#[derive(Serialize)]
pub struct SourceReport<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: Option<&'a str>,
}

pub fn report<'a>(rules: &'a Rules, province: &'a Province, answers: &'a Answers) -> Report<'a> {
    let applicant_q = &rules.questions[rules.applicant];
    let value = answers.get(&rules.applicant).map_or("", String::as_str);
    let label = applicant_q
        .option(value)
        .map_or(value, |o| o.label.as_str());
    Report {
        province: ProvinceRef {
            slug: &province.slug,
            name_en: &province.name_en,
            name_zh: &province.name_zh,
        },
        applicant: Choice {
            question: &applicant_q.id,
            value,
            label,
        },
        answers: answers
            .iter()
            .map(|(q, v)| (rules.questions[*q].id.as_str(), v.as_str()))
            .collect(),
        rules: RulesRef {
            version: &rules.version,
            updated: rules.updated.to_string(),
        },
        items: assemble(rules, Some(province), answers)
            .into_iter()
            .map(|e| item_report(rules, province, e))
            .collect(),
    }
}

fn item_report<'a>(rules: &'a Rules, province: &'a Province, e: Entry<'a>) -> ItemReport<'a> {
    let stage = &rules.stages[e.item.stage];
    ItemReport {
        id: &e.item.id,
        stage: &stage.id,
        stage_title: &stage.title,
        title: &e.item.title,
        only_if: e.only_if,
        body: &e.item.body,
        documents: &e.item.documents,
        facts: e
            .item
            .facts
            .iter()
            .filter_map(|&f| {
                province.current(f).map(|s| FactReport {
                    id: &rules.facts[f].id,
                    label: &rules.facts[f].label,
                    value: s.value.to_string(),
                    text: &s.text,
                    confidence: &rules.confidence[s.confidence].label,
                    verified: s.verified.to_string(),
                })
            })
            .collect(),
        sources: e
            .item
            .sources
            .iter()
            .map(|&s| SourceReport {
                id: &rules.sources[s].id,
                title: &rules.sources[s].title,
                url: rules.sources[s].url.as_deref(),
            })
            .collect(),
    }
}
