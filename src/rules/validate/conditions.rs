//! Conditions: compiled from their written form against the questions and
//! facts they name; and the named conditions of conditions.yaml, compiled
//! once (each after the ones it uses) and used by name anywhere.

use std::collections::{BTreeSet, HashMap};

use super::catalogue::Catalogue;
use super::ids::{Index, PLAIN_ID, check_ids};
use super::{Problems, decode, kind_name};
use crate::load::{RulesSource, TextFile};
use crate::rules::condition::{AnswerTest, Cmp, Condition, FactTest};
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw::{self, COMPARISONS, ConditionDef, InlineCondition};

/// The named conditions, compiled; `None` for one that has errors (they
/// were reported, and uses of it are not reported again).
#[derive(Default)]
pub struct Named {
    compiled: HashMap<String, Option<Condition>>,
}

/// Reads and compiles conditions.yaml, if the site has one.
pub fn named(
    src: &RulesSource,
    cat: &Catalogue,
    qs: &super::questions::Questions,
    p: &mut Problems,
) -> Named {
    let mut named = Named::default();
    let Some(file) = &src.conditions else {
        return named;
    };
    let Some(cf) = decode::<raw::ConditionsFile>(file, p) else {
        return named;
    };
    check_ids(
        file,
        cf.conditions.iter().map(|c| c.id.as_str()),
        "condition",
        PLAIN_ID,
        p,
    );
    let by_id: HashMap<&str, &raw::NamedConditionDef> =
        cf.conditions.iter().map(|c| (c.id.as_str(), c)).collect();
    let order = dependency_order(file, &cf, &by_id, p);
    // Those in a circle were reported: uses of them are not reported again.
    for c in &cf.conditions {
        if !order.contains(&c.id.as_str()) {
            named.compiled.insert(c.id.clone(), None);
        }
    }
    let question_ix = qs.index();
    for id in order {
        let def = by_id[id];
        let line = locate::entry_line(&file.text, id);
        let when_line = locate::key_line(&file.text, line, "when");
        let compiled = {
            let mut cx = Compile::new(file, when_line, &qs.list, &question_ix, cat, &named);
            cx.compile(&def.when, p)
        };
        named.compiled.insert(id.to_string(), compiled);
    }
    named
}

/// The named conditions, each after those it uses; a cycle is reported
/// and its members left out.
fn dependency_order<'a>(
    file: &TextFile,
    cf: &'a raw::ConditionsFile,
    by_id: &HashMap<&'a str, &'a raw::NamedConditionDef>,
    p: &mut Problems,
) -> Vec<&'a str> {
    fn uses<'a>(def: &'a ConditionDef, out: &mut Vec<&'a str>) {
        match def {
            ConditionDef::Named(n) => out.push(n),
            ConditionDef::Inline(c) => {
                for part in c.all.iter().chain(&c.any).flatten() {
                    uses(part, out);
                }
                if let Some(inner) = &c.not {
                    uses(inner, out);
                }
            }
        }
    }
    fn visit<'a>(
        id: &'a str,
        by_id: &HashMap<&'a str, &'a raw::NamedConditionDef>,
        state: &mut HashMap<&'a str, bool>,
        stack: &mut Vec<&'a str>,
        order: &mut Vec<&'a str>,
        cycles: &mut BTreeSet<Vec<&'a str>>,
    ) {
        match state.get(id) {
            Some(true) => return,
            Some(false) => {
                let from = stack.iter().position(|s| *s == id).unwrap_or(0);
                cycles.insert(stack[from..].to_vec());
                return;
            }
            None => {}
        }
        let Some(def) = by_id.get(id) else { return };
        state.insert(id, false);
        stack.push(id);
        let mut used = Vec::new();
        uses(&def.when, &mut used);
        for u in used {
            visit(u, by_id, state, stack, order, cycles);
        }
        stack.pop();
        state.insert(id, true);
        order.push(id);
    }
    let mut state = HashMap::new();
    let mut order = Vec::new();
    let mut cycles = BTreeSet::new();
    for c in &cf.conditions {
        visit(
            &c.id,
            by_id,
            &mut state,
            &mut Vec::new(),
            &mut order,
            &mut cycles,
        );
    }
    let mut in_cycle = BTreeSet::new();
    for cycle in &cycles {
        let line = locate::entry_line(&file.text, cycle[0]);
        let mut path = cycle.clone();
        path.push(cycle[0]);
        p.at_help(
            file,
            locate::word(&file.text, line, cycle[0]),
            format!("condition `{}` uses itself: {}", cycle[0], path.join(" → ")),
            Some("a named condition may use others, but not in a circle".into()),
        );
        in_cycle.extend(cycle.iter().copied());
    }
    order.retain(|id| !in_cycle.contains(id));
    order
}

