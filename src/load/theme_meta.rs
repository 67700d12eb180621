//! A theme's `theme.yaml`: what the theme says about itself. Optional; a
//! theme without one reserves no ids (beyond beian's footnotes').

use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::parse::reserved::ReservedIds;

pub const FILE_NAME: &str = "theme.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeMeta {
    /// Ids the theme's templates and scripts give elements; `prefix*` for
    /// all that start with `prefix`.
    #[serde(default)]
    reserved_ids: Vec<String>,
}

/// The ids the theme in `dir` reserves, or the problem with its
/// `theme.yaml` (shown as `shown`), read through the site's `fence`.
pub fn reserved_ids(
    dir: &Path,
    shown: &Path,
    fence: &crate::load::files::Fence,
) -> Result<ReservedIds, Diagnostic> {
    let path = dir.join(FILE_NAME);
    if !crate::load::is_there(&path) {
        return Ok(ReservedIds::default());
    }
    let display = shown.join(FILE_NAME);
    let text = fence.read_text(&path, &display)?;
    let meta: ThemeMeta = if text.trim().is_empty() {
        ThemeMeta::default()
    } else {
        crate::parse::yaml::decode(&text, &display, &text, 1)?
    };
    Ok(ReservedIds::new(
        meta.reserved_ids.iter().map(String::as_str),
    ))
}
