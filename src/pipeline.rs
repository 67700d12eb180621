//! The whole build, stage by stage: load, parse, plan, render, and the
//! search index. Where the files go is the caller's choice ([`Output`]):
//! `build` writes each into its output folder as soon as it is made,
//! `check` runs everything a build does and lets the files go.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load;
use crate::parse::front_matter::{self, Document};
use crate::parse::highlight;
use crate::parse::markdown::{self, Origin, Rendered};
use crate::plan::links::{PageLinks, missing_anchor};
use crate::plan::{self, ParsedPage};
use crate::render::rules::directives::WithDirectives;
use crate::render::{self, context::SiteCtx, strings::Strings, templates::Templates};
use crate::rules;
use crate::search::records::Records;
use crate::write::{self, OutputFile};

pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
    /// Already checked; overrides site.yaml's.
    pub base_url: Option<String>,
    /// Build the search index when the site has search. `check` does not:
    /// nothing in the index can be wrong that the pages are not.
    pub search_index: bool,
    /// Keep the search index and the quiz's proof in the site's
    /// `.beian-cache/`, and reuse them when no indexed page, and nothing in
    /// the rules, changed.
    pub cache: bool,
}

pub struct Built {
    pub pages: usize,
    /// How many pages the search index holds, when one was built.
    pub indexed: Option<usize>,
    /// The index was the one stored by the previous build, unchanged.
    pub index_reused: bool,
    /// How many finished quizzes the proof walked, when the site has one.
    pub quiz_paths: Option<usize>,
    /// For [`Output::Folder`]: every file written, ready to be swapped in.
    pub staged: Option<write::Staging>,
}

/// Where the rendered files go.
pub enum Output<'a> {
    /// Nowhere: `check` runs the build only for what it finds wrong.
    Discard,
    /// Into this output folder. Its staging folder is opened only once the
    /// site has no errors left to find before rendering, and each file is
    /// written into it as soon as it is made.
    Folder(&'a std::path::Path),
}

pub struct Outcome {
    /// `None` when there were errors.
    pub built: Option<Built>,
    pub diagnostics: Diagnostics,
    /// The validated rules, when the site has them and they are sound.
    pub rules: Option<rules::model::Rules>,
    /// What the site's other languages lack, when it got as far as a plan.
    pub coverage: Option<plan::coverage::Coverage>,
    /// The output folder could not be opened, or a file could not be
    /// written into it (or Ctrl-C came while writing).
    pub write_error: Option<write::WriteError>,
}

pub fn run(opts: &Options, output: Output) -> Outcome {
    let mut diags = Diagnostics::new();
    let Some(mut prepared) = prepare(opts, &mut diags) else {
        return Outcome {
            built: None,
            diagnostics: diags,
            rules: None,
            coverage: None,
            write_error: None,
        };
    };
    let coverage = Some(prepared.coverage());
    let staging = match output {
        Output::Folder(out) if !diags.has_errors() => match write::Staging::begin(out) {
            Ok(s) => Some(s),
            Err(e) => {
                return Outcome {
                    built: None,
                    diagnostics: diags,
                    rules: prepared.rules,
                    coverage,
                    write_error: Some(e),
                };
            }
        },
        _ => None,
    };
    let mut write_error = None;
    let built = if diags.has_errors() {
        // Rendering finds what nothing before it can: links in the rules'
        // markdown, template errors at run time. Run it and keep nothing,
        // so that one run reports every problem.
        if let Err(problems) = render::render_site(&prepared.input(), &|_| None) {
            diags.extend(problems);
        }
        None
    } else {
        // Each page the index holds is prepared for it (parsed and split
        // into words) on the thread that rendered it, as soon as it is
        // written; its HTML is not kept.
        let search = if opts.search_index {
            search_records(&prepared, opts)
        } else {
            Ok(None)
        };
        let failed: Mutex<Option<write::WriteError>> = Mutex::new(None);
        let sink = |file: OutputFile| -> Option<OutputFile> {
            if let Some(staging) = &staging
                && let Err(e) = staging.put(&file)
                && let Ok(mut first) = failed.lock()
            {
                first.get_or_insert(e);
            }
            if let Ok(Some(search)) = &search
                && let write::Contents::Bytes(html) = &file.contents
            {
                search.take(&file.path.href(), html);
            }
            None
        };
        let built = match search {
            Err(problem) => {
                diags.push(problem);
                None
            }
            Ok(ref search) => match render::render_site(&prepared.input(), &sink) {
                Ok(_) => {
                    // Every page is rendered: what their markdown became
                    // is not needed again, and the index's merge is the
                    // build's peak of memory (about a fifth less at 10,000
                    // pages without it).
                    drop(std::mem::take(&mut prepared.markdown));
                    match with_search_index(&prepared, search.as_ref(), &sink) {
                        Ok(built) => Some(built),
                        Err(problem) => {
                            diags.push(problem);
                            None
                        }
                    }
                }
                Err(problems) => {
                    diags.extend(problems);
                    None
                }
            },
        };
        write_error = failed.into_inner().ok().flatten();
        built.map(|b| Built {
            staged: staging,
            ..b
        })
    };
    Outcome {
        built,
        diagnostics: diags,
        rules: prepared.rules,
        coverage,
        write_error,
    }
}

