//! Directives: fenced blocks in a content page that the rules fill in, so
//! a page's tables of facts and its glossary are made from the same data as
//! the region pages and checklists, never typed twice.
//!
//! - ```` ```beian-facts ```` — its body lists fact ids, one a line: a
//!   table of every region that states one of them, with each current
//!   value, its confidence and a link to the region's page.
//! - ```` ```beian-glossary ```` — every term of `rules/glossary.yaml`.

use crate::parse::markdown::{
    DirectiveError, DirectiveOutput, Link, LinkError, ResolveLink, escape,
};
use crate::parse::strings::label;
use crate::plan::links::PageLinks;
use crate::plan::{Kind, Plan};
use crate::rules::model::{Fact, Rules, Scalar};

/// A page's links, and the directives its rules can fill in.
pub struct WithDirectives<'a> {
    pub links: PageLinks<'a>,
    pub rules: Option<&'a Rules>,
}

impl ResolveLink for WithDirectives<'_> {
    fn resolve(&self, dest: &str) -> Result<Link, LinkError> {
        self.links.resolve(dest)
    }

    fn directive(
        &self,
        name: &str,
        body: &str,
    ) -> Option<Result<DirectiveOutput, Vec<DirectiveError>>> {
        let known = matches!(name, "beian-facts" | "beian-glossary");
        if !known {
            return None;
        }
        let Some(rules) = self.rules else {
            return Some(Err(vec![DirectiveError {
                message: format!("`{name}` is made from rules/, and this site has none"),
                help: Some("remove the block, or add rules (see rules/README.md)".into()),
                line: usize::MAX,
            }]));
        };
        Some(match name {
            "beian-facts" => {
                facts_table(self.links.plan, self.links.from, rules, body).map(|html| {
                    DirectiveOutput {
                        html,
                        ..DirectiveOutput::default()
                    }
                })
            }
            _ => super::glossary::directive(rules, &self.links, body),
        })
    }
}

/// The fact ids a `beian-facts` body lists, or a problem per line that
/// names none.
fn fact_ids(rules: &Rules, body: &str) -> Result<Vec<usize>, Vec<DirectiveError>> {
    let mut facts = Vec::new();
    let mut problems = Vec::new();
    for (line, text) in body.lines().enumerate() {
        let id = text.trim();
        if id.is_empty() || id.starts_with('#') {
            continue;
        }
        match rules.facts.iter().position(|f| f.id == id) {
            Some(f) => facts.push(f),
            None => problems.push(DirectiveError {
                message: format!("unknown fact `{id}`"),
                help: Some(format!(
                    "a fact id from rules/facts.yaml, such as `{}`",
                    rules.facts.first().map_or("permit", |f| f.id.as_str())
                )),
                line,
            }),
        }
    }
    if facts.is_empty() && problems.is_empty() {
        problems.push(DirectiveError {
            message: "`beian-facts` lists no fact".into(),
            help: Some("write the ids of the facts to show, one a line".into()),
            line: usize::MAX,
        });
    }
    if problems.is_empty() {
        Ok(facts)
    } else {
        Err(problems)
    }
}

/// A table of `facts` by region: one row per region that states any of
/// them now, one column per fact.
fn facts_table(
    plan: &Plan,
    from: usize,
    rules: &Rules,
    body: &str,
) -> Result<String, Vec<DirectiveError>> {
    if rules.region_set.is_none() {
        return Err(vec![DirectiveError {
            message: "`beian-facts` shows facts by region, and this site has no regions".into(),
            help: Some("remove the block: without regions, the checklist page says it all".into()),
            line: usize::MAX,
        }]);
    }
    let facts = fact_ids(rules, body)?;
    let lang = &rules.language;
    let heading = rules
        .region_set
        .as_ref()
        .and_then(|s| s.term.get(lang.as_str()))
        .map_or("", |t| t.heading_one.as_deref().unwrap_or(&t.one));
    let mut html = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-label=\"{}\">\n<table class=\"facts-table\">\n<thead><tr><th scope=\"col\">{}</th>",
        label("markdown.table_scrolls"),
        escape(heading)
    );
    for &f in &facts {
        html.push_str(&format!(
            "<th scope=\"col\">{}</th>",
            escape(&rules.facts[f].label)
        ));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (ri, region) in rules.regions.iter().enumerate() {
        if facts.iter().all(|&f| region.current(f).is_none()) {
            continue;
        }
        let name = escape(region.name_in(lang, lang));
        let href = plan
            .entries
            .iter()
            .position(|e| e.kind == Kind::Region(ri))
            .map(|e| plan.entries[from].out.relative_to(&plan.entries[e].out));
        html.push_str("<tr><th scope=\"row\">");
        match href {
            Some(h) => html.push_str(&format!("<a href=\"{}\">{name}</a>", escape(&h))),
            None => html.push_str(&name),
        }
        html.push_str("</th>");
        for &f in &facts {
            html.push_str("<td>");
            if let Some(s) = region.current(f) {
                let conf = &rules.confidence[s.confidence];
                // The confidence in words, not only a colour: a table
                // read aloud says "Yes, Confirmed".
                html.push_str(&format!(
                    "{} <span class=\"badge badge-{}\">{}</span>",
                    value_html(&rules.facts[f], &s.value),
                    escape(&conf.id),
                    escape(&conf.label)
                ));
            } else {
                html.push('—');
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    Ok(html)
}

/// A value as region pages word it: yes or no in the page's language, a
/// number with its unit, a text in its own language and display pattern.
pub fn value_html(fact: &Fact, value: &Scalar) -> String {
    match value {
        Scalar::Bool(b) => label(if *b { "value.yes" } else { "value.no" }),
        Scalar::Number(n) => {
            let unit = fact
                .unit
                .as_ref()
                .map(|u| if *n == 1.0 { &u.one } else { &u.other });
            let shown = match unit {
                Some(u) => format!("{value} {u}"),
                None => value.to_string(),
            };
            escape(&shown)
        }
        Scalar::Text(t) => {
            let shown = match &fact.display {
                Some(d) => d.replace("{value}", t),
                None => t.clone(),
            };
            match &fact.value_language {
                Some(l) => format!("<span lang=\"{}\">{}</span>", escape(l), escape(&shown)),
                None => escape(&shown),
            }
        }
    }
}
