//! The catalogues everything else refers to: rules.yaml's settings, stages
//! and confidence levels, the sources and the facts.

use super::ids::{
    IdRule, Index, PLAIN_ID, SOURCE_ID, check_ids, check_language_tags, valid_language,
};
use super::{Problems, decode, folder_segments, unit};
use crate::diag::Diagnostic;
use crate::load::{RulesSource, TextFile};
use crate::parse::date::Date;
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw;

/// rules.yaml's settings, when it decoded.
pub struct Settings {
    pub version: String,
    pub updated: Date,
    pub stale_after_days: u32,
    pub regions: Option<RegionSet>,
    pub checklist: Option<Vec<String>>,
    pub quiz: Option<Vec<String>>,
}

pub struct Catalogue {
    pub language: String,
    pub settings: Option<Settings>,
    pub stages: Vec<Stage>,
    pub confidence: Vec<Confidence>,
    pub sources: Vec<Source>,
    pub facts: Vec<Fact>,
    decoded: [bool; 3],
    facts_file: bool,
}

impl Catalogue {
    pub fn stage_index(&self) -> Index<'_> {
        Index::new(
            "stage",
            "rules/rules.yaml",
            self.stages.iter().map(|s| s.id.as_str()),
            self.decoded[0],
        )
    }

    pub fn confidence_index(&self) -> Index<'_> {
        Index::new(
            "confidence level",
            "rules/rules.yaml",
            self.confidence.iter().map(|c| c.id.as_str()),
            self.decoded[0],
        )
    }

    pub fn source_index(&self) -> Index<'_> {
        Index::new(
            "source",
            "rules/sources.yaml",
            self.sources.iter().map(|s| s.id.as_str()),
            self.decoded[1],
        )
    }

    pub fn fact_index(&self) -> Index<'_> {
        Index::new(
            "fact",
            if self.facts_file {
                "rules/facts.yaml"
            } else {
                "rules/facts.yaml, but there is no rules/facts.yaml to define facts in"
            },
            self.facts.iter().map(|f| f.id.as_str()),
            self.decoded[2],
        )
    }

    /// Whether references to facts can be checked (facts.yaml decoded, or
    /// the site has none).
    pub fn facts_checked(&self) -> bool {
        self.decoded[2]
    }
}

pub fn read(src: &RulesSource, language: &str, p: &mut Problems) -> Catalogue {
    let rules_file: Option<raw::RulesFile> = decode(&src.rules, p);
    let sources_file: Option<raw::SourcesFile> = decode(&src.sources, p);
    let facts_file: Option<raw::FactsFile> = match &src.facts {
        Some(f) => decode(f, p),
        None => Some(raw::FactsFile { facts: Vec::new() }),
    };
    let mut cat = Catalogue {
        language: language.to_string(),
        settings: None,
        stages: Vec::new(),
        confidence: Vec::new(),
        sources: Vec::new(),
        facts: Vec::new(),
        decoded: [
            rules_file.is_some(),
            sources_file.is_some(),
            facts_file.is_some(),
        ],
        facts_file: src.facts.is_some(),
    };
    if let Some(r) = &rules_file {
        settings(src, r, &mut cat, p);
    }
    if let Some(s) = &sources_file {
        cat.sources = sources(src, s, p);
    }
    if let (Some(f), Some(file)) = (&facts_file, &src.facts) {
        check_ids(
            file,
            f.facts.iter().map(|f| f.id.as_str()),
            "fact",
            PLAIN_ID,
            p,
        );
        cat.facts = f.facts.iter().map(|f| fact(file, f, p)).collect();
    }
    cat
}

fn settings(src: &RulesSource, r: &raw::RulesFile, cat: &mut Catalogue, p: &mut Problems) {
    let file = &src.rules;
    check_lists(file, r, p);
    let regions = r.regions.as_ref().map(|def| RegionSet {
        folder: def.folder.clone(),
        section: folder(file, "section", &def.section, p),
        term: def.term.clone(),
        native_language: def.native_language.clone(),
        other_names: def.other_names.clone().unwrap_or_default(),
    });
    if let Some(def) = &r.regions {
        regions_def(src, def, &cat.language, p);
    }
    let checklist = r
        .checklist
        .as_ref()
        .map(|c| folder(file, "checklist", c, p));
    check_placement(file, regions.is_some(), checklist.is_some(), p);
    if src.outcomes.is_some() && r.quiz.is_none() {
        p.at_help(
            file,
            (1, 1),
            "rules/outcomes.yaml defines a quiz, but rules.yaml has no `quiz`".into(),
            Some(
                "add `quiz: quiz`, the content folder whose _index.md becomes the quiz page".into(),
            ),
        );
    }
    let quiz = r.quiz.as_ref().map(|q| folder(file, "quiz", q, p));
    cat.stages = stages(file, r, p);
    cat.confidence = confidence(file, r, p);
    cat.settings = Some(Settings {
        version: r.version.clone(),
        updated: r.updated,
        stale_after_days: r.stale_after_days,
        regions,
        checklist,
        quiz,
    });
}

