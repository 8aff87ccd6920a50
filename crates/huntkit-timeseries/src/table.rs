//! The same analyses over `huntkit-core` tables: columns by name in, Arrow columns out.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, Float64Array, Int64Array, StringArray, TimestampNanosecondArray, UInt64Array,
};
use arrow::datatypes::DataType;
use huntkit_core::Table;
use serde::Deserialize;

use crate::anomalies::{
    anomaly_periods, apply_threshold, kql_filter, ts_anomalies, AnomalyOptions, AnomalyPeriod,
};
use crate::bucket::{bucket_events, parse_interval, parse_offset, BucketOptions};
use crate::error::{Error, Result};
use crate::polling::{detect_polling_groups, PollingOptions};
use crate::Compat;

fn timestamp_array(values: Vec<Option<i64>>, zone: &str) -> ArrayRef {
    Arc::new(TimestampNanosecondArray::from(values).with_timezone(zone.to_string()))
}

fn floats(values: &[f64]) -> ArrayRef {
    Arc::new(Float64Array::from(values.to_vec()))
}

fn ints(values: &[f64]) -> ArrayRef {
    Arc::new(Int64Array::from(
        values.iter().map(|&v| v as i64).collect::<Vec<_>>(),
    ))
}

/// Reads a numeric column, naming the first missing or non-finite value.
fn required_floats(table: &Table, column: &str) -> Result<Vec<f64>> {
    let raw = table.floats(column)?;
    let mut out = Vec::with_capacity(raw.len());
    for (row, v) in raw.into_iter().enumerate() {
        match v {
            None => {
                return Err(Error::Missing {
                    row,
                    column: column.to_string(),
                })
            }
            Some(x) if !x.is_finite() => {
                return Err(Error::NonFinite {
                    row,
                    value: x.to_string(),
                    column: format!(" in column \"{column}\""),
                })
            }
            Some(x) => out.push(x),
        }
    }
    Ok(out)
}

fn required_times(table: &Table, column: &str) -> Result<Vec<i64>> {
    table
        .timestamps(column)?
        .into_iter()
        .enumerate()
        .map(|(row, t)| {
            t.ok_or_else(|| Error::Missing {
                row,
                column: column.to_string(),
            })
        })
        .collect()
}

fn group_keys(table: &Table, columns: &[String]) -> Result<Option<Vec<Vec<Option<String>>>>> {
    if columns.is_empty() {
        return Ok(None);
    }
    let cols = columns
        .iter()
        .map(|c| table.str_column(c))
        .collect::<huntkit_core::Result<Vec<_>>>()?;
    Ok(Some(
        (0..table.num_rows())
            .map(|row| {
                cols.iter()
                    .map(|c| c.get(row).map(str::to_string))
                    .collect()
            })
            .collect(),
    ))
}

/// `ts_anomalies` over a table: returns the time column (when given), the value column
/// and `residual, trend, seasonal, weights, baseline, score, anomalies`, sorted by time.
/// Under `msticpy` every column but `score` is Int64, as MSTICPy returns them.
pub fn ts_anomalies_table(table: &Table, options: &AnomalyOptions) -> Result<Table> {
    let names = table.column_names();
    let time_column = options.time_column.as_deref();
    let value_column = match &options.value_column {
        Some(v) => v.clone(),
        None => names
            .iter()
            .find(|n| Some(n.as_str()) != time_column)
            .cloned()
            .ok_or_else(|| Error::option("valueColumn", "the table has no column to analyse"))?,
    };
    let values = required_floats(table, &value_column)?;
    let times = time_column.map(|c| required_times(table, c)).transpose()?;
    let r = ts_anomalies(&values, times.as_deref(), options)?;
    let num = if r.integer { ints } else { floats };
    let mut columns: Vec<(String, ArrayRef)> = Vec::new();
    if let (Some(name), Some(t)) = (time_column, &r.time) {
        columns.push((
            name.to_string(),
            timestamp_array(t.iter().map(|&v| Some(v)).collect(), "UTC"),
        ));
    }
    columns.push((value_column, num(&r.value)));
    columns.push(("residual".into(), num(&r.residual)));
    columns.push(("trend".into(), num(&r.trend)));
    columns.push(("seasonal".into(), num(&r.seasonal)));
    columns.push(("weights".into(), num(&r.weights)));
    columns.push(("baseline".into(), num(&r.baseline)));
    columns.push(("score".into(), floats(&r.score)));
    columns.push((
        "anomalies".into(),
        Arc::new(Int64Array::from(
            r.anomalies
                .iter()
                .map(|&a| i64::from(a))
                .collect::<Vec<_>>(),
        )),
    ));
    Ok(Table::from_columns(columns)?)
}

