//! beian patch: a reader for well-formed HTML that gives what `DomParser`
//! gives, without lol_html.
//!
//! `DomParser` runs lol_html with a selector program and a closure per
//! element, end tag and text chunk; at 10,000 pages that was most of the
//! index's cost. This reader walks the same page with a small tokenizer
//! and calls the very handlers `DomParser`'s closures call
//! (`start_element`, `end_element`, `add_text`, ...), in the order lol_html
//! calls them. It reads only what it can read exactly as lol_html does:
//! one `<html>` element with every element inside it closed in order, no
//! foreign content (`<svg>`, `<math>`), no element whose content lol_html
//! reads another way (`<template>`, `<plaintext>`), no
//! `\r` (which HTML turns into `\n`), and no `<` that does not start a tag.
//! Anything else returns `None`, and the page is read by `DomParser` as
//! before. `reads_as_dom_parser_does` in the tests holds the two to the
//! same result.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use super::{
    add_text, end_element, exclude_current, finish, note_script_or_link, start_element,
    start_html, DomParserData, DomParserResult, DomParsingNode, ElementAttributes,
    PagefindAttributes, REMOVE_SELECTORS,
};
use crate::SearchOptions;

/// Elements lol_html treats as void: they have no content and no end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content lol_html reads as text up to their end tag
/// (its `tree_builder_simulator`: RCDATA, RAWTEXT and script data).
const TEXT_ONLY: &[&str] = &[
    "script", "style", "title", "textarea", "noscript", "iframe", "xmp", "noembed", "noframes",
];

/// Elements this reader leaves to lol_html: foreign content, text to the
/// end of the page, and what changes how the rest is read.
const NOT_READ: &[&str] = &["svg", "math", "template", "plaintext", "frameset", "frame"];

struct Tag<'h> {
    name: Cow<'h, str>,
    attributes: Vec<(Cow<'h, str>, &'h str)>,
    self_closing: bool,
}

impl ElementAttributes for Tag<'_> {
    fn attribute(&self, name: &str) -> Option<String> {
        let name = name.to_ascii_lowercase();
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    }
}

struct Open<'h> {
    name: Cow<'h, str>,
    node: Rc<RefCell<DomParsingNode>>,
}

/// What `DomParser` would give for `html`, or `None` where this reader
/// cannot be sure of that.
pub(crate) fn read(html: &str, options: &SearchOptions) -> Option<DomParserResult> {
    if options.root_selector != "html"
        || !options.exclude_selectors.is_empty()
        || has_cr_or_nul(html)
    {
        return None;
    }
    let data = Rc::new(RefCell::new(DomParserData::default()));
    let mut anchor_counter = 0;
    // Deep enough for most pages without growing.
    let mut open: Vec<Open> = Vec::with_capacity(32);
    let mut seen_html = false;
    let mut pos = 0;
    while pos < html.len() {
        let Some(lt) = html[pos..].find('<').map(|i| pos + i) else {
            add_text_inside(&data, &open, &html[pos..]);
            break;
        };
        add_text_inside(&data, &open, &html[pos..lt]);
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            let body = &rest[4..];
            if body.starts_with('>') || body.starts_with("->") {
                return None;
            }
            let end = body.find("-->")?;
            if body[..end].contains("--!") {
                return None;
            }
            pos = lt + 4 + end + 3;
        } else if starts_with_ignoring_case(rest, "<!doctype") {
            if !open.is_empty() || seen_html {
                return None;
            }
            pos = lt + rest.find('>')? + 1;
        } else if let Some(after) = rest.strip_prefix("</") {
            let (name, len) = tag_name(after)?;
            let after_name = after[len..].trim_start_matches(is_html_space);
            if !after_name.starts_with('>') {
                return None;
            }
            let top = open.pop()?;
            if top.name != name {
                return None;
            }
            end_element(&data, &top.node, &top.name, &name);
            pos = html.len() - after_name.len() + 1;
        } else {
            let (tag, len) = start_tag(&rest[1..])?;
            pos = lt + 1 + len;
            let name = tag.name.as_ref();
            let void = VOID.contains(&name);
            if tag.self_closing && !void {
                return None;
            }
            if name == "html" {
                if seen_html {
                    return None;
                }
                seen_html = true;
                start_html(&mut data.borrow_mut(), tag.attribute("lang"));
            } else if open.is_empty() || NOT_READ.contains(&name) {
                return None;
            }
            // The handlers in the order `DomParser` registers them.
            let mut attrs = PagefindAttributes::default();
            for (n, v) in &tag.attributes {
                attrs.take(n, || v.to_string());
            }
            let node = start_element(
                &data,
                options,
                &mut anchor_counter,
                name,
                attrs,
                &tag,
                !void,
            );
            if name != "html" && REMOVE_SELECTORS.contains(&name) {
                exclude_current(&data.borrow());
            }
            if name == "script" {
                note_script_or_link(&mut data.borrow_mut(), name, tag.attribute("src"));
            } else if name == "link" {
                note_script_or_link(&mut data.borrow_mut(), name, tag.attribute("href"));
            }
            let Some(node) = node else {
                continue;
            };
            open.push(Open {
                name: tag.name,
                node,
            });
            if let Some(top) = open.last().filter(|top| TEXT_ONLY.contains(&&*top.name)) {
                let text_end = pos + end_of_text(&html[pos..], &top.name)?;
                let text = &html[pos..text_end];
                if top.name == "script" && text.contains("<!--") {
                    return None;
                }
                add_text_inside(&data, &open, text);
                pos = text_end;
            }
        }
    }
    if !open.is_empty() || !seen_html {
        return None;
    }
    Some(finish(Rc::try_unwrap(data).ok()?.into_inner()))
}

