//! questions.yaml: ids, options (the region question gets every region as
//! one), number questions' bounds, the two optional roles, and each
//! `ask_when`, which may read only the questions above it.

use std::collections::HashSet;

use super::catalogue::Catalogue;
use super::conditions::{Compile, Named};
use super::ids::{Index, PLAIN_ID, check_ids};
use super::{Problems, decode, unit};
use crate::load::RulesSource;
use crate::rules::condition::Condition;
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw::{self, QuestionKind};

pub struct Questions {
    pub list: Vec<Question>,
    pub applicant: Option<usize>,
    pub region: Option<usize>,
    /// False when questions.yaml did not decode.
    pub checking: bool,
    raw: Option<raw::QuestionsFile>,
}

impl Questions {
    pub fn index(&self) -> Index<'_> {
        Index::new(
            "question",
            "rules/questions.yaml",
            self.list.iter().map(|q| q.id.as_str()),
            self.checking,
        )
    }
}

pub fn read(src: &RulesSource, cat: &Catalogue, regions: &[Region], p: &mut Problems) -> Questions {
    let file = &src.questions;
    let Some(qf) = decode::<raw::QuestionsFile>(file, p) else {
        return Questions {
            list: Vec::new(),
            applicant: None,
            region: None,
            checking: false,
            raw: None,
        };
    };
    check_ids(
        file,
        qf.questions.iter().map(|q| q.id.as_str()),
        "question",
        PLAIN_ID,
        p,
    );
    let has_regions = cat.settings.as_ref().is_some_and(|s| s.regions.is_some());
    let mut list = Vec::new();
    let (mut applicant, mut region) = (Vec::new(), Vec::new());
    for q in &qf.questions {
        let line = locate::entry_line(&file.text, &q.id);
        match q.role {
            Some(Role::Applicant) => applicant.push((list.len(), line)),
            Some(Role::Region) => region.push((list.len(), line)),
            None => {}
        }
        if q.role == Some(Role::Region) && !has_regions {
            p.at_help(
                file,
                locate::word(&file.text, line, "role"),
                format!(
                    "question `{}` has `role: region`, but rules.yaml declares no regions",
                    q.id
                ),
                Some("declare them with `regions:` in rules.yaml, or remove the role".into()),
            );
        }
        list.push(question(file, q, line, cat, regions, p));
    }
    for (role, found) in [("applicant", &applicant), ("region", &region)] {
        if found.len() > 1 {
            p.at(
                file,
                (found[1].1, 1),
                format!("a second question has `role: {role}`; at most one may"),
            );
        }
    }
    Questions {
        list,
        applicant: applicant.first().map(|a| a.0),
        region: region.first().map(|a| a.0),
        checking: true,
        raw: Some(qf),
    }
}

fn question(
    file: &crate::load::TextFile,
    q: &raw::QuestionDef,
    line: usize,
    cat: &Catalogue,
    regions: &[Region],
    p: &mut Problems,
) -> Question {
    let options = options(file, q, line, cat, regions, p);
    let number = match q.kind {
        QuestionKind::Number => number(file, q, line, p),
        QuestionKind::Choice | QuestionKind::Multiple => {
            check_choice(file, q, line, options.is_empty(), p);
            None
        }
    };
    let multiple = q.kind == QuestionKind::Multiple;
    if multiple && q.role.is_some() {
        p.at(
            file,
            (line, 1),
            format!(
                "question `{}` takes several answers (`kind: multiple`): it can have no `role`",
                q.id
            ),
        );
    }
    if multiple && q.options.iter().any(|o| o.value.contains(',')) {
        p.at(
            file,
            (line, 1),
            format!("question `{}` takes several answers: its option values may not contain `,`, which joins them", q.id),
        );
    }
    Question {
        id: q.id.clone(),
        role: q.role,
        text: p.tr(&q.text, file, &|| format!("question `{}` text", q.id)),
        short: p.tr_opt(q.short.as_ref(), file, &|| {
            format!("question `{}` short", q.id)
        }),
        help: p.tr_opt(q.help.as_ref(), file, &|| {
            format!("question `{}` help", q.id)
        }),
        ask_when: Condition::always(),
        options,
        number,
        multiple,
        file: file.display.clone(),
        line,
    }
}

