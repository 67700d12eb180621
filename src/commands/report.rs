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
/// commands require. Control characters from the user's files are written
/// out first, so that only the line break between message and help
/// reaches GitHub as one (and is shown there as one).
pub fn github(d: &Diagnostic) -> String {
    use crate::terminal::escape_controls;
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
            property(&escape_controls(&loc.path.display().to_string()))
        ));
        if loc.line > 0 {
            props.push(format!("line={}", loc.line));
            props.push(format!("col={}", loc.col));
        }
    }
    let mut message = escape_controls(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(&escape_controls(help));
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

    #[test]
    fn a_line_break_or_escape_in_a_name_or_value_is_no_command() {
        let d = Diagnostic::error("bad `\u{1b}[31m`\n::error::forged")
            .in_file(Path::new("content/a\n::error file=x::forged.md"))
            .with_help("help\r\n::warning::forged");
        let line = github(&d);
        assert_eq!(
            line,
            "::error file=content/a\\n%3A%3Aerror file=x%3A%3Aforged.md::bad `\\u{1b}[31m`\\n::error::forged%0Ahelp\\r\\n::warning::forged"
        );
        assert!(!line.chars().any(char::is_control));
    }
}
