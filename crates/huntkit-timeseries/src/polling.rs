//! Beaconing (polling) detection: does a stream of connection times hide a strong
//! periodic component? Event counts per time bin go through a periodogram and Fisher's
//! g-test (Heard, Rubin-Delanchy and Lawson 2014), as MSTICPy's
//! `PeriodogramPollingDetector` does.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::spectral::{g_test, g_test_stable, periodogram};
use crate::Compat;

/// Polling detection options.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct PollingOptions {
    /// Table input: the column of event times (timestamps, or integer or float seconds
    /// since the epoch). Default `TimeGenerated`.
    pub time_column: String,
    /// Table input: columns that name a stream (for example source and destination).
    pub group_by: Vec<String>,
    /// Bin width in seconds (MSTICPy: 1).
    pub interval: i64,
    /// `Msticpy` reproduces its binning: bins run from the first timestamp up to but not
    /// including the last, so the last event is dropped (quirk Q-D1), and only events that
    /// fall exactly on a bin start are counted; a spectrum with no power gets a p-value
    /// of 0. The default bins every event, last one included, and gives such a spectrum
    /// a p-value of 1.
    pub compat: Compat,
    /// Groups whose span needs more bins than this are not analysed (their result says so).
    pub max_bins: usize,
    /// Refuse inputs with more events than this.
    pub max_events: usize,
    /// Refuse inputs with more groups than this.
    pub max_groups: usize,
}

impl Default for PollingOptions {
    fn default() -> Self {
        PollingOptions {
            time_column: "TimeGenerated".into(),
            group_by: Vec::new(),
            interval: 1,
            compat: Compat::Huntkit,
            max_bins: 10_000_000,
            max_events: 100_000_000,
            max_groups: 1_000_000,
        }
    }
}

/// The outcome of polling detection on one stream of events.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PollingResult {
    /// Probability of a peak this strong in white noise; small means periodic. `None`
    /// when the stream could not be analysed (see `note`).
    pub p_value: Option<f64>,
    /// Frequency of the strongest periodogram peak, in cycles per second.
    pub dominant_frequency: Option<f64>,
    /// Its period in seconds (infinite when the peak is at frequency 0).
    pub dominant_interval: Option<f64>,
    /// Events in the stream.
    pub events: usize,
    /// Bins the counting process used.
    pub bins: usize,
    /// Why the stream was not analysed, when it was not.
    pub note: Option<String>,
}

impl PollingResult {
    fn skipped(events: usize, bins: usize, note: String) -> Self {
        PollingResult {
            p_value: None,
            dominant_frequency: None,
            dominant_interval: None,
            events,
            bins,
            note: Some(note),
        }
    }
}

fn check_interval(options: &PollingOptions) -> Result<()> {
    if options.interval <= 0 {
        return Err(Error::option(
            "interval",
            format!(
                "must be a positive number of seconds, got {}",
                options.interval
            ),
        ));
    }
    Ok(())
}

/// Tests one stream of event times (seconds, any order, duplicates allowed).
pub fn detect_polling(timestamps: &[i64], options: &PollingOptions) -> Result<PollingResult> {
    check_interval(options)?;
    if timestamps.len() > options.max_events {
        return Err(Error::LimitExceeded(format!(
            "{} events is over the limit of {} (set `maxEvents` to allow more)",
            timestamps.len(),
            options.max_events
        )));
    }
    Ok(detect_one(timestamps, options))
}

fn detect_one(timestamps: &[i64], options: &PollingOptions) -> PollingResult {
    let events = timestamps.len();
    let (Some(&start), Some(&end)) = (timestamps.iter().min(), timestamps.iter().max()) else {
        return PollingResult::skipped(0, 0, "no events".into());
    };
    let interval = options.interval;
    let span = (end as i128) - (start as i128);
    let msticpy = options.compat == Compat::Msticpy;
    let bins_i128 = if msticpy {
        (span + interval as i128 - 1) / interval as i128
    } else {
        span / interval as i128 + 1
    };
    if bins_i128 > options.max_bins as i128 {
        return PollingResult::skipped(
            events,
            0,
            format!(
                "the events span {bins_i128} bins, over the limit of {} (`maxBins`)",
                options.max_bins
            ),
        );
    }
    let bins = bins_i128 as usize;
    if bins < 2 {
        return PollingResult::skipped(
            events,
            bins,
            "all events fall in one bin: no time series to test".into(),
        );
    }
    let mut counts = vec![0.0f64; bins];
    for &t in timestamps {
        let offset = (t as i128) - (start as i128);
        let index = offset / interval as i128;
        if msticpy && offset % interval as i128 != 0 {
            continue;
        }
        if let Some(c) = usize::try_from(index).ok().and_then(|i| counts.get_mut(i)) {
            *c += 1.0;
        }
    }
    let mean = events as f64 / bins as f64;
    for c in &mut counts {
        *c -= mean;
    }
    let pg = periodogram(&counts);
    let mut best = 0;
    let mut best_power = f64::NEG_INFINITY;
    for (k, &p) in pg.power.iter().enumerate() {
        if p > best_power {
            best_power = p;
            best = k;
        }
    }
    let freq_per_bin = pg.frequency.get(best).copied().unwrap_or(0.0);
    let exclude_pi = bins.is_multiple_of(2);
    let p_value = if msticpy {
        let (g, p) = g_test(&pg.power, exclude_pi);
        // scipy's NaN statistic for a flat spectrum makes MSTICPy's sum empty: 0.
        if g == 0.0 {
            0.0
        } else {
            p
        }
    } else {
        g_test_stable(&pg.power, exclude_pi).1
    };
    let frequency = freq_per_bin / interval as f64;
    PollingResult {
        p_value: Some(p_value),
        dominant_frequency: Some(frequency),
        dominant_interval: Some(1.0 / frequency),
        events,
        bins,
        note: None,
    }
}

