// Points ↔ input rows. A selection travels as INPUT row positions (what `selected_indices`
// holds and linked views share); the view draws points, which are the engine's rows in
// time order. A point of a series is one input row (the k-th earliest, when the engine
// kept them all); a point of bucketed events stands for every input row in its bucket.
import { lowerBound, upperBound } from "./columns.js";

export const MAX_SELECTED = 200000; // input rows one selection hands on

// Input rows (positions in the sorted input, [a, b)) whose times fall in [t0, t1).
function inputRange(series, t0, t1) {
  return [lowerBound(series.inputTimes, t0), lowerBound(series.inputTimes, t1)];
}

// The sorted-input range a point run [k0, k1) covers.
function coverOf(series, k0, k1) {
  if (k1 <= k0) return [0, 0];
  if (series.rank) return [k0, k1];
  const eps = series.span > 0 ? 0 : 1e-3; // a series point's own time, to a microsecond
  return inputRange(series, series.times[k0] - eps, series.times[k1 - 1] + (series.span || eps));
}

function rowsOf(series, [a, b]) {
  const end = Math.min(b, a + MAX_SELECTED);
  return { rows: Array.from(series.order.subarray(a, end)).sort((x, y) => x - y), truncated: end < b };
}

/** The input rows of point `k`, ascending: `{ rows, truncated }`. */
export function pointRows(series, k) {
  return rowsOf(series, coverOf(series, k, k + 1));
}

/** The points whose times fall in [t0, t1], as a range `[k0, k1)`. */
export function pointsIn(series, t0, t1) {
  return [lowerBound(series.times, t0), upperBound(series.times, t1)];
}

/** The input rows of the points in time range [t0, t1], ascending: `{ rows, truncated }`. */
export function rangeRows(series, t0, t1) {
  const [k0, k1] = pointsIn(series, t0, t1);
  return rowsOf(series, coverOf(series, k0, k1));
}

// rank⁻¹: the point of each input row (−1 for rows without a time), built once per series.
function rankOf(series) {
  if (!series.rankOf) {
    const r = new Int32Array(series.inputRows).fill(-1);
    for (let k = 0; k < series.order.length; k++) r[series.order[k]] = k;
    series.rankOf = r;
  }
  return series.rankOf;
}

// Each input row's time, built once per series (for rows named by another view).
function timeOfRow(series) {
  if (!series.rowTime) {
    const t = new Float64Array(series.inputRows).fill(NaN);
    for (let k = 0; k < series.order.length; k++) t[series.order[k]] = series.inputTimes[k];
    series.rowTime = t;
  }
  return series.rowTime;
}

/** The points that input rows `rows` fall on, ascending and distinct (a Uint32Array). */
export function pointsOfRows(series, rows) {
  const n = series.n;
  const hit = new Uint8Array(n);
  if (series.rank) {
    const r = rankOf(series);
    for (const row of rows) {
      const k = row >= 0 && row < r.length ? r[row] : -1;
      if (k >= 0 && k < n) hit[k] = 1;
    }
  } else {
    const rt = timeOfRow(series);
    for (const row of rows) {
      const t = row >= 0 && row < rt.length ? rt[row] : NaN;
      if (Number.isNaN(t)) continue;
      // The last point at or before the row's time (a bucket's start), if it covers it.
      const eps = series.span ? 0 : 1e-3;
      const k = upperBound(series.times, t + eps) - 1;
      const covered = series.span ? t < series.times[k] + series.span : t <= series.times[k] + eps;
      if (k >= 0 && covered) hit[k] = 1;
    }
  }
  const out = [];
  for (let k = 0; k < n; k++) if (hit[k]) out.push(k);
  return Uint32Array.from(out);
}
