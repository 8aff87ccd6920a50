//! Process events as plain columns, and reading the values the tree depends on: time
//! stamps and process ids in the many forms logs write them.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::error::{show_names, Error, Result};

/// Process events as named columns of text values, one value per event.
///
/// This is the input when no Arrow table is at hand; [`build_table`](crate::build_table)
/// takes a `huntkit-core` table instead. An empty CSV field is a missing value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Events {
    names: Vec<String>,
    columns: Vec<Vec<Option<String>>>,
    rows: usize,
}

impl Events {
    /// Events from named columns; every column must have the same length.
    pub fn new(columns: Vec<(String, Vec<Option<String>>)>) -> Result<Events> {
        let rows = columns.first().map_or(0, |(_, v)| v.len());
        let mut names = Vec::with_capacity(columns.len());
        let mut values = Vec::with_capacity(columns.len());
        for (name, column) in columns {
            if column.len() != rows {
                return Err(Error::RaggedColumns {
                    column: name,
                    found: column.len(),
                    expected: rows,
                });
            }
            names.push(name);
            values.push(column);
        }
        Ok(Events {
            names,
            columns: values,
            rows,
        })
    }

    /// Events from CSV text with a header row, stopping with `limit_exceeded` past
    /// `max_rows` records.
    pub fn from_csv(bytes: &[u8], max_rows: usize) -> Result<Events> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
        let headers = reader.headers().map_err(csv_error)?.clone();
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); headers.len()];
        let mut rows = 0usize;
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            rows += 1;
            if rows > max_rows {
                return Err(Error::LimitExceeded {
                    what: "the number of rows".to_string(),
                    limit: max_rows as u64,
                    option: "maxRows",
                });
            }
            for (column, field) in columns.iter_mut().zip(record.iter()) {
                column.push(if field.is_empty() {
                    None
                } else {
                    Some(field.to_string())
                });
            }
        }
        let names: Vec<String> = headers.iter().map(str::to_string).collect();
        Events::new(names.into_iter().zip(columns).collect())
    }

    /// The number of events.
    pub fn num_rows(&self) -> usize {
        self.rows
    }

    /// The column names, in order.
    pub fn column_names(&self) -> &[String] {
        &self.names
    }

    /// The values of one column, if there is a column of that name.
    pub fn column(&self, name: &str) -> Option<&[Option<String>]> {
        let i = self.names.iter().position(|n| n == name)?;
        self.columns.get(i).map(Vec::as_slice)
    }
}

fn csv_error(e: csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    Error::InvalidCsv {
        line,
        detail: e.to_string(),
    }
}

/// What the builders need from an input: text and time values of named columns, and
/// whole-row identity for removing duplicate events.
pub(crate) trait Source {
    fn num_rows(&self) -> usize;
    fn column_names(&self) -> Vec<String>;
    /// The column as text, or `None` when there is no such column.
    fn text(&self, column: &str) -> Result<Option<TextCol<'_>>>;
    /// The column as text the tree can keep (shared when the input is Arrow).
    fn owned_text(&self, column: &str) -> Result<Option<huntkit_core::StrColumn>>;
    /// The column as nanoseconds since the epoch (UTC); values that cannot be read are
    /// `None`. `None` when there is no such column.
    fn times(&self, column: &str) -> Result<Option<Vec<Option<i64>>>>;
    /// Whether each row's `column` value is the event type `identifier` (as
    /// [`event_matches`] has it); `None` when there is no such column.
    fn event_rows(&self, column: &str, identifier: &str) -> Result<Option<Vec<bool>>> {
        Ok(self
            .text(column)?
            .map(|values| text_event_rows(&values, self.num_rows(), identifier)))
    }
    /// A hash of every value of each row.
    fn row_hashes(&self) -> Result<Vec<u64>>;
    /// Whether two rows hold the same values in every column.
    fn rows_equal(&self, a: usize, b: usize) -> bool;
    fn describe_columns(&self) -> String {
        show_names(&self.column_names())
    }
}

impl Source for Events {
    fn num_rows(&self) -> usize {
        self.rows
    }

