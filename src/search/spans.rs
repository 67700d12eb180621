//! Highlighted code, as the search index needs it. The highlighter wraps
//! every token of a code block in a `<span class="…">`, which is nearly
//! half the elements of a page with code, and Pagefind's parser does the
//! same work for each element (its attributes read, a node made and
//! closed). A span with nothing but a class adds no space, no weight, no
//! anchor and no metadata to what is indexed, so inside `<pre>` such spans
//! are dropped and their text kept: the index is byte for byte the same,
//! made with less work.

use std::borrow::Cow;

/// `html` without the class-only `<span>` tags (and their end tags) inside
/// its `<pre>` elements.
pub fn drop_code_spans(html: &str) -> Cow<'_, str> {
    if memchr::memmem::find(html.as_bytes(), b"<pre").is_none() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = memchr::memmem::find(rest.as_bytes(), b"<pre") {
        let Some(end) =
            memchr::memmem::find(&rest.as_bytes()[start..], b"</pre>").map(|e| start + e)
        else {
            break;
        };
        out.push_str(&rest[..start]);
        drop_spans(&rest[start..end], &mut out);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Copies `code` into `out` without its class-only spans. A span with
/// anything else on it is kept, and so is its end tag.
fn drop_spans(code: &str, out: &mut String) {
    // For each open span: was it dropped?
    let mut open: Vec<bool> = Vec::new();
    let mut rest = code;
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("</span>") {
            if !open.pop().unwrap_or(false) {
                out.push_str("</span>");
            }
            rest = after;
        } else if let Some(len) = class_only_span(rest) {
            open.push(true);
            rest = &rest[len..];
        } else {
            if rest.starts_with("<span") {
                open.push(false);
            }
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

/// The length of the tag at the start of `s` when it is `<span
/// class="…">`, with a class of plain characters and nothing else.
fn class_only_span(s: &str) -> Option<usize> {
    let value = s.strip_prefix("<span class=\"")?;
    let close = value.find('"')?;
    let class = &value[..close];
    if class.contains(['<', '>', '&']) || !value[close + 1..].starts_with('>') {
        return None;
    }
    Some("<span class=\"".len() + close + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_only_spans_in_code_go_and_their_text_stays() {
        let html = "<p><span class=\"x\">keep</span></p>\
                    <pre class=\"hl\"><code><span class=\"a b\">fn</span> \
                    <span class=\"c\"><span class=\"d\">x</span>()</span></code></pre>\
                    <p>after <span class=\"y\">this</span></p>";
        assert_eq!(
            drop_code_spans(html),
            "<p><span class=\"x\">keep</span></p>\
             <pre class=\"hl\"><code>fn x()</code></pre>\
             <p>after <span class=\"y\">this</span></p>"
        );
    }

    #[test]
    fn a_span_with_more_than_a_class_is_kept_with_its_end() {
        let html = "<pre><span class=\"a\"><span id=\"here\" class=\"b\">x</span>\
                    <span class=\"c\" data-pagefind-weight=\"2\">y</span></span>\
                    <span>z</span></pre>";
        assert_eq!(
            drop_code_spans(html),
            "<pre><span id=\"here\" class=\"b\">x</span>\
             <span class=\"c\" data-pagefind-weight=\"2\">y</span>\
             <span>z</span></pre>"
        );
    }

    #[test]
    fn text_without_code_is_not_copied_and_an_unclosed_pre_is_left_alone() {
        assert!(matches!(
            drop_code_spans("<p>no code</p>"),
            Cow::Borrowed(_)
        ));
        let open = "<pre><span class=\"a\">x</span>";
        assert_eq!(drop_code_spans(open), open);
    }
}
