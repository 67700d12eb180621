//! Stage 4: turning the plan into bytes — every page through its template
//! (in parallel), plus the files beian writes itself.

pub mod budget;
pub mod context;
pub mod css;
pub mod escape;
pub mod json_script;
pub mod listing;
pub mod rules;
pub mod script;
pub mod site_images;
pub mod strings;
pub mod strings_check;
pub mod template_deps;
pub mod template_errors;
pub mod templates;
pub mod translate;

use rayon::prelude::*;

use self::rules::RulesIndex;
use crate::diag::Diagnostic;
use crate::parse::highlight;
use crate::parse::markdown::{Rendered, escape};
use crate::plan::url::SitePath;
use crate::plan::{self, Kind, Plan};
use crate::write::{Contents, OutputFile};
use context::{Globals, PageCtx, PageTemplateCtx, SiteCtx};
use templates::Templates;

pub struct Input<'a> {
    pub plan: &'a Plan,
    /// The rendered markdown of each entry, by entry index.
    pub markdown: &'a [Rendered],
    pub templates: &'a Templates,
    /// The site as each language shows it, by language index.
    pub sites: Vec<SiteCtx<'a>>,
    /// With a trailing slash.
    pub base_url: Option<&'a str>,
    pub rules: Option<&'a crate::rules::model::Rules>,
    /// The rules with their texts in each other language, by language
    /// index less one (see `rules::validate::validate_in`).
    pub translated_rules: &'a [crate::rules::model::Rules],
    pub strings: &'a strings::Strings,
    /// The rules' markdown as rendered so far in this build.
    pub remembered: self::rules::Remembered,
}

impl<'a> Input<'a> {
    /// The site as language `lang` (by index) shows it.
    pub fn site(&self, lang: usize) -> &SiteCtx<'a> {
        &self.sites[lang.min(self.sites.len() - 1)]
    }

    /// The rules with their texts in language `lang` (by index).
    pub fn rules_for(&self, lang: usize) -> Option<&'a crate::rules::model::Rules> {
        let rules = self.rules?;
        Some(
            lang.checked_sub(1)
                .and_then(|l| self.translated_rules.get(l))
                .unwrap_or(rules),
        )
    }

    /// Each language's index of its rules pages (none without rules).
    fn rules_indexes(&self) -> Vec<RulesIndex> {
        (0..self.plan.languages.len())
            .filter_map(|lang| {
                self.rules_for(lang)
                    .map(|r| RulesIndex::new(self.plan, r, lang))
            })
            .collect()
    }
}

/// What becomes of each file as soon as it is made: handed on (to be
/// written) and, when the caller still needs it, given back to be kept.
/// Handing pages on one by one means a large site is never held in memory
/// whole.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> Option<OutputFile> + Sync);

/// Keeps every file, for callers that want the whole site in memory.
pub fn keep_all(file: OutputFile) -> Option<OutputFile> {
    Some(file)
}

/// Renders the site, passing every file through `sink`; returns the files
/// the sink gave back.
pub fn render_site(input: &Input, sink: Sink) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let plan = input.plan;
    let clashes = listing::clashes(plan);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let (mut files, has_code) = render_pages(input, sink)?;
    for (path, target) in &plan.aliases {
        match redirect(input, path, *target) {
            Ok(f) => files.extend(sink(f)),
            Err(d) => return Err(vec![d]),
        }
    }
    if has_code {
        files.extend(sink(OutputFile {
            path: SitePath::from_segments(
                plan::HIGHLIGHT_CSS.iter().map(|s| s.to_string()).collect(),
            ),
            contents: Contents::Bytes(highlight::stylesheet().into_bytes()),
        }));
    }
    if let Some(script) = input.rules.and_then(self::rules::other_names::script) {
        files.extend(sink(OutputFile {
            path: other_names_path(),
            contents: Contents::Bytes(script.into_bytes()),
        }));
    }
    if let Some(base) = input.base_url {
        files.extend(sink(sitemap(plan, base)));
    }
    for c in plan.assets.values() {
        files.extend(sink(OutputFile {
            path: c.out.clone(),
            contents: Contents::Copy(c.from.abs.clone()),
        }));
    }
    for c in &plan.theme_files {
        files.extend(sink(theme_file(c).map_err(|d| vec![d])?));
    }
    Ok(files)
}