    fn column_names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn text(&self, column: &str) -> Result<Option<TextCol<'_>>> {
        Ok(self.column(column).map(TextCol::Plain))
    }

    fn owned_text(&self, column: &str) -> Result<Option<huntkit_core::StrColumn>> {
        let Some(values) = self.column(column) else {
            return Ok(None);
        };
        let array = huntkit_core::string_array(values.iter().map(Option::as_deref));
        let table = huntkit_core::Table::from_columns(vec![(column.to_string(), array)])?;
        Ok(Some(table.str_column(column)?))
    }

    fn times(&self, column: &str) -> Result<Option<Vec<Option<i64>>>> {
        Ok(self.column(column).map(|values| {
            values
                .iter()
                .map(|v| v.as_deref().and_then(parse_time))
                .collect()
        }))
    }

    fn row_hashes(&self) -> Result<Vec<u64>> {
        let mut hashers: Vec<FxHasher> = (0..self.rows).map(|_| FxHasher::default()).collect();
        for column in &self.columns {
            for (h, v) in hashers.iter_mut().zip(column) {
                v.hash(h);
            }
        }
        Ok(hashers.into_iter().map(|h| h.finish()).collect())
    }

    fn rows_equal(&self, a: usize, b: usize) -> bool {
        self.columns.iter().all(|c| c.get(a) == c.get(b))
    }
}

/// Whether each of the first `rows` values is the event type `identifier`.
pub(crate) fn text_event_rows(values: &TextCol<'_>, rows: usize, identifier: &str) -> Vec<bool> {
    (0..rows)
        .map(|row| {
            values
                .get(row)
                .is_some_and(|v| event_matches(v, identifier))
        })
        .collect()
}

/// A column of text values, borrowed from the input.
pub(crate) enum TextCol<'a> {
    Plain(&'a [Option<String>]),
    Table(huntkit_core::StrColumn),
}

impl TextCol<'_> {
    /// The value at `row`; `None` for a missing value or a row past the end.
    pub fn get(&self, row: usize) -> Option<&str> {
        match self {
            TextCol::Plain(v) => v.get(row)?.as_deref(),
            TextCol::Table(c) => c.get(row),
        }
    }
}

/// Reads a time stamp: ISO 8601 / RFC 3339 with `T` or a space, optional fraction (to
/// nanoseconds), optional `Z`, `UTC` or offset; osquery's `Mon Jan  4 12:00:00 2021 UTC`;
/// or seconds since the epoch. Text without a zone is UTC.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return dt.timestamp_nanos_opt();
    }
    let (body, offset_secs) = split_zone(t);
    let body = body.trim_end();
    let naive = parse_naive(body)?;
    let nanos = naive.and_utc().timestamp_nanos_opt()?;
    nanos.checked_sub(i64::from(offset_secs).checked_mul(1_000_000_000)?)
}

/// Splits a trailing zone (`Z`, `UTC`, `+hh:mm`, `+hhmm`, `+hh`) from a time stamp.
fn split_zone(t: &str) -> (&str, i32) {
    for suffix in ["UTC", "Z", "z", "GMT"] {
        if let Some(body) = t.strip_suffix(suffix) {
            return (body, 0);
        }
    }
    let b = t.as_bytes();
    // A sign after the time part (past the date's own dashes) starts an offset.
    if let Some(pos) = t.rfind(['+', '-']) {
        if pos >= 16 {
            let zone = &t[pos + 1..];
            let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
            let shape_ok = zone.chars().all(|c| c.is_ascii_digit() || c == ':');
            if shape_ok && matches!(digits.len(), 2 | 4) {
                let h: i32 = digits.get(0..2).and_then(|d| d.parse().ok()).unwrap_or(0);
                let m: i32 = digits.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(0);
                let sign = if b.get(pos) == Some(&b'-') { -1 } else { 1 };
                return (&t[..pos], sign * (h * 3600 + m * 60));
            }
        }
    }
    (t, 0)
}

fn parse_naive(body: &str) -> Option<NaiveDateTime> {
    let normal: String = body
        .char_indices()
        .map(|(i, c)| {
            if i == 10 && (c == 'T' || c == 't') {
                ' '
            } else {
                c
            }
        })
        .collect();
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S%.f",
        "%m/%d/%Y %H:%M:%S%.f",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(&normal, fmt) {
            return Some(dt);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&normal, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    // osquery's calendarTime: "Mon Jan  4 12:00:00 2021".
    let squeezed = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Ok(dt) = NaiveDateTime::parse_from_str(&squeezed, "%a %b %d %H:%M:%S %Y") {
        return Some(dt);
    }
    // Seconds since the epoch, possibly with a fraction.
    if !normal.is_empty() && normal.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        let (secs, frac) = normal.split_once('.').unwrap_or((&normal, ""));
        let secs: i64 = secs.parse().ok()?;
        let mut frac_ns: i64 = 0;
        let mut scale: i64 = 100_000_000;
        for c in frac.bytes().take(9) {
            frac_ns += i64::from(c - b'0') * scale;
            scale /= 10;
        }
        let nanos = secs.checked_mul(1_000_000_000)?.checked_add(frac_ns)?;
        return DateTime::from_timestamp_nanos(nanos).naive_utc().into();
    }
    None
}

