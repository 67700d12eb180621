//! The condition language of rules/README.md: compiled from its written
//! form, evaluated in Kleene's three-valued logic. The quiz's JavaScript is
//! a second implementation of exactly this file; tests hold the two equal.

use std::collections::BTreeMap;

use crate::rules::raw::Scalar;

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Answer { question: usize, test: AnswerTest },
    Fact { fact: usize, test: FactTest },
}

#[derive(Debug, Clone, PartialEq)]
pub enum AnswerTest {
    Equals(String),
    In(Vec<String>),
    Known(bool),
    /// Of a number question's answer.
    Compare(Cmp, f64),
    /// Of a multiple question's answer: one of these options is among
    /// those chosen.
    Includes(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum FactTest {
    Equals(Scalar),
    In(Vec<Scalar>),
    Known(bool),
    /// Of a number fact's value.
    Compare(Cmp, f64),
}

/// A comparison of a number with a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Cmp {
    pub fn holds(self, n: f64, against: f64) -> bool {
        match self {
            Cmp::Eq => n == against,
            Cmp::Above => n > against,
            Cmp::AtLeast => n >= against,
            Cmp::Below => n < against,
            Cmp::AtMost => n <= against,
        }
    }

    /// As written in rules files, and in the quiz's data.
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Above => ">",
            Cmp::AtLeast => ">=",
            Cmp::Below => "<",
            Cmp::AtMost => "<=",
        }
    }
}

impl PartialEq for Scalar {
    fn eq(&self, other: &Scalar) -> bool {
        self.same(other)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    /// Depends on an answer not given yet.
    Unknown,
}

impl Truth {
    fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene's conjunction; stops at the first false part, so the parts
    /// after it are not evaluated.
    pub fn all(parts: impl Iterator<Item = Truth>) -> Truth {
        let mut unknown = false;
        for p in parts {
            match p {
                Truth::False => return Truth::False,
                Truth::Unknown => unknown = true,
                Truth::True => {}
            }
        }
        if unknown { Truth::Unknown } else { Truth::True }
    }

    /// Kleene's disjunction, by De Morgan: not all parts false. Stops at
    /// the first true part.
    pub fn any(parts: impl Iterator<Item = Truth>) -> Truth {
        !Truth::all(parts.map(|p| !p))
    }
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// What a condition reads of a region: the value of its statement in force
/// of a fact, by the fact's index. The rules' regions are the one kind;
/// this keeps the condition language apart from the rules model.
pub trait Facts {
    fn current_value(&self, fact: usize) -> Option<&Scalar>;
}

/// Answers by question index: the chosen option's value.
pub type Answers = BTreeMap<usize, String>;

impl Condition {
    /// Always true: an item without `when`.
    pub fn always() -> Condition {
        Condition::All(Vec::new())
    }

    pub fn eval<F: Facts + ?Sized>(&self, answers: &Answers, region: Option<&F>) -> Truth {
        match self {
            Condition::All(parts) => Truth::all(parts.iter().map(|p| p.eval(answers, region))),
            Condition::Any(parts) => Truth::any(parts.iter().map(|p| p.eval(answers, region))),
            Condition::Not(inner) => !inner.eval(answers, region),
            Condition::Answer { question, test } => {
                let answer = answers.get(question);
                match (test, answer) {
                    (AnswerTest::Known(b), a) => Truth::from_bool(a.is_some() == *b),
                    (_, None) => Truth::Unknown,
                    (AnswerTest::Equals(v), Some(a)) => Truth::from_bool(a == v),
                    (AnswerTest::In(vs), Some(a)) => Truth::from_bool(vs.contains(a)),
                    (AnswerTest::Includes(vs), Some(a)) => {
                        Truth::from_bool(a.split(',').any(|part| vs.iter().any(|v| v == part)))
                    }
                    // Answers to number questions are checked numbers when
                    // given; anything else compares false.
                    (AnswerTest::Compare(cmp, n), Some(a)) => {
                        Truth::from_bool(a.parse::<f64>().is_ok_and(|a| cmp.holds(a, *n)))
                    }
                }
            }
            Condition::Fact { fact, test } => {
                let current = region.and_then(|p| p.current_value(*fact));
                Truth::from_bool(match (test, current) {
                    (FactTest::Known(b), c) => c.is_some() == *b,
                    (_, None) => false,
                    (FactTest::Equals(v), Some(c)) => c.same(v),
                    (FactTest::In(vs), Some(c)) => vs.iter().any(|v| c.same(v)),
                    (FactTest::Compare(cmp, n), Some(Scalar::Number(c))) => cmp.holds(*c, *n),
                    (FactTest::Compare(..), Some(_)) => false,
                })
            }
        }
    }