/// The stages' and confidence levels' ids, and a checklist's need of a
/// stage.
fn check_lists(file: &TextFile, r: &raw::RulesFile, p: &mut Problems) {
    let ids = |list: Vec<&str>, what: &str, rule: IdRule, p: &mut Problems| {
        check_ids(file, list, what, rule, p)
    };
    ids(
        r.stages.iter().map(|s| s.id.as_str()).collect(),
        "stage",
        PLAIN_ID,
        p,
    );
    ids(
        r.confidence.iter().map(|s| s.id.as_str()).collect(),
        "confidence",
        PLAIN_ID,
        p,
    );
    if r.stages.is_empty() {
        p.at(
            file,
            (locate::key_line(&file.text, 1, "stages"), 1),
            "`stages` is empty: a checklist needs at least one stage".into(),
        );
    }
}

/// The content folder the setting `key` names, as segments; it must be one
/// under content/.
fn folder(file: &TextFile, key: &str, value: &str, p: &mut Problems) -> Vec<String> {
    let segs = folder_segments(value);
    if segs.is_empty() || segs.iter().any(|s| s == "." || s == "..") {
        p.at(
            file,
            locate::key(&file.text, 1, key).unwrap_or((1, 1)),
            format!("`{key}` must name a folder under content/, found `{value}`"),
        );
    }
    segs
}

/// Checklists go either in each region or in one folder: exactly one of
/// the two must be said.
fn check_placement(file: &TextFile, regions: bool, checklist: bool, p: &mut Problems) {
    match (regions, checklist) {
        (false, false) => p.at_help(
            file,
            (1, 1),
            "rules.yaml says neither where regions go (`regions`) nor where the checklist goes (`checklist`)".into(),
            Some("a site whose rules vary by region adds `regions:` (see rules/README.md); any other adds `checklist: checklist`, the content folder whose _index.md becomes the checklist page".into()),
        ),
        (true, true) => p.at_help(
            file,
            locate::key(&file.text, 1, "checklist").unwrap_or((1, 1)),
            "`checklist` is for a site without regions: with `regions`, each region has its own checklist".into(),
            Some("remove `checklist`".into()),
        ),
        _ => {}
    }
}

fn stages(file: &TextFile, r: &raw::RulesFile, p: &mut Problems) -> Vec<Stage> {
    r.stages
        .iter()
        .map(|s| Stage {
            id: s.id.clone(),
            title: p.tr(&s.title, file, &|| format!("stage `{}` title", s.id)),
            description: p.tr_opt(s.description.as_ref(), file, &|| {
                format!("stage `{}` description", s.id)
            }),
        })
        .collect()
}

fn confidence(file: &TextFile, r: &raw::RulesFile, p: &mut Problems) -> Vec<Confidence> {
    r.confidence
        .iter()
        .map(|c| Confidence {
            id: c.id.clone(),
            label: p.tr(&c.label, file, &|| format!("confidence `{}` label", c.id)),
            description: p.tr_opt(c.description.as_ref(), file, &|| {
                format!("confidence `{}` description", c.id)
            }),
            review: c.review,
        })
        .collect()
}