/// A process id as used for matching: the number when the text is one, else the text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PidKey {
    Num(u64),
    Text(String),
}

/// A process id read from text: its matching key, the text shown in keys, and whether
/// it was a well-formed number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pid<'a> {
    pub key: PidKey,
    pub display: Cow<'a, str>,
    pub numeric: bool,
}

/// Reads a process id written as decimal (`6875`), hex (`0x1adc`), or a float with no
/// fraction (`22536.0`, as pandas writes integer columns that have gaps).
pub(crate) fn parse_pid(raw: &str) -> Pid<'_> {
    // The forms logs write, read in one pass: `0x` hex (up to 16 digits) and decimal
    // (up to 19), with nothing around them. Anything else takes the general path below.
    let number = |v: u64| Pid {
        key: PidKey::Num(v),
        display: Cow::Borrowed(raw),
        numeric: true,
    };
    match raw.as_bytes() {
        [b'0', b'x' | b'X', hex @ ..]
            if (1..=16).contains(&hex.len()) && hex.iter().all(u8::is_ascii_hexdigit) =>
        {
            let digit = |c: u8| u64::from((c & 0x0f) + if c > b'9' { 9 } else { 0 });
            return number(hex.iter().fold(0, |v, &c| (v << 4) | digit(c)));
        }
        digits if (1..=19).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) => {
            return number(digits.iter().fold(0, |v, &c| v * 10 + u64::from(c - b'0')));
        }
        // A whole float as a float column is read as text (`22536.0`): shown without
        // the `.0`, as the general path shows it, but borrowed rather than rewritten.
        [whole @ .., b'.', b'0']
            if (1..=15).contains(&whole.len())
                && whole.iter().all(u8::is_ascii_digit)
                && (whole.len() == 1 || whole.first() != Some(&b'0')) =>
        {
            let v = whole.iter().fold(0, |v, &c| v * 10 + u64::from(c - b'0'));
            return Pid {
                key: PidKey::Num(v),
                display: Cow::Borrowed(raw.get(..whole.len()).unwrap_or(raw)),
                numeric: true,
            };
        }
        _ => {}
    }
    let t = raw.trim();
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        if let Ok(v) = u64::from_str_radix(hex, 16) {
            return Pid {
                key: PidKey::Num(v),
                display: Cow::Borrowed(t),
                numeric: true,
            };
        }
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = t.parse::<u64>() {
            return Pid {
                key: PidKey::Num(v),
                display: Cow::Borrowed(t),
                numeric: true,
            };
        }
    }
    if let Ok(f) = t.parse::<f64>() {
        // 2^53: above it a float no longer holds every integer.
        if f.is_finite() && f.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&f) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let v = f as u64;
            return Pid {
                key: PidKey::Num(v),
                display: Cow::Owned(v.to_string()),
                numeric: true,
            };
        }
    }
    Pid {
        key: PidKey::Text(t.to_lowercase()),
        display: Cow::Borrowed(t),
        numeric: false,
    }
}

/// Rounds to 10 µs (half to even, as pandas does) and formats as MSTICPy's process keys
/// do: `2019-02-09 20:04:38.017000`.
#[cfg(test)]
pub(crate) fn key_time(nanos: i64) -> String {
    let mut out = String::with_capacity(26);
    push_key_time(&mut out, nanos);
    out
}

