//! The quiz's proof, kept in the site's `.beian-cache/` once it holds, and
//! reused by the next build of the same rules with the same beian: walking
//! every way through a large quiz is most of a build's time when nothing
//! in the rules changed. The key is a fingerprint of the whole rules model
//! (every field, so a field added later cannot be forgotten: the
//! destructuring below stops compiling) and of the binary; a proof that
//! found problems is never kept, so they are reported on every build.

use std::fmt::{self, Write as _};
use std::hash::Hasher;
use std::path::Path;

use siphasher::sip128::{Hasher128, SipHasher13};

use super::prove;
use crate::diag::Diagnostic;
use crate::rules::model::Rules;

const ENTRY: &str = "quiz-proof";

/// [`prove`], or the ways through the quiz of the previous build's proof of
/// the same rules, when the site at `root` keeps one.
pub fn prove_or_reuse(rules: &Rules, root: Option<&Path>) -> (usize, Vec<Diagnostic>) {
    let Some(root) = root else {
        return prove(rules);
    };
    let key = format!(
        "beian-quiz-proof v1 {} rules {:032x}\n",
        crate::cache::binary_key(),
        fingerprint(rules)
    );
    let stored = std::fs::read_to_string(crate::cache::entry(root, ENTRY)).ok();
    if let Some(ways) = stored
        .as_deref()
        .and_then(|s| s.strip_prefix(&key))
        .and_then(|ways| ways.trim().parse::<usize>().ok())
    {
        return (ways, Vec::new());
    }
    let (ways, problems) = prove(rules);
    if problems.is_empty() && ways > 0 {
        let _ = crate::cache::put(root, ENTRY, format!("{key}{ways}\n").as_bytes());
    }
    (ways, problems)
}

/// Feeds what is formatted into a hasher, so the model is fingerprinted
/// without being written out first.
struct Feed(SipHasher13);

impl fmt::Write for Feed {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// Everything in the model, as its debug form; the two unordered sets
/// sorted first, so the same rules give the same fingerprint every time.
fn fingerprint(rules: &Rules) -> u128 {
    let Rules {
        version,
        updated,
        language,
        default_language,
        untranslated,
        fallback,
        region_set,
        checklist_section,
        quiz,
        stages,
        confidence,
        sources,
        facts,
        regions,
        questions,
        items,
        glossary,
        glossary_file,
        stale_after_days,
        outcomes,
        applicant,
        region_question,
        texts,
    } = rules;
    let mut fallback: Vec<&String> = fallback.iter().collect();
    fallback.sort();
    let mut texts: Vec<_> = texts.iter().collect();
    texts.sort();
    let mut feed = Feed(SipHasher13::new());
    let _ = write!(
        feed,
        "{version:?}{updated:?}{language:?}{default_language:?}{untranslated:?}{fallback:?}\
         {region_set:?}{checklist_section:?}{quiz:?}{stages:?}{confidence:?}{sources:?}\
         {facts:?}{regions:?}{questions:?}{items:?}{glossary:?}{glossary_file:?}\
         {stale_after_days:?}{outcomes:?}{applicant:?}{region_question:?}{texts:?}"
    );
    feed.0.finish128().as_u128()
}
