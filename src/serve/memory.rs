//! A whole build held in memory, for `beian serve`: the pipeline's files
//! by their path in the site, nothing written to disk.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::pipeline::{self, Options};
use crate::write::Contents;

/// Site path (`guide/steps/index.html`) -> bytes.
pub type Files = HashMap<String, Arc<[u8]>>;

/// The search index's files, by site path: each remade whole after an
/// edit, so kept as the index made them (putting 100 MB of a large site's
/// index into `Arc`s was a copy a sixth as long as the rest of the update).
pub type IndexFiles = HashMap<String, Vec<u8>>;

/// The last good build: what was served, and what it was made from.
pub struct Session {
    pub prepared: pipeline::Prepared,
    pub files: Files,
}

pub struct Built {
    pub session: Session,
    pub warnings: Vec<Diagnostic>,
}

pub fn build(root: &Path) -> Result<Built, Vec<Diagnostic>> {
    let mut diags = crate::diag::Diagnostics::new();
    let prepared = pipeline::prepare(
        &Options {
            root: root.to_path_buf(),
            drafts: true,
            base_url: None,
            // Made apart, in the background: see `serve::search`.
            search_index: false,
            cache: false,
        },
        &mut diags,
    );
    let (prepared, rendered) = match prepared {
        Some(p) if !diags.has_errors() => {
            let rendered = crate::render::render_site(&p.input(), &crate::render::keep_all);
            (p, rendered)
        }
        _ => {
            return Err(diags
                .sorted()
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect());
        }
    };
    let output = rendered?;
    let mut files = HashMap::with_capacity(output.len());
    for f in output {
        let bytes: Arc<[u8]> = match f.contents {
            Contents::Bytes(b) => b.into(),
            Contents::Copy(from) => match std::fs::read(&from) {
                Ok(b) => b.into(),
                Err(e) => {
                    return Err(vec![
                        Diagnostic::error(format!("cannot read: {e}")).in_file(&from),
                    ]);
                }
            },
        };
        files.insert(f.path.to_string(), bytes);
    }
    Ok(Built {
        session: Session { prepared, files },
        warnings: diags.sorted(),
    })
}

/// Which of `new`'s files differ from `old` (added or changed), and whether
/// any was removed.
pub fn changes(old: &Files, new: &Files) -> (Vec<String>, bool) {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_none_or(|o| o != *v))
        .map(|(k, _)| k.clone())
        .collect();
    changed.sort();
    let removed = old.keys().any(|k| !new.contains_key(k));
    (changed, removed)
}

/// The file a request path names, or `None`. The path is percent-decoded
/// and split; any `.`, `..`, backslash or NUL segment is refused, so no
/// request can reach outside the site — and the site is only what is in
/// memory, never the disk.
pub fn lookup<'a, V>(files: &'a HashMap<String, V>, request_path: &str) -> Option<(String, &'a V)> {
    let decoded = crate::plan::url::percent_decode(request_path)?;
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    if let Some(f) = files.get(&path) {
        return Some((path, f));
    }
    let index = format!("{path}/index.html");
    files.get(&index).map(|f| (index, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_never_leaves_the_site() {
        let mut files = Files::new();
        files.insert("index.html".into(), Arc::from(&b"home"[..]));
        files.insert("guide/steps/index.html".into(), Arc::from(&b"steps"[..]));
        assert_eq!(lookup(&files, "/").unwrap().0, "index.html");
        assert_eq!(
            lookup(&files, "/guide/steps/").unwrap().0,
            "guide/steps/index.html"
        );
        assert_eq!(
            lookup(&files, "/guide/steps").unwrap().0,
            "guide/steps/index.html"
        );
        for bad in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/guide/..%2f..%2fx",
            "/guide/%2E%2E/steps/",
            "/a\\b",
            "/%00",
            "/./index.html",
        ] {
            assert!(lookup(&files, bad).is_none(), "{bad}");
        }
    }
}
