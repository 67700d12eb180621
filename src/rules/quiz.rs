//! The quiz: its result for a set of answers, and the proof `beian check`
//! runs over every combination of answers the quiz can be given.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::diag::Diagnostic;
use crate::rules::checklist;
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
    let province = rules.province_of(answers);
    (0..rules.questions.len()).find(|&qi| {
        !answers.contains_key(&qi)
            && rules.questions[qi].ask_when.eval(answers, province) == Truth::True
    })
}

/// The result of a finished quiz.
pub fn result(rules: &Rules, answers: &Answers) -> Result<QuizResult, Undecided> {
    let province = rules.province_of(answers);
    let mut chosen = None;
    for (oi, o) in rules.outcomes.iter().enumerate() {
        match o.when.eval(answers, province) {
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
    let o = &rules.outcomes[outcome];
    let mut fixes = Vec::new();
    for (fi, f) in o.fixes.iter().enumerate() {
        match f.when.eval(answers, province) {
            Truth::True => fixes.push(fi),
            Truth::Unknown => return Err(Undecided::Fix(outcome, fi)),
            Truth::False => {}
        }
    }
    let mut items = Vec::new();
    if o.checklist {
        for (ii, item) in rules.items.iter().enumerate() {
            match item.when.eval(answers, province) {
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

/// Calls `leaf` for every finished quiz, depth first in question and option
/// order.
pub fn each_path(rules: &Rules, mut leaf: impl FnMut(&Answers)) {
    fn go(rules: &Rules, qi: usize, answers: &mut Answers, leaf: &mut dyn FnMut(&Answers)) {
        if qi == rules.questions.len() {
            leaf(answers);
            return;
        }
        let q = &rules.questions[qi];
        if q.ask_when.eval(answers, rules.province_of(answers)) == Truth::True {
            for o in &q.options {
                answers.insert(qi, o.value.clone());
                go(rules, qi + 1, answers, leaf);
            }
            answers.remove(&qi);
        } else {
            go(rules, qi + 1, answers, leaf);
        }
    }
    go(rules, 0, &mut Answers::new(), &mut leaf);
}

struct Proof<'a> {
    rules: &'a Rules,
    asked: Vec<bool>,
    matters: Vec<bool>,
    ask_unknown: Vec<Option<Answers>>,
    outcome_reached: Vec<bool>,
    fix_reached: Vec<Vec<bool>>,
    item_reached: Vec<bool>,
    undecided: std::collections::BTreeMap<Undecided, Answers>,
    leaves: usize,
}

impl Proof<'_> {
    /// Walks the tree from question `qi`; returns the results reachable
    /// from here, as hashes.
    fn node(&mut self, qi: usize, answers: &mut Answers) -> BTreeSet<u64> {
        let rules = self.rules;
        if qi == rules.questions.len() {
            self.leaves += 1;
            return match result(rules, answers) {
                Ok(r) => {
                    self.outcome_reached[r.outcome] = true;
                    for &f in &r.fixes {
                        self.fix_reached[r.outcome][f] = true;
                    }
                    for &i in &r.items {
                        self.item_reached[i] = true;
                    }
                    let mut h = DefaultHasher::new();
                    r.hash(&mut h);
                    BTreeSet::from([h.finish()])
                }
                Err(u) => {
                    self.undecided.entry(u).or_insert_with(|| answers.clone());
                    BTreeSet::new()
                }
            };
        }
        let q = &rules.questions[qi];
        match q.ask_when.eval(answers, rules.province_of(answers)) {
            Truth::True => {
                self.asked[qi] = true;
                let mut all = BTreeSet::new();
                let mut first: Option<BTreeSet<u64>> = None;
                for o in &q.options {
                    answers.insert(qi, o.value.clone());
                    let reach = self.node(qi + 1, answers);
                    match &first {
                        None => first = Some(reach.clone()),
                        Some(f) if *f != reach => self.matters[qi] = true,
                        Some(_) => {}
                    }
                    all.extend(reach);
                }
                answers.remove(&qi);
                all
            }
            Truth::False => self.node(qi + 1, answers),
            Truth::Unknown => {
                if self.ask_unknown[qi].is_none() {
                    self.ask_unknown[qi] = Some(answers.clone());
                }
                self.node(qi + 1, answers)
            }
        }
    }
}

fn show(rules: &Rules, answers: &Answers) -> String {
    if answers.is_empty() {
        return "no answers".to_string();
    }
    answers
        .iter()
        .map(|(q, v)| format!("{}={v}", rules.questions[*q].id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Proves the quiz sound (see rules/README.md); every failure is a
/// diagnostic at the question, outcome or item at fault. Returns the
/// number of finished quizzes walked.
pub fn prove(rules: &Rules) -> (usize, Vec<Diagnostic>) {
    if rules.outcomes.is_empty() {
        return (0, Vec::new());
    }
    let n = rules.questions.len();
    let mut proof = Proof {
        rules,
        asked: vec![false; n],
        matters: vec![false; n],
        ask_unknown: vec![None; n],
        outcome_reached: vec![false; rules.outcomes.len()],
        fix_reached: rules
            .outcomes
            .iter()
            .map(|o| vec![false; o.fixes.len()])
            .collect(),
        item_reached: vec![false; rules.items.len()],
        undecided: Default::default(),
        leaves: 0,
    };
    proof.node(0, &mut Answers::new());

    // Items also count as reachable when a province's page lists them.
    for p in &rules.provinces {
        for o in &rules.questions[rules.applicant].options {
            let answers = checklist::page_answers(rules, p, &o.value);
            for e in checklist::assemble(rules, Some(p), &answers) {
                if let Some(ii) = rules.items.iter().position(|i| std::ptr::eq(i, e.item)) {
                    proof.item_reached[ii] = true;
                }
            }
        }
    }

    let mut d = Vec::new();
    for (qi, q) in rules.questions.iter().enumerate() {
        let at = |msg: String| Diagnostic::error(msg).at_line(&q.file, q.line);
        if let Some(answers) = &proof.ask_unknown[qi] {
            d.push(at(format!(
                "`ask_when` of question `{}` depends on a question that was not asked, for example with {}",
                q.id,
                show(rules, answers)
            ))
            .with_help("test skipped questions with `known`, or ask the question it reads first"));
        } else if !proof.asked[qi] {
            d.push(at(format!(
                "question `{}` is never asked: its `ask_when` is never true",
                q.id
            )));
        } else if !proof.matters[qi] {
            d.push(at(format!(
                "question `{}` never changes the result: whatever the reader answers, the outcome, fixes and checklist are the same",
                q.id
            ))
            .with_help("remove the question, narrow its `ask_when`, or make an outcome, fix or item depend on it"));
        }
    }
    for (u, answers) in &proof.undecided {
        let example = show(rules, answers);
        d.push(match *u {
            Undecided::Outcome(oi) if oi == rules.outcomes.len() => {
                let last = &rules.outcomes[oi - 1];
                Diagnostic::error(format!("no outcome matches when {example}"))
                    .at_line(&last.file, last.line)
                    .with_help("end outcomes.yaml with an outcome without `when`, which always matches")
            }
            Undecided::Outcome(oi) => {
                let o = &rules.outcomes[oi];
                Diagnostic::error(format!(
                    "outcome `{}` depends on a question that was not asked, for example with {example}",
                    o.id
                ))
                .at_line(&o.file, o.line)
            }
            Undecided::Fix(oi, fi) => {
                let o = &rules.outcomes[oi];
                Diagnostic::error(format!(
                    "fix `{}` of outcome `{}` depends on a question that was not asked, for example with {example}",
                    o.fixes[fi].id, o.id
                ))
                .at_line(&o.file, o.fixes[fi].line)
            }
            Undecided::Item(ii) => {
                let item = &rules.items[ii];
                Diagnostic::error(format!(
                    "checklist item `{}` depends on a question that was not asked, for example with {example}",
                    item.id
                ))
                .at_line(&item.file, item.line)
                .with_help("make the condition false (or true) when that question is skipped, for example with `known`")
            }
        });
    }
    for (oi, o) in rules.outcomes.iter().enumerate() {
        if !proof.outcome_reached[oi] {
            d.push(
                Diagnostic::error(format!("outcome `{}` is never the result", o.id))
                    .at_line(&o.file, o.line)
                    .with_help("an outcome above it matches first every time, or its condition is never true"),
            );
            continue;
        }
        for (fi, f) in o.fixes.iter().enumerate() {
            if !proof.fix_reached[oi][fi] {
                d.push(
                    Diagnostic::error(format!(
                        "fix `{}` of outcome `{}` is never shown",
                        f.id, o.id
                    ))
                    .at_line(&o.file, f.line),
                );
            }
        }
    }
    for (ii, item) in rules.items.iter().enumerate() {
        if !proof.item_reached[ii] {
            d.push(
                Diagnostic::error(format!(
                    "checklist item `{}` never appears, in the quiz or on any province's checklist",
                    item.id
                ))
                .at_line(&item.file, item.line),
            );
        }
    }
    (proof.leaves, d)
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
        },
        Condition::Fact { fact, test } => match test {
            FactTest::Equals(v) => json!(["f=", fact, v]),
            FactTest::In(vs) => json!(["fin", fact, vs]),
            FactTest::Known(b) => json!(["fk", fact, b]),
        },
    }
}
