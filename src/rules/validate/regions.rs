//! Region files: a name in the site's language (and the native one, when
//! rules.yaml names it), and dated statements of the catalogue's facts.

use super::catalogue::Catalogue;
use super::ids::{check_language_tags, valid_id};
use super::{Problems, decode, kind_name, markdown_line};
use crate::diag::Diagnostic;
use crate::load::{RulesSource, TextFile};
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw;

/// The regions, sorted by their name in the site's language.
pub fn read(src: &RulesSource, cat: &Catalogue, p: &mut Problems) -> Vec<Region> {
    let Some(settings) = &cat.settings else {
        return Vec::new();
    };
    let Some(set) = &settings.regions else {
        return Vec::new();
    };
    let mut regions = Vec::new();
    for file in &src.regions {
        let slug = file
            .segments
            .last()
            .and_then(|n| n.strip_suffix(".yaml"))
            .unwrap_or_default()
            .to_string();
        if !valid_id(&slug) {
            p.push(
                Diagnostic::error(format!("region file name `{slug}.yaml` is not a valid slug"))
                    .in_file(&file.display)
                    .with_help("name the file in lowercase ASCII letters, digits, `-` and `_`, starting with a letter, such as `north-rhine.yaml`: the name is its URL"),
            );
        }
        let Some(raw) = decode::<raw::RegionFile>(file, p) else {
            continue;
        };
        let native = set.native_language.as_deref();
        let line = locate::key_line(&file.text, 1, "name");
        let name = names(file, &raw.name, line, "name", &cat.language, native, p);
        let facts = statements(file, &raw, cat, p);
        let other_names = super::other_names::read(file, &raw, set, &cat.language, p);
        regions.push(Region {
            slug,
            name,
            facts,
            other_names,
            file: file.display.clone(),
        });
    }
    super::other_names::duplicates(src, &regions, p);
    let lang = &cat.language;
    regions
        .sort_by(|a, b| (a.name.get(lang, lang), &a.slug).cmp(&(b.name.get(lang, lang), &b.slug)));
    regions
}

/// A region's name (or one of its other names, written at `line`) by
/// language, checked: valid tags, the site's language and the native one
/// present.
pub(super) fn names(
    file: &TextFile,
    name: &raw::Localized,
    line: usize,
    key: &str,
    language: &str,
    native: Option<&str>,
    p: &mut Problems,
) -> Localized {
    let map = match name {
        raw::Localized::Plain(s) => [(language.to_string(), s.clone())].into(),
        raw::Localized::ByLanguage(m) => m.clone(),
    };
    check_language_tags(file, line, map.keys(), p);
    for (needed, why) in [
        (Some(language), "the site's language"),
        (native, "rules.yaml's `regions.native_language`"),
    ] {
        if let Some(tag) = needed
            && !map.contains_key(tag)
        {
            p.at_help(
                file,
                (line, 1),
                format!("`{key}` has no `{tag}`, {why}"),
                Some(format!(
                    "write the name as a map, such as {}{{ {tag}: \"…\" }}",
                    if key == "name" { "name: " } else { "- " }
                )),
            );
        }
    }
    Localized(map)
}

/// Statements by fact index, each checked against its fact and against the
/// statements before it.
fn statements(
    file: &TextFile,
    raw: &raw::RegionFile,
    cat: &Catalogue,
    p: &mut Problems,
) -> Vec<Vec<Statement>> {
    let fact_ix = cat.fact_index();
    let mut by_fact: Vec<Vec<Statement>> = (0..cat.facts.len()).map(|_| Vec::new()).collect();
    let facts_line = locate::key_line(&file.text, 1, "facts");
    for (fact_id, statements) in &raw.facts {
        let line = locate::key_line(&file.text, facts_line, fact_id);
        if !cat.facts_checked() {
            continue;
        }
        let Some(fi) = fact_ix.resolve(fact_id, file, line, p) else {
            continue;
        };
        if statements.is_empty() {
            p.at(
                file,
                (line, 1),
                format!("fact `{fact_id}` has no statements; remove it or add one"),
            );
        }
        let mut out: Vec<Statement> = Vec::new();
        let mut at = line;
        for s in statements {
            at = locate::key_line(&file.text, at + 1, "value");
            out.push(statement(
                file,
                fact_id,
                &cat.facts[fi],
                s,
                &out,
                at,
                cat,
                p,
            ));
        }
        by_fact[fi] = out;
    }
    by_fact
}

