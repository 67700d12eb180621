//! Dates that say when something was checked or changed cannot be after
//! the build: a fact "verified" next year would never become stale, and
//! `beian check` would never ask for it to be checked again.

use crate::diag::Diagnostic;
use crate::parse::date::Date;

/// How far past today a date may be: an editor a time zone ahead of the
/// build's writes tomorrow's date today.
pub const TOLERANCE_DAYS: i64 = 1;

/// The problem with `key: date`, when `date` is after `today` (and its
/// tolerance); `None` when it is not.
pub fn problem(key: &str, date: Date, today: Date) -> Option<Diagnostic> {
    (date.days() > today.days() + TOLERANCE_DAYS).then(|| {
        Diagnostic::error(format!(
            "`{key}` is {date}, a date in the future (today is {today})"
        ))
        .with_help(format!(
            "write the day it really was {}: a future date would never become stale",
            if key == "updated" {
                "changed"
            } else {
                "checked"
            }
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn only_dates_past_tomorrow_are_refused() {
        let today = d("2026-12-06");
        assert!(problem("verified", d("2026-12-06"), today).is_none());
        assert!(problem("verified", d("2026-12-07"), today).is_none());
        let p = problem("verified", d("2026-12-08"), today).expect("refused");
        assert!(p.message.contains("2026-12-08"), "{}", p.message);
        assert!(p.is_error());
    }
}
