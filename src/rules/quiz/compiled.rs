//! The rules' conditions made ready for the proof's walk. The walk gives
//! each question only the answers of its domain ([`super::options_of`]),
//! so a test of one answer (or of a fact of the region the region question
//! chose) can be worked out beforehand for each of them: evaluating a
//! condition then reads a table by the answer's place in the domain, where
//! [`Condition::eval`] looked the answer up in a map and compared strings.
//! The walk visits every way through the quiz (about 150,000 in the
//! bundled guide), so this was most of the proof's time. The tables are
//! filled by `Condition::eval` itself, so the two cannot disagree.

use crate::rules::condition::{Answers, Condition, Truth};
use crate::rules::model::Rules;

/// A walk's answers: each question's answer as its place in the question's
/// domain, or `None` before it is answered (or when it is not asked).
pub type Chosen = [Option<u32>];

/// A condition whose tests are tables.
pub enum Compiled<'a> {
    All(Vec<Compiled<'a>>),
    Any(Vec<Compiled<'a>>),
    Not(Box<Compiled<'a>>),
    /// A condition worked out for every combination of the answers (or
    /// none) of the few questions it reads: one lookup. A test reads one
    /// question's answer (a fact test the region question's; none in rules
    /// without regions); a whole condition becomes one table too when it
    /// reads few enough questions, where its tree would be a walk through
    /// its parts. An item's condition reads one to three questions, and the
    /// walk evaluates every item at every finished quiz.
    Table {
        /// Each question read, with its stride in `truth`.
        questions: Box<[(usize, usize)]>,
        truth: Box<[Truth]>,
    },
    /// A test of a question with more answers than a table is made for (a
    /// multiple question's sets of options can number 2^18): evaluated as
    /// [`Condition::eval`] would, when the walk reaches it. A walk of such a
    /// question soon goes over the proof's budget, so filling a table for
    /// each of its tests would cost more than the walk it spares.
    Direct {
        question: usize,
        test: &'a Condition,
        domain: &'a [String],
        rules: &'a Rules,
    },
}

/// The most combinations of answers a condition is worked out for.
const TABLE_LIMIT: usize = 4096;

/// The most evaluations of parts a table may cost to fill: a huge
/// condition in a hostile rules file is left a tree (its smaller parts
/// still become tables), so compiling stays quick whatever the walk does.
const TABLE_WORK: usize = 1 << 22;

impl<'a> Compiled<'a> {
    pub fn new(c: &'a Condition, rules: &'a Rules, domains: &'a [Vec<String>]) -> Compiled<'a> {
        let each = |ps: &'a [Condition]| {
            ps.iter()
                .map(|p| Compiled::new(p, rules, domains))
                .collect()
        };
        match c {
            Condition::All(ps) => Compiled::All(each(ps)),
            Condition::Any(ps) => Compiled::Any(each(ps)),
            Condition::Not(p) => Compiled::Not(Box::new(Compiled::new(p, rules, domains))),
            Condition::Answer { question, .. } => test(c, Some(*question), rules, domains),
            Condition::Fact { .. } => test(c, rules.region_question, rules, domains),
        }
    }

    /// `c` compiled, each part of it as one table where the questions
    /// the part reads combine in few enough ways: the whole condition when
    /// they do for it.
    pub fn flat(c: &'a Condition, rules: &'a Rules, domains: &'a [Vec<String>]) -> Compiled<'a> {
        Compiled::new(c, rules, domains).tabled(domains)
    }

    fn tabled(self, domains: &[Vec<String>]) -> Compiled<'a> {
        if matches!(self, Compiled::Table { .. } | Compiled::Direct { .. }) {
            return self;
        }
        if let Some(table) = self.table(domains) {
            return table;
        }
        let each = |ps: Vec<Compiled<'a>>| ps.into_iter().map(|p| p.tabled(domains)).collect();
        match self {
            Compiled::All(ps) => Compiled::All(each(ps)),
            Compiled::Any(ps) => Compiled::Any(each(ps)),
            Compiled::Not(p) => Compiled::Not(Box::new(p.tabled(domains))),
            other => other,
        }
    }

    /// This condition as one table, unless the questions it reads combine
    /// in more than [`TABLE_LIMIT`] ways.
    fn table(&self, domains: &[Vec<String>]) -> Option<Compiled<'a>> {
        let mut read = Vec::new();
        self.reads(&mut read);
        read.sort_unstable();
        read.dedup();
        // Each question is unanswered, or given one of its domain's answers.
        let mut questions = Vec::with_capacity(read.len());
        let mut size = 1usize;
        for q in read {
            questions.push((q, size));
            size = size
                .checked_mul(domains[q].len() + 1)
                .filter(|&s| s <= TABLE_LIMIT)?;
        }
        if size.saturating_mul(self.parts()) > TABLE_WORK {
            return None;
        }
        let mut chosen = vec![None; domains.len()];
        let truth = (0..size)
            .map(|index| {
                for &(q, stride) in &questions {
                    let place = index / stride % (domains[q].len() + 1);
                    chosen[q] = place.checked_sub(1).map(|i| i as u32);
                }
                self.eval(&chosen)
            })
            .collect();
        Some(Compiled::Table {
            questions: questions.into(),
            truth,
        })
    }

    /// How many parts this condition has, itself included.
    fn parts(&self) -> usize {
        match self {
            Compiled::All(ps) | Compiled::Any(ps) => {
                1 + ps.iter().map(Compiled::parts).sum::<usize>()
            }
            Compiled::Not(p) => 1 + p.parts(),
            Compiled::Table { .. } | Compiled::Direct { .. } => 1,
        }
    }

    fn reads(&self, out: &mut Vec<usize>) {
        match self {
            Compiled::All(ps) | Compiled::Any(ps) => ps.iter().for_each(|p| p.reads(out)),
            Compiled::Not(p) => p.reads(out),
            Compiled::Table { questions, .. } => out.extend(questions.iter().map(|&(q, _)| q)),
            Compiled::Direct { question, .. } => out.push(*question),
        }
    }

    pub fn eval(&self, chosen: &Chosen) -> Truth {
        match self {
            Compiled::Table { questions, truth } => {
                let index = questions
                    .iter()
                    .map(|&(q, stride)| chosen[q].map_or(0, |i| i as usize + 1) * stride)
                    .sum::<usize>();
                truth[index]
            }
            Compiled::All(ps) => Truth::all(ps.iter().map(|p| p.eval(chosen))),
            Compiled::Any(ps) => Truth::any(ps.iter().map(|p| p.eval(chosen))),
            Compiled::Not(p) => !p.eval(chosen),
            Compiled::Direct {
                question,
                test,
                domain,
                rules,
            } => {
                let answers = match chosen[*question] {
                    Some(i) => Answers::from([(*question, domain[i as usize].clone())]),
                    None => Answers::new(),
                };
                alone(test, rules, &answers)
            }
        }
    }
}

/// `test`, which reads one question's answer at most, evaluated with
/// `answers`.
fn alone(test: &Condition, rules: &Rules, answers: &Answers) -> Truth {
    test.eval(answers, rules.region_of(answers))
}

/// `test`, which reads nothing but `question`'s answer, worked out for
/// no answer and then each answer of the question's domain, in the order
/// [`Compiled::Table`] reads them; left to be evaluated directly when the
/// domain is larger than a table.
fn test<'a>(
    test: &'a Condition,
    question: Option<usize>,
    rules: &'a Rules,
    domains: &'a [Vec<String>],
) -> Compiled<'a> {
    let unanswered = alone(test, rules, &Answers::new());
    let Some(q) = question else {
        return Compiled::Table {
            questions: Box::default(),
            truth: Box::new([unanswered]),
        };
    };
    if domains[q].len() > TABLE_LIMIT {
        return Compiled::Direct {
            question: q,
            test,
            domain: &domains[q],
            rules,
        };
    }
    let answered = domains[q]
        .iter()
        .map(|v| alone(test, rules, &Answers::from([(q, v.clone())])));
    Compiled::Table {
        questions: Box::new([(q, 1)]),
        truth: std::iter::once(unanswered).chain(answered).collect(),
    }
}