#[allow(clippy::too_many_arguments)]
fn statement(
    file: &TextFile,
    fact_id: &str,
    fact: &Fact,
    s: &raw::StatementDef,
    before: &[Statement],
    at: usize,
    cat: &Catalogue,
    p: &mut Problems,
) -> Statement {
    if s.value.kind() != fact.kind {
        p.at_help(
            file,
            locate::word(&file.text, at, "value"),
            format!(
                "fact `{fact_id}` is of type {}, found a {} value `{}`",
                kind_name(fact.kind),
                kind_name(s.value.kind()),
                s.value
            ),
            Some("see the fact's `type` in rules/facts.yaml".into()),
        );
    }
    if s.sources.is_empty() {
        p.at(
            file,
            (at, 1),
            format!("a statement of `{fact_id}` cites no source: every fact needs at least one"),
        );
    }
    dates(file, fact_id, s, before, at, p);
    let conf_ix = cat.confidence_index();
    let resolve_conf = |id: &str, line: usize, p: &mut Problems| -> usize {
        conf_ix.resolve(id, file, line, p).unwrap_or(0)
    };
    let confidence = resolve_conf(&s.confidence, at, p);
    let dates_confidence = s.dates_confidence.as_deref().map(|id| {
        let line = locate::key_line(&file.text, at, "dates_confidence");
        if s.since.is_none() && s.until.is_none() {
            p.at_help(
                file,
                locate::word(&file.text, line, "dates_confidence"),
                format!("a statement of `{fact_id}` has `dates_confidence` but no `since` or `until` date"),
                Some("add the dates it is about, or remove `dates_confidence`".into()),
            );
        }
        resolve_conf(id, line, p)
    });
    let sources = cat.source_index().resolve_all(&s.sources, file, at, p);
    Statement {
        value: s.value.clone(),
        text: p.tr_opt(s.text.as_ref(), file, &|| format!("fact `{fact_id}` text")),
        confidence,
        sources,
        verified: s.verified,
        since: s.since,
        until: s.until,
        dates_confidence,
        text_line: markdown_line(&file.text, at, "text"),
        line: at,
    }
}

/// `since` before `until`, no overlap with the statement before, at most
/// one current statement, and that one last.
fn dates(
    file: &TextFile,
    fact_id: &str,
    s: &raw::StatementDef,
    before: &[Statement],
    at: usize,
    p: &mut Problems,
) {
    if let (Some(a), Some(b)) = (s.since, s.until)
        && a > b
    {
        p.at(
            file,
            locate::word(&file.text, at, "until"),
            format!("`until` {b} is before `since` {a}"),
        );
    }
    if let (Some(prev), Some(since)) = (before.last(), s.since)
        && let Some(prev_until) = prev.until
        && since <= prev_until
    {
        p.at(
            file,
            locate::word(&file.text, at, "since"),
            format!("statements of `{fact_id}` overlap: this one starts {since}, the one before ends {prev_until}"),
        );
    }
    let current_before = before.iter().filter(|b| b.until.is_none()).count();
    if s.until.is_none() {
        if current_before == 1 {
            p.at_help(
                file,
                (at, 1),
                format!("fact `{fact_id}` has two current statements (without `until`)"),
                Some("give the older one an `until` date: only one statement of a fact can be in force".into()),
            );
        }
    } else if current_before > 0 {
        p.at(
            file,
            (at, 1),
            format!("fact `{fact_id}`: a statement with `until` follows the current one; list statements oldest first"),
        );
    }
}
