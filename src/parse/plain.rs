//! Markdown of the rules made fit to read outside the site: as plain text,
//! and as markdown whose links into the site (written as paths of source
//! files, such as `/guide/steps.md#permit`) keep only their text, since
//! those paths lead nowhere once printed.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::markdown::{is_external, options};

/// Plain text: no markup, a blank line between blocks, list items on
/// lines of their own (numbered ones keep their numbers, nested ones are
/// indented), a table's cells apart, a link to another site followed by
/// its address.
pub fn to_text(md: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    // Each open list: the next item's number, or `None` for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut cells = 0;
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::List(first)) => {
                new_line(&mut out);
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push_str("\n\n");
                }
            }
            Event::Start(Tag::Item) => {
                new_line(&mut out);
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow) => out.push('\n'),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => {
                if cells > 0 {
                    out.push_str(" | ");
                }
                cells += 1;
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::HtmlBlock,
            ) => out.push_str("\n\n"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(is_external(&dest_url).then(|| dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = links.pop() {
                    out.push_str(&format!(" <{url}>"));
                }
            }
            _ => {}
        }
    }
    tidy(&out)
}

/// Ends the line being written, if one is.
fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// A link into the site being read: where it starts, and where its text
/// starts and ends once seen.
struct SiteLink {
    start: usize,
    text: Option<(usize, usize)>,
}

/// The markdown as written, but each link into the site replaced by its
/// text.
pub fn without_site_links(md: &str) -> String {
    let mut out = String::new();
    let mut copied = 0;
    // For each open link: `None` for a link to another site, which stays.
    let mut open: Vec<Option<SiteLink>> = Vec::new();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open.push((!is_external(&dest_url)).then_some(SiteLink {
                    start: range.start,
                    text: None,
                }));
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(SiteLink { start, text })) = open.pop()
                    && start >= copied
                {
                    out.push_str(&md[copied..start]);
                    if let Some((a, b)) = text {
                        out.push_str(&md[a..b]);
                    }
                    copied = range.end;
                }
            }
            _ => {
                if let Some(Some(SiteLink { text, .. })) = open.last_mut() {
                    *text = Some(match text {
                        Some((a, _)) => (*a, range.end),
                        None => (range.start, range.end),
                    });
                }
            }
        }
    }
    out.push_str(&md[copied..]);
    out
}

fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_outside_addresses() {
        assert_eq!(
            to_text(
                "Bring **it**. See [permits](/guide/steps.md#permit) and [MIIT](https://beian.miit.gov.cn/).\n\n- one\n- `two`\n"
            ),
            "Bring it. See permits and MIIT <https://beian.miit.gov.cn/>.\n\n- one\n- two"
        );
    }

    #[test]
    fn tables_numbers_and_code_blocks_stay_apart() {
        assert_eq!(
            to_text(
                "| Doc | Copies |\n|---|---|\n| ID card | 2 |\n\n3. three\n4. four\n   - sub\n\n```\ncode\n```\nAfter.\n"
            ),
            "Doc | Copies\nID card | 2\n\n3. three\n4. four\n  - sub\n\ncode\n\nAfter."
        );
    }

    #[test]
    fn links_into_the_site_keep_their_text_only() {
        assert_eq!(
            without_site_links(
                "See [the **permit** rules](/guide/steps.md#permit), [MIIT](https://miit.gov.cn/) and [x](../a.md)."
            ),
            "See the **permit** rules, [MIIT](https://miit.gov.cn/) and x."
        );
        assert_eq!(without_site_links("No links."), "No links.");
    }
}
