//! What each output is made from — the dependencies `beian serve` follows
//! to re-render only what an edit touches.

use crate::plan::{Kind, Plan};

/// One input of a page's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The page's own markdown file (or, for a page made from the rules,
    /// the rules).
    Own,
    /// Another page's front matter: its title in this page's navigation,
    /// breadcrumbs, listing or previous/next links.
    FrontMatter(usize),
    /// The template the page is rendered with, and through it those it
    /// extends or includes.
    Template(&'static str),
    /// `rules/`.
    Rules,
    /// `site.yaml`.
    Site,
}

impl Kind {
    /// The template a kind of page is rendered with.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Home => "home.html",
            Kind::Section => "section.html",
            Kind::Page => "page.html",
            Kind::Regions => "regions.html",
            Kind::Quiz => "quiz.html",
            Kind::Search => "search.html",
            Kind::Region(_) => "region.html",
            Kind::Checklist { .. } => "checklist.html",
        }
    }
}

impl Plan {
    /// The templates the pages are rendered with, each once.
    pub fn templates_used(&self) -> Vec<&'static str> {
        let mut used: Vec<&'static str> = self.entries.iter().map(|e| e.kind.template()).collect();
        used.sort_unstable();
        used.dedup();
        used
    }

    /// Everything entry `i`'s output is made from.
    pub fn inputs(&self, i: usize) -> Vec<Input> {
        let e = &self.entries[i];
        let mut inputs = vec![Input::Own, Input::Template(e.kind.template()), Input::Site];
        if e.kind.from_rules() {
            inputs.push(Input::Rules);
        }
        let mut other = |j: usize| {
            if j != i && !inputs.contains(&Input::FrontMatter(j)) {
                inputs.push(Input::FrontMatter(j));
            }
        };
        // Breadcrumbs, and the open branch of the navigation.
        let mut at = e.parent;
        while let Some(p) = at {
            other(p);
            for &c in self.entries[p]
                .children
                .iter()
                .filter(|&&c| self.entries[c].listed)
            {
                other(c);
            }
            at = self.entries[p].parent;
        }
        // The listing of a section, and previous/next.
        for &c in e.children.iter().filter(|&&c| self.entries[c].listed) {
            other(c);
        }
        e.prev.into_iter().chain(e.next).for_each(&mut other);
        inputs
    }

    /// The entries whose output reads entry `j`'s front matter, and `j`.
    pub fn front_matter_dependents(&self, j: usize) -> Vec<usize> {
        (0..self.entries.len())
            .filter(|&i| i == j || self.inputs(i).contains(&Input::FrontMatter(j)))
            .collect()
    }
}
