//! Theme stylesheets as written to the site: without their comments,
//! indentation and blank lines, which readers would download on every page
//! for nothing. Nothing else is touched, so no rule can change meaning.

/// `css` without comments, leading white space and empty lines. Strings
/// (`"…"`, `'…'`) are copied as they are, so `content: "/*"` survives.
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
            }
            '"' | '\'' => {
                line_start = false;
                out.push(c);
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == c || d == '\n' {
                        break;
                    }
                }
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
    fn keeps_the_space_that_makes_a_descendant_selector() {
        let css = ".x :is(.a, .b) { margin: 0 auto; }\n";
        assert_eq!(compact(css), css);
    }

    #[test]
    fn an_unclosed_comment_ends_the_sheet() {
        assert_eq!(compact("a { b: c; }\n/* open"), "a { b: c; }\n");
    }
}
