//! Stage 5, for a site with search: the search index, made in process by
//! Pagefind from the rendered pages, so `beian serve` can make it in memory
//! as well. The pages' own HTML is what is indexed; the theme marks the part
//! worth indexing (`data-pagefind-body`) and the group a page is found under.

pub mod before_body;
pub mod cache;
pub mod records;
pub mod segment;
pub mod spans;

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::plan::url::SitePath;
use crate::plan::{Plan, SEARCH_BUNDLE};

/// One file of the index: always made in memory, never copied from disk.
pub struct IndexFile {
    pub path: SitePath,
    pub bytes: Vec<u8>,
}

/// The pages the index holds, as `Kind::search_group` decides, by site
/// path, each with the language it is indexed in; empty when the site has
/// no search. On a site in one language every page is indexed in it, so the
/// site's one search page also finds a page written in another; on a site
/// in several, each page in its own, so each language searches its pages.
pub fn indexed_pages(plan: &Plan) -> Vec<(String, String)> {
    if plan.search.is_none() {
        return Vec::new();
    }
    let multilingual = plan.multilingual();
    plan.entries
        .iter()
        .filter(|e| e.kind.search_group().is_some())
        .map(|e| {
            let lang = if multilingual { e.page.lang } else { 0 };
            let language = plan.languages.get(lang).cloned().unwrap_or_default();
            (e.out.href(), language)
        })
        .collect()
}

/// The index a page in language `tag` (BCP 47) goes to, named as Pagefind
/// names one it reads from `<html lang>`: lowercased, `zh-cn`. Pagefind
/// picks stemmer and word splitting by the part before `-`, and the search
/// script finds the index by the page's `lang` the same way.
pub fn index_language(tag: &str) -> String {
    tag.replace('_', "-").to_ascii_lowercase()
}

/// The index being made: pages are prepared for it (parsed and split into
/// words) on any thread as soon as they are rendered, so their HTML can be
/// dropped at once; [`Index::finish`] adds them, in the order given, and
/// makes the index's files.
pub struct Index {
    index: pagefind::api::PagefindIndex,
    preparer: Preparer,
}

/// Prepares pages for an [`Index`]; shared by the rendering threads.
#[derive(Clone)]
pub struct Preparer(pagefind::api::PagePreparer);

/// One page as the index needs it: its words, their places and weights, its
/// title, filters and sections; not its HTML.
pub struct Prepared(pagefind::api::PreparedPage);

impl Preparer {
    /// The page at site path `path` (its URL in the index), for the index of
    /// `language` (a BCP 47 tag; see [`index_language`]).
    pub fn prepare(&self, path: &str, html: &[u8], language: &str) -> Result<Prepared, Diagnostic> {
        self.prepare_handed_over(path, handed_over(html), language)
    }

    /// For tests and benchmarks: [`Self::prepare`], but with the whole page
    /// handed over, what lies before its marked body included.
    #[doc(hidden)]
    pub fn prepare_whole(
        &self,
        path: &str,
        html: &[u8],
        language: &str,
    ) -> Result<Prepared, Diagnostic> {
        self.prepare_handed_over(path, spans_dropped_and_spaced(&utf8(html)), language)
    }

    fn prepare_handed_over(
        &self,
        path: &str,
        html: String,
        language: &str,
    ) -> Result<Prepared, Diagnostic> {
        self.0
            .prepare_html(path.to_string(), html, &index_language(language))
            .map(Prepared)
            .map_err(|e| failed(&format!("{path}: {e}")))
    }

    /// For tests: `None` when Pagefind reads this page, as [`Self::prepare`]
    /// hands it over, with lol_html; otherwise whether its reader of
    /// well-formed HTML (`vendor/pagefind/PATCH.md`) read it exactly as
    /// lol_html does, or how not.
    #[doc(hidden)]
    pub fn compare_readers(&self, html: &[u8]) -> Option<Result<(), String>> {
        self.0.compare_readers(&handed_over(html))
    }

    /// For tests: `None` when [`Self::prepare`] hands this page over whole;
    /// otherwise whether Pagefind prepares it, with what lies before its
    /// marked body left out ([`before_body`]), exactly as it prepares the
    /// whole page, or how not.
    #[doc(hidden)]
    pub fn compare_before_body(&self, html: &[u8], language: &str) -> Option<Result<(), String>> {
        if let Cow::Borrowed(_) = before_body::drop_before_body(&utf8(html)) {
            return None;
        }
        let comparable = |page: Result<Prepared, Diagnostic>| {
            page.map_or_else(|e| e.message, |page| page.0.comparable())
        };
        let whole = comparable(self.prepare_whole("page", html, language));
        let cut = comparable(self.prepare("page", html, language));
        Some(match whole == cut {
            true => Ok(()),
            false => Err(format!("whole: {whole}\nwithout: {cut}")),
        })
    }
}

