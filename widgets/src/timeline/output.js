// What the view writes back besides its selection's positions: `result`, the engine's lane
// summary as Arrow IPC (one row per lane: its label, source, event count, first and last
// time), and `selected_rows`, the selected rows' cells as JSON for kernels that cannot
// read the data themselves (no pyarrow: the view then holds the only parsed copy).
import { toIPC } from "../common/arrow.js";
import { saveTraits } from "../common/lifecycle.js";
import { dataSets } from "./model.js";

/**
 * The lane summary of the indexed data as an apache-arrow Table: `lane` (label), `source`
 * ("primary" or "overlay"), `events` (count), `first` and `last` (UTC timestamps, ms),
 * one row per lane in the view's lane order, from the engine's per-lane spans.
 */
export function laneSummary(state, arrow) {
  const label = [];
  const source = [];
  const events = [];
  const first = [];
  const last = [];
  for (const [d, from] of dataSets(state)) {
    const spans = new Map(d.index.spans().map((s) => [s.lane, s]));
    for (const l of state.lanes.filter((x) => x.source === from)) {
      const s = spans.get(l.lane);
      label.push(l.label);
      source.push(from);
      events.push(s ? s.count : 0);
      first.push(s ? Math.round(s.first) : null);
      last.push(s ? Math.round(s.last) : null);
    }
  }
  const time = (values) => arrow.vectorFromArray(values, new arrow.TimestampMillisecond("UTC"));
  return new arrow.Table({
    lane: arrow.vectorFromArray(label, new arrow.Utf8()),
    source: arrow.vectorFromArray(source, new arrow.Utf8()),
    events: arrow.vectorFromArray(events, new arrow.Int32()),
    first: time(first),
    last: time(last),
  });
}

/** Writes the lane summary (or nothing, without an index) to the model's `result` and saves. */
export function publishResult(model, state) {
  let bytes = new Uint8Array(0);
  if (state.primary && state.engine) bytes = toIPC(laneSummary(state, state.engine.arrow), state.engine);
  saveTraits(model, { result: bytes });
}

const MAX_CELL = 100_000; // characters of one text cell in `selected_rows`

/** A cell as a JSON value: numbers, booleans and text as they are, times as ISO text (UTC). */
function jsonCell(vec, row) {
  let v;
  try {
    v = vec.get(row);
  } catch {
    return null;
  }
  if (v === null || v === undefined) return null;
  const type = String(vec.type);
  if (/^(Timestamp|Date)/.test(type)) {
    const ms = Number(v);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v.slice(0, MAX_CELL);
  if (typeof v.toJSON === "function") {
    try {
      return JSON.stringify(v.toJSON()).slice(0, MAX_CELL);
    } catch {
      return String(v).slice(0, MAX_CELL);
    }
  }
  return String(v).slice(0, MAX_CELL);
}

/**
 * The cells of `rows` (at most `limit`) of `table`: `{ columns, rows: [[cell, ...], ...],
 * total }`, `total` being how many rows were selected.
 */
export function rowRecords(table, rows, limit) {
  const columns = table.schema.fields.map((f) => f.name);
  const vectors = columns.map((c) => table.getChild(c));
  const out = [];
  for (const row of rows.slice(0, limit)) out.push(vectors.map((vec) => jsonCell(vec, row)));
  return { columns, rows: out, total: rows.length };
}
