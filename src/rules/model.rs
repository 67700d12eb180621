//! The rules after validation: every reference resolved to an index, so
//! nothing downstream can meet a dangling id.

use std::path::PathBuf;

use crate::parse::date::Date;
use crate::rules::condition::Condition;
pub use crate::rules::raw::{FactKind, OutcomeKind, Role, Scalar, TermDef as Term};

/// Text by language tag; the site's language is always there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Localized(pub std::collections::BTreeMap<String, String>);

impl Localized {
    /// The text in `lang`, else in the site's language `fallback`.
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }
}

/// A unit's forms; plain units have the same word for both.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unit {
    pub one: String,
    pub other: String,
}

#[derive(Debug)]
pub struct Rules {
    pub version: String,
    pub updated: Date,
    /// The language its texts are in.
    pub language: String,
    /// The site's default language: plain texts in the rules are in it,
    /// and a text missing in `language` is shown in it.
    pub default_language: String,
    /// The texts not in `language`, shown in the default one: each as
    /// its file and what it is.
    pub untranslated: Vec<String>,
    /// Those texts themselves, so a page can mark them as in the default
    /// language (empty when `language` is the default).
    pub fallback: std::collections::HashSet<String>,
    /// What the regions are, when the rules vary by region.
    pub region_set: Option<RegionSet>,
    /// Content folder segments of the checklist page, for a site without
    /// regions.
    pub checklist_section: Option<Vec<String>>,
    /// Content folder segments of the quiz page, when there is a quiz.
    pub quiz: Option<Vec<String>>,
    pub stages: Vec<Stage>,
    pub confidence: Vec<Confidence>,
    pub sources: Vec<Source>,
    pub facts: Vec<Fact>,
    /// By name in the site's language; empty without regions.
    pub regions: Vec<Region>,
    pub questions: Vec<Question>,
    pub items: Vec<Item>,
    /// glossary.yaml's terms, in file order; empty without one.
    pub glossary: Vec<GlossaryTerm>,
    /// glossary.yaml's shown path, to place problems in its notes.
    pub glossary_file: Option<PathBuf>,
    pub stale_after_days: u32,
    /// The quiz's outcomes, in order; empty when the site has no quiz.
    pub outcomes: Vec<Outcome>,
    /// Index of the `role: applicant` question, if there is one.
    pub applicant: Option<usize>,
    /// Index of the `role: region` question, if there is one.
    pub region_question: Option<usize>,
    /// Each rules file's text by its shown path, to place problems found
    /// when the markdown in it is rendered.
    pub texts: std::collections::HashMap<PathBuf, String>,
}

#[derive(Debug)]
pub struct Stage {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug)]
pub struct Confidence {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
    pub review: bool,
}

#[derive(Debug)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug)]
pub struct Fact {
    pub id: String,
    pub kind: FactKind,
    pub label: String,
    pub highlight: bool,
    pub table: bool,
    pub summary: bool,
    pub unit: Option<Unit>,
    pub value_language: Option<String>,
    pub display: Option<String>,
}

/// What the site's regions are called and where they are published.
#[derive(Debug)]
pub struct RegionSet {
    /// The folder under rules/ that holds their files.
    pub folder: String,
    /// Content folder segments of the section that lists them.
    pub section: Vec<String>,
    /// The word for a region, by language.
    pub term: std::collections::BTreeMap<String, Term>,
    /// The language of the regions' own names, when pages show them.
    pub native_language: Option<String>,
    /// The word for a region's other names, by language; empty when no
    /// region has any.
    pub other_names: std::collections::BTreeMap<String, Term>,
}

#[derive(Debug)]
pub struct Region {
    /// Its file's name: its URL and its id on the command line.
    pub slug: String,
    pub name: Localized,
    /// Statements by fact index (`facts[i]` belongs to `Rules::facts[i]`),
    /// oldest first.
    pub facts: Vec<Vec<Statement>>,
    /// Other names it is known by (its cities, say), in file order.
    pub other_names: Vec<OtherName>,
    pub file: PathBuf,
}

/// One of a region's other names, by language, and where it is written.
#[derive(Debug)]
pub struct OtherName {
    pub name: Localized,
    pub line: usize,
}

impl Rules {
    /// The region an answer set names, if any.
    pub fn region_of(&self, answers: &crate::rules::condition::Answers) -> Option<&Region> {
        let slug = answers.get(&self.region_question?)?;
        self.regions.iter().find(|p| &p.slug == slug)
    }

    /// The regions' own language, when the rules name one other than the
    /// language of their texts: names are also shown in it.
    pub fn other_native_language(&self) -> Option<&str> {
        self.region_set
            .as_ref()?
            .native_language
            .as_deref()
            .filter(|n| *n != self.language)
    }

