//! From the rules files as written to the validated model: every id
//! checked, every reference resolved, every problem reported with its
//! place — all of them, not just the first.

use std::collections::{HashMap, HashSet};

use crate::diag::Diagnostic;
use crate::load::TextFile;
use crate::parse::yaml;
use crate::rules::condition::{AnswerTest, Condition, FactTest};
use crate::rules::locate;
use crate::rules::model::*;
use crate::rules::raw::{self, ConditionDef};

/// The files of `rules/`, as read.
#[derive(Debug)]
pub struct RulesSource {
    pub rules: TextFile,
    pub sources: TextFile,
    pub facts: TextFile,
    pub questions: TextFile,
    pub checklist: TextFile,
    /// The quiz's outcomes; a site without them has no quiz.
    pub outcomes: Option<TextFile>,
    pub provinces: Vec<TextFile>,
}

/// Collects problems with the file they are in.
struct Problems {
    list: Vec<Diagnostic>,
}

impl Problems {
    fn at(&mut self, file: &TextFile, (line, col): (usize, usize), message: String) {
        self.list
            .push(Diagnostic::error(message).at(&file.display, &file.text, line, col));
    }

    fn at_help(
        &mut self,
        file: &TextFile,
        (line, col): (usize, usize),
        message: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(message).at(&file.display, &file.text, line, col);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.list.push(d);
    }
}

fn decode<T: serde::de::DeserializeOwned>(file: &TextFile, problems: &mut Problems) -> Option<T> {
    match yaml::decode(&file.text, &file.display, &file.text, 1) {
        Ok(v) => Some(v),
        Err(d) => {
            problems.list.push(d);
            None
        }
    }
}

/// What ids of one kind may look like, and how to say so.
#[derive(Clone, Copy)]
struct IdRule {
    valid: fn(&str) -> bool,
    says: &'static str,
}

const PLAIN_ID: IdRule = IdRule {
    valid: valid_id,
    says: "use lowercase letters, digits, `_` and `-`, starting with a letter",
};

const SOURCE_ID: IdRule = IdRule {
    valid: valid_source_id,
    says: "use `S` followed by letters, digits and `_` (`S13`, `S9a`, `S_gov`)",
};

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn valid_source_id(id: &str) -> bool {
    id.len() > 1
        && id.starts_with('S')
        && id[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An id → index table for one kind of thing, with "did you mean".
struct Index<'a> {
    what: &'static str,
    file: &'static str,
    ids: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    fn new(what: &'static str, file: &'static str, ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut map = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            map.entry(id).or_insert(i);
        }
        Index {
            what,
            file,
            ids: map,
        }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// Resolves `id`, or reports it at its place in `file` from `line` on.
    fn resolve(
        &self,
        id: &str,
        file: &TextFile,
        line: usize,
        problems: &mut Problems,
    ) -> Option<usize> {
        if let Some(i) = self.get(id) {
            return Some(i);
        }
        let help = match locate::suggest(id, self.ids.keys().copied()) {
            Some(s) => format!(
                "did you mean `{s}`? The {}s are defined in {}",
                self.what, self.file
            ),
            None => format!("the {}s are defined in {}", self.what, self.file),
        };
        problems.at_help(
            file,
            locate::word(&file.text, line, id),
            format!("unknown {} `{id}`", self.what),
            Some(help),
        );
        None
    }
}

/// Checks that ids are well formed and unique within one list.
fn check_ids<'a>(
    file: &TextFile,
    ids: impl IntoIterator<Item = &'a str>,
    what: &str,
    rule: IdRule,
    problems: &mut Problems,
) {
    let mut seen = HashSet::new();
    for id in ids {
        let line = locate::entry_line(&file.text, id);
        if !(rule.valid)(id) {
            problems.at(
                file,
                locate::word(&file.text, line, id),
                format!("{what} id `{id}` is not valid: {}", rule.says),
            );
        }
        if !seen.insert(id) {
            // The second occurrence is the one to point at.
            let first = locate::entry_line(&file.text, id);
            let second = file
                .text
                .lines()
                .enumerate()
                .skip(first)
                .find(|(_, l)| {
                    let t = l.trim_start().trim_start_matches("- ").trim_start();
                    t.strip_prefix("id:")
                        .is_some_and(|r| r.trim().trim_matches(['"', '\'']) == id)
                })
                .map_or(first, |(i, _)| i + 1);
            problems.at(
                file,
                locate::word(&file.text, second, id),
                format!("duplicate {what} id `{id}`: it is already used on line {first}"),
            );
        }
    }
}

