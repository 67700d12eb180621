//! Ids: what they may look like, that each is used once, and the tables
//! that turn a reference into an index or a "did you mean".

use std::collections::{HashMap, HashSet};

use super::Problems;
use crate::load::TextFile;
use crate::rules::locate;

/// What ids of one kind may look like, and how to say so.
#[derive(Clone, Copy)]
pub struct IdRule {
    valid: fn(&str) -> bool,
    says: &'static str,
}

pub const PLAIN_ID: IdRule = IdRule {
    valid: valid_id,
    says: "use lowercase letters, digits, `_` and `-`, starting with a letter",
};

pub const SOURCE_ID: IdRule = IdRule {
    valid: valid_source_id,
    says: "use `S` followed by letters, digits and `_` (`S13`, `S9a`, `S_gov`)",
};

pub fn valid_id(id: &str) -> bool {
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

pub use crate::parse::language::valid as valid_language;

/// Reports each of `tags`, the keys of a text given per language at `line`
/// of `file`, that is not a language tag.
pub fn check_language_tags<'a>(
    file: &TextFile,
    line: usize,
    tags: impl IntoIterator<Item = &'a String>,
    p: &mut Problems,
) {
    for tag in tags {
        if !valid_language(tag) {
            p.at_help(
                file,
                locate::word(&file.text, line, tag),
                format!("`{tag}` is not a language tag"),
                Some("use a BCP 47 tag such as `en`, `de` or `zh-CN`".into()),
            );
        }
    }
}

/// An id → index table for one kind of thing, with "did you mean".
pub struct Index<'a> {
    what: &'static str,
    file: &'static str,
    ids: HashMap<&'a str, usize>,
    /// False when the file defining these ids did not decode: references
    /// into it are not checked, as they would all be noise.
    pub checking: bool,
}

impl<'a> Index<'a> {
    pub fn new(
        what: &'static str,
        file: &'static str,
        ids: impl IntoIterator<Item = &'a str>,
        checking: bool,
    ) -> Self {
        let mut map = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            map.entry(id).or_insert(i);
        }
        Index {
            what,
            file,
            ids: map,
            checking,
        }
    }

    pub fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// Resolves `id`, or reports it at its place in `file` from `line` on.
    pub fn resolve(
        &self,
        id: &str,
        file: &TextFile,
        line: usize,
        problems: &mut Problems,
    ) -> Option<usize> {
        if let Some(i) = self.get(id) {
            return Some(i);
        }
        if !self.checking {
            return None;
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

    /// Resolves every id of a list, leaving out (and reporting) unknown ones.
    pub fn resolve_all(
        &self,
        ids: &[String],
        file: &TextFile,
        line: usize,
        problems: &mut Problems,
    ) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| self.resolve(id, file, line, problems))
            .collect()
    }
}

/// Checks that ids are well formed and unique within one list.
pub fn check_ids<'a>(
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
            let second = locate::entry_line_from(&file.text, first + 1, id);
            problems.at(
                file,
                locate::word(&file.text, second, id),
                format!("duplicate {what} id `{id}`: it is already used on line {first}"),
            );
        }
    }
}
