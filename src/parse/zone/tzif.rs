//! TZif, the compiled time zone files of /usr/share/zoneinfo and
//! /etc/localtime (RFC 8536): the offset from UTC at any moment.

use super::posix::Rule;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tzif {
    /// Moments (seconds since 1970-01-01 UTC) at which the offset changes.
    transitions: Vec<i64>,
    /// For each transition, the index of its offset in `offsets`.
    kinds: Vec<usize>,
    /// Seconds east of UTC, per local time type.
    offsets: Vec<i64>,
    /// What holds after the last transition (version 2 and later).
    after: Option<Rule>,
}

/// The six counts of a header, in file order.
struct Counts {
    isut: usize,
    isstd: usize,
    leap: usize,
    time: usize,
    kind: usize,
    chars: usize,
}

impl Counts {
    fn read(b: &[u8]) -> Option<Counts> {
        let n = |i: usize| -> Option<usize> {
            let bytes: [u8; 4] = b.get(20 + 4 * i..24 + 4 * i)?.try_into().ok()?;
            Some(u32::from_be_bytes(bytes) as usize)
        };
        (b.get(..4)? == b"TZif").then_some(())?;
        Some(Counts {
            isut: n(0)?,
            isstd: n(1)?,
            leap: n(2)?,
            time: n(3)?,
            kind: n(4)?,
            chars: n(5)?,
        })
    }

    /// Bytes of the data block after the header, with times `size` wide.
    fn data_len(&self, size: usize) -> usize {
        self.time * (size + 1)
            + self.kind * 6
            + self.chars
            + self.leap * (size + 4)
            + self.isstd
            + self.isut
    }
}

const HEADER: usize = 44;

impl Tzif {
    pub fn parse(b: &[u8]) -> Option<Tzif> {
        let v1 = Counts::read(b)?;
        let version = *b.get(4)?;
        if version < b'2' {
            return Tzif::block(b.get(HEADER..)?, &v1, 4, None);
        }
        // Version 2 repeats the data with 64-bit times, then a rule.
        let second = HEADER + v1.data_len(4);
        let v2 = Counts::read(b.get(second..)?)?;
        let data = b.get(second + HEADER..)?;
        let footer = data.get(v2.data_len(8)..)?;
        let rule = std::str::from_utf8(footer)
            .ok()
            .and_then(|f| f.trim_matches('\n').lines().next())
            .filter(|r| !r.is_empty())
            .and_then(Rule::parse);
        Tzif::block(data, &v2, 8, rule)
    }

    fn block(data: &[u8], c: &Counts, size: usize, after: Option<Rule>) -> Option<Tzif> {
        let times = data.get(..c.time * size)?;
        let transitions = times
            .chunks_exact(size)
            .map(|t| match size {
                4 => i64::from(i32::from_be_bytes(t.try_into().unwrap_or_default())),
                _ => i64::from_be_bytes(t.try_into().unwrap_or_default()),
            })
            .collect();
        let kinds_at = c.time * size;
        let kinds: Vec<usize> = data
            .get(kinds_at..kinds_at + c.time)?
            .iter()
            .map(|&k| usize::from(k))
            .collect();
        let types_at = kinds_at + c.time;
        let offsets: Vec<i64> = data
            .get(types_at..types_at + c.kind * 6)?
            .chunks_exact(6)
            .map(|t| i64::from(i32::from_be_bytes([t[0], t[1], t[2], t[3]])))
            .collect();
        if offsets.is_empty() || kinds.iter().any(|&k| k >= offsets.len()) {
            return None;
        }
        Some(Tzif {
            transitions,
            kinds,
            offsets,
            after,
        })
    }

    /// Seconds east of UTC at `unix`.
    pub fn offset_at(&self, unix: i64) -> i64 {
        let n = self.transitions.partition_point(|&t| t <= unix);
        match (n, &self.after) {
            (n, Some(rule)) if n == self.transitions.len() => rule.offset_at(unix),
            (0, _) => self.offsets[0],
            (n, _) => self.offsets[self.kinds[n - 1]],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TZif file of version `v` with these transitions and offsets.
    fn file(v: u8, transitions: &[(i64, u8)], offsets: &[i32], rule: &str) -> Vec<u8> {
        let header = |size: usize| {
            let mut h = b"TZif".to_vec();
            h.push(v);
            h.extend([0; 15]);
            for n in [0, 0, 0, transitions.len(), offsets.len(), 1] {
                h.extend((n as u32).to_be_bytes());
            }
            for (t, _) in transitions {
                if size == 4 {
                    h.extend((*t as i32).to_be_bytes());
                } else {
                    h.extend(t.to_be_bytes());
                }
            }
            h.extend(transitions.iter().map(|(_, k)| *k));
            for o in offsets {
                h.extend(o.to_be_bytes());
                h.extend([0, 0]);
            }
            h.push(0);
            h
        };
        let mut b = header(4);
        if v >= b'2' {
            b.extend(header(8));
            b.extend(format!("\n{rule}\n").bytes());
        }
        b
    }

    #[test]
    fn offsets_before_between_and_after_transitions() {
        let b = file(b'2', &[(0, 1), (1000, 0)], &[0, 3600], "<+08>-8");
        let z = Tzif::parse(&b).unwrap();
        assert_eq!(z.offset_at(-5), 0);
        assert_eq!(z.offset_at(500), 3600);
        assert_eq!(z.offset_at(2000), 8 * 3600);
        let v1 = Tzif::parse(&file(0, &[(0, 1)], &[0, 3600], "")).unwrap();
        assert_eq!(v1.offset_at(10), 3600);
        assert_eq!(Tzif::parse(b"TZif2 short"), None);
        assert_eq!(Tzif::parse(&b[..b.len() - 40]), None);
    }
}
