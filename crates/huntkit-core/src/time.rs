//! Timestamps as real logs write them, read without allocation.

use chrono::{NaiveDate, NaiveTime};

/// A timestamp parsed from text: nanoseconds since the Unix epoch (UTC when `zoned`,
/// wall-clock time when not) and whether the text carried a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTime {
    pub nanos: i64,
    pub zoned: bool,
}

fn digits(b: &[u8], from: usize, n: usize) -> Option<u32> {
    let part = b.get(from..from.checked_add(n)?)?;
    let mut v: u32 = 0;
    for &c in part {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses ISO-8601 and `YYYY-MM-DD HH:MM:SS` timestamps: a date, optionally `T` or a
/// space and a time with optional seconds and fraction (up to nanoseconds; further digits
/// are dropped), optionally `Z`, `UTC` or an offset `±HH:MM`, `±HHMM`, `±HH`.
///
/// ```
/// use huntkit_core::parse_timestamp;
/// let t = parse_timestamp("2019-05-13 17:00:00").unwrap();
/// assert_eq!(t.nanos, 1_557_766_800_000_000_000);
/// assert!(!t.zoned);
/// let z = parse_timestamp("2019-05-13T19:00:00.5+02:00").unwrap();
/// assert_eq!(z.nanos, 1_557_766_800_500_000_000);
/// assert!(z.zoned);
/// assert!(parse_timestamp("2019-02-30").is_none());
/// ```
pub fn parse_timestamp(text: &str) -> Option<ParsedTime> {
    let (local, offset_secs) = parse_parts(text)?;
    let local = local.and_utc().timestamp_nanos_opt()?;
    match offset_secs {
        None => Some(ParsedTime {
            nanos: local,
            zoned: false,
        }),
        Some(offset) => Some(ParsedTime {
            nanos: local.checked_sub(offset.checked_mul(1_000_000_000)?)?,
            zoned: true,
        }),
    }
}

/// Whether `text` is a well-formed timestamp that nanoseconds since 1970 in 64 bits
/// cannot hold (before 1677-09-21 or after 2262-04-11 23:47:16.854775807 UTC), so an
/// error can say "out of range" rather than "not a timestamp".
///
/// ```
/// use huntkit_core::timestamp_out_of_range;
/// assert!(timestamp_out_of_range("1677-01-01T00:00:00Z"));
/// assert!(timestamp_out_of_range("2262-04-11 23:47:17"));
/// assert!(!timestamp_out_of_range("2019-05-13 17:00:00"));
/// assert!(!timestamp_out_of_range("yesterday"));
/// ```
pub fn timestamp_out_of_range(text: &str) -> bool {
    parse_parts(text).is_some() && parse_timestamp(text).is_none()
}

/// The wall-clock time a timestamp text names and its zone offset in seconds, if any.
fn parse_parts(text: &str) -> Option<(chrono::NaiveDateTime, Option<i64>)> {
    let b = text.trim().as_bytes();
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let mut pos = 10;
    let (mut hour, mut minute, mut second, mut nano) = (0, 0, 0, 0);
    if matches!(b.get(pos), Some(b'T' | b't' | b' '))
        && b.get(pos + 1).is_some_and(u8::is_ascii_digit)
    {
        hour = digits(b, pos + 1, 2)?;
        if b.get(pos + 3) != Some(&b':') {
            return None;
        }
        minute = digits(b, pos + 4, 2)?;
        pos += 6;
        if b.get(pos) == Some(&b':') {
            second = digits(b, pos + 1, 2)?;
            pos += 3;
            if matches!(b.get(pos), Some(b'.' | b',')) {
                pos += 1;
                let mut scale = 100_000_000u32;
                let start = pos;
                while let Some(c) = b.get(pos).filter(|c| c.is_ascii_digit()) {
                    nano += u32::from(c - b'0') * scale;
                    scale /= 10;
                    pos += 1;
                }
                if pos == start {
                    return None;
                }
            }
        }
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    let local = date.and_time(time);
    let rest = b.get(pos..)?;
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let offset_secs: i64 = match rest {
        [] => return Some((local, None)),
        b"Z" | b"z" | b"UTC" | b"GMT" => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let h = i64::from(digits(tail, 0, 2)?);
            let m = match tail.len() {
                2 => 0,
                4 => i64::from(digits(tail, 2, 2)?),
                5 if tail.get(2) == Some(&b':') => i64::from(digits(tail, 3, 2)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'+' {
                secs
            } else {
                -secs
            }
        }
        _ => return None,
    };
    Some((local, Some(offset_secs)))
}

/// Formats nanoseconds since the epoch as ISO-8601 (`Z` when the value is UTC).
pub fn format_timestamp(nanos: i64, utc: bool) -> String {
    let dt = chrono::DateTime::from_timestamp_nanos(nanos);
    let s = dt.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string();
    if utc {
        s + "Z"
    } else {
        s
    }
}
