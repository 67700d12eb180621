//! glossary.yaml: the terms checklist items name, each with its name in the
//! site's language and the regions' own, so a page can show the word a
//! reader will meet on the forms.

use super::catalogue::Catalogue;
use super::ids::{PLAIN_ID, check_ids};
use super::regions::names;
use super::{Problems, decode, markdown_line};
use crate::load::RulesSource;
use crate::rules::locate;
use crate::rules::model::GlossaryTerm;
use crate::rules::raw;

/// The terms, checked: ids, names in the languages needed, sources.
pub fn read(src: &RulesSource, cat: &Catalogue, p: &mut Problems) -> Vec<GlossaryTerm> {
    let Some(file) = &src.glossary else {
        return Vec::new();
    };
    let Some(g) = decode::<raw::GlossaryFile>(file, p) else {
        return Vec::new();
    };
    check_ids(
        file,
        g.terms.iter().map(|t| t.id.as_str()),
        "term",
        PLAIN_ID,
        p,
    );
    let native = cat
        .settings
        .as_ref()
        .and_then(|s| s.regions.as_ref())
        .and_then(|r| r.native_language.as_deref());
    g.terms
        .iter()
        .map(|t| {
            let line = locate::entry_line(&file.text, &t.id);
            let name_line = locate::key_line(&file.text, line, "name");
            GlossaryTerm {
                id: t.id.clone(),
                name: names(file, &t.name, name_line, "name", &cat.language, native, p),
                note: p.tr_opt(t.note.as_ref(), file, &|| format!("term `{}` note", t.id)),
                sources: cat.source_index().resolve_all(&t.sources, file, line, p),
                line,
                note_line: markdown_line(&file.text, line, "note"),
            }
        })
        .collect()
}