    /// Every question this condition reads.
    pub fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Condition::All(ps) | Condition::Any(ps) => ps.iter().for_each(|p| p.questions(out)),
            Condition::Not(p) => p.questions(out),
            Condition::Answer { question, .. } => out.push(*question),
            Condition::Fact { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No region: every fact unstated.
    struct NoRegion;
    impl Facts for NoRegion {
        fn current_value(&self, _: usize) -> Option<&Scalar> {
            None
        }
    }
    const NONE: Option<&NoRegion> = None;

    fn eq(q: usize, v: &str) -> Condition {
        Condition::Answer {
            question: q,
            test: AnswerTest::Equals(v.to_string()),
        }
    }

    fn answers(pairs: &[(usize, &str)]) -> Answers {
        pairs.iter().map(|(q, v)| (*q, v.to_string())).collect()
    }

    #[test]
    fn missing_answers_are_unknown_and_kleene_rules_apply() {
        let none = answers(&[]);
        let yes = answers(&[(0, "a")]);
        let no = answers(&[(0, "b")]);
        assert_eq!(eq(0, "a").eval(&none, NONE), Truth::Unknown);
        assert_eq!(eq(0, "a").eval(&yes, NONE), Truth::True);
        assert_eq!(eq(0, "a").eval(&no, NONE), Truth::False);
        // false wins in all, true wins in any, whatever is unknown
        let f = Condition::Fact {
            fact: 0,
            test: FactTest::Known(true),
        };
        assert_eq!(
            Condition::All(vec![eq(1, "x"), f.clone()]).eval(&none, NONE),
            Truth::False
        );
        assert_eq!(
            Condition::Any(vec![eq(1, "x"), Condition::Not(Box::new(f))]).eval(&none, NONE),
            Truth::True
        );
        assert_eq!(
            Condition::Not(Box::new(eq(1, "x"))).eval(&none, NONE),
            Truth::Unknown
        );
        assert_eq!(Condition::always().eval(&none, NONE), Truth::True);
        assert_eq!(Condition::Any(vec![]).eval(&none, NONE), Truth::False);
        let known = Condition::Answer {
            question: 0,
            test: AnswerTest::Known(false),
        };
        assert_eq!(known.eval(&none, NONE), Truth::True);
        assert_eq!(known.eval(&yes, NONE), Truth::False);
    }

    #[test]
    fn facts_of_no_region_are_false_not_unknown() {
        let none = answers(&[]);
        for test in [
            FactTest::Equals(Scalar::Bool(true)),
            FactTest::In(vec![Scalar::Number(1.0)]),
            FactTest::Known(true),
        ] {
            assert_eq!(
                Condition::Fact { fact: 0, test }.eval(&none, NONE),
                Truth::False
            );
        }
        assert_eq!(
            Condition::Fact {
                fact: 0,
                test: FactTest::Known(false)
            }
            .eval(&none, NONE),
            Truth::True
        );
    }

    #[test]
    fn scalars_compare_by_type_and_value() {
        assert!(Scalar::Number(24.0).same(&Scalar::Number(24.0)));
        assert!(!Scalar::Bool(true).same(&Scalar::Text("true".into())));
        assert_eq!(Scalar::Number(48.0).to_string(), "48");
    }
}