/// Every entry's pages and the 404 page, through `sink`: the files it gave
/// back, and whether any page has highlighted code. Every page's problems
/// are reported, not only the first's.
fn render_pages(input: &Input, sink: Sink) -> Result<(Vec<OutputFile>, bool), Vec<Diagnostic>> {
    let plan = input.plan;
    let rules_index = input.rules_indexes();
    let results: Vec<_> = (0..plan.entries.len())
        .into_par_iter()
        // A few dozen pages at a time (see `pipeline::render_markdown`).
        .with_max_len(64)
        // Each worker gets its own copy of the navigation. Its template
        // values are reference-counted, and every page copies and drops
        // hundreds of them: shared between threads, each count would bounce
        // between the cores' caches.
        .map_init(
            || context::Nav::new(plan),
            |nav, i| {
                render_entry(input, &rules_index, nav, i)
                    .map(|(fs, code)| (fs.into_iter().filter_map(sink).collect::<Vec<_>>(), code))
            },
        )
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut has_code = false;
    for r in results {
        match r {
            Ok((kept, code)) => {
                has_code |= code;
                files.extend(kept);
            }
            Err(d) => problems.extend(d),
        }
    }
    match render_404(input) {
        Ok(f) => files.extend(sink(f)),
        Err(d) => problems.push(d),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((files, has_code))
}

/// A theme's static file: stylesheets and scripts compacted, anything
/// else copied as it is.
fn theme_file(c: &plan::Copied) -> Result<OutputFile, Diagnostic> {
    let name = c.out.to_string();
    let compact: Option<fn(&str) -> String> = if name.ends_with(".css") {
        Some(css::compact)
    } else if name.ends_with(".js") {
        Some(script::compact)
    } else {
        None
    };
    let contents = match compact {
        Some(compact) => match std::fs::read_to_string(&c.from.abs) {
            Ok(text) => Contents::Bytes(compact(&text).into_bytes()),
            Err(e) => {
                return Err(
                    Diagnostic::error(format!("cannot read this theme file: {e}"))
                        .in_file(&c.from.display),
                );
            }
        },
        None => Contents::Copy(c.from.abs.clone()),
    };
    Ok(OutputFile {
        path: c.out.clone(),
        contents,
    })
}

/// Renders one page alone (for `beian serve`, after an edit that touches
/// only it): its files (a section's listing may take several), and whether
/// it has highlighted code.
pub fn render_page(input: &Input, i: usize) -> Result<(Vec<OutputFile>, bool), Vec<Diagnostic>> {
    let index = input.rules_indexes();
    render_entry(input, &index, &context::Nav::new(input.plan), i)
}

/// An entry's page and, when its listing is long, the listing's further
/// pages.
fn render_entry(
    input: &Input,
    rules_index: &[RulesIndex],
    nav: &context::Nav,
    i: usize,
) -> Result<(Vec<OutputFile>, bool), Vec<Diagnostic>> {
    let plan = input.plan;
    let (mut pages, mut sections) = (Vec::new(), Vec::new());
    for &c in plan.entries[i]
        .children
        .iter()
        .filter(|&&c| plan.entries[c].listed)
    {
        match plan.entries[c].kind {
            Kind::Page => pages.push(c),
            _ => sections.push(c),
        }
    }
    let count = listing::count(pages.len(), sections.len());
    let mut files = Vec::with_capacity(count);
    let mut has_code = false;
    for number in 1..=count {
        let (page_files, code) = render_listing_page(
            input,
            rules_index,
            nav,
            i,
            Listing {
                number,
                count,
                pages: &listing::slice(&pages, number),
                sections: &listing::slice(&sections, number),
            },
        )?;
        files.extend(page_files);
        has_code |= code;
    }
    Ok((files, has_code))
}

/// One page of an entry's listing: which, of how many, and what it lists.
struct Listing<'a> {
    number: usize,
    count: usize,
    pages: &'a [usize],
    sections: &'a [usize],
}

/// Renders an entry's page, or (`listing.number` over 1) one of the
/// further pages of its listing: those list, and are, nothing else — not
/// the section's text, nor a page the search index holds.
fn render_listing_page(
    input: &Input,
    rules_index: &[RulesIndex],
    nav: &context::Nav,
    i: usize,
    listing: Listing,
) -> Result<(Vec<OutputFile>, bool), Vec<Diagnostic>> {
    let plan = input.plan;
    let entry = &plan.entries[i];
    // The page's own language, where its front matter names one.
    let meta = &entry.page.doc.meta;
    let lang = meta
        .language
        .as_deref()
        .unwrap_or(&plan.languages[entry.page.lang]);
    let out = listing::path(&entry.out, listing.number);
    let ctx = page_template_ctx(input, i, &listing, &out, lang);
    let mut context = tera::Context::from_serialize(&ctx).map_err(internal)?;
    context.insert_value("nav", nav.for_page(plan, Some(i)));
    context.insert(
        "listing",
        &listing::pager(&entry.out, listing.number, listing.count),
    );
    let has_code = insert_rules(input, rules_index, i, lang, &mut context)?;
    if let Some(of) = &entry.checklist_of {
        context.insert("checklist_of", of);
    }
    let html = render_labelled(
        input,
        entry.kind.template(),
        &context,
        lang,
        &entry.page.display,
    )?;
    let mut files = Vec::with_capacity(2);
    if entry.kind == Kind::Quiz {
        files.extend(quiz_checklist(
            input,
            &context,
            &out,
            lang,
            &entry.page.display,
        )?);
        files.extend(quiz_regions(
            input,
            &context,
            &out,
            lang,
            &entry.page.display,
        )?);
    }
    files.push(OutputFile {
        path: out,
        contents: Contents::Bytes(html.into_bytes()),
    });
    Ok((files, has_code))
}