/// A page as Pagefind is given it: without what it would read before the
/// element marked as the page's body only to drop it, code without its
/// highlighting spans, and Chinese words spaced apart.
fn handed_over(html: &[u8]) -> String {
    let html = utf8(html);
    let body = before_body::drop_before_body(&html);
    spans_dropped_and_spaced(&body)
}

/// Rendered pages are UTF-8, and `from_utf8` checks that several times
/// faster than `from_utf8_lossy` does; the lossy read is for a page that is
/// not (raw bytes a theme let through).
fn utf8(html: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(html) {
        Ok(html) => Cow::Borrowed(html),
        Err(_) => String::from_utf8_lossy(html),
    }
}

fn spans_dropped_and_spaced(html: &str) -> String {
    let code_plain = spans::drop_code_spans(html);
    match segment::spaced(&code_plain) {
        Some(spaced) => spaced,
        None => code_plain.into_owned(),
    }
}

impl Index {
    pub fn new() -> Result<Index, Diagnostic> {
        let options = pagefind::options::PagefindServiceConfig::builder()
            // Every link in the site ends in index.html so that it also
            // works opened from disk; results keep to that.
            .keep_index_url(true)
            .build();
        let index = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| failed(&e))?;
        let preparer = Preparer(index.preparer());
        Ok(Index { index, preparer })
    }

    pub fn preparer(&self) -> &Preparer {
        &self.preparer
    }

    /// The index of `pages`, in their order: its files, under `pagefind/`:
    /// the search script, its worker and WebAssembly, and the index,
    /// fragment and filter chunks it fetches as the reader types. Pagefind's
    /// own ready-made interfaces are left out: the theme has its own.
    pub fn finish(mut self, pages: Vec<Prepared>) -> Result<Vec<IndexFile>, Diagnostic> {
        self.run(pages, GZIP_LEVEL, false)
    }

    /// Adds `pages` (a page at a URL already there replaces it, in its
    /// place) and makes the index of every page added so far, keeping them
    /// for the next call; its files gzipped at `gzip_level`. For `serve`,
    /// which remakes the index after each edit from the pages that changed.
    pub fn update(
        &mut self,
        pages: Vec<Prepared>,
        gzip_level: u32,
    ) -> Result<Vec<IndexFile>, Diagnostic> {
        self.run(pages, gzip_level, true)
    }

    fn run(
        &mut self,
        pages: Vec<Prepared>,
        gzip_level: u32,
        keep: bool,
    ) -> Result<Vec<IndexFile>, Diagnostic> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| failed(&e))?;
        let index = &mut self.index;
        // Boxed: every copy the compiler makes of Pagefind's future carries
        // the files Pagefind embeds (over half a megabyte each), so it is
        // made once, not once per caller and per kind of runtime that could
        // poll it.
        let made: Pin<Box<dyn Future<Output = Result<Vec<IndexFile>, Diagnostic>> + '_>> =
            Box::pin(async move {
                index.set_gzip_level(gzip_level).await;
                index
                    .add_prepared(pages.into_iter().map(|p| p.0).collect())
                    .await;
                let files = if keep {
                    index.get_files().await
                } else {
                    // The pages are moved into the index, not copied.
                    index.take_files().await
                };
                let files = files.map_err(|e| failed(&e))?;
                Ok(files.into_iter().filter_map(bundle_file).collect())
            });
        runtime.block_on(made)
    }
}

/// The gzip level of the index files, in libdeflate's levels (the patched
/// Pagefind's compressor). On the 10,000-page benchmark's index, 109 MB
/// unpacked: level 9 makes 46.4 MB in about 5.7 s of CPU, level 6 47.0 MB
/// (1.2 % more for readers to fetch) in 1.7 s, and below 6 the bytes grow
/// faster than the time falls (level 4: 47.8 MB in 1.3 s). zlib's level
/// 5, used before, made 47.1 MB in 2.4 s (bench/README.md, "gzip levels"
/// and the sixth round on #21).
pub const GZIP_LEVEL: u32 = 6;