/// The content section of the province pages, read from rules.yaml alone:
/// when the rules have errors, links into that section are not reported as
/// broken on top of them.
pub fn section_of(src: &RulesSource) -> Option<Vec<String>> {
    let section = match serde_yaml::from_str::<raw::RulesFile>(&src.rules.text) {
        Ok(raw) => raw.section,
        // rules.yaml itself is broken: its `section:` line may still say.
        Err(_) => src
            .rules
            .text
            .lines()
            .find_map(|l| l.strip_prefix("section:"))
            .map(|v| v.trim().trim_matches(['"', '\'']).to_string())?,
    };
    let section: Vec<String> = section
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (!section.is_empty()).then_some(section)
}

pub fn validate(src: &RulesSource) -> Result<Rules, Vec<Diagnostic>> {
    let mut p = Problems { list: Vec::new() };
    let rules_file: Option<raw::RulesFile> = decode(&src.rules, &mut p);
    let sources_file: Option<raw::SourcesFile> = decode(&src.sources, &mut p);
    let facts_file: Option<raw::FactsFile> = decode(&src.facts, &mut p);
    let questions_file: Option<raw::QuestionsFile> = decode(&src.questions, &mut p);
    let checklist_file: Option<raw::ChecklistFile> = decode(&src.checklist, &mut p);
    let outcomes_file: Option<raw::OutcomesFile> =
        src.outcomes.as_ref().and_then(|f| decode(f, &mut p));
    let province_files: Vec<(&TextFile, Option<raw::ProvinceFile>)> = src
        .provinces
        .iter()
        .map(|f| (f, decode(f, &mut p)))
        .collect();

    // Catalogues first: everything else refers to them. A catalogue that
    // did not decode is reported once, and references into it are not
    // checked (they would all be noise).
    let (stages, confidence, version, updated, section, quiz) = match &rules_file {
        Some(r) => {
            check_ids(
                &src.rules,
                r.stages.iter().map(|s| s.id.as_str()),
                "stage",
                PLAIN_ID,
                &mut p,
            );
            check_ids(
                &src.rules,
                r.confidence.iter().map(|s| s.id.as_str()),
                "confidence",
                PLAIN_ID,
                &mut p,
            );
            if r.stages.is_empty() {
                p.at(
                    &src.rules,
                    (locate::key_line(&src.rules.text, 1, "stages"), 1),
                    "`stages` is empty: a checklist needs at least one stage".into(),
                );
            }
            let section: Vec<String> = r
                .section
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if section.is_empty() || section.iter().any(|s| s == "." || s == "..") {
                p.at(
                    &src.rules,
                    (locate::key_line(&src.rules.text, 1, "section"), 1),
                    format!(
                        "`section` must name a folder under content/, found `{}`",
                        r.section
                    ),
                );
            }
            (
                r.stages
                    .iter()
                    .map(|s| Stage {
                        id: s.id.clone(),
                        title: s.title.clone(),
                        description: s.description.clone(),
                    })
                    .collect(),
                r.confidence
                    .iter()
                    .map(|c| Confidence {
                        id: c.id.clone(),
                        label: c.label.clone(),
                        description: c.description.clone(),
                        review: c.review,
                    })
                    .collect(),
                r.version.clone(),
                Some(r.updated),
                section,
                r.quiz.as_ref().map(|q| {
                    q.split('/')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                }),
            )
        }
        None => (
            Vec::new(),
            Vec::new(),
            String::new(),
            None,
            Vec::new(),
            None,
        ),
    };
    if let (Some(_), Some(rf)) = (&src.outcomes, &rules_file)
        && rf.quiz.is_none()
    {
        p.at_help(
            &src.rules,
            (1, 1),
            "rules/outcomes.yaml defines a quiz, but rules.yaml has no `quiz`".into(),
            Some(
                "add `quiz: quiz`, the content folder whose _index.md becomes the quiz page".into(),
            ),
        );
    }
    let stage_ix = Index::new(
        "stage",
        "rules/rules.yaml",
        stages.iter().map(|s: &Stage| s.id.as_str()),
    );
    let conf_ix = Index::new(
        "confidence level",
        "rules/rules.yaml",
        confidence.iter().map(|c: &Confidence| c.id.as_str()),
    );

    let sources: Vec<Source> = match &sources_file {
        Some(s) => {
            check_ids(
                &src.sources,
                s.sources.iter().map(|s| s.id.as_str()),
                "source",
                SOURCE_ID,
                &mut p,
            );
            for s in &s.sources {
                if let Some(url) = &s.url
                    && !(url.starts_with("https://") || url.starts_with("http://"))
                {
                    let line = locate::entry_line(&src.sources.text, &s.id);
                    p.at(
                        &src.sources,
                        locate::word(&src.sources.text, line, "url"),
                        format!(
                            "source `{}`: `url` must be an absolute http(s) URL, found `{url}`",
                            s.id
                        ),
                    );
                }
            }
            s.sources
                .iter()
                .map(|s| Source {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    date: s.date.clone(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let source_ix = Index::new(
        "source",
        "rules/sources.yaml",
        sources.iter().map(|s| s.id.as_str()),
    );

    let facts: Vec<Fact> = match &facts_file {
        Some(f) => {
            check_ids(
                &src.facts,
                f.facts.iter().map(|f| f.id.as_str()),
                "fact",
                PLAIN_ID,
                &mut p,
            );
            f.facts
                .iter()
                .map(|f| Fact {
                    id: f.id.clone(),
                    kind: f.kind,
                    label: f.label.clone(),
                    highlight: f.highlight,
                    unit: f.unit.clone(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let fact_ix = Index::new(
        "fact",
        "rules/facts.yaml",
        facts.iter().map(|f| f.id.as_str()),
    );

    let checking_sources = sources_file.is_some();
    let checking_conf = rules_file.is_some();
    let checking_facts = facts_file.is_some();

    // Provinces.
    let mut provinces = Vec::new();
    for (file, parsed) in &province_files {
        let slug = file
            .segments
            .last()
            .and_then(|n| n.strip_suffix(".yaml"))
            .unwrap_or_default()
            .to_string();
        if !valid_id(&slug) {
            p.list.push(
                Diagnostic::error(format!("province file name `{slug}.yaml` is not a valid slug"))
                    .in_file(&file.display)
                    .with_help("name the file after the province in lowercase pinyin, such as `shanghai.yaml`; the name is its URL"),
            );
        }
        let Some(raw) = parsed else { continue };
        let resolve_sources = |ids: &[String], line: usize, p: &mut Problems| -> Vec<usize> {
            if !checking_sources {
                return Vec::new();
            }
            ids.iter()
                .filter_map(|id| source_ix.resolve(id, file, line, p))
                .collect()
        };
        let resolve_conf = |id: &str, line: usize, p: &mut Problems| -> usize {
            if checking_conf {
                conf_ix.resolve(id, file, line, p).unwrap_or(0)
            } else {
                0
            }
        };
        let prefix_line = locate::key_line(&file.text, 1, "icp_prefix");
        let admin_line = locate::key_line(&file.text, 1, "administration");
        let mut by_fact: Vec<Vec<Statement>> = (0..facts.len()).map(|_| Vec::new()).collect();
        let facts_line = locate::key_line(&file.text, 1, "facts");
        for (fact_id, statements) in &raw.facts {
            let line = locate::key_line(&file.text, facts_line, fact_id);
            if !checking_facts {
                continue;
            }
            let Some(fi) = fact_ix.resolve(fact_id, file, line, &mut p) else {
                continue;
            };
            if statements.is_empty() {
                p.at(
                    file,
                    (line, 1),
                    format!("fact `{fact_id}` has no statements; remove it or add one"),
                );
            }
            let mut current = 0;
            let mut out: Vec<Statement> = Vec::new();
            let mut at = line;
            for s in statements {
                at = locate::key_line(&file.text, at + 1, "value");
                if s.value.kind() != facts[fi].kind {
                    p.at_help(
                        file,
                        locate::word(&file.text, at, "value"),
                        format!(
                            "fact `{fact_id}` is of type {}, found a {} value `{}`",
                            kind_name(facts[fi].kind),
                            kind_name(s.value.kind()),
                            s.value
                        ),
                        Some("see the fact's `type` in rules/facts.yaml".into()),
                    );
                }
                if s.sources.is_empty() {
                    p.at(file, (at, 1), format!("a statement of `{fact_id}` cites no source: every fact needs at least one"));
                }
                if let (Some(a), Some(b)) = (s.since, s.until)
                    && a > b
                {
                    p.at(
                        file,
                        locate::word(&file.text, at, "until"),
                        format!("`until` {b} is before `since` {a}"),
                    );
                }
                if let (Some(prev), Some(since)) = (out.last(), s.since)
                    && let Some(prev_until) = prev.until
                    && since <= prev_until
                {
                    p.at(file, locate::word(&file.text, at, "since"), format!("statements of `{fact_id}` overlap: this one starts {since}, the one before ends {prev_until}"));
                }
                if s.until.is_none() {
                    current += 1;
                    if current == 2 {
                        p.at_help(file, (at, 1), format!("fact `{fact_id}` has two current statements (without `until`)"), Some("give the older one an `until` date: only one statement of a fact can be in force".into()));
                    }
                } else if current > 0 {
                    p.at(file, (at, 1), format!("fact `{fact_id}`: a statement with `until` follows the current one; list statements oldest first"));
                }
                let confidence = resolve_conf(&s.confidence, at, &mut p);
                let dates_confidence = s.dates_confidence.as_deref().map(|id| {
                    let line = locate::key_line(&file.text, at, "dates_confidence");
                    if s.since.is_none() && s.until.is_none() {
                        p.at_help(
                            file,
                            locate::word(&file.text, line, "dates_confidence"),
                            format!("a statement of `{fact_id}` has `dates_confidence` but no `since` or `until` date"),
                            Some("add the dates it is about, or remove `dates_confidence`".into()),
                        );
                    }
                    resolve_conf(id, line, &mut p)
                });
                let srcs = resolve_sources(&s.sources, at, &mut p);
                out.push(Statement {
                    value: s.value.clone(),
                    text: s.text.clone(),
                    confidence,
                    sources: srcs,
                    verified: s.verified,
                    since: s.since,
                    until: s.until,
                    dates_confidence,
                    text_line: markdown_line(&file.text, at, "text"),
                    line: at,
                });
            }
            by_fact[fi] = out;
        }
        if raw.icp_prefix.sources.is_empty() {
            p.at(
                file,
                (prefix_line, 1),
                "`icp_prefix` cites no source".into(),
            );
        }
        let icp_prefix_confidence = resolve_conf(&raw.icp_prefix.confidence, prefix_line, &mut p);
        let icp_prefix_sources = resolve_sources(&raw.icp_prefix.sources, prefix_line, &mut p);
        let administration_confidence = raw
            .administration
            .confidence
            .as_ref()
            .map(|c| resolve_conf(c, admin_line, &mut p));
        let administration_sources =
            resolve_sources(&raw.administration.sources, admin_line, &mut p);
        provinces.push(Province {
            slug,
            name_en: raw.name.en.clone(),
            name_zh: raw.name.zh.clone(),
            icp_prefix: raw.icp_prefix.value.clone(),
            icp_prefix_confidence,
            icp_prefix_sources,
            icp_prefix_verified: raw.icp_prefix.verified,
            icp_prefix_line: prefix_line,
            administration_zh: raw.administration.zh.clone(),
            administration_en: raw.administration.en.clone(),
            administration_confidence,
            administration_sources,
            administration_line: admin_line,
            facts: by_fact,
            file: file.display.clone(),
        });
    }
    if src.provinces.is_empty() {
        p.list.push(
            Diagnostic::error("rules/provinces/ holds no province files")
                .with_help("add one YAML file per province, such as rules/provinces/shanghai.yaml"),
        );
    }
    provinces.sort_by(|a, b| (&a.name_en, &a.slug).cmp(&(&b.name_en, &b.slug)));

    // Questions.
    let mut questions = Vec::new();
    let (mut applicant, mut province_question) = (Vec::new(), Vec::new());
    if let Some(qf) = &questions_file {
        let file = &src.questions;
        check_ids(
            file,
            qf.questions.iter().map(|q| q.id.as_str()),
            "question",
            PLAIN_ID,
            &mut p,
        );
        for q in &qf.questions {
            let line = locate::entry_line(&file.text, &q.id);
            let mut seen = HashSet::new();
            for o in &q.options {
                if o.value.is_empty() || !seen.insert(o.value.as_str()) {
                    p.at(
                        file,
                        locate::word(&file.text, line, &o.value),
                        format!(
                            "question `{}`: option value `{}` is empty or repeated",
                            q.id, o.value
                        ),
                    );
                }
            }
            let mut options: Vec<AnswerOption> = Vec::new();
            match q.role {
                Some(Role::Applicant) => applicant.push((questions.len(), line)),
                Some(Role::Province) => {
                    province_question.push((questions.len(), line));
                    for pr in &provinces {
                        if q.options.iter().any(|o| o.value == pr.slug) {
                            p.at(file, locate::word(&file.text, line, &pr.slug), format!("question `{}`: option `{}` is a province slug; provinces are added to this question by themselves", q.id, pr.slug));
                        }
                        options.push(AnswerOption {
                            value: pr.slug.clone(),
                            label: pr.name_en.clone(),
                            when_text: Some(format!("you file in {}", pr.name_en)),
                        });
                    }
                }
                None => {}
            }
            if q.options.is_empty() && q.role != Some(Role::Province) {
                p.at(
                    file,
                    (line, 1),
                    format!("question `{}` has no options", q.id),
                );
            }
            options.extend(q.options.iter().map(|o| AnswerOption {
                value: o.value.clone(),
                label: o.label.clone(),
                when_text: o.when_text.clone(),
            }));
            questions.push(Question {
                id: q.id.clone(),
                role: q.role,
                text: q.text.clone(),
                short: q.short.clone(),
                help: q.help.clone(),
                ask_when: Condition::always(),
                options,
                file: file.display.clone(),
                line,
            });
        }
        for (role, found) in [("applicant", &applicant), ("province", &province_question)] {
            match found.len() {
                1 => {}
                0 => p.list.push(Diagnostic::error(format!("no question has `role: {role}`")).in_file(&file.display).with_help(format!("exactly one question must have `role: {role}`: checklists are built from it"))),
                _ => p.at(file, (found[1].1, 1), format!("a second question has `role: {role}`; exactly one may")),
            }
        }
    }
    let question_ids: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
    let question_ix = Index::new(
        "question",
        "rules/questions.yaml",
        question_ids.iter().map(String::as_str),
    );
    let checking_questions = questions_file.is_some();
    let mut asks = Vec::new();
    if let Some(qf) = &questions_file {
        for (qi, q) in qf.questions.iter().enumerate() {
            let Some(def) = &q.ask_when else { continue };
            let line = locate::key_line(&src.questions.text, questions[qi].line, "ask_when");
            let mut cx = Compile {
                file: &src.questions,
                line,
                questions: &questions,
                question_ix: &question_ix,
                facts: &facts,
                fact_ix: &fact_ix,
                check_questions: true,
                check_facts: checking_facts,
            };
            let Some(cond) = cx.compile(def, &mut p) else {
                continue;
            };
            let mut read = Vec::new();
            cond.questions(&mut read);
            if let Some(&later) = read.iter().find(|&&r| r >= qi) {
                p.at_help(
                    &src.questions,
                    locate::word(&src.questions.text, line, &questions[later].id),
                    format!(
                        "`ask_when` of `{}` reads `{}`, which is not asked before it",
                        q.id, questions[later].id
                    ),
                    Some("a question can only depend on the questions above it".into()),
                );
            }
            asks.push((qi, cond));
        }
    }
    for (qi, cond) in asks {
        questions[qi].ask_when = cond;
    }

    // Items.
    let mut items = Vec::new();
    if let Some(cf) = &checklist_file {
        let file = &src.checklist;
        check_ids(
            file,
            cf.items.iter().map(|i| i.id.as_str()),
            "item",
            PLAIN_ID,
            &mut p,
        );
        for it in &cf.items {
            let line = locate::entry_line(&file.text, &it.id);
            let stage = if checking_conf {
                stage_ix.resolve(&it.stage, file, line, &mut p).unwrap_or(0)
            } else {
                0
            };
            let item_facts = if checking_facts {
                it.facts
                    .iter()
                    .filter_map(|f| fact_ix.resolve(f, file, line, &mut p))
                    .collect()
            } else {
                Vec::new()
            };
            let item_sources = if checking_sources {
                it.sources
                    .iter()
                    .filter_map(|s| source_ix.resolve(s, file, line, &mut p))
                    .collect()
            } else {
                Vec::new()
            };
            let when = match &it.when {
                None => Condition::always(),
                Some(def) => {
                    let when_line = locate::key_line(&file.text, line, "when");
                    let mut cx = Compile {
                        file,
                        line: when_line,
                        questions: &questions,
                        question_ix: &question_ix,
                        facts: &facts,
                        fact_ix: &fact_ix,
                        check_questions: checking_questions,
                        check_facts: checking_facts,
                    };
                    cx.compile(def, &mut p).unwrap_or_else(Condition::always)
                }
            };
            items.push(Item {
                id: it.id.clone(),
                stage,
                title: it.title.clone(),
                body: it.body.clone(),
                documents: it.documents.clone(),
                facts: item_facts,
                sources: item_sources,
                when,
                file: file.display.clone(),
                line,
                body_line: markdown_line(&file.text, line, "body"),
            });
        }
        // Stage order first, then file order.
        items.sort_by_key(|i| i.stage);
    }

    // Outcomes.
    let mut outcomes = Vec::new();
    if let (Some(of), Some(file)) = (&outcomes_file, &src.outcomes) {
        check_ids(
            file,
            of.outcomes.iter().map(|o| o.id.as_str()),
            "outcome",
            PLAIN_ID,
            &mut p,
        );
        let mut cx = Compile {
            file,
            line: 1,
            questions: &questions,
            question_ix: &question_ix,
            facts: &facts,
            fact_ix: &fact_ix,
            check_questions: checking_questions,
            check_facts: checking_facts,
        };
        for o in &of.outcomes {
            let line = locate::entry_line(&file.text, &o.id);
            cx.line = locate::key_line(&file.text, line, "when");
            let when = match &o.when {
                Some(def) => cx.compile(def, &mut p).unwrap_or_else(Condition::always),
                None => Condition::always(),
            };
            let mut fixes = Vec::new();
            let mut seen = HashSet::new();
            let mut at = line;
            for f in &o.fixes {
                at = locate::entry_line_from(&file.text, at, &f.id);
                if !valid_id(&f.id) || !seen.insert(f.id.as_str()) {
                    p.at(
                        file,
                        (at, 1),
                        format!(
                            "fix id `{}` of outcome `{}` is not valid or is repeated",
                            f.id, o.id
                        ),
                    );
                }
                cx.line = locate::key_line(&file.text, at, "when");
                let fwhen = cx
                    .compile(&f.when, &mut p)
                    .unwrap_or_else(Condition::always);
                fixes.push(Fix {
                    id: f.id.clone(),
                    when: fwhen,
                    text: f.text.clone(),
                    line: at,
                    text_line: markdown_line(&file.text, at, "text"),
                });
            }
            outcomes.push(Outcome {
                id: o.id.clone(),
                kind: o.kind,
                title: o.title.clone(),
                message: o.message.clone(),
                checklist: o.checklist,
                when,
                fixes,
                file: file.display.clone(),
                line,
                message_line: markdown_line(&file.text, line, "message"),
            });
        }
        if of.outcomes.is_empty() {
            p.list
                .push(Diagnostic::error("outcomes.yaml lists no outcomes").in_file(&file.display));
        }
    }

    p.list
        .extend(super::future::dates(src, updated, &provinces));
    if !p.list.is_empty() {
        return Err(p.list);
    }
    let (Some(updated), [(applicant, _)], [(province_question, _)]) =
        (updated, applicant.as_slice(), province_question.as_slice())
    else {
        // Every way to get here reported a problem above.
        return Err(vec![Diagnostic::error("the rules are incomplete")]);
    };
    Ok(Rules {
        version,
        updated,
        stale_after_days: rules_file.as_ref().map_or(365, |r| r.stale_after_days),
        section,
        quiz: if outcomes.is_empty() { None } else { quiz },
        stages,
        confidence,
        sources,
        facts,
        provinces,
        questions,
        items,
        outcomes,
        applicant: *applicant,
        province_question: *province_question,
        texts: [
            &src.rules,
            &src.sources,
            &src.facts,
            &src.questions,
            &src.checklist,
        ]
        .into_iter()
        .chain(&src.outcomes)
        .chain(&src.provinces)
        .map(|f| (f.display.clone(), f.text.clone()))
        .collect(),
    })
}

/// The line a markdown value under `key` starts on: the next line for a
/// block scalar (`key: |`), else the key's own line.
fn markdown_line(text: &str, from: usize, key: &str) -> usize {
    let line = locate::key_line(text, from, key);
    let value = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim());
    match value {
        Some(v) if v.starts_with('|') || v.starts_with('>') || v.is_empty() => line + 1,
        _ => line,
    }
}

fn kind_name(k: FactKind) -> &'static str {
    match k {
        FactKind::Bool => "bool",
        FactKind::Number => "number",
        FactKind::Text => "text",
    }
}

/// Turns a written condition into a checked one.
struct Compile<'a> {
    file: &'a TextFile,
    /// Search for problems from here (the `when:` line).
    line: usize,
    questions: &'a [Question],
    question_ix: &'a Index<'a>,
    facts: &'a [Fact],
    fact_ix: &'a Index<'a>,
    check_questions: bool,
    check_facts: bool,
}

impl Compile<'_> {
    fn compile(&mut self, def: &ConditionDef, p: &mut Problems) -> Option<Condition> {
        let operators = [
            def.all.is_some(),
            def.any.is_some(),
            def.not.is_some(),
            def.answer.is_some(),
            def.fact.is_some(),
        ];
        let tests = [
            def.equals.is_some(),
            def.one_of.is_some(),
            def.known.is_some(),
        ];
        let n_ops = operators.iter().filter(|b| **b).count();
        let n_tests = tests.iter().filter(|b| **b).count();
        let here = (self.line, 1);
        // The written keys among `names` that are set, in file order: a
        // shape problem is shown at the key that breaks it.
        let written = |names: &[&str], set: &[bool]| -> Vec<(usize, usize)> {
            let mut at: Vec<(usize, usize)> = names
                .iter()
                .zip(set)
                .filter(|(_, set)| **set)
                .filter_map(|(name, _)| locate::key(&self.file.text, self.line, name))
                .collect();
            at.sort();
            at
        };
        const OPERATORS: [&str; 5] = ["all", "any", "not", "answer", "fact"];
        const TESTS: [&str; 3] = ["equals", "in", "known"];
        if n_ops != 1 {
            let at = written(&OPERATORS, &operators);
            p.at_help(
                self.file,
                at.get(1).copied().unwrap_or(here),
                if n_ops == 0 { "a condition needs one of `all`, `any`, `not`, `answer` or `fact`".into() } else { "a condition may have only one of `all`, `any`, `not`, `answer`, `fact`: nest them in `all` or `any`".into() },
                Some("see \"Conditions\" in rules/README.md".into()),
            );
            return None;
        }
        let wants_test = def.answer.is_some() || def.fact.is_some();
        if wants_test && n_tests != 1 {
            let at = if n_tests == 0 {
                written(&OPERATORS, &operators).first().copied()
            } else {
                written(&TESTS, &tests).get(1).copied()
            };
            p.at_help(
                self.file,
                at.unwrap_or(here),
                "a test of an answer or a fact needs exactly one of `equals`, `in` or `known`"
                    .into(),
                Some("for example { answer: entity, equals: individual }".into()),
            );
            return None;
        }
        if !wants_test && n_tests > 0 {
            let at = written(&TESTS, &tests).first().copied().unwrap_or(here);
            p.at(self.file, at, "`equals`, `in` and `known` go with `answer` or `fact`, not with `all`, `any` or `not`".into());
            return None;
        }
        if let Some(parts) = def.all.as_ref().or(def.any.as_ref()) {
            let compiled: Vec<Option<Condition>> =
                parts.iter().map(|c| self.compile(c, p)).collect();
            let compiled: Option<Vec<Condition>> = compiled.into_iter().collect();
            let compiled = compiled?;
            return Some(if def.all.is_some() {
                Condition::All(compiled)
            } else {
                Condition::Any(compiled)
            });
        }
        if let Some(inner) = &def.not {
            return self.compile(inner, p).map(|c| Condition::Not(Box::new(c)));
        }
        if let Some(q) = &def.answer {
            if !self.check_questions {
                return None;
            }
            let qi = self.question_ix.resolve(q, self.file, self.line, p)?;
            let question = &self.questions[qi];
            let value = |v: &raw::Scalar, p: &mut Problems| -> Option<String> {
                let s = match v {
                    raw::Scalar::Text(s) => s.clone(),
                    other => {
                        p.at_help(
                            self.file,
                            locate::word(&self.file.text, self.line, &other.to_string()),
                            format!("answers are text: found `{other}` for question `{q}`"),
                            Some("quote option values, for example equals: \"yes\"".into()),
                        );
                        return None;
                    }
                };
                if question.option(&s).is_none() {
                    let known: Vec<&str> =
                        question.options.iter().map(|o| o.value.as_str()).collect();
                    let shown = if known.len() > 12 {
                        format!("{} …", known[..12].join(", "))
                    } else {
                        known.join(", ")
                    };
                    p.at_help(
                        self.file,
                        locate::word(&self.file.text, self.line, &s),
                        format!("question `{q}` has no option `{s}`"),
                        Some(format!("its options are: {shown}")),
                    );
                    return None;
                }
                Some(s)
            };
            let test = if let Some(v) = &def.equals {
                AnswerTest::Equals(value(v, p)?)
            } else if let Some(vs) = &def.one_of {
                let vals: Vec<Option<String>> = vs.iter().map(|v| value(v, p)).collect();
                AnswerTest::In(vals.into_iter().collect::<Option<Vec<_>>>()?)
            } else {
                AnswerTest::Known(def.known.unwrap_or(true))
            };
            return Some(Condition::Answer { question: qi, test });
        }
        let f = def.fact.as_ref()?;
        if !self.check_facts {
            return None;
        }
        let fi = self.fact_ix.resolve(f, self.file, self.line, p)?;
        let kind = self.facts[fi].kind;
        let check = |v: &raw::Scalar, p: &mut Problems| -> Option<raw::Scalar> {
            if v.kind() == kind {
                return Some(v.clone());
            }
            p.at(
                self.file,
                locate::word(&self.file.text, self.line, f),
                format!(
                    "fact `{f}` is of type {}, compared with a {} `{v}`",
                    kind_name(kind),
                    kind_name(v.kind())
                ),
            );
            None
        };
        let test = if let Some(v) = &def.equals {
            FactTest::Equals(check(v, p)?)
        } else if let Some(vs) = &def.one_of {
            let vals: Vec<Option<raw::Scalar>> = vs.iter().map(|v| check(v, p)).collect();
            FactTest::In(vals.into_iter().collect::<Option<Vec<_>>>()?)
        } else {
            FactTest::Known(def.known.unwrap_or(true))
        };
        Some(Condition::Fact { fact: fi, test })
    }
}
