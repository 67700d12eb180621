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
    /// The site's regions, when its rules vary by region.
    #[serde(default)]
    pub regions: Option<RegionsDef>,
    /// The content folder whose `_index.md` becomes the checklist page of a
    /// site without regions (needed then).
    #[serde(default)]
    pub checklist: Option<String>,
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

/// `regions:` in rules.yaml: what the site's regions are and where they go.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionsDef {
    /// The folder under rules/ holding one YAML file per region.
    pub folder: String,
    /// The content folder whose `_index.md` lists the regions; each region's
    /// page is published below it.
    pub section: String,
    /// What a region is called, by language (BCP 47 tag): its forms.
    pub term: BTreeMap<String, TermDef>,
    /// The language of the regions' own names (a tag every region's `name`
    /// has), shown beside the reader's language.
    #[serde(default)]
    pub native_language: Option<String>,
    /// What a region's other names are (its cities, say), by language: the
    /// word's forms, for the heading that lists them on its page and the
    /// quiz's field that finds a region by one. Needed when a region file
    /// has `other_names`.
    #[serde(default)]
    pub other_names: Option<BTreeMap<String, TermDef>>,
}

/// The forms of the word for a region, as sentences and headings need it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermDef {
    /// One region, in running text: "state".
    pub one: String,
    /// Several, in running text: "states".
    pub other: String,
    /// One, as a heading or table header: "State" (default: `one`).
    #[serde(default)]
    pub heading_one: Option<String>,
    /// Several, as a heading: "States" (default: `other`).
    #[serde(default)]
    pub heading_other: Option<String>,
}

pub use crate::parse::language::Localized;

/// A unit of a number: one word, or its singular and plural forms; or
/// either of those per language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum UnitDef {
    Plain(String),
    Forms { one: String, other: String },
    ByLanguage(std::collections::BTreeMap<String, UnitForms>),
}

/// A unit in one language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum UnitForms {
    Plain(String),
    Forms { one: String, other: String },
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub title: Localized,
    #[serde(default)]
    pub description: Option<Localized>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    pub label: Localized,
    #[serde(default)]
    pub description: Option<Localized>,
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
    pub title: Localized,
    #[serde(default)]
    pub url: Option<String>,
    /// The source's own date, free text; per language where it has words
    /// ("undated").
    #[serde(default)]
    pub date: Option<Localized>,
}

/// `facts.yaml`: what a region may state.
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
    pub label: Localized,
    /// Listed "at a glance" in the regions table when its current value
    /// is true (bool) or set (number, text).
    #[serde(default)]
    pub highlight: bool,
    /// A column of its own in the regions table.
    #[serde(default)]
    pub table: bool,
    /// Shown in the summary at the top of each region's page (and not again
    /// among its other facts).
    #[serde(default)]
    pub summary: bool,
    /// For numbers: the unit, shown after the value.
    #[serde(default)]
    pub unit: Option<UnitDef>,
    /// For text values written in another language than the site's: its
    /// tag, so pages mark the value with it.
    #[serde(default)]
    pub value_language: Option<String>,
    /// How the value is shown, with `{value}` where it goes, such as
    /// `"{value}-1234"`.
    #[serde(default)]
    pub display: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Bool,
    Number,
    Text,
}

