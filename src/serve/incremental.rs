//! Re-rendering only what an edit touches. The build plan says what each
//! output depends on:
//!
//! - a page's own output on its markdown body and front matter, the
//!   template of its kind, and the titles in its navigation;
//! - its navigation, breadcrumbs, neighbours and its section's listing on
//!   the front matter of other pages;
//! - every page on the templates, site.yaml and (for region pages,
//!   checklists and the quiz) the rules.
//!
//! So an edit to the body of a markdown file — the everyday edit — re-renders
//! that one page; anchors other pages link to in it are checked again. A new
//! title, description or date re-renders it and the pages that show it
//! (`Plan::inputs`). An
//! edit to a template re-renders the pages whose template is made of it (it,
//! a template it extends or includes, or a file defining a component when
//! the page's templates call any). An edit to the rules re-renders
//! the pages made from them (the regions table, region pages,
//! checklists, the quiz) — unless it adds, removes or renames a region or
//! an applicant type, which changes the plan. A change of order, address,
//! draft state or aliases, an edit to site.yaml, a strings table (the
//! theme's or the site's `i18n/`) or a static file, and adding or removing
//! a file rebuild it all.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::load::files;
use crate::parse::front_matter;
use crate::parse::markdown::{self, Origin};
use crate::pipeline::Prepared;
use crate::plan::links::PageLinks;
use crate::plan::links::missing_anchor;
use crate::render;
use crate::serve::memory::Files;

pub enum Outcome {
    /// The edit was re-rendered here: these outputs changed.
    Rendered(Vec<String>),
    /// It does not build; the last good site stays.
    Failed(Vec<Diagnostic>),
    /// It needs a full rebuild.
    Rebuild,
}

/// Tries to apply an edit of `changed` files by re-rendering only the pages
/// whose body changed.
pub fn apply(
    root: &Path,
    prepared: &mut Prepared,
    files: &mut Files,
    changed: &[PathBuf],
) -> Outcome {
    let templates_dir = root
        .join(crate::load::THEMES_DIR)
        .join(&prepared.config.theme)
        .join("templates");
    if !changed.is_empty() && changed.iter().all(|p| p.starts_with(&templates_dir)) {
        return templates(root, prepared, files, changed, &templates_dir);
    }
    let rules_dir = root.join(crate::load::RULES_DIR);
    if !changed.is_empty()
        && prepared.rules.is_some()
        && changed
            .iter()
            .all(|p| p.starts_with(&rules_dir) && p.extension().is_some_and(|e| e == "yaml"))
    {
        return rules(root, prepared, files);
    }
    let content = root.join(crate::load::CONTENT_DIR);
    let Some(pages) = edited_pages(prepared, &content, changed) else {
        return Outcome::Rebuild;
    };
    // Parse first, commit nothing until everything checks.
    let edits = match parse_edits(root, prepared, &content, &pages) {
        Ok(edits) => edits,
        Err(outcome) => return outcome,
    };
    let errors = link_errors(prepared, &pages, &edits);
    if !errors.is_empty() {
        return Outcome::Failed(errors);
    }
    let affected = commit(prepared, &pages, edits);
    render_pages(prepared, files, &affected)
}

/// One edited page, parsed and rendered but not yet part of the site.
struct Edit {
    page: usize,
    text: String,
    doc: front_matter::Document,
    rendered: markdown::Rendered,
}

/// The plan's indexes of the edited markdown pages, each once; `None` when
/// the edit is anything else (a new, removed or generated file, an asset),
/// which changes the plan.
fn edited_pages(prepared: &Prepared, content: &Path, changed: &[PathBuf]) -> Option<Vec<usize>> {
    let mut pages = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(content).ok()?;
        let segments: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_string))
            .collect::<Option<_>>()?;
        // A new file, a removed one, an asset: the plan changes.
        let &i = prepared.plan.by_source.get(&segments)?;
        if !path.is_file() || prepared.plan.entries[i].generated {
            return None;
        }
        if !pages.contains(&i) {
            pages.push(i);
        }
    }
    Some(pages)
}

