// The view's options: model traits named like MSTICPy's keyword arguments
// (`ts_anomalies_stl` and `display_timeseries_anomalies`), read with their defaults and
// normalised to what the other modules compute and draw with.
import { colourOr } from "../common/colour.js";
import { optionReader as readOptions, toMs } from "../common/options.js";

export const DEFAULTS = {
  time_column: "TimeGenerated",
  value_column: null, // the engine's choice: the first column that is not the time
  period: null, // STL season in samples; detected (huntkit) or 24 (msticpy) when null
  seasonal: 7,
  robust: false,
  score_threshold: 3,
  threshold_low: null, // scores below −threshold_low are flagged −1; default threshold
  anomalies_column: "anomalies",
  analyze: true, // false: draw the data's own baseline, score and anomalies columns
  bucket: null, // null: bucket when times are irregular; true/interval text: always; false: never
  anomaly_period: null, // padding of anomaly periods; default the series' step ("1h" msticpy)
  pos_only: null, // periods of +1 only; default false (huntkit), true (msticpy)
  compat: "huntkit",
  title: null,
  width: null,
  height: null,
  legend: "top_left",
  xgrid: false,
  ygrid: false,
  yaxis: true,
  range_tool: true,
  color: ["navy", "green", "firebrick"],
  kind: "circle_x",
  ref_markers: [],
  theme: "auto",
};

// Options that change the decomposition: a change runs the engine again.
export const ANALYSIS_KEYS = [
  "time_column", "value_column", "period", "seasonal", "robust", "anomalies_column", "analyze", "bucket", "compat",
];
// Options that re-flag the scores only (no new decomposition).
export const THRESHOLD_KEYS = ["score_threshold", "threshold_low"];
// Options of the anomaly periods only.
export const PERIOD_KEYS = ["anomaly_period", "pos_only"];
export const VIEW_KEYS = ["title", "width", "height", "legend", "xgrid", "ygrid", "yaxis", "range_tool", "color", "kind", "ref_markers"];

export const TITLE = "Time Series Anomalies Visualization"; // MSTICPy's default title
export const KINDS = ["circle_x", "cross", "diamond", "diamond_cross"];
export const LEGEND_PLACES = ["top_left", "top_right", "bottom_left", "bottom_right", "none"];
const PALETTE = ["navy", "green", "firebrick", "darkorange"];

/** `opt(name)`: the model's value of an option, or its default when unset or null. */
export const optionReader = (model) => readOptions(model, DEFAULTS);

/** "msticpy" or "huntkit" ("none" is another name for huntkit). */
export function compatOf(opt) {
  return opt("compat") === "msticpy" ? "msticpy" : "huntkit";
}

/** A finite number option, or `fallback`. */
export function numberOr(v, fallback) {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/**
 * The thresholds: `high`, `low` as given (undefined when unset, for the engine) and
 * `lowLine`, where −1 flags start (`low`, or `high` when unset; msticpy's `or` also
 * replaces 0).
 */
export function thresholds(opt) {
  const high = numberOr(opt("score_threshold"), 3);
  const low = numberOr(opt("threshold_low"), undefined);
  const lowLine = low === undefined || (low === 0 && compatOf(opt) === "msticpy") ? high : low;
  return { high, low, lowLine };
}

/** The engine's `timeSeriesAnomalies` options for a table whose time column is `timeColumn`. */
export function anomalyOptions(opt, timeColumn, valueColumn) {
  const o = { timeColumn, compat: compatOf(opt), seasonal: Math.trunc(numberOr(opt("seasonal"), 7)), robust: Boolean(opt("robust")) };
  if (valueColumn) o.valueColumn = valueColumn;
  const p = numberOr(opt("period"), NaN);
  if (Number.isFinite(p)) o.period = Math.trunc(p);
  const { high, low } = thresholds(opt);
  o.threshold = high;
  if (low !== undefined) o.thresholdLow = low;
  return o;
}

/**
 * Bucketing asked for: `{ mode: "auto" | "always" | "never", interval }` (`interval` the
 * text given, or null for the automatic choice).
 */
export function bucketOption(opt) {
  const b = opt("bucket");
  if (b === false || b === "none" || b === "off") return { mode: "never", interval: null };
  if (b === true) return { mode: "always", interval: null };
  if (typeof b === "string" && b.trim() !== "" && b !== "auto") return { mode: "always", interval: b.trim() };
  return { mode: "auto", interval: null };
}

/** Layer colours, each through the colour allow-list: observed, baseline, +1 and −1 anomalies. */
export function colours(opt) {
  const c = opt("color");
  const list = Array.isArray(c) ? c : typeof c === "string" ? [c] : [];
  const [observed, baseline, high, low] = PALETTE.map((d, i) => colourOr(list[i] || d, d));
  return { observed, baseline, high, low };
}

/** The anomaly marker: MSTICPy's `kind` ("circle_x" for anything else). */
export function kindOf(opt) {
  const k = String(opt("kind"));
  return KINDS.includes(k) ? k : "circle_x";
}

/** Where the legend goes inside the plot ("top_left" … or "none"; Bokeh's other names mapped). */
export function legendPlace(opt) {
  const l = String(opt("legend")).replace("-", "_");
  if (LEGEND_PLACES.includes(l)) return l;
  if (l === "left" || l === "center_left" || l === "inline") return "top_left";
  if (l === "right" || l === "center_right") return "top_right";
  return "top_left";
}

/** The title line. */
export function titleText(opt) {
  return opt("title") ? String(opt("title")) : TITLE;
}

/** Whether −1 anomalies are drawn: not under msticpy, whose plot shows only +1 (quirk Q-T2). */
export function drawsLow(opt) {
  return compatOf(opt) !== "msticpy";
}

/** Whether anomaly periods count −1 flags too. */
export function periodsPosOnly(opt) {
  const p = opt("pos_only");
  return typeof p === "boolean" ? p : compatOf(opt) === "msticpy";
}

/** Reference lines `[{ t, label }]` from `ref_markers` (`[{time, label}]` or `[time, label]` pairs). */
export function referenceMarkers(opt) {
  const out = [];
  const list = opt("ref_markers");
  if (!Array.isArray(list)) return out;
  for (const mk of list.slice(0, 100)) {
    if (!mk) continue;
    const [time, label] = Array.isArray(mk) ? mk : [mk.time, mk.label];
    const t = toMs(time);
    if (Number.isFinite(t)) out.push({ t, label: label === undefined || label === null ? "Ref time" : String(label) });
  }
  return out;
}

