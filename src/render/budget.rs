//! A page's rendering has limits, so that no theme can hang the build or
//! the preview for good.
//!
//! - A component may not call itself, directly or through others: Tera
//!   stops a recursion only at 20 levels, and a component that calls itself
//!   three times at each would render 3^20 times. Refused when the theme is
//!   compiled, at the call.
//! - Loops and everything else: Tera has no hook into its steps, but it
//!   writes as it goes, and each write checks the page's time and size.
//!   (Text Tera gathers before writing it — `super()`, `{% set %}` blocks,
//!   filter sections — is checked only once written; a loop there that
//!   never writes is beyond this check.)

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::load::TextFile;

#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub time: Duration,
    pub bytes: usize,
}

/// Far beyond any real page (the bundled site's take milliseconds and
/// kilobytes; a ten-megabyte page renders in well under a second).
pub const PAGE: Budget = Budget {
    time: Duration::from_secs(10),
    bytes: 128 << 20,
};

/// What ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    Time(Duration),
    Bytes(usize),
}

/// Renders `name`; `Err(Ok(over))` when the budget ran out first.
pub fn render(
    tera: &tera::Tera,
    name: &str,
    context: &tera::Context,
    budget: Budget,
) -> Result<String, Result<Over, tera::Error>> {
    let mut out = Limited {
        bytes: Vec::new(),
        started: Instant::now(),
        budget,
        writes: 0,
        over: None,
    };
    match tera.render_to(name, context, &mut out) {
        Ok(()) => String::from_utf8(out.bytes)
            .map_err(|e| Err(tera::Error::message(format!("the page is not UTF-8: {e}")))),
        Err(e) => Err(out.over.ok_or(e)),
    }
}

