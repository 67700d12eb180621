//! The proof `beian check` runs (rules/README.md): every way through the
//! quiz ends in one outcome, nothing is unknown once the quiz is done,
//! everything is reachable and every question matters.
//!
//! Walking every combination of answers is exponential in the number of
//! questions, so the questions are first split into groups that no
//! condition relates: the outcomes and their fixes form one group with the
//! questions they read, each item another, each `ask_when` joins its
//! question to those it reads, and a condition that reads a region's facts
//! joins the region question. A group's answers decide its conditions
//! alone, so each group is walked on its own, and the walk stays exhaustive
//! in meaning. A group whose answers combine in more ways than [`BUDGET`]
//! is reported, with its questions, instead of walked.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use super::compiled::{self, Chosen, Conditions};
use super::domain::options_of;
use super::{QuizResult, Undecided};
use crate::diag::Diagnostic;
use crate::rules::checklist;
use crate::rules::condition::{Answers, Condition, Truth};
use crate::rules::model::Rules;

/// The most finished quizzes one group of related questions may have.
pub const BUDGET: usize = 250_000;

/// What a group's leaves decide.
struct Group {
    /// Its questions, in quiz order.
    questions: Vec<usize>,
    /// Whether the outcomes (and fixes) are decided here.
    outcomes: bool,
    /// The items decided here.
    items: Vec<usize>,
}

fn reads(c: &Condition, rules: &Rules, out: &mut BTreeSet<usize>) {
    match c {
        Condition::All(ps) | Condition::Any(ps) => ps.iter().for_each(|p| reads(p, rules, out)),
        Condition::Not(p) => reads(p, rules, out),
        Condition::Answer { question, .. } => {
            out.insert(*question);
        }
        Condition::Fact { .. } => out.extend(rules.region_question),
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        self.0[i] = r;
        r
    }

    fn join(&mut self, set: &BTreeSet<usize>) {
        let mut it = set.iter();
        if let Some(&first) = it.next() {
            let root = self.find(first);
            for &o in it {
                let r = self.find(o);
                self.0[r] = root;
            }
        }
    }
}

fn groups(rules: &Rules) -> Vec<Group> {
    let n = rules.questions.len();
    let mut uf = UnionFind((0..n).collect());
    for (qi, q) in rules.questions.iter().enumerate() {
        let mut set = BTreeSet::from([qi]);
        reads(&q.ask_when, rules, &mut set);
        uf.join(&set);
    }
    let mut outcome_reads = BTreeSet::new();
    for o in &rules.outcomes {
        reads(&o.when, rules, &mut outcome_reads);
        o.fixes
            .iter()
            .for_each(|f| reads(&f.when, rules, &mut outcome_reads));
    }
    uf.join(&outcome_reads);
    let item_reads: Vec<BTreeSet<usize>> = rules
        .items
        .iter()
        .map(|i| {
            let mut set = BTreeSet::new();
            reads(&i.when, rules, &mut set);
            set
        })
        .collect();
    item_reads.iter().for_each(|s| uf.join(s));

    // A group per root; conditions that read no question share one group
    // with no questions.
    let mut by_root: BTreeMap<Option<usize>, Group> = BTreeMap::new();
    let group_of = |uf: &mut UnionFind, set: &BTreeSet<usize>| set.first().map(|&q| uf.find(q));
    let new = || Group {
        questions: Vec::new(),
        outcomes: false,
        items: Vec::new(),
    };
    for qi in 0..n {
        let root = uf.find(qi);
        by_root
            .entry(Some(root))
            .or_insert_with(new)
            .questions
            .push(qi);
    }
    if !rules.outcomes.is_empty() {
        let root = group_of(&mut uf, &outcome_reads);
        by_root.entry(root).or_insert_with(new).outcomes = true;
    }
    for (ii, set) in item_reads.iter().enumerate() {
        let root = group_of(&mut uf, set);
        by_root.entry(root).or_insert_with(new).items.push(ii);
    }
    by_root.into_values().collect()
}

