//! Markdown to HTML with pulldown-cmark: stable heading ids, a table of
//! contents, links rewritten to output URLs, highlighted code and
//! footnotes with links back.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

use crate::diag::{Diagnostic, LineIndex};
use crate::parse::highlight::{self, Highlighted};
use crate::parse::raw_html::RawHtml;
use crate::parse::reserved::ReservedIds;
use crate::parse::slug::{IdAllocator, slugify};
use crate::parse::strings::label;

/// What a link in the markdown turns into.
#[derive(Clone, PartialEq)]
pub enum Link {
    /// Left exactly as written: another site, `mailto:`, and so on.
    External,
    /// Rewritten to `href`. When `anchor` is set, `target` (a page index)
    /// must have that anchor; this is checked once every page is rendered.
    Internal {
        href: String,
        target: Option<usize>,
        anchor: Option<String>,
        /// The target's language, when the link leads into another
        /// language than its page's (it said so): the `<a>`'s `hreflang`.
        hreflang: Option<String>,
    },
}

#[derive(Clone, PartialEq)]
pub struct LinkError {
    pub message: String,
    pub help: Option<String>,
}

/// Resolves links written in one page's markdown.
pub trait ResolveLink {
    fn resolve(&self, dest: &str) -> Result<Link, LinkError>;

    /// The HTML of a directive: a fenced block whose language starts with
    /// [`DIRECTIVE_PREFIX`], `name` being the whole language and `body` its
    /// text. `None` when there is no directive of that name here.
    fn directive(
        &self,
        _name: &str,
        _body: &str,
    ) -> Option<Result<DirectiveOutput, Vec<DirectiveError>>> {
        None
    }
}

/// What a directive makes.
#[derive(Default)]
pub struct DirectiveOutput {
    pub html: String,
    /// The ids its elements carry: anchors links may point at.
    pub anchors: Vec<String>,
    /// Problems in what it drew from elsewhere (markdown in the rules),
    /// placed there, and the anchors its links need.
    pub problems: Vec<Diagnostic>,
    pub anchor_refs: Vec<AnchorRef>,
}

/// A fenced block whose language starts with this is made from the site's
/// data (```` ```beian-glossary ````), not shown as code.
pub const DIRECTIVE_PREFIX: &str = "beian-";

/// A problem with a directive's body, on one of its lines.
pub struct DirectiveError {
    pub message: String,
    pub help: Option<String>,
    /// 0-based line of the body; past its end for the block as a whole.
    pub line: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link to an anchor, to be checked when every page's anchors are known.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub target: usize,
    pub anchor: String,
    /// The link, ready to report: a diagnostic to fill in with a message.
    pub place: Diagnostic,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id an element of the page carries.
    pub anchors: HashSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub has_code: bool,
    pub problems: Vec<Diagnostic>,
}

/// Where the markdown sits, to place diagnostics.
pub struct Origin<'a> {
    path: &'a Path,
    /// The text `body_offset` and line numbers count in: the whole file,
    /// or for markdown inside a YAML file, the markdown itself.
    file_text: &'a str,
    body_offset: usize,
    /// The line of `path` that `file_text` starts on.
    first_line: usize,
    /// Built on the first diagnostic: most pages have none.
    index: std::cell::OnceCell<LineIndex>,
    /// Ids the page has besides the headings', which they may not take.
    reserved: Option<&'a ReservedIds>,
    /// Code highlighted by the last build.
    kept: Option<&'a highlight::Kept>,
}

impl<'a> Origin<'a> {
    pub fn new(path: &'a Path, file_text: &'a str, body_offset: usize, first_line: usize) -> Self {
        Origin {
            path,
            file_text,
            body_offset,
            first_line,
            index: std::cell::OnceCell::new(),
            reserved: None,
            kept: None,
        }
    }

    /// Takes code highlighted by the last build from `kept`, and keeps
    /// what it highlights anew there.
    pub fn keeping_highlights(mut self, kept: &'a highlight::Kept) -> Self {
        self.kept = Some(kept);
        self
    }

    fn highlight(&self, code: &str, lang: &str) -> Highlighted {
        match self.kept {
            Some(kept) => kept.highlight(code, lang),
            None => highlight::highlight(code, lang),
        }
    }

    /// Keeps headings off the theme's own ids.
    pub fn reserving(mut self, reserved: &'a ReservedIds) -> Self {
        self.reserved = Some(reserved);
        self
    }

