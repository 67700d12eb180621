//! Two outputs at one place, found while planning, so that `check` finds
//! them as `build` would, with both sources named. Two sources writing one
//! file would lose one of them; on a disk that ignores case, so would two
//! paths differing only by case. A file where another output needs a
//! folder (`guide/steps` beside `guide/steps/index.html`) cannot be
//! written at all. And beian's own files (the 404 page, the sitemap, its
//! output marker, the search index's folder) are taken before any source's.

use std::collections::HashMap;
use std::path::Path;

use super::url::SitePath;
use super::{HIGHLIGHT_CSS, NOT_FOUND, OTHER_NAMES_JS, ParsedPage, Plan, SEARCH_BUNDLE, SITEMAP};
use crate::diag::Diagnostic;

const RENAME: &str = "rename one of them or give it a different `slug` (paths that differ only by case collide on some disks)";
const MOVE_ALIAS: &str = "change or remove this alias: another file is published at that address";

/// Where an output comes from, and so where a problem with it is shown.
enum Source<'p> {
    /// Written by beian itself: shown at the other source.
    Beian,
    Page(&'p ParsedPage),
    Alias(&'p ParsedPage),
    File(&'p Path),
}

struct Claim<'p> {
    path: &'p SitePath,
    what: String,
    source: Source<'p>,
}

impl Claim<'_> {
    fn place(&self, message: String) -> Option<Diagnostic> {
        let d = Diagnostic::error(message);
        Some(match self.source {
            Source::Beian => return None,
            Source::Page(page) => d.in_file(&page.display).with_help(RENAME),
            Source::Alias(page) => {
                crate::parse::yaml::at_key(d, &page.display, &page.text, "aliases")
                    .with_help(MOVE_ALIAS)
            }
            Source::File(display) => d.in_file(display).with_help(RENAME),
        })
    }
}

/// Every collision between the outputs of `plan`.
pub fn find(plan: &Plan) -> Vec<Diagnostic> {
    let own: Vec<(SitePath, &str)> = [
        (vec![NOT_FOUND], "the 404 page"),
        (vec![SITEMAP], "the sitemap"),
        (vec![super::MARKER], "beian's marker file"),
        (HIGHLIGHT_CSS.to_vec(), "the code highlighting stylesheet"),
        (
            OTHER_NAMES_JS.to_vec(),
            "the quiz's list of the regions' other names",
        ),
    ]
    .into_iter()
    .map(|(segments, what)| {
        let segments = segments.into_iter().map(str::to_string).collect();
        (SitePath::from_segments(segments), what)
    })
    .collect();
    let claims = claims(plan, &own);

    let mut problems = Vec::new();
    // The first claim of a path keeps it; every later one is reported.
    let mut files: HashMap<String, usize> = HashMap::with_capacity(claims.len());
    for (i, claim) in claims.iter().enumerate() {
        let key = claim.path.fold_case();
        match files.get(&key) {
            Some(&first) => problems.extend(claim.place(format!(
                "{} would write {}, which {} writes too",
                claim.what, claim.path, claims[first].what
            ))),
            None => {
                files.insert(key, i);
            }
        }
    }
    for claim in &claims {
        problems.extend(file_in_the_way(claim, &claims, &files));
    }
    if plan.search.is_some() {
        let bundle = SEARCH_BUNDLE.to_lowercase();
        for claim in &claims {
            if claim.path.segments()[0].to_lowercase() == bundle {
                let d = claim.place(format!(
                    "{} would write into {SEARCH_BUNDLE}/, where the search index goes",
                    claim.what
                ));
                problems.extend(d.map(|d| {
                    d.with_help(format!(
                        "rename it: beian owns {SEARCH_BUNDLE}/ when site.yaml sets `search`"
                    ))
                }));
            }
        }
    }
    problems
}

/// Every output of the plan, beian's own first, then pages, aliases and
/// copied files: the order in which a path is taken.
fn claims<'p>(plan: &'p Plan, own: &'p [(SitePath, &str)]) -> Vec<Claim<'p>> {
    let mut claims: Vec<Claim> = own
        .iter()
        .map(|(path, what)| Claim {
            path,
            what: what.to_string(),
            source: Source::Beian,
        })
        .collect();
    claims.extend(plan.entries.iter().map(|e| Claim {
        path: &e.out,
        what: e.page.name(),
        source: Source::Page(&e.page),
    }));
    claims.extend(plan.aliases.iter().map(|(path, target)| {
        let page = &plan.entries[*target].page;
        Claim {
            path,
            what: format!("an alias of {}", page.name()),
            source: Source::Alias(page),
        }
    }));
    claims.extend(
        plan.assets
            .values()
            .chain(&plan.theme_files)
            .map(|c| Claim {
                path: &c.out,
                what: c.from.display.display().to_string(),
                source: Source::File(&c.from.display),
            }),
    );
    claims
}

/// A claim inside a folder that another claim writes as a file: shown at
/// the claim inside, or at the file when beian itself writes the inside.
fn file_in_the_way(
    claim: &Claim,
    claims: &[Claim],
    files: &HashMap<String, usize>,
) -> Option<Diagnostic> {
    let segments = claim.path.segments();
    let mut prefix = String::new();
    for (depth, segment) in segments[..segments.len() - 1].iter().enumerate() {
        if depth > 0 {
            prefix.push('/');
        }
        prefix.push_str(&segment.to_lowercase());
        let Some(&f) = files.get(&prefix) else {
            continue;
        };
        let file = &claims[f];
        let message = format!(
            "{} would write {}, inside {}, which {} writes as a file: a file and a folder cannot share a name",
            claim.what, claim.path, file.path, file.what
        );
        return claim.place(message.clone()).or_else(|| file.place(message));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_is_found_whatever_its_case() {
        let a = SitePath::from_segments(vec!["Guide".into(), "steps".into()]);
        let b = SitePath::from_segments(vec!["guide".into(), "Steps".into(), "index.html".into()]);
        let claims = vec![
            Claim {
                path: &a,
                what: "a".into(),
                source: Source::File(Path::new("content/Guide/steps")),
            },
            Claim {
                path: &b,
                what: "b".into(),
                source: Source::Beian,
            },
        ];
        let files: HashMap<String, usize> = [(a.fold_case(), 0), (b.fold_case(), 1)]
            .into_iter()
            .collect();
        let d = file_in_the_way(&claims[1], &claims, &files).unwrap();
        assert!(
            d.message
                .contains("inside Guide/steps, which a writes as a file"),
            "{}",
            d.message
        );
        assert_eq!(d.location.unwrap().path, Path::new("content/Guide/steps"));
        assert!(file_in_the_way(&claims[0], &claims, &files).is_none());
    }
}
