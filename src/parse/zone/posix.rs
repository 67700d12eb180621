//! POSIX TZ rules (`CST-8`, `EST5EDT,M3.2.0,M11.1.0`): how a TZif file says
//! what happens after its last listed transition, and what `TZ` may hold.

use crate::parse::date::Date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Seconds east of UTC outside daylight saving time.
    std: i64,
    dst: Option<Dst>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Dst {
    offset: i64,
    start: Change,
    end: Change,
}

/// `Mm.w.d/time`: day `d` (0 = Sunday) of week `w` (5 = the last) of
/// month `m`, at `time` seconds of local time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    month: u32,
    week: i64,
    weekday: i64,
    time: i64,
}

impl Rule {
    /// `None` for what beian does not read: the rarely used Julian-day
    /// forms (`Jn`, `n`), or a rule missing its dates.
    pub fn parse(s: &str) -> Option<Rule> {
        let mut p = Cursor(s);
        p.name()?;
        let std = -p.duration()?;
        if p.0.is_empty() {
            return Some(Rule { std, dst: None });
        }
        p.name()?;
        let offset = if p.0.starts_with(',') {
            std + 3600
        } else {
            -p.duration()?
        };
        let start = p.eat(',').then(|| p.change()).flatten()?;
        let end = p.eat(',').then(|| p.change()).flatten()?;
        p.0.is_empty().then_some(Rule {
            std,
            dst: Some(Dst { offset, start, end }),
        })
    }

    /// Seconds east of UTC at `unix` (seconds since 1970-01-01 UTC).
    pub fn offset_at(&self, unix: i64) -> i64 {
        let Some(dst) = &self.dst else {
            return self.std;
        };
        let year = Date::from_days((unix + self.std).div_euclid(86_400)).year();
        let (Some(start), Some(end)) = (dst.start.local(year), dst.end.local(year)) else {
            return self.std;
        };
        // Each change happens at the local time in force before it.
        let (start, end) = (start - self.std, end - dst.offset);
        let in_dst = if start < end {
            start <= unix && unix < end
        } else {
            // The southern hemisphere: saving time spans the new year.
            !(end <= unix && unix < start)
        };
        if in_dst { dst.offset } else { self.std }
    }
}

impl Change {
    /// Local seconds since 1970-01-01 at which it happens in `year`.
    fn local(&self, year: u16) -> Option<i64> {
        let first = month_start(year, self.month)?;
        let next = if self.month == 12 {
            month_start(year + 1, 1)?
        } else {
            month_start(year, self.month + 1)?
        };
        // 1970-01-01 was a Thursday (4).
        let first_weekday = (first + 4).rem_euclid(7);
        let mut day = first + (self.weekday - first_weekday).rem_euclid(7) + (self.week - 1) * 7;
        while day >= next {
            day -= 7;
        }
        Some(day * 86_400 + self.time)
    }
}

fn month_start(year: u16, month: u32) -> Option<i64> {
    Date::parse(&format!("{year:04}-{month:02}-01"))
        .ok()
        .map(Date::days)
}

struct Cursor<'a>(&'a str);

impl Cursor<'_> {
    fn eat(&mut self, c: char) -> bool {
        match self.0.strip_prefix(c) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    /// `CST` or `<+08>`: names matter to no one here, only where they end.
    fn name(&mut self) -> Option<()> {
        if let Some(rest) = self.0.strip_prefix('<') {
            let end = rest.find('>')?;
            self.0 = &rest[end + 1..];
            return Some(());
        }
        let len = self
            .0
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(self.0.len());
        (len >= 3).then(|| self.0 = &self.0[len..])
    }

    fn number(&mut self) -> Option<i64> {
        let len = self
            .0
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.0.len());
        let n = self.0[..len].parse().ok()?;
        self.0 = &self.0[len..];
        Some(n)
    }

    /// `[+-]h[:mm[:ss]]`, in seconds.
    fn duration(&mut self) -> Option<i64> {
        let sign = if self.eat('-') {
            -1
        } else {
            self.eat('+');
            1
        };
        let mut secs = self.number()? * 3600;
        if self.eat(':') {
            secs += self.number()? * 60;
            if self.eat(':') {
                secs += self.number()?;
            }
        }
        Some(sign * secs)
    }

    fn change(&mut self) -> Option<Change> {
        if !self.eat('M') {
            return None;
        }
        let month = u32::try_from(self.number()?)
            .ok()
            .filter(|m| (1..=12).contains(m))?;
        let week = self.eat('.').then(|| self.number()).flatten()?;
        let weekday = self.eat('.').then(|| self.number()).flatten()?;
        let time = if self.eat('/') {
            self.duration()?
        } else {
            7200
        };
        ((1..=5).contains(&week) && (0..=6).contains(&weekday)).then_some(Change {
            month,
            week,
            weekday,
            time,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, hour: i64) -> i64 {
        Date::parse(date).unwrap().days() * 86_400 + hour * 3600
    }

    #[test]
    fn fixed_rules() {
        assert_eq!(Rule::parse("CST-8").unwrap().offset_at(0), 8 * 3600);
        assert_eq!(Rule::parse("<-03>3").unwrap().offset_at(0), -3 * 3600);
        assert_eq!(Rule::parse("<+0530>-5:30").unwrap().offset_at(0), 19_800);
        assert_eq!(Rule::parse("EST5EDT,J60,J300"), None);
    }

    #[test]
    fn daylight_saving_in_both_hemispheres() {
        let ny = Rule::parse("EST5EDT,M3.2.0,M11.1.0").unwrap();
        assert_eq!(ny.offset_at(at("2026-07-01", 12)), -4 * 3600);
        assert_eq!(ny.offset_at(at("2026-01-15", 12)), -5 * 3600);
        // 2026-03-08 is the second Sunday of March: 02:00 EST is 07:00 UTC.
        assert_eq!(ny.offset_at(at("2026-03-08", 6)), -5 * 3600);
        assert_eq!(ny.offset_at(at("2026-03-08", 7)), -4 * 3600);
        let sydney = Rule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3").unwrap();
        assert_eq!(sydney.offset_at(at("2026-01-15", 0)), 11 * 3600);
        assert_eq!(sydney.offset_at(at("2026-07-15", 0)), 10 * 3600);
    }
}
