//! The site's time zone, so that "today" is the editors' today: review
//! dates fall due at their midnight, not at UTC's (08:00 in China).
//!
//! No time zone crate is compiled in, so this reads the system's own
//! database: a TZif file (/etc/localtime, /usr/share/zoneinfo/NAME) with
//! the POSIX rule at its end, or a fixed offset such as `+08:00`.

mod posix;
mod tzif;

use std::path::{Path, PathBuf};

use crate::parse::date::Date;
use posix::Rule;
use tzif::Tzif;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    /// As messages name it: `Asia/Shanghai`, `UTC+08:00`.
    name: String,
    offsets: Offsets,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Offsets {
    Fixed(i64),
    Rule(Rule),
    Tzif(Tzif),
}

impl TimeZone {
    pub fn utc() -> TimeZone {
        TimeZone {
            name: "UTC".to_string(),
            offsets: Offsets::Fixed(0),
        }
    }

    /// A setting: `UTC`, a fixed offset (`+08:00`, `-0530`, `+8`) or an
    /// IANA name from the system's time zone database (`Asia/Shanghai`).
    pub fn named(setting: &str) -> Result<TimeZone, String> {
        let s = setting.trim();
        if s.eq_ignore_ascii_case("utc") || s == "Z" {
            return Ok(TimeZone::utc());
        }
        if s.starts_with(['+', '-']) {
            return fixed(s).ok_or_else(|| {
                format!("`{s}` is no offset from UTC: write it as +HH:MM, for example +08:00")
            });
        }
        let valid = !s.is_empty()
            && !s.starts_with('/')
            && !s
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
        let tzif = valid.then(|| database_file(s)).flatten();
        match tzif {
            Some(tzif) => Ok(TimeZone {
                name: s.to_string(),
                offsets: Offsets::Tzif(tzif),
            }),
            None => Err(format!(
                "`{s}` is no time zone this system knows: give an IANA name such as Asia/Shanghai, or an offset such as +08:00"
            )),
        }
    }

    /// The system's local zone: `TZ`, else /etc/localtime, else UTC.
    pub fn system() -> TimeZone {
        if let Ok(tz) = std::env::var("TZ")
            && let Some(zone) = from_tz_variable(&tz)
        {
            return zone;
        }
        let localtime = Path::new("/etc/localtime");
        match std::fs::read(localtime).ok().and_then(|b| Tzif::parse(&b)) {
            Some(tzif) => TimeZone {
                name: link_name(localtime).unwrap_or_else(|| "the system's time zone".to_string()),
                offsets: Offsets::Tzif(tzif),
            },
            None => TimeZone::utc(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Today's date in this zone, from the system clock.
    pub fn today(&self) -> Date {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.date_at(now)
    }

    /// The date in this zone at `unix` seconds since 1970-01-01 UTC.
    pub fn date_at(&self, unix: i64) -> Date {
        let offset = match &self.offsets {
            Offsets::Fixed(o) => *o,
            Offsets::Rule(r) => r.offset_at(unix),
            Offsets::Tzif(t) => t.offset_at(unix),
        };
        Date::from_days((unix + offset).div_euclid(86_400))
    }
}

/// `+08:00`, `+0800`, `+8`, `-05:30`, within a day.
fn fixed(s: &str) -> Option<TimeZone> {
    let (sign, rest) = match s.split_at(1) {
        ("+", r) => (1, r),
        ("-", r) => (-1, r),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let digits = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    let sign_char = if sign < 0 { '-' } else { '+' };
    Some(TimeZone {
        name: format!("UTC{sign_char}{h:02}:{m:02}"),
        offsets: Offsets::Fixed(sign * (h * 3600 + m * 60)),
    })
}

/// `TZ` holds `:Asia/Shanghai`, `Asia/Shanghai` or a POSIX rule (`CST-8`).
fn from_tz_variable(tz: &str) -> Option<TimeZone> {
    let tz = tz.trim().trim_start_matches(':');
    if tz.is_empty() {
        return None;
    }
    if let Ok(zone) = TimeZone::named(tz) {
        return Some(zone);
    }
    Rule::parse(tz).map(|rule| TimeZone {
        name: tz.to_string(),
        offsets: Offsets::Rule(rule),
    })
}

/// Where systems keep the database; `TZDIR` first, as the C library does.
fn database_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("TZDIR")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.extend(
        [
            "/usr/share/zoneinfo",
            "/usr/lib/zoneinfo",
            "/usr/share/lib/zoneinfo",
            "/etc/zoneinfo",
        ]
        .map(PathBuf::from),
    );
    dirs
}

fn database_file(name: &str) -> Option<Tzif> {
    database_dirs()
        .iter()
        .find_map(|d| std::fs::read(d.join(name)).ok())
        .and_then(|b| Tzif::parse(&b))
}

/// `Asia/Shanghai` for /etc/localtime linked to …/zoneinfo/Asia/Shanghai.
fn link_name(path: &Path) -> Option<String> {
    let target = std::fs::read_link(path).ok()?;
    let target = target.to_string_lossy();
    let (_, name) = target.split_once("zoneinfo/")?;
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_offsets_and_utc() {
        let z = TimeZone::named("+08:00").unwrap();
        assert_eq!(z.name(), "UTC+08:00");
        // 2026-03-01 23:30 UTC is already 2026-03-02 in China.
        let late = Date::parse("2026-03-01").unwrap().days() * 86_400 + 23 * 3600 + 1800;
        assert_eq!(z.date_at(late).to_string(), "2026-03-02");
        assert_eq!(TimeZone::utc().date_at(late).to_string(), "2026-03-01");
        assert_eq!(TimeZone::named("-0530").unwrap().name(), "UTC-05:30");
        assert_eq!(TimeZone::named("+8").unwrap().name(), "UTC+08:00");
        assert_eq!(TimeZone::named("utc").unwrap(), TimeZone::utc());
        for bad in [
            "+25:00",
            "+08:60",
            "+",
            "+8:0:0",
            "../etc/passwd",
            "/etc/localtime",
            "No/Such_Zone",
        ] {
            assert!(TimeZone::named(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_system_database_is_read_where_there_is_one() {
        if !Path::new("/usr/share/zoneinfo/America/New_York").exists() {
            return;
        }
        let at = |date: &str, hour: i64| Date::parse(date).unwrap().days() * 86_400 + hour * 3600;
        let shanghai = TimeZone::named("Asia/Shanghai").unwrap();
        assert_eq!(
            shanghai.date_at(at("2026-03-01", 16)).to_string(),
            "2026-03-02"
        );
        assert_eq!(
            shanghai.date_at(at("2026-03-01", 15)).to_string(),
            "2026-03-01"
        );
        // Daylight saving time, decades ahead: past the file's table.
        let ny = TimeZone::named("America/New_York").unwrap();
        assert_eq!(ny.date_at(at("2080-07-02", 3)).to_string(), "2080-07-01");
        assert_eq!(ny.date_at(at("2080-07-02", 4)).to_string(), "2080-07-02");
        assert_eq!(ny.date_at(at("2080-01-02", 4)).to_string(), "2080-01-01");
        assert_eq!(ny.date_at(at("2080-01-02", 5)).to_string(), "2080-01-02");
    }

    #[test]
    fn the_tz_variable_may_hold_a_rule() {
        let z = from_tz_variable("CST-8").unwrap();
        let noon = Date::parse("2026-03-01").unwrap().days() * 86_400 + 20 * 3600;
        assert_eq!(z.date_at(noon).to_string(), "2026-03-02");
        assert_eq!(from_tz_variable(""), None);
    }
}