/// One region's file, `<regions folder>/<slug>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    /// Its name, by language; a plain string is in the site's language.
    pub name: Localized,
    /// Fact id (from facts.yaml) → its statements, oldest first.
    #[serde(default)]
    pub facts: BTreeMap<String, Vec<StatementDef>>,
    /// Other names a reader may know the region by (its cities, say), each
    /// by language like `name`: listed on its page, found by search, and
    /// offered by the quiz.
    #[serde(default)]
    pub other_names: Vec<Localized>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementDef {
    pub value: Scalar,
    /// Markdown: what the statement means for a reader.
    #[serde(default)]
    pub text: Option<Localized>,
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

/// One value, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

impl OneOrMany {
    pub fn values(&self) -> &[Scalar] {
        match self {
            OneOrMany::One(v) => std::slice::from_ref(v),
            OneOrMany::Many(vs) => vs,
        }
    }
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
            // As YAML writes them: this is for editors' messages; pages
            // word values through the theme's strings.
            Scalar::Bool(true) => f.write_str("true"),
            Scalar::Bool(false) => f.write_str("false"),
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
    pub text: Localized,
    #[serde(default)]
    pub short: Option<Localized>,
    /// Markdown.
    #[serde(default)]
    pub help: Option<Localized>,
    /// Asked only when this holds for the answers above it.
    #[serde(default)]
    pub ask_when: Option<ConditionDef>,
    /// `choice` (the default: one of `options`), `multiple` (any of
    /// `options`, at least one) or `number`.
    #[serde(default)]
    pub kind: QuestionKind,
    /// The answers of a `choice` question.
    #[serde(default)]
    pub options: Vec<OptionDef>,
    /// For a `number` question: the unit of the answer.
    #[serde(default)]
    pub unit: Option<UnitDef>,
    /// For a `number` question: the smallest answer accepted (default 0).
    #[serde(default)]
    pub min: Option<f64>,
    /// For a `number` question: the largest answer accepted.
    #[serde(default)]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    #[default]
    Choice,
    /// Several of the options may be chosen; conditions test it with
    /// `includes`.
    Multiple,
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Checklists are built for each option of this question.
    Applicant,
    /// Answered by a page's region; its options are the regions plus those
    /// listed.
    Region,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub value: String,
    pub label: Localized,
    /// Completes "Only if …".
    #[serde(default)]
    pub when_text: Option<Localized>,
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
    pub title: Localized,
    /// Markdown; link guide pages by their path from content/, such as
    /// `/guide/steps.md#upload`.
    pub body: Localized,
    #[serde(default)]
    pub documents: Vec<Localized>,
    /// Facts whose region statement is shown with the item.
    #[serde(default)]
    pub facts: Vec<String>,
    /// Terms of glossary.yaml the item mentions (a document, a role, a
    /// form): shown with it in the regions' own language.
    #[serde(default)]
    pub terms: Vec<String>,
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
    pub title: Localized,
    /// Markdown.
    pub message: Localized,
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
    pub text: Localized,
}

/// A condition as written: the name of a condition from conditions.yaml,
/// or a mapping whose shape (exactly one operator, the right companion
/// keys) is checked when it is compiled.
#[derive(Debug)]
pub enum ConditionDef {
    Named(String),
    Inline(Box<InlineCondition>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlineCondition {
    #[serde(default)]
    pub all: Option<Vec<ConditionDef>>,
    #[serde(default)]
    pub any: Option<Vec<ConditionDef>>,
    #[serde(default)]
    pub not: Option<ConditionDef>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub fact: Option<String>,
    #[serde(default)]
    pub equals: Option<Scalar>,
    #[serde(default, rename = "in")]
    pub one_of: Option<Vec<Scalar>>,
    /// Of a `multiple` question: the option (or one of the options) is
    /// among those chosen.
    #[serde(default)]
    pub includes: Option<OneOrMany>,
    #[serde(default)]
    pub known: Option<bool>,
    #[serde(default, rename = ">")]
    pub above: Option<f64>,
    #[serde(default, rename = ">=")]
    pub at_least: Option<f64>,
    #[serde(default, rename = "<")]
    pub below: Option<f64>,
    #[serde(default, rename = "<=")]
    pub at_most: Option<f64>,
}

/// The comparison keys of a condition, as written.
pub const COMPARISONS: [&str; 4] = [">", ">=", "<", "<="];

impl InlineCondition {
    /// The comparison written, if any (the first, when several are: the
    /// compiler reports that).
    pub fn comparisons(&self) -> [Option<f64>; 4] {
        [self.above, self.at_least, self.below, self.at_most]
    }
}

impl<'de> Deserialize<'de> for ConditionDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = ConditionDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a condition: the name of one from conditions.yaml, or a mapping such as { answer: q, equals: v }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ConditionDef, E> {
                Ok(ConditionDef::Named(v.to_string()))
            }
            // Through the mapping's own deserializer, so its errors (an
            // unknown key, a wrong type) read as for any other mapping.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ConditionDef, A::Error> {
                InlineCondition::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|c| ConditionDef::Inline(Box::new(c)))
            }
        }
        d.deserialize_any(Visit)
    }
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
                    "known": { "type": "boolean" },
                    "includes": { "oneOf": [scalar, { "type": "array", "items": scalar, "minItems": 1 }] },
                    ">": { "type": "number" },
                    ">=": { "type": "number" },
                    "<": { "type": "number" },
                    "<=": { "type": "number" }
                },
                "oneOf": [
                    { "required": ["equals"] },
                    { "required": ["in"] },
                    { "required": ["known"] },
                    { "required": ["includes"] },
                    { "required": [">"] },
                    { "required": [">="] },
                    { "required": ["<"] },
                    { "required": ["<="] }
                ]
            })
        };
        json_schema!({
            "description": "A condition: the name of one from conditions.yaml; all / any / not; or a test of an answer or a region's fact (see rules/README.md).",
            "oneOf": [
                { "type": "string", "pattern": "^[a-z][a-z0-9_-]*$" },
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

/// `conditions.yaml`: conditions named once, used by name anywhere a
/// condition goes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionsFile {
    pub conditions: Vec<NamedConditionDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedConditionDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    /// What it means, for editors.
    #[serde(default)]
    pub description: Option<String>,
    pub when: ConditionDef,
}

/// `glossary.yaml`: the terms of the procedure (documents, roles, forms),
/// each in the languages a reader meets them in.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub terms: Vec<GlossaryTermDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTermDef {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]*$"))]
    pub id: String,
    /// Its name by language, like a region's: the site's language and the
    /// regions' `native_language` are needed.
    pub name: Localized,
    /// What it is, in a sentence or two of markdown; link guide pages by
    /// their path from content/, such as `/guide/steps.md#upload`.
    #[serde(default)]
    pub note: Option<Localized>,
    #[serde(default)]
    pub sources: Vec<String>,
}