/// Reads, parses and renders every edited page, touching nothing: the
/// outcome to give instead when one of them cannot be applied here.
fn parse_edits(
    root: &Path,
    prepared: &Prepared,
    content: &Path,
    pages: &[usize],
) -> Result<Vec<Edit>, Outcome> {
    let theme_dir = root
        .join(crate::load::THEMES_DIR)
        .join(&prepared.config.theme);
    let fence = files::Fence::new(root).map_err(|d| Outcome::Failed(vec![d]))?;
    let Ok(reserved) = crate::load::theme_meta::reserved_ids(&theme_dir, &theme_dir, &fence) else {
        return Err(Outcome::Rebuild);
    };
    pages
        .iter()
        .map(|&i| parse_edit(prepared, &fence, &reserved, content, i))
        .collect()
}

/// Reads, parses and renders page `i` as it is on disk now.
fn parse_edit(
    prepared: &Prepared,
    fence: &files::Fence,
    reserved: &crate::parse::reserved::ReservedIds,
    content: &Path,
    i: usize,
) -> Result<Edit, Outcome> {
    let entry = &prepared.plan.entries[i];
    let text = fence
        .read_text(
            &content.join(entry.page.segments.join("/")),
            &entry.page.display,
        )
        .map_err(|d| Outcome::Failed(vec![d]))?;
    let doc = front_matter::parse(&entry.page.display, &text).map_err(Outcome::Failed)?;
    if !same_structure(&doc.meta, &entry.page.doc.meta) {
        // Order, address, drafts or aliases: the plan itself changes.
        return Err(Outcome::Rebuild);
    }
    let rendered = {
        let origin =
            Origin::new(&entry.page.display, &text, doc.body_offset(), 1).reserving(reserved);
        let links = crate::render::rules::directives::WithDirectives {
            links: PageLinks {
                plan: &prepared.plan,
                from: i,
                lang: None,
            },
            rules: prepared.rules_in(entry.page.lang),
        };
        markdown::render(doc.body(&text), &origin, &links)
    };
    if rendered.has_code && !prepared.markdown.iter().any(|m| m.has_code) {
        // The code stylesheet would be new.
        return Err(Outcome::Rebuild);
    }
    Ok(Edit {
        page: i,
        text,
        doc,
        rendered,
    })
}

/// Page `t`'s markdown as it will be once the edits apply.
fn markdown_after<'a>(
    prepared: &'a Prepared,
    edits: &'a [Edit],
    t: usize,
) -> &'a markdown::Rendered {
    edits
        .iter()
        .find(|e| e.page == t)
        .map_or(&prepared.markdown[t], |e| &e.rendered)
}

/// The edited pages' errors, and the links to anchors they break: from the
/// edited pages, and into them from pages that did not change.
fn link_errors(prepared: &Prepared, pages: &[usize], edits: &[Edit]) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    for edit in edits {
        let rendered = &edit.rendered;
        errors.extend(rendered.problems.iter().filter(|d| d.is_error()).cloned());
        for r in &rendered.anchor_refs {
            let target_md = markdown_after(prepared, edits, r.target);
            if !target_md.anchors.contains(&r.anchor) {
                errors.push(missing_anchor(
                    &prepared.plan.entries[edit.page],
                    &prepared.plan.entries[r.target],
                    target_md,
                    r,
                ));
            }
        }
    }
    // Links into the edited pages from pages that did not change.
    for (j, md) in prepared.markdown.iter().enumerate() {
        if pages.contains(&j) {
            continue;
        }
        for r in md.anchor_refs.iter().filter(|r| pages.contains(&r.target)) {
            let edited = edits
                .iter()
                .find(|e| e.page == r.target)
                .map(|e| &e.rendered);
            if let Some(target_md) = edited
                && !target_md.anchors.contains(&r.anchor)
            {
                errors.push(missing_anchor(
                    &prepared.plan.entries[j],
                    &prepared.plan.entries[r.target],
                    target_md,
                    r,
                ));
            }
        }
    }
    errors
}

