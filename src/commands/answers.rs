//! `--answer QUESTION=VALUE`, as `beian checklist` and `beian quiz` take it.

use crate::rules::condition::Answers;
use crate::rules::locate;
use crate::rules::model::Rules;

/// Adds each `QUESTION=VALUE` in `pairs` to `answers`. `fixed` names the
/// questions another flag answers, and why they cannot be given here.
/// The error is the whole message to print.
pub fn parse(
    rules: &Rules,
    pairs: &[String],
    answers: &mut Answers,
    fixed: &dyn Fn(usize) -> Option<&'static str>,
) -> Result<(), String> {
    let mut given = std::collections::HashSet::new();
    for pair in pairs {
        let Some((q, v)) = pair.split_once('=') else {
            return Err(format!(
                "error: --answer takes QUESTION=VALUE, found `{pair}`"
            ));
        };
        let Some(qi) = rules.questions.iter().position(|x| x.id == q) else {
            let open: Vec<&str> = rules
                .questions
                .iter()
                .enumerate()
                .filter(|(i, _)| fixed(*i).is_none())
                .map(|(_, x)| x.id.as_str())
                .collect();
            let help = match locate::suggest(q, open.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if open.is_empty() => "there is no other question to answer here".to_string(),
                None => format!("questions --answer may give: {}", open.join(", ")),
            };
            return Err(format!("error: unknown question `{q}`\n  = help: {help}"));
        };
        if let Some(why) = fixed(qi) {
            return Err(format!("error: `{q}` {why}, not by --answer"));
        }
        if !given.insert(qi) {
            return Err(format!(
                "error: `{q}` is answered twice\n  = help: give each question one --answer"
            ));
        }
        let question = &rules.questions[qi];
        if let Some(spec) = &question.number {
            let n = v.trim().parse::<f64>().ok().filter(|n| spec.accepts(*n));
            let Some(n) = n else {
                let range = match spec.max {
                    Some(max) => format!("from {} to {max}", spec.min),
                    None => format!("of {} or more", spec.min),
                };
                return Err(format!(
                    "error: `{q}` is answered with a number, found `{v}`\n  = help: give a number {range}"
                ));
            };
            answers.insert(qi, n.to_string());
            continue;
        }
        let Some(value) = question.normalize(v) else {
            let options: Vec<&str> = question.options.iter().map(|o| o.value.as_str()).collect();
            let several = if question.multiple {
                ", one or more joined by commas (app,website)"
            } else {
                ""
            };
            return Err(format!(
                "error: `{q}` has no answer `{v}`\n  = help: its answers: {}{several}",
                options.join(", ")
            ));
        };
        answers.insert(qi, value);
    }
    Ok(())
}
