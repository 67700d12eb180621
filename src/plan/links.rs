//! Resolving links written in markdown — paths to source files, as an
//! editor sees them — into relative links between output files.

use crate::parse::markdown::{Link, LinkError, ResolveLink, is_external};
use crate::plan::translations::{self, Named};
use crate::plan::url::{SitePath, percent_decode};
use crate::plan::{Entry, Plan};

/// Resolves the links of one page.
pub struct PageLinks<'a> {
    pub plan: &'a Plan,
    pub from: usize,
    /// The language links resolve in, when not the page's: a rules text
    /// shown untranslated is in the default language, and so are the
    /// pages its links mean.
    pub lang: Option<usize>,
}

impl PageLinks<'_> {
    fn entry(&self) -> &Entry {
        &self.plan.entries[self.from]
    }

    /// The language the links are written in.
    fn lang(&self) -> usize {
        self.lang.unwrap_or(self.entry().page.lang)
    }

    fn href_to(&self, target: &SitePath) -> String {
        self.entry().out.relative_to(target)
    }
}

fn broken(message: String, help: &str) -> LinkError {
    LinkError {
        message,
        help: Some(help.to_string()),
    }
}

impl ResolveLink for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> Result<Link, LinkError> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Err(broken(
                "link has no destination".to_string(),
                "write the path of the page to link to, for example [steps](steps.md)",
            ));
        }
        if is_external(dest) {
            return Ok(Link::External);
        }
        let (before_fragment, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (before_fragment, None),
        };
        let anchor = match fragment {
            Some(f) if !f.is_empty() => Some(percent_decode(f).ok_or_else(|| {
                broken(
                    format!("link anchor `#{f}` is not valid percent-encoded UTF-8"),
                    "write the anchor as plain text",
                )
            })?),
            _ => None,
        };
        if path.is_empty() {
            // `#anchor` on this same page.
            return Ok(Link::Internal {
                href: dest.to_string(),
                target: Some(self.from),
                anchor,
                hreflang: None,
            });
        }
        let segments = self.source_segments(dest, path)?;
        if self.in_unbuilt_section(&segments) {
            return Ok(Link::Internal {
                href: dest.to_string(),
                target: None,
                anchor: None,
                hreflang: None,
            });
        }
        let target = self.target(&segments)?;
        let mut href = match &target {
            Target::Page(t) => self.href_to(&self.plan.entries[*t].out),
            Target::File(out) => self.href_to(out),
        };
        if let Some(q) = query {
            href.push('?');
            href.push_str(q);
        }
        if let Some(f) = fragment {
            href.push('#');
            href.push_str(f);
        }
        // A link into another language got here only by naming it.
        let here = self.entry().page.lang;
        let hreflang = match target {
            Target::Page(t) if self.plan.entries[t].page.lang != here => {
                Some(self.plan.languages[self.plan.entries[t].page.lang].clone())
            }
            _ => None,
        };
        Ok(Link::Internal {
            href,
            target: match target {
                Target::Page(t) => Some(t),
                Target::File(_) => None,
            },
            anchor,
            hreflang,
        })
    }
}

