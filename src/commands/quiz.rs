//! `beian quiz`: the quiz's verdict for a set of answers, or for every way
//! to answer it — what the quiz page shows, from the same rules, for
//! editors and for the test that holds the page's JavaScript to it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::Exit;
use super::checklist::load_rules;
use crate::rules::condition::Answers;
use crate::rules::model::Rules;
use crate::rules::quiz::{self, Undecided};

pub struct Args {
    pub answers: Vec<String>,
    pub all: bool,
    /// One of the site's languages; the default one without it.
    pub lang: Option<String>,
}

#[derive(Serialize)]
struct Verdict<'a> {
    answers: BTreeMap<&'a str, &'a str>,
    /// The next question to ask, while the quiz is not finished.
    next: Option<&'a str>,
    outcome: Option<&'a str>,
    kind: Option<&'static str>,
    fixes: Vec<&'a str>,
    items: Vec<&'a str>,
}

fn verdict<'a>(rules: &'a Rules, answers: &'a Answers) -> Result<Verdict<'a>, Undecided> {
    let shown = answers
        .iter()
        .map(|(q, v)| (rules.questions[*q].id.as_str(), v.as_str()))
        .collect();
    if let Some(next) = quiz::next_question(rules, answers) {
        return Ok(Verdict {
            answers: shown,
            next: Some(&rules.questions[next].id),
            outcome: None,
            kind: None,
            fixes: Vec::new(),
            items: Vec::new(),
        });
    }
    let r = quiz::result(rules, answers)?;
    let o = &rules.outcomes[r.outcome];
    Ok(Verdict {
        answers: shown,
        next: None,
        outcome: Some(&o.id),
        kind: Some(o.kind.as_str()),
        fixes: r.fixes.iter().map(|&f| o.fixes[f].id.as_str()).collect(),
        items: r
            .items
            .iter()
            .map(|&i| rules.items[i].id.as_str())
            .collect(),
    })
}

pub fn run(root: &Path, args: Args) -> Exit {
    let rules = match load_rules(root, args.lang.as_deref()) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    if rules.outcomes.is_empty() {
        eprintln!("error: this site has no quiz (no rules/outcomes.yaml)");
        return Exit::Usage;
    }
    if args.all {
        let mut lines = Vec::new();
        let mut failed = false;
        quiz::each_path(&rules, |answers| match verdict(&rules, answers) {
            Ok(v) => lines.push(serde_json::to_string(&v).unwrap_or_default()),
            Err(_) => failed = true,
        });
        if failed {
            eprintln!(
                "error: the quiz is not sound for every answer; run `beian check` to see why"
            );
            return Exit::Content;
        }
        lines.push(String::new());
        super::print_out(&lines.join("\n"));
        return Exit::Ok;
    }
    let mut answers = Answers::new();
    if let Err(message) = super::answers::parse(&rules, &args.answers, &mut answers, &|_| None) {
        eprintln!("{message}");
        return Exit::Usage;
    }
    match verdict(&rules, &answers) {
        Ok(v) => {
            super::print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            ));
            Exit::Ok
        }
        Err(_) => {
            eprintln!(
                "error: the quiz cannot decide for these answers; run `beian check` to see why"
            );
            Exit::Content
        }
    }
}
