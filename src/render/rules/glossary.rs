//! The glossary as pages show it: the `beian-glossary` directive's list of
//! every term, and the terms a checklist item names.

use serde::Serialize;

use crate::parse::markdown::{DirectiveError, escape};
use crate::rules::model::{GlossaryTerm, Rules};

/// The language pages show terms' other name in: the regions' own, when
/// the rules name one and it is not the site's.
fn native(rules: &Rules) -> Option<&str> {
    rules
        .region_set
        .as_ref()
        .and_then(|s| s.native_language.as_deref())
        .filter(|n| *n != rules.language)
}

/// A term as a checklist shows it: its name in the site's language and in
/// the regions' own, with that language's tag.
#[derive(Serialize)]
pub struct TermView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub native_name: Option<&'a str>,
    pub native_language: Option<&'a str>,
}

pub fn term_view<'a>(rules: &'a Rules, t: &'a GlossaryTerm) -> TermView<'a> {
    let lang = &rules.language;
    let native = native(rules);
    TermView {
        id: &t.id,
        name: t.name.get(lang, lang),
        native_name: native.and_then(|n| t.name.0.get(n)).map(String::as_str),
        native_language: native,
    }
}

/// Every term of the glossary, as a description list.
pub fn directive(rules: &Rules, body: &str) -> Result<String, Vec<DirectiveError>> {
    if let Some(line) = body.lines().position(|l| !l.trim().is_empty()) {
        return Err(vec![DirectiveError {
            message: "`beian-glossary` takes nothing inside it".into(),
            help: Some("leave the block empty: it lists every term of rules/glossary.yaml".into()),
            line,
        }]);
    }
    if rules.glossary.is_empty() {
        return Err(vec![DirectiveError {
            message: "`beian-glossary` lists rules/glossary.yaml's terms, and there are none"
                .into(),
            help: Some("add rules/glossary.yaml (see rules/README.md)".into()),
            line: usize::MAX,
        }]);
    }
    let mut html = String::from("<dl class=\"glossary\">\n");
    for t in &rules.glossary {
        let v = term_view(rules, t);
        html.push_str(&format!("<div><dt>{}", escape(v.name)));
        if let (Some(n), Some(l)) = (v.native_name, v.native_language) {
            html.push_str(&format!(
                " <span lang=\"{}\">{}</span>",
                escape(l),
                escape(n)
            ));
        }
        html.push_str("</dt>");
        if let Some(note) = &t.note {
            html.push_str(&format!("<dd>{}</dd>", escape(note.trim())));
        }
        html.push_str("</div>\n");
    }
    html.push_str("</dl>\n");
    Ok(html)
}