struct Proof<'a> {
    rules: &'a Rules,
    /// The answers each question is walked with.
    domains: &'a [Vec<String>],
    conditions: &'a Conditions<'a>,
    asked: Vec<bool>,
    matters: Vec<bool>,
    ask_unknown: Vec<Option<Answers>>,
    outcome_reached: Vec<bool>,
    fix_reached: Vec<Vec<bool>>,
    /// Items true in some walk (shown when some outcome shows a checklist).
    item_true: Vec<bool>,
    undecided: BTreeMap<Undecided, Answers>,
    /// Finished walks of the group being walked.
    leaves: usize,
    /// The group whose walk went over the budget, if any.
    over_budget: Option<Vec<usize>>,
}

impl Proof<'_> {
    /// What a finished walk of `g` shows, or what it left undecided.
    fn leaf(&mut self, g: &Group, chosen: &Chosen) -> Result<QuizResult, Undecided> {
        let rules = self.rules;
        let c = self.conditions;
        let mut r = QuizResult {
            outcome: usize::MAX,
            fixes: Vec::new(),
            items: Vec::new(),
        };
        let mut show_items = true;
        if g.outcomes {
            let (outcome, fixes) = super::choose(
                rules,
                |oi| c.outcomes[oi].eval(chosen),
                |oi, fi| c.fixes[oi][fi].eval(chosen),
            )?;
            show_items = rules.outcomes[outcome].checklist;
            r.outcome = outcome;
            r.fixes = fixes;
        }
        if show_items {
            for &ii in &g.items {
                match c.items[ii].eval(chosen) {
                    Truth::True => r.items.push(ii),
                    Truth::Unknown => return Err(Undecided::Item(ii)),
                    Truth::False => {}
                }
            }
        }
        Ok(r)
    }

    /// Walks `g` from its `k`-th question; returns the results reachable
    /// from here, as hashes.
    fn node(&mut self, g: &Group, k: usize, chosen: &mut Chosen) -> BTreeSet<u64> {
        if self.over_budget.is_some() {
            return BTreeSet::new();
        }
        let Some(&qi) = g.questions.get(k) else {
            self.leaves += 1;
            if self.leaves > BUDGET {
                self.over_budget = Some(g.questions.clone());
            }
            return match self.leaf(g, chosen) {
                Ok(r) => {
                    if r.outcome != usize::MAX {
                        self.outcome_reached[r.outcome] = true;
                        for &f in &r.fixes {
                            self.fix_reached[r.outcome][f] = true;
                        }
                    }
                    for &i in &r.items {
                        self.item_true[i] = true;
                    }
                    let mut h = DefaultHasher::new();
                    r.hash(&mut h);
                    BTreeSet::from([h.finish()])
                }
                Err(u) => {
                    let domains = self.domains;
                    self.undecided
                        .entry(u)
                        .or_insert_with(|| compiled::answers(chosen, domains));
                    BTreeSet::new()
                }
            };
        };
        match self.conditions.ask_when[qi].eval(chosen) {
            Truth::True => {
                self.asked[qi] = true;
                let mut all = Reached::default();
                for i in 0..self.domains[qi].len() {
                    chosen[qi] = Some(i as u32);
                    let reach = self.node(g, k + 1, chosen);
                    all.add(reach, &mut self.matters[qi]);
                }
                chosen[qi] = None;
                all.all
            }
            Truth::False => self.node(g, k + 1, chosen),
            Truth::Unknown => {
                if self.ask_unknown[qi].is_none() {
                    self.ask_unknown[qi] = Some(compiled::answers(chosen, self.domains));
                }
                self.node(g, k + 1, chosen)
            }
        }
    }
}