/// `template` rendered with `context`, its labels then filled in `lang`.
fn render_labelled(
    input: &Input,
    template: &str,
    context: &tera::Context,
    lang: &str,
    display: &std::path::Path,
) -> Result<String, Vec<Diagnostic>> {
    let html = input
        .templates
        .render(template, context, display)
        .map_err(|d| vec![d])?;
    input
        .strings
        .fill_labels(html, lang)
        .map_err(|e| vec![Diagnostic::error(e).in_file(display)])
}

/// The theme's quiz checklist (`quiz-checklist.html`, when it has one),
/// rendered with the quiz page's context into a script beside the page,
/// which the page loads when it first shows a result: every item's
/// details would weigh on every reader of the questions. A script, not a
/// file to fetch, so that it loads from disk too.
fn quiz_checklist(
    input: &Input,
    context: &tera::Context,
    page: &SitePath,
    lang: &str,
    display: &std::path::Path,
) -> Result<Option<OutputFile>, Vec<Diagnostic>> {
    if !input.templates.has(QUIZ_CHECKLIST) {
        return Ok(None);
    }
    let html = render_labelled(input, QUIZ_CHECKLIST, context, lang, display)?;
    let mut segments = page.segments().to_vec();
    segments.pop();
    segments.push(QUIZ_CHECKLIST_JS.to_string());
    // A script file of its own: `</script>` in a string cannot end it.
    let json = serde_json::Value::from(html).to_string();
    Ok(Some(OutputFile {
        path: SitePath::from_segments(segments),
        contents: Contents::Bytes(format!("beianQuizChecklist({json});\n").into_bytes()),
    }))
}

/// One script per region beside the quiz page, in `regions/`, loaded
/// when the reader chooses the region: the facts its conditions read
/// (`quiz_data::region_values_json`) and the theme's `quiz-region.html`
/// rendered for it (what it states on the items' facts), when the theme
/// has that template.
fn quiz_regions(
    input: &Input,
    context: &tera::Context,
    page: &SitePath,
    lang: &str,
    display: &std::path::Path,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let Some(rules) = input.rules else {
        return Ok(Vec::new());
    };
    let mut dir = page.segments().to_vec();
    dir.pop();
    dir.push(self::rules::quiz::REGION_SCRIPTS.to_string());
    let mut files = Vec::with_capacity(rules.regions.len());
    for (ri, (slug, values)) in self::rules::quiz_data::region_values_json(rules)
        .into_iter()
        .enumerate()
    {
        let html = if input.templates.has(QUIZ_REGION) {
            let mut context = context.clone();
            context.insert("region_index", &ri);
            render_labelled(input, QUIZ_REGION, &context, lang, display)?
        } else {
            String::new()
        };
        let mut segments = dir.clone();
        segments.push(format!("{slug}.js"));
        let script = format!(
            "beianQuizRegion({},{values},{});\n",
            serde_json::Value::from(slug.as_str()),
            serde_json::Value::from(html)
        );
        files.push(OutputFile {
            path: SitePath::from_segments(segments),
            contents: Contents::Bytes(script.into_bytes()),
        });
    }
    Ok(files)
}

const QUIZ_REGION: &str = "quiz-region.html";

/// The templates the quiz page renders besides its own, into its scripts.
pub const QUIZ_SCRIPT_TEMPLATES: [&str; 2] = [QUIZ_CHECKLIST, QUIZ_REGION];

/// The theme's template of the quiz's checklist, and the script it becomes.
const QUIZ_CHECKLIST: &str = "quiz-checklist.html";
pub const QUIZ_CHECKLIST_JS: &str = "checklist.js";

