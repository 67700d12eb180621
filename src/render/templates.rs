//! The theme's Tera templates, compiled once, and Tera's errors turned into
//! diagnostics at the template's `path:line:col`.

use std::collections::HashMap;

use tera::{ErrorKind, Tera};

use std::sync::Arc;

use super::strings::Strings;
use super::{template_deps, template_errors, translate};
use crate::diag::Diagnostic;
use crate::load::TextFile;

/// Templates every theme must have.
pub const REQUIRED: [&str; 4] = ["home.html", "section.html", "page.html", "404.html"];

pub struct Templates {
    pub tera: Tera,
    /// Template name -> file, to place errors.
    files: HashMap<String, TextFile>,
}

impl Templates {
    /// `used`: the templates the site's pages are rendered with, which
    /// must exist on top of the ones every site needs; `strings`: the
    /// interface strings `t()` and its kin read.
    pub fn compile(
        templates: &[(String, TextFile)],
        used: &[&'static str],
        strings: &Arc<Strings>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let files: HashMap<String, TextFile> = templates.iter().cloned().collect();
        let mut problems = Vec::new();
        // Compile each alone first, so that every syntax error is reported,
        // not just the first; inheritance is checked by the full set below.
        for (name, file) in templates {
            let mut alone = Tera::new();
            if let Err(e) = alone.add_raw_template(name, &file.text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                problems.extend(template_errors::diagnostics(&e, &files, None));
            }
        }
        problems.extend(super::budget::recursion(templates));
        let mut needed: Vec<&str> = REQUIRED.to_vec();
        needed.extend(used.iter().filter(|n| !REQUIRED.contains(n)));
        for name in needed {
            if !files.contains_key(name) {
                problems.push(
                    Diagnostic::error(format!("the theme has no `{name}` template"))
                        .with_help(if REQUIRED.contains(&name) {
                            "every theme needs home.html, section.html, page.html and 404.html in templates/".to_string()
                        } else {
                            format!("this site has pages rendered with {name}: add it to the theme's templates/ (the default theme has one to start from)")
                        }),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        tera.set_escape_fn(super::escape::escape_html);
        tera.register_filter("css_string", css_string);
        tera.register_filter("css_counters", css_counters);
        translate::register(&mut tera, strings);
        let templates_ref = templates.iter().map(|(n, f)| (n.as_str(), f.text.as_str()));
        if let Err(e) = tera.add_raw_templates(templates_ref) {
            return Err(template_errors::diagnostics(&e, &files, None));
        }
        Ok(Templates { tera, files })
    }

    /// The templates `name` is made of: itself and, transitively, those it
    /// extends or includes, and every file defining a component if any of
    /// them calls one. An edit to any of them changes its output.
    pub fn closure(&self, name: &str) -> Vec<String> {
        let mut seen = vec![name.to_string()];
        let mut i = 0;
        while i < seen.len() {
            if let Some(file) = self.files.get(&seen[i]) {
                let mut uses = referenced(&file.text);
                if template_deps::calls_component(&file.text) {
                    uses.extend(self.component_files());
                }
                for used in uses {
                    if !seen.contains(&used) {
                        seen.push(used);
                    }
                }
            }
            i += 1;
        }
        seen
    }

    /// Files that define a Tera component, by name.
    fn component_files(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .iter()
            .filter(|(_, f)| template_deps::defines_component(&f.text))
            .map(|(n, _)| n.clone())
            .collect();
        names.sort();
        names
    }

    /// Whether the theme has a template of this name.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        rendering: &std::path::Path,
    ) -> Result<String, Diagnostic> {
        super::budget::render(&self.tera, name, context, super::budget::PAGE).map_err(|e| match e {
            Ok(over) => super::budget::diagnostic(over, name, &self.files, rendering),
            Err(e) => {
                let mut found = template_errors::diagnostics(&e, &self.files, Some(rendering));
                found.swap_remove(0)
            }
        })
    }
}

/// Names in `{% extends "x" %}`, `{% include "x" %}` and the like.
fn referenced(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        let Some(rest) = tag
            .strip_prefix("extends")
            .or_else(|| tag.strip_prefix("include"))
        else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(end) = rest[1..].find(q)
        {
            out.push(rest[1..1 + end].to_string());
        }
    }
    out
}

/// A CSS string literal, quotes included, for text written into a
/// `<style>` element (printed page headers, say). HTML escaping is wrong
/// there, since a style element's text is not decoded: every character that
/// could end the string or the element is escaped the CSS way instead.
fn css_string(s: std::borrow::Cow<'_, str>, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\'' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    tera::Value::safe_string(&out)
}

/// A CSS `content` value from a text with `{name}` placeholders: the text
/// as CSS strings, each placeholder as `counter(name)`. For printed page
/// numbers: `content: {{ t(key="print.page_of", page="{page}", pages="{pages}") | css_counters }}`.
fn css_counters(s: std::borrow::Cow<'_, str>, k: tera::Kwargs, st: &tera::State) -> tera::Value {
    let mut out = Vec::new();
    for part in crate::parse::strings::parts(&s) {
        match part {
            crate::parse::strings::Part::Lit(text) => {
                out.push(
                    css_string(text.into(), k.clone(), st)
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
            crate::parse::strings::Part::Hole(name) => out.push(format!("counter({name})")),
        }
    }
    tera::Value::safe_string(&out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_know_what_they_are_made_of() {
        assert_eq!(
            referenced("{% extends \"base.html\" %}{%- include 'partials/nav.html' %}{% if x %}"),
            ["base.html", "partials/nav.html"]
        );
    }

    #[test]
    fn a_page_calling_a_component_depends_on_every_file_defining_one() {
        let file = |name: &str, text: &str| {
            (
                name.to_string(),
                TextFile {
                    segments: vec![name.to_string()],
                    display: std::path::PathBuf::from(name),
                    text: text.to_string(),
                },
            )
        };
        let templates = [
            file("home.html", "home"),
            file("section.html", "{% include \"parts.html\" %}"),
            file("page.html", "{{<note text=\"x\"/>}}"),
            file("404.html", "404"),
            file("parts.html", "parts"),
            file(
                "components.html",
                "{% component note(text) %}{{ text }}{% endcomponent note %}",
            ),
        ];
        let (strings, _) = Strings::build(&[], &[], "en", std::path::Path::new("i18n"));
        let compiled = match Templates::compile(&templates, &[], &Arc::new(strings)) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        };
        assert!(
            compiled
                .closure("page.html")
                .contains(&"components.html".to_string())
        );
        assert!(
            !compiled
                .closure("home.html")
                .contains(&"components.html".to_string())
        );
        assert_eq!(
            compiled.closure("section.html"),
            ["section.html", "parts.html"]
        );
    }

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.register_filter("css_string", css_string);
        tera.add_raw_template("t.html", "{{ x | css_string }}")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("x", "上海 \"a\" </style> \\");
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            "\"上海 \\22 a\\22  \\3c /style\\3e  \\5c \""
        );
    }

    #[test]
    fn css_counters_turn_placeholders_into_counters() {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.register_filter("css_counters", css_counters);
        tera.add_raw_template("t.html", "{{ x | css_counters }}")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("x", "第 {page} 页，共 {pages} 页");
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            "\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\""
        );
    }
}
