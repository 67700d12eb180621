//! The answers each question can be given, for walking every way through
//! the quiz: a choice question's options; for a number question, one number
//! for each stretch between the numbers its conditions compare with, and
//! each of those numbers, which is every answer that can make a difference.
//! For a multiple question, one set of options for each way the
//! conditions can tell sets apart: conditions only ask whether the answer
//! includes one of a few options, so options that every test treats alike
//! stand together as one (those no test names, among them).

use crate::rules::condition::{AnswerTest, Answers, Condition, Truth};
use crate::rules::model::{NumberSpec, Rules};

/// Every condition of the rules, in a fixed order.
pub fn conditions(rules: &Rules) -> impl Iterator<Item = &Condition> {
    rules
        .questions
        .iter()
        .map(|q| &q.ask_when)
        .chain(
            rules
                .outcomes
                .iter()
                .flat_map(|o| std::iter::once(&o.when).chain(o.fixes.iter().map(|f| &f.when))),
        )
        .chain(rules.items.iter().map(|i| &i.when))
}

fn thresholds(c: &Condition, question: usize, out: &mut Vec<f64>) {
    match c {
        Condition::All(ps) | Condition::Any(ps) => {
            ps.iter().for_each(|p| thresholds(p, question, out))
        }
        Condition::Not(p) => thresholds(p, question, out),
        Condition::Answer {
            question: q,
            test: AnswerTest::Compare(_, n),
        } if *q == question => out.push(*n),
        _ => {}
    }
}

