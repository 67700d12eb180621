//! What `beian check` tells editors about the facts themselves: statements
//! not verified for a long time (warnings), and statements whose confidence
//! asks for a second look (notes).

use crate::diag::Diagnostic;
use crate::parse::date::Date;
use crate::rules::model::Rules;

/// `today` is the date in the site's time zone, named `zone`.
pub fn review(rules: &Rules, today: Date, zone: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let max_age = i64::from(rules.stale_after_days);
    let lang = &rules.language;
    for r in &rules.regions {
        let name = r.name.get(lang, &rules.default_language);
        for (fi, statements) in r.facts.iter().enumerate() {
            let label = &rules.facts[fi].label;
            for s in statements.iter().filter(|s| s.until.is_none()) {
                let age = today.days() - s.verified.days();
                if age > max_age {
                    out.push(
                        Diagnostic::warning(format!(
                            "{name} — {label}: last verified {} ({age} days before {today}, today in {zone})",
                            s.verified
                        ))
                        .at_line(&r.file, s.line)
                        .with_help(format!(
                            "check it against its sources and update `verified` (rules.yaml's stale_after_days is {max_age})"
                        )),
                    );
                }
                // The statement's own label, then its dates', if they have one.
                let mut labels = vec![(s.confidence, "")];
                labels.extend(s.dates_confidence.map(|c| (c, "dates ")));
                for (c, of) in labels {
                    let confidence = &rules.confidence[c];
                    if confidence.review {
                        out.push(
                            Diagnostic::note(format!(
                                "{name} — {label}: {of}{}",
                                confidence.label.to_lowercase()
                            ))
                            .at_line(&r.file, s.line),
                        );
                    }
                }
            }
        }
    }
    out
}