    /// Places `d` at a byte offset of the markdown body.
    pub fn diag(&self, d: Diagnostic, body_offset: usize) -> Diagnostic {
        let index = self.index.get_or_init(|| LineIndex::new(self.file_text));
        let mut d = d.at_indexed(
            self.path,
            self.file_text,
            index,
            self.body_offset + body_offset,
        );
        if let Some(loc) = d.location.as_mut() {
            loc.line += self.first_line.saturating_sub(1);
        }
        d
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Footnotes' ids, reserved even where no theme's are known.
static NO_RESERVED: std::sync::LazyLock<ReservedIds> =
    std::sync::LazyLock::new(ReservedIds::default);

pub fn render(body: &str, origin: &Origin, links: &dyn ResolveLink) -> Rendered {
    let mut walk = Walk {
        origin,
        links,
        out: Rendered::default(),
        ids: IdAllocator::default(),
        footnotes: Footnotes::default(),
        raw_html: RawHtml::default(),
        headings: Vec::new(),
    };
    let mut main: Vec<Event> = Vec::new();
    let mut events = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        main.extend(walk.event(event, range.start, &mut events));
    }
    walk.finish(main)
}

/// What rendering one page's markdown gathers as it walks the events: the
/// output so far, the ids taken, and what is written only at the end
/// (footnotes, the table of contents, what raw HTML says).
struct Walk<'a, 'r> {
    origin: &'r Origin<'r>,
    links: &'r dyn ResolveLink,
    out: Rendered,
    ids: IdAllocator,
    footnotes: Footnotes<'a>,
    raw_html: RawHtml,
    /// (level, id, title) of each heading, for the table of contents.
    headings: Vec<(u8, String, String)>,
}

impl<'a> Walk<'a, '_> {
    /// The events to write for `event`; an element that needs its content
    /// (a heading, a code block, a footnote) takes it from `rest`.
    fn event(
        &mut self,
        event: Event<'a>,
        at: usize,
        rest: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Vec<Event<'a>> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, classes, attrs, at, rest),
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(&kind, at, rest),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnote_definition(&label, at, rest);
                Vec::new()
            }
            Event::FootnoteReference(label) => {
                vec![Event::Html(CowStr::from(self.footnotes.reference(&label)))]
            }
            // A table wider than a phone scrolls sideways, and a scrolling
            // box must be reachable by keyboard (WCAG 2.1.1): give it a
            // focusable, labelled wrapper.
            Event::Start(Tag::Table(align)) => vec![
                Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-label=\"{}\">",
                    label("markdown.table_scrolls")
                ))),
                Event::Start(Tag::Table(align)),
            ],
            Event::End(TagEnd::Table) => vec![
                Event::End(TagEnd::Table),
                Event::Html(CowStr::from("</div>\n")),
            ],
            Event::TaskListMarker(done) => vec![task_marker(done)],
            other => vec![self.inline(other, at)],
        }
    }

    /// A heading with an id of its own, noted for anchors and the table of
    /// contents.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        at: usize,
        rest: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Vec<Event<'a>> {
        let mut inner = Vec::new();
        let mut text = String::new();
        for (e, r) in rest {
            match &e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            inner.push(self.inline(e, r.start));
        }
        let id = self.heading_id(id, &text, at);
        self.out.anchors.insert(id.clone());
        self.headings
            .push((level as u8, id.clone(), text.trim().to_string()));
        let mut v = vec![Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        })];
        v.extend(inner);
        v.push(Event::End(TagEnd::Heading(level)));
        v
    }

    /// The id a heading gets: the one written ({#id}) or one made from its
    /// text, unique on the page and never one the theme uses.
    fn heading_id(&mut self, id: Option<CowStr<'a>>, text: &str, at: usize) -> String {
        let wanted = id.as_deref().map_or_else(|| slugify(text), str::to_string);
        let reserved = self.origin.reserved.unwrap_or(&NO_RESERVED);
        match id {
            _ if reserved.contains(&wanted) => {
                self.ids.claim(&wanted);
                let instead = reserved.instead(&wanted, |base| self.ids.unique(base));
                self.out.problems.push(self.origin.diag(
                    Diagnostic::warning(format!(
                        "heading id `{wanted}` is one the theme uses; this heading gets `{instead}`"
                    ))
                    .with_help("give the heading an id of its own, such as {#my-id}: two elements with one id break the theme's links or scripts"),
                    at,
                ));
                instead
            }
            Some(explicit) => {
                if !self.ids.claim(&explicit) {
                    self.out.problems.push(
                        self.origin.diag(
                            Diagnostic::error(format!(
                                "heading id `{explicit}` is used twice on this page"
                            ))
                            .with_help("give each heading a different {#id}"),
                            at,
                        ),
                    );
                }
                explicit.to_string()
            }
            None => self.ids.unique(&wanted),
        }
    }

    /// A code block, highlighted when its language is known.
    fn code_block(
        &mut self,
        kind: &CodeBlockKind,
        at: usize,
        rest: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Vec<Event<'a>> {
        let mut code = String::new();
        let mut code_at = None;
        for (e, r) in rest {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => {
                    code_at.get_or_insert(r.start);
                    code.push_str(&t);
                }
                _ => {}
            }
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("")
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        if lang.starts_with(DIRECTIVE_PREFIX) {
            let html = self.directive(&lang, &code, at, code_at.unwrap_or(at));
            return vec![Event::Html(CowStr::from(html))];
        }
        vec![Event::Html(CowStr::from(code_block(
            &code,
            &lang,
            self.origin,
            at,
            &mut self.out,
        )))]
    }

    /// A directive's HTML, its problems placed at the lines of its body
    /// (`body_at`) they are about, or at the fence (`at`) when about the
    /// whole block.
    fn directive(&mut self, name: &str, body: &str, at: usize, body_at: usize) -> String {
        match self.links.directive(name, body) {
            Some(Ok(made)) => {
                for id in made.anchors {
                    if !self.ids.claim(&id) {
                        self.out.problems.push(self.origin.diag(
                            Diagnostic::error(format!("`{name}` gives an element the id `{id}`, which this page already uses")),
                            at,
                        ));
                    }
                    self.out.anchors.insert(id);
                }
                self.out.problems.extend(made.problems);
                self.out.anchor_refs.extend(made.anchor_refs);
                made.html
            }
            Some(Err(problems)) => {
                for p in problems {
                    let offset = body
                        .split_inclusive('\n')
                        .take(p.line)
                        .map(str::len)
                        .sum::<usize>();
                    let place = if p.line < body.lines().count() {
                        body_at + offset
                    } else {
                        at
                    };
                    let mut d = Diagnostic::error(p.message);
                    if let Some(h) = p.help {
                        d = d.with_help(h);
                    }
                    self.out.problems.push(self.origin.diag(d, place));
                }
                String::new()
            }
            None => {
                self.out.problems.push(self.origin.diag(
                    Diagnostic::error(format!("unknown directive `{name}`"))
                        .with_help("this site knows `beian-glossary` and `beian-facts` (with rules/); for code, use a language that does not start with `beian-`"),
                    at,
                ));
                String::new()
            }
        }
    }

    /// Keeps a footnote's content for the end of the page.
    fn footnote_definition(
        &mut self,
        label: &str,
        at: usize,
        rest: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) {
        let mut inner = Vec::new();
        for (e, r) in rest {
            if matches!(e, Event::End(TagEnd::FootnoteDefinition)) {
                break;
            }
            inner.push(self.inline(e, r.start));
        }
        self.footnotes.define(label.to_string(), inner, at);
    }

    fn inline(&mut self, event: Event<'a>, at: usize) -> Event<'a> {
        rewrite_inline(
            event,
            at,
            self.origin,
            self.links,
            &mut self.out,
            &mut self.raw_html,
        )
    }

    /// Writes the page and what comes only once it is all read.
    fn finish(self, main: Vec<Event<'a>>) -> Rendered {
        let mut out = self.out;
        html::push_html(&mut out.html, main.into_iter());
        self.footnotes.finish(&mut out, self.origin);
        read_raw_html(&self.raw_html, self.origin, &mut out);
        // Raw HTML is read last; its problems take their place in the page.
        out.problems
            .sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.col)));
        out.toc = toc(&self.headings);
        // pulldown-cmark grows the page as it writes it, so about a third
        // of what it holds is room never used, and every page is held until
        // the last is written: 60 MB at 10,000 pages. A copy holds it
        // exactly and hands the room on to the next page; shrinking in place
        // gives back little, as the allocator keeps a block's size class.
        out.html = String::from(out.html.as_str());
        out
    }
}

