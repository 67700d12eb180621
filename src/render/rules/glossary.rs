//! The glossary as pages show it: the `beian-glossary` directive's list of
//! every term, and the terms a checklist item names.

use crate::parse::markdown::{self, DirectiveError, DirectiveOutput, Origin, escape};
use crate::plan::links::PageLinks;
use crate::rules::model::{GlossaryTerm, Rules};

/// A term as a checklist shows it (see [`checklist::term_report`]).
pub use crate::rules::checklist::TermReport as TermView;

pub fn term_view<'a>(rules: &'a Rules, t: &'a GlossaryTerm) -> TermView<'a> {
    crate::rules::checklist::term_report(rules, t)
}

/// Every term of the glossary, as a description list: each term's name in
/// every language it has, its note rendered as markdown (links written
/// from content/, as elsewhere in the rules), and its id as the entry's
/// anchor.
pub fn directive(
    rules: &Rules,
    links: &PageLinks,
    body: &str,
) -> Result<DirectiveOutput, Vec<DirectiveError>> {
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
    let mut out = DirectiveOutput::default();
    out.html.push_str("<dl class=\"glossary\">\n");
    for t in &rules.glossary {
        entry(rules, links, t, &mut out);
    }
    out.html.push_str("</dl>\n");
    Ok(out)
}

/// One term: its names, the regions' language first after the site's.
fn entry(rules: &Rules, links: &PageLinks, t: &GlossaryTerm, out: &mut DirectiveOutput) {
    let v = term_view(rules, t);
    out.html.push_str(&format!(
        "<div id=\"{}\"><dt>{}",
        escape(&t.id),
        escape(v.name)
    ));
    out.anchors.push(t.id.clone());
    let others = v.native_language.into_iter().chain(
        t.name
            .0
            .keys()
            .map(String::as_str)
            .filter(|l| Some(*l) != v.native_language && *l != rules.language),
    );
    for lang in others {
        if let Some(name) = t.name.0.get(lang) {
            out.html.push_str(&format!(
                " <span lang=\"{}\">{}</span>",
                escape(lang),
                escape(name)
            ));
        }
    }
    out.html.push_str("</dt>");
    if let Some(note) = &t.note {
        let file = rules
            .glossary_file
            .as_deref()
            .unwrap_or(std::path::Path::new("rules/glossary.yaml"));
        let origin = Origin::new(file, note, 0, t.note_line);
        let r = markdown::render(note, &origin, links);
        out.html
            .push_str(&format!("<dd>{}</dd>", r.html.trim_end()));
        out.problems.extend(r.problems);
        out.anchor_refs.extend(r.anchor_refs);
    }
    out.html.push_str("</div>\n");
}
