//! A region's other names (the towns of a state, say): each named in
//! the languages its `name` needs, with rules.yaml's word for them, and no
//! name given twice — a reader who types one must be offered the region it
//! belongs to, not a guess.

use std::collections::HashMap;

use super::Problems;
use super::regions::names;
use crate::diag::Diagnostic;
use crate::load::{RulesSource, TextFile};
use crate::rules::locate;
use crate::rules::model::{Localized, OtherName, Region, RegionSet};
use crate::rules::raw;

/// The other names of one region file, checked like its `name`.
pub fn read(
    file: &TextFile,
    raw: &raw::RegionFile,
    set: &RegionSet,
    language: &str,
    p: &mut Problems,
) -> Vec<OtherName> {
    if raw.other_names.is_empty() {
        return Vec::new();
    }
    let key_line = locate::key_line(&file.text, 1, "other_names");
    if set.other_names.is_empty() {
        p.at_help(
            file,
            (key_line, 1),
            "this region has `other_names`, but rules.yaml does not say what they are".into(),
            Some(format!(
                "add to `regions:` in rules.yaml a word for them, such as `other_names: {{ {language}: {{ one: \"city\", other: \"cities\" }} }}`"
            )),
        );
    }
    let lines = entry_lines(&file.text, key_line);
    let native = set.native_language.as_deref();
    raw.other_names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let line = lines.get(i).copied().unwrap_or(key_line);
            OtherName {
                name: names(file, n, line, "other_names", language, native, p),
                line,
            }
        })
        .collect()
}