/// Appends [`key_time`]'s text to `out` (hot: once per process).
pub(crate) fn push_key_time(out: &mut String, nanos: i64) {
    const STEP: i64 = 10_000;
    let q = nanos.div_euclid(STEP);
    let r = nanos.rem_euclid(STEP);
    let up = r > STEP / 2 || (r == STEP / 2 && q.rem_euclid(2) == 1);
    let rounded = q.saturating_add(i64::from(up)).saturating_mul(STEP);
    let secs = rounded.div_euclid(1_000_000_000);
    let micros = rounded.rem_euclid(1_000_000_000) / 1_000;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        out.push_str(
            &DateTime::from_timestamp_nanos(rounded)
                .format("%Y-%m-%d %H:%M:%S%.6f")
                .to_string(),
        );
        return;
    }
    // Every field is in range by now; digits are written two at a time.
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    let two = |v: u32| two_digits(v as usize % 100);
    let (micros, sod) = (n(micros), n(sod));
    let [y1, y2] = two(n(y) / 100);
    let [y3, y4] = two(n(y) % 100);
    let [m1, m2] = two(n(m));
    let [d1, d2] = two(n(d));
    let [h1, h2] = two(sod / 3600);
    let [i1, i2] = two(sod / 60 % 60);
    let [s1, s2] = two(sod % 60);
    let [u1, u2] = two(micros / 10_000);
    let [u3, u4] = two(micros / 100 % 100);
    let [u5, u6] = two(micros % 100);
    let buf = [
        y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b' ', h1, h2, b':', i1, i2, b':', s1, s2, b'.',
        u1, u2, u3, u4, u5, u6,
    ];
    out.push_str(std::str::from_utf8(&buf).unwrap_or(""));
}