/// Makes the edits part of the site; returns the pages to render again.
fn commit(prepared: &mut Prepared, pages: &[usize], edits: Vec<Edit>) -> Vec<usize> {
    let mut old_metas = Vec::new();
    for edit in edits {
        let entry = &mut prepared.plan.entries[edit.page];
        old_metas.push((edit.page, entry.page.doc.meta.clone()));
        entry.page.text = edit.text;
        entry.page.doc = edit.doc;
        prepared.markdown[edit.page] = edit.rendered;
    }
    // A new title or description also shows in other pages: their
    // navigation, breadcrumbs, listings and neighbours.
    let mut affected = pages.to_vec();
    for &(i, ref old_meta) in &old_metas {
        if *old_meta != prepared.plan.entries[i].page.doc.meta {
            for j in prepared.plan.front_matter_dependents(i) {
                if !affected.contains(&j) {
                    affected.push(j);
                }
            }
        }
    }
    affected
}

/// Renders `pages` again and serves them.
fn render_pages(prepared: &Prepared, files: &mut Files, pages: &[usize]) -> Outcome {
    let input = prepared.input();
    let mut rendered = Vec::new();
    for &i in pages {
        match render::render_page(&input, i) {
            Ok((page_files, _)) => rendered.extend(page_files),
            Err(ds) => return Outcome::Failed(ds),
        }
    }
    Outcome::Rendered(store(files, rendered))
}

