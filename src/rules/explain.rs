//! A condition still open on a checklist, in words ("Only if …"): the
//! answers it depends on, joined with the theme's words for "and", "or"
//! and "not", so that the phrase reads in the page's language.

use crate::rules::condition::{AnswerTest, Answers, Cmp, Condition, Truth};
use crate::rules::model::{Region, Rules, Unit};

/// A number in the page's language, with its unit's form.
pub type NumberWords<'a> = Box<dyn Fn(f64, Option<&Unit>) -> String + 'a>;

/// The words a phrase is joined with, from the theme's strings. Each
/// pattern names its placeholders in braces.
pub struct Wording<'a> {
    /// Between the parts of `all`: " and ".
    pub and: String,
    /// Between the parts of `any`, and the values of `in`: " or ".
    pub or: String,
    /// `{condition}` negated: "not ({condition})".
    pub not: String,
    /// `{question}` answered: "you answer “{question}”".
    pub answered: String,
    /// `{question}` skipped: "you leave “{question}” unanswered".
    pub unanswered: String,
    /// An option without `when_text`: "{question}: {answer}".
    pub answer_is: String,
    /// A number question compared, by [`Cmp`] in order `=`, `>`, `>=`, `<`,
    /// `<=`: "{question} is at least {value}".
    pub compare: [String; 5],
    /// A number in the page's language, with its unit.
    pub number: NumberWords<'a>,
}

fn fill(pattern: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// For a condition that evaluated to unknown: the answers it still
/// depends on, in words. Parts already decided are left out.
pub fn explain(
    c: &Condition,
    w: &Wording,
    rules: &Rules,
    answers: &Answers,
    region: Option<&Region>,
) -> String {
    match c {
        Condition::All(parts) | Condition::Any(parts) => {
            let joiner = if matches!(c, Condition::All(_)) {
                &w.and
            } else {
                &w.or
            };
            let open: Vec<String> = parts
                .iter()
                .filter(|p| p.eval(answers, region) == Truth::Unknown)
                .map(|p| {
                    let text = explain(p, w, rules, answers, region);
                    let nested = matches!(p, Condition::All(_) | Condition::Any(_));
                    if nested && open_parts(p, answers, region) > 1 {
                        format!("({text})")
                    } else {
                        text
                    }
                })
                .collect();
            open.join(joiner)
        }
        Condition::Not(inner) => fill(
            &w.not,
            &[("condition", &explain(inner, w, rules, answers, region))],
        ),
        Condition::Answer { question, test } => answer(w, rules, *question, test),
        Condition::Fact { .. } => String::new(),
    }
}

fn answer(w: &Wording, rules: &Rules, question: usize, test: &AnswerTest) -> String {
    let q = &rules.questions[question];
    let subject = q.short.as_deref().unwrap_or(&q.text);
    let phrase = |value: &str| match q.option(value) {
        Some(o) => o
            .when_text
            .clone()
            .unwrap_or_else(|| fill(&w.answer_is, &[("question", subject), ("answer", &o.label)])),
        None => fill(&w.answer_is, &[("question", subject), ("answer", value)]),
    };
    match test {
        AnswerTest::Equals(v) => phrase(v),
        AnswerTest::In(vs) | AnswerTest::Includes(vs) => {
            vs.iter().map(|v| phrase(v)).collect::<Vec<_>>().join(&w.or)
        }
        AnswerTest::Known(true) => fill(&w.answered, &[("question", &q.text)]),
        AnswerTest::Known(false) => fill(&w.unanswered, &[("question", &q.text)]),
        AnswerTest::Compare(cmp, n) => {
            let unit = q.number.as_ref().and_then(|n| n.unit.as_ref());
            let value = (w.number)(*n, unit);
            let k = match cmp {
                Cmp::Eq => 0,
                Cmp::Above => 1,
                Cmp::AtLeast => 2,
                Cmp::Below => 3,
                Cmp::AtMost => 4,
            };
            fill(&w.compare[k], &[("question", subject), ("value", &value)])
        }
    }
}

fn open_parts(c: &Condition, answers: &Answers, region: Option<&Region>) -> usize {
    match c {
        Condition::All(ps) | Condition::Any(ps) => ps
            .iter()
            .filter(|p| p.eval(answers, region) == Truth::Unknown)
            .count(),
        _ => 1,
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Wording for tests, as a theme's strings would give it.
    pub fn wording() -> Wording<'static> {
        Wording {
            and: " & ".into(),
            or: " | ".into(),
            not: "!({condition})".into(),
            answered: "answered {question}".into(),
            unanswered: "skipped {question}".into(),
            answer_is: "{question}={answer}".into(),
            compare: [
                "{question} = {value}".into(),
                "{question} > {value}".into(),
                "{question} >= {value}".into(),
                "{question} < {value}".into(),
                "{question} <= {value}".into(),
            ],
            number: Box::new(|n, unit| match unit {
                Some(u) if n == 1.0 => format!("{n} {}", u.one),
                Some(u) => format!("{n} {}", u.other),
                None => n.to_string(),
            }),
        }
    }

    #[test]
    fn fill_replaces_every_placeholder_it_names() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
            "x and y, x"
        );
    }
}