/// One of Pagefind's files, when the search page needs it, at its place in
/// the site.
fn bundle_file(f: pagefind::api::SyntheticFile) -> Option<IndexFile> {
    let name = f.filename.to_string_lossy().replace('\\', "/");
    wanted(&name).then(|| IndexFile {
        path: SitePath::from_segments(
            std::iter::once(SEARCH_BUNDLE.to_string())
                .chain(name.split('/').map(str::to_string))
                .collect(),
        ),
        bytes: f.contents,
    })
}

/// Builds the index of `pages` (site path, HTML), all in `language`, and
/// returns its files (see [`Index::finish`]).
pub fn build<'a>(
    pages: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    language: &str,
) -> Result<Vec<IndexFile>, Diagnostic> {
    let index = Index::new()?;
    let preparer = index.preparer().clone();
    let pages: Vec<(&str, &[u8])> = pages.into_iter().collect();
    let prepared = pages
        .into_par_iter()
        .map(|(path, html)| preparer.prepare(path, html, language))
        .collect::<Result<Vec<_>, _>>()?;
    index.finish(prepared)
}

/// The files the search page needs of Pagefind's bundle.
fn wanted(name: &str) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || name.ends_with(".pf_meta")
        || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|d| name.starts_with(d))
}

fn failed(e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("could not build the search index: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, group: &str, text: &str) -> String {
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body>\
             <nav>navigation text</nav><main data-pagefind-body data-pagefind-filter=\"group:{group}\">\
             <h1>{title}</h1><p>{text}</p></main></body></html>"
        )
    }

    /// Pages that touch every part of the index's merge: a word written
    /// with and without diacritics, in the text and in the title and
    /// metadata, a word only in the metadata, anchors, filters, Chinese, and
    /// enough pages and words for several index chunks.
    fn varied_pages() -> Vec<(String, String)> {
        let words = [
            "café",
            "cafe",
            "Café",
            "naïve",
            "résumé",
            "resume",
            "Größe",
            "grosse",
            "permit",
            "permits",
            "居住证",
            "核验单",
            "self-filing",
            "camelCaseWord",
            "a.b.c",
            "über",
            "uber",
            "resumé",
            "rèsumé",
            "cafè",
        ];
        (0..120)
            .map(|i| {
                let pick = |k: usize| words[(i * 7 + k * 3) % words.len()];
                let text: Vec<String> = (0..40 + i % 13)
                    .map(|k| format!("{} w{}", pick(k), (i * k) % 97))
                    .collect();
                let html = format!(
                    "<!doctype html><html lang=\"en\"><head><title>T {i} {}</title></head><body>\
                     <main data-pagefind-body data-pagefind-filter=\"group:g{}\" \
                     data-pagefind-meta=\"note:{} {}\">\
                     <h1>T {i} {}</h1><h2 id=\"s{i}\">{}</h2><p>{}</p>\
                     <h3 id=\"t{i}\">{}</h3><p>{}</p></main></body></html>",
                    pick(1),
                    i % 4,
                    pick(2),
                    if i % 5 == 0 { "onlyinmeta" } else { "x" },
                    pick(1),
                    pick(3),
                    text[..text.len() / 2].join(" "),
                    pick(4),
                    text[text.len() / 2..].join(" ")
                );
                (format!("p{i}/index.html"), html)
            })
            .collect()
    }

    /// A gzipped index file's contents.
    fn unpack(gz: &[u8]) -> Vec<u8> {
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut unpacked).unwrap();
        unpacked
    }

    /// The index of [`varied_pages`], file by file, as a digest of each
    /// file's bytes, gzipped files unpacked first: what the index holds,
    /// not how the compressor packed it.
    fn digest_of_varied_index() -> String {
        let pages = varied_pages();
        let mut files: Vec<(String, u128)> =
            build(pages.iter().map(|(p, h)| (p.as_str(), h.as_bytes())), "en")
                .unwrap()
                .into_iter()
                .map(|f| {
                    let name = f.path.to_string();
                    let bytes = if f.bytes.starts_with(&[0x1f, 0x8b]) {
                        unpack(&f.bytes)
                    } else {
                        f.bytes
                    };
                    (name.clone(), cache::fingerprint(&name, "", &bytes))
                })
                .collect();
        files.sort();
        files
            .iter()
            .filter(|(name, _)| !name.contains("wasm.") && !name.ends_with(".js"))
            .map(|(name, print)| format!("{name} {print:032x}\n"))
            .collect()
    }

    /// beian's patch of Pagefind packs each page's words as soon as it is
    /// prepared and merges them on many threads; the index must be byte for
    /// byte the one Pagefind 1.6.0 made. The golden file was written by the
    /// code before that patch (`BEIAN_BLESS=1` writes it again).
    #[test]
    fn the_index_is_byte_for_byte_the_one_pagefind_made() {
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/search-index-varied.txt");
        // The pages go through the reader of well-formed HTML, so the
        // golden file holds it to the index lol_html's reading made.
        let index = Index::new().unwrap();
        for (path, html) in varied_pages() {
            let read = index.preparer().compare_readers(html.as_bytes());
            assert_eq!(read, Some(Ok(())), "{path}");
        }
        let digest = digest_of_varied_index();
        assert!(digest.lines().count() > 120, "{digest}");
        assert!(
            digest.lines().filter(|l| l.contains("/index/")).count() > 1,
            "{digest}"
        );
        if std::env::var_os("BEIAN_BLESS").is_some() {
            std::fs::write(&golden, &digest).unwrap();
        }
        let want = std::fs::read_to_string(&golden).unwrap();
        assert!(
            want == digest,
            "the index differs from {}:\n{digest}",
            golden.display()
        );
    }

    /// `serve` asks for level 0: each index file is then the gzipped one's
    /// contents as they are, signature first, which Pagefind's script reads
    /// as it reads a file a server has decompressed.
    #[test]
    fn at_level_0_each_file_is_the_gzipped_one_unpacked() {
        let pages = varied_pages();
        let make = |level: u32| -> Vec<(String, Vec<u8>)> {
            let mut index = Index::new().unwrap();
            let preparer = index.preparer().clone();
            let prepared = pages
                .iter()
                .map(|(p, h)| preparer.prepare(p, h.as_bytes(), "en").unwrap())
                .collect();
            let mut files: Vec<(String, Vec<u8>)> = index
                .update(prepared, level)
                .unwrap()
                .into_iter()
                .map(|f| (f.path.to_string(), f.bytes))
                .collect();
            files.sort();
            files
        };
        let (raw, gzipped) = (make(0), make(GZIP_LEVEL));
        assert_eq!(raw.len(), gzipped.len());
        let mut compared = 0;
        for ((name, raw), (gz_name, gz)) in raw.iter().zip(&gzipped) {
            assert_eq!(name, gz_name);
            if !["/index/", "/fragment/", "/filter/", ".pf_meta"]
                .iter()
                .any(|d| name.contains(d))
            {
                continue;
            }
            assert!(raw.starts_with(b"pagefind_dcd"), "{name}");
            assert!(*raw == unpack(gz), "{name} differs from its gzipped form");
            compared += 1;
        }
        assert!(compared > 120, "{compared}");
    }

    #[test]
    fn bundle_holds_the_runtime_and_index_but_no_ready_made_interface() {
        let a = page("Permits", "guide", "A residence permit (居住证) is needed.");
        let b = page("Forms", "checklist", "Sign the 网站备案信息真实性核验单.");
        let files = build(
            [
                ("a/index.html", a.as_bytes()),
                ("b/index.html", b.as_bytes()),
            ],
            "en",
        )
        .unwrap();
        let names: Vec<String> = files.iter().map(|f| f.path.to_string()).collect();
        for must in [
            "pagefind/pagefind.js",
            "pagefind/pagefind-worker.js",
            "pagefind/pagefind-entry.json",
        ] {
            assert!(
                names.iter().any(|n| n == must),
                "{must} missing from {names:?}"
            );
        }
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/filter/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/wasm.")));
        assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
        let entry = files
            .iter()
            .find(|f| f.path.to_string() == "pagefind/pagefind-entry.json")
            .unwrap();
        let entry: serde_json::Value = serde_json::from_slice(&entry.bytes).unwrap();
        assert_eq!(entry["languages"]["en"]["page_count"], 2, "{entry}");
    }

    /// Pagefind's own way, unpatched: each page added, parsed under the
    /// index's lock, one after another.
    fn one_at_a_time(pages: &[(&str, String)], gzip_level: u32) -> Vec<(String, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let options = pagefind::options::PagefindServiceConfig::builder()
                .keep_index_url(true)
                .force_language("en".to_string())
                .build();
            let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
            index.set_gzip_level(gzip_level).await;
            for (path, html) in pages {
                index
                    .add_html_file(None, Some(path.to_string()), segment::space_words(html))
                    .await
                    .unwrap();
            }
            let mut files: Vec<(String, Vec<u8>)> = index
                .get_files()
                .await
                .unwrap()
                .into_iter()
                .filter_map(bundle_file)
                .map(|f| (f.path.to_string(), f.bytes))
                .collect();
            files.sort();
            files
        })
    }

    #[test]
    fn pages_prepared_on_many_threads_make_the_index_pagefind_makes_one_at_a_time() {
        let pages: Vec<(String, String)> = (0..40)
            .map(|i| {
                let text =
                    format!("Page {i} on permits (居住证), forms and the 核验单 number {i}.");
                (
                    format!("p{i}/index.html"),
                    page(&format!("Title {i}"), ["guide", "checklist"][i % 2], &text),
                )
            })
            .collect();
        let pages: Vec<(&str, String)> =
            pages.iter().map(|(p, h)| (p.as_str(), h.clone())).collect();
        // Prepared in reverse, on rayon's threads, then added in order.
        let index = Index::new().unwrap();
        let preparer = index.preparer().clone();
        let mut prepared: Vec<(usize, Prepared)> = pages
            .par_iter()
            .enumerate()
            .rev()
            .map(|(i, (path, html))| (i, preparer.prepare(path, html.as_bytes(), "en").unwrap()))
            .collect();
        prepared.sort_by_key(|(i, _)| *i);
        let mut ours: Vec<(String, Vec<u8>)> = index
            .finish(prepared.into_iter().map(|(_, p)| p).collect())
            .unwrap()
            .into_iter()
            .map(|f| (f.path.to_string(), f.bytes))
            .collect();
        ours.sort();
        assert_eq!(ours, one_at_a_time(&pages, GZIP_LEVEL));
    }

    #[test]
    fn each_page_goes_to_the_index_of_its_language() {
        let index = Index::new().unwrap();
        let en = page("Permits", "guide", "A residence permit is needed.");
        let de = page("Genehmigung", "guide", "Eine Genehmigung ist nötig.");
        let prepared = vec![
            index
                .preparer()
                .prepare("en/index.html", en.as_bytes(), "en")
                .unwrap(),
            index
                .preparer()
                .prepare("de/index.html", de.as_bytes(), "de-AT")
                .unwrap(),
        ];
        let files = index.finish(prepared).unwrap();
        let entry = files
            .iter()
            .find(|f| f.path.to_string() == "pagefind/pagefind-entry.json")
            .unwrap();
        let entry: serde_json::Value = serde_json::from_slice(&entry.bytes).unwrap();
        assert_eq!(entry["languages"]["en"]["page_count"], 1, "{entry}");
        assert_eq!(entry["languages"]["de-at"]["page_count"], 1, "{entry}");
    }

    #[test]
    fn the_index_files_are_gzipped_at_the_level_chosen() {
        let a = page("Permits", "guide", &"residence permit forms ".repeat(200));
        let files = build([("a/index.html", a.as_bytes())], "en").unwrap();
        let fragment = files
            .iter()
            .find(|f| f.path.to_string().starts_with("pagefind/fragment/"))
            .unwrap();
        // gzip's header: the XFL byte says 4 for the fastest levels, 2 for
        // the best (as libdeflate writes it: 1, and 8 and over), 0 for the
        // levels between.
        assert_eq!(&fragment.bytes[..3], &[0x1f, 0x8b, 8]);
        assert_eq!(fragment.bytes[8], 0, "XFL {}", fragment.bytes[8]);
    }

    #[test]
    fn taking_the_files_moves_the_pages_into_the_index_instead_of_copying_them() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut index = pagefind::api::PagefindIndex::new(None).unwrap();
            let preparer = index.preparer();
            let a = page("Permits", "guide", "A residence permit is needed.");
            let one = preparer
                .prepare_html("a/index.html".into(), a, "en")
                .unwrap();
            index.add_prepared(vec![one]).await;
            let count = |files: &[pagefind::api::SyntheticFile]| {
                let entry = files
                    .iter()
                    .find(|f| f.filename.ends_with("pagefind-entry.json"))
                    .unwrap();
                let entry: serde_json::Value = serde_json::from_slice(&entry.contents).unwrap();
                entry["languages"]["en"]["page_count"].as_u64()
            };
            assert_eq!(count(&index.take_files().await.unwrap()), Some(1));
            // Nothing was kept to build from again.
            assert_eq!(count(&index.take_files().await.unwrap()), None);
        });
    }

    #[test]
    fn same_pages_same_bytes() {
        let a = page("Permits", "guide", "A residence permit (居住证) is needed.");
        let one = build([("a/index.html", a.as_bytes())], "en").unwrap();
        let two = build([("a/index.html", a.as_bytes())], "en").unwrap();
        let bytes = |fs: &[IndexFile]| {
            fs.iter()
                .map(|f| (f.path.to_string(), f.bytes.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(bytes(&one), bytes(&two));
    }
}