/// What the search index takes of the pages as they are rendered; `None`
/// when the site has no search. Each page is indexed in the language
/// [`crate::search::indexed_pages`] gives it.
fn search_records(prepared: &Prepared, opts: &Options) -> Result<Option<Records>, Diagnostic> {
    let pages = crate::search::indexed_pages(&prepared.plan);
    if pages.is_empty() {
        return Ok(None);
    }
    let cache = opts
        .cache
        .then(|| crate::search::cache::Cache::open(&opts.root, crate::search::GZIP_LEVEL));
    Records::new(pages, cache).map(Some)
}

/// Builds the search index (when the site has search and the build asked
/// for its index) and hands its files to `sink`.
fn with_search_index(
    prepared: &Prepared,
    search: Option<&Records>,
    sink: render::Sink,
) -> Result<Built, Diagnostic> {
    let (indexed, index_reused) = match search {
        None => (None, false),
        Some(search) => {
            let finished = search.finish()?;
            // Written on both cores: at 10,000 pages the index is over
            // 10,000 files, a few hundred milliseconds one after another.
            finished
                .files
                .into_par_iter()
                .with_max_len(16)
                .for_each(|file| {
                    // Not a page: nothing of the index is given back.
                    let _ = sink(OutputFile {
                        path: file.path,
                        contents: write::Contents::Bytes(file.bytes),
                    });
                });
            (Some(search.len()), finished.reused)
        }
    };
    Ok(Built {
        pages: prepared.plan.entries.len(),
        indexed,
        index_reused,
        quiz_paths: prepared.quiz_paths,
        staged: None,
    })
}

/// Everything a build knows before it renders, kept by `beian serve` so an
/// edit can re-render only what it touches.
pub struct Prepared {
    pub config: crate::config::SiteConfig,
    pub base_url: Option<String>,
    pub plan: plan::Plan,
    pub markdown: Vec<Rendered>,
    pub templates: Templates,
    pub rules: Option<rules::model::Rules>,
    /// The rules in each other language (see [`render::Input`]).
    pub translated_rules: Vec<rules::model::Rules>,
    pub quiz_paths: Option<usize>,
    pub strings: Arc<Strings>,
}

impl Prepared {
    /// The rules in the site's language number `lang` (0: the default).
    pub fn rules_in(&self, lang: usize) -> Option<&rules::model::Rules> {
        match lang {
            0 => self.rules.as_ref(),
            n => self.translated_rules.get(n - 1).or(self.rules.as_ref()),
        }
    }

    /// What each other language lacks (see [`plan::coverage`]).
    pub fn coverage(&self) -> plan::coverage::Coverage {
        let mut texts = vec![Vec::new()];
        texts.extend(self.translated_rules.iter().map(|r| r.untranslated.clone()));
        plan::coverage::find(&self.plan, &texts)
    }

