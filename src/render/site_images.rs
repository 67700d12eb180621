//! The site's own mark and favicon (`logo`, `favicon` in site.yaml): files
//! under `content/`, published like any other, that the theme shows in
//! place of its own.

use crate::config::SiteConfig;
use crate::diag::Diagnostic;
use crate::load::TextFile;
use crate::plan::Plan;

/// The root-relative href of `file` (a path under `content/`), when the
/// site has it.
pub fn href(plan: &Plan, file: Option<&str>) -> Option<String> {
    let segments: Vec<String> = file?
        .trim_start_matches('/')
        .split('/')
        .map(str::to_string)
        .collect();
    plan.assets.get(&segments).map(|c| c.out.href())
}

/// A `logo` or `favicon` naming no file under `content/`.
pub fn check(config: &SiteConfig, file: &TextFile, plan: &Plan) -> Vec<Diagnostic> {
    [("logo", &config.logo), ("favicon", &config.favicon)]
        .into_iter()
        .filter_map(|(key, value)| {
            let value = value.as_deref()?;
            href(plan, Some(value)).is_none().then(|| {
                crate::parse::yaml::at_key(
                    Diagnostic::error(format!("`{key}`: content/{value} does not exist"))
                        .with_help(
                            "name an image under content/, such as `mark.svg` for content/mark.svg",
                        ),
                    &file.display,
                    &file.text,
                    key,
                )
            })
        })
        .collect()
}
