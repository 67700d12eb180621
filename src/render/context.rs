//! What templates see: plain serialisable values built from the plan. The
//! keys are documented for theme authors in themes/default/README.md.

use serde::Serialize;

use crate::parse::front_matter::SourceRef;
use crate::parse::markdown::TocEntry;
use crate::plan::Plan;

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
}

#[derive(Serialize)]
pub struct Globals<'a> {
    pub site: &'a SiteCtx<'a>,
    pub root: String,
    pub current_href: String,
    pub canonical: Option<String>,
    pub nav: Vec<NavItem>,
    pub has_code: bool,
    pub generator: &'static str,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub current: bool,
    pub open: bool,
    pub children: Vec<NavItem>,
}

#[derive(Serialize)]
pub struct LinkCtx {
    pub title: String,
    pub href: String,
    pub description: Option<String>,
}

#[derive(Serialize)]
pub struct PageCtx<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub updated: Option<String>,
    pub checked: Option<String>,
    pub sources: &'a [SourceRef],
    pub breadcrumbs: Vec<LinkCtx>,
    pub prev: Option<LinkCtx>,
    pub next: Option<LinkCtx>,
    pub pages: Vec<LinkCtx>,
    pub sections: Vec<LinkCtx>,
    pub draft: bool,
    /// Where to edit the page's source, or `None`.
    pub edit_url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PageTemplateCtx<'a> {
    #[serde(flatten)]
    pub globals: Globals<'a>,
    pub page: PageCtx<'a>,
}

pub const GENERATOR: &str = concat!("beian ", env!("CARGO_PKG_VERSION"));

pub fn link(plan: &Plan, i: usize) -> LinkCtx {
    let e = &plan.entries[i];
    LinkCtx {
        title: e.page.doc.meta.title.clone(),
        href: e.out.href(),
        description: e.page.doc.meta.description.clone(),
    }
}

/// The navigation as seen from entry `current`: every top-level item, and
/// the children of the branch the reader is in. Showing only the open
/// branch keeps each page's size independent of the site's.
pub fn nav(plan: &Plan, current: Option<usize>) -> Vec<NavItem> {
    let mut open = Vec::new();
    let mut at = current;
    while let Some(i) = at {
        open.push(i);
        at = plan.entries[i].parent;
    }
    fn build(plan: &Plan, i: usize, current: Option<usize>, open: &[usize]) -> NavItem {
        let e = &plan.entries[i];
        let is_open = open.contains(&i);
        NavItem {
            title: e.page.doc.meta.title.clone(),
            href: e.out.href(),
            current: current == Some(i),
            open: is_open,
            children: if is_open {
                e.children
                    .iter()
                    .filter(|&&c| plan.entries[c].listed)
                    .map(|&c| build(plan, c, current, open))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
    plan.entries[0]
        .children
        .iter()
        .filter(|&&c| plan.entries[c].listed)
        .map(|&c| build(plan, c, current, &open))
        .collect()
}

pub fn breadcrumbs(plan: &Plan, i: usize) -> Vec<LinkCtx> {
    let mut crumbs = Vec::new();
    let mut at = plan.entries[i].parent;
    while let Some(p) = at {
        crumbs.push(link(plan, p));
        at = plan.entries[p].parent;
    }
    crumbs.reverse();
    crumbs
}