    pub fn input(&self) -> render::Input<'_> {
        render::Input {
            plan: &self.plan,
            markdown: &self.markdown,
            templates: &self.templates,
            // The site's title and description in each of its languages.
            sites: self
                .config
                .languages
                .iter()
                .map(|lang| SiteCtx {
                    title: self.config.title_in(lang),
                    description: self.config.description_in(lang),
                    language: &self.config.language,
                    logo: render::site_images::href(&self.plan, self.config.logo.as_deref()),
                    favicon: render::site_images::href(&self.plan, self.config.favicon.as_deref()),
                })
                .collect(),
            base_url: self.base_url.as_deref(),
            rules: self.rules.as_ref(),
            translated_rules: &self.translated_rules,
            strings: &self.strings,
            remembered: Default::default(),
        }
    }
}

/// Loads, parses and plans the site and renders its markdown; `None` when
/// it cannot get that far. Problems go to `diags`.
pub fn prepare(opts: &Options, diags: &mut Diagnostics) -> Option<Prepared> {
    // git runs as child processes that only wait on the disk; started now,
    // they overlap loading, parsing and planning instead of following them.
    let history = {
        let root = opts.root.clone();
        std::thread::spawn(move || load::git::History::read(&root))
    };
    // Read from the disk beside the loading too.
    let kept = opts.cache.then(|| {
        let root = opts.root.clone();
        std::thread::spawn(move || highlight::Kept::open(&root))
    });
    let (mut source, problems) = match load::load(&opts.root) {
        Ok(x) => x,
        Err(problems) => {
            diags.extend(problems);
            return None;
        }
    };
    diags.extend(problems);

    // site.yaml's was checked, and given its trailing slash, when read.
    let base_url = opts
        .base_url
        .clone()
        .or_else(|| source.config.base_url.clone());
    let files = std::mem::take(&mut source.pages);
    let unreadable = std::mem::take(&mut source.unreadable);
    let cache = opts.cache.then_some(opts.root.as_path());
    // The rules are read once in each language, each reading on one core,
    // beside the pages' front matter: read one after another, they were a
    // third of a small site's build, on one core while the other waited.
    let ((pages, stand_ins, page_problems), (checked, translated)) = rayon::join(
        || {
            let mut problems = Diagnostics::new();
            let (pages, stand_ins) = parse_pages(files, unreadable, &mut problems);
            (pages, stand_ins, problems)
        },
        || rayon::join(|| check_rules(&source, cache), || translate_rules(&source)),
    );
    diags.extend(page_problems);
    let CheckedRules {
        rules,
        problems,
        unbuilt_section,
        quiz_paths,
    } = checked;
    diags.extend(problems);
    // Other languages' readings add nothing to rules that do not hold.
    let translated_rules = if rules.is_some() {
        translated
    } else {
        Vec::new()
    };
    let every_rules: Vec<&rules::model::Rules> =
        rules.iter().chain(translated_rules.iter()).collect();
    let mut plan = match plan::plan(
        pages,
        std::mem::take(&mut source.assets),
        std::mem::take(&mut source.theme.static_files),
        opts.drafts,
        &every_rules,
        source.config.search_folder().as_deref(),
        &source.config.languages,
    ) {
        Ok(mut plan) => {
            plan.unbuilt_section = unbuilt_section;
            plan
        }
        Err(problems) => {
            diags.extend(problems);
            return None;
        }
    };
    diags.extend(render::site_images::check(
        &source.config,
        &source.config_file,
        &plan,
    ));
    // When each page's source last changed, and where to edit it.
    let history = history.join().unwrap_or_default();
    diags.extend(history.shallow_warning());
    date_and_edit(&mut plan, &history, &source, opts);
    let kept = kept.and_then(|k| k.join().ok());
    let markdown = render_markdown(
        &plan,
        &source,
        &every_rules,
        &stand_ins,
        kept.as_ref(),
        diags,
    );
    if crate::interrupt::interrupted() {
        // Stopped partway, the pages rendered do not say which blocks the
        // site still has: what was kept stays as it was.
        return None;
    }
    if let Some(kept) = kept {
        kept.store();
    }
    let strings = Arc::new(strings(&plan, &source, opts, diags)?);
    let templates =
        match Templates::compile(&source.theme.templates, &plan.templates_used(), &strings) {
            Ok(t) => t,
            Err(problems) => {
                diags.extend(problems);
                return None;
            }
        };
    Some(Prepared {
        config: source.config,
        base_url,
        plan,
        markdown,
        templates,
        rules,
        translated_rules,
        quiz_paths,
        strings,
    })
}