/// One group's result from [`detect_polling_groups`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPolling {
    /// The group key, one value per grouping column.
    pub key: Vec<Option<String>>,
    /// Rows of the input in this group, in input order.
    #[serde(skip)]
    pub rows: Vec<usize>,
    /// The detection result.
    #[serde(flatten)]
    pub result: PollingResult,
}

/// Tests each group of events separately (for example each source–destination pair of
/// network flows). `keys[i]` is row i's group key; rows with a missing timestamp are
/// ignored. Groups come back in order of first appearance.
pub fn detect_polling_groups(
    timestamps: &[Option<i64>],
    keys: &[Vec<Option<String>>],
    options: &PollingOptions,
) -> Result<Vec<GroupPolling>> {
    check_interval(options)?;
    if keys.len() != timestamps.len() {
        return Err(Error::LengthMismatch {
            what: format!(
                "{} timestamps and {} group keys",
                timestamps.len(),
                keys.len()
            ),
        });
    }
    if timestamps.len() > options.max_events {
        return Err(Error::LimitExceeded(format!(
            "{} events is over the limit of {} (set `maxEvents` to allow more)",
            timestamps.len(),
            options.max_events
        )));
    }
    let seen =
        huntkit_core::first_seen_codes(keys.iter().map(|k| Some(k.as_slice())), options.max_groups)
            .ok_or_else(|| {
                Error::LimitExceeded(format!(
                    "more than {} groups (set `maxGroups` to allow more)",
                    options.max_groups
                ))
            })?;
    Ok(seen
        .distinct
        .iter()
        .zip(seen.rows_by_code())
        .map(|(key, rows)| {
            let times: Vec<i64> = rows
                .iter()
                .filter_map(|&r| timestamps.get(r).copied().flatten())
                .collect();
            GroupPolling {
                key: key.to_vec(),
                rows,
                result: detect_one(&times, options),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    fn beacon(n: i64, every: i64, jitter: i64) -> Vec<i64> {
        (0..n)
            .map(|i| 1_000 + i * every + (i * 7919) % (jitter + 1))
            .collect()
    }

    #[test]
    fn regular_beacon_is_found_and_noise_is_not() {
        let r = detect_polling(&beacon(300, 60, 2), &PollingOptions::default()).unwrap();
        assert!(r.p_value.unwrap() < 0.01);
        assert!((r.dominant_interval.unwrap() - 60.0).abs() < 1.0, "{r:?}");
        // A pseudo-random arrival process.
        let mut x: u64 = 88172645463325252;
        let noise: Vec<i64> = (0..2000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 20_000) as i64
            })
            .collect();
        let r = detect_polling(&noise, &PollingOptions::default()).unwrap();
        assert!(r.p_value.unwrap() > 0.05, "{r:?}");
    }

    #[test]
    fn msticpy_drops_the_last_event_and_default_keeps_it() {
        let ts = [0, 10, 20, 30, 40];
        let compat = PollingOptions {
            compat: Compat::Msticpy,
            ..PollingOptions::default()
        };
        assert_eq!(detect_polling(&ts, &compat).unwrap().bins, 40);
        assert_eq!(
            detect_polling(&ts, &PollingOptions::default())
                .unwrap()
                .bins,
            41
        );
    }

    #[test]
    fn degenerate_and_oversized_groups_are_reported_not_fatal() {
        let keys = vec![
            vec![Some("a".to_string())],
            vec![Some("b".to_string())],
            vec![Some("b".to_string())],
        ];
        let ts = [Some(5), Some(0), Some(i64::MAX)];
        let out = detect_polling_groups(&ts, &keys, &PollingOptions::default()).unwrap();
        assert_eq!(out.len(), 2);
        assert!(out[0].result.note.as_deref().unwrap().contains("one bin"));
        assert!(out[1].result.note.as_deref().unwrap().contains("maxBins"));
        let bad = PollingOptions {
            interval: 0,
            ..PollingOptions::default()
        };
        assert_eq!(
            detect_polling(&[1, 2], &bad).unwrap_err().code(),
            "invalid_option"
        );
    }
}
