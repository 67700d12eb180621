//! The rules files exactly as written: serde types that reject unknown keys
//! and wrong types, and describe themselves as JSON Schema for editors.
//! References between files are checked later, in `validate`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::parse::date::Date;

/// `rules.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    /// Printed on every checklist.
    pub version: String,
    /// Date of this version of the rules.
    pub updated: Date,
    /// The content folder whose `_index.md` lists the province pages.
    pub section: String,
    /// The content folder whose `_index.md` becomes the quiz page (needed
    /// with outcomes.yaml).
    #[serde(default)]
    pub quiz: Option<String>,
    /// Checklist stages, in order.
    pub stages: Vec<StageDef>,
    /// Confidence levels, strongest first.
    pub confidence: Vec<ConfidenceDef>,
    /// `beian check` warns about statements last verified longer ago.
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
}

fn default_stale_after_days() -> u32 {
    365
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `beian check` lists statements of this confidence for editors.
    #[serde(default)]
    pub review: bool,
}

/// `sources.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub sources: Vec<SourceDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// `S` followed by letters, digits and `_`, such as `S13`, `S9a` or `S_gov`.
    #[schemars(regex(pattern = r"^S[A-Za-z0-9_]+$"))]
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The source's own date, free text.
    #[serde(default)]
    pub date: Option<String>,
}

/// `facts.yaml`: what a province may state.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    pub facts: Vec<FactDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: FactKind,
    pub label: String,
    /// Listed "at a glance" in the provinces table when its current value
    /// is true (bool) or set (number, text).
    #[serde(default)]
    pub highlight: bool,
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Bool,
    Number,
    Text,
}

/// `provinces/<slug>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceFile {
    pub name: Names,
    pub icp_prefix: Attested,
    pub administration: Administration,
    /// Fact id (from facts.yaml) → its statements, oldest first.
    #[serde(default)]
    pub facts: BTreeMap<String, Vec<StatementDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    pub zh: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attested {
    pub value: String,
    pub confidence: String,
    pub sources: Vec<String>,
    pub verified: Date,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Administration {
    pub zh: String,
    pub en: String,
    /// Of the English name, often a conventional translation.
    #[serde(default)]
    pub confidence: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementDef {
    pub value: Scalar,
    /// Markdown: what the statement means for a filer.
    pub text: String,
    pub confidence: String,
    pub sources: Vec<String>,
    /// When it was last checked against its sources.
    pub verified: Date,
    /// First day it applied.
    #[serde(default)]
    pub since: Option<Date>,
    /// Last day it applied; without it the statement is current.
    #[serde(default)]
    pub until: Option<Date>,
    /// How sure `since` and `until` are, when the sources agree on the
    /// statement but not on when it began or ended.
    #[serde(default)]
    pub dates_confidence: Option<String>,
}

/// A fact's value, or a value a condition compares with.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Scalar {
    pub fn kind(&self) -> FactKind {
        match self {
            Scalar::Bool(_) => FactKind::Bool,
            Scalar::Number(_) => FactKind::Number,
            Scalar::Text(_) => FactKind::Text,
        }
    }

    /// Equality as the condition language defines it: same type, numbers
    /// by value.
    pub fn same(&self, other: &Scalar) -> bool {
        match (self, other) {
            (Scalar::Bool(a), Scalar::Bool(b)) => a == b,
            (Scalar::Number(a), Scalar::Number(b)) => a == b,
            (Scalar::Text(a), Scalar::Text(b)) => a == b,
            _ => false,
        }
    }
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Bool(true) => f.write_str("yes"),
            Scalar::Bool(false) => f.write_str("no"),
            Scalar::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{}", *n as i64),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(s) => f.write_str(s),
        }
    }
}

/// `questions.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionsFile {
    pub questions: Vec<QuestionDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    #[serde(default)]
    pub role: Option<Role>,
    pub text: String,
    #[serde(default)]
    pub short: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub help: Option<String>,
    /// Asked only when this holds for the answers above it.
    #[serde(default)]
    pub ask_when: Option<ConditionDef>,
    pub options: Vec<OptionDef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Checklists are built for each option of this question.
    Applicant,
    /// Answered by a page's province; its options are the provinces plus
    /// those listed.
    Province,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub value: String,
    pub label: String,
    /// Completes "Only if …".
    #[serde(default)]
    pub when_text: Option<String>,
}

/// `checklist.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistFile {
    pub items: Vec<ItemDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub stage: String,
    pub title: String,
    /// Markdown; link guide pages by their path from content/, such as
    /// `/guide/steps.md#upload`.
    pub body: String,
    #[serde(default)]
    pub documents: Vec<String>,
    /// Facts whose province statement is shown with the item.
    #[serde(default)]
    pub facts: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub when: Option<ConditionDef>,
}

/// `outcomes.yaml`: the quiz's results, the first that matches wins.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomesFile {
    pub outcomes: Vec<OutcomeDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub kind: OutcomeKind,
    pub title: String,
    /// Markdown.
    pub message: String,
    /// Show the tailored checklist with this outcome.
    #[serde(default = "yes")]
    pub checklist: bool,
    /// Without it the outcome always matches: put it last.
    #[serde(default)]
    pub when: Option<ConditionDef>,
    /// What to put right, each shown when its condition holds.
    #[serde(default)]
    pub fixes: Vec<FixDef>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Can file now.
    Ready,
    /// Something to put right first.
    NotYet,
    /// No filing is needed.
    NotNeeded,
    /// Cannot file as asked; the message says what to do instead.
    Cannot,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Ready => "ready",
            OutcomeKind::NotYet => "not_yet",
            OutcomeKind::NotNeeded => "not_needed",
            OutcomeKind::Cannot => "cannot",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub when: ConditionDef,
    /// Markdown.
    pub text: String,
}

/// A condition as written; its shape (exactly one operator, the right
/// companion keys) is checked when it is compiled.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    #[serde(default)]
    pub all: Option<Vec<ConditionDef>>,
    #[serde(default)]
    pub any: Option<Vec<ConditionDef>>,
    #[serde(default)]
    pub not: Option<Box<ConditionDef>>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub fact: Option<String>,
    #[serde(default)]
    pub equals: Option<Scalar>,
    #[serde(default, rename = "in")]
    pub one_of: Option<Vec<Scalar>>,
    #[serde(default)]
    pub known: Option<bool>,
}

impl JsonSchema for ConditionDef {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let me = generator.subschema_for::<ConditionDef>();
        let scalar = generator.subschema_for::<Scalar>();
        let test = |subject: &str| {
            json_schema!({
                "type": "object",
                "additionalProperties": false,
                "required": [subject],
                "properties": {
                    subject: { "type": "string" },
                    "equals": scalar,
                    "in": { "type": "array", "items": scalar },
                    "known": { "type": "boolean" }
                },
                "oneOf": [
                    { "required": ["equals"] },
                    { "required": ["in"] },
                    { "required": ["known"] }
                ]
            })
        };
        json_schema!({
            "description": "A condition: all / any / not, or a test of an answer or a province fact (see rules/README.md).",
            "oneOf": [
                { "type": "object", "additionalProperties": false, "required": ["all"],
                  "properties": { "all": { "type": "array", "items": me } } },
                { "type": "object", "additionalProperties": false, "required": ["any"],
                  "properties": { "any": { "type": "array", "items": me } } },
                { "type": "object", "additionalProperties": false, "required": ["not"],
                  "properties": { "not": me } },
                test("answer"),
                test("fact")
            ]
        })
    }
}
