//! Theme stylesheets as written to the site: without their comments,
//! indentation and blank lines, which readers would download on every page
//! for nothing. Nothing else is touched, so no rule can change meaning.
//!
//! Hand-written, not a minifier crate: the ones tried rewrite selectors and
//! values, and some of those rewrites changed which elements a rule matched.

/// Copies characters as they are up to and including the first unescaped
/// one `ends` accepts: the rest of a string or of an unquoted `url(…)`.
fn copy_through(
    chars: &mut impl Iterator<Item = (usize, char)>,
    out: &mut String,
    ends: impl Fn(char) -> bool,
) {
    let mut escaped = false;
    for (_, d) in chars {
        out.push(d);
        if escaped {
            escaped = false;
        } else if d == '\\' {
            escaped = true;
        } else if ends(d) {
            break;
        }
    }
}

/// `css` without comments, leading white space and empty lines. Strings
/// (`"…"`, `'…'`), unquoted `url(…)` and escapes are copied as they are,
/// since a `/*` inside them starts no comment; a comment between two
/// tokens that would run together without it becomes `/**/`.
pub fn compact(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.char_indices().peekable();
    let mut line_start = true;
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if css[i..].starts_with("/*") => {
                // An unclosed comment runs to the end, as browsers read it.
                let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                if joins(out.chars().next_back(), css[end..].chars().next()) {
                    out.push_str("/**/");
                }
            }
            '"' | '\'' => {
                line_start = false;
                out.push(c);
                copy_through(&mut chars, &mut out, |d| d == c || d == '\n');
            }
            '\\' => {
                line_start = false;
                out.push(c);
                out.extend(chars.next().map(|(_, d)| d));
            }
            '(' if unquoted_url(css, i) => {
                line_start = false;
                out.push(c);
                copy_through(&mut chars, &mut out, |d| d == ')');
            }
            '\n' => {
                if !line_start {
                    out.push('\n');
                }
                line_start = true;
            }
            c if line_start && c.is_whitespace() => {}
            c => {
                line_start = false;
                out.push(c);
            }
        }
    }
    out
}

/// Whether the text before and after a comment could read as one token,
/// or as other tokens, once the comment is gone (`1px/**/2px`,
/// `a/**/-b`, `url/**/(x)`). Only white space and punctuation that always
/// stands alone keep them apart for sure.
fn joins(before: Option<char>, after: Option<char>) -> bool {
    let apart = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | '}' | ';' | ',' | ')' | ']'))
    };
    !(apart(before) || apart(after) || matches!(before, Some('(' | '[' | ':')))
}

/// Whether the `(` at `at` opens an unquoted `url(…)`, inside which `/*`
/// is part of the address.
fn unquoted_url(css: &str, at: usize) -> bool {
    let before = &css[..at];
    let named = before.len() >= 3
        && before.is_char_boundary(before.len() - 3)
        && before[before.len() - 3..].eq_ignore_ascii_case("url");
    let word_start = before[..before.len().saturating_sub(3)]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '\\')));
    let quoted = css[at + 1..].trim_start().starts_with(['"', '\'']);
    named && word_start && !quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_comments_indentation_and_blank_lines() {
        let css = "/* theme */\n:root {\n  --a: #fff; /* white */\n\n}\n\n  a { color: red; }\n";
        assert_eq!(compact(css), ":root {\n--a: #fff; \n}\na { color: red; }\n");
    }

    #[test]
    fn keeps_strings_and_urls_whole() {
        let css = ".a::before { content: \"/* not a comment */\"; }\n.b { content: '\\'/*'; background: url(data:x//y); }\n";
        assert_eq!(compact(css), css);
    }

    #[test]
    fn a_comment_inside_an_unquoted_url_or_after_an_escape_is_text() {
        let css = ".a { background: URL(img/*x*/.png); }\n.b\\/* { c: d; }\n";
        assert_eq!(compact(css), css);
        // A quoted URL is a string; comments around it go.
        assert_eq!(
            compact(".c { background: url( \"a.png\" /* x */); }\n"),
            ".c { background: url( \"a.png\" ); }\n"
        );
    }

    #[test]
    fn a_comment_that_keeps_tokens_apart_stays_as_an_empty_one() {
        assert_eq!(
            compact("a { margin: 1px/* top */2px; }\n"),
            "a { margin: 1px/**/2px; }\n"
        );
        assert_eq!(compact("a/**/.b { c: d; }\n"), "a/**/.b { c: d; }\n");
        assert_eq!(compact("a {/* x */c: d; }\n"), "a {c: d; }\n");
    }

    #[test]
    fn keeps_the_space_that_makes_a_descendant_selector() {
        let css = ".x :is(.a, .b) { margin: 0 auto; }\n";
        assert_eq!(compact(css), css);
    }

    #[test]
    fn an_unclosed_comment_ends_the_sheet() {
        assert_eq!(compact("a { b: c; }\n/* open"), "a { b: c; }\n");
    }
}
