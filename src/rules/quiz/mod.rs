//! The quiz: its result for a set of answers, the answers a question can
//! be given (a number question's by the comparisons that read it), and the
//! proof `beian check` runs over every combination of them.

mod compiled;
mod domain;
mod proof;
mod stored;

pub use domain::{conditions, each_path, options_of};
pub use proof::{BUDGET, prove};
pub use stored::prove_or_reuse;

use crate::rules::condition::{Answers, Condition, Truth};
use crate::rules::model::Rules;

/// What a finished quiz shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuizResult {
    pub outcome: usize,
    pub fixes: Vec<usize>,
    /// Empty when the outcome shows no checklist.
    pub items: Vec<usize>,
}

/// Something that evaluated *unknown* on a finished quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Undecided {
    Outcome(usize),
    Fix(usize, usize),
    Item(usize),
}

/// The questions asked for `answers`, in order, and the first one still
/// to answer (`None` when the quiz is finished). A question whose
/// `ask_when` is unknown is skipped (the proof reports it).
pub fn next_question(rules: &Rules, answers: &Answers) -> Option<usize> {
    let region = rules.region_of(answers);
    (0..rules.questions.len()).find(|&qi| {
        !answers.contains_key(&qi)
            && rules.questions[qi].ask_when.eval(answers, region) == Truth::True
    })
}

/// The result of a finished quiz.
pub fn result(rules: &Rules, answers: &Answers) -> Result<QuizResult, Undecided> {
    let (outcome, fixes) = outcome_and_fixes(rules, answers)?;
    let region = rules.region_of(answers);
    let mut items = Vec::new();
    if rules.outcomes[outcome].checklist {
        for (ii, item) in rules.items.iter().enumerate() {
            match item.when.eval(answers, region) {
                Truth::True => items.push(ii),
                Truth::Unknown => return Err(Undecided::Item(ii)),
                Truth::False => {}
            }
        }
    }
    Ok(QuizResult {
        outcome,
        fixes,
        items,
    })
}

/// The first outcome that matches, and its fixes that apply.
fn outcome_and_fixes(rules: &Rules, answers: &Answers) -> Result<(usize, Vec<usize>), Undecided> {
    let region = rules.region_of(answers);
    choose(
        rules,
        |oi| rules.outcomes[oi].when.eval(answers, region),
        |oi, fi| rules.outcomes[oi].fixes[fi].when.eval(answers, region),
    )
}

/// The first outcome whose condition (`when` of its index) is true, and
/// its fixes whose condition (`fix` of both indices) is: what
/// [`outcome_and_fixes`] decides, for any way of evaluating them.
fn choose(
    rules: &Rules,
    when: impl Fn(usize) -> Truth,
    fix: impl Fn(usize, usize) -> Truth,
) -> Result<(usize, Vec<usize>), Undecided> {
    let mut chosen = None;
    for oi in 0..rules.outcomes.len() {
        match when(oi) {
            Truth::True => {
                chosen = Some(oi);
                break;
            }
            Truth::Unknown => return Err(Undecided::Outcome(oi)),
            Truth::False => {}
        }
    }
    // The proof reports a quiz with no outcome for some answers.
    let outcome = chosen.ok_or(Undecided::Outcome(rules.outcomes.len()))?;
    let mut fixes = Vec::new();
    for fi in 0..rules.outcomes[outcome].fixes.len() {
        match fix(outcome, fi) {
            Truth::True => fixes.push(fi),
            Truth::Unknown => return Err(Undecided::Fix(outcome, fi)),
            Truth::False => {}
        }
    }
    Ok((outcome, fixes))
}

/// Conditions compiled for the browser: compact arrays the quiz's
/// JavaScript evaluates (see themes/default/static/assets/quiz.js).
pub fn condition_json(c: &Condition) -> serde_json::Value {
    use crate::rules::condition::{AnswerTest, FactTest};
    use serde_json::json;
    match c {
        Condition::All(ps) => json!(["all", ps.iter().map(condition_json).collect::<Vec<_>>()]),
        Condition::Any(ps) => json!(["any", ps.iter().map(condition_json).collect::<Vec<_>>()]),
        Condition::Not(p) => json!(["not", condition_json(p)]),
        Condition::Answer { question, test } => match test {
            AnswerTest::Equals(v) => json!(["a=", question, v]),
            AnswerTest::In(vs) => json!(["ain", question, vs]),
            AnswerTest::Known(b) => json!(["ak", question, b]),
            AnswerTest::Compare(cmp, n) => json!(["a<>", question, cmp.symbol(), n]),
            AnswerTest::Includes(vs) => json!(["ainc", question, vs]),
        },
        Condition::Fact { fact, test } => match test {
            FactTest::Equals(v) => json!(["f=", fact, v]),
            FactTest::In(vs) => json!(["fin", fact, vs]),
            FactTest::Known(b) => json!(["fk", fact, b]),
            FactTest::Compare(cmp, n) => json!(["f<>", fact, cmp.symbol(), n]),
        },
    }
}