/// The decimal digits of 00 to 99, in pairs: numbers are written two digits per step,
/// with one table read instead of a division by ten each.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// The two digits of `v` (0 to 99; larger values give `00`).
pub(crate) fn two_digits(v: usize) -> [u8; 2] {
    match DIGIT_PAIRS.get(2 * v..2 * v + 2) {
        Some(&[a, b]) => [a, b],
        _ => [b'0', b'0'],
    }
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats a time as Python shows a UTC pandas time stamp: `2019-02-10 15:21:06.890000+00:00`.
pub(crate) fn display_time(nanos: i64) -> String {
    let dt = DateTime::from_timestamp_nanos(nanos);
    let frac = nanos.rem_euclid(1_000_000_000);
    let base = dt.format("%Y-%m-%d %H:%M:%S");
    if frac == 0 {
        format!("{base}+00:00")
    } else if frac % 1_000 == 0 {
        format!("{base}.{:06}+00:00", frac / 1_000)
    } else {
        format!("{base}.{frac:09}+00:00")
    }
}

/// Whether an event-type value equals the schema's identifier, as text or as numbers
/// (`4688`, `4688.0` and `"4688"` are the same).
pub(crate) fn event_matches(value: &str, identifier: &str) -> bool {
    let v = value.trim();
    let id = identifier.trim();
    if v == id {
        return true;
    }
    match (v.parse::<f64>(), id.parse::<f64>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    #[test]
    fn reads_the_time_stamps_of_each_schema() {
        let base = 1_549_811_666_890_000_000; // 2019-02-10 15:14:26.890 UTC
        for text in [
            "2019-02-10 15:14:26.890",
            "2019-02-10T15:14:26.890Z",
            "2019-02-10 15:14:26.890000+00:00",
            "2019-02-10T17:14:26.89+02:00",
            "2019-02-10 15:14:26.890000 ",
            "2019-02-10 15:14:26.890 UTC",
            "1549811666.89",
        ] {
            assert_eq!(parse_time(text), Some(base), "{text}");
        }
        assert_eq!(
            parse_time("Sun Feb 10 15:14:26 2019 UTC"),
            Some(base - 890_000_000)
        );
        assert_eq!(
            parse_time("2021-06-23 03:08:14.159814200+00:00"),
            Some(1_624_417_694_159_814_200)
        );
        assert_eq!(parse_time("not a time"), None);
        assert_eq!(parse_time(""), None);
        assert_eq!(parse_time("2019-02-30 00:00:00"), None);
    }

    #[test]
    fn reads_pids_as_hex_decimal_and_integral_floats() {
        assert_eq!(parse_pid("0x1adc").key, PidKey::Num(0x1adc));
        assert_eq!(parse_pid("0xfFfFfFfFfFfFfFfF").key, PidKey::Num(u64::MAX));
        assert_eq!(parse_pid("0x09aF").key, PidKey::Num(0x09af));
        assert_eq!(parse_pid("18446744073709551615").key, PidKey::Num(u64::MAX));
        assert_eq!(
            parse_pid("9999999999999999999").key,
            PidKey::Num(9_999_999_999_999_999_999)
        );
        assert_eq!(parse_pid(" 0x1adc ").key, PidKey::Num(0x1adc));
        assert_eq!(parse_pid(" 0x1adc ").display, "0x1adc");
        assert_eq!(parse_pid("0x+1a").key, PidKey::Num(0x1a));
        assert_eq!(parse_pid("0x").key, PidKey::Text("0x".into()));
        assert_eq!(parse_pid("0x1g").key, PidKey::Text("0x1g".into()));
        assert_eq!(parse_pid("007").key, PidKey::Num(7));
        assert_eq!(parse_pid("007").display, "007");
        // Whole floats, fast or not, read as the general path reads them.
        for text in [
            "22536.0",
            "0.0",
            "7.0",
            "007.0",
            "123456789012345.0",
            "1234567890123456.0",
            "5.00",
            "-3.0",
        ] {
            let fast = parse_pid(text);
            let spaced = format!(" {text}");
            let general = parse_pid(&spaced);
            assert_eq!(
                (fast.key, fast.display, fast.numeric),
                (general.key, general.display, general.numeric),
                "{text}"
            );
        }
        assert_eq!(parse_pid("22536.0").display, "22536");
        assert_eq!(parse_pid("0x1ADC").key, PidKey::Num(0x1adc));
        assert_eq!(parse_pid("0x1ADC").display, "0x1ADC");
        assert_eq!(parse_pid("6875").key, PidKey::Num(6875));
        let f = parse_pid("22536.0");
        assert_eq!(
            (f.key, f.display.as_ref(), f.numeric),
            (PidKey::Num(22536), "22536", true)
        );
        let bad = parse_pid("12.5");
        assert!(!bad.numeric);
        assert_eq!(bad.key, PidKey::Text("12.5".into()));
        assert!(!parse_pid("-1").numeric);
        assert!(!parse_pid("1e400").numeric);
    }

    #[test]
    fn key_times_round_half_to_even_at_ten_microseconds() {
        assert_eq!(key_time(0), "1970-01-01 00:00:00.000000");
        assert_eq!(
            key_time(1_624_417_694_159_814_200),
            "2021-06-23 03:08:14.159810"
        );
        assert_eq!(key_time(5_000), "1970-01-01 00:00:00.000000");
        assert_eq!(key_time(15_000), "1970-01-01 00:00:00.000020");
        assert_eq!(key_time(15_001), "1970-01-01 00:00:00.000020");
        assert_eq!(
            display_time(1_549_811_666_890_000_000),
            "2019-02-10 15:14:26.890000+00:00"
        );
        assert_eq!(display_time(0), "1970-01-01 00:00:00+00:00");
        // The fast formatter agrees with chrono across eras and leap days.
        for t in [
            -86_400_000_000_000i64,
            951_782_400_123_456_789,
            4_107_542_399_999_994_000,
            4_107_542_399_999_996_000,
            253_402_300_800_000_000,
        ] {
            let chrono_text = DateTime::from_timestamp_nanos(
                (t.div_euclid(10_000) + i64::from(t.rem_euclid(10_000) > 5_000)) * 10_000,
            )
            .format("%Y-%m-%d %H:%M:%S%.6f")
            .to_string();
            assert_eq!(key_time(t), chrono_text, "{t}");
        }
    }

    #[test]
    fn event_types_match_as_text_or_number() {
        assert!(event_matches("4688", "4688"));
        assert!(event_matches("4688.0", "4688"));
        assert!(event_matches(" ProcessCreated", "ProcessCreated"));
        assert!(!event_matches("4689", "4688"));
    }

    #[test]
    fn ragged_columns_are_refused() {
        let err = Events::new(vec![
            ("a".into(), vec![None, None]),
            ("b".into(), vec![None]),
        ])
        .unwrap_err();
        assert_eq!(err.code(), "invalid_value");
        assert!(err.to_string().contains("\"b\""));
    }

    #[test]
    fn csv_rows_are_limited() {
        let err = Events::from_csv(b"a,b\n1,2\n3,4\n", 1).unwrap_err();
        assert_eq!(err.code(), "limit_exceeded");
        let ev = Events::from_csv(b"a,b\n1,\n3,4\n", 10).unwrap();
        assert_eq!(ev.num_rows(), 2);
        assert_eq!(ev.column("b").unwrap()[0], None);
    }
}
