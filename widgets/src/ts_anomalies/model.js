// The view's state over the analysed series: the current flags (re-flagged by the engine
// on every threshold change, the decomposition untouched), the list of anomalies, the
// result table published to the model, and the anomaly periods and KQL filter.
import { toIPC } from "../common/arrow.js";
import { durationText } from "./bucket.js";
import { lowerBound } from "./columns.js";
import { compatOf, drawsLow, periodsPosOnly, thresholds } from "./options.js";

export const LAYERS = ["observed", "baseline", "high", "low", "score"];

/** A fresh state: nothing analysed, every layer shown. */
export function createState() {
  return {
    engine: null,
    input: null,
    series: null,
    flags: null,
    anomalies: new Uint32Array(0), // points flagged, ascending
    counts: { high: 0, low: 0 },
    threshold: { high: 3, low: undefined, lowLine: 3 },
    hidden: new Set(),
    highlight: new Uint32Array(0), // points whose rows are selected (here or in a linked view)
    selection: null, // { range: [t0, t1] | null, point: k | null } chosen in this view
    selectedRows: 0,
    cursor: -1, // the anomaly the keyboard is on (a point)
    version: 0, // bumped when the series changes (drawing caches key on it)
    layoutVersion: 0, // bumped when the panels are laid out (and their canvases cleared)
    flagVersion: 0,
    x0: null,
    x: null,
    geom: null,
    frame: 0,
    destroyed: false,
  };
}

/** The points flagged ±1 in `flags` (only +1 when `low` is false), ascending. */
export function anomalyList(flags, low = true) {
  return flagStats(flags, low).list;
}

/** `{ list, high, low }`: the points `anomalyList` gives, and the counts of +1 and −1 flags. */
export function flagStats(flags, low = true) {
  let up = 0;
  let down = 0;
  for (let k = 0; k < flags.length; k++) {
    const f = flags[k];
    if (f > 0) up++;
    else if (f < 0) down++;
  }
  const list = new Uint32Array(low ? up + down : up);
  let i = 0;
  for (let k = 0; k < flags.length; k++) {
    const f = flags[k];
    if (f > 0 || (low && f < 0)) list[i++] = k;
  }
  return { list, high: up, low: down };
}

/**
 * Flags the scores at the options' thresholds: the engine's own flags when `initial` (as
 * it decomposed, or as the data came with `analyze=false`), else `applyThreshold` on the
 * scores, which is cheap enough for every step of a slider.
 */
export function reflag(state, opt, initial = false) {
  const { series, engine } = state;
  state.threshold = thresholds(opt);
  if (!series) return;
  const { high, low } = state.threshold;
  state.flags = initial ? series.flags : engine.applyThreshold(series.score, high, low, compatOf(opt));
  const stats = flagStats(state.flags, drawsLow(opt));
  state.anomalies = stats.list;
  state.counts = { high: stats.high, low: stats.low };
  state.flagVersion++;
}

/** The anomalies the keyboard visits: those of shown layers. */
export function visibleAnomalies(state) {
  const { hidden, flags, anomalies } = state;
  if (!hidden.has("high") && !hidden.has("low")) return anomalies;
  return anomalies.filter((k) => (flags[k] > 0 ? !hidden.has("high") : !hidden.has("low")));
}

/**
 * The anomaly after (`step` 1) or before (−1) the keyboard's, or the first one at or after
 * time `from` (the view's middle) when none is chosen yet; −1 when there is none.
 */
export function nextAnomaly(state, step, from) {
  const list = visibleAnomalies(state);
  if (!list.length) return -1;
  const at = state.cursor;
  if (at < 0) {
    const i = lowerBound(Float64Array.from(list, (k) => state.series.times[k]), from);
    return list[Math.min(list.length - 1, step > 0 ? i : Math.max(0, i - 1))];
  }
  const i = lowerBound(list, at);
  const j = list[i] === at ? i + step : step > 0 ? i : i - 1;
  return list[Math.max(0, Math.min(list.length - 1, j))];
}

// Int8 flags as an Int64 Arrow vector (the engine's type), written through 32-bit halves.
function int64Vector(arrow, flags) {
  const big = new BigInt64Array(flags.length);
  const words = new Int32Array(big.buffer);
  for (let i = 0; i < flags.length; i++) {
    words[2 * i] = flags[i];
    words[2 * i + 1] = flags[i] < 0 ? -1 : 0;
  }
  return arrow.makeVector(big);
}

/**
 * The result table at the current flags: the engine's anomalies table (time, value,
 * residual, trend, seasonal, weights, baseline, score, then the flags, named
 * `anomalies_column`), or the input with its flags replaced under `analyze=false`.
 */
export function resultTable(state, opt) {
  const { series, flags, engine } = state;
  const name = String(opt("anomalies_column"));
  if (series.mode === "precomputed") {
    const full = new Int8Array(series.inputRows);
    for (let k = 0; k < series.order.length; k++) full[series.order[k]] = flags[k];
    return series.table.setChild(series.flagColumn, int64Vector(engine.arrow, full));
  }
  const keep = series.table.schema.fields.map((f) => f.name).filter((n) => n !== "anomalies" && n !== name);
  return series.table.select(keep).assign(new engine.arrow.Table({ [name]: int64Vector(engine.arrow, flags) }));
}

/** The padding of anomaly periods: `anomaly_period`, else the series' step ("1h" under msticpy). */
export function periodText(state, opt) {
  if (opt("anomaly_period")) return String(opt("anomaly_period"));
  if (compatOf(opt) === "msticpy" || !state.series) return "1h";
  return durationText(state.series.step);
}

/**
 * The anomaly periods (`{ start, end }` Dates) and the KQL filter for them, from the
 * engine, given only the flagged points (the periods need nothing else).
 */
export function anomalyPeriods(state, opt) {
  const { series, flags, engine } = state;
  const { arrow } = engine;
  const ks = anomalyList(flags, !periodsPosOnly(opt));
  const ms = new BigInt64Array(ks.length);
  const f = new Int8Array(ks.length);
  ks.forEach((k, i) => {
    ms[i] = BigInt(Math.round(series.times[k]));
    f[i] = flags[k];
  });
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampMillisecond("UTC"), data: ms, length: ks.length }));
  // As IPC bytes: the engine reads those whichever copy of apache-arrow made the table.
  const table = toIPC(new arrow.Table({ [series.timeColumn]: time, anomalies: int64Vector(arrow, f) }), engine);
  const o = { timeColumn: series.timeColumn, anomaliesColumn: "anomalies", period: periodText(state, opt), posOnly: periodsPosOnly(opt), compat: compatOf(opt) };
  return { spans: engine.anomalyPeriods(table, o), kql: engine.kqlPeriods(table, o), options: o };
}