/// A template edit: recompile the theme and re-render the pages whose
/// template is made of an edited one (see `Templates::closure`).
fn templates(
    root: &Path,
    prepared: &mut Prepared,
    files: &mut Files,
    changed: &[PathBuf],
    templates_dir: &Path,
) -> Outcome {
    let mut problems = Vec::new();
    let shown = crate::load::files::display_root(root);
    let theme =
        match crate::load::load_theme(root, &shown, &prepared.config.theme, None, &mut problems) {
            Ok(t) => t,
            Err(ds) => return Outcome::Failed(ds),
        };
    if !problems.is_empty() {
        return Outcome::Failed(problems);
    }
    let compiled = match crate::render::templates::Templates::compile(
        &theme.templates,
        &prepared.plan.templates_used(),
        &prepared.strings,
    ) {
        Ok(t) => t,
        Err(ds) => return Outcome::Failed(ds),
    };
    let edited: Vec<String> = changed
        .iter()
        .filter_map(|p| p.strip_prefix(templates_dir).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let touches = |template: &str| {
        compiled
            .closure(template)
            .iter()
            .any(|t| edited.contains(t))
    };

    let mut input = prepared.input();
    input.templates = &compiled;
    let mut rendered = Vec::new();
    for (i, entry) in prepared.plan.entries.iter().enumerate() {
        let scripts = entry.kind == crate::plan::Kind::Quiz
            && render::QUIZ_SCRIPT_TEMPLATES.iter().any(|t| touches(t));
        if !touches(entry.kind.template()) && !scripts {
            continue;
        }
        match render::render_page(&input, i) {
            Ok((page_files, _)) => rendered.extend(page_files),
            Err(ds) => return Outcome::Failed(ds),
        }
    }
    if touches("404.html") {
        match render::render_404(&input) {
            Ok(file) => rendered.push(file),
            Err(d) => return Outcome::Failed(vec![d]),
        }
    }
    let outputs = store(files, rendered);
    prepared.templates = compiled;
    Outcome::Rendered(outputs)
}

/// A rules edit: validate and prove the rules again, and re-render the pages
/// made from them, as long as the pages themselves stay the same.
fn rules(root: &Path, prepared: &mut Prepared, files: &mut Files) -> Outcome {
    let mut problems = Vec::new();
    let Some(source) = crate::load::load_rules(root, &mut problems) else {
        return Outcome::Failed(problems);
    };
    if !problems.is_empty() {
        return Outcome::Failed(problems);
    }
    let new = match crate::rules::validate::validate(&source, &prepared.config.language) {
        Ok(r) => r,
        Err(ds) => return Outcome::Failed(ds),
    };
    let (paths, proof) = crate::rules::quiz::prove(&new);
    if !proof.is_empty() {
        return Outcome::Failed(proof);
    }
    let Some(old) = prepared.rules.as_ref() else {
        return Outcome::Rebuild;
    };
    // Every language's pages are made from the one set of rules files.
    let config = &prepared.config;
    let translated = crate::rules::validate::read_translations(
        &source,
        &config.language,
        &config.languages[1..],
    );
    // The pages the rules make, and their titles, must not change.
    let pages = |r: &crate::rules::model::Rules| {
        (
            r.region_set.as_ref().map(|s| s.section.clone()),
            r.checklist_section.clone(),
            r.quiz.clone(),
            r.regions
                .iter()
                .map(|p| (p.slug.clone(), p.name.clone()))
                .collect::<Vec<_>>(),
            r.applicant_options()
                .iter()
                .map(|o| (o.value.clone(), o.label.clone()))
                .collect::<Vec<_>>(),
        )
    };
    let olds = std::iter::once(old).chain(&prepared.translated_rules);
    let news = std::iter::once(&new).chain(&translated);
    if olds.map(pages).ne(news.map(pages)) {
        return Outcome::Rebuild;
    }
    let mut input = prepared.input();
    input.rules = Some(&new);
    input.translated_rules = &translated;
    let mut rendered = Vec::new();
    for (i, entry) in prepared.plan.entries.iter().enumerate() {
        if !entry.kind.from_rules() {
            continue;
        }
        match render::render_page(&input, i) {
            Ok((page_files, _)) => rendered.extend(page_files),
            Err(ds) => return Outcome::Failed(ds),
        }
    }
    let outputs = store(files, rendered);
    prepared.rules = Some(new);
    prepared.translated_rules = translated;
    prepared.quiz_paths = (paths > 0).then_some(paths);
    Outcome::Rendered(outputs)
}

/// Whether two front matters place the page the same: same order, address,
/// draft state and aliases. Title, description, dates and sources may
/// differ; they change outputs, not the plan.
fn same_structure(a: &front_matter::FrontMatter, b: &front_matter::FrontMatter) -> bool {
    a.weight == b.weight && a.draft == b.draft && a.slug == b.slug && a.aliases == b.aliases
}

/// Puts re-rendered pages into the served files; returns the names of those
/// whose bytes changed (a page re-rendered to the same bytes needs no
/// reload). A page that came out the same keeps its bytes, so the search
/// index sees by their address that it did not change.
fn store(files: &mut Files, rendered: Vec<crate::write::OutputFile>) -> Vec<String> {
    let mut changed = Vec::new();
    for file in rendered {
        if let crate::write::Contents::Bytes(bytes) = file.contents {
            let name = file.path.to_string();
            if files.get(&name).is_none_or(|old| **old != *bytes) {
                files.insert(name.clone(), bytes.into());
                changed.push(name);
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::url::SitePath;
    use crate::write::{Contents, OutputFile};
    use std::sync::Arc;

    fn output(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: SitePath::from_segments(path.split('/').map(str::to_string).collect()),
            contents: Contents::Bytes(bytes.to_vec()),
        }
    }

    #[test]
    fn a_page_rendered_to_the_same_bytes_keeps_them() {
        let mut files = Files::new();
        files.insert("a/index.html".into(), Arc::from(&b"same"[..]));
        files.insert("b/index.html".into(), Arc::from(&b"old"[..]));
        let before = Arc::clone(&files["a/index.html"]);
        let changed = store(
            &mut files,
            vec![
                output("a/index.html", b"same"),
                output("b/index.html", b"new"),
                output("c/index.html", b"added"),
            ],
        );
        assert_eq!(changed, ["b/index.html", "c/index.html"]);
        // The search index tells unchanged pages by their address.
        assert!(Arc::ptr_eq(&before, &files["a/index.html"]));
        assert_eq!(&*files["b/index.html"], b"new");
        assert_eq!(&*files["c/index.html"], b"added");
    }
}
