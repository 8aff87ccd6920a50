//! From events to series: timestamps (optionally with a value to sum, optionally per
//! group such as a host or an account) counted into regular buckets, empty buckets 0.

use serde::Deserialize;

use crate::error::{Error, Result};

const NS_PER_SEC: i64 = 1_000_000_000;

/// Bucketing options.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct BucketOptions {
    /// Table input: the timestamp column. Default `TimeGenerated`.
    pub time_column: String,
    /// Table input: a column to sum per bucket; without one, events are counted.
    pub value_column: Option<String>,
    /// Table input: columns whose values split the events into groups (host, account…).
    pub group_by: Vec<String>,
    /// Table output: the name of the count or sum column. Default `count`, or the value
    /// column's name when summing.
    pub output_column: Option<String>,
    /// Bucket width: a number and a unit, `ns`, `us`, `ms`, `s`, `m`/`min`, `h`, `d` or
    /// `w` (`"1h"`, `"15min"`, `"1d"`). Default `"1h"`.
    pub interval: String,
    /// Where bucket edges fall: `"UTC"` (default) or a fixed offset such as `"+05:30"`.
    /// Buckets then start at local multiples of the interval counted from local midnight,
    /// so daily buckets run from local midnight to local midnight. The grid stays regular
    /// in absolute time, as STL needs.
    pub time_zone: String,
    /// First bucket (ns since the epoch); default the bucket of the earliest event.
    pub start: Option<i64>,
    /// Last bucket to include (ns since the epoch); default the bucket of the latest event.
    pub end: Option<i64>,
    /// Every group gets the same grid, from the earliest to the latest event of all
    /// groups (default), so a group's quiet time before its first event shows as zeros.
    /// When false each group spans only its own events.
    pub shared_range: bool,
    /// Refuse grids with more buckets than this in total.
    pub max_buckets: usize,
    /// Refuse more groups than this.
    pub max_groups: usize,
}

impl Default for BucketOptions {
    fn default() -> Self {
        BucketOptions {
            time_column: "TimeGenerated".into(),
            value_column: None,
            group_by: Vec::new(),
            output_column: None,
            interval: "1h".into(),
            time_zone: "UTC".into(),
            start: None,
            end: None,
            shared_range: true,
            max_buckets: 50_000_000,
            max_groups: 100_000,
        }
    }
}

/// A regular series for one group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BucketSeries {
    /// The group key, one value per grouping column (empty without grouping).
    pub key: Vec<Option<String>>,
    /// Start of the first bucket, ns since the epoch (UTC).
    pub start: i64,
    /// Bucket width in ns.
    pub interval: i64,
    /// Event count or value sum per bucket.
    pub values: Vec<f64>,
}

impl BucketSeries {
    /// Start of each bucket, ns since the epoch.
    pub fn times(&self) -> Vec<i64> {
        (0..self.values.len() as i64)
            .map(|i| self.start.saturating_add(i.saturating_mul(self.interval)))
            .collect()
    }
}

/// Parses `"15min"`, `"1h"`, `"2d"`, `"30s"`, `"500ms"` into nanoseconds.
pub fn parse_interval(text: &str) -> Result<i64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim();
    let number: f64 = if num.is_empty() {
        1.0
    } else {
        num.parse().map_err(|_| {
            Error::option(
                "interval",
                format!("{text:?} is not a duration such as \"1h\""),
            )
        })?
    };
    let scale: f64 = match unit.to_ascii_lowercase().as_str() {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" | "sec" | "" => 1e9,
        "m" | "min" | "t" => 60e9,
        "h" | "hr" => 3600e9,
        "d" | "day" => 86_400e9,
        "w" | "week" => 604_800e9,
        _ => {
            return Err(Error::option(
                "interval",
                format!("unknown unit in {text:?}; use ns, us, ms, s, min, h, d or w"),
            ))
        }
    };
    let ns = (number * scale).round();
    if ns.is_nan() || ns < 1.0 || ns > i64::MAX as f64 / 2.0 {
        return Err(Error::option(
            "interval",
            format!("{text:?} is not a positive duration"),
        ));
    }
    Ok(ns as i64)
}