/// Whether `html` has a `\r` or a NUL: looked for by bytes, several at a
/// time (`memchr2`), as `contains(['\r', '\0'])` decodes every character
/// of the page.
fn has_cr_or_nul(html: &str) -> bool {
    memchr::memchr2(b'\r', 0, html.as_bytes()).is_some()
}

/// Text is read only inside the root, as lol_html's `text!("html")` does.
fn add_text_inside(data: &Rc<RefCell<DomParserData>>, open: &[Open], text: &str) {
    if !open.is_empty() && !text.is_empty() {
        add_text(&mut data.borrow_mut(), text);
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C')
}

/// A tag's name at the start of `s`, in lower case, and its length; only
/// names of ASCII letters, digits and hyphens, starting with a letter.
fn tag_name(s: &str) -> Option<(Cow<'_, str>, usize)> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(s.len());
    match s[len..].chars().next() {
        Some(c) if is_html_space(c) || c == '>' || c == '/' => {}
        _ => return None,
    }
    Some((lower(&s[..len]), len))
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// A start tag after its `<`, and its length up to and including its `>`.
fn start_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let (name, mut i) = tag_name(s)?;
    let mut tag = Tag {
        name,
        attributes: Vec::new(),
        self_closing: false,
    };
    loop {
        let before = i;
        i += s[i..].len() - s[i..].trim_start_matches(is_html_space).len();
        let rest = &s[i..];
        if rest.starts_with('>') {
            return Some((tag, i + 1));
        }
        if rest.starts_with("/>") {
            tag.self_closing = true;
            return Some((tag, i + 2));
        }
        if i == before && !tag.attributes.is_empty() {
            // Attributes must be apart.
            return None;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name = lower(&rest[..name_len]);
        i += name_len;
        let after = s[i..].trim_start_matches(is_html_space);
        let value = if let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start_matches(is_html_space);
            i = s.len() - v.len();
            match v.chars().next()? {
                quote @ ('"' | '\'') => {
                    let end = v[1..].find(quote)?;
                    i += end + 2;
                    &v[1..1 + end]
                }
                _ => {
                    let end = v.find(|c: char| is_html_space(c) || c == '>')?;
                    let value = &v[..end];
                    if value.is_empty() || value.contains(['"', '\'', '<', '=', '`']) {
                        return None;
                    }
                    i += end;
                    value
                }
            }
        } else {
            ""
        };
        tag.attributes.push((name, value));
    }
}

/// Where the text content of a `TEXT_ONLY` element ends: at its end tag.
fn end_of_text(s: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + s[from..].find("</")?;
        let after = &s[at + 2..];
        if starts_with_ignoring_case(after, name)
            && after[name.len()..].starts_with(|c: char| is_html_space(c) || c == '>' || c == '/')
        {
            return Some(at);
        }
        from = at + 2;
    }
}

/// Whether `s` starts with `prefix` (ASCII), in any case.
fn starts_with_ignoring_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::has_cr_or_nul;

    #[test]
    fn finds_a_cr_or_a_nul_anywhere() {
        for at in [0, 1, 63, 64, 65, 130] {
            for odd in ["\r", "\0"] {
                let html = format!("{}{odd}{}", "a".repeat(at), "é".repeat(40));
                assert!(has_cr_or_nul(&html), "{odd:?} at {at}");
            }
        }
        assert!(!has_cr_or_nul(&format!("<p>{}\n\t</p>", "é字".repeat(50))));
        assert!(!has_cr_or_nul(""));
    }
}
