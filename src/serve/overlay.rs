//! The errors the overlay shows over every open page. They name files
//! relative to the site: the page may be shared, screenshotted or opened
//! by someone else, and the editor's own folders are no business of theirs.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Each error as the overlay shows it, with the site's folder left out of
/// every path it names.
pub fn shown(root: &Path, ds: &[Diagnostic]) -> Vec<String> {
    let prefixes = prefixes(root);
    ds.iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(loc) = d.location.as_mut()
                && let Some(rel) = prefixes.iter().find_map(|p| loc.path.strip_prefix(p).ok())
            {
                loc.path = rel.to_path_buf();
            }
            // Messages and help name files too ("while rendering …").
            let mut text = d.to_string();
            for p in &prefixes {
                let p = format!("{}{}", p.display(), std::path::MAIN_SEPARATOR);
                if p.len() > 1 {
                    text = text.replace(&p, "");
                }
            }
            text
        })
        .collect()
}

/// The ways the site's folder is written in paths: as given, absolute, and
/// canonical (through symbolic links). A relative `--root` shows as given
/// only in locations, where it is stripped whole.
fn prefixes(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![crate::load::files::display_root(root)];
    out.extend(std::path::absolute(root).ok());
    out.extend(root.canonicalize().ok());
    out.retain(|p| !p.as_os_str().is_empty());
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_site() {
        let root = Path::new("/home/editor/secret-project/site");
        let d = Diagnostic::error("`title` is empty")
            .at(&root.join("content/a.md"), "---\ntitle: \"\"\n---\n", 2, 1)
            .with_help("while rendering /home/editor/secret-project/site/content/a.md");
        let shown = shown(root, &[d]);
        assert!(
            shown[0].starts_with("content/a.md:2:1: error:"),
            "{}",
            shown[0]
        );
        assert!(!shown[0].contains("secret-project"), "{}", shown[0]);
    }
}
