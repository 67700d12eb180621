//! Stage 5, for a site with search: the search index, made in process by
//! Pagefind from the rendered pages, so `beian serve` can make it in memory
//! as well. The pages' own HTML is what is indexed; the theme marks the part
//! worth indexing (`data-pagefind-body`) and the group a page is found under.

pub mod segment;

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

/// The site paths of the pages the index holds, as `Kind::search_group`
/// decides; empty when the site has no search.
pub fn indexed_paths(plan: &Plan) -> Vec<String> {
    if plan.search.is_none() {
        return Vec::new();
    }
    plan.entries
        .iter()
        .filter(|e| e.kind.search_group().is_some())
        .map(|e| e.out.href())
        .collect()
}

/// Builds the index of `pages` (site path, HTML) and returns its files,
/// under `pagefind/`: the search script, its worker and WebAssembly, and
/// the index, fragment and filter chunks it fetches as the reader types.
/// Pagefind's own ready-made interfaces are left out: the theme has its own.
pub fn build<'a>(
    pages: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    language: Option<&str>,
) -> Result<Vec<IndexFile>, Diagnostic> {
    build_from(pages.into_iter().collect(), language)
}

/// [`build`]'s work, not generic, and its future boxed: every copy the
/// compiler makes of Pagefind's future carries the files Pagefind embeds
/// (over half a megabyte each), so it is made once, not once per caller
/// and per kind of runtime that could poll it.
/// `language`: the one language of every page, or `None` on a site in
/// several, where Pagefind keeps one index per page's `<html lang>`.
fn build_from(
    pages: Vec<(&str, &[u8])>,
    language: Option<&str>,
) -> Result<Vec<IndexFile>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let language = language.map(|l| l.split(['-', '_']).next().unwrap_or("en").to_string());
    let index: Pin<Box<dyn Future<Output = Result<Vec<IndexFile>, Diagnostic>> + '_>> =
        Box::pin(async move {
            // Every link in the site ends in index.html so that it also
            // works opened from disk; results keep to that.
            let builder = pagefind::options::PagefindServiceConfig::builder().keep_index_url(true);
            let options = match language {
                Some(language) => builder.force_language(language).build(),
                None => builder.build(),
            };
            let mut index =
                pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| failed(&e))?;
            // Pagefind takes pages one at a time; the word splitting need not.
            let pages: Vec<(&str, String)> = pages
                .into_par_iter()
                .map(|(path, html)| (path, segment::space_words(&String::from_utf8_lossy(html))))
                .collect();
            for (path, html) in pages {
                index
                    .add_html_file(None, Some(path.to_string()), html)
                    .await
                    .map_err(|e| failed(&format!("{path}: {e}")))?;
            }
            let files = index.get_files().await.map_err(|e| failed(&e))?;
            Ok(files
                .into_iter()
                .filter_map(|f| {
                    let name = f.filename.to_string_lossy().replace('\\', "/");
                    wanted(&name).then(|| IndexFile {
                        path: SitePath::from_segments(
                            std::iter::once(SEARCH_BUNDLE.to_string())
                                .chain(name.split('/').map(str::to_string))
                                .collect(),
                        ),
                        bytes: f.contents,
                    })
                })
                .collect())
        });
    runtime.block_on(index)
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

    #[test]
    fn bundle_holds_the_runtime_and_index_but_no_ready_made_interface() {
        let a = page("Permits", "guide", "A residence permit (居住证) is needed.");
        let b = page("Forms", "checklist", "Sign the 网站备案信息真实性核验单.");
        let files = build(
            [
                ("a/index.html", a.as_bytes()),
                ("b/index.html", b.as_bytes()),
            ],
            Some("en"),
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

    #[test]
    fn same_pages_same_bytes() {
        let a = page("Permits", "guide", "A residence permit (居住证) is needed.");
        let one = build([("a/index.html", a.as_bytes())], Some("en")).unwrap();
        let two = build([("a/index.html", a.as_bytes())], Some("en")).unwrap();
        let bytes = |fs: &[IndexFile]| {
            fs.iter()
                .map(|f| (f.path.to_string(), f.bytes.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(bytes(&one), bytes(&two));
    }
}
