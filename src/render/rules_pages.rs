//! Template data for the pages made from `rules/`: the provinces table, a
//! province's facts, and its checklists. Markdown inside the rules is
//! rendered here, per page, so its links are relative to that page.

use std::path::Path;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::parse::markdown::{self, Origin};
use crate::plan::links::PageLinks;
use crate::plan::{Kind, Plan};
use crate::rules::checklist;
use crate::rules::model::{Province, Rules, Statement};

/// Where each rules page is in the plan.
pub struct RulesIndex {
    /// By province index: its page, its all-applicants checklist, and its
    /// checklist for each applicant option.
    pub province: Vec<usize>,
    pub checklist: Vec<usize>,
    pub checklist_for: Vec<Vec<Option<usize>>>,
}

impl RulesIndex {
    pub fn new(plan: &Plan, rules: &Rules) -> RulesIndex {
        let n = rules.provinces.len();
        let options = rules.questions[rules.applicant].options.len();
        let mut ix = RulesIndex {
            province: vec![0; n],
            checklist: vec![0; n],
            checklist_for: vec![vec![None; options]; n],
        };
        for (i, e) in plan.entries.iter().enumerate() {
            match e.kind {
                Kind::Province(p) => ix.province[p] = i,
                Kind::Checklist {
                    province,
                    applicant: None,
                } => ix.checklist[province] = i,
                Kind::Checklist {
                    province,
                    applicant: Some(a),
                } => ix.checklist_for[province][a] = Some(i),
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
}

impl Markdown<'_> {
    pub fn html(&mut self, text: &str, file: &Path, first_line: usize) -> String {
        let found_before = self.problems.len();
        let html = self.render(text, file, first_line);
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

    fn render(&mut self, text: &str, file: &Path, first_line: usize) -> String {
        let origin = Origin::new(file, text, 0, first_line);
        let r = markdown::render(
            text,
            &origin,
            &PageLinks {
                plan: self.plan,
                from: self.from,
            },
        );
        self.has_code |= r.has_code;
        self.problems.extend(r.problems.iter().cloned());
        for a in &r.anchor_refs {
            let known = if a.target == self.from {
                &r.anchors
            } else {
                &self.markdown[a.target].anchors
            };
            if !known.contains(&a.anchor) {
                let target = &self.plan.entries[a.target];
                let target_md = if a.target == self.from {
                    &r
                } else {
                    &self.markdown[a.target]
                };
                self.problems.push(crate::pipeline::missing_anchor(
                    &self.plan.entries[self.from],
                    target,
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
}

fn confidence(rules: &Rules, i: usize) -> ConfidenceView<'_> {
    let c = &rules.confidence[i];
    ConfidenceView {
        id: &c.id,
        label: &c.label,
        description: c.description.as_deref(),
    }
}

fn sources<'a>(rules: &'a Rules, ids: &[usize]) -> Vec<SourceView<'a>> {
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
    RulesView {
        version: &rules.version,
        updated: rules.updated.to_string(),
        confidence: (0..rules.confidence.len())
            .map(|i| confidence(rules, i))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct ProvinceSummary<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_zh: &'a str,
    pub href: String,
    pub checklist_href: String,
    pub icp_prefix: &'a str,
    pub icp_prefix_confidence: ConfidenceView<'a>,
    pub administration_zh: &'a str,
    pub administration_en: &'a str,
    /// Labels of the `highlight` facts in force there.
    pub highlights: Vec<Highlight<'a>>,
}

#[derive(Serialize)]
pub struct Highlight<'a> {
    pub label: &'a str,
    pub value: String,
    pub confidence: ConfidenceView<'a>,
}

/// The provinces table of the section that lists them.
pub fn provinces_table<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
) -> Vec<ProvinceSummary<'a>> {
    rules
        .provinces
        .iter()
        .enumerate()
        .map(|(pi, p)| ProvinceSummary {
            slug: &p.slug,
            name_en: &p.name_en,
            name_zh: &p.name_zh,
            href: plan.entries[ix.province[pi]].out.href(),
            checklist_href: plan.entries[ix.checklist[pi]].out.href(),
            icp_prefix: &p.icp_prefix,
            icp_prefix_confidence: confidence(rules, p.icp_prefix_confidence),
            administration_zh: &p.administration_zh,
            administration_en: &p.administration_en,
            highlights: rules
                .facts
                .iter()
                .enumerate()
                .filter(|(_, f)| f.highlight)
                .filter_map(|(fi, f)| {
                    let s = p.current(fi)?;
                    let shown = !matches!(s.value, crate::rules::model::Scalar::Bool(false));
                    shown.then(|| Highlight {
                        label: &f.label,
                        value: s.value.to_string(),
                        confidence: confidence(rules, s.confidence),
                    })
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct StatementView<'a> {
    pub value: String,
    /// HTML.
    pub text: String,
    pub confidence: ConfidenceView<'a>,
    pub sources: Vec<SourceView<'a>>,
    pub verified: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub dates_confidence: Option<ConfidenceView<'a>>,
}

#[derive(Serialize)]
pub struct FactView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub unit: Option<&'a str>,
    pub current: Option<StatementView<'a>>,
    /// Earlier statements, newest first.
    pub history: Vec<StatementView<'a>>,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub label: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct Attested<'a> {
    pub value: &'a str,
    pub confidence: Option<ConfidenceView<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub verified: Option<String>,
}

#[derive(Serialize)]
pub struct ProvinceView<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_zh: &'a str,
    pub icp_prefix: Attested<'a>,
    pub administration_zh: &'a str,
    pub administration_en: Attested<'a>,
    /// The facts this province states, in catalogue order.
    pub facts: Vec<FactView<'a>>,
    /// Labels of the facts it states nothing about.
    pub unstated: Vec<&'a str>,
    pub checklist_href: String,
    pub checklists: Vec<LinkView<'a>>,
}

fn statement<'a>(
    rules: &'a Rules,
    p: &Province,
    s: &'a Statement,
    md: &mut Markdown,
) -> StatementView<'a> {
    StatementView {
        value: s.value.to_string(),
        text: md.html(&s.text, &p.file, s.text_line),
        confidence: confidence(rules, s.confidence),
        sources: sources(rules, &s.sources),
        verified: s.verified.to_string(),
        since: s.since.map(|d| d.to_string()),
        until: s.until.map(|d| d.to_string()),
        dates_confidence: s.dates_confidence.map(|c| confidence(rules, c)),
    }
}

pub fn province_view<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    pi: usize,
    md: &mut Markdown,
) -> ProvinceView<'a> {
    let p = &rules.provinces[pi];
    let mut facts = Vec::new();
    let mut unstated = Vec::new();
    for (fi, f) in rules.facts.iter().enumerate() {
        let statements = &p.facts[fi];
        if statements.is_empty() {
            unstated.push(f.label.as_str());
            continue;
        }
        facts.push(FactView {
            id: &f.id,
            label: &f.label,
            unit: f.unit.as_deref(),
            current: p.current(fi).map(|s| statement(rules, p, s, md)),
            history: statements
                .iter()
                .rev()
                .filter(|s| s.until.is_some())
                .map(|s| statement(rules, p, s, md))
                .collect(),
        });
    }
    let applicant = &rules.questions[rules.applicant];
    ProvinceView {
        slug: &p.slug,
        name_en: &p.name_en,
        name_zh: &p.name_zh,
        icp_prefix: Attested {
            value: &p.icp_prefix,
            confidence: Some(confidence(rules, p.icp_prefix_confidence)),
            sources: sources(rules, &p.icp_prefix_sources),
            verified: Some(p.icp_prefix_verified.to_string()),
        },
        administration_zh: &p.administration_zh,
        administration_en: Attested {
            value: &p.administration_en,
            confidence: p.administration_confidence.map(|c| confidence(rules, c)),
            sources: sources(rules, &p.administration_sources),
            verified: None,
        },
        facts,
        unstated,
        checklist_href: plan.entries[ix.checklist[pi]].out.href(),
        checklists: applicant
            .options
            .iter()
            .enumerate()
            .filter_map(|(ai, o)| {
                ix.checklist_for[pi][ai].map(|e| LinkView {
                    label: &o.label,
                    href: plan.entries[e].out.href(),
                })
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct ItemFactView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub value: String,
    /// HTML.
    pub text: String,
    pub confidence: ConfidenceView<'a>,
    pub verified: String,
    pub sources: Vec<SourceView<'a>>,
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
    /// The applicant option's value, also the element id to switch to.
    pub value: &'a str,
    pub label: &'a str,
    pub href: String,
    pub current: bool,
    pub item_count: usize,
    pub stages: Vec<StageView<'a>>,
}

#[derive(Serialize)]
pub struct ChecklistView<'a> {
    pub province: ProvinceRefView<'a>,
    /// The applicant types shown on this page: all of them on the
    /// province's checklist page, one on a per-applicant page.
    pub variants: Vec<VariantView<'a>>,
    /// Links to every applicant type's own page.
    pub switch: Vec<VariantLink<'a>>,
    pub all_href: String,
    pub single: bool,
    pub applicant_question: &'a str,
}

#[derive(Serialize)]
pub struct ProvinceRefView<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_zh: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct VariantLink<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub href: String,
    pub current: bool,
}

pub fn checklist_view<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    pi: usize,
    only: Option<usize>,
    md: &mut Markdown,
) -> ChecklistView<'a> {
    let p = &rules.provinces[pi];
    let applicant = &rules.questions[rules.applicant];
    let href_of = |ai: usize| {
        ix.checklist_for[pi][ai]
            .map(|e| plan.entries[e].out.href())
            .unwrap_or_default()
    };
    let variants = applicant
        .options
        .iter()
        .enumerate()
        .filter(|(ai, _)| only.is_none_or(|o| o == *ai))
        .map(|(ai, o)| {
            let answers = checklist::page_answers(rules, p, &o.value);
            let entries = checklist::assemble(rules, Some(p), &answers);
            let item_count = entries.len();
            let mut stages: Vec<StageView> = Vec::new();
            for e in entries {
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
                let view = ItemView {
                    id: &item.id,
                    title: &item.title,
                    body: md.html(&item.body, &item.file, item.body_line),
                    documents: &item.documents,
                    only_if: e.only_if,
                    facts: item
                        .facts
                        .iter()
                        .filter_map(|&f| {
                            let s = p.current(f)?;
                            Some(ItemFactView {
                                id: &rules.facts[f].id,
                                label: &rules.facts[f].label,
                                value: s.value.to_string(),
                                text: md.html(&s.text, &p.file, s.text_line),
                                confidence: confidence(rules, s.confidence),
                                verified: s.verified.to_string(),
                                sources: sources(rules, &s.sources),
                            })
                        })
                        .collect(),
                    sources: sources(rules, &item.sources),
                };
                if let Some(last) = stages.last_mut() {
                    last.items.push(view);
                }
            }
            VariantView {
                value: &o.value,
                label: &o.label,
                href: href_of(ai),
                current: only == Some(ai),
                item_count,
                stages,
            }
        })
        .collect();
    ChecklistView {
        province: ProvinceRefView {
            slug: &p.slug,
            name_en: &p.name_en,
            name_zh: &p.name_zh,
            href: plan.entries[ix.province[pi]].out.href(),
        },
        variants,
        switch: applicant
            .options
            .iter()
            .enumerate()
            .map(|(ai, o)| VariantLink {
                value: &o.value,
                label: &o.label,
                href: href_of(ai),
                current: only == Some(ai),
            })
            .collect(),
        all_href: plan.entries[ix.checklist[pi]].out.href(),
        single: only.is_some(),
        applicant_question: &applicant.text,
    }
}

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
    /// The province question: many options, best shown as a list box.
    pub province: bool,
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
    pub documents: &'a [String],
    /// The facts it names, by their place in `facts.yaml`, space-separated:
    /// the quiz data gives their labels and which a province states.
    pub facts: String,
}