/// Options of [`rethreshold_table`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ThresholdOptions {
    /// Scores above this are flagged `+1`. Default 3.
    pub threshold: f64,
    /// Scores below `-threshold_low` are flagged `-1`; default `threshold`.
    pub threshold_low: Option<f64>,
    /// The score column. Default `score`.
    pub score_column: String,
    /// The flag column to replace. Default `anomalies`.
    pub anomalies_column: String,
    /// `msticpy`: `set_new_anomaly_threshold`'s inclusive comparisons and `or` fallback.
    pub compat: Compat,
}

impl Default for ThresholdOptions {
    fn default() -> Self {
        ThresholdOptions {
            threshold: 3.0,
            threshold_low: None,
            score_column: "score".into(),
            anomalies_column: "anomalies".into(),
            compat: Compat::Huntkit,
        }
    }
}

/// Re-flags a scored table without decomposing again: the flag column is replaced and
/// moved to the end. Missing or NaN scores are never flagged.
pub fn rethreshold_table(table: &Table, options: &ThresholdOptions) -> Result<Table> {
    if !options.threshold.is_finite() || options.threshold_low.is_some_and(|l| !l.is_finite()) {
        return Err(Error::option(
            "threshold",
            "thresholds must be finite numbers",
        ));
    }
    let scores: Vec<f64> = table
        .floats(&options.score_column)?
        .into_iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect();
    let flags = apply_threshold(
        &scores,
        options.threshold,
        options.threshold_low,
        options.compat,
    );
    let column: ArrayRef = Arc::new(Int64Array::from(
        flags.iter().map(|&a| i64::from(a)).collect::<Vec<_>>(),
    ));
    let kept: Vec<(String, ArrayRef)> = {
        let batch = table.to_batch()?;
        let schema = batch.schema();
        schema
            .fields()
            .iter()
            .zip(batch.columns())
            .filter(|(f, _)| f.name() != &options.anomalies_column)
            .map(|(f, a)| (f.name().clone(), a.clone()))
            .chain(std::iter::once((options.anomalies_column.clone(), column)))
            .collect()
    };
    Ok(Table::from_columns(kept)?)
}

/// Options of [`anomaly_periods_table`] and [`kql_periods_table`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct PeriodOptions {
    /// The time column. Default `TimeGenerated`.
    pub time_column: String,
    /// The flag column. Default `anomalies`.
    pub anomalies_column: String,
    /// Bin width and padding, e.g. `"1h"` (default).
    pub period: String,
    /// Only `+1` flags (default), or `-1` too.
    pub pos_only: bool,
    /// `msticpy`: the KQL filter hard-codes `TimeGenerated`, prints times as Python does
    /// and gives `"| where "` for no periods.
    pub compat: Compat,
}

impl Default for PeriodOptions {
    fn default() -> Self {
        PeriodOptions {
            time_column: "TimeGenerated".into(),
            anomalies_column: "anomalies".into(),
            period: "1h".into(),
            pos_only: true,
            compat: Compat::Huntkit,
        }
    }
}