/// Turns a written condition into a checked one.
pub struct Compile<'a> {
    file: &'a TextFile,
    /// Search for problems from here (the `when:` line).
    pub line: usize,
    questions: &'a [Question],
    question_ix: &'a Index<'a>,
    cat: &'a Catalogue,
    named: &'a Named,
}

const OPERATORS: [&str; 5] = ["all", "any", "not", "answer", "fact"];
const TESTS: [&str; 8] = ["equals", "in", "known", "includes", ">", ">=", "<", "<="];

impl<'a> Compile<'a> {
    pub fn new(
        file: &'a TextFile,
        line: usize,
        questions: &'a [Question],
        question_ix: &'a Index<'a>,
        cat: &'a Catalogue,
        named: &'a Named,
    ) -> Self {
        Compile {
            file,
            line,
            questions,
            question_ix,
            cat,
            named,
        }
    }

    pub fn compile(&mut self, def: &ConditionDef, p: &mut Problems) -> Option<Condition> {
        match def {
            ConditionDef::Named(name) => self.by_name(name, p),
            ConditionDef::Inline(c) => self.inline(c, p),
        }
    }

    fn by_name(&mut self, name: &str, p: &mut Problems) -> Option<Condition> {
        match self.named.compiled.get(name) {
            Some(c) => c.clone(),
            None => {
                let help = match locate::suggest(name, self.named.compiled.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`? Named conditions are defined in rules/conditions.yaml"),
                    None => "name a condition defined in rules/conditions.yaml, or write it out, such as { answer: q, equals: v }".into(),
                };
                p.at_help(
                    self.file,
                    locate::word(&self.file.text, self.line, name),
                    format!("unknown condition `{name}`"),
                    Some(help),
                );
                None
            }
        }
    }

    /// The written keys among `names` that are set, in file order: a shape
    /// problem is shown at the key that breaks it.
    fn written(&self, names: &[&str], set: &[bool]) -> Vec<(usize, usize)> {
        let mut at: Vec<(usize, usize)> = names
            .iter()
            .zip(set)
            .filter(|(_, set)| **set)
            .filter_map(|(name, _)| locate::key(&self.file.text, self.line, name))
            .collect();
        at.sort();
        at
    }

    /// Exactly one operator, and a test exactly where one is needed.
    fn shape(&self, c: &InlineCondition, p: &mut Problems) -> bool {
        let operators = [
            c.all.is_some(),
            c.any.is_some(),
            c.not.is_some(),
            c.answer.is_some(),
            c.fact.is_some(),
        ];
        let cmps = c.comparisons();
        let tests = [
            c.equals.is_some(),
            c.one_of.is_some(),
            c.known.is_some(),
            c.includes.is_some(),
            cmps[0].is_some(),
            cmps[1].is_some(),
            cmps[2].is_some(),
            cmps[3].is_some(),
        ];
        let n_ops = operators.iter().filter(|b| **b).count();
        let n_tests = tests.iter().filter(|b| **b).count();
        let here = (self.line, 1);
        if n_ops != 1 {
            let at = self.written(&OPERATORS, &operators);
            p.at_help(
                self.file,
                at.get(1).copied().unwrap_or(here),
                if n_ops == 0 { "a condition needs one of `all`, `any`, `not`, `answer` or `fact`".into() } else { "a condition may have only one of `all`, `any`, `not`, `answer`, `fact`: nest them in `all` or `any`".into() },
                Some("see \"Conditions\" in rules/README.md".into()),
            );
            return false;
        }
        let wants_test = c.answer.is_some() || c.fact.is_some();
        if wants_test && n_tests != 1 {
            let at = if n_tests == 0 {
                self.written(&OPERATORS, &operators).first().copied()
            } else {
                self.written(&TESTS, &tests).get(1).copied()
            };
            p.at_help(
                self.file,
                at.unwrap_or(here),
                format!("a test of an answer or a fact needs exactly one of `equals`, `in`, `known`, `includes` or a comparison ({})", COMPARISONS.map(|c| format!("`{c}`")).join(", ")),
                Some("for example { answer: applicant, equals: individual } or { answer: staff, \">=\": 10 }".into()),
            );
            return false;
        }
        if !wants_test && n_tests > 0 {
            let at = self
                .written(&TESTS, &tests)
                .first()
                .copied()
                .unwrap_or(here);
            p.at(self.file, at, "`equals`, `in`, `known`, `includes` and comparisons go with `answer` or `fact`, not with `all`, `any` or `not`".into());
            return false;
        }
        true
    }

    fn inline(&mut self, c: &InlineCondition, p: &mut Problems) -> Option<Condition> {
        if !self.shape(c, p) {
            return None;
        }
        if let Some(parts) = c.all.as_ref().or(c.any.as_ref()) {
            let compiled: Vec<Option<Condition>> =
                parts.iter().map(|part| self.compile(part, p)).collect();
            let compiled: Vec<Condition> = compiled.into_iter().collect::<Option<_>>()?;
            return Some(if c.all.is_some() {
                Condition::All(compiled)
            } else {
                Condition::Any(compiled)
            });
        }
        if let Some(inner) = &c.not {
            return self.compile(inner, p).map(|c| Condition::Not(Box::new(c)));
        }
        if let Some(q) = &c.answer {
            return self.answer(q, c, p);
        }
        self.fact(c.fact.as_deref()?, c, p)
    }

    fn comparison(c: &InlineCondition) -> Option<(Cmp, f64)> {
        let [above, at_least, below, at_most] = c.comparisons();
        above
            .map(|n| (Cmp::Above, n))
            .or(at_least.map(|n| (Cmp::AtLeast, n)))
            .or(below.map(|n| (Cmp::Below, n)))
            .or(at_most.map(|n| (Cmp::AtMost, n)))
    }

    fn answer(&mut self, q: &str, c: &InlineCondition, p: &mut Problems) -> Option<Condition> {
        if !self.question_ix.checking {
            return None;
        }
        let qi = self.question_ix.resolve(q, self.file, self.line, p)?;
        let question = &self.questions[qi];
        if question.number.is_some() {
            return self.number_answer(qi, c, p);
        }
        if !self.several_fits(q, question.multiple, c, p) {
            return None;
        }
        if let Some((cmp, _)) = Self::comparison(c) {
            p.at_help(
                self.file,
                locate::word(&self.file.text, self.line, &format!("\"{}\"", cmp.symbol())),
                format!("question `{q}` is answered by choosing an option: it cannot be compared with `{}`", cmp.symbol()),
                Some("comparisons are for `kind: number` questions; use `equals` or `in`".into()),
            );
            return None;
        }
        let value = |v: &raw::Scalar, p: &mut Problems| -> Option<String> {
            let s = match v {
                raw::Scalar::Text(s) => s.clone(),
                other => {
                    p.at_help(
                        self.file,
                        locate::word(&self.file.text, self.line, &other.to_string()),
                        format!("answers are text: found `{other}` for question `{q}`"),
                        Some("quote option values, for example equals: \"yes\"".into()),
                    );
                    return None;
                }
            };
            if question.option(&s).is_none() {
                let known: Vec<&str> = question.options.iter().map(|o| o.value.as_str()).collect();
                let shown = if known.len() > 12 {
                    format!("{} …", known[..12].join(", "))
                } else {
                    known.join(", ")
                };
                p.at_help(
                    self.file,
                    locate::word(&self.file.text, self.line, &s),
                    format!("question `{q}` has no option `{s}`"),
                    Some(format!("its options are: {shown}")),
                );
                return None;
            }
            Some(s)
        };
        let test = if let Some(v) = &c.equals {
            AnswerTest::Equals(value(v, p)?)
        } else if let Some(vs) = &c.one_of {
            let vals: Vec<Option<String>> = vs.iter().map(|v| value(v, p)).collect();
            AnswerTest::In(vals.into_iter().collect::<Option<Vec<_>>>()?)
        } else if let Some(vs) = &c.includes {
            let vals: Vec<Option<String>> = vs.values().iter().map(|v| value(v, p)).collect();
            AnswerTest::Includes(vals.into_iter().collect::<Option<Vec<_>>>()?)
        } else {
            AnswerTest::Known(c.known.unwrap_or(true))
        };
        Some(Condition::Answer { question: qi, test })
    }

    /// `includes` tests a multiple question, and only it; `equals` and `in`
    /// do not: an answer of several options equals none of them.
    fn several_fits(&self, q: &str, multiple: bool, c: &InlineCondition, p: &mut Problems) -> bool {
        let (key, message, help) = if multiple && c.equals.is_some() {
            (
                "equals",
                format!(
                    "question `{q}` takes several answers: test it with `includes`, not `equals`"
                ),
                "for example { answer: q, includes: v }",
            )
        } else if multiple && c.one_of.is_some() {
            (
                "in",
                format!("question `{q}` takes several answers: test it with `includes`, not `in`"),
                "use `any` of several `includes` tests",
            )
        } else if !multiple && c.includes.is_some() {
            (
                "includes",
                format!(
                    "question `{q}` takes one answer: `includes` is for `kind: multiple` questions"
                ),
                "use `equals` or `in`",
            )
        } else {
            return true;
        };
        p.at_help(
            self.file,
            locate::key(&self.file.text, self.line, key).unwrap_or((self.line, 1)),
            message,
            Some(help.into()),
        );
        false
    }

    /// A number question: compared with numbers (`equals` and `in` too).
    fn number_answer(
        &mut self,
        qi: usize,
        c: &InlineCondition,
        p: &mut Problems,
    ) -> Option<Condition> {
        let q = &self.questions[qi].id;
        if c.includes.is_some() {
            p.at_help(
                self.file,
                locate::key(&self.file.text, self.line, "includes").unwrap_or((self.line, 1)),
                format!("question `{q}` is answered with a number: `includes` is for `kind: multiple` questions"),
                Some("compare it with a number, such as { answer: staff, \">=\": 10 }".into()),
            );
            return None;
        }
        let number = |v: &raw::Scalar, p: &mut Problems| -> Option<f64> {
            match v {
                raw::Scalar::Number(n) => Some(*n),
                other => {
                    p.at_help(
                        self.file,
                        locate::word(&self.file.text, self.line, &other.to_string()),
                        format!("question `{q}` is answered with a number: found `{other}`"),
                        Some(
                            "compare it with a number, such as { answer: staff, \">=\": 10 }"
                                .into(),
                        ),
                    );
                    None
                }
            }
        };
        let eq = |n: f64| Condition::Answer {
            question: qi,
            test: AnswerTest::Compare(Cmp::Eq, n),
        };
        if let Some(v) = &c.equals {
            return Some(eq(number(v, p)?));
        }
        if let Some(vs) = &c.one_of {
            let ns: Vec<Option<f64>> = vs.iter().map(|v| number(v, p)).collect();
            let ns: Vec<f64> = ns.into_iter().collect::<Option<_>>()?;
            return Some(Condition::Any(ns.into_iter().map(eq).collect()));
        }
        if let Some((cmp, n)) = Self::comparison(c) {
            return Some(Condition::Answer {
                question: qi,
                test: AnswerTest::Compare(cmp, n),
            });
        }
        Some(Condition::Answer {
            question: qi,
            test: AnswerTest::Known(c.known.unwrap_or(true)),
        })
    }

    fn fact(&mut self, f: &str, c: &InlineCondition, p: &mut Problems) -> Option<Condition> {
        if !self.cat.facts_checked() {
            return None;
        }
        let fi = self.cat.fact_index().resolve(f, self.file, self.line, p)?;
        let kind = self.cat.facts[fi].kind;
        if c.includes.is_some() {
            p.at(
                self.file,
                locate::key(&self.file.text, self.line, "includes").unwrap_or((self.line, 1)),
                format!("fact `{f}` has one value: `includes` is for answers to `kind: multiple` questions"),
            );
            return None;
        }
        if let Some((cmp, n)) = Self::comparison(c) {
            if kind != FactKind::Number {
                p.at(
                    self.file,
                    locate::word(&self.file.text, self.line, f),
                    format!(
                        "fact `{f}` is of type {}: only numbers can be compared with `{}`",
                        kind_name(kind),
                        cmp.symbol()
                    ),
                );
                return None;
            }
            return Some(Condition::Fact {
                fact: fi,
                test: FactTest::Compare(cmp, n),
            });
        }
        let check = |v: &raw::Scalar, p: &mut Problems| -> Option<raw::Scalar> {
            if v.kind() == kind {
                return Some(v.clone());
            }
            p.at(
                self.file,
                locate::word(&self.file.text, self.line, f),
                format!(
                    "fact `{f}` is of type {}, compared with a {} `{v}`",
                    kind_name(kind),
                    kind_name(v.kind())
                ),
            );
            None
        };
        let test = if let Some(v) = &c.equals {
            FactTest::Equals(check(v, p)?)
        } else if let Some(vs) = &c.one_of {
            let vals: Vec<Option<raw::Scalar>> = vs.iter().map(|v| check(v, p)).collect();
            FactTest::In(vals.into_iter().collect::<Option<Vec<_>>>()?)
        } else {
            FactTest::Known(c.known.unwrap_or(true))
        };
        Some(Condition::Fact { fact: fi, test })
    }
}