#[derive(Serialize)]
pub struct QuizStageView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub items: Vec<QuizItemView<'a>>,
}

#[derive(Serialize)]
pub struct QuizProvince<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_zh: &'a str,
    pub href: String,
    pub checklist_href: String,
}

#[derive(Serialize)]
pub struct QuizView<'a> {
    /// The rules the browser evaluates, as JSON safe inside
    /// `<script type="application/json">`.
    pub data: String,
    pub questions: Vec<QuestionView<'a>>,
    pub outcomes: Vec<OutcomeView<'a>>,
    pub stages: Vec<QuizStageView<'a>>,
    pub provinces: Vec<QuizProvince<'a>>,
    /// Each applicant type's folder under a province's checklist, as
    /// `value:folder` pairs separated by spaces: the result links each item
    /// to its explanation on the checklist for the reader's type.
    pub checklist_folders: String,
}

/// Everything the quiz page needs: the questions, outcomes and items as
/// HTML (hidden until the script shows them), and the conditions as data.
pub fn quiz_view<'a>(
    plan: &Plan,
    rules: &'a Rules,
    ix: &RulesIndex,
    md: &mut Markdown,
) -> QuizView<'a> {
    let questions = rules
        .questions
        .iter()
        .enumerate()
        .map(|(qi, q)| QuestionView {
            id: &q.id,
            text: &q.text,
            help: q.help.as_ref().map(|h| md.html(h, &q.file, q.line)),
            province: qi == rules.province_question,
            options: q
                .options
                .iter()
                .map(|o| OptionView {
                    value: &o.value,
                    label: &o.label,
                })
                .collect(),
        })
        .collect();
    let outcomes = rules
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
        .collect();
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
            documents: &item.documents,
            facts: item
                .facts
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    stages.retain(|s| !s.items.is_empty());
    QuizView {
        data: quiz_data(rules),
        questions,
        outcomes,
        stages,
        checklist_folders: rules.questions[rules.applicant]
            .options
            .iter()
            .map(|o| format!("{}:{}", o.value, crate::plan::applicant_folder(&o.value)))
            .collect::<Vec<_>>()
            .join(" "),
        provinces: rules
            .provinces
            .iter()
            .enumerate()
            .map(|(pi, p)| QuizProvince {
                slug: &p.slug,
                name_en: &p.name_en,
                name_zh: &p.name_zh,
                href: plan.entries[ix.province[pi]].out.href(),
                checklist_href: plan.entries[ix.checklist[pi]].out.href(),
            })
            .collect(),
    }
}