/// The anomaly periods of a flagged table (see [`anomaly_periods`]). Rows with a
/// missing time or flag are ignored.
pub fn anomaly_periods_table(table: &Table, options: &PeriodOptions) -> Result<Vec<AnomalyPeriod>> {
    let period = parse_interval(&options.period).map_err(|_| {
        Error::option(
            "period",
            format!("{:?} is not a duration such as \"1h\"", options.period),
        )
    })?;
    let times = table.timestamps(&options.time_column)?;
    let flags = table.ints(&options.anomalies_column)?;
    let (t, a): (Vec<i64>, Vec<i8>) = times
        .into_iter()
        .zip(flags)
        .filter_map(|(t, f)| Some((t?, f?.clamp(-1, 1) as i8)))
        .unzip();
    anomaly_periods(&t, &a, period, options.pos_only)
}

/// The KQL filter for a flagged table's anomaly periods (see [`kql_filter`]).
pub fn kql_periods_table(table: &Table, options: &PeriodOptions) -> Result<String> {
    let periods = anomaly_periods_table(table, options)?;
    Ok(kql_filter(&periods, &options.time_column, options.compat))
}

/// Events to regular series: group columns (text), the bucket start (a timestamp in the
/// options' zone) and the count or sum, one row per bucket, groups in order of first
/// appearance.
pub fn bucket_table(table: &Table, options: &BucketOptions) -> Result<Table> {
    let times = table.timestamps(&options.time_column)?;
    let values = options
        .value_column
        .as_deref()
        .map(|c| table.floats(c))
        .transpose()?;
    let keys = group_keys(table, &options.group_by)?;
    let series = bucket_events(&times, values.as_deref(), keys.as_deref(), options)?;
    let zone = if parse_offset(&options.time_zone)? == 0 {
        "UTC".to_string()
    } else {
        options.time_zone.trim().to_string()
    };
    let mut key_cols: Vec<Vec<Option<String>>> = vec![Vec::new(); options.group_by.len()];
    let mut starts: Vec<Option<i64>> = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    for s in &series {
        for (t, v) in s.times().into_iter().zip(&s.values) {
            for (col, k) in key_cols.iter_mut().zip(&s.key) {
                col.push(k.clone());
            }
            starts.push(Some(t));
            sums.push(*v);
        }
    }
    let mut columns: Vec<(String, ArrayRef)> = options
        .group_by
        .iter()
        .zip(key_cols)
        .map(|(name, vals)| (name.clone(), Arc::new(StringArray::from(vals)) as ArrayRef))
        .collect();
    columns.push((options.time_column.clone(), timestamp_array(starts, &zone)));
    let out_name = options
        .output_column
        .clone()
        .or_else(|| options.value_column.clone())
        .unwrap_or_else(|| "count".into());
    columns.push((out_name, floats(&sums)));
    Ok(Table::from_columns(columns)?)
}

/// Event times in whole seconds: timestamp or text columns, or numbers of seconds.
fn seconds(table: &Table, column: &str) -> Result<Vec<Option<i64>>> {
    let ty = table.data_type(column)?;
    Ok(match ty {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => table.ints(column)?,
        DataType::Float16 | DataType::Float32 | DataType::Float64 => table
            .floats(column)?
            .into_iter()
            .map(|v| {
                v.filter(|x| x.is_finite() && x.abs() < 9e18)
                    .map(|x| x.floor() as i64)
            })
            .collect(),
        _ => table
            .timestamps(column)?
            .into_iter()
            .map(|t| t.map(|t| t.div_euclid(1_000_000_000)))
            .collect(),
    })
}

/// How many rows of `table` have no usable time in `options.time_column` (missing, NaN
/// or infinite): [`polling_table`] and [`polling_summary_table`] leave them out.
pub fn polling_untimed_rows(table: &Table, options: &PollingOptions) -> Result<usize> {
    Ok(seconds(table, &options.time_column)?
        .iter()
        .filter(|t| t.is_none())
        .count())
}

