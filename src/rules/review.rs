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
    for p in &rules.provinces {
        let mut note = |what: &str, verified: Option<Date>, labels: &[(usize, &str)], line| {
            if let Some(verified) = verified {
                let age = today.days() - verified.days();
                if age > max_age {
                    out.push(
                        Diagnostic::warning(format!(
                            "{} — {what}: last verified {verified} ({age} days before {today}, today in {zone})",
                            p.name_en
                        ))
                        .at_line(&p.file, line)
                        .with_help(format!(
                            "check it against its sources and update `verified` (rules.yaml's stale_after_days is {max_age})"
                        )),
                    );
                }
            }
            for &(c, of) in labels {
                let confidence = &rules.confidence[c];
                if confidence.review {
                    out.push(
                        Diagnostic::note(format!(
                            "{} — {what}: {of}{}",
                            p.name_en,
                            confidence.label.to_lowercase()
                        ))
                        .at_line(&p.file, line),
                    );
                }
            }
        };
        note(
            "ICP filing number prefix",
            Some(p.icp_prefix_verified),
            &[(p.icp_prefix_confidence, "")],
            p.icp_prefix_line,
        );
        if let Some(c) = p.administration_confidence {
            note(
                "communications administration",
                None,
                &[(c, "")],
                p.administration_line,
            );
        }
        for (fi, statements) in p.facts.iter().enumerate() {
            let label = &rules.facts[fi].label;
            for s in statements.iter().filter(|s| s.until.is_none()) {
                // The statement's own label, then its dates', if they have one.
                let mut labels = vec![(s.confidence, "")];
                labels.extend(s.dates_confidence.map(|c| (c, "dates ")));
                note(label, Some(s.verified), &labels, s.line);
            }
        }
    }
    out
}