/// What every page's template gets: the site, the page, its place in the
/// site. A listing's further pages show none of the page's own text.
fn page_template_ctx<'a>(
    input: &'a Input,
    i: usize,
    listing: &Listing,
    out: &SitePath,
    lang: &'a str,
) -> PageTemplateCtx<'a> {
    let plan = input.plan;
    let entry = &plan.entries[i];
    let md = &input.markdown[i];
    let meta = &entry.page.doc.meta;
    let first = listing.number == 1;
    let links = |ix: &[usize]| ix.iter().map(|&c| context::link(plan, c)).collect();
    PageTemplateCtx {
        globals: Globals {
            site: input.site(entry.page.lang),
            lang,
            dir: direction(lang),
            root: out.root_prefix(),
            current_href: out.href(),
            canonical: input.base_url.map(|b| format!("{b}{}", out.pretty_href())),
            has_code: md.has_code && first,
            generator: context::GENERATOR,
            search: plan.search_href(entry.page.lang),
            search_group: plan.search.and(entry.kind.search_group()).filter(|_| first),
            home: plan.homes[entry.page.lang]
                .map_or_else(String::new, |h| plan.entries[h].out.href()),
            translations: context::translations(plan, i, input.strings),
            alternates: context::alternates(plan, i, out, input.base_url),
        },
        page: PageCtx {
            kind: entry.kind.as_str(),
            title: &meta.title,
            description: meta.description.as_deref(),
            content: if first { &md.html } else { "" },
            toc: if first { &md.toc } else { &[] },
            updated: entry.changed.or(meta.updated).map(|d| d.to_string()),
            checked: meta.checked.map(|d| d.to_string()),
            sources: &meta.sources,
            breadcrumbs: context::breadcrumbs(plan, i),
            prev: entry.prev.map(|p| context::link(plan, p)),
            next: entry.next.map(|n| context::link(plan, n)),
            pages: links(listing.pages),
            sections: links(listing.sections),
            draft: plan.is_draft(i),
            edit_url: entry.edit_url.as_deref(),
        },
    }
}

/// For a page made from the rules, adds what its template shows of them;
/// returns whether the page has highlighted code.
fn insert_rules(
    input: &Input,
    rules_index: &[RulesIndex],
    i: usize,
    lang: &str,
    context: &mut tera::Context,
) -> Result<bool, Vec<Diagnostic>> {
    let entry = &input.plan.entries[i];
    let mut rules_md = self::rules::Markdown {
        plan: input.plan,
        markdown: input.markdown,
        from: i,
        problems: Vec::new(),
        has_code: input.markdown[i].has_code,
        texts: input.rules_for(entry.page.lang).map(|r| &r.texts),
        fallback: input
            .rules_for(entry.page.lang)
            .map(|r| (&r.fallback, &r.default_language)),
        remembered: &input.remembered,
    };
    let lang_index = entry.page.lang;
    if let (Some(rules), Some(ix)) = (input.rules_for(lang_index), rules_index.get(lang_index)) {
        let words = self::rules::Words::new(input.strings, lang)
            .map_err(|e| vec![Diagnostic::error(e).in_file(&entry.page.display)])?;
        if let Some((key, value)) =
            rules_context(input, rules, ix, entry.kind, &mut rules_md, &words)?
        {
            context.insert_value(key, value);
            context.insert("rules", &self::rules::rules_view(rules));
            context.insert("has_code", &rules_md.has_code);
        }
    }
    if !rules_md.problems.is_empty() {
        return Err(rules_md.problems);
    }
    Ok(rules_md.has_code)
}

/// The template data of a page made from the rules: its key and value.
fn rules_context(
    input: &Input,
    rules: &crate::rules::model::Rules,
    ix: &RulesIndex,
    kind: Kind,
    md: &mut self::rules::Markdown,
    words: &self::rules::Words,
) -> Result<Option<(&'static str, tera::Value)>, Vec<Diagnostic>> {
    use self::rules::{checklist, quiz, regions};
    let plan = input.plan;
    Ok(Some(match kind {
        Kind::Regions => ("regions", to_value(regions::table(plan, rules, ix, words))?),
        Kind::Quiz => ("quiz", to_value(quiz::view(plan, rules, ix, md, words))?),
        Kind::Region(r) => (
            "region",
            to_value(regions::region(plan, rules, ix, r, md, words))?,
        ),
        Kind::Checklist { region, applicant } => (
            "checklist",
            to_value(checklist::view(
                plan, rules, ix, region, applicant, md, words,
            ))?,
        ),
        _ => return Ok(None),
    }))
}