/// MSTICPy's `detect_polling` over a table: the input rows with `p_value`,
/// `dominant_frequency` and `dominant_interval` added, per group when `group_by` is set.
/// Rows of a group that could not be tested get nulls.
pub fn polling_table(table: &Table, options: &PollingOptions) -> Result<Table> {
    let times = seconds(table, &options.time_column)?;
    let keys =
        group_keys(table, &options.group_by)?.unwrap_or_else(|| vec![Vec::new(); times.len()]);
    let groups = detect_polling_groups(&times, &keys, options)?;
    let n = table.num_rows();
    let (mut p, mut f, mut i) = (vec![None; n], vec![None; n], vec![None; n]);
    for g in &groups {
        for &row in &g.rows {
            if let (Some(ps), Some(fs), Some(is)) = (p.get_mut(row), f.get_mut(row), i.get_mut(row))
            {
                *ps = g.result.p_value;
                *fs = g.result.dominant_frequency;
                *is = g.result.dominant_interval;
            }
        }
    }
    Ok(table.with_columns(vec![
        (
            "p_value".into(),
            Arc::new(Float64Array::from(p)) as ArrayRef,
        ),
        (
            "dominant_frequency".into(),
            Arc::new(Float64Array::from(f)) as ArrayRef,
        ),
        (
            "dominant_interval".into(),
            Arc::new(Float64Array::from(i)) as ArrayRef,
        ),
    ])?)
}

/// One row per group (stream): the group columns, `events`, `untimed` (events left out
/// for a missing, NaN or infinite time), `bins`, `p_value`,
/// `dominant_frequency`, `dominant_interval` and `note`, most periodic first.
pub fn polling_summary_table(table: &Table, options: &PollingOptions) -> Result<Table> {
    let times = seconds(table, &options.time_column)?;
    let keys =
        group_keys(table, &options.group_by)?.unwrap_or_else(|| vec![Vec::new(); times.len()]);
    let mut groups = detect_polling_groups(&times, &keys, options)?;
    // Events whose time is missing, NaN or infinite are left out of the test: each
    // group says how many, so none go unnoticed.
    let mut untimed: std::collections::HashMap<&[Option<String>], u64> =
        std::collections::HashMap::new();
    for (t, key) in times.iter().zip(&keys) {
        if t.is_none() {
            *untimed.entry(key.as_slice()).or_default() += 1;
        }
    }
    groups.sort_by(|a, b| {
        let pa = a.result.p_value.unwrap_or(f64::INFINITY);
        let pb = b.result.p_value.unwrap_or(f64::INFINITY);
        pa.total_cmp(&pb)
    });
    let mut columns: Vec<(String, ArrayRef)> = options
        .group_by
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let vals: Vec<Option<String>> = groups
                .iter()
                .map(|g| g.key.get(k).cloned().flatten())
                .collect();
            (name.clone(), Arc::new(StringArray::from(vals)) as ArrayRef)
        })
        .collect();
    columns.push((
        "events".into(),
        Arc::new(UInt64Array::from(
            groups
                .iter()
                .map(|g| g.result.events as u64)
                .collect::<Vec<_>>(),
        )),
    ));
    columns.push((
        "untimed".into(),
        Arc::new(UInt64Array::from(
            groups
                .iter()
                .map(|g| untimed.get(g.key.as_slice()).copied().unwrap_or(0))
                .collect::<Vec<_>>(),
        )),
    ));
    columns.push((
        "bins".into(),
        Arc::new(UInt64Array::from(
            groups
                .iter()
                .map(|g| g.result.bins as u64)
                .collect::<Vec<_>>(),
        )),
    ));
    columns.push((
        "p_value".into(),
        Arc::new(Float64Array::from(
            groups.iter().map(|g| g.result.p_value).collect::<Vec<_>>(),
        )),
    ));
    columns.push((
        "dominant_frequency".into(),
        Arc::new(Float64Array::from(
            groups
                .iter()
                .map(|g| g.result.dominant_frequency)
                .collect::<Vec<_>>(),
        )),
    ));
    columns.push((
        "dominant_interval".into(),
        Arc::new(Float64Array::from(
            groups
                .iter()
                .map(|g| g.result.dominant_interval)
                .collect::<Vec<_>>(),
        )),
    ));
    columns.push((
        "note".into(),
        Arc::new(StringArray::from(
            groups
                .iter()
                .map(|g| g.result.note.clone())
                .collect::<Vec<_>>(),
        )),
    ));
    Ok(Table::from_columns(columns)?)
}