impl<'a> Proof<'a> {
    /// A proof of `rules` with nothing found yet; `domains` are the answers
    /// each question is walked with.
    fn new(
        rules: &'a Rules,
        domains: &'a [Vec<String>],
        conditions: &'a Conditions<'a>,
    ) -> Proof<'a> {
        let n = rules.questions.len();
        Proof {
            rules,
            domains,
            conditions,
            asked: vec![false; n],
            matters: vec![false; n],
            ask_unknown: vec![None; n],
            outcome_reached: vec![false; rules.outcomes.len()],
            fix_reached: rules
                .outcomes
                .iter()
                .map(|o| vec![false; o.fixes.len()])
                .collect(),
            item_true: vec![false; rules.items.len()],
            undecided: Default::default(),
            leaves: 0,
            over_budget: None,
        }
    }

    /// A proof with nothing found yet, for the walk of one branch.
    fn fresh(&self) -> Proof<'a> {
        Proof::new(self.rules, self.domains, self.conditions)
    }

    /// Adds what `branch` found after what this proof found, as if it had
    /// been walked after it: the first example of each problem stays.
    fn absorb(&mut self, branch: Proof) {
        let or = |to: &mut [bool], from: &[bool]| {
            to.iter_mut().zip(from).for_each(|(t, f)| *t |= *f);
        };
        or(&mut self.asked, &branch.asked);
        or(&mut self.matters, &branch.matters);
        or(&mut self.outcome_reached, &branch.outcome_reached);
        or(&mut self.item_true, &branch.item_true);
        for (to, from) in self.fix_reached.iter_mut().zip(&branch.fix_reached) {
            or(to, from);
        }
        for (to, from) in self.ask_unknown.iter_mut().zip(branch.ask_unknown) {
            if to.is_none() {
                *to = from;
            }
        }
        for (u, answers) in branch.undecided {
            self.undecided.entry(u).or_insert(answers);
        }
        self.leaves += branch.leaves;
        if self.over_budget.is_none() {
            self.over_budget = branch.over_budget;
        }
    }

    /// Walks `g` on every thread: the first questions asked of everyone
    /// split the walk into branches (every combination of their answers,
    /// up to [`SPLIT_DEPTH`] questions deep), each branch is walked on its
    /// own, and what they found is put together in the order a single walk
    /// visits them, so the result is the one it gives.
    fn walk(&mut self, g: &Group) {
        let mut frontier = Vec::new();
        let mut unanswered = vec![None; self.rules.questions.len()];
        let plan = self.plan(g, 0, &mut unanswered, SPLIT_DEPTH, &mut frontier);
        if frontier.len() < 2 {
            self.node(g, 0, &mut unanswered);
            return;
        }
        use rayon::prelude::*;
        let this = &*self;
        let mut walked: Vec<Option<(Proof, BTreeSet<u64>)>> = frontier
            .into_par_iter()
            .map(|(mut chosen, k)| {
                let mut branch = this.fresh();
                let reach = branch.node(g, k, &mut chosen);
                Some((branch, reach))
            })
            .collect();
        self.replay(plan, &mut walked);
        if self.leaves > BUDGET && self.over_budget.is_none() {
            self.over_budget = Some(g.questions.clone());
        }
    }

    /// The branches of `g` from its `k`-th question: a split at each
    /// question asked whatever was answered before, `depth` deep; each
    /// branch's answers and next question are pushed onto `frontier`.
    fn plan(
        &self,
        g: &Group,
        k: usize,
        chosen: &mut Chosen,
        depth: usize,
        frontier: &mut Vec<(Vec<Option<u32>>, usize)>,
    ) -> Branches {
        if depth > 0
            && let Some(&qi) = g.questions.get(k)
            && self.conditions.ask_when[qi].eval(chosen) == Truth::True
        {
            let mut children = Vec::new();
            for i in 0..self.domains[qi].len() {
                chosen[qi] = Some(i as u32);
                children.push(self.plan(g, k + 1, chosen, depth - 1, frontier));
            }
            chosen[qi] = None;
            return Branches::Split(qi, children);
        }
        frontier.push((chosen.to_vec(), k));
        Branches::Walked(frontier.len() - 1)
    }

    /// Puts the walked branches together as [`Proof::node`] would have
    /// found them; returns the results reachable from `b`.
    fn replay(
        &mut self,
        b: Branches,
        walked: &mut [Option<(Proof, BTreeSet<u64>)>],
    ) -> BTreeSet<u64> {
        match b {
            Branches::Walked(i) => match walked.get_mut(i).and_then(Option::take) {
                Some((branch, reach)) => {
                    self.absorb(branch);
                    reach
                }
                None => BTreeSet::new(),
            },
            Branches::Split(qi, children) => {
                self.asked[qi] = true;
                let mut all = Reached::default();
                for child in children {
                    let reach = self.replay(child, walked);
                    all.add(reach, &mut self.matters[qi]);
                }
                all.all
            }
        }
    }
}

/// The results reachable through each answer to a question, put together:
/// the answer matters when one of them reaches other results than the
/// first.
#[derive(Default)]
struct Reached {
    all: BTreeSet<u64>,
    first: Option<BTreeSet<u64>>,
}