fn direction(lang: &str) -> &'static str {
    if crate::parse::language::right_to_left(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

fn internal(e: impl std::fmt::Display) -> Vec<Diagnostic> {
    vec![Diagnostic::error(format!(
        "internal error building the template context: {e}"
    ))]
}

/// Straight into Tera's value, not through serde_json's: the checklist
/// and region views are most of what those pages' contexts hold.
fn to_value(v: impl serde::Serialize) -> Result<tera::Value, Vec<Diagnostic>> {
    tera::Value::try_from_serializable(&v).map_err(internal)
}

/// A server shows 404.html at any depth, so relative links cannot work
/// there: its links start from the base URL, or without one from the
/// root of the host (a filed site has a domain of its own).
pub fn render_404(input: &Input) -> Result<OutputFile, Diagnostic> {
    let path = SitePath::from_segments(vec![plan::NOT_FOUND.to_string()]);
    let globals = Globals {
        site: input.site(0),
        lang: input.site(0).language,
        dir: direction(input.site(0).language),
        root: input.base_url.unwrap_or("/").to_string(),
        current_href: path.href(),
        canonical: None,
        has_code: false,
        generator: context::GENERATOR,
        search: input.plan.search_href(0),
        search_group: None,
        home: "index.html".to_string(),
        translations: Vec::new(),
        alternates: Vec::new(),
    };
    let mut context = tera::Context::from_serialize(&globals).map_err(|e| {
        Diagnostic::error(format!("internal error building the template context: {e}"))
    })?;
    context.insert_value(
        "nav",
        context::Nav::new(input.plan).for_page(input.plan, None),
    );
    let html =
        input
            .templates
            .render("404.html", &context, std::path::Path::new(plan::NOT_FOUND))?;
    Ok(OutputFile {
        path,
        contents: Contents::Bytes(html.into_bytes()),
    })
}

/// A small page that sends readers (and search engines) on to the page's
/// current address; relative, so it works from disk too. Its words are
/// `redirect.title` and `redirect.body` (`{link}`: the page's title,
/// linked).
fn redirect(input: &Input, path: &SitePath, target: usize) -> Result<OutputFile, Diagnostic> {
    let entry = &input.plan.entries[target];
    let href = escape(&path.relative_to(&entry.out));
    let page_title = escape(&entry.page.doc.meta.title);
    let link = format!("<a href=\"{href}\">{page_title}</a>");
    let lang = input.plan.languages[entry.page.lang].as_str();
    let words = |key: &str, value: &str| -> Result<String, Diagnostic> {
        let text = input
            .strings
            .text(lang, key, None)
            .map_err(Diagnostic::error)?;
        let mut out = String::new();
        strings::Strings::fill(
            text,
            key,
            &mut |_| Some((value.to_string(), true)),
            &mut |s, p| match p {
                strings::Piece::Lit => out.push_str(&escape(s)),
                _ => out.push_str(s),
            },
        )
        .map_err(Diagnostic::error)?;
        Ok(out)
    };
    let title = words("redirect.title", &page_title)?;
    let body = words("redirect.body", &link)?;
    let lang = escape(lang);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>{body}</p>\n</body>\n</html>\n"
    );
    Ok(OutputFile {
        path: path.clone(),
        contents: Contents::Bytes(html.into_bytes()),
    })
}

/// Where the quiz finds the regions' other names.
pub fn other_names_path() -> SitePath {
    SitePath::from_segments(plan::OTHER_NAMES_JS.iter().map(|s| s.to_string()).collect())
}

fn sitemap(plan: &Plan, base: &str) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if plan.multilingual() {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    // Reading order first, then the pages outside it (those made from the
    // rules): every page, once.
    let mut listed = vec![false; plan.entries.len()];
    plan.order.iter().for_each(|&i| listed[i] = true);
    let unlisted = (0..plan.entries.len()).filter(|&i| !listed[i]);
    for i in plan.order.iter().copied().chain(unlisted) {
        let e = &plan.entries[i];
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&format!("{base}{}", e.out.pretty_href())));
        xml.push_str("</loc>");
        if let Some(d) = e.changed.or(e.page.doc.meta.updated) {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        // The same alternates as the page's head, from the same plan.
        for alt in context::alternates(plan, i, &e.out, Some(base)) {
            xml.push_str(&format!(
                "\n    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&alt.hreflang),
                escape(&alt.href)
            ));
        }
        xml.push_str("</url>\n");
        for n in 2..=listing::count_of(plan, i) {
            let url = format!("{base}{}", listing::path(&e.out, n).pretty_href());
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&url)));
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: SitePath::from_segments(vec![plan::SITEMAP.to_string()]),
        contents: Contents::Bytes(xml.into_bytes()),
    }
}
