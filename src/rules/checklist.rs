//! A checklist for a set of answers: the items whose condition holds, and
//! those that depend on answers not given yet, with what they depend on
//! spelled out. Pages and `beian checklist` both call this, so they cannot
//! disagree.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::rules::condition::{Answers, Truth};
use crate::rules::explain::{Wording, explain};
use crate::rules::model::{Item, Region, Rules};

pub struct Entry<'a> {
    pub item: &'a Item,
    /// For an item that depends on answers not given: on which, in words.
    pub only_if: Option<String>,
}

pub fn assemble<'a>(
    rules: &'a Rules,
    region: Option<&Region>,
    answers: &Answers,
    wording: &Wording,
) -> Vec<Entry<'a>> {
    rules
        .items
        .iter()
        .filter_map(|item| match item.when.eval(answers, region) {
            Truth::True => Some(Entry {
                item,
                only_if: None,
            }),
            Truth::Unknown => Some(Entry {
                item,
                only_if: Some(explain(&item.when, wording, rules, answers, region)),
            }),
            Truth::False => None,
        })
        .collect()
}

/// Which items apply, without their explanations: for the quiz's proof.
pub fn applies(rules: &Rules, region: Option<&Region>, answers: &Answers) -> Vec<usize> {
    (0..rules.items.len())
        .filter(|&i| rules.items[i].when.eval(answers, region) != Truth::False)
        .collect()
}

/// The answers of a checklist page: its region's and its applicant type's,
/// where the site has those questions.
pub fn page_answers(rules: &Rules, region: Option<&Region>, applicant: Option<&str>) -> Answers {
    let mut answers = Answers::new();
    if let (Some(q), Some(a)) = (rules.applicant, applicant) {
        answers.insert(q, a.to_string());
    }
    if let (Some(q), Some(r)) = (rules.region_question, region) {
        answers.insert(q, r.slug.clone());
    }
    answers
}

/// The checklist as data: what `beian checklist --format json` prints and
/// what the checklist page shows.
#[derive(Serialize)]
pub struct Report<'a> {
    pub region: Option<RegionRef<'a>>,
    pub applicant: Option<Choice<'a>>,
    /// Every answer given, question id → option value.
    pub answers: BTreeMap<&'a str, &'a str>,
    pub rules: RulesRef<'a>,
    pub items: Vec<ItemReport<'a>>,
}

#[derive(Serialize)]
pub struct RegionRef<'a> {
    pub slug: &'a str,
    /// In the site's language.
    pub name: &'a str,
    /// In the regions' native language, when the rules name one.
    pub native_name: Option<&'a str>,
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
    /// The glossary terms it mentions, as its page names them.
    pub terms: Vec<TermReport<'a>>,
}

/// A glossary term: its name, and its name in the regions' own language
/// (when that is not the site's).
#[derive(Serialize)]
pub struct TermReport<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub native_name: Option<&'a str>,
    pub native_language: Option<&'a str>,
}

#[derive(Serialize)]
pub struct FactReport<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub value: &'a crate::rules::model::Scalar,
    /// Markdown.
    pub text: Option<&'a str>,
    pub confidence: &'a str,
    pub verified: String,
}

#[derive(Serialize)]
pub struct SourceReport<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: Option<&'a str>,
}

pub fn report<'a>(
    rules: &'a Rules,
    region: Option<&'a Region>,
    answers: &'a Answers,
    wording: &Wording,
) -> Report<'a> {
    let applicant = rules.applicant.map(|q| {
        let value = answers.get(&q).map_or("", String::as_str);
        let question = &rules.questions[q];
        Choice {
            question: &question.id,
            value,
            label: question.option(value).map_or(value, |o| o.label.as_str()),
        }
    });
    let lang = &rules.language;
    Report {
        region: region.map(|r| RegionRef {
            slug: &r.slug,
            name: r.name.get(lang, &rules.default_language),
            native_name: native_name(rules, r),
        }),
        applicant,
        answers: answers
            .iter()
            .map(|(q, v)| (rules.questions[*q].id.as_str(), v.as_str()))
            .collect(),
        rules: RulesRef {
            version: &rules.version,
            updated: rules.updated.to_string(),
        },
        items: assemble(rules, region, answers, wording)
            .into_iter()
            .map(|e| item_report(rules, region, e))
            .collect(),
    }
}

/// A region's name in the regions' native language, when the rules name
/// one and it differs from the site's.
pub fn native_name<'a>(rules: &Rules, region: &'a Region) -> Option<&'a str> {
    let native = rules.other_native_language()?;
    region.name.0.get(native).map(String::as_str)
}

fn item_report<'a>(rules: &'a Rules, region: Option<&'a Region>, e: Entry<'a>) -> ItemReport<'a> {
    let stage = &rules.stages[e.item.stage];
    ItemReport {
        id: &e.item.id,
        stage: &stage.id,
        stage_title: &stage.title,
        title: &e.item.title,
        only_if: e.only_if,
        body: &e.item.body,
        documents: &e.item.documents,
        terms: item_terms(rules, e.item),
        facts: e
            .item
            .facts
            .iter()
            .filter_map(|&f| {
                region?.current(f).map(|s| FactReport {
                    id: &rules.facts[f].id,
                    label: &rules.facts[f].label,
                    value: &s.value,
                    text: s.text.as_deref(),
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

/// The glossary terms `item` mentions, as checklists name them.
pub fn item_terms<'a>(rules: &'a Rules, item: &crate::rules::model::Item) -> Vec<TermReport<'a>> {
    item.terms
        .iter()
        .map(|&t| term_report(rules, &rules.glossary[t]))
        .collect()
}

/// A term as checklists name it: in the site's language, and in the
/// regions' own when the rules name one that differs.
pub fn term_report<'a>(
    rules: &'a Rules,
    t: &'a crate::rules::model::GlossaryTerm,
) -> TermReport<'a> {
    let lang = &rules.language;
    let native = rules.other_native_language();
    TermReport {
        id: &t.id,
        name: t.name.get(lang, lang),
        native_name: native.and_then(|n| t.name.0.get(n)).map(String::as_str),
        native_language: native,
    }
}