/// A task list's checkbox, with a name that says its state.
fn task_marker(done: bool) -> Event<'static> {
    Event::InlineHtml(CowStr::from(if done {
        format!(
            "<input type=\"checkbox\" disabled checked aria-label=\"{}\"> ",
            label("markdown.task_done")
        )
    } else {
        format!(
            "<input type=\"checkbox\" disabled aria-label=\"{}\"> ",
            label("markdown.task_todo")
        )
    }))
}

/// Rewrites links and images, and notes ids in raw HTML.
fn rewrite_inline<'a>(
    event: Event<'a>,
    offset: usize,
    origin: &Origin,
    links: &dyn ResolveLink,
    out: &mut Rendered,
    raw_html: &mut RawHtml,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let (dest_url, hreflang) = rewrite_dest(dest_url, offset, origin, links, out);
            match hreflang {
                // pulldown-cmark's `<a>` has no hreflang: write the tag; its
                // end tag stays pulldown-cmark's.
                Some(lang) => {
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(&title))
                    };
                    Event::Html(CowStr::from(format!(
                        "<a href=\"{}\"{title} hreflang=\"{}\">",
                        escape(&dest_url),
                        escape(&lang)
                    )))
                }
                None => Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
            }
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            if is_remote(&dest_url) {
                out.problems
                    .push(origin.diag(outside_resource(&dest_url), offset));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url: rewrite_dest(dest_url, offset, origin, links, out).0,
                title,
                id,
            })
        }
        Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
            raw_html.push(raw, offset);
            event
        }
        other => other,
    }
}