struct Limited {
    bytes: Vec<u8>,
    started: Instant,
    budget: Budget,
    writes: u32,
    over: Option<Over>,
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.budget.bytes {
            self.over = Some(Over::Bytes(self.budget.bytes));
        }
        // Reading the clock costs more than most writes.
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(16) && self.started.elapsed() > self.budget.time {
            self.over = Some(Over::Time(self.budget.time));
        }
        if self.over.is_some() {
            return Err(io::Error::other("over the page's budget"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The error for a page over its budget, in the template it is rendered
/// with.
pub fn diagnostic(
    over: Over,
    template: &str,
    files: &HashMap<String, TextFile>,
    rendering: &Path,
) -> Diagnostic {
    let what = describe(over);
    let d = match files.get(template) {
        Some(file) => Diagnostic::error(format!(
            "{what}: a loop of this template, or of one it uses, does not end soon enough"
        ))
        .in_file(&file.display),
        None => Diagnostic::error(what),
    };
    d.with_help(format!(
        "while rendering {}; make sure each loop ends after a few steps",
        rendering.display()
    ))
}

/// What ran out, in words.
pub fn describe(over: Over) -> String {
    match over {
        Over::Time(t) => format!("rendering the page took over {} s", t.as_secs_f32()),
        Over::Bytes(b) => format!("the page grew over {} MiB", b >> 20),
    }
}

/// Every component that calls itself, directly or through other
/// components, as an error at the call that closes the circle.
pub fn recursion(templates: &[(String, TextFile)]) -> Vec<Diagnostic> {
    let calls = component_calls(templates);
    let mut problems = Vec::new();
    let mut names: Vec<&String> = calls.keys().collect();
    names.sort();
    for start in names {
        // Depth first from `start`, for a way back to it.
        let mut seen = vec![start.as_str()];
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        let mut found = None;
        while let Some(&(name, next)) = stack.last() {
            let Some(call) = calls.get(name).and_then(|c| c.get(next)) else {
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            if call.callee == *start {
                found = Some((call, stack.iter().map(|s| s.0).collect::<Vec<_>>()));
                break;
            }
            if !seen.contains(&call.callee.as_str()) && calls.contains_key(&call.callee) {
                seen.push(&call.callee);
                stack.push((&call.callee, 0));
            }
        }
        let Some((call, path)) = found else { continue };
        let (line, col) = crate::diag::line_col(&call.file.text, call.offset);
        let through = if path.len() > 1 {
            format!(" through `{}`", path[1..].join("`, `"))
        } else {
            String::new()
        };
        problems.push(
            Diagnostic::error(format!("the component `{start}` calls itself{through}"))
                .at(&call.file.display, &call.file.text, line, col)
                .with_help("a component may not call itself: Tera allows 20 levels, and a few calls at each make millions of renders; write the levels out, as the default theme's navigation does"),
        );
    }
    problems
}

struct Call<'a> {
    callee: String,
    file: &'a TextFile,
    offset: usize,
}

/// Each component defined in the templates, and the components its body
/// calls (`<name …/>`, `<name>…</name>` inside a tag), with their places.
fn component_calls(templates: &[(String, TextFile)]) -> HashMap<String, Vec<Call<'_>>> {
    const OPEN: &str = "{% component ";
    let mut defs: Vec<(String, &TextFile, usize, usize)> = Vec::new();
    for (_, file) in templates {
        let text = &file.text;
        let mut from = 0;
        while let Some(start) = text[from..].find(OPEN).map(|i| from + i) {
            let name: String = text[start + OPEN.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let body = start + OPEN.len() + name.len();
            let end = text[body..]
                .find(&format!("endcomponent {name}"))
                .map_or(text.len(), |e| body + e);
            defs.push((name, file, body, end));
            from = body;
        }
    }
    let names: Vec<String> = defs.iter().map(|d| d.0.clone()).collect();
    let mut calls: HashMap<String, Vec<Call>> = HashMap::new();
    for (name, file, body, end) in defs {
        let list = calls.entry(name).or_default();
        let text = &file.text[..end];
        let mut at = body;
        while let Some(i) = text[at..].find('<').map(|i| at + i) {
            let callee: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let after = text[i + 1 + callee.len()..].chars().next();
            if names.contains(&callee)
                && after.is_none_or(|c| c.is_whitespace() || c == '/' || c == '>')
            {
                list.push(Call {
                    callee,
                    file,
                    offset: i,
                });
            }
            at = i + 1;
        }
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> (String, TextFile) {
        (
            name.to_string(),
            TextFile {
                segments: vec![name.into()],
                display: format!("themes/t/templates/{name}").into(),
                text: text.to_string(),
            },
        )
    }

    #[test]
    fn components_that_call_themselves_are_refused_at_the_call() {
        let text = "<p>\n{% component r(n) %}x{% if n < 19 %}{{ <r n={n+1}/> }}{% endif %}{% endcomponent r %}\n{% component leaf() %}<b>{% endcomponent leaf %}{{ <r n={0}/> }}";
        let ds = recursion(&[file("page.html", text)]);
        assert_eq!(ds.len(), 1, "{ds:?}");
        let l = ds[0].location.as_ref().unwrap();
        assert_eq!((l.line, l.col), (2, 40));
        assert!(
            ds[0].message.contains("`r` calls itself"),
            "{}",
            ds[0].message
        );

        // Through another component, in another file.
        let ds = recursion(&[
            file(
                "a.html",
                "{% component a() %}{% <b> %}x{% </b> %}{% endcomponent a %}",
            ),
            file(
                "b.html",
                "{% component b() %}{{ <a/> }}{% endcomponent b %}",
            ),
        ]);
        assert_eq!(ds.len(), 2, "{ds:?}");
        assert!(
            ds[0].message.contains("`a` calls itself through `b`"),
            "{}",
            ds[0].message
        );
    }

    #[test]
    fn loops_without_end_run_out_of_time_or_room() {
        let small = Budget {
            time: Duration::from_millis(200),
            bytes: 1 << 20,
        };
        let mut tera = tera::Tera::new();
        let wide = format!(
            "{{% for i in range(end=100000) %}}{}{{% endfor %}}",
            "x".repeat(1000)
        );
        tera.add_raw_template("page.html", &wide).unwrap();
        tera.add_raw_template("slow.html", "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% if j % 1000 == 0 %}.{% endif %}{% endfor %}{% endfor %}").unwrap();
        tera.add_raw_template("fine.html", "{{ 1 }}").unwrap();
        let ctx = tera::Context::new();
        assert!(matches!(
            render(&tera, "page.html", &ctx, small),
            Err(Ok(Over::Bytes(_)))
        ));
        let started = Instant::now();
        assert!(matches!(
            render(&tera, "slow.html", &ctx, small),
            Err(Ok(Over::Time(_)))
        ));
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(render(&tera, "fine.html", &ctx, small).unwrap(), "1");
    }
}