/// Every condition of the rules the walk evaluates, compiled.
pub struct Conditions<'a> {
    pub ask_when: Vec<Compiled<'a>>,
    pub outcomes: Vec<Compiled<'a>>,
    /// By outcome, then fix.
    pub fixes: Vec<Vec<Compiled<'a>>>,
    pub items: Vec<Compiled<'a>>,
}

impl<'a> Conditions<'a> {
    pub fn new(rules: &'a Rules, domains: &'a [Vec<String>]) -> Conditions<'a> {
        let compile = |c: &'a Condition| Compiled::flat(c, rules, domains);
        Conditions {
            ask_when: rules
                .questions
                .iter()
                .map(|q| compile(&q.ask_when))
                .collect(),
            outcomes: rules.outcomes.iter().map(|o| compile(&o.when)).collect(),
            fixes: rules
                .outcomes
                .iter()
                .map(|o| o.fixes.iter().map(|f| compile(&f.when)).collect())
                .collect(),
            items: rules.items.iter().map(|i| compile(&i.when)).collect(),
        }
    }
}

/// `chosen` as the answers map the rest of beian reads.
pub fn answers(chosen: &Chosen, domains: &[Vec<String>]) -> Answers {
    chosen
        .iter()
        .enumerate()
        .filter_map(|(q, i)| Some((q, domains[q][(*i)? as usize].clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::quiz::{each_path, options_of};

    /// The bundled guide's rules: conditions that read many questions
    /// through named conditions, a region question with thirty-odd
    /// answers, facts of regions and tests of skipped questions.
    fn bundled() -> Rules {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::commands::checklist::load_rules(root, None)
            .unwrap_or_else(|_| panic!("the bundled rules hold"))
    }

    fn chosen(answers: &Answers, domains: &[Vec<String>]) -> Vec<Option<u32>> {
        (0..domains.len())
            .map(|q| {
                let a = answers.get(&q)?;
                Some(
                    domains[q]
                        .iter()
                        .position(|v| v == a)
                        .expect("a domain answer") as u32,
                )
            })
            .collect()
    }

    #[test]
    fn every_condition_compiled_agrees_with_its_evaluation_on_the_way_through() {
        let rules = bundled();
        let domains: Vec<Vec<String>> = (0..rules.questions.len())
            .map(|q| options_of(&rules, q))
            .collect();
        let compiled = Conditions::new(&rules, &domains);
        let pairs: Vec<(&Condition, &Compiled)> = rules
            .questions
            .iter()
            .map(|q| &q.ask_when)
            .zip(&compiled.ask_when)
            .chain(
                rules
                    .outcomes
                    .iter()
                    .map(|o| &o.when)
                    .zip(&compiled.outcomes),
            )
            .chain(
                rules
                    .outcomes
                    .iter()
                    .zip(&compiled.fixes)
                    .flat_map(|(o, fs)| o.fixes.iter().map(|f| &f.when).zip(fs)),
            )
            .chain(rules.items.iter().map(|i| &i.when).zip(&compiled.items))
            .collect();
        assert!(
            pairs
                .iter()
                .any(|(_, c)| matches!(c, Compiled::All(_) | Compiled::Any(_))),
            "some condition reads too many questions for one table"
        );
        let mut seen = 0usize;
        let mut results = std::collections::BTreeSet::new();
        each_path(&rules, |answers| {
            seen += 1;
            // Every finished quiz would take minutes unoptimised; one in
            // 61, and each with the questions after the k-th unanswered,
            // which is where `ask_when` is evaluated.
            if seen % 61 != 1 {
                return;
            }
            for k in 0..=rules.questions.len() {
                let part: Answers = answers.range(..k).map(|(q, v)| (*q, v.clone())).collect();
                let ch = chosen(&part, &domains);
                let region = rules.region_of(&part);
                for (c, compiled) in &pairs {
                    let truth = c.eval(&part, region);
                    assert_eq!(compiled.eval(&ch), truth, "{c:?} with {part:?}");
                    results.insert(format!("{truth:?}"));
                }
            }
            assert_eq!(
                answers,
                &super::answers(&chosen(answers, &domains), &domains)
            );
        });
        assert!(seen > 1000, "{seen} ways through the bundled quiz");
        assert_eq!(results.len(), 3, "true, false and unknown all met");
    }
}