/// The `regions:` block: its folder name, its languages.
fn regions_def(src: &RulesSource, def: &raw::RegionsDef, language: &str, p: &mut Problems) {
    let file = &src.rules;
    let safe = !def.folder.is_empty()
        && def
            .folder
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..");
    if !safe {
        p.at(
            file,
            locate::key(&file.text, 1, "folder").unwrap_or((1, 1)),
            format!(
                "`regions.folder` must name a folder under rules/, found `{}`",
                def.folder
            ),
        );
    }
    term_forms(file, "term", &def.term, language, p);
    if let Some(other) = &def.other_names {
        term_forms(file, "other_names", other, language, p);
    }
    // Read in another language, the word for a region falls back to the
    // default language's, as any text does.
    if p.reading != p.default && !def.term.contains_key(&p.reading) {
        p.untranslated
            .push(format!("{}: regions.term", file.display.display()));
    }
    if let Some(native) = &def.native_language
        && !valid_language(native)
    {
        p.at(
            file,
            locate::word(&file.text, 1, native),
            format!("`native_language` `{native}` is not a language tag"),
        );
    }
    if src.regions.is_empty() && src.regions_folder_found {
        let shown = src.rules.display.with_file_name(&def.folder);
        p.push(
            Diagnostic::error(format!("{}/ holds no region files", shown.display())).with_help(
                format!(
                    "add one YAML file per region, such as {}/north.yaml, with at least `name:`",
                    shown.display()
                ),
            ),
        );
    }
}

/// A word's forms by language, under `regions.<key>`: valid tags, and the
/// site's language among them.
fn term_forms(
    file: &TextFile,
    key: &str,
    forms: &std::collections::BTreeMap<String, raw::TermDef>,
    language: &str,
    p: &mut Problems,
) {
    let regions_line = locate::key_line(&file.text, 1, "regions");
    let line = locate::key_line(&file.text, regions_line, key);
    check_language_tags(file, line, forms.keys(), p);
    if !forms.contains_key(language) {
        let (example, what) = if key == "term" {
            ("{ one: \"region\", other: \"regions\" }", "a region")
        } else {
            (
                "{ one: \"city\", other: \"cities\" }",
                "a region's other names",
            )
        };
        p.at_help(
            file,
            (line, 1),
            format!("`regions.{key}` has no forms for `{language}`, the site's language"),
            Some(format!(
                "add `{language}: {example}` with the site's word for {what}"
            )),
        );
    }
}

fn sources(src: &RulesSource, s: &raw::SourcesFile, p: &mut Problems) -> Vec<Source> {
    let file = &src.sources;
    check_ids(
        file,
        s.sources.iter().map(|s| s.id.as_str()),
        "source",
        SOURCE_ID,
        p,
    );
    for s in &s.sources {
        if let Some(url) = &s.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            let line = locate::entry_line(&file.text, &s.id);
            p.at(
                file,
                locate::word(&file.text, line, "url"),
                format!(
                    "source `{}`: `url` must be an absolute http(s) URL, found `{url}`",
                    s.id
                ),
            );
        }
    }
    s.sources
        .iter()
        .map(|s| Source {
            id: s.id.clone(),
            title: p.tr(&s.title, &src.sources, &|| {
                format!("source `{}` title", s.id)
            }),
            url: s.url.clone(),
            // A date is mostly digits: one given once is not counted as
            // untranslated.
            date: s
                .date
                .as_ref()
                .map(|d| d.text(&p.reading, &p.default).0.to_string()),
        })
        .collect()
}

fn fact(file: &crate::load::TextFile, f: &raw::FactDef, p: &mut Problems) -> Fact {
    let line = locate::entry_line(&file.text, &f.id);
    if f.unit.is_some() && f.kind != FactKind::Number {
        p.at(
            file,
            locate::key(&file.text, line, "unit").unwrap_or((line, 1)),
            format!("fact `{}` has a `unit`, but only numbers have units", f.id),
        );
    }
    if let Some(tag) = &f.value_language
        && !valid_language(tag)
    {
        p.at(
            file,
            locate::word(&file.text, line, tag),
            format!("`value_language` `{tag}` is not a language tag"),
        );
    }
    if let Some(d) = &f.display
        && !d.contains("{value}")
    {
        p.at_help(
            file,
            locate::key(&file.text, line, "display").unwrap_or((line, 1)),
            format!("fact `{}`: `display` does not show the value", f.id),
            Some("put `{value}` where the value goes, as in \"{value}-1234\"".into()),
        );
    }
    Fact {
        id: f.id.clone(),
        kind: f.kind,
        label: p.tr(&f.label, file, &|| format!("fact `{}` label", f.id)),
        highlight: f.highlight,
        table: f.table,
        summary: f.summary,
        unit: f.unit.as_ref().map(|u| unit(u, p)),
        // A text value is written once, in the default language unless the
        // fact says otherwise: on another language's pages it is marked so.
        value_language: f.value_language.clone().or_else(|| {
            (f.kind == FactKind::Text && p.reading != p.default).then(|| p.default.clone())
        }),
        display: f.display.clone(),
    }
}
