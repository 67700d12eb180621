//! The part of a page before the element its theme marks
//! `data-pagefind-body`, which Pagefind reads and then throws away. The
//! header and navigation a theme puts there are about a third of the tags
//! of each page of the benchmark's 10,000-page site, and Pagefind's parser
//! does the same work for each of them as for the page's own text. But when the marked element
//! ends, every element around it has its text so far replaced by the marked
//! element's, so nothing of that part reaches the index, unless it holds
//! something Pagefind takes from anywhere on a page: a `data-pagefind-*`
//! attribute (filters, metadata, sort keys, another body, what to ignore),
//! the first `<h1>` (a title), an image after a title, a script or link (which
//! Pagefind checks for its own old bundles), or markup an HTML parser reads
//! in some other way.
//!
//! So that part is not handed over when it is made only of plain elements,
//! each closed in order, with no such attribute: the elements still open
//! where the marked one starts (its ancestors) are kept, and everything
//! else between `<body>` and the marked element is left out. The index is
//! byte for byte the same; a page this cannot be sure of is handed over
//! whole.

use std::borrow::Cow;

/// Elements that may stand before the marked one: text-level and grouping
/// elements that every HTML parser reads the same way, with no content
/// model of their own (no `<p>`, which other elements close, no table,
/// no raw text, no foreign content).
fn is_plain(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "aside"
            | "b"
            | "br"
            | "button"
            | "code"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "footer"
            | "form"
            | "header"
            | "hr"
            | "i"
            | "input"
            | "kbd"
            | "label"
            | "li"
            | "nav"
            | "ol"
            | "search"
            | "section"
            | "small"
            | "span"
            | "strong"
            | "summary"
            | "ul"
            | "wbr"
    )
}

/// The plain elements that have no content and no end tag, and `<img>`,
/// allowed only where it cannot count as the page's image.
fn is_void(name: &str) -> bool {
    matches!(name, "br" | "hr" | "input" | "wbr" | "img")
}

const MARK: &str = "data-pagefind-body";

/// `html` without what lies between its `<body>` tag and the element marked
/// `data-pagefind-body`, the start tags of that element's ancestors aside,
/// when that is sure to change nothing in the index; otherwise `html`.
pub fn drop_before_body(html: &str) -> Cow<'_, str> {
    match cut(html) {
        Some(cut) => Cow::Owned(cut),
        None => Cow::Borrowed(html),
    }
}

fn cut(html: &str) -> Option<String> {
    let body = find_body(html)?;
    let body_tag = start_tag(&html[body + 1..])?;
    if body_tag.marks_body || body_tag.pagefind {
        return None;
    }
    let from = body + 1 + body_tag.len;
    // Whether an image would count, asked of the head at the first image
    // (most pages have none there).
    let mut images_count = None;
    // The elements open so far: each one's name and its start tag.
    let mut open: Vec<(&str, &str)> = Vec::new();
    let mut pos = from;
    loop {
        let lt = pos + memchr::memchr(b'<', &html.as_bytes()[pos..])?;
        let rest = &html[lt + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            let len = name_len(after)?;
            if !after[len..].starts_with('>') || open.pop()?.0 != &after[..len] {
                return None;
            }
            pos = lt + 2 + len + 1;
            continue;
        }
        let tag = start_tag(rest)?;
        if tag.marks_body {
            let kept: usize = open.iter().map(|(_, tag)| tag.len()).sum();
            let mut out = String::with_capacity(from + kept + html.len() - lt);
            out.push_str(&html[..from]);
            for (_, tag) in &open {
                out.push_str(tag);
            }
            out.push_str(&html[lt..]);
            return Some(out);
        }
        let image_left_out = tag.name == "img"
            && !*images_count.get_or_insert_with(|| title_may_come_before(&html[..from]));
        if tag.pagefind || !(is_plain(tag.name) || image_left_out) {
            return None;
        }
        let end = lt + 1 + tag.len;
        if is_void(tag.name) {
            // Nothing to close.
        } else if tag.self_closing {
            return None;
        } else {
            open.push((tag.name, &html[lt..end]));
        }
        pos = end;
    }
}

/// Whether `head`, all before the part left out, may give a title, after
/// which an image counts as the page's image: a first `<h1>` or a title
/// given by `data-pagefind-meta`, neither of which the part left out may
/// hold.
fn title_may_come_before(head: &str) -> bool {
    let head = head.to_ascii_lowercase();
    head.contains("data-pagefind") || head.contains("<h1")
}

/// Where the `<body>` start tag begins: its first `<body` followed by a
/// space or `>`. A `<body` in the head's text is harmless: the head's own
/// end tags then close nothing this module opened, and the page is kept.
fn find_body(html: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + html[from..].find("<body")?;
        if html[at + 5..].starts_with([' ', '>', '\n', '\t']) {
            return Some(at);
        }
        from = at + 5;
    }
}

struct StartTag<'h> {
    name: &'h str,
    /// Up to and including its `>`, from after its `<`.
    len: usize,
    self_closing: bool,
    /// It has `data-pagefind-body`.
    marks_body: bool,
    /// It has any other `data-pagefind-*` attribute.
    pagefind: bool,
}

