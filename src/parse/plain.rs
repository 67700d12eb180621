//! Markdown of the rules made fit to read outside the site: as plain text,
//! and as markdown whose links into the site (written as paths of source
//! files, such as `/guide/steps.md#permit`) keep only their text, since
//! those paths lead nowhere once printed.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::markdown::{is_external, options};

/// Plain text: no markup, a blank line between paragraphs, list items on
/// lines of their own, a link to another site followed by its address.
pub fn to_text(md: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::List(_)) => {
                out.push_str("\n\n")
            }
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
