//! The rules after validation: every reference resolved to an index, so
//! nothing downstream can meet a dangling id.

use std::path::PathBuf;

use crate::parse::date::Date;
use crate::rules::condition::Condition;
pub use crate::rules::raw::{FactKind, OutcomeKind, Role, Scalar};

#[derive(Debug)]
pub struct Rules {
    pub version: String,
    pub updated: Date,
    /// Content folder segments of the section that lists provinces.
    pub section: Vec<String>,
    /// Content folder segments of the quiz page, when there is a quiz.
    pub quiz: Option<Vec<String>>,
    pub stages: Vec<Stage>,
    pub confidence: Vec<Confidence>,
    pub sources: Vec<Source>,
    pub facts: Vec<Fact>,
    /// By English name.
    pub provinces: Vec<Province>,
    pub questions: Vec<Question>,
    pub items: Vec<Item>,
    pub stale_after_days: u32,
    /// The quiz's outcomes, in order; empty when the site has no quiz.
    pub outcomes: Vec<Outcome>,
    /// Index of the `role: applicant` question.
    pub applicant: usize,
    /// Index of the `role: province` question.
    pub province_question: usize,
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
    pub unit: Option<String>,
}

#[derive(Debug)]
pub struct Province {
    pub slug: String,
    pub name_en: String,
    pub name_zh: String,
    pub icp_prefix: String,
    pub icp_prefix_confidence: usize,
    pub icp_prefix_sources: Vec<usize>,
    pub icp_prefix_verified: Date,
    /// The line of `icp_prefix:` in [`Province::file`].
    pub icp_prefix_line: usize,
    pub administration_zh: String,
    pub administration_en: String,
    pub administration_confidence: Option<usize>,
    pub administration_sources: Vec<usize>,
    /// The line of `administration:` in [`Province::file`].
    pub administration_line: usize,
    /// Statements by fact index (`facts[i]` belongs to `Rules::facts[i]`),
    /// oldest first.
    pub facts: Vec<Vec<Statement>>,
    pub file: PathBuf,
}

impl Rules {
    /// The province an answer set names, if any.
    pub fn province_of(&self, answers: &crate::rules::condition::Answers) -> Option<&Province> {
        let slug = answers.get(&self.province_question)?;
        self.provinces.iter().find(|p| &p.slug == slug)
    }
}

impl Province {
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
    pub text: String,
    pub confidence: usize,
    pub sources: Vec<usize>,
    pub verified: Date,
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// Of `since` and `until`, when it differs from `confidence`.
    pub dates_confidence: Option<usize>,
    /// The line of the province file `text` starts on.
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
    /// For the province question: every province, then the listed extras.
    pub options: Vec<AnswerOption>,
    pub file: PathBuf,
    pub line: usize,
}

impl Question {
    pub fn option(&self, value: &str) -> Option<&AnswerOption> {
        self.options.iter().find(|o| o.value == value)
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
