//! Theme scripts as written to the site: without whole-line comments,
//! indentation and blank lines, which readers would download for nothing.
//! Only what cannot change a program's meaning goes: a script with a
//! template literal (`` ` ``) or a line continued by `\` could carry those
//! inside a string, and is copied as it is.
//!
//! Hand-written, not a minifier crate: those parse and rewrite the whole
//! program, so a syntax they do not know breaks the quiz; dropping whole
//! lines of comments and indentation cannot.

/// `js` without whole-line `//` and `/* … */` comments, leading white
/// space and empty lines.
pub fn compact(js: &str) -> String {
    if js.contains('`') || js.lines().any(|l| l.trim_end().ends_with('\\')) {
        return js.to_string();
    }
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines() {
        let line = line.trim();
        if in_comment {
            match line.find("*/") {
                Some(end) if line[end + 2..].trim().is_empty() => in_comment = false,
                // Code after the comment's end on its line: rare enough to
                // keep the line, and the rest of the file, as written.
                Some(_) => return js.to_string(),
                None => {}
            }
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("/*") {
            match rest.find("*/") {
                Some(end) if rest[end + 2..].trim().is_empty() => continue,
                Some(_) => {}
                None => {
                    in_comment = true;
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_indentation_and_blank_lines_go() {
        let js = "/* A header\n * on lines.\n */\n(function () {\n  // why\n  var a = 'x // not a comment';\n\n  /* one line */\n  return a; // kept: code first\n})();\n";
        assert_eq!(
            compact(js),
            "(function () {\nvar a = 'x // not a comment';\nreturn a; // kept: code first\n})();\n"
        );
    }

    #[test]
    fn scripts_that_could_hide_these_in_a_string_are_left_alone() {
        for js in [
            "var t = `\n  // inside a template\n`;\n",
            "var s = 'a\\\n  // continued';\n",
            "/* a */ var x = 1;\n",
            "/* a\n b */ var x = 1;\n  // c\n",
        ] {
            assert_eq!(compact(js), js);
        }
    }
}
