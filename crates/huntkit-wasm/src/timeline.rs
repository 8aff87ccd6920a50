//! Timeline views: an index built once per data set, queried on every frame.
//!
//! Times cross the boundary as JS numbers in milliseconds since the epoch (what `Date` and
//! d3 scales use); the index itself keeps nanoseconds.

use huntkit_timeline::{Timeline, TimelineOptions};
use js_sys::{Float64Array, Object, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{set, table_options, to_js};
use crate::table::read_table;

fn to_ns(ms: f64) -> Result<i64, JsValue> {
    if !ms.is_finite() {
        return Err(coded(
            "invalid_option",
            &format!("time {ms} is not a finite number"),
        ));
    }
    // Whole milliseconds convert exactly (ms · 1e6 in f64 would round at this magnitude);
    // the casts saturate at the ends of the i64 range.
    let whole = ms.trunc();
    let frac = ((ms - whole) * 1e6).round() as i64;
    Ok((whole as i64)
        .saturating_mul(1_000_000)
        .saturating_add(frac))
}

fn to_ms(ns: i64) -> f64 {
    // Whole milliseconds first, so times on a millisecond stay exact.
    (ns.div_euclid(1_000_000)) as f64 + (ns.rem_euclid(1_000_000)) as f64 / 1e6
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info<'a> {
    rows: usize,
    events: usize,
    skipped: usize,
    lanes: &'a [String],
    colours: &'a [String],
    colours_truncated: bool,
    extent: Option<[f64; 2]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Span {
    lane: u32,
    count: u64,
    first: f64,
    last: f64,
    first_row: u32,
    last_row: u32,
}

/// A sorted, binned view of one data set's events.
#[wasm_bindgen(js_name = TimelineIndex)]
pub struct TimelineIndex {
    inner: Timeline,
}

#[wasm_bindgen(js_class = TimelineIndex)]
impl TimelineIndex {
    /// Reads `data` (Arrow IPC, CSV or JSON bytes) and indexes it. `options` holds the
    /// timeline options (`timeColumn`, `groupBy`, `colorColumn`, `valueColumn`,
    /// `endTimeColumn`, `compat`, `limits`, …) and, under `read`, the read options.
    #[wasm_bindgen(constructor)]
    pub fn new(data: Vec<u8>, options_json: Option<String>) -> Result<TimelineIndex, JsValue> {
        let (opts, read): (TimelineOptions, _) = table_options(options_json)?;
        let table = read_table(data, &read)?;
        let inner = Timeline::from_table(&table, &opts).map_err(|e| js_error(&e))?;
        Ok(TimelineIndex { inner })
    }

    /// Rows, indexed events, skipped rows, lane and colour labels, and the time extent.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let t = &self.inner;
        to_js(&Info {
            rows: t.rows,
            events: t.index.len(),
            skipped: t.skipped,
            lanes: &t.lanes,
            colours: &t.colours,
            colours_truncated: t.colours_truncated,
            extent: t.index.extent().map(|(a, b)| [to_ms(a), to_ms(b)]),
        })
    }

    /// The extent widened by `fraction` of its span each side, `[start, end]` in ms.
    #[wasm_bindgen(js_name = paddedExtent)]
    pub fn padded_extent(&self, fraction: f64) -> Option<Vec<f64>> {
        self.inner
            .index
            .padded_extent(fraction)
            .map(|(a, b)| vec![to_ms(a), to_ms(b)])
    }

    /// Level-of-detail bins of the window `[start, end)` (ms) over `width` pixel columns,
    /// leaving out the `hidden` lanes. Returns typed arrays `lane`, `column`, `count`,
    /// `row`, `colour` (and `min`, `max`, `maxRow` in values mode) plus `visible` and
    /// `maxCount`.
    pub fn bin(
        &self,
        start: f64,
        end: f64,
        width: u32,
        hidden: &[u32],
    ) -> Result<JsValue, JsValue> {
        let bins = self
            .inner
            .index
            .bin(to_ns(start)?, to_ns(end)?, width, hidden)
            .map_err(|e| js_error(&e))?;
        let obj = Object::new();
        set(&obj, "lane", &Uint32Array::from(bins.lane.as_slice()))?;
        set(&obj, "column", &Uint32Array::from(bins.column.as_slice()))?;
        set(&obj, "count", &Uint32Array::from(bins.count.as_slice()))?;
        set(&obj, "row", &Uint32Array::from(bins.row.as_slice()))?;
        set(&obj, "colour", &Uint32Array::from(bins.colour.as_slice()))?;
        set(&obj, "min", &Float64Array::from(bins.min.as_slice()))?;
        set(&obj, "max", &Float64Array::from(bins.max.as_slice()))?;
        set(&obj, "maxRow", &Uint32Array::from(bins.max_row.as_slice()))?;
        set(&obj, "visible", &JsValue::from_f64(bins.visible as f64))?;
        set(
            &obj,
            "maxCount",
            &JsValue::from_f64(f64::from(bins.max_count)),
        )?;
        Ok(obj.into())
    }

    /// Rows of the events in `lane` nearest to `time` (ms), nearest first, at most
    /// `tolerance` ms away and at most `limit` of them.
    pub fn hit(
        &self,
        lane: u32,
        time: f64,
        tolerance: f64,
        limit: u32,
    ) -> Result<Vec<u32>, JsValue> {
        let tol = to_ns(tolerance.max(0.0))?;
        Ok(self
            .inner
            .index
            .hit(lane, to_ns(time)?, tol, limit as usize))
    }

    /// Rows with a time in `[start, end]` (ms) outside the `hidden` lanes, in input order:
    /// `{ rows: Uint32Array, total, truncated }`.
    pub fn select(&self, start: f64, end: f64, hidden: &[u32]) -> Result<JsValue, JsValue> {
        let sel = self.inner.index.select(to_ns(start)?, to_ns(end)?, hidden);
        let obj = Object::new();
        set(&obj, "rows", &Uint32Array::from(sel.rows.as_slice()))?;
        set(&obj, "total", &JsValue::from_f64(sel.total as f64))?;
        set(&obj, "truncated", &JsValue::from_bool(sel.truncated))?;
        Ok(obj.into())
    }

    /// First and last time (ms) of every non-empty lane, for duration bars.
    pub fn spans(&self) -> Result<JsValue, JsValue> {
        let spans: Vec<Span> = self
            .inner
            .index
            .spans()
            .into_iter()
            .map(|s| Span {
                lane: s.lane,
                count: s.count,
                first: to_ms(s.first),
                last: to_ms(s.last),
                first_row: s.first_row,
                last_row: s.last_row,
            })
            .collect();
        to_js(&spans)
    }
}