/// Conditions that recur (most items share the hosting guard), so that
/// the quiz data writes each once, in `d`, and refers to it as
/// `["ref", k]`: the quiz page is the heaviest, and this is its largest
/// repetition.
#[derive(Default)]
struct Shared {
    seen: std::collections::HashMap<String, usize>,
    index: std::collections::HashMap<String, usize>,
    defs: Vec<serde_json::Value>,
}

impl Shared {
    /// Compound conditions (`all`, `any`, `not`); a test alone is shorter
    /// than a reference's bookkeeping is worth.
    fn compound(v: &serde_json::Value) -> bool {
        v.as_array()
            .and_then(|a| a.first())
            .and_then(serde_json::Value::as_str)
            .is_some_and(|op| matches!(op, "all" | "any" | "not"))
    }

    fn count(&mut self, v: &serde_json::Value) {
        if Self::compound(v) {
            *self.seen.entry(v.to_string()).or_default() += 1;
        }
        if let serde_json::Value::Array(items) = v {
            items.iter().for_each(|i| self.count(i));
        }
    }

    /// `v` with every condition seen three times or more replaced by a
    /// reference, outermost first.
    fn share(&mut self, v: serde_json::Value) -> serde_json::Value {
        if Self::compound(&v) {
            let key = v.to_string();
            if self.seen.get(&key).is_some_and(|&n| n >= 3) {
                let k = match self.index.get(&key) {
                    Some(&k) => k,
                    None => {
                        let k = self.defs.len();
                        self.index.insert(key, k);
                        let def = self.share_inside(v);
                        self.defs.push(def);
                        k
                    }
                };
                return serde_json::json!(["ref", k]);
            }
        }
        self.share_inside(v)
    }

