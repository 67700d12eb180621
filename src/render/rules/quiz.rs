//! The quiz page: questions, outcomes and items as HTML (hidden until the
//! script shows them); the conditions go as data (see `quiz_data`).

use serde::Serialize;

use super::checklist::{ItemFactView, fact_view};
use super::{Markdown, RegionRef, RulesIndex, Words, region_ref};
use crate::plan::Plan;
use crate::rules::model::{Rules, Unit};

#[derive(Serialize)]
pub struct OptionView<'a> {
    pub value: &'a str,
    pub label: &'a str,
}

#[derive(Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    /// HTML.
    pub help: Option<String>,
    /// The region question: many options, best shown as a list box.
    pub region: bool,
    /// For a number question: its unit's forms and bounds.
    pub number: Option<NumberView<'a>>,
    /// Several options may be chosen: check boxes, not radio buttons.
    pub multiple: bool,
    pub options: Vec<OptionView<'a>>,
}

#[derive(Serialize)]
pub struct FixView<'a> {
    pub id: &'a str,
    /// HTML.
    pub text: String,
}

#[derive(Serialize)]
pub struct OutcomeView<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub title: &'a str,
    /// HTML.
    pub message: String,
    pub checklist: bool,
    pub fixes: Vec<FixView<'a>>,
}

#[derive(Serialize)]
pub struct QuizItemView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// HTML: what the item asks, in full (the result shows and prints it).
    pub body: String,
    pub documents: &'a [String],
    /// The facts it names, by their place in `facts.yaml`, space-separated:
    /// the quiz data gives their labels and which a region states.
    pub facts: String,
    /// The glossary terms it mentions, as the checklist pages show them.
    pub terms: Vec<super::glossary::TermView<'a>>,
}

#[derive(Serialize)]
pub struct QuizStageView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub items: Vec<QuizItemView<'a>>,
}

#[derive(Serialize)]
pub struct NumberView<'a> {
    pub unit: Option<&'a Unit>,
    pub min: f64,
    pub max: Option<f64>,
}

#[derive(Serialize)]
pub struct QuizView<'a> {
    /// The rules the browser evaluates, as JSON safe inside
    /// `<script type="application/json">`.
    pub data: String,
    pub questions: Vec<QuestionView<'a>>,
    pub outcomes: Vec<OutcomeView<'a>>,
    pub stages: Vec<QuizStageView<'a>>,
    pub regions: Vec<RegionRef<'a>>,
    /// The site's checklist page, for a site without regions.
    pub checklist_href: Option<String>,
    /// Each applicant type's folder under a checklist, as
    /// `value:folder` pairs separated by spaces: the result links each item
    /// to its explanation on the checklist for the reader's type.
    pub checklist_folders: String,
    /// The script holding the regions' other names, from the site's root,
    /// when they have any: the region question then also takes one typed.
    pub other_names_script: Option<String>,
    /// The folder of the per-region scripts, from the quiz page, with a
    /// trailing slash: the script loads the chosen region's.
    pub region_scripts: &'static str,
    /// Each region's statements of the facts an item names, in region
    /// order: its script carries them (the theme's `quiz-region.html`).
    pub region_facts: Vec<RegionFactsView<'a>>,
}

#[derive(Serialize)]
pub struct RegionFactsView<'a> {
    pub region: RegionRef<'a>,
    pub facts: Vec<IndexedFactView<'a>>,
}

/// A statement, with its fact's place in `facts.yaml` (as items name it).
#[derive(Serialize)]
pub struct IndexedFactView<'a> {
    pub index: usize,
    #[serde(flatten)]
    pub fact: ItemFactView<'a>,
}

/// The folder of the region scripts, beside the quiz page.
pub const REGION_SCRIPTS: &str = "regions";

