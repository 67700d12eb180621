//! From the rules files as written to the validated model: every id
//! checked, every reference resolved, every problem reported with its
//! place — all of them, not just the first. One module per file kind;
//! this one decodes them and puts the model together.

mod catalogue;
mod conditions;
mod glossary;
pub(crate) mod ids;
mod items;
mod missing;
mod other_names;
mod questions;
mod regions;

use crate::diag::Diagnostic;
use crate::load::{RulesSource, TextFile};
use crate::parse::yaml;
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw;

pub use ids::{valid_id, valid_language};

/// Collects problems with the file they are in, and the texts that are
/// not in the language being read.
pub struct Problems {
    list: Vec<Diagnostic>,
    /// The language texts are read in, and the default one they fall
    /// back to.
    reading: String,
    default: String,
    untranslated: Vec<String>,
    fallback: std::collections::HashSet<String>,
    /// The files' syntax and duplicate keys are checked by the default
    /// language's reading, not this one ([`read_translation`]).
    checked_elsewhere: bool,
}

impl Problems {
    /// `text` in the language being read; a text that falls back to the
    /// default language is noted, as `what` (in `file`) names it.
    fn tr(&mut self, text: &raw::Localized, file: &TextFile, what: &dyn Fn() -> String) -> String {
        let (s, translated) = text.text(&self.reading, &self.default);
        if !translated && self.reading != self.default {
            self.untranslated
                .push(format!("{}: {}", file.display.display(), what()));
            self.fallback.insert(s.to_string());
        }
        s.to_string()
    }

    fn tr_opt(
        &mut self,
        text: Option<&raw::Localized>,
        file: &TextFile,
        what: &dyn Fn() -> String,
    ) -> Option<String> {
        text.map(|t| self.tr(t, file, what))
    }

    fn at(&mut self, file: &TextFile, (line, col): (usize, usize), message: String) {
        self.list
            .push(Diagnostic::error(message).at(&file.display, &file.text, line, col));
    }

    fn at_help(
        &mut self,
        file: &TextFile,
        (line, col): (usize, usize),
        message: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(message).at(&file.display, &file.text, line, col);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.list.push(d);
    }

    fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }
}

fn decode<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    file: &TextFile,
    problems: &mut Problems,
) -> Option<T> {
    let decoded = if problems.checked_elsewhere {
        yaml::decode_checked_elsewhere(&file.text, &file.display, &file.text, 1)
    } else {
        yaml::decode(&file.text, &file.display, &file.text, 1)
    };
    match decoded {
        Ok(v) => Some(v),
        Err(d) => {
            // serde names the first missing field; name them all.
            let all = if d.message.contains("missing field") {
                missing::fields::<T>(file)
            } else {
                Vec::new()
            };
            if all.is_empty() {
                problems.list.push(d);
            } else {
                problems.list.extend(all);
            }
            None
        }
    }
}

/// The content section of the region pages, read from rules.yaml alone:
/// when the rules have errors, links into that section are not reported as
/// broken on top of them.
pub fn section_of(src: &RulesSource) -> Option<Vec<String>> {
    let value: serde_yaml::Value = serde_yaml::from_str(&src.rules.text).ok()?;
    let section = value
        .get("regions")
        .and_then(|r| r.get("section"))
        .or_else(|| value.get("checklist"))?
        .as_str()?;
    let section = folder_segments(section);
    (!section.is_empty()).then_some(section)
}

