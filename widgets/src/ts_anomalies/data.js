// The analysis: the data (any accepted form) → the series the view draws, from the
// engine. Bucketed by the engine when the data are events (bucket.js), decomposed and
// scored by the engine (`timeSeriesAnomalies`), or, with `analyze=false`, read from the
// data's own `baseline`, `score` and anomalies columns (KQL's series_decompose_anomalies
// output, as MSTICPy's display_timeseries_anomalies draws it).
import { toData, toIPC } from "../common/arrow.js";
import { codedError } from "../common/options.js";
import { bucketPlan, typicalStep } from "./bucket.js";
import { timeOrder, toNumbers, toTimes } from "./columns.js";
import { anomalyOptions, bucketOption } from "./options.js";

// Columns the engine adds to the time and value columns.
export const STL_COLUMNS = ["residual", "trend", "seasonal", "weights", "baseline", "score", "anomalies"];

/** The data trait as `{ ipc, table }`, or null when there is none. */
export function loadInput(engine, value) {
  return toData(value, engine);
}

function column(table, name) {
  const vec = table.getChild(name);
  if (!vec) throw codedError("missing_column", `column "${name}" is not in the data`);
  return vec;
}

function flagsOf(vector) {
  const n = toNumbers(vector);
  const out = new Int8Array(n.length);
  for (let i = 0; i < n.length; i++) out[i] = n[i] > 0 ? 1 : n[i] < 0 ? -1 : 0;
  return out;
}

// `values` reordered by `order` (drawing order: by time).
function permute(values, order) {
  const out = new values.constructor(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k]];
  return out;
}

/** The first column of `table` that is not `time` and holds numbers (MSTICPy's default). */
export function defaultValueColumn(table, time) {
  const f = table.schema.fields.find((x) => x.name !== time && /^(U?Int|Float|Decimal)/.test(String(x.type)));
  return f ? f.name : null;
}

// The data's own decomposition, drawn as it is (MSTICPy's display_timeseries_anomalies).
function precomputed(input, opt, base) {
  const { table } = input;
  const flagColumn = String(opt("anomalies_column"));
  const valueColumn = opt("value_column") ? String(opt("value_column")) : defaultValueColumn(table, base.timeColumn);
  if (!valueColumn) throw codedError("missing_column", "no value column: name one with value_column");
  const { order } = base;
  return {
    ...base,
    mode: "precomputed",
    valueColumn,
    flagColumn,
    n: order.length,
    times: base.inputTimes,
    values: permute(toNumbers(column(table, valueColumn)), order),
    baseline: permute(toNumbers(column(table, "baseline")), order),
    score: permute(toNumbers(column(table, "score")), order),
    flags: permute(flagsOf(column(table, flagColumn)), order),
    table,
    rank: true,
    span: 0,
  };
}

/**
 * Runs the analysis for the model's options: returns the series, `{ mode ("series",
 * "bucket" or "precomputed"), timeColumn, valueColumn, flagColumn, n, times (ms,
 * ascending), values, baseline, score, flags (Int8Array, as the engine flagged them),
 * table (the engine's anomalies table, or the input with analyze=false), inputTimes and
 * order (the input's timed rows by time), inputRows, rank (point k is input row
 * order[k]), span (ms each point covers: the bucket interval, 0 for a series), interval
 * (text, when bucketed), step (ms between points) }`.
 */
export function analyse(engine, input, opt) {
  const { table, ipc } = input;
  const timeColumn = String(opt("time_column"));
  const { order, sorted } = timeOrder(toTimes(column(table, timeColumn)));
  const base = { timeColumn, order, inputTimes: sorted, inputRows: table.numRows };
  if (opt("analyze") === false) {
    const s = precomputed(input, opt, base);
    return { ...s, step: typicalStep(s.times), interval: null };
  }
  let valueColumn = opt("value_column") ? String(opt("value_column")) : null;
  if (valueColumn) column(table, valueColumn);
  const plan = bucketPlan(sorted, bucketOption(opt));
  let series = ipc;
  if (plan) {
    const options = { timeColumn, interval: plan.interval, ...(valueColumn ? { valueColumn } : {}) };
    series = toIPC(engine.bucketEvents(ipc, options), engine);
    valueColumn = valueColumn ?? "count";
  }
  const out = engine.timeSeriesAnomalies(series, anomalyOptions(opt, timeColumn, valueColumn));
  const outValue = valueColumn ?? out.schema.fields.find((f) => f.name !== timeColumn && !STL_COLUMNS.includes(f.name))?.name;
  const times = toTimes(column(out, timeColumn));
  return {
    ...base,
    mode: plan ? "bucket" : "series",
    valueColumn: outValue,
    flagColumn: "anomalies",
    n: out.numRows,
    times,
    values: toNumbers(column(out, outValue)),
    baseline: toNumbers(column(out, "baseline")),
    score: toNumbers(column(out, "score")),
    flags: flagsOf(column(out, "anomalies")),
    table: out,
    // Point k is input row order[k] when the engine kept every timed row (it sorts by time, stably).
    rank: !plan && out.numRows === order.length,
    span: plan ? plan.ms : 0,
    interval: plan ? plan.interval : null,
    step: plan ? plan.ms : typicalStep(times),
  };
}