/// A question's answers: every region first, for the region question,
/// then the options written. Each written value must be unique, and none a
/// region's slug there.
fn options(
    file: &crate::load::TextFile,
    q: &raw::QuestionDef,
    line: usize,
    cat: &Catalogue,
    regions: &[Region],
    p: &mut Problems,
) -> Vec<AnswerOption> {
    let mut seen = HashSet::new();
    for o in &q.options {
        if o.value.is_empty() || !seen.insert(o.value.as_str()) {
            p.at(
                file,
                locate::word(&file.text, line, &o.value),
                format!(
                    "question `{}`: option value `{}` is empty or repeated",
                    q.id, o.value
                ),
            );
        }
    }
    let mut options: Vec<AnswerOption> = Vec::new();
    if q.role == Some(Role::Region) {
        for r in regions {
            if q.options.iter().any(|o| o.value == r.slug) {
                p.at(
                    file,
                    locate::word(&file.text, line, &r.slug),
                    format!("question `{}`: option `{}` is a region's slug; regions are added to this question by themselves", q.id, r.slug),
                );
            }
            options.push(AnswerOption {
                value: r.slug.clone(),
                label: r.name.get(&p.reading, &cat.language).to_string(),
                when_text: None,
            });
        }
    }
    for o in &q.options {
        let what = |part: &str| format!("question `{}` option `{}` {part}", q.id, o.value);
        options.push(AnswerOption {
            value: o.value.clone(),
            label: p.tr(&o.label, file, &|| what("label")),
            when_text: p.tr_opt(o.when_text.as_ref(), file, &|| what("when_text")),
        });
    }
    options
}

/// A choice question needs options (the region question has the regions),
/// and takes none of a number question's keys.
fn check_choice(
    file: &crate::load::TextFile,
    q: &raw::QuestionDef,
    line: usize,
    no_options: bool,
    p: &mut Problems,
) {
    if no_options && q.role != Some(Role::Region) {
        p.at_help(
            file,
            (line, 1),
            format!("question `{}` has no options", q.id),
            Some("give it `options:`, or make it `kind: number`".into()),
        );
    }
    for key in ["unit", "min", "max"] {
        let set = match key {
            "unit" => q.unit.is_some(),
            "min" => q.min.is_some(),
            _ => q.max.is_some(),
        };
        if set {
            p.at(
                file,
                locate::key(&file.text, line, key).unwrap_or((line, 1)),
                format!(
                    "question `{}`: `{key}` is for number questions (`kind: number`)",
                    q.id
                ),
            );
        }
    }
}

fn number(
    file: &crate::load::TextFile,
    q: &raw::QuestionDef,
    line: usize,
    p: &mut Problems,
) -> Option<NumberSpec> {
    if !q.options.is_empty() {
        p.at(
            file,
            locate::key(&file.text, line, "options").unwrap_or((line, 1)),
            format!(
                "question `{}` is a number question: it takes no `options`",
                q.id
            ),
        );
    }
    if q.role.is_some() {
        p.at(
            file,
            locate::key(&file.text, line, "role").unwrap_or((line, 1)),
            format!("question `{}` is a number question: checklists cannot be built per number, so it can have no `role`", q.id),
        );
    }
    let min = q.min.unwrap_or(0.0);
    if let Some(max) = q.max
        && max < min
    {
        p.at(
            file,
            locate::key(&file.text, line, "max").unwrap_or((line, 1)),
            format!("question `{}`: `max` {max} is below `min` {min}", q.id),
        );
    }
    Some(NumberSpec {
        unit: q.unit.as_ref().map(|u| unit(u, p)),
        min,
        max: q.max,
    })
}

/// Compiles each question's `ask_when`, once every question is known.
pub fn compile_asks(
    src: &RulesSource,
    cat: &Catalogue,
    named: &Named,
    qs: &mut Questions,
    p: &mut Problems,
) {
    let Some(qf) = &qs.raw else { return };
    let file = &src.questions;
    let index = qs.index();
    let mut asks = Vec::new();
    for (qi, q) in qf.questions.iter().enumerate() {
        let Some(def) = &q.ask_when else { continue };
        let line = locate::key_line(&file.text, qs.list[qi].line, "ask_when");
        let mut cx = Compile::new(file, line, &qs.list, &index, cat, named);
        let Some(cond) = cx.compile(def, p) else {
            continue;
        };
        let mut read = Vec::new();
        cond.questions(&mut read);
        if let Some(&later) = read.iter().find(|&&r| r >= qi) {
            p.at_help(
                file,
                locate::word(&file.text, line, &qs.list[later].id),
                format!(
                    "`ask_when` of `{}` reads `{}`, which is not asked before it",
                    q.id, qs.list[later].id
                ),
                Some("a question can only depend on the questions above it".into()),
            );
        }
        asks.push((qi, cond));
    }
    drop(index);
    for (qi, cond) in asks {
        qs.list[qi].ask_when = cond;
    }
}