/// Everything the quiz page needs: the questions, outcomes and items as
/// HTML (hidden until the script shows them), and the conditions as data.
pub fn view<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    md: &mut Markdown,
    words: &Words,
) -> QuizView<'a> {
    let questions = questions(rules, md);
    let outcomes = outcomes(rules, md);
    QuizView {
        data: super::quiz_data::data(rules),
        questions,
        outcomes,
        stages: stages(rules, md),
        region_scripts: "regions/",
        region_facts: region_facts(plan, rules, ix, md, words),
        checklist_folders: rules
            .applicant_options()
            .iter()
            .map(|o| format!("{}:{}", o.value, crate::plan::applicant_folder(&o.value)))
            .collect::<Vec<_>>()
            .join(" "),
        regions: (0..rules.regions.len())
            .map(|ri| region_ref(plan, rules, ix, ri))
            .collect(),
        checklist_href: rules
            .regions
            .is_empty()
            .then(|| plan.entries[ix.checklist[0]].out.href()),
        other_names_script: rules
            .regions
            .iter()
            .any(|r| !r.other_names.is_empty())
            .then(|| crate::render::other_names_path().href()),
    }
}

fn region_facts<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    md: &mut Markdown,
    words: &Words,
) -> Vec<RegionFactsView<'a>> {
    let named: std::collections::BTreeSet<usize> = rules
        .items
        .iter()
        .flat_map(|i| i.facts.iter().copied())
        .collect();
    let mut out = Vec::with_capacity(rules.regions.len());
    for (ri, region) in rules.regions.iter().enumerate() {
        let mut facts = Vec::new();
        for &f in &named {
            if let Some(fact) = fact_view(rules, region, f, md, words) {
                facts.push(IndexedFactView { index: f, fact });
            }
        }
        out.push(RegionFactsView {
            region: region_ref(plan, rules, ix, ri),
            facts,
        });
    }
    out
}

fn questions<'a>(rules: &'a Rules, md: &mut Markdown) -> Vec<QuestionView<'a>> {
    rules
        .questions
        .iter()
        .enumerate()
        .map(|(qi, q)| QuestionView {
            id: &q.id,
            text: &q.text,
            help: q.help.as_ref().map(|h| md.html(h, &q.file, q.line)),
            region: Some(qi) == rules.region_question,
            number: q.number.as_ref().map(|n| NumberView {
                unit: n.unit.as_ref(),
                min: n.min,
                max: n.max,
            }),
            multiple: q.multiple,
            options: q
                .options
                .iter()
                .map(|o| OptionView {
                    value: &o.value,
                    label: &o.label,
                })
                .collect(),
        })
        .collect()
}

fn outcomes<'a>(rules: &'a Rules, md: &mut Markdown) -> Vec<OutcomeView<'a>> {
    rules
        .outcomes
        .iter()
        .map(|o| OutcomeView {
            id: &o.id,
            kind: o.kind.as_str(),
            title: &o.title,
            message: md.html(&o.message, &o.file, o.message_line),
            checklist: o.checklist,
            fixes: o
                .fixes
                .iter()
                .map(|f| FixView {
                    id: &f.id,
                    text: md.html(&f.text, &o.file, f.text_line),
                })
                .collect(),
        })
        .collect()
}

/// The items by stage; a stage with none is left out.
fn stages<'a>(rules: &'a Rules, md: &mut Markdown) -> Vec<QuizStageView<'a>> {
    let mut stages: Vec<QuizStageView> = rules
        .stages
        .iter()
        .map(|s| QuizStageView {
            id: &s.id,
            title: &s.title,
            description: s.description.as_deref(),
            items: Vec::new(),
        })
        .collect();
    for item in &rules.items {
        stages[item.stage].items.push(QuizItemView {
            id: &item.id,
            title: &item.title,
            body: md.html(&item.body, &item.file, item.body_line),
            documents: &item.documents,
            facts: item
                .facts
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            terms: crate::rules::checklist::item_terms(rules, item),
        });
    }
    stages.retain(|s| !s.items.is_empty());
    stages
}