/// The rules read again in each of the site's other languages, those that
/// are sound: only their texts differ from the default language's reading,
/// so nothing new can be wrong, and the caller keeps them only when that
/// reading holds.
fn translate_rules(source: &load::Source) -> Vec<rules::model::Rules> {
    let Some(files) = &source.rules else {
        return Vec::new();
    };
    let config = &source.config;
    rules::validate::read_translations(files, &config.language, &config.languages[1..])
}

/// Front matter of every page, in parallel. A page whose front matter is
/// broken, or that could not be read, still takes its place in the plan
/// under a stand-in, so links to it are not reported as broken on top of
/// its own error; the stand-ins are returned beside the pages.
fn parse_pages(
    files: Vec<load::TextFile>,
    unreadable: Vec<load::TextFile>,
    diags: &mut Diagnostics,
) -> (Vec<ParsedPage>, HashSet<Vec<String>>) {
    let mut stand_ins: HashSet<Vec<String>> = HashSet::new();
    let parsed: Vec<(ParsedPage, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(
            |file| match front_matter::parse(&file.display, &file.text) {
                Ok(doc) => (
                    ParsedPage {
                        key: file.segments.clone(),
                        lang: 0,
                        segments: file.segments,
                        display: file.display,
                        text: file.text,
                        doc,
                    },
                    Vec::new(),
                ),
                Err(problems) => {
                    let stand_in = stand_in(&file.segments);
                    (
                        ParsedPage {
                            key: file.segments.clone(),
                            lang: 0,
                            segments: file.segments,
                            display: file.display,
                            text: String::new(),
                            doc: stand_in,
                        },
                        problems,
                    )
                }
            },
        )
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (page, problems) in parsed {
        if !problems.is_empty() {
            stand_ins.insert(page.segments.clone());
            diags.extend(problems);
        }
        pages.push(page);
    }
    for file in unreadable {
        stand_ins.insert(file.segments.clone());
        pages.push(ParsedPage {
            doc: stand_in(&file.segments),
            key: file.segments.clone(),
            lang: 0,
            segments: file.segments,
            display: file.display,
            text: file.text,
        });
    }

    (pages, stand_ins)
}

/// The rules validated and proved.
#[derive(Default)]
struct CheckedRules {
    /// The model, when the rules hold together.
    rules: Option<rules::model::Rules>,
    /// What validating or proving them found.
    problems: Vec<Diagnostic>,
    /// The section of the region pages left unbuilt when they do not.
    unbuilt_section: Option<Vec<String>>,
    /// The quiz's ways through.
    quiz_paths: Option<usize>,
}

fn check_rules(source: &load::Source, cache: Option<&Path>) -> CheckedRules {
    let Some(files) = &source.rules else {
        return CheckedRules::default();
    };
    match rules::validate::validate(files, &source.config.language) {
        Ok(r) => {
            let (paths, problems) = rules::quiz::prove_or_reuse(&r, cache);
            CheckedRules {
                rules: Some(r),
                problems,
                unbuilt_section: None,
                quiz_paths: (paths > 0).then_some(paths),
            }
        }
        Err(problems) => CheckedRules {
            rules: None,
            problems,
            unbuilt_section: rules::validate::section_of(files),
            quiz_paths: None,
        },
    }
}

/// Each page's date of last change (from git) and where to edit it.
fn date_and_edit(
    plan: &mut plan::Plan,
    history: &load::git::History,
    source: &load::Source,
    opts: &Options,
) {
    let shown_root = load::files::display_root(&opts.root);
    for entry in &mut plan.entries {
        let rel = entry
            .page
            .display
            .strip_prefix(&shown_root)
            .unwrap_or(&entry.page.display)
            .to_path_buf();
        entry.changed = history.changed(&rel);
        entry.edit_url = source.config.repository.as_ref().map(|repo| {
            format!(
                "{}/edit/{}/{}",
                repo.trim_end_matches('/'),
                source.config.edit_branch,
                history.repo_path(&rel)
            )
        });
    }
}

/// Every page's markdown, in parallel, and the anchors its links need.
fn render_markdown(
    plan: &plan::Plan,
    source: &load::Source,
    // By language, the default first: a page's directives draw the rules
    // in its language.
    rules: &[&rules::model::Rules],
    stand_ins: &HashSet<Vec<String>>,
    kept: Option<&highlight::Kept>,
    diags: &mut Diagnostics,
) -> Vec<Rendered> {
    let markdown: Vec<Rendered> = (0..plan.entries.len())
        .into_par_iter()
        // A few dozen pages at a time: rayon otherwise gives each thread
        // runs of thousands of pages to go through alone, and one core
        // sits idle while the other finishes a run with more code in it.
        .with_max_len(64)
        .map(|i| {
            let entry = &plan.entries[i];
            let doc = &entry.page.doc;
            let mut origin =
                Origin::new(&entry.page.display, &entry.page.text, doc.body_offset(), 1)
                    .reserving(&source.theme.reserved_ids);
            if let Some(kept) = kept {
                origin = origin.keeping_highlights(kept);
            }
            let links = WithDirectives {
                links: PageLinks {
                    plan,
                    from: i,
                    lang: None,
                },
                rules: rules.get(entry.page.lang).or(rules.first()).copied(),
            };
            markdown::render(entry.page.body(), &origin, &links)
        })
        .collect();
    for (i, md) in markdown.iter().enumerate() {
        diags.extend(md.problems.iter().cloned());
        let entry = &plan.entries[i];
        for r in &md.anchor_refs {
            let target = &plan.entries[r.target];
            if stand_ins.contains(&target.page.segments)
                || markdown[r.target].anchors.contains(&r.anchor)
            {
                continue;
            }
            diags.push(missing_anchor(entry, target, &markdown[r.target], r));
        }
    }

    markdown
}

/// The interface strings, theme then site, checked against the templates
/// and the languages the site is written in; `None` on an error.
fn strings(
    plan: &plan::Plan,
    source: &load::Source,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Option<Strings> {
    let (strings, problems) = Strings::build(
        &source.theme.strings,
        &source.strings,
        &source.config.language,
        &load::files::display_root(&opts.root).join(load::STRINGS_DIR),
    );
    let mut problems = problems;
    problems.extend(missing_tables(&strings, source));
    let strings_failed = problems.iter().any(Diagnostic::is_error);
    diags.extend(problems);
    // The languages the site is written in: its own and its pages'.
    let mut languages: Vec<&str> = source.config.languages.iter().map(String::as_str).collect();
    languages.extend(
        plan.entries
            .iter()
            .filter_map(|e| e.page.doc.meta.language.as_deref()),
    );
    diags.extend(render::strings_check::check(
        &source.theme.templates,
        &strings,
        &languages,
    ));
    if strings_failed {
        return None;
    }
    Some(strings)
}

/// A language site.yaml lists that no strings table speaks: its pages
/// would show the default language's interface.
fn missing_tables(strings: &Strings, source: &load::Source) -> Vec<Diagnostic> {
    let config = &source.config;
    config.languages[1..]
        .iter()
        .filter(|lang| !strings.has_table(lang))
        .map(|lang| {
            let file = &source.config_file;
            crate::parse::yaml::at_key(
                Diagnostic::error(format!(
                    "no interface strings in `{lang}`, one of the site's `languages`"
                )),
                &file.display,
                &file.text,
                "languages",
            )
            .with_help(format!(
                "add i18n/{lang}.yaml (copy the theme's en.yaml and translate it), or leave `{lang}` out of `languages`"
            ))
        })
        .collect()
}

fn stand_in(segments: &[String]) -> Document {
    Document::titled(segments.last().cloned().unwrap_or_default())
}