    /// The applicant question's options; none for a site without one.
    pub fn applicant_options(&self) -> &[AnswerOption] {
        self.applicant
            .map_or(&[][..], |a| self.questions[a].options.as_slice())
    }
}

impl crate::rules::condition::Facts for Region {
    fn current_value(&self, fact: usize) -> Option<&Scalar> {
        self.current(fact).map(|s| &s.value)
    }
}

impl Region {
    /// Its name in `lang`.
    pub fn name_in<'a>(&'a self, lang: &str, site: &str) -> &'a str {
        self.name.get(lang, site)
    }
}

impl Region {
    /// The statement in force: the one without `until`.
    pub fn current(&self, fact: usize) -> Option<&Statement> {
        self.facts
            .get(fact)
            .and_then(|ss| ss.iter().find(|s| s.until.is_none()))
    }
}

#[derive(Debug)]
pub struct Statement {
    pub value: Scalar,
    pub text: Option<String>,
    pub confidence: usize,
    pub sources: Vec<usize>,
    pub verified: Date,
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// Of `since` and `until`, when it differs from `confidence`.
    pub dates_confidence: Option<usize>,
    /// The line of the region file `text` starts on.
    pub text_line: usize,
    /// The line of its `value`.
    pub line: usize,
}

#[derive(Debug)]
pub struct Question {
    pub id: String,
    pub role: Option<Role>,
    pub text: String,
    pub short: Option<String>,
    pub help: Option<String>,
    /// Asked when this is true for the answers above it.
    pub ask_when: Condition,
    /// For the region question: every region, then the listed extras;
    /// empty for a number question.
    pub options: Vec<AnswerOption>,
    /// Set for a number question.
    pub number: Option<NumberSpec>,
    /// Any non-empty set of the options may be chosen: the answer is their
    /// values in option order, joined by commas.
    pub multiple: bool,
    pub file: PathBuf,
    pub line: usize,
}

impl Question {
    pub fn option(&self, value: &str) -> Option<&AnswerOption> {
        self.options.iter().find(|o| o.value == value)
    }

    /// `answer` as the answers map holds it, if the question accepts it: one
    /// option's value; for a multiple question, one or more values, each
    /// once, put in option order. (Numbers are checked apart.)
    pub fn normalize(&self, answer: &str) -> Option<String> {
        if !self.multiple {
            return self.option(answer).map(|o| o.value.clone());
        }
        let parts: Vec<&str> = answer.split(',').map(str::trim).collect();
        if parts.iter().any(|v| self.option(v).is_none()) {
            return None;
        }
        let chosen: Vec<&str> = self
            .options
            .iter()
            .map(|o| o.value.as_str())
            .filter(|v| parts.contains(v))
            .collect();
        (chosen.len() == parts.len()).then(|| chosen.join(","))
    }
}

/// What a number question accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberSpec {
    pub unit: Option<Unit>,
    pub min: f64,
    pub max: Option<f64>,
}

impl NumberSpec {
    /// Whether `n` is an answer this question accepts.
    pub fn accepts(&self, n: f64) -> bool {
        n.is_finite() && n >= self.min && self.max.is_none_or(|m| n <= m)
    }
}

#[derive(Debug)]
pub struct AnswerOption {
    pub value: String,
    pub label: String,
    pub when_text: Option<String>,
}

#[derive(Debug)]
pub struct Item {
    pub id: String,
    pub stage: usize,
    pub title: String,
    pub body: String,
    pub documents: Vec<String>,
    pub facts: Vec<usize>,
    /// Indexes into `Rules::glossary`.
    pub terms: Vec<usize>,
    pub sources: Vec<usize>,
    pub when: Condition,
    /// Where it is written, to place problems found in its markdown.
    pub file: PathBuf,
    pub line: usize,
    /// The line `body` starts on.
    pub body_line: usize,
}

#[derive(Debug)]
pub struct Outcome {
    pub id: String,
    pub kind: OutcomeKind,
    pub title: String,
    pub message: String,
    pub checklist: bool,
    pub when: Condition,
    pub fixes: Vec<Fix>,
    pub file: PathBuf,
    pub line: usize,
    pub message_line: usize,
}

#[derive(Debug)]
pub struct Fix {
    pub id: String,
    pub when: Condition,
    pub text: String,
    pub line: usize,
    pub text_line: usize,
}

/// A term of the glossary: a document, role or form, by language.
#[derive(Debug)]
pub struct GlossaryTerm {
    pub id: String,
    pub name: Localized,
    pub note: Option<String>,
    pub sources: Vec<usize>,
    pub line: usize,
    /// The line `note` starts on.
    pub note_line: usize,
}