/// Notes the ids the page's raw HTML gives, and warns about what it loads
/// from other sites and about links in it that no one rewrites.
fn read_raw_html(raw_html: &RawHtml, origin: &Origin, out: &mut Rendered) {
    let found = raw_html.read();
    out.anchors.extend(found.anchors);
    for (at, src) in found.srcs {
        if is_remote(&src) {
            out.problems.push(origin.diag(outside_resource(&src), at));
        }
    }
    for (at, href) in found.hrefs {
        let path = href.split(['#', '?']).next().unwrap_or("");
        if !is_external(&href) && path.ends_with(".md") {
            out.problems.push(origin.diag(
                Diagnostic::warning(format!(
                    "a link in raw HTML is neither checked nor rewritten: `{href}` will still point at the markdown file"
                ))
                .with_help(format!(
                    "write it as a markdown link, [text]({href}), and beian checks it and links the published page"
                )),
                at,
            ));
        }
    }
}

fn rewrite_dest<'a>(
    dest: CowStr<'a>,
    offset: usize,
    origin: &Origin,
    links: &dyn ResolveLink,
    out: &mut Rendered,
) -> (CowStr<'a>, Option<String>) {
    match links.resolve(&dest) {
        Ok(Link::External) => (dest, None),
        Ok(Link::Internal {
            href,
            target,
            anchor,
            hreflang,
        }) => {
            if let (Some(target), Some(anchor)) = (target, anchor) {
                out.anchor_refs.push(AnchorRef {
                    target,
                    anchor,
                    place: origin.diag(Diagnostic::error(""), offset),
                });
            }
            (CowStr::from(href), hreflang)
        }
        Err(e) => {
            let mut d = Diagnostic::error(e.message);
            if let Some(help) = e.help {
                d = d.with_help(help);
            }
            out.problems.push(origin.diag(d, offset));
            (dest, None)
        }
    }
}

fn code_block(
    code: &str,
    lang: &str,
    origin: &Origin,
    offset: usize,
    out: &mut Rendered,
) -> String {
    // tabindex: a code block that scrolls sideways must be reachable by keyboard.
    let plain = || format!("<pre tabindex=\"0\"><code>{}</code></pre>\n", escape(code));
    match origin.highlight(code, lang) {
        Highlighted::Html(spans) => {
            out.has_code = true;
            let lang = escape(lang);
            format!(
                "<pre class=\"hl-code\" data-lang=\"{lang}\" tabindex=\"0\"><code class=\"language-{lang}\">{spans}</code></pre>\n"
            )
        }
        Highlighted::Plain => plain(),
        Highlighted::Unknown => {
            out.problems.push(
                origin.diag(
                    Diagnostic::warning(format!(
                        "unknown code language `{lang}`: shown as plain text"
                    ))
                    .with_help(
                        "use a common name such as rust, html, bash or yaml, or `text` for none",
                    ),
                    offset,
                ),
            );
            plain()
        }
    }
}

/// Footnotes collected while rendering and written at the end of the page,
/// numbered in order of first reference, each with a link back.
#[derive(Default)]
struct Footnotes<'a> {
    /// label -> (number, times referenced)
    referenced: BTreeMap<String, (usize, usize)>,
    order: Vec<String>,
    defined: BTreeMap<String, (Vec<Event<'a>>, usize)>,
}

