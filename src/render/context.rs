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
    /// Root-relative hrefs of `logo` and `favicon` from site.yaml.
    pub logo: Option<String>,
    pub favicon: Option<String>,
}

#[derive(Serialize)]
pub struct Globals<'a> {
    pub site: &'a SiteCtx<'a>,
    /// The page's language (BCP 47): `t()` and the filters that write
    /// words, numbers and dates read it.
    pub lang: &'a str,
    /// Its direction: `rtl` for a language written right to left, else
    /// `ltr`.
    pub dir: &'static str,
    pub root: String,
    pub current_href: String,
    pub canonical: Option<String>,
    // `nav` is added to the context apart: see [`Nav`].
    pub has_code: bool,
    pub generator: &'static str,
    /// The search page's path from the root, when the site has search.
    pub search: Option<String>,
    /// The home page of the page's language, from the root.
    pub home: String,
    /// The page in each of the site's languages, the default first; empty
    /// on a site in one language.
    pub translations: Vec<Translation>,
    /// The `<link rel="alternate" hreflang>` of the page: each language
    /// it exists in, then `x-default`; empty on a site in one language.
    pub alternates: Vec<Alternate>,
    /// The group search finds this page under (`guide`, `region`,
    /// `checklist`), or `None` when the page is not indexed.
    pub search_group: Option<&'static str>,
}

/// One language's entry in the language switcher.
#[derive(Serialize)]
pub struct Translation {
    /// The language's tag, for `lang` and `hreflang`.
    pub lang: String,
    /// Its direction, `ltr` or `rtl`: its name is written in it.
    pub dir: &'static str,
    /// The language's name in itself (`language.name` in its strings).
    pub name: String,
    /// The page in that language, from the root; its home page when the
    /// page is not translated.
    pub href: String,
    /// This is the page being shown.
    pub current: bool,
    /// The page has no translation in that language: `href` leads to the
    /// language's home, and `note` says so in that language.
    pub missing: bool,
    pub note: Option<String>,
}

/// A `<link rel="alternate">`: `hreflang` and the address, absolute with
/// a base URL, else relative to the page.
#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub current: bool,
    pub open: bool,
    pub children: Vec<NavItem>,
    /// `children` is a window of a longer list (see `listing::window`).
    pub more: bool,
}

#[derive(Serialize)]
pub struct LinkCtx {
    pub title: String,
    pub href: String,
    pub description: Option<String>,
    /// For a checklist page: whose it is, so templates word its title.
    pub checklist: Option<crate::plan::ChecklistOf>,
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
        checklist: e.checklist_of.clone(),
    }
}

/// The navigation as seen from entry `current`: every top-level item, and
/// the children of the branch the reader is in.
///
/// Every page shows the same closed top-level items but one, so they are
/// made into template values once per build (arrays and maps in Tera's
/// values are shared, so a copy costs a reference count), and each page
/// builds only its own open branch. On a site with hundreds of top-level
/// sections that is most of the work of a page's context.
pub struct Nav {
    /// By language: the top-level items under its home page.
    closed: Vec<Vec<tera::Value>>,
    /// Top-level entry -> its place in its language's `closed`.
    position: std::collections::HashMap<usize, usize>,
}

impl Nav {
    pub fn new(plan: &Plan) -> Nav {
        let mut closed = Vec::new();
        let mut position = std::collections::HashMap::new();
        for home in &plan.homes {
            let mut own = Vec::new();
            let children = home.map_or(&[][..], |h| plan.entries[h].children.as_slice());
            for &c in children.iter().filter(|&&c| plan.entries[c].listed) {
                position.insert(c, own.len());
                own.push(tera::Value::from_serializable(&build(plan, c, None, &[])));
            }
            closed.push(own);
        }
        Nav { closed, position }
    }

    /// The navigation of a page in `current`'s language (the default
    /// language's for none).
    pub fn for_page(&self, plan: &Plan, current: Option<usize>) -> tera::Value {
        let lang = current.map_or(0, |i| plan.entries[i].page.lang);
        let mut open = Vec::new();
        let mut at = current;
        while let Some(i) = at {
            open.push(i);
            at = plan.entries[i].parent;
        }
        let mut items = self.closed.get(lang).cloned().unwrap_or_default();
        let mut focus = None;
        if let Some((&top, &pos)) = open.iter().find_map(|i| self.position.get_key_value(i)) {
            items[pos] = tera::Value::from_serializable(&build(plan, top, current, &open));
            focus = Some(pos);
        }
        let shown = super::listing::window(items.len(), focus);
        tera::Value::from(items[shown].to_vec())
    }
}

fn build(plan: &Plan, i: usize, current: Option<usize>, open: &[usize]) -> NavItem {
    let e = &plan.entries[i];
    let is_open = open.contains(&i);
    let listed: Vec<usize> = if is_open {
        e.children
            .iter()
            .copied()
            .filter(|&c| plan.entries[c].listed)
            .collect()
    } else {
        Vec::new()
    };
    let shown = super::listing::window(listed.len(), listed.iter().position(|c| open.contains(c)));
    NavItem {
        title: e.page.doc.meta.title.clone(),
        href: e.out.href(),
        current: current == Some(i),
        open: is_open,
        more: shown.len() < listed.len(),
        children: listed[shown]
            .iter()
            .map(|&c| build(plan, c, current, open))
            .collect(),
    }
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

/// The switcher's entries of entry `i`: each language's version of it,
/// or that language's home with a note; empty on a one-language site.
pub fn translations(plan: &Plan, i: usize, strings: &super::strings::Strings) -> Vec<Translation> {
    if !plan.multilingual() {
        return Vec::new();
    }
    let words = |lang: &str, key: &str| strings.text(lang, key, None).ok().map(str::to_string);
    (0..plan.languages.len())
        .filter_map(|lang| {
            let tag = &plan.languages[lang];
            let found = plan.translation(i, lang);
            let target = found.or(plan.homes[lang])?;
            Some(Translation {
                lang: tag.clone(),
                dir: if crate::parse::language::right_to_left(tag) {
                    "rtl"
                } else {
                    "ltr"
                },
                name: words(tag, "language.name").unwrap_or_else(|| tag.clone()),
                href: plan.entries[target].out.href(),
                current: found == Some(i),
                missing: found.is_none(),
                note: found
                    .is_none()
                    .then(|| words(tag, "language.not_translated"))
                    .flatten(),
            })
        })
        .collect()
}

/// The alternates of entry `i` (see [`Alternate`]): each language it is
/// in, and `x-default` for the default language's version (or, without
/// one, the default language's home).
pub fn alternates(
    plan: &Plan,
    i: usize,
    from: &crate::plan::url::SitePath,
    base: Option<&str>,
) -> Vec<Alternate> {
    if !plan.multilingual() {
        return Vec::new();
    }
    // Search engines want absolute addresses; without a base URL, relative
    // ones still serve browsers, from disk too.
    let url = |e: usize| {
        let out = &plan.entries[e].out;
        match base {
            Some(base) => format!("{base}{}", out.pretty_href()),
            None => from.relative_to(out),
        }
    };
    let mut out: Vec<Alternate> = (0..plan.languages.len())
        .filter_map(|lang| {
            let t = plan.translation(i, lang)?;
            Some(Alternate {
                hreflang: plan.languages[lang].clone(),
                href: url(t),
            })
        })
        .collect();
    if let Some(d) = plan.translation(i, 0).or(plan.homes[0]) {
        out.push(Alternate {
            hreflang: "x-default".to_string(),
            href: url(d),
        });
    }
    out
}