impl PageLinks<'_> {
    /// The source file `path` (as written in `dest`) names, as segments
    /// under content/: relative to this page's folder unless it starts
    /// with `/`.
    fn source_segments(&self, dest: &str, path: &str) -> Result<Vec<String>, LinkError> {
        let decoded = percent_decode(path).ok_or_else(|| {
            broken(
                format!("link `{dest}` is not valid percent-encoded UTF-8"),
                "write the path as plain text",
            )
        })?;
        let mut segments: Vec<String> = if decoded.starts_with('/') {
            Vec::new()
        } else {
            self.entry().source_dir().to_vec()
        };
        for part in decoded.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Err(broken(
                            format!("link `{dest}` points outside the content folder"),
                            "links go to files under content/; use a full https:// URL for other sites",
                        ));
                    }
                }
                p => segments.push(p.to_string()),
            }
        }
        Ok(segments)
    }

    /// Whether `segments` is inside the section the site does not build
    /// (but not its own `_index.md`): such links are left as written.
    fn in_unbuilt_section(&self, segments: &[String]) -> bool {
        self.plan.unbuilt_section.as_ref().is_some_and(|section| {
            segments.len() > section.len()
                && segments.starts_with(section)
                && segments
                    .last()
                    .is_none_or(|s| s != "_index.md" || segments.len() > section.len() + 1)
        })
    }

    /// What the source file `segments` names is published as: a markdown
    /// file's page, or a folder's section page, or a file copied as is.
    fn target(&self, segments: &[String]) -> Result<Target, LinkError> {
        let shown = format!("content/{}", segments.join("/"));
        if segments.last().is_some_and(|s| s.ends_with(".md")) {
            return match self.page(segments)? {
                Some(t) => Ok(Target::Page(t)),
                None if self.plan.drafts.iter().any(|d| d == segments) => {
                    Err(self.draft(segments, &shown))
                }
                None => Err(broken(
                    format!("broken link: {shown} does not exist"),
                    "check the file name and the path relative to this file",
                )),
            };
        }
        let mut section = segments.to_vec();
        section.push("_index.md".to_string());
        if let Some(t) = self.page(&section)? {
            Ok(Target::Page(t))
        } else if let Some(asset) = self.plan.assets.get(segments) {
            Ok(Target::File(asset.out.clone()))
        } else if self
            .plan
            .assets
            .keys()
            .any(|a| a.len() > segments.len() && a.starts_with(segments))
        {
            Err(broken(
                format!("broken link: {shown}/ is a folder with no _index.md, so it has no page"),
                "link to a file in it, or add an _index.md to make it a section",
            ))
        } else {
            Err(broken(
                format!("broken link: {shown} does not exist"),
                "link to a page by its markdown file (steps.md), to a section by its folder, or to a file under content/",
            ))
        }
    }

    /// The page the markdown file `segments` names, in this page's
    /// language. A file name that names a language (`steps.de.md`, or
    /// `steps.en.md` for the default language's `steps.md`) leads to that
    /// language's page: that is how a link says it leaves the language.
    /// Without it, a link that would land in another language is an error.
    fn page(&self, segments: &[String]) -> Result<Option<usize>, LinkError> {
        let plan = self.plan;
        let here = self.lang();
        let name = segments.last().map_or("", String::as_str);
        let (key, named) = match translations::split(name, &plan.languages) {
            Named::Lang { key, lang } => {
                let named = (key != name).then_some(lang);
                (key, named)
            }
            Named::Unknown(tag) => {
                return Err(broken(
                    format!(
                        "link `{name}` names the language `{tag}`, which is not one of site.yaml's `languages`"
                    ),
                    "link the page by its file name in this language, or add the language to site.yaml",
                ));
            }
        };
        let mut key_segments = segments.to_vec();
        if let Some(last) = key_segments.last_mut() {
            *last = key;
        }
        let find = |lang: usize| plan.by_key.get(&(lang, key_segments.clone())).copied();
        if let Some(lang) = named {
            return Ok(find(lang));
        }
        if let Some(t) = find(here) {
            return Ok(Some(t));
        }
        match (0..plan.languages.len()).find_map(|lang| find(lang).map(|t| (lang, t))) {
            Some((lang, t)) => Err(self.other_language(&key_segments, lang, t)),
            None => Ok(None),
        }
    }

    /// A link that lands in entry `t`, in language `lang`, when this page
    /// is in another and the link does not say so.
    fn other_language(&self, key: &[String], lang: usize, t: usize) -> LinkError {
        let plan = self.plan;
        let here = &plan.languages[self.lang()];
        let there = &plan.languages[lang];
        let name = key.last().map_or("", String::as_str);
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let explicit = format!("{stem}.{there}.md");
        broken(
            format!(
                "link lands in another language: {} is in `{there}`, and has no `{here}` translation",
                plan.entries[t].page.name()
            ),
            &format!(
                "translate it as {stem}.{here}.md, or link [text]({explicit}) to say the link leads to the page in `{there}`"
            ),
        )
    }

    /// A link to a draft: the page itself, or a page in a draft section,
    /// which says which section to publish.
    fn draft(&self, segments: &[String], shown: &str) -> LinkError {
        let section = self.plan.draft_dirs.iter().find(|d| {
            segments.len() > d.len()
                && segments.starts_with(d)
                && segments[d.len()..] != ["_index.md".to_string()]
        });
        match section {
            Some(d) => broken(
                format!(
                    "link to a draft: {shown} is not built, because its section content/{}/_index.md is a draft",
                    d.join("/")
                ),
                "publish the section (remove `draft: true` from its _index.md) or build with --drafts",
            ),
            None => broken(
                format!("link to a draft: {shown} is not built"),
                "publish the page (remove `draft: true`) or build with --drafts",
            ),
        }
    }
}

enum Target {
    Page(usize),
    File(SitePath),
}

/// A link to an anchor the target page does not have, with the anchors it
/// does have.
pub fn missing_anchor(
    from: &Entry,
    target: &Entry,
    target_md: &crate::parse::markdown::Rendered,
    r: &crate::parse::markdown::AnchorRef,
) -> crate::diag::Diagnostic {
    let mut known: Vec<&String> = target_md.anchors.iter().collect();
    known.sort();
    let shown: Vec<String> = known.iter().take(12).map(|a| format!("#{a}")).collect();
    let help = if shown.is_empty() {
        "that page has no headings to link to".to_string()
    } else {
        format!(
            "anchors there: {}{}",
            shown.join(", "),
            if known.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        )
    };
    let message = if std::ptr::eq(from, target) {
        format!("missing anchor: this page has no `#{}`", r.anchor)
    } else {
        format!(
            "missing anchor: {} has no `#{}`",
            target.page.name(),
            r.anchor
        )
    };
    let mut d = r.place.clone();
    d.message = message;
    d.with_help(help)
}
