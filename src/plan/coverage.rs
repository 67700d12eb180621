//! What each of a site's other languages lacks: pages and rules texts not
//! translated (shown in the default language), and translations whose
//! source changed since they were made (by `translation_of`, a
//! fingerprint of the source's text: the same without git, in CI and on a
//! laptop alike).

use super::Plan;
use crate::diag::Diagnostic;

/// One language's gaps.
pub struct Gaps {
    pub lang: String,
    /// The default language's pages it has no translation of.
    pub pages: Vec<String>,
    /// The rules texts it has no text of, as `file: what`.
    pub texts: Vec<String>,
}

pub struct Coverage {
    pub gaps: Vec<Gaps>,
    /// Translations whose source changed after them, each reported at its
    /// `translation_of`.
    pub stale: Vec<Diagnostic>,
}

/// The fingerprint of a page's text that `translation_of` names: FNV-1a
/// (64 bits) of its markdown, trailing white space aside. Not a secret,
/// only a change detector, so the simplest stable hash does.
pub fn fingerprint(body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in body.trim_end().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The gaps of every language but the default; `texts` holds each
/// language's untranslated rules texts, by language index.
pub fn find(plan: &Plan, texts: &[Vec<String>]) -> Coverage {
    let mut gaps = Vec::new();
    for lang in 1..plan.languages.len() {
        // The reading order first, then the pages outside it.
        let unlisted = (0..plan.entries.len()).filter(|&i| !plan.entries[i].listed);
        let pages = plan
            .order
            .iter()
            .copied()
            .chain(unlisted)
            .filter(|&i| plan.entries[i].page.lang == 0 && plan.translation(i, lang).is_none())
            .map(|i| plan.entries[i].page.name())
            .collect();
        gaps.push(Gaps {
            lang: plan.languages[lang].clone(),
            pages,
            texts: texts.get(lang).cloned().unwrap_or_default(),
        });
    }
    Coverage {
        gaps,
        stale: stale(plan),
    }
}

/// Each translation whose `translation_of` is not its source's fingerprint.
fn stale(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, e) in plan.entries.iter().enumerate() {
        let Some(was) = &e.page.doc.meta.translation_of else {
            continue;
        };
        let Some(source) = plan.translation(i, 0).filter(|&s| s != i) else {
            continue;
        };
        let source = &plan.entries[source].page;
        let now = fingerprint(source.body());
        if *was != now {
            out.push(
                crate::parse::yaml::at_key(
                    Diagnostic::warning(format!(
                        "possibly stale: {} changed since this translation was made from it",
                        source.name()
                    )),
                    &e.page.display,
                    &e.page.text,
                    "translation_of",
                )
                .with_help(format!(
                    "bring the translation up to date, then set `translation_of: \"{now}\"`"
                )),
            );
        }
    }
    out
}

impl Coverage {
    /// A warning per language with gaps: how many, and (`verbose`) which.
    pub fn diagnostics(&self, default: &str, verbose: bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for g in self
            .gaps
            .iter()
            .filter(|g| !g.pages.is_empty() || !g.texts.is_empty())
        {
            let d = Diagnostic::warning(format!(
                "`{}`: {} and {} not translated, shown in `{default}`",
                g.lang,
                count(g.pages.len(), "page", "pages"),
                count(g.texts.len(), "rules text", "rules texts"),
            ));
            let help = if verbose {
                let mut lines: Vec<String> = g.pages.iter().map(|p| format!("page {p}")).collect();
                lines.extend(g.texts.iter().map(|t| format!("text in {t}")));
                // One line: help text is shown escaped, control characters
                // and all.
                lines.join("; ")
            } else {
                "run `beian check --verbose` to list them".to_string()
            };
            out.push(d.with_help(help));
        }
        out.extend(self.stale.iter().cloned());
        out
    }
}

fn count(n: usize, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_changes_with_the_text_not_its_trailing_space() {
        assert_eq!(fingerprint("Steps.\n"), fingerprint("Steps."));
        assert_ne!(fingerprint("Steps."), fingerprint("Steps!"));
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("a").len(), 16);
    }
}
