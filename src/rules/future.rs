//! The rules' dates of checking and changing may not be after the build
//! (see [`crate::parse::future`]): each one in the future is an error at
//! its `verified` or `updated` key.

use crate::diag::Diagnostic;
use crate::load::RulesSource;
use crate::parse::date::Date;
use crate::parse::future::problem;
use crate::rules::locate;
use crate::rules::model::Region;

/// Every date in the future among rules.yaml's `updated` and each
/// region's statements' `verified`.
pub fn dates(src: &RulesSource, updated: Option<Date>, regions: &[Region]) -> Vec<Diagnostic> {
    dates_on(src, updated, regions, Date::today_utc())
}

fn dates_on(
    src: &RulesSource,
    updated: Option<Date>,
    regions: &[Region],
    today: Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |file: &crate::load::TextFile, from: usize, key: &str, date: Date| {
        if let Some(d) = problem(key, date, today) {
            let (line, col) = locate::key(&file.text, from, key).unwrap_or((from, 1));
            out.push(d.at(&file.display, &file.text, line, col));
        }
    };
    if let Some(updated) = updated {
        check(&src.rules, 1, "updated", updated);
    }
    for p in regions {
        let Some(file) = src.regions.iter().find(|f| f.display == p.file) else {
            continue;
        };
        for s in p.facts.iter().flatten() {
            check(file, s.line, "verified", s.verified);
        }
    }
    out
}
