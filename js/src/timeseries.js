// Time-series anomalies (STL / MSTL), events-to-series bucketing and beaconing detection.
import { float64s, number, optionsJSON, optionsObject } from "./boundary.js";
import { output, toInputBytes } from "./data.js";
import { call, guard, HuntkitError } from "./error.js";
import { wasm } from "./wasm.js";

// As many doubles as the wasm's default input limit (256 MiB) holds: the array engines
// read no table, so this is their read limit.
const MAX_VALUES = (256 * 1024 * 1024) / 8;

function values(v, fn) {
  return float64s(v, `${fn}'s values`, MAX_VALUES);
}

/**
 * STL decomposition of evenly spaced values, as statsmodels' `STL(values, ...).fit()`.
 * `options.period` is required; every other STL option has statsmodels' default.
 */
export function stl(series, options = {}) {
  const [v, json] = guard(() => [values(series, "stl"), optionsJSON(options, "stl")]);
  return call(() => wasm().stl(v, json));
}

/** MSTL decomposition with several seasonal periods (`options.periods`, e.g. `[24, 168]`). */
export function mstl(series, options = {}) {
  const [v, json] = guard(() => [values(series, "mstl"), optionsJSON(options, "mstl")]);
  return call(() => wasm().mstl(v, json));
}

/** Candidate seasonal periods, strongest first, from the periodogram. */
export function detectPeriods(series, maxCount = 1) {
  const [v, n] = guard(() => [
    values(series, "detectPeriods"),
    number(maxCount, "detectPeriods' maxCount", { integer: true, min: 0, max: 16 }),
  ]);
  return Array.from(call(() => wasm().detectPeriods(v, n)));
}

/**
 * Decomposes a table's value column and scores each row: the time and value columns plus
 * `residual, trend, seasonal, weights, baseline, score, anomalies`, sorted by time.
 * `{ compat: "msticpy" }` reproduces MSTICPy's `timeseries_anomalies_stl` exactly.
 */
export function timeSeriesAnomalies(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "timeSeriesAnomalies", ["output"])]);
  return output(call(() => wasm().timeSeriesAnomalies(bytes, json)), options);
}

/**
 * Flags scores again without decomposing: an `Int8Array` of −1, 0, +1. Cheap enough to
 * run on every move of a slider. `scores` may be an array, a `Float64Array` or an Arrow
 * column.
 */
export function applyThreshold(scores, threshold = 3, thresholdLow = undefined, compat = undefined) {
  const [s, high, low] = guard(() => {
    // The engine checks the value; here only that it is text.
    if (compat !== undefined && compat !== null && typeof compat !== "string") {
      throw new HuntkitError("invalid_option", `applyThreshold's compat must be "huntkit" or "msticpy"`);
    }
    return [
      values(scores, "applyThreshold"),
      number(threshold, "applyThreshold's threshold"),
      number(thresholdLow, "applyThreshold's thresholdLow", { optional: true }),
    ];
  });
  return call(() => wasm().applyThreshold(s, high, low, compat ?? undefined));
}

/** Re-flags a scored table; the flag column is replaced and moved to the end. */
export function rethreshold(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "rethreshold", ["output"])]);
  return output(call(() => wasm().rethreshold(bytes, json)), options);
}

/** Periods around flagged rows, as `{ start: Date, end: Date }`. */
export function anomalyPeriods(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "anomalyPeriods")]);
  const periods = call(() => wasm().anomalyPeriods(bytes, json));
  return periods.map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));
}

/** A KQL `where` clause selecting the anomaly periods of a flagged table ("" when none). */
export function kqlPeriods(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "kqlPeriods")]);
  return call(() => wasm().kqlPeriods(bytes, json));
}

/** Counts events (or sums `valueColumn`) into regular buckets, per `groupBy` group, gaps 0. */
export function bucketEvents(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "bucketEvents", ["output"])]);
  return output(call(() => wasm().bucketEvents(bytes, json)), options);
}

/**
 * Beaconing detection with a periodogram and Fisher's g-test, per `groupBy` group: the
 * input rows with `p_value`, `dominant_frequency` and `dominant_interval`, or with
 * `{ summary: true }` one row per group, most periodic first.
 */
export function detectPolling(data, options = {}) {
  const [bytes, json, summary] = guard(() => {
    const o = optionsObject(options, "detectPolling");
    if (o.summary !== undefined && typeof o.summary !== "boolean") {
      throw new HuntkitError("invalid_option", "detectPolling's summary must be true or false");
    }
    return [toInputBytes(data), optionsJSON(o, "detectPolling", ["output", "summary"]), o.summary === true];
  });
  return output(call(() => wasm().detectPolling(bytes, json, summary)), options);
}
