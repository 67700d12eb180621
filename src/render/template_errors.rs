//! Tera's errors as diagnostics at `path:line:col` of the theme's files.
//! Tera reports syntax and rendering errors with a place; the others
//! (an unknown filter, a missing parent) come as text, with the place
//! written into it, and are read back out of it here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::ErrorKind;

use crate::diag::Diagnostic;
use crate::load::TextFile;

/// Every problem in `err`, never none. `rendering` is the page being
/// rendered, when there is one.
pub fn diagnostics(
    err: &tera::Error,
    files: &HashMap<String, TextFile>,
    rendering: Option<&Path>,
) -> Vec<Diagnostic> {
    let found = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            vec![placed(report, files)]
        }
        ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(format!(
                "`{current}` extends `{parent}`, which the theme does not have"
            ))
            .with_help("check the name in {% extends %} against the files in templates/");
            vec![at_text(d, files.get(current), "extends")]
        }
        ErrorKind::Msg(text) if !reports(text).is_empty() => reports(text)
            .into_iter()
            .map(|(message, name, line, col)| match files.get(&name) {
                Some(file) => Diagnostic::error(message).at(&file.display, &file.text, line, col),
                None => Diagnostic::error(format!("{name}:{line}:{col}: {message}")),
            })
            .collect(),
        _ => vec![Diagnostic::error(format!("template error: {err}"))],
    };
    found
        .into_iter()
        .map(|d| match (&d.location, rendering) {
            (_, Some(page)) => d.with_help(format!("while rendering {}", page.display())),
            (None, None) => d.in_file(&PathBuf::from("templates")),
            (Some(_), None) => d,
        })
        .collect()
}

fn placed(report: &tera::ReportError, files: &HashMap<String, TextFile>) -> Diagnostic {
    let span = report.span();
    let message = report.message();
    let Some(file) = files.get(report.filename()) else {
        return Diagnostic::error(format!("{}: {message}", report.filename()));
    };
    // Tera finds an unclosed tag only at the end of the file, and does
    // not say which: the last opened tag with no end is the one.
    if message == "Unexpected end of input"
        && let Some((offset, tag)) = unclosed_tag(&file.text)
    {
        let (line, col) = crate::diag::line_col(&file.text, offset);
        return Diagnostic::error(format!(
            "`{{% {tag} %}}` is never closed: the template ends first"
        ))
        .at(&file.display, &file.text, line, col)
        .with_help(format!("add `{{% end{tag} %}}` where its body ends"));
    }
    Diagnostic::error(message).at(
        &file.display,
        &file.text,
        span.start_line.max(1),
        span.start_col + 1,
    )
}

/// Places `d` at the first tag in `file` that starts with `word`.
fn at_text(d: Diagnostic, file: Option<&TextFile>, word: &str) -> Diagnostic {
    let Some(file) = file else { return d };
    match tags(&file.text).find(|(_, inner)| inner.starts_with(word)) {
        Some((offset, _)) => {
            let (line, col) = crate::diag::line_col(&file.text, offset);
            d.at(&file.display, &file.text, line, col)
        }
        None => d.in_file(&file.display),
    }
}

/// Each `{% … %}` tag: its offset and its trimmed inside.
fn tags(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + text[from..].find("{%")?;
        let end = text[start..]
            .find("%}")
            .map_or(text.len(), |e| start + e + 2);
        from = end;
        let inner = text[start + 2..end.saturating_sub(2).max(start + 2)]
            .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        Some((start, inner))
    })
}

/// The last block tag opened in `text` and never ended, and its name.
fn unclosed_tag(text: &str) -> Option<(usize, &'static str)> {
    const BLOCKS: [&str; 7] = ["if", "for", "block", "macro", "filter", "component", "set"];
    let mut open: Vec<(usize, &'static str)> = Vec::new();
    let mut in_raw = false;
    for (offset, inner) in tags(text) {
        let word = inner.split_whitespace().next().unwrap_or("");
        if in_raw {
            in_raw = word != "endraw";
            continue;
        }
        if word == "raw" {
            in_raw = true;
        } else if let Some(tag) = BLOCKS.iter().find(|b| **b == word) {
            // `{% set x = 1 %}` is whole; only `{% set x %}…{% endset %}`
            // has a body.
            if *tag != "set" || !inner.contains('=') {
                open.push((offset, tag));
            }
        } else if let Some(ended) = word.strip_prefix("end")
            && open.last().is_some_and(|(_, t)| *t == ended)
        {
            open.pop();
        }
    }
    open.pop()
}

/// The reports Tera writes into a message: `error: <message>` and, on the
/// next line, `--> <template>:<line>:<col>`.
fn reports(text: &str) -> Vec<(String, String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        let (Some(message), Some(place)) = (
            pair[0].strip_prefix("error: "),
            pair[1].trim_start().strip_prefix("--> "),
        ) else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(line), Ok(col)) = (line.parse(), col.parse()) {
            out.push((message.to_string(), name.to_string(), line, col));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(name: &str, text: &str) -> HashMap<String, TextFile> {
        HashMap::from([(
            name.to_string(),
            TextFile {
                segments: vec![name.to_string()],
                display: PathBuf::from(format!("themes/t/templates/{name}")),
                text: text.to_string(),
            },
        )])
    }

    fn compile(name: &str, text: &str) -> Vec<Diagnostic> {
        let mut tera = tera::Tera::new();
        let err = tera
            .add_raw_templates([(name, text)])
            .expect_err("the template is broken");
        diagnostics(&err, &files(name, text), None)
    }

    fn place(d: &Diagnostic) -> (String, usize, usize) {
        let l = d.location.as_ref().expect("placed");
        (l.path.display().to_string(), l.line, l.col)
    }

    #[test]
    fn an_unclosed_tag_is_named_where_it_opens() {
        let text =
            "<p>\n{% for x in xs %}\n  {% if x %}{{ x }}{% endif %}\n{% if y %}\n{% set z = 1 %}\n";
        let ds = compile("page.html", text);
        assert_eq!(ds.len(), 1);
        assert_eq!(
            ds[0].message,
            "`{% if %}` is never closed: the template ends first"
        );
        assert_eq!(place(&ds[0]), ("themes/t/templates/page.html".into(), 4, 1));
        assert_eq!(unclosed_tag("{% raw %}{% if %}{% endraw %}"), None);
    }

    #[test]
    fn unknown_filters_are_each_placed_in_their_file() {
        let text = "<p>{{ a | nosuch }}</p>\n<p>{{ b | nope }}</p>\n";
        let ds = compile("page.html", text);
        let places: Vec<_> = ds.iter().map(place).collect();
        assert_eq!(ds.len(), 2, "{ds:?}");
        assert!(ds[0].message.contains("nosuch"), "{}", ds[0].message);
        assert!(!ds[0].message.contains("error:"), "{}", ds[0].message);
        assert_eq!(places[1].1, 2);
    }

    #[test]
    fn a_missing_parent_is_placed_at_extends() {
        let text = "{# a comment #}\n{% extends \"nope.html\" %}\n";
        let ds = compile("page.html", text);
        assert!(ds[0].message.contains("`nope.html`"), "{}", ds[0].message);
        assert_eq!(place(&ds[0]).1, 2);
    }
}