/// The line of each list entry (`- …`) after the line of `other_names:`,
/// until the next key at the top of the file.
fn entry_lines(text: &str, key_line: usize) -> Vec<usize> {
    text.lines()
        .enumerate()
        .skip(key_line)
        .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '-', '#']))
        .filter(|(_, l)| {
            let t = l.trim_start();
            t == "-" || t.starts_with("- ")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// The same name, in the same language, given twice — in one region or
/// two — is an error naming both places. Two places that share a name in
/// one language are told apart by another (two towns written alike in
/// one script and differently in another): that is not a duplicate, and
/// the quiz offers both.
pub fn duplicates(src: &RulesSource, regions: &[Region], p: &mut Problems) {
    let mut seen: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
    for (ri, r) in regions.iter().enumerate() {
        for (ni, n) in r.other_names.iter().enumerate() {
            // One report per entry, however many of its languages repeat.
            let mut reported = false;
            for (tag, text) in &n.name.0 {
                let key = (tag.clone(), fold(text));
                let earlier = seen.entry(key).or_default();
                let same = earlier
                    .iter()
                    .find(|&&(rj, nj)| !told_apart(&regions[rj].other_names[nj].name, &n.name));
                if let Some(&(rj, nj)) = same
                    && !reported
                {
                    report(src, regions, (rj, nj), (ri, ni), tag, text, p);
                    reported = true;
                }
                earlier.push((ri, ni));
            }
        }
    }
}

/// Names compare without case and surrounding space: "ulm" is Ulm.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Whether some language both name the place in gives two different names.
fn told_apart(a: &Localized, b: &Localized) -> bool {
    a.0.iter()
        .any(|(tag, x)| b.0.get(tag).is_some_and(|y| fold(x) != fold(y)))
}

fn report(
    src: &RulesSource,
    regions: &[Region],
    first: (usize, usize),
    again: (usize, usize),
    tag: &str,
    text: &str,
    p: &mut Problems,
) {
    let place = |(r, n): (usize, usize)| (&regions[r].file, regions[r].other_names[n].line);
    let (first_file, first_line) = place(first);
    let (file, line) = place(again);
    let Some(text_file) = src.regions.iter().find(|f| &f.display == file) else {
        return;
    };
    p.push(
        Diagnostic::error(format!(
            "other name `{text}` ({tag}) is given twice: here and at {}:{first_line}",
            first_file.display()
        ))
        .at(&text_file.display, &text_file.text, line, 1)
        .with_help(
            "a name the quiz offers must lead to one region: remove one, or, for two places that share a name, give each its name in another language that tells them apart".to_string(),
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::load::{RulesSource, TextFile};

    fn file(name: &str, text: &str) -> TextFile {
        TextFile {
            segments: std::iter::once("rules")
                .chain(name.split('/'))
                .map(str::to_string)
                .collect(),
            display: format!("rules/{name}").into(),
            text: text.into(),
        }
    }

    /// A site with two regions whose files are `a` and `b`, and `term` for
    /// rules.yaml's `regions.other_names` (empty: none).
    fn problems(term: &str, a: &str, b: &str) -> Vec<String> {
        let rules = format!(
            "version: \"1\"\nupdated: 2026-01-01\nregions:\n  folder: regions\n  section: regions\n  native_language: de\n  term:\n    en: {{ one: region, other: regions }}\n{term}stages:\n  - id: s\n    title: S\nconfidence:\n  - id: c\n    label: C\n"
        );
        let src = RulesSource {
            rules: file("rules.yaml", &rules),
            sources: file("sources.yaml", "sources: []\n"),
            facts: None,
            questions: file("questions.yaml", "questions: []\n"),
            checklist: file(
                "checklist.yaml",
                "items:\n  - id: i\n    stage: s\n    title: I\n    body: B\n",
            ),
            conditions: None,
            outcomes: None,
            glossary: None,
            regions: vec![file("regions/north.yaml", a), file("regions/south.yaml", b)],
            regions_folder: Some("regions".into()),
            regions_folder_found: true,
        };
        match super::super::validate(&src, "en") {
            Ok(_) => Vec::new(),
            Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
        }
    }

    const TERM: &str = "  other_names:\n    en: { one: city, other: cities }\n";
    const NORTH: &str = "name: { en: North, de: Nord }\nother_names:\n  - { en: Munich, de: München }\n  - { en: Neustadt, de: Neustadt-Nord }\n";

    #[test]
    fn names_that_differ_or_are_told_apart_by_another_language_pass() {
        let south = "name: { en: South, de: Süd }\nother_names:\n  - { en: Leipzig, de: Leipzig }\n  - { en: Neustadt, de: Neustadt-Süd }\n";
        assert_eq!(problems(TERM, NORTH, south), Vec::<String>::new());
    }

    #[test]
    fn a_name_given_twice_names_both_places() {
        let south = "name: { en: South, de: Süd }\nother_names:\n  - { en: Dresden, de: Dresden }\n  - { en: munich, de: München }\n";
        let found = problems(TERM, NORTH, south);
        assert_eq!(found.len(), 1, "{found:?}");
        for f in &found {
            assert!(
                f.starts_with("rules/regions/south.yaml:4:1: error: other name `")
                    && f.contains("is given twice: here and at rules/regions/north.yaml:3"),
                "{found:?}"
            );
        }
        // Twice in one file is the same mistake.
        let twice = "name: { en: South, de: Süd }\nother_names:\n  - { en: Ulm, de: Ulm }\n  - { en: Ulm, de: Ulm }\n";
        let found = problems(TERM, NORTH, twice);
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("rules/regions/south.yaml:4:1:")
                    && f.contains("here and at rules/regions/south.yaml:3")),
            "{found:?}"
        );
    }

    #[test]
    fn other_names_need_the_word_for_them_and_the_languages_of_a_name() {
        let found = problems("", NORTH, "name: { en: South, de: Süd }\n");
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("rules/regions/north.yaml:2:1:")
                    && f.contains("rules.yaml does not say what they are")),
            "{found:?}"
        );
        let no_native = "name: { en: South, de: Süd }\nother_names:\n  - { en: Ulm }\n";
        let found = problems(TERM, NORTH, no_native);
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("rules/regions/south.yaml:3:1:")
                    && f.contains("`other_names` has no `de`")),
            "{found:?}"
        );
        let term_without_site_language = "  other_names:\n    de: { one: Stadt, other: Städte }\n";
        let found = problems(term_without_site_language, NORTH, no_native);
        assert!(
            found
                .iter()
                .any(|f| f.contains("`regions.other_names` has no forms for `en`")),
            "{found:?}"
        );
    }
}
