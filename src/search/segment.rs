//! Word breaks in Chinese and Japanese text, for the search index.
//!
//! Pagefind finds words at whitespace, and Chinese puts none between
//! words: 网站备案信息真实性核验单 would be one word, and a search for 核验单
//! would miss it. Pagefind's own answer ("extended" mode) segments only
//! pages whose language is Chinese and then loses English stemming, but our
//! pages are English with Chinese terms in them. So the text handed to the
//! indexer has its Chinese runs split by the same ICU dictionary the
//! browser's `Intl.Segmenter` uses, which is what the search page splits the
//! reader's query with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

static WORDS: LazyLock<icu_segmenter::WordSegmenterBorrowed<'static>> =
    LazyLock::new(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));

/// Written without spaces between words: Han ideographs, kana and the
/// iteration and prolonged-sound marks that belong to them.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}' | '\u{303B}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Every character [`is_unspaced`] accepts is encoded from a byte of 0xE3
/// up, a byte never inside another character's encoding.
const FIRST_UNSPACED_BYTE: u8 = 0xE3;

/// Whether `html` may hold a character written without spaces. Read in
/// blocks whose largest byte is found without a branch per byte, since
/// most pages of most sites have none and this is all they cost.
fn may_have_unspaced(html: &str) -> bool {
    html.as_bytes()
        .chunks(64)
        .any(|block| block.iter().copied().max().unwrap_or(0) >= FIRST_UNSPACED_BYTE)
}

/// `html` with a space between the words of every Chinese or Japanese run
/// in its text, and between such a run and a letter or digit it touches
/// (`Web备案` → `Web 备案`). Markup is left alone, so ids and attributes
/// keep their values.
pub fn space_words(html: &str) -> String {
    spaced(html).unwrap_or_else(|| html.to_string())
}

/// [`space_words`], or `None` when `html` has no byte that could start a
/// run to space (most pages of most sites), so the caller keeps what it
/// has instead of a copy.
pub fn spaced(html: &str) -> Option<String> {
    if !may_have_unspaced(html) {
        return None;
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut at = 0;
    while at < html.len() {
        // Text is copied whole up to a tag or a character that may be
        // unspaced.
        let next = bytes[at..]
            .iter()
            .position(|&b| b == b'<' || b >= FIRST_UNSPACED_BYTE)
            .map_or(html.len(), |p| at + p);
        out.push_str(&html[at..next]);
        at = next;
        let rest = &html[at..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '<' {
            let end = rest.find('>').map_or(rest.len(), |p| p + 1);
            out.push_str(&rest[..end]);
            at += end;
        } else if is_unspaced(c) {
            let end = rest.find(|c: char| !is_unspaced(c)).unwrap_or(rest.len());
            let run = &rest[..end];
            if out.chars().next_back().is_some_and(char::is_alphanumeric) {
                out.push(' ');
            }
            push_words(&mut out, run);
            at += end;
            if html[at..].chars().next().is_some_and(char::is_alphanumeric) {
                out.push(' ');
            }
        } else {
            out.push(c);
            at += c.len_utf8();
        }
    }
    Some(out)
}

/// How many runs each thread remembers the words of, and the longest run
/// remembered: enough for a site's repeated labels, bounded for a large
/// site whose every sentence is new.
const REMEMBERED_RUNS: usize = 1 << 14;
const LONGEST_REMEMBERED: usize = 256;

thread_local! {
    /// Each run's words, spaced, by the run. The dictionary's search is
    /// the dearest step of preparing a Chinese page for the index, and a
    /// theme repeats the same short runs (dates, navigation, the names of
    /// sources and forms) on every page: in the bundled guide 93 % of the
    /// Chinese text handed to the index is a run seen before. A run is
    /// split on its own, so its words do not depend on where it stands.
    static SEEN: RefCell<HashMap<Box<str>, Box<str>>> = RefCell::new(HashMap::new());
}

/// Pushes `run`, a run of [`is_unspaced`] characters, with a space between
/// its words.
fn push_words(out: &mut String, run: &str) {
    if run.len() > LONGEST_REMEMBERED {
        split_into(out, run);
        return;
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(words) = seen.get(run) {
            out.push_str(words);
            return;
        }
        let from = out.len();
        split_into(out, run);
        if seen.len() < REMEMBERED_RUNS {
            seen.insert(run.into(), out[from..].into());
        }
    });
}

fn split_into(out: &mut String, run: &str) {
    let mut start = 0;
    for cut in WORDS.segment_str(run).skip(1) {
        if start > 0 {
            out.push(' ');
        }
        out.push_str(&run[start..cut]);
        start = cut;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_chinese_into_dictionary_words() {
        assert_eq!(
            space_words("网站备案信息真实性核验单"),
            "网站 备案 信息 真实 性 核验 单"
        );
        // As Chromium's Intl.Segmenter splits it too.
        assert_eq!(
            space_words("a residence permit (居住证)."),
            "a residence permit (居住 证)."
        );
    }

    #[test]
    fn parts_a_run_from_letters_it_touches() {
        assert_eq!(space_words("Web备案号"), "Web 备案 号");
        assert_eq!(space_words("备案2026"), "备案 2026");
    }

    #[test]
    fn leaves_markup_alone() {
        let html = r#"<h3 id="居住证资料" title="居住证资料">居住证资料</h3>"#;
        assert_eq!(
            space_words(html),
            r#"<h3 id="居住证资料" title="居住证资料">居住 证 资料</h3>"#
        );
    }

    #[test]
    fn finds_a_run_in_any_block() {
        // Either side of the 64-byte blocks the first look is made in.
        for at in [0, 1, 63, 64, 65, 127, 128, 200] {
            let html = format!("{}备案{}", "a".repeat(at), "b".repeat(70));
            let want = format!("{} 备案 {}", "a".repeat(at), "b".repeat(70));
            let want = if at == 0 { want[1..].to_string() } else { want };
            assert_eq!(spaced(&html).as_deref(), Some(want.as_str()), "at {at}");
        }
    }

    #[test]
    fn a_run_seen_before_splits_as_it_did() {
        let runs = [
            "网站备案信息真实性核验单",
            "居住证资料",
            "备案",
            // Longer than a remembered run: split each time.
            &"网站备案信息真实性核验单".repeat(10),
        ];
        assert!(runs[3].len() > LONGEST_REMEMBERED);
        for run in runs {
            let mut fresh = String::new();
            split_into(&mut fresh, run);
            assert!(fresh.contains(' ') || run == "备案", "{fresh}");
            for _ in 0..3 {
                let mut again = String::from("x");
                push_words(&mut again, run);
                assert_eq!(again[1..], fresh, "{run}");
            }
        }
        // Remembered runs are whole runs: a shorter one is not a prefix hit.
        assert_eq!(space_words("核验单"), "核验 单");
    }

    #[test]
    fn leaves_other_text_alone() {
        let text = "Filing (备案) takes 20 working days — café, naïve, Ελλάδα.";
        assert_eq!(space_words(text), text);
        assert_eq!(space_words(""), "");
        // Nothing to space: no copy is made.
        assert_eq!(spaced("20 working days — café, naïve, Ελλάδα."), None);
        assert_eq!(spaced("<p>plain</p>"), None);
    }
}
