//! Printing diagnostics for people (text), tools (JSON) and GitHub Actions
//! (workflow commands that become annotations on the pull request).

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Github,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    path: Option<String>,
    line: Option<usize>,
    col: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    notes: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

/// Prints every diagnostic in file order: text and GitHub commands to
/// stderr and stdout respectively as their readers expect, JSON to stdout.
pub fn print(diags: Diagnostics, format: Format) -> Counts {
    // Counted after duplicates go: markdown in the rules is rendered on
    // every page that shows it, and finds its problems on each.
    let sorted = diags.sorted();
    let count = |s: Severity| sorted.iter().filter(|d| d.severity == s).count();
    let counts = Counts {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
    };
    match format {
        Format::Text => {
            // Problems first, each with its quoted line; notes after them,
            // one line each.
            for d in sorted.iter().filter(|d| d.severity != Severity::Note) {
                eprintln!("{d}\n");
            }
            for d in sorted.iter().filter(|d| d.severity == Severity::Note) {
                eprintln!("{d}");
            }
        }
        Format::Json => {
            let report = JsonReport {
                errors: counts.errors,
                warnings: counts.warnings,
                notes: counts.notes,
                diagnostics: sorted.iter().map(json).collect(),
            };
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            super::print_out(&s);
        }
        Format::Github => {
            let lines: String = sorted.iter().map(|d| github(d) + "\n").collect();
            super::print_out(&lines);
        }
    }
    counts
}

fn json(d: &Diagnostic) -> JsonDiagnostic<'_> {
    let loc = d.location.as_ref();
    let placed = loc.filter(|l| l.line > 0);
    JsonDiagnostic {
        severity: d.severity,
        path: loc.map(|l| l.path.display().to_string()),
        line: placed.map(|l| l.line),
        col: placed.map(|l| l.col),
        message: &d.message,
        help: d.help.as_deref(),
    }
}

/// `::error file=…,line=…,col=…::message`, escaped as GitHub's workflow
/// commands require.
pub fn github(d: &Diagnostic) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(loc) = &d.location {
        props.push(format!(
            "file={}",
            property(&loc.path.display().to_string())
        ));
        if loc.line > 0 {
            props.push(format!("line={}", loc.line));
            props.push(format!("col={}", loc.col));
        }
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help);
    }
    if props.is_empty() {
        format!("::{command}::{}", data(&message))
    } else {
        format!("::{command} {}::{}", props.join(","), data(&message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn github_commands_are_escaped() {
        let d = Diagnostic::error("100% broken, really")
            .at(Path::new("content/a,b.md"), "x\ny\n", 2, 1)
            .with_help("fix: this");
        assert_eq!(
            github(&d),
            "::error file=content/a%2Cb.md,line=2,col=1::100%25 broken, really%0Afix: this"
        );
        assert_eq!(github(&Diagnostic::note("n")), "::notice::n");
    }
}
