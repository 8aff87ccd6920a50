// Whether the data are events to count into a regular series or a series already, and
// the interval to count them in.
//
// STL needs evenly spaced values. With `bucket` unset the view decides from the times:
// evenly spaced, distinct times are a series and are decomposed as they are; anything
// else (repeated times, or gaps that differ) is bucketed by the engine (`bucketEvents`):
// events are counted per interval, or the value column summed per interval when one is
// named. The interval is the series' usual step when most gaps share one (a regular
// series with holes, filled with zeros), otherwise "1h" when that gives 48 to 100,000
// buckets, otherwise the smallest of 1s … 7d that gives at most 1,000.

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const NICE = [S, 5 * S, 10 * S, 15 * S, 30 * S, MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, H, 2 * H, 3 * H, 6 * H, 12 * H, D, 7 * D];

/** Milliseconds as the engine's interval text ("1h", "15min", "90s", "250ms", "5us"). */
export function durationText(ms) {
  if (!(ms > 0)) return "1h";
  if (ms % (7 * D) === 0) return `${ms / (7 * D)}w`;
  if (ms % D === 0) return `${ms / D}d`;
  if (ms % H === 0) return `${ms / H}h`;
  if (ms % MIN === 0) return `${ms / MIN}min`;
  if (ms % S === 0) return `${ms / S}s`;
  if (Number.isInteger(ms)) return `${ms}ms`;
  return `${Math.max(1, Math.round(ms * 1000))}us`;
}

/** Interval text ("1h", "15min", "2d", "500ms") in milliseconds, or NaN. */
export function durationMs(text) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|min|h|d|w)\s*$/i.exec(String(text));
  if (!m) return NaN;
  const unit = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: S, m: MIN, min: MIN, h: H, d: D, w: 7 * D }[m[2].toLowerCase()];
  return Number(m[1]) * unit;
}

/**
 * How times (ascending, epoch ms) are spaced: `{ regular, step, share }` — `regular` when
 * there are two times or more, all distinct and evenly spaced; `step` the most common gap
 * greater than zero and `share` the fraction of gaps that equal it.
 */
export function spacing(sorted) {
  const n = sorted.length;
  if (n < 2) return { regular: false, step: 0, share: 0 };
  const first = sorted[1] - sorted[0];
  let even = first > 0;
  for (let i = 2; i < n && even; i++) even = sorted[i] - sorted[i - 1] === first;
  if (even) return { regular: true, step: first, share: 1 };
  const counts = new Map();
  for (let i = 1; i < n; i++) {
    const gap = sorted[i] - sorted[i - 1];
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let step = 0;
  let best = 0;
  for (const [gap, c] of counts) {
    if (c > best || (c === best && gap < step)) {
      step = gap;
      best = c;
    }
  }
  return { regular: false, step, share: best / (n - 1) };
}

/** The automatic interval for events spanning `span` ms. */
export function autoInterval(span) {
  if (span / H >= 48 && span / H <= 100000) return H;
  return NICE.find((c) => span / c <= 1000) ?? 7 * D;
}

/**
 * The bucketing to do for times `sorted` under option `bucket` (from `bucketOption`):
 * null for none, or `{ interval: text, ms }`.
 */
export function bucketPlan(sorted, bucket) {
  if (bucket.mode === "never") return null;
  if (bucket.interval) return { interval: bucket.interval, ms: durationMs(bucket.interval) };
  const s = spacing(sorted);
  if (bucket.mode === "auto" && s.regular) return null;
  const span = sorted.length ? sorted[sorted.length - 1] - sorted[0] : 0;
  const ms = s.share >= 0.5 && s.step > 0 ? s.step : autoInterval(span);
  return { interval: durationText(ms), ms };
}

/** The usual gap of ascending times: the first gap when even, else the median of the first 10,000. */
export function typicalStep(sorted) {
  const n = Math.min(sorted.length, 10001);
  if (n < 2) return 0;
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = sorted[i] - sorted[i - 1];
  gaps.sort();
  return gaps[gaps.length >> 1];
}