/// The length of a tag name at the start of `s`: lower-case ASCII letters
/// and digits, starting with a letter. Anything else is not read here.
fn name_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes.first()?.is_ascii_lowercase() {
        return None;
    }
    Some(run(bytes, |b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// How many of the bytes at the start of `bytes` are `fits`.
fn run(bytes: &[u8], fits: impl Fn(u8) -> bool) -> usize {
    bytes.iter().position(|&b| !fits(b)).unwrap_or(bytes.len())
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t')
}

/// A start tag after its `<`, written in the plainest way: lower-case
/// names, attributes apart by whitespace, values in quotes with no space
/// around their `=`.
fn start_tag(s: &str) -> Option<StartTag<'_>> {
    let bytes = s.as_bytes();
    let name_end = name_len(s)?;
    let mut tag = StartTag {
        name: &s[..name_end],
        len: 0,
        self_closing: false,
        marks_body: false,
        pagefind: false,
    };
    let mut i = name_end;
    loop {
        let spaces = run(&bytes[i..], is_space);
        i += spaces;
        match bytes.get(i)? {
            b'>' => {
                tag.len = i + 1;
                return Some(tag);
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                tag.self_closing = true;
                tag.len = i + 2;
                return Some(tag);
            }
            _ if spaces == 0 => return None,
            _ => {}
        }
        let name_len = run(&bytes[i..], |b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
        });
        if name_len == 0 {
            return None;
        }
        let name = &s[i..i + name_len];
        if name == MARK {
            tag.marks_body = true;
        } else if name.starts_with("data-pagefind") {
            tag.pagefind = true;
        }
        i += name_len;
        if bytes.get(i) == Some(&b'=') {
            let quote = *bytes.get(i + 1).filter(|q| matches!(q, b'"' | b'\''))?;
            let end = s[i + 2..].find(char::from(quote))?;
            i += 2 + end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>T</title>\
                        <script src=\"a.js\"></script></head>";

    fn page(before: &str) -> String {
        format!(
            "{HEAD}<body class=\"x\">{before}<main id=\"main\" data-pagefind-body>\
             <h1>Title</h1><p>Text</p></main></div>\n<footer>f</footer></body></html>"
        )
    }

    #[test]
    fn the_header_and_navigation_go_and_the_bodys_ancestors_stay() {
        let html = page(
            "\n<a class=\"skip\" href=\"#main\">Skip</a>\n<header><form role=\"search\">\
             <label for=\"q\">Search</label><input type=\"search\" id=\"q\" name=\"q\">\
             <button type='submit'>Go</button></form></header>\n\
             <div class=\"layout\" id=\"l\">\n<nav aria-label=\"Site\"><details><summary>Menu\
             </summary><ul><li class=\"open\"><a href=\"a/index.html\">A</a><br/></li></ul>\
             </details></nav>\n\n",
        );
        assert_eq!(
            drop_before_body(&html),
            format!(
                "{HEAD}<body class=\"x\"><div class=\"layout\" id=\"l\">\
                 <main id=\"main\" data-pagefind-body><h1>Title</h1><p>Text</p></main></div>\
                 \n<footer>f</footer></body></html>"
            )
        );
    }

    #[test]
    fn a_page_with_anything_pagefind_takes_from_outside_its_body_is_kept_whole() {
        for before in [
            // Pagefind's own attributes: filters, metadata, sort keys, ignoring.
            "<div data-pagefind-filter=\"a:b\">x</div>",
            "<span data-pagefind-meta=\"k:v\"></span>",
            "<nav data-pagefind-ignore=\"all\"></nav>",
            // A title, an image, a script, a link.
            "<h1>Site</h1>",
            "<script>let body = 1;</script>",
            "<link rel=\"x\" href=\"y\">",
            // Elements read another way, or not closed in order.
            "<svg><path d=\"M0\"/></svg>",
            "<p>a</p>",
            "<div><span>x</div></span>",
            "<ul><li>one</ul>",
            "</div>",
            "<span/>",
            // Markup written in ways not read here.
            "<!-- a comment -->",
            "<DIV>x</DIV>",
            "<div class=x>y</div>",
            "<div class = \"x\">y</div>",
            "<div class=\"x\"id=\"y\">z</div>",
            "a < b",
        ] {
            let html = page(before);
            assert!(
                matches!(drop_before_body(&html), Cow::Borrowed(_)),
                "{before}"
            );
        }
    }

    #[test]
    fn an_image_goes_unless_a_title_could_come_before_it() {
        let logo = "<header><a href=\"/\"><img src=\"logo.png\" alt=\"\">Site</a></header>";
        let html = page(logo);
        assert!(!drop_before_body(&html).contains("logo"));
        for head in [
            "<head><meta data-pagefind-meta=\"title:T\"></head>",
            "<head><H1>T</H1></head>",
        ] {
            let html = page(logo).replacen(HEAD, &format!("<html>{head}"), 1);
            assert!(
                matches!(drop_before_body(&html), Cow::Borrowed(_)),
                "{head}"
            );
        }
    }

    #[test]
    fn a_page_without_a_marked_body_or_a_body_tag_is_kept_whole() {
        let unmarked = format!("{HEAD}<body><nav>n</nav><main><p>x</p></main></body></html>");
        let no_body = "<html><div>a</div><main data-pagefind-body>x</main></html>";
        let marked_body = format!("{HEAD}<body data-pagefind-body><nav>n</nav></body></html>");
        let body_in_head = "<html><head><script>\"<body>\"</script></head>\
                            <body><main data-pagefind-body>x</main></body></html>";
        for html in [unmarked.as_str(), no_body, &marked_body, body_in_head] {
            assert!(matches!(drop_before_body(html), Cow::Borrowed(_)), "{html}");
        }
    }

    #[test]
    fn nothing_before_the_body_is_nothing_to_drop_but_is_still_the_same_page() {
        let html = page("");
        assert_eq!(drop_before_body(&html), html);
    }
}
