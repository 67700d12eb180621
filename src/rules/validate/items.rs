//! checklist.yaml's items and outcomes.yaml's outcomes and fixes: their
//! references and conditions.

use std::collections::HashSet;

use super::catalogue::Catalogue;
use super::conditions::{Compile, Named};
use super::ids::{PLAIN_ID, check_ids, valid_id};
use super::questions::Questions;
use super::{Problems, decode, markdown_line};
use crate::diag::Diagnostic;
use crate::load::RulesSource;
use crate::rules::condition::Condition;
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw;

pub fn read_items(
    src: &RulesSource,
    cat: &Catalogue,
    named: &Named,
    qs: &Questions,
    glossary: &[GlossaryTerm],
    p: &mut Problems,
) -> Vec<Item> {
    let file = &src.checklist;
    let Some(cf) = decode::<raw::ChecklistFile>(file, p) else {
        return Vec::new();
    };
    check_ids(
        file,
        cf.items.iter().map(|i| i.id.as_str()),
        "item",
        PLAIN_ID,
        p,
    );
    let question_ix = qs.index();
    let mut items = Vec::new();
    for it in &cf.items {
        let line = locate::entry_line(&file.text, &it.id);
        let stage = cat
            .stage_index()
            .resolve(&it.stage, file, line, p)
            .unwrap_or(0);
        let facts = cat.fact_index().resolve_all(&it.facts, file, line, p);
        let terms = super::ids::Index::new(
            "term",
            "rules/glossary.yaml",
            glossary.iter().map(|t| t.id.as_str()),
            src.glossary.is_none() || !glossary.is_empty(),
        )
        .resolve_all(&it.terms, file, line, p);
        let sources = cat.source_index().resolve_all(&it.sources, file, line, p);
        let when = match &it.when {
            None => Condition::always(),
            Some(def) => {
                let when_line = locate::key_line(&file.text, line, "when");
                Compile::new(file, when_line, &qs.list, &question_ix, cat, named)
                    .compile(def, p)
                    .unwrap_or_else(Condition::always)
            }
        };
        items.push(Item {
            id: it.id.clone(),
            stage,
            title: p.tr(&it.title, file, &|| format!("item `{}` title", it.id)),
            body: p.tr(&it.body, file, &|| format!("item `{}` body", it.id)),
            documents: it
                .documents
                .iter()
                .enumerate()
                .map(|(n, d)| p.tr(d, file, &|| format!("item `{}` document {}", it.id, n + 1)))
                .collect(),
            facts,
            terms,
            sources,
            when,
            file: file.display.clone(),
            line,
            body_line: markdown_line(&file.text, line, "body"),
        });
    }
    // Stage order first, then file order.
    items.sort_by_key(|i| i.stage);
    items
}

pub fn read_outcomes(
    src: &RulesSource,
    cat: &Catalogue,
    named: &Named,
    qs: &Questions,
    p: &mut Problems,
) -> Vec<Outcome> {
    let Some(file) = &src.outcomes else {
        return Vec::new();
    };
    let Some(of) = decode::<raw::OutcomesFile>(file, p) else {
        return Vec::new();
    };
    check_ids(
        file,
        of.outcomes.iter().map(|o| o.id.as_str()),
        "outcome",
        PLAIN_ID,
        p,
    );
    let question_ix = qs.index();
    let mut cx = Compile::new(file, 1, &qs.list, &question_ix, cat, named);
    let mut outcomes = Vec::new();
    for o in &of.outcomes {
        let line = locate::entry_line(&file.text, &o.id);
        cx.line = locate::key_line(&file.text, line, "when");
        let when = match &o.when {
            Some(def) => cx.compile(def, p).unwrap_or_else(Condition::always),
            None => Condition::always(),
        };
        let mut fixes = Vec::new();
        let mut seen = HashSet::new();
        let mut at = line;
        for f in &o.fixes {
            at = locate::entry_line_from(&file.text, at, &f.id);
            if !valid_id(&f.id) || !seen.insert(f.id.as_str()) {
                p.at(
                    file,
                    (at, 1),
                    format!(
                        "fix id `{}` of outcome `{}` is not valid or is repeated",
                        f.id, o.id
                    ),
                );
            }
            cx.line = locate::key_line(&file.text, at, "when");
            let fwhen = cx.compile(&f.when, p).unwrap_or_else(Condition::always);
            fixes.push(Fix {
                id: f.id.clone(),
                when: fwhen,
                text: p.tr(&f.text, file, &|| {
                    format!("outcome `{}` fix `{}` text", o.id, f.id)
                }),
                line: at,
                text_line: markdown_line(&file.text, at, "text"),
            });
        }
        outcomes.push(Outcome {
            id: o.id.clone(),
            kind: o.kind,
            title: p.tr(&o.title, file, &|| format!("outcome `{}` title", o.id)),
            message: p.tr(&o.message, file, &|| format!("outcome `{}` message", o.id)),
            checklist: o.checklist,
            when,
            fixes,
            file: file.display.clone(),
            line,
            message_line: markdown_line(&file.text, line, "message"),
        });
    }
    if of.outcomes.is_empty() {
        p.push(Diagnostic::error("outcomes.yaml lists no outcomes").in_file(&file.display));
    }
    outcomes
}