impl<'a> Footnotes<'a> {
    fn reference(&mut self, label: &str) -> String {
        let next = self.order.len() + 1;
        let entry = self
            .referenced
            .entry(label.to_string())
            .or_insert_with(|| (next, 0));
        if entry.1 == 0 {
            self.order.push(label.to_string());
        }
        entry.1 += 1;
        let (n, count) = *entry;
        let slug = footnote_slug(label);
        let ref_id = if count == 1 {
            format!("fnref-{slug}")
        } else {
            format!("fnref-{slug}-{count}")
        };
        format!("<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\">{n}</a></sup>")
    }

    fn define(&mut self, label: String, events: Vec<Event<'a>>, offset: usize) {
        self.defined.insert(label, (events, offset));
    }

    fn finish(mut self, out: &mut Rendered, origin: &Origin) {
        for (label, (_, offset)) in &self.defined {
            if !self.referenced.contains_key(label) {
                out.problems.push(origin.diag(
                    Diagnostic::warning(format!("footnote [^{label}] is never referenced")),
                    *offset,
                ));
            }
        }
        for (label, (_, count)) in &self.referenced {
            let slug = footnote_slug(label);
            for k in 1..=*count {
                out.anchors.insert(if k == 1 {
                    format!("fnref-{slug}")
                } else {
                    format!("fnref-{slug}-{k}")
                });
            }
        }
        if self.order.is_empty() {
            return;
        }
        out.html.push_str(&format!(
            "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>\n",
            label("markdown.footnotes")
        ));
        for name in &self.order {
            let slug = footnote_slug(name);
            out.anchors.insert(format!("fn-{slug}"));
            let mut body = String::new();
            if let Some((events, _)) = self.defined.remove(name) {
                html::push_html(&mut body, events.into_iter());
            }
            let back = format!(
                " <a href=\"#fnref-{slug}\" class=\"footnote-back\" aria-label=\"{}\">↩</a>",
                label("markdown.footnote_back")
            );
            let body = body.trim_end();
            let body = match body.strip_suffix("</p>") {
                Some(head) => format!("{head}{back}</p>"),
                None => format!("{body}{back}"),
            };
            out.html
                .push_str(&format!("<li id=\"fn-{slug}\">{body}</li>\n"));
        }
        out.html.push_str("</ol>\n</section>\n");
    }
}

fn footnote_slug(label: &str) -> String {
    let s = slugify(label);
    if s.is_empty() { "note".to_string() } else { s }
}

/// Level-2 headings with their level-3 children; deeper ones are left out
/// to keep the table short.
fn toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        match level {
            2 => toc.push(entry),
            3 => match toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => toc.push(entry),
            },
            _ => {}
        }
    }
    toc
}