/// Parses `"UTC"`, `"Z"` or `"+05:30"`/`"-0800"` into an offset east of UTC in ns.
pub fn parse_offset(text: &str) -> Result<i64> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
        return Ok(0);
    }
    let bad = || {
        Error::option(
            "timeZone",
            format!("{text:?} is not \"UTC\" or an offset such as \"+05:30\""),
        )
    };
    let (sign, rest) = match t.strip_prefix('+') {
        Some(r) => (1, r),
        None => (-1, t.strip_prefix('-').ok_or_else(bad)?),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let hours: i64 = digits
        .get(..2)
        .and_then(|h| h.parse().ok())
        .ok_or_else(bad)?;
    let minutes: i64 = digits
        .get(2..)
        .and_then(|m| m.parse().ok())
        .ok_or_else(bad)?;
    if hours > 23 || minutes > 59 {
        return Err(bad());
    }
    Ok(sign * (hours * 3600 + minutes * 60) * NS_PER_SEC)
}

/// Start of the bucket holding `t`: local multiples of `interval` from local midnight.
fn bucket_of(t: i64, interval: i64, offset: i64) -> i64 {
    const DAY: i64 = 86_400 * NS_PER_SEC;
    let local = t as i128 + offset as i128;
    let day = local.div_euclid(DAY as i128) * DAY as i128;
    let into_day = local - day;
    let bucket = day + into_day.div_euclid(interval as i128) * interval as i128 - offset as i128;
    bucket.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// Counts events (or sums `values`) into regular buckets, per group when `keys` is given.
///
/// Rows with no timestamp are skipped; a missing value counts as nothing. Groups come
/// back in order of first appearance. Errors: `invalid_option` for a bad interval or
/// zone, `non_finite` for a NaN or infinite value, `limit_exceeded` past the limits.
pub fn bucket_events(
    times: &[Option<i64>],
    values: Option<&[Option<f64>]>,
    keys: Option<&[Vec<Option<String>>]>,
    options: &BucketOptions,
) -> Result<Vec<BucketSeries>> {
    let interval = parse_interval(&options.interval)?;
    let offset = parse_offset(&options.time_zone)?;
    let n = times.len();
    if let Some(v) = values {
        if v.len() != n {
            return Err(Error::LengthMismatch {
                what: format!("{n} timestamps and {} values", v.len()),
            });
        }
        if let Some(row) = v.iter().position(|x| x.is_some_and(|x| !x.is_finite())) {
            return Err(Error::NonFinite {
                row,
                value: v
                    .get(row)
                    .copied()
                    .flatten()
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                column: String::new(),
            });
        }
    }
    if let Some(k) = keys {
        if k.len() != n {
            return Err(Error::LengthMismatch {
                what: format!("{n} timestamps and {} group keys", k.len()),
            });
        }
    }
    // Group rows; a row without a time belongs to no group.
    let empty: &[Option<String>] = &[];
    let row_keys = times.iter().enumerate().map(|(row, t)| {
        t.map(|_| {
            keys.and_then(|k| k.get(row))
                .map(Vec::as_slice)
                .unwrap_or(empty)
        })
    });
    let seen = huntkit_core::first_seen_codes(row_keys, options.max_groups).ok_or_else(|| {
        Error::LimitExceeded(format!(
            "more than {} groups (set `maxGroups` to allow more)",
            options.max_groups
        ))
    })?;
    let groups: Vec<(Vec<Option<String>>, Vec<usize>)> = seen
        .distinct
        .iter()
        .map(|k| k.to_vec())
        .zip(seen.rows_by_code())
        .collect();
    let bucket = |row: &usize| {
        times
            .get(*row)
            .copied()
            .flatten()
            .map(|t| bucket_of(t, interval, offset))
    };
    let range_of = |rows: &[usize]| -> Option<(i64, i64)> {
        let mut it = rows.iter().filter_map(bucket);
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), b| (lo.min(b), hi.max(b))))
    };
    let all_rows: Vec<usize> = groups.iter().flat_map(|(_, r)| r.iter().copied()).collect();
    let shared = range_of(&all_rows);
    let mut total_buckets: u128 = 0;
    let mut out = Vec::with_capacity(groups.len());
    for (key, rows) in groups {
        let own = if options.shared_range {
            shared
        } else {
            range_of(&rows)
        };
        let Some((lo, hi)) = own else { continue };
        let lo = options
            .start
            .map(|s| bucket_of(s, interval, offset))
            .unwrap_or(lo);
        let hi = options
            .end
            .map(|e| bucket_of(e, interval, offset))
            .unwrap_or(hi);
        if hi < lo {
            return Err(Error::option("end", "the end is before the start"));
        }
        let count = ((hi as i128 - lo as i128) / interval as i128 + 1) as u128;
        total_buckets = total_buckets.saturating_add(count);
        if total_buckets > options.max_buckets as u128 {
            return Err(Error::LimitExceeded(format!(
                "the series need more than {} buckets (set `maxBuckets` or a wider `interval`)",
                options.max_buckets
            )));
        }
        let mut series = vec![0.0f64; count as usize];
        for row in rows {
            let Some(b) = bucket(&row) else { continue };
            if b < lo || b > hi {
                continue;
            }
            let i = ((b as i128 - lo as i128) / interval as i128) as usize;
            let add = match values {
                Some(v) => v.get(row).copied().flatten().unwrap_or(0.0),
                None => 1.0,
            };
            if let Some(slot) = series.get_mut(i) {
                *slot += add;
            }
        }
        out.push(BucketSeries {
            key,
            start: lo,
            interval,
            values: series,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    const H: i64 = 3_600 * NS_PER_SEC;

    #[test]
    fn intervals_and_offsets_parse() {
        assert_eq!(parse_interval("1h").unwrap(), H);
        assert_eq!(parse_interval("15min").unwrap(), 15 * 60 * NS_PER_SEC);
        assert_eq!(parse_interval("2d").unwrap(), 48 * H);
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("3 parsecs").is_err());
        assert_eq!(
            parse_offset("+05:30").unwrap(),
            5 * H + 30 * 60 * NS_PER_SEC
        );
        assert_eq!(parse_offset("-0800").unwrap(), -8 * H);
        assert!(parse_offset("Mars/Olympus").is_err());
    }

    #[test]
    fn counts_fill_gaps_with_zero_per_group() {
        let t = |h: i64, m: i64| Some(h * H + m * 60 * NS_PER_SEC);
        let times = [t(0, 5), t(0, 50), t(3, 1), t(1, 0), None];
        let keys: Vec<Vec<Option<String>>> = ["a", "a", "a", "b", "b"]
            .iter()
            .map(|k| vec![Some(k.to_string())])
            .collect();
        let out = bucket_events(&times, None, Some(&keys), &BucketOptions::default()).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].values, vec![2.0, 0.0, 0.0, 1.0]);
        assert_eq!(out[1].values, vec![0.0, 1.0, 0.0, 0.0]);
        let own = BucketOptions {
            shared_range: false,
            ..BucketOptions::default()
        };
        let out = bucket_events(&times, None, Some(&keys), &own).unwrap();
        assert_eq!(out[1].values, vec![1.0]);
        assert_eq!(out[1].start, H);
        let sums = bucket_events(
            &times,
            Some(&[Some(2.5), None, Some(1.0), Some(4.0), Some(9.0)]),
            None,
            &BucketOptions::default(),
        )
        .unwrap();
        assert_eq!(sums[0].values, vec![2.5, 4.0, 0.0, 1.0]);
    }

    #[test]
    fn daily_buckets_follow_the_zone() {
        // 2024-01-01 20:00Z is 2024-01-02 01:30 at +05:30.
        let t = 1_704_139_200 * NS_PER_SEC;
        let opts = BucketOptions {
            interval: "1d".into(),
            time_zone: "+05:30".into(),
            ..BucketOptions::default()
        };
        let out = bucket_events(&[Some(t)], None, None, &opts).unwrap();
        // Local midnight of 2024-01-02 is 2024-01-01 18:30Z.
        assert_eq!(out[0].start, t - H - 30 * 60 * NS_PER_SEC);
    }

    #[test]
    fn limits_hold() {
        let opts = BucketOptions {
            interval: "1s".into(),
            max_buckets: 1000,
            ..BucketOptions::default()
        };
        let e = bucket_events(&[Some(0), Some(3_600 * NS_PER_SEC)], None, None, &opts).unwrap_err();
        assert_eq!(e.code(), "limit_exceeded");
        let e = bucket_events(
            &[Some(0)],
            Some(&[Some(f64::NAN)]),
            None,
            &BucketOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "non_finite");
    }
}