/// One answer from each class of numbers that every comparison treats
/// alike (each threshold, and each stretch below, between and above them),
/// among those the question accepts.
fn representatives(spec: &NumberSpec, mut ts: Vec<f64>) -> Vec<f64> {
    ts.retain(|t| t.is_finite());
    ts.sort_by(f64::total_cmp);
    ts.dedup();
    let lows = std::iter::once(f64::NEG_INFINITY).chain(ts.iter().copied());
    let highs = ts.iter().copied().chain(std::iter::once(f64::INFINITY));
    let mut out: Vec<f64> = lows
        .zip(highs)
        .filter_map(|(a, b)| point_in(a, b, spec))
        .collect();
    out.extend(ts.iter().copied().filter(|&t| spec.accepts(t)));
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// An accepted number strictly between `a` and `b`, if there is one.
fn point_in(a: f64, b: f64, spec: &NumberSpec) -> Option<f64> {
    if spec.min > a && spec.min < b {
        return Some(spec.min);
    }
    let max = spec.max.unwrap_or(f64::INFINITY);
    let (lo, hi) = (a.max(spec.min), b.min(max));
    if lo >= hi {
        return None;
    }
    // The plainest number in the stretch: one above its start where that
    // fits, else the question's maximum, else halfway.
    let x = if lo + 1.0 < hi {
        lo + 1.0
    } else if hi < b {
        hi
    } else {
        (lo + hi) / 2.0
    };
    (x > a && x < b && spec.accepts(x)).then_some(x)
}

fn included(c: &Condition, question: usize, out: &mut Vec<Vec<String>>) {
    match c {
        Condition::All(ps) | Condition::Any(ps) => {
            ps.iter().for_each(|p| included(p, question, out))
        }
        Condition::Not(p) => included(p, question, out),
        Condition::Answer {
            question: q,
            test: AnswerTest::Includes(vs),
        } if *q == question => out.push(vs.clone()),
        _ => {}
    }
}

/// One set of options for each class of answers that every `includes`
/// test treats alike. A test only asks whether the answer shares an
/// option with its list (an atom), so options that belong to exactly the
/// same atoms (a cell; the options no test names are one) are
/// interchangeable: an answer's class is which cells it touches. So:
/// each non-empty set of cells, each cell standing as its first option,
/// in option order.
fn subsets(all: &[String], atoms: &[Vec<String>]) -> Vec<String> {
    let mut cells: Vec<(Vec<bool>, &String)> = Vec::new();
    for o in all {
        let signature: Vec<bool> = atoms.iter().map(|a| a.contains(o)).collect();
        if !cells.iter().any(|(s, _)| *s == signature) {
            cells.push((signature, o));
        }
    }
    // Past 2^18 sets the question's group is over the proof's limit and
    // reported as such: the list need not be longer to say so.
    (1u64..(1u64 << cells.len().min(18)))
        .map(|mask| {
            let chosen: Vec<&String> = (0..cells.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| cells[i].1)
                .collect();
            all.iter()
                .filter(|o| chosen.contains(o))
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

/// The answers question `qi` can be given, as the answers map holds them.
pub fn options_of(rules: &Rules, qi: usize) -> Vec<String> {
    let q = &rules.questions[qi];
    match &q.number {
        None if q.multiple => {
            let all: Vec<String> = q.options.iter().map(|o| o.value.clone()).collect();
            let mut atoms = Vec::new();
            conditions(rules).for_each(|c| included(c, qi, &mut atoms));
            subsets(&all, &atoms)
        }
        None => q.options.iter().map(|o| o.value.clone()).collect(),
        Some(spec) => {
            let mut ts = Vec::new();
            conditions(rules).for_each(|c| thresholds(c, qi, &mut ts));
            representatives(spec, ts)
                .into_iter()
                .map(|n| n.to_string())
                .collect()
        }
    }
}

/// Calls `leaf` for every finished quiz, depth first in question and answer
/// order.
pub fn each_path(rules: &Rules, mut leaf: impl FnMut(&Answers)) {
    let domains: Vec<Vec<String>> = (0..rules.questions.len())
        .map(|qi| options_of(rules, qi))
        .collect();
    fn go(
        rules: &Rules,
        domains: &[Vec<String>],
        qi: usize,
        answers: &mut Answers,
        leaf: &mut dyn FnMut(&Answers),
    ) {
        if qi == rules.questions.len() {
            leaf(answers);
            return;
        }
        let q = &rules.questions[qi];
        if q.ask_when.eval(answers, rules.region_of(answers)) == Truth::True {
            for v in &domains[qi] {
                answers.insert(qi, v.clone());
                go(rules, domains, qi + 1, answers, leaf);
            }
            answers.remove(&qi);
        } else {
            go(rules, domains, qi + 1, answers, leaf);
        }
    }
    go(rules, &domains, 0, &mut Answers::new(), &mut leaf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(min: f64, max: Option<f64>) -> NumberSpec {
        NumberSpec {
            unit: None,
            min,
            max,
        }
    }

    #[test]
    fn one_set_stands_for_each_way_the_tests_tell_sets_apart() {
        let all: Vec<String> = ["web", "app", "mini", "quick"].map(String::from).to_vec();
        let atoms = |v: &[&[&str]]| {
            v.iter()
                .map(|a| a.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        // `app` tested: with or without it, with or without the others
        // (`web` stands for them), never empty.
        assert_eq!(
            subsets(&all, &atoms(&[&["app"]])),
            vec!["web", "app", "web,app"]
        );
        // Every option tested alone: every non-empty subset, in option order.
        let every = subsets(
            &all,
            &atoms(&[&["quick"], &["mini"], &["app"], &["web"], &["app"]]),
        );
        assert_eq!(every.len(), 15);
        assert!(every.contains(&"web,mini,quick".to_string()));
        // `mini` and `quick` only ever tested together: one stands for both.
        let together = subsets(
            &all,
            &atoms(&[
                &["web"],
                &["app"],
                &["app", "mini", "quick"],
                &["mini", "quick"],
            ]),
        );
        assert_eq!(together.len(), 7);
        assert!(together.contains(&"web,app,mini".to_string()));
        assert!(!together.iter().any(|s| s.contains("quick")));
        // None tested: one answer stands for all.
        assert_eq!(subsets(&all, &[]), vec!["web"]);
    }

    #[test]
    fn one_number_stands_for_each_stretch_and_each_threshold() {
        assert_eq!(
            representatives(&spec(0.0, None), vec![10.0, 100.0, 10.0]),
            vec![0.0, 10.0, 11.0, 100.0, 101.0]
        );
        // Bounds keep out what the question refuses.
        assert_eq!(
            representatives(&spec(10.0, Some(50.0)), vec![10.0, 100.0]),
            vec![10.0, 11.0]
        );
        // A stretch narrower than one: its middle.
        assert_eq!(
            representatives(&spec(0.0, None), vec![0.5, 1.0]),
            vec![0.0, 0.5, 0.75, 1.0, 2.0]
        );
        // A minimum inside a stretch stands for it.
        assert_eq!(
            representatives(&spec(20.0, None), vec![10.0, 100.0]),
            vec![20.0, 100.0, 101.0]
        );
        assert_eq!(representatives(&spec(3.0, None), vec![]), vec![3.0]);
    }
}