/// `mailto:`, `https:`, `//host`: anything that names its own scheme or
/// host, and so is no link into the site.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme_end = dest.find(':');
    let path_start = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    match scheme_end {
        Some(i) if i > 0 && i < path_start => {
            let scheme = &dest[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Fetched over the network from another host (a `data:` image is not).
fn is_remote(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// Loading a file from another site: many are blocked or slow in
/// mainland China, where the readers of a filing guide are.
fn outside_resource(url: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "this page loads {url} from outside the site, which readers in mainland China may not reach"
    ))
    .with_help("copy the file into content/ beside the page and link it there")
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let Ok(()) = escape_runs(s, |run| {
        out.push_str(run);
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// Hands `put` the text of `s` in runs: each stretch that needs no
/// escaping whole, and `& < > " '` as entities (the five Tera escapes, so
/// templates and beian's own HTML escape alike).
pub fn escape_runs<E>(s: &str, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut from = 0;
    for (at, byte) in s.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Each of the five is ASCII: `from` and `at` are char boundaries.
        put(&s[from..at])?;
        put(entity)?;
        from = at + 1;
    }
    put(&s[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl ResolveLink for NoLinks {
        fn resolve(&self, dest: &str) -> Result<Link, LinkError> {
            if dest.starts_with("bad") {
                Err(LinkError {
                    message: "broken".into(),
                    help: None,
                })
            } else {
                Ok(Link::External)
            }
        }
    }

    fn md(body: &str) -> Rendered {
        let origin = Origin::new(Path::new("c/a.md"), body, 0, 1);
        render(body, &origin, &NoLinks)
    }

    #[test]
    fn a_page_is_held_in_exactly_the_room_its_html_takes() {
        let body = "A paragraph with *some* words in it.\n\n".repeat(200);
        let r = md(&body);
        assert!(r.html.len() > 8_000, "{}", r.html.len());
        assert_eq!(r.html.capacity(), r.html.len());
    }

    #[test]
    fn headings_get_stable_unique_ids_and_a_toc() {
        let r = md("## One\n### Sub *em*\n## One\n## Custom {#mine}\n");
        assert!(r.html.contains("<h2 id=\"one\">One</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"one-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"mine\">Custom</h2>"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "sub-em");
        assert_eq!(r.toc[0].children[0].title, "Sub em");
    }

    #[test]
    fn duplicate_explicit_ids_are_errors() {
        let r = md("## A {#x}\n\n## B {#x}\n");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn broken_links_are_placed() {
        let r = md("text\n\nsee [x](bad.md) now\n");
        assert_eq!(r.problems.len(), 1);
        let loc = r.problems[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.col), (3, 5));
    }

    #[test]
    fn footnotes_link_both_ways() {
        let r = md("A[^n] and again[^n].\n\n[^n]: The note.\n");
        assert!(
            r.html.contains("href=\"#fn-n\" id=\"fnref-n\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"fnref-n-2\""), "{}", r.html);
        assert!(r.html.contains("<li id=\"fn-n\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#fnref-n\""), "{}", r.html);
        assert!(r.anchors.contains("fn-n") && r.anchors.contains("fnref-n-2"));
    }

    #[test]
    fn code_is_highlighted_and_unknown_languages_warn() {
        let r = md("```rust\nfn main() {}\n```\n\n```klingon\nx\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains("class=\"hl-code\""));
        assert_eq!(r.problems.len(), 1);
        assert!(!r.problems[0].is_error());
        assert!(
            r.html
                .contains("<pre tabindex=\"0\"><code>x\n</code></pre>")
        );
    }

    #[test]
    fn tables_tasks_and_strikethrough() {
        let r = md("| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~\n");
        assert!(r.html.contains("<div class=\"table-wrap\" tabindex=\"0\""));
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
        // The label's words are the page's language's, filled in later.
        assert!(r.html.contains(&format!(
            "type=\"checkbox\" disabled checked aria-label=\"{}\"",
            label("markdown.task_done")
        )));
        assert!(r.html.contains("<del>old</del>"));
    }

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://beian.miit.gov.cn"));
        assert!(is_external("mailto:a@b.cn"));
        assert!(is_external("//cdn.example/x.js"));
        assert!(!is_external("steps.md#a:b"));
        assert!(!is_external("../guide/steps.md"));
        assert!(!is_external("a/b:c.md"));
    }

    #[test]
    fn raw_html_ids_are_anchors_however_written() {
        let r = md(
            "<div ID=upper>\n\nText <a name=\"named\"></a>.\n\n</div>\n\n<!-- <b id=\"commented\"> -->\n\n<i title='id=\"inside\"' id = \"spaced\"></i>\n",
        );
        for id in ["upper", "named", "spaced"] {
            assert!(r.anchors.contains(id), "{id}: {:?}", r.anchors);
        }
        for id in ["commented", "inside"] {
            assert!(!r.anchors.contains(id), "{id}: {:?}", r.anchors);
        }
    }

    #[test]
    fn outside_resources_and_raw_html_links_to_pages_are_warned_about() {
        let body = "See <a href=\"steps.md#x\">steps</a> and <a href=\"https://gov.cn/\">MIIT</a>.\n\n<iframe src=\"https://video.example.com/v\"></iframe>\n\n![map](https://tiles.example.com/m.png) ![form](form.png)\n";
        let r = md(body);
        let found: Vec<(usize, usize, &str)> = r
            .problems
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (l.line, l.col, d.message.as_str())
            })
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].2.contains("`steps.md#x`"), "{found:?}");
        assert_eq!((found[0].0, found[0].1), (1, 14));
        assert!(
            found[1].2.contains("https://video.example.com/v"),
            "{found:?}"
        );
        assert_eq!(found[1].0, 3);
        assert!(
            found[2].2.contains("https://tiles.example.com/m.png"),
            "{found:?}"
        );
        assert!(
            r.problems
                .iter()
                .all(|d| d.severity == crate::diag::Severity::Warning)
        );
    }
}