/// A content folder as written in rules.yaml, as path segments.
fn folder_segments(folder: &str) -> Vec<String> {
    folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Validates the rules of a site whose language is `language` (plain texts
/// in the rules are in it).
pub fn validate(src: &RulesSource, language: &str) -> Result<Rules, Vec<Diagnostic>> {
    validate_in(src, language, language)
}

/// The rules with their texts in `reading` (a site's other language):
/// each text a language map gives in it, the default language's
/// otherwise, listed in `Rules::untranslated`. Values, conditions, ids and
/// sources are the same in every language.
pub fn validate_in(
    src: &RulesSource,
    language: &str,
    reading: &str,
) -> Result<Rules, Vec<Diagnostic>> {
    read_in(src, language, reading, false)
}

/// [`validate_in`] for a reading kept only when [`validate`] holds for the
/// same files: the checks that reading makes of the YAML's syntax and
/// duplicate keys are not made again, so the two can run side by side
/// at the cost of one and a half.
fn read_translation(
    src: &RulesSource,
    language: &str,
    reading: &str,
) -> Result<Rules, Vec<Diagnostic>> {
    read_in(src, language, reading, true)
}

/// The rules read in each of `others` (the site's other languages), on
/// every thread, each reading that is sound, in order: [`read_translation`],
/// so to be kept only when [`validate`] holds for the same files.
pub fn read_translations(src: &RulesSource, language: &str, others: &[String]) -> Vec<Rules> {
    use rayon::prelude::*;
    others
        .par_iter()
        .filter_map(|lang| read_translation(src, language, lang).ok())
        .collect()
}

fn read_in(
    src: &RulesSource,
    language: &str,
    reading: &str,
    checked_elsewhere: bool,
) -> Result<Rules, Vec<Diagnostic>> {
    let mut p = Problems {
        list: Vec::new(),
        reading: reading.to_string(),
        default: language.to_string(),
        untranslated: Vec::new(),
        fallback: std::collections::HashSet::new(),
        checked_elsewhere,
    };
    let cat = catalogue::read(src, language, &mut p);
    let regions = regions::read(src, &cat, &mut p);
    let glossary = glossary::read(src, &cat, &mut p);
    let mut questions = questions::read(src, &cat, &regions, &mut p);
    let named = conditions::named(src, &cat, &questions, &mut p);
    questions::compile_asks(src, &cat, &named, &mut questions, &mut p);
    let items = items::read_items(src, &cat, &named, &questions, &glossary, &mut p);
    let outcomes = items::read_outcomes(src, &cat, &named, &questions, &mut p);
    let updated = cat.settings.as_ref().map(|s| s.updated);
    p.list
        .extend(crate::rules::future::dates(src, updated, &regions));
    if !p.list.is_empty() {
        return Err(p.list);
    }
    let Some(settings) = cat.settings else {
        // Every way to get here reported a problem above.
        return Err(vec![Diagnostic::error("the rules are incomplete")]);
    };
    Ok(Rules {
        version: settings.version,
        updated: settings.updated,
        stale_after_days: settings.stale_after_days,
        language: reading.to_string(),
        default_language: language.to_string(),
        untranslated: p.untranslated,
        fallback: p.fallback,
        region_set: settings.regions,
        checklist_section: settings.checklist,
        quiz: if outcomes.is_empty() {
            None
        } else {
            settings.quiz
        },
        stages: cat.stages,
        confidence: cat.confidence,
        sources: cat.sources,
        facts: cat.facts,
        regions,
        applicant: questions.applicant,
        region_question: questions.region,
        questions: questions.list,
        items,
        glossary,
        glossary_file: src.glossary.as_ref().map(|f| f.display.clone()),
        outcomes,
        texts: [&src.rules, &src.sources, &src.questions, &src.checklist]
            .into_iter()
            .chain(&src.facts)
            .chain(&src.conditions)
            .chain(&src.outcomes)
            .chain(&src.glossary)
            .chain(&src.regions)
            .map(|f| (f.display.clone(), f.text.clone()))
            .collect(),
    })
}

/// The line a markdown value under `key` starts on: the next line for a
/// block scalar (`key: |`), else the key's own line.
fn markdown_line(text: &str, from: usize, key: &str) -> usize {
    let line = locate::key_line(text, from, key);
    let value = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim());
    match value {
        Some(v) if v.starts_with('|') || v.starts_with('>') || v.is_empty() => line + 1,
        _ => line,
    }
}

fn kind_name(k: FactKind) -> &'static str {
    match k {
        FactKind::Bool => "bool",
        FactKind::Number => "number",
        FactKind::Text => "text",
    }
}

/// A unit as written, with both forms, in the language being read (the
/// default language's where a map lacks it).
fn unit(def: &raw::UnitDef, p: &Problems) -> Unit {
    let forms = |one: &String, other: &String| Unit {
        one: one.clone(),
        other: other.clone(),
    };
    let in_one = |f: &raw::UnitForms| match f {
        raw::UnitForms::Plain(u) => forms(u, u),
        raw::UnitForms::Forms { one, other } => forms(one, other),
    };
    match def {
        raw::UnitDef::Plain(u) => forms(u, u),
        raw::UnitDef::Forms { one, other } => forms(one, other),
        raw::UnitDef::ByLanguage(m) => m
            .get(&p.reading)
            .or_else(|| m.get(&p.default))
            .or_else(|| m.values().next())
            .map(in_one)
            .unwrap_or_else(|| forms(&String::new(), &String::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_reads_the_same_whether_or_not_it_checks_the_yaml() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages");
        let mut problems = Vec::new();
        let src = crate::load::load_rules(&root, &mut problems).expect("the fixture has rules");
        assert!(problems.is_empty(), "{problems:?}");
        for lang in ["zh-CN", "de"] {
            let mut checked = validate_in(&src, "en", lang).expect("sound rules");
            let mut trusted = read_translation(&src, "en", lang).expect("sound rules");
            assert_eq!(trusted.language, lang);
            assert!(!trusted.untranslated.is_empty());
            // Compared apart: their Debug order is the hash's.
            let unordered = |r: &mut Rules| {
                (
                    std::mem::take(&mut r.fallback),
                    std::mem::take(&mut r.texts),
                )
            };
            assert!(unordered(&mut trusted) == unordered(&mut checked), "{lang}");
            assert!(format!("{trusted:?}") == format!("{checked:?}"), "{lang}");
        }
    }
}
