//! Long listings are cut into pages. A section with thousands of pages
//! would otherwise list them all, and its page would grow with the site;
//! its first `PER_PAGE` pages (and sub-sections) are listed on the
//! section's own page, the next ones on `page/2/`, `page/3/`… beside it,
//! each linking to its neighbours, the first and the last.

use serde::Serialize;

use crate::plan::url::SitePath;

/// Pages (and, apart, sub-sections) on one listing page.
pub const PER_PAGE: usize = 50;

/// How many listing pages before and after the current one the pager
/// links to, besides the first and the last.
const AROUND: usize = 2;

/// The folder of the listing pages after the first.
pub const FOLDER: &str = "page";

/// How many listing pages a section with these many pages and
/// sub-sections has (at least one: its own page).
pub fn count(pages: usize, sections: usize) -> usize {
    pages.max(sections).div_ceil(PER_PAGE).max(1)
}

/// How many items of one level the navigation shows at most: a window
/// around the reader's place, so that its size does not grow with the
/// site's.
pub const NAV_WINDOW: usize = 15;

/// The part of a level of `len` items the navigation shows, around item
/// `focus` (the one the reader is in), or from the start.
pub fn window(len: usize, focus: Option<usize>) -> std::ops::Range<usize> {
    if len <= NAV_WINDOW {
        return 0..len;
    }
    let start = focus
        .unwrap_or(0)
        .saturating_sub(NAV_WINDOW / 2)
        .min(len - NAV_WINDOW);
    start..start + NAV_WINDOW
}

/// How many listing pages entry `i` of the plan has.
pub fn count_of(plan: &crate::plan::Plan, i: usize) -> usize {
    let listed = plan.entries[i]
        .children
        .iter()
        .filter(|&&c| plan.entries[c].listed);
    let pages = listed
        .clone()
        .filter(|&&c| plan.entries[c].kind == crate::plan::Kind::Page)
        .count();
    count(pages, listed.count() - pages)
}

/// Where listing page `number` (from 1) of the section at `section` is
/// written: the section's own page first, then `page/<number>/`.
pub fn path(section: &SitePath, number: usize) -> SitePath {
    if number <= 1 {
        return section.clone();
    }
    let mut dir = section.segments().to_vec();
    dir.pop();
    dir.push(FOLDER.to_string());
    dir.push(number.to_string());
    dir.push("index.html".to_string());
    SitePath::from_segments(dir)
}

/// The items of `all` on listing page `number`.
pub fn slice<T: Clone>(all: &[T], number: usize) -> Vec<T> {
    all.iter()
        .skip((number - 1) * PER_PAGE)
        .take(PER_PAGE)
        .cloned()
        .collect()
}

/// What a template sees of a listing cut into pages (`page.listing`).
#[derive(Serialize)]
pub struct ListingCtx {
    pub number: usize,
    pub count: usize,
    /// From the site's root, like every href.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, the last, and the pages around this one, in order;
    /// `gap` is set on one that does not follow the one before.
    pub links: Vec<ListingLink>,
}

#[derive(Serialize)]
pub struct ListingLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
    pub gap: bool,
}

/// The pager of listing page `number` of `count`, or `None` when the
/// listing fits on one page.
pub fn pager(section: &SitePath, number: usize, count: usize) -> Option<ListingCtx> {
    if count <= 1 {
        return None;
    }
    let href = |n: usize| path(section, n).href();
    let shown = (1..=count)
        .filter(|&n| n == 1 || n == count || (n + AROUND >= number && n <= number + AROUND));
    let mut links = Vec::new();
    let mut last = 0;
    for n in shown {
        links.push(ListingLink {
            number: n,
            href: href(n),
            current: n == number,
            gap: n != last + 1,
        });
        last = n;
    }
    Some(ListingCtx {
        number,
        count,
        prev: (number > 1).then(|| href(number - 1)),
        next: (number < count).then(|| href(number + 1)),
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_pages_sit_beside_the_section_and_link_a_bounded_few() {
        let section = SitePath::from_segments(vec!["guide".into(), "index.html".into()]);
        assert_eq!(count(0, 0), 1);
        assert_eq!(count(PER_PAGE, 3), 1);
        assert_eq!(count(PER_PAGE + 1, 0), 2);
        assert_eq!(path(&section, 1).href(), "guide/index.html");
        assert_eq!(path(&section, 7).href(), "guide/page/7/index.html");
        let home = SitePath::from_segments(vec!["index.html".into()]);
        assert_eq!(path(&home, 2).href(), "page/2/index.html");

        assert!(pager(&section, 1, 1).is_none());
        let p = pager(&section, 30, 60).unwrap();
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 28, 29, 30, 31, 32, 60]);
        assert!(p.links[1].gap && !p.links[2].gap && p.links[6].gap);
        assert!(p.links[3].current);
        assert_eq!(p.prev.as_deref(), Some("guide/page/29/index.html"));
        assert_eq!(p.next.as_deref(), Some("guide/page/31/index.html"));
        assert_eq!(window(10, Some(9)), 0..10);
        assert_eq!(window(100, None), 0..NAV_WINDOW);
        assert_eq!(window(100, Some(50)), 43..58);
        assert_eq!(window(100, Some(99)), 85..100);
        let first = pager(&section, 1, 60).unwrap();
        assert_eq!(first.prev, None);
        assert_eq!(first.links.len(), 4);
    }
}
