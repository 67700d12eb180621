//! What the raw HTML of a page says: the ids it gives, and the files and
//! pages it links. Read by lol_html, which reports the real attributes of
//! real tags, however they are written (`ID=x`, `id = "x"`, no quotes) and
//! never those inside comments or other attributes' values.

use lol_html::{HtmlRewriter, Settings, element};

/// The raw HTML of one page, gathered piece by piece, read at once: a tag
/// may span several lines, and markdown hands an HTML block over a line
/// at a time.
#[derive(Debug, Default)]
pub struct RawHtml {
    text: String,
    /// Where each piece starts in `text`, and in the markdown.
    starts: Vec<(usize, usize)>,
}

/// What [`RawHtml::read`] found; offsets are of the markdown.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// `id` of any element, and `name` of an `<a>`: both are link targets.
    pub anchors: Vec<String>,
    pub srcs: Vec<(usize, String)>,
    pub hrefs: Vec<(usize, String)>,
}

impl RawHtml {
    /// Adds a piece of raw HTML found at `offset` of the markdown.
    pub fn push(&mut self, piece: &str, offset: usize) {
        self.starts.push((self.text.len(), offset));
        self.text.push_str(piece);
    }

    pub fn read(&self) -> Found {
        let mut found = Found::default();
        if self.text.is_empty() {
            return found;
        }
        {
            let at = |byte: usize| self.offset(byte);
            let handler = element!("*", |el| {
                let tag = el.tag_name();
                for attr in el.attributes() {
                    let place = attr
                        .value_source_location()
                        .map_or(el.source_location().bytes().start, |l| l.bytes().start);
                    match attr.name().as_str() {
                        "id" => found.anchors.push(attr.value()),
                        "name" if tag == "a" => found.anchors.push(attr.value()),
                        "src" => found.srcs.push((at(place), attr.value())),
                        "href" => found.hrefs.push((at(place), attr.value())),
                        _ => {}
                    }
                }
                Ok(())
            });
            // Not strict: markup that leaves the parser unsure of its state
            // is read the way a browser most likely reads it, not refused.
            let settings = Settings::new()
                .append_element_content_handler(handler)
                .with_strict(false);
            let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
            // An error (a memory limit, say) keeps what was found before it.
            if rewriter.write(self.text.as_bytes()).is_ok() {
                let _ = rewriter.end();
            }
        }
        found
    }

    /// The markdown offset of byte `byte` of the gathered text.
    fn offset(&self, byte: usize) -> usize {
        let i = self.starts.partition_point(|&(start, _)| start <= byte);
        match i.checked_sub(1).and_then(|i| self.starts.get(i)) {
            Some(&(start, offset)) => offset + (byte - start),
            None => byte,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pieces: &[(&str, usize)]) -> Found {
        let mut raw = RawHtml::default();
        for (piece, offset) in pieces {
            raw.push(piece, *offset);
        }
        raw.read()
    }

    #[test]
    fn ids_however_written_and_only_real_ones() {
        let found = read(&[(
            "<div ID=upper></div><p id=bare>x</p><span id = \"spaced\"></span><a name=\"named\"></a>\
             <!-- <b id=\"commented\"> --><i title='id=\"inside\"' data-id=\"data\"></i>",
            0,
        )]);
        assert_eq!(found.anchors, ["upper", "bare", "spaced", "named"]);
    }

    #[test]
    fn a_tag_over_several_pieces_is_read_whole_and_placed() {
        let found = read(&[
            ("<img alt=\"map\"\n", 10),
            ("  src=\"https://x.cn/m.png\">\n", 40),
        ]);
        assert_eq!(found.srcs, [(47, "https://x.cn/m.png".to_string())]);
    }
}