    fn share_inside(&mut self, v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.into_iter().map(|i| self.share(i)).collect())
            }
            other => other,
        }
    }
}

/// The conditions, compiled small: question, outcome, fix and item ids with
/// their conditions (those that recur written once, in `d`), each
/// province's current value of every fact a condition reads and `1` for
/// each other fact it states that an item names, and the facts' labels.
pub fn quiz_data(rules: &Rules) -> String {
    use crate::rules::condition::Condition;
    use crate::rules::quiz::condition_json;
    use serde_json::{Map, Value, json};

    fn facts_read(c: &Condition, out: &mut std::collections::BTreeSet<usize>) {
        match c {
            Condition::All(ps) | Condition::Any(ps) => ps.iter().for_each(|p| facts_read(p, out)),
            Condition::Not(p) => facts_read(p, out),
            Condition::Fact { fact, .. } => {
                out.insert(*fact);
            }
            Condition::Answer { .. } => {}
        }
    }
    let mut used = std::collections::BTreeSet::new();
    for q in &rules.questions {
        facts_read(&q.ask_when, &mut used);
    }
    for o in &rules.outcomes {
        facts_read(&o.when, &mut used);
        o.fixes.iter().for_each(|f| facts_read(&f.when, &mut used));
    }
    rules
        .items
        .iter()
        .for_each(|i| facts_read(&i.when, &mut used));
    // The facts an item names: the result tells which of them the chosen
    // province states, so it needs to know only that it does.
    let named: std::collections::BTreeSet<usize> = rules
        .items
        .iter()
        .flat_map(|i| i.facts.iter().copied())
        .collect();

    let mut provinces = Map::new();
    for p in &rules.provinces {
        let mut values = Map::new();
        for &f in used.union(&named) {
            if let Some(s) = p.current(f) {
                let value = if used.contains(&f) {
                    serde_json::to_value(&s.value).unwrap_or(Value::Null)
                } else {
                    Value::from(1)
                };
                values.insert(f.to_string(), value);
            }
        }
        provinces.insert(p.slug.clone(), Value::Object(values));
    }
    // Every condition, counted first, then written with the recurring ones
    // shared.
    let all_conditions = rules
        .questions
        .iter()
        .map(|q| &q.ask_when)
        .chain(
            rules
                .outcomes
                .iter()
                .flat_map(|o| std::iter::once(&o.when).chain(o.fixes.iter().map(|f| &f.when))),
        )
        .chain(rules.items.iter().map(|i| &i.when));
    let mut shared = Shared::default();
    all_conditions.for_each(|c| shared.count(&condition_json(c)));
    let shared = std::cell::RefCell::new(shared);
    let cond = |c: &Condition| shared.borrow_mut().share(condition_json(c));
    let mut data = json!({
        "v": rules.version,
        "app": rules.applicant,
        "prov": rules.province_question,
        "q": rules.questions.iter().map(|q| json!({
            "id": q.id,
            "ask": cond(&q.ask_when),
            "opts": q.options.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "o": rules.outcomes.iter().map(|o| json!({
            "id": o.id,
            "when": cond(&o.when),
            "list": o.checklist,
            "fixes": o.fixes.iter().map(|f| json!({"id": f.id, "when": cond(&f.when)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "i": rules.items.iter().map(|i| json!({"id": i.id, "when": cond(&i.when)})).collect::<Vec<_>>(),
        "p": provinces,
        "f": rules.facts.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(),
    });
    if let Some(obj) = data.as_object_mut() {
        obj.insert("d".to_string(), Value::Array(shared.into_inner().defs));
    }
    crate::render::json_script::escape(&data.to_string())
}
