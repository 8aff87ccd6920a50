// Time-series anomalies (STL / MSTL), events-to-series bucketing and beaconing detection.
import { engineOptions, output, toInputBytes } from "./data.js";
import { call } from "./error.js";
import { wasm } from "./wasm.js";

function toFloat64(values) {
  if (values instanceof Float64Array) return values;
  if (values != null && typeof values.toArray === "function") values = values.toArray();
  // null and undefined become NaN, which the engine reports with its row.
  return Float64Array.from(values, (v) => (v == null ? NaN : Number(v)));
}

/**
 * STL decomposition of evenly spaced values, as statsmodels' `STL(values, ...).fit()`.
 * `options.period` is required; every other STL option has statsmodels' default.
 */
export function stl(values, options = {}) {
  const v = toFloat64(values);
  return call(() => wasm().stl(v, options));
}

/** MSTL decomposition with several seasonal periods (`options.periods`, e.g. `[24, 168]`). */
export function mstl(values, options = {}) {
  const v = toFloat64(values);
  return call(() => wasm().mstl(v, options));
}

/** Candidate seasonal periods, strongest first, from the periodogram. */
export function detectPeriods(values, maxCount = 1) {
  const v = toFloat64(values);
  return Array.from(call(() => wasm().detectPeriods(v, maxCount)));
}

/**
 * Decomposes a table's value column and scores each row: the time and value columns plus
 * `residual, trend, seasonal, weights, baseline, score, anomalies`, sorted by time.
 * `{ compat: "msticpy" }` reproduces MSTICPy's `timeseries_anomalies_stl` exactly.
 */
export function timeSeriesAnomalies(data, options = {}) {
  const bytes = toInputBytes(data);
  return output(call(() => wasm().timeSeriesAnomalies(bytes, options.read, engineOptions(options))), options);
}

/**
 * Flags scores again without decomposing: an `Int8Array` of −1, 0, +1. Cheap enough to
 * run on every move of a slider. `scores` may be an array, a `Float64Array` or an Arrow
 * column.
 */
export function applyThreshold(scores, threshold = 3, thresholdLow = undefined, compat = undefined) {
  const s = toFloat64(scores);
  return call(() => wasm().applyThreshold(s, threshold, thresholdLow ?? undefined, compat ?? undefined));
}

/** Re-flags a scored table; the flag column is replaced and moved to the end. */
export function rethreshold(data, options = {}) {
  const bytes = toInputBytes(data);
  return output(call(() => wasm().rethreshold(bytes, options.read, engineOptions(options))), options);
}

/** Periods around flagged rows, as `{ start: Date, end: Date }`. */
export function anomalyPeriods(data, options = {}) {
  const bytes = toInputBytes(data);
  const periods = call(() => wasm().anomalyPeriods(bytes, options.read, engineOptions(options)));
  return periods.map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));
}

/** A KQL `where` clause selecting the anomaly periods of a flagged table ("" when none). */
export function kqlPeriods(data, options = {}) {
  const bytes = toInputBytes(data);
  return call(() => wasm().kqlPeriods(bytes, options.read, engineOptions(options)));
}

/** Counts events (or sums `valueColumn`) into regular buckets, per `groupBy` group, gaps 0. */
export function bucketEvents(data, options = {}) {
  const bytes = toInputBytes(data);
  return output(call(() => wasm().bucketEvents(bytes, options.read, engineOptions(options))), options);
}

/**
 * Beaconing detection with a periodogram and Fisher's g-test, per `groupBy` group: the
 * input rows with `p_value`, `dominant_frequency` and `dominant_interval`, or with
 * `{ summary: true }` one row per group, most periodic first.
 */
export function detectPolling(data, options = {}) {
  const bytes = toInputBytes(data);
  const { summary = false, ...rest } = options;
  return output(call(() => wasm().detectPolling(bytes, options.read, engineOptions(rest), summary)), options);
}
