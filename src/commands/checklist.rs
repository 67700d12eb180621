//! `beian checklist`: one province's checklist on stdout, as the page shows
//! it, for one applicant type and any further answers.

use std::fmt::Write as _;
use std::path::Path;

use super::{Exit, report};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load;
use crate::parse::plain;
use crate::rules::checklist::{self, Report};
use crate::rules::model::Rules;
use crate::rules::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

pub struct Args {
    pub province: String,
    pub entity: String,
    pub answers: Vec<String>,
    pub format: Format,
}

/// Loads and validates `rules/` alone: no content or theme needed.
pub fn load_rules(root: &Path) -> Result<Rules, Exit> {
    let mut problems = Vec::new();
    let Some(files) = load::load_rules(root, &mut problems) else {
        if problems.is_empty() {
            problems.push(
                Diagnostic::error(format!(
                    "no rules/ folder in {}",
                    if root == Path::new(".") {
                        "the current folder".to_string()
                    } else {
                        root.display().to_string()
                    }
                ))
                .with_help("run beian in the folder holding rules/, or pass --root DIR"),
            );
        }
        report(Diagnostics::from(problems));
        return Err(Exit::Content);
    };
    match validate::validate(&files) {
        Ok(rules) if problems.is_empty() => Ok(rules),
        Ok(_) => {
            report(Diagnostics::from(problems));
            Err(Exit::Content)
        }
        Err(more) => {
            problems.extend(more);
            report(Diagnostics::from(problems));
            Err(Exit::Content)
        }
    }
}

fn one_of<'a>(what: &str, given: &str, valid: impl Iterator<Item = &'a str>) -> String {
    let valid: Vec<&str> = valid.collect();
    format!(
        "error: unknown {what} `{given}`\n  = help: valid values: {}",
        valid.join(", ")
    )
}

pub fn run(root: &Path, args: Args) -> Exit {
    let rules = match load_rules(root) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let Some(province) = rules.provinces.iter().find(|p| p.slug == args.province) else {
        eprintln!(
            "{}",
            one_of(
                "province",
                &args.province,
                rules.provinces.iter().map(|p| p.slug.as_str())
            )
        );
        return Exit::Usage;
    };
    let applicant = &rules.questions[rules.applicant];
    if applicant.option(&args.entity).is_none() {
        eprintln!(
            "{}",
            one_of(
                "entity",
                &args.entity,
                applicant.options.iter().map(|o| o.value.as_str())
            )
        );
        return Exit::Usage;
    }
    let mut answers = checklist::page_answers(&rules, province, &args.entity);
    let fixed = |qi: usize| {
        (qi == rules.applicant || qi == rules.province_question)
            .then_some("is set by --entity and --province")
    };
    if let Err(message) = super::answers::parse(&rules, &args.answers, &mut answers, &fixed) {
        eprintln!("{message}");
        return Exit::Usage;
    }
    let report = checklist::report(&rules, province, &answers);
    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => one_blank_line(&text(&report)),
        Format::Markdown => one_blank_line(&markdown(&report)),
    };
    super::print_out(&out);
    Exit::Ok
}

/// At most one blank line anywhere, and one line end at the end.
fn one_blank_line(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.trim().lines() {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(if is_blank { "" } else { line });
            out.push('\n');
        }
        blank = is_blank;
    }
    out
}

fn indent(text: &str, by: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Checklist for {} ({})",
        r.province.name_en, r.province.name_zh
    );
    let _ = writeln!(s, "Applicant: {}", r.applicant.label);
    let _ = writeln!(s, "Rules {}, updated {}", r.rules.version, r.rules.updated);
    let mut stage = "";
    for item in &r.items {
        if item.stage != stage {
            stage = item.stage;
            let _ = write!(s, "\n== {} ==\n", item.stage_title);
        }
        let _ = writeln!(s, "\n[ ] {}  ({})", item.title, item.id);
        if let Some(only) = &item.only_if {
            let _ = writeln!(s, "    Only if {only}.");
        }
        let _ = writeln!(s, "{}", indent(&plain::to_text(item.body), "    "));
        if !item.documents.is_empty() {
            let _ = writeln!(s, "    Have ready:");
            for d in item.documents {
                let _ = writeln!(s, "      - {d}");
            }
        }
        for f in &item.facts {
            let _ = writeln!(
                s,
                "    {} — {} ({}, checked {}):",
                r.province.name_en, f.label, f.confidence, f.verified
            );
            let _ = writeln!(s, "{}", indent(&plain::to_text(f.text), "      "));
        }
        for src in &item.sources {
            let _ = writeln!(
                s,
                "    Source {}: {}{}",
                src.id,
                src.title,
                src.url.map(|u| format!(" <{u}>")).unwrap_or_default()
            );
        }
    }
    s
}

fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Checklist for {} ({})\n",
        r.province.name_en, r.province.name_zh
    );
    let _ = writeln!(
        s,
        "Applicant: {} · Rules {}, updated {}",
        r.applicant.label, r.rules.version, r.rules.updated
    );
    let mut stage = "";
    for item in &r.items {
        if item.stage != stage {
            stage = item.stage;
            let _ = write!(s, "\n## {}\n", item.stage_title);
        }
        let _ = writeln!(s, "\n- [ ] **{}**\n", item.title);
        if let Some(only) = &item.only_if {
            let _ = writeln!(s, "  *Only if {only}.*\n");
        }
        let _ = writeln!(
            s,
            "{}\n",
            indent(&plain::without_site_links(item.body), "  ")
        );
        if !item.documents.is_empty() {
            let _ = writeln!(s, "  Have ready:\n");
            for d in item.documents {
                let _ = writeln!(s, "  - {d}");
            }
            s.push('\n');
        }
        for f in &item.facts {
            let _ = writeln!(
                s,
                "  > **{}** ({}, checked {}): {}\n",
                f.label,
                f.confidence,
                f.verified,
                plain::without_site_links(f.text.trim()).replace('\n', " ")
            );
        }
        if !item.sources.is_empty() {
            let list: Vec<String> = item
                .sources
                .iter()
                .map(|src| match src.url {
                    Some(u) => format!("[{}]({u})", src.title),
                    None => src.title.to_string(),
                })
                .collect();
            let _ = writeln!(s, "  Sources: {}\n", list.join("; "));
        }
    }
    s
}