impl Reached {
    fn add(&mut self, reach: BTreeSet<u64>, matters: &mut bool) {
        match &self.first {
            None => self.first = Some(reach.clone()),
            Some(f) if *f != reach => *matters = true,
            Some(_) => {}
        }
        self.all.extend(reach);
    }
}

/// How many questions deep a walk is split into branches for the threads.
const SPLIT_DEPTH: usize = 3;

/// A walk split into branches: a question and the branches of each of its
/// answers, in order, or a branch walked on its own (its place among them).
enum Branches {
    Split(usize, Vec<Branches>),
    Walked(usize),
}

pub(super) fn show(rules: &Rules, answers: &Answers) -> String {
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
/// number of ways through the quiz (0 when it was not proved).
pub fn prove(rules: &Rules) -> (usize, Vec<Diagnostic>) {
    if rules.outcomes.is_empty() {
        return (0, Vec::new());
    }
    let domains: Vec<Vec<String>> = (0..rules.questions.len())
        .map(|qi| options_of(rules, qi))
        .collect();
    let conditions = Conditions::new(rules, &domains);
    let mut proof = Proof::new(rules, &domains, &conditions);
    let groups = groups(rules);
    // Groups are independent, so the ways through the whole quiz are the
    // product of each group's.
    let mut ways: usize = 1;
    for g in &groups {
        proof.leaves = 0;
        proof.walk(g);
        if let Some(qs) = proof.over_budget.take() {
            return (0, vec![over_budget(rules, &qs)]);
        }
        ways = ways.saturating_mul(proof.leaves.max(1));
    }
    // Items in groups of their own are shown only when some outcome shows
    // the checklist; the walk of the outcomes' group says whether one does.
    let any_checklist = rules
        .outcomes
        .iter()
        .zip(&proof.outcome_reached)
        .any(|(o, reached)| *reached && o.checklist);
    if !any_checklist {
        for g in groups.iter().filter(|g| !g.outcomes) {
            g.items.iter().for_each(|&i| proof.item_true[i] = false);
            g.questions.iter().for_each(|&q| proof.matters[q] = false);
        }
    }
    let mut item_reached = proof.item_true.clone();
    // Items also count as reachable when a region's page lists them.
    for answers in page_answer_sets(rules) {
        let region = rules.region_of(&answers);
        for ii in checklist::applies(rules, region, &answers) {
            item_reached[ii] = true;
        }
    }
    (ways, report(rules, &proof, &item_reached))
}

/// The answers of every checklist page: each region (or none) with each
/// applicant type (or none).
fn page_answer_sets(rules: &Rules) -> Vec<Answers> {
    let regions: Vec<Option<&crate::rules::model::Region>> = if rules.regions.is_empty() {
        vec![None]
    } else {
        rules.regions.iter().map(Some).collect()
    };
    let applicants: Vec<Option<&str>> = if rules.applicant_options().is_empty() {
        vec![None]
    } else {
        rules
            .applicant_options()
            .iter()
            .map(|o| Some(o.value.as_str()))
            .collect()
    };
    regions
        .iter()
        .flat_map(|r| {
            applicants
                .iter()
                .map(move |a| checklist::page_answers(rules, *r, *a))
        })
        .collect()
}

fn over_budget(rules: &Rules, questions: &[usize]) -> Diagnostic {
    let first = &rules.questions[questions[0]];
    let ids: Vec<&str> = questions
        .iter()
        .map(|&q| rules.questions[q].id.as_str())
        .collect();
    Diagnostic::error(format!(
        "the quiz cannot be proved: its questions {} are related through conditions, and their answers combine in more than {BUDGET} ways",
        ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
    ))
    .at_line(&first.file, first.line)
    .with_help("questions that no condition reads together are proved apart: split conditions that read many questions at once (an outcome or item that tests many questions ties them all together), or ask fewer questions")
}

fn report(rules: &Rules, proof: &Proof, item_reached: &[bool]) -> Vec<Diagnostic> {
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
        d.push(undecided(rules, *u, &show(rules, answers)));
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
        if !item_reached[ii] {
            d.push(
                Diagnostic::error(format!(
                    "checklist item `{}` never appears, in the quiz or on any checklist page",
                    item.id
                ))
                .at_line(&item.file, item.line),
            );
        }
    }
    d
}

fn undecided(rules: &Rules, u: Undecided, example: &str) -> Diagnostic {
    match u {
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
    }
}
