//! Diagnostics: problems found in a user's files, collected rather than thrown,
//! so that one run reports all of them.
//!
//! Hand-written, not codespan-reporting, ariadne or miette: those draw boxes
//! and colours around the line, where editors and CI logs need a first line
//! of exactly `path:line:col: error: message`, and a caret placed by
//! terminal cells (Chinese takes two).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::terminal::escape_controls;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information for editors; never fails anything.
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in a file. `line` and `col` are 1-based; `col` counts characters,
/// as editors do, not bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `None` for problems that belong to no file (a missing folder, say).
    pub location: Option<Location>,
    pub message: String,
    /// The offending source line, shown under the message.
    pub snippet: Option<Box<Snippet>>,
    /// What the user can do about it.
    pub help: Option<String>,
}

/// A quoted line and where its caret goes (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub caret: usize,
}

/// Longest line quoted whole under a diagnostic, in characters.
const SNIPPET: usize = 160;

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points at a file without a line (an unreadable file, say).
    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Location {
            path: path.to_path_buf(),
            line: 0,
            col: 0,
        });
        self
    }

    /// Points at `line:col` of `path` and quotes that line of `text`: all
    /// of it, or for a very long line the part around the column.
    /// A place past the end of the text (a parser's "end of stream") is
    /// shown at the end of its last line, a place the file has.
    pub fn at(self, path: &Path, text: &str, line: usize, col: usize) -> Self {
        let last = text.split('\n').count();
        let (line, col) = if line > last {
            let end = text.rsplit('\n').next().unwrap_or("");
            (last, end.trim_end_matches('\r').chars().count() + 1)
        } else {
            (line, col)
        };
        let quoted = text.lines().nth(line.saturating_sub(1));
        self.at_quoting(path, quoted, line, col)
    }

    /// Like [`Diagnostic::at_offset`], with the text's line index at hand.
    pub fn at_indexed(self, path: &Path, text: &str, index: &LineIndex, offset: usize) -> Self {
        let (line, col) = index.line_col(text, offset);
        self.at_quoting(path, Some(index.line(text, line)), line, col)
    }

    fn at_quoting(mut self, path: &Path, quoted: Option<&str>, line: usize, col: usize) -> Self {
        let mut shown_col = col;
        let text = quoted.map(|l| {
            let chars: Vec<char> = l.trim_end().chars().collect();
            if chars.len() <= SNIPPET {
                return chars.into_iter().collect();
            }
            let start = col
                .saturating_sub(SNIPPET / 2)
                .min(chars.len().saturating_sub(SNIPPET));
            let end = (start + SNIPPET).min(chars.len());
            let mut s = String::new();
            if start > 0 {
                s.push('…');
                shown_col = col - start + 1;
            }
            s.extend(&chars[start..end]);
            if end < chars.len() {
                s.push('…');
            }
            s
        });
        self.location = Some(Location {
            path: path.to_path_buf(),
            line,
            col,
        });
        self.snippet = text.map(|text| {
            Box::new(Snippet {
                text,
                caret: shown_col,
            })
        });
        self
    }

    /// Points at a byte offset of `text`, the whole content of `path`.
    pub fn at_offset(self, path: &Path, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        self.at(path, text, line, col)
    }

    /// Points at a line of `path` without quoting it.
    pub fn at_line(mut self, path: &Path, line: usize) -> Self {
        self.location = Some(Location {
            path: path.to_path_buf(),
            line,
            col: 1,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Where each line of a text starts, to place many offsets in it without
/// rescanning it each time (a page with thousands of links would otherwise
/// take time quadratic in its size).
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and character column of a byte offset of `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text.get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, the form editors and CI logs link,
    /// then the quoted line with a caret and any help. Control characters
    /// from the user's files and names are shown escaped, never raw.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.label();
        let message = escape_controls(&self.message);
        match &self.location {
            Some(loc) if loc.line > 0 => write!(
                f,
                "{}:{}:{}: {label}: {message}",
                escape_controls(&loc.path.display().to_string()),
                loc.line,
                loc.col,
            )?,
            Some(loc) => write!(
                f,
                "{}: {label}: {message}",
                escape_controls(&loc.path.display().to_string())
            )?,
            None => write!(f, "{label}: {message}")?,
        }
        if let (Some(snippet), Some(loc)) = (&self.snippet, &self.location) {
            let gutter = loc.line.to_string();
            let pad = " ".repeat(gutter.len());
            let (shown, cells) = expand_tabs(&snippet.text, snippet.caret);
            write!(f, "\n {gutter} | {shown}")?;
            let caret_pad: String = " ".repeat(cells);
            write!(f, "\n {pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", escape_controls(help))?;
        }
        Ok(())
    }
}

/// Cells of a tab stop, as rustc shows them.
const TAB: usize = 4;

/// The quoted line with each tab widened to the next tab stop, so it keeps
/// the shape it has in an editor, and the cells before character `caret`
/// (1-based), where the caret goes. Chinese characters take two cells;
/// other control characters are shown as their escapes.
fn expand_tabs(text: &str, caret: usize) -> (String, usize) {
    let mut shown = String::with_capacity(text.len());
    let mut cells = 0;
    let mut caret_cells = (caret == 0).then_some(0);
    for (i, c) in text.chars().enumerate() {
        if i + 1 == caret {
            caret_cells = Some(cells);
        }
        if c == '\t' {
            let width = TAB - cells % TAB;
            shown.extend(std::iter::repeat_n(' ', width));
            cells += width;
        } else {
            let start = shown.len();
            crate::terminal::push_escaped(&mut shown, c);
            cells += shown[start..]
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(1))
                .sum::<usize>();
        }
    }
    (shown, caret_cells.unwrap_or(cells))
}

/// Every problem found in one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// In file order, so that output is stable whatever order the
    /// (parallel) stages found them in.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// The name among `known` closest to `wrong`, if one is close enough to
/// be a likely typo (optimal string alignment: a swapped pair of letters
/// counts as one typo).
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::osa_distance(wrong, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a\n备案 x\n";
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 4));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn line_index_agrees_with_scanning() {
        let text = "a\r\n备案 x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
        assert_eq!(index.line(text, 1), "a");
        assert_eq!(index.line(text, 2), "备案 x");
        assert_eq!(index.line(text, 3), "");
        assert_eq!(index.line(text, 4), "last");
        assert_eq!(index.line(text, 9), "");
    }

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        let line = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
        let d = Diagnostic::error("here").at(Path::new("f"), &line, 1, 1001);
        let snippet = d.snippet.clone().unwrap().text;
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        assert!(snippet.chars().count() <= SNIPPET + 2);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let x = lines[1].chars().position(|c| c == 'X').unwrap();
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        assert_eq!(x, caret, "{shown}");
    }

    #[test]
    fn a_place_past_the_end_is_shown_at_the_end() {
        let d = Diagnostic::error("open").at(Path::new("a.yaml"), "a: 1\n  - {", 3, 1);
        let loc = d.location.clone().unwrap();
        assert_eq!((loc.line, loc.col), (2, 6));
        assert_eq!(d.snippet.unwrap().text, "  - {");
    }

    #[test]
    fn display_quotes_the_line_with_a_caret() {
        let d = Diagnostic::error("bad")
            .at(Path::new("c/a.md"), "one\n  two\n", 2, 3)
            .with_help("fix it");
        assert_eq!(
            d.to_string(),
            "c/a.md:2:3: error: bad\n 2 |   two\n   |   ^\n  = help: fix it"
        );
    }

    #[test]
    fn control_characters_in_names_values_and_lines_are_escaped() {
        let d = Diagnostic::error("bad value `\u{1b}[2J`")
            .at(
                Path::new("c/a\n::error file=x::forged.md"),
                "x: \u{1b}[31my\n",
                1,
                6,
            )
            .with_help("not `\r`");
        let shown = d.to_string();
        assert_eq!(
            shown,
            "c/a\\n::error file=x::forged.md:1:6: error: bad value `\\u{1b}[2J`\n 1 | x: \\u{1b}[31my\n   |           ^\n  = help: not `\\r`"
        );
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn tabs_are_widened_to_tab_stops_and_the_caret_follows() {
        // `y` is the 4th character, after a tab, `x` and another tab.
        let d = Diagnostic::error("bad").at(Path::new("a.yaml"), "\tx\ty: 1", 1, 4);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], " 1 |     x   y: 1", "{shown}");
        assert_eq!(lines[2], "   |         ^", "{shown}");
    }

    #[test]
    fn the_caret_counts_the_cells_chinese_takes() {
        // `[` is the 4th character, after two that each take two cells.
        let d = Diagnostic::error("bad").at(Path::new("a.md"), "中文 [x](y.md)", 1, 4);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], " 1 | 中文 [x](y.md)");
        assert_eq!(lines[2], "   |      ^", "{shown}");
    }
}
