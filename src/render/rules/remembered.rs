//! Markdown of the rules, rendered once for the pages it means the same
//! on. A checklist item's text is shown on every checklist page of every
//! region (186 pages in the bundled guide), and rendering it again for each
//! was an eighth of the guide's build. Its HTML differs between pages only
//! through its links, which are relative to the page: so what each link
//! became is kept with the HTML, and the HTML is reused on a page where
//! every link becomes the same again. A text with a directive is never
//! kept, since what a directive draws may depend on the page.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use crate::parse::markdown::{
    self, DirectiveError, DirectiveOutput, Link, LinkError, Origin, Rendered, ResolveLink,
};

/// What one build has rendered of the rules' markdown, by text. Read far
/// more often than added to, by every thread at once.
#[derive(Default)]
pub struct Remembered(RwLock<HashMap<String, Renderings>>);

/// A text's renderings. Its links are the same in each, as markdown finds
/// them in the text; what they became differs.
struct Renderings {
    dests: Vec<String>,
    kept: Vec<Kept>,
}

/// A rendering, where its text was written, and what its links became on
/// the page it was rendered for.
struct Kept {
    file: PathBuf,
    first_line: usize,
    became: Vec<Result<Link, LinkError>>,
    rendered: Rendered,
}

impl Remembered {
    /// `text` (from line `first_line` of `file`) rendered with `links`: a
    /// copy of a rendering whose links all become the same with `links`,
    /// or a new one.
    pub fn render(
        &self,
        text: &str,
        file: &Path,
        first_line: usize,
        links: &dyn ResolveLink,
    ) -> Rendered {
        if let Ok(all) = self.0.read()
            && let Some(renderings) = all.get(text)
        {
            let became: Vec<_> = renderings.dests.iter().map(|d| links.resolve(d)).collect();
            if let Some(same) = renderings
                .kept
                .iter()
                .find(|k| k.first_line == first_line && k.file == file && k.became == became)
            {
                return same.rendered.clone();
            }
        }
        let recording = Recording {
            inner: links,
            seen: RefCell::new(Vec::new()),
            directive: Cell::new(false),
        };
        let origin = Origin::new(file, text, 0, first_line);
        let rendered = markdown::render(text, &origin, &recording);
        if !recording.directive.get()
            && let Ok(mut all) = self.0.write()
        {
            let (dests, became): (Vec<String>, Vec<_>) =
                recording.seen.into_inner().into_iter().unzip();
            let renderings = all.entry(text.to_string()).or_insert_with(|| Renderings {
                dests: dests.clone(),
                kept: Vec::new(),
            });
            // Markdown finds the same links in the same text every time.
            if renderings.dests == dests {
                renderings.kept.push(Kept {
                    file: file.to_path_buf(),
                    first_line,
                    became,
                    rendered: rendered.clone(),
                });
            }
        }
        rendered
    }
}

/// Notes what each link became, and whether a directive was asked for.
struct Recording<'a> {
    inner: &'a dyn ResolveLink,
    seen: RefCell<Vec<(String, Result<Link, LinkError>)>>,
    directive: Cell<bool>,
}

impl ResolveLink for Recording<'_> {
    fn resolve(&self, dest: &str) -> Result<Link, LinkError> {
        let became = self.inner.resolve(dest);
        self.seen
            .borrow_mut()
            .push((dest.to_string(), became.clone()));
        became
    }

    fn directive(
        &self,
        name: &str,
        body: &str,
    ) -> Option<Result<DirectiveOutput, Vec<DirectiveError>>> {
        self.directive.set(true);
        self.inner.directive(name, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links to `/a.md` become `href`; any other is broken.
    struct To {
        href: &'static str,
    }

    impl ResolveLink for To {
        fn resolve(&self, dest: &str) -> Result<Link, LinkError> {
            if dest == "/a.md" {
                Ok(Link::Internal {
                    href: self.href.to_string(),
                    target: Some(0),
                    anchor: None,
                    hreflang: None,
                })
            } else {
                Err(LinkError {
                    message: format!("no page `{dest}`"),
                    help: None,
                })
            }
        }
    }

    fn to(href: &'static str) -> To {
        To { href }
    }

    #[test]
    fn reuses_a_rendering_only_where_its_links_become_the_same() {
        let kept = Remembered::default();
        let file = Path::new("rules/checklist.yaml");
        let text = "See [the page](/a.md) *now*.";
        let here = kept.render(text, file, 3, &to("../a/"));
        assert!(here.html.contains("href=\"../a/\""), "{}", here.html);
        // The same links: the same HTML.
        let same = kept.render(text, file, 3, &to("../a/"));
        assert_eq!(same.html, here.html);
        // A page where the link becomes another href: rendered anew.
        let deeper = kept.render(text, file, 3, &to("../../a/"));
        assert!(deeper.html.contains("href=\"../../a/\""), "{}", deeper.html);
        // Both are kept, and each is found again.
        assert_eq!(
            kept.render(text, file, 3, &to("../../a/")).html,
            deeper.html
        );
        assert_eq!(kept.render(text, file, 3, &to("../a/")).html, here.html);
        // Another text, or the same text at another place, is not a hit.
        let other = kept.render("See [it](/a.md).", file, 3, &to("../a/"));
        assert!(other.html.contains(">it</a>"), "{}", other.html);
        let moved = kept.render("[x](/b.md)", file, 9, &to("../a/"));
        assert_eq!(moved.problems[0].location.as_ref().map(|l| l.line), Some(9));
        let moved = kept.render("[x](/b.md)", file, 12, &to("../a/"));
        assert_eq!(
            moved.problems[0].location.as_ref().map(|l| l.line),
            Some(12)
        );
    }

    #[test]
    fn a_broken_link_is_reported_on_each_page_it_is_shown_on() {
        let kept = Remembered::default();
        let file = Path::new("rules/checklist.yaml");
        for _ in 0..3 {
            let r = kept.render("[x](/gone.md)", file, 5, &to("a/"));
            assert_eq!(r.problems.len(), 1);
            assert!(r.problems[0].message.contains("no page `/gone.md`"));
        }
    }
}
