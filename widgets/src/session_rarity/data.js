// The view's Arrow code: the input cut down to the analysed columns plus each row's input
// position, the engine's ranked-sessions table read into plain arrays, and the events of
// each session located in the engine's sessionized events. apache-arrow is the engine's
// copy (`engine.arrow`); nothing here imports it.
import { cellText } from "../common/arrow.js";
import { clip } from "../common/dom.js";
import { codedError } from "../common/options.js";

export const ROW_COLUMN = "__hk_row";

/**
 * The analysed `columns` of `table` and a column of input row positions, as Arrow IPC for
 * the engine. The sessionizer reorders events by user and time; the row column carries
 * each event's input position through it, so selections are input rows. Returns
 * `{ ipc, rowColumn }` (the row column's name avoids the data's own names).
 */
export function slimInput(table, columns, engine) {
  const { arrow } = engine;
  const vectors = {};
  for (const c of columns) {
    const v = table.getChild(c);
    if (!v) throw codedError("column_not_found", `column '${clip(c, 80)}' is not in the data`);
    vectors[c] = v;
  }
  let rowColumn = ROW_COLUMN;
  const names = new Set(table.schema.fields.map((f) => f.name));
  while (names.has(rowColumn)) rowColumn += "_";
  const n = table.numRows;
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  vectors[rowColumn] = arrow.makeVector(rows);
  return { ipc: arrow.tableToIPC(new arrow.Table(vectors), "stream"), rowColumn };
}

const num = (v) => (v === null || v === undefined ? NaN : Number(v));

function numbers(table, name) {
  const vec = table.getChild(name);
  const out = new Float64Array(table.numRows).fill(NaN);
  if (!vec) return out;
  for (let i = 0; i < out.length; i++) out[i] = num(vec.get(i));
  return out;
}

/**
 * The ranked sessions (the engine's table, rarest first) as arrays by rank position:
 * `sessionId`, `count` (events), `tMin`/`tMax` (epoch ms), `likelihood`, `windowLikelihood`
 * (of the rarest window of `window` commands) and `score` (the histogram's column).
 */
export function readRanked(table, { timeColumn, window, scoreColumn }) {
  const n = table.numRows;
  const windowColumn = `rarest_window${window}_likelihood`;
  const scoreName = scoreColumn || windowColumn;
  if (!table.getChild(scoreName)) throw codedError("column_not_found", `score column '${clip(scoreName, 80)}' is not in the ranked sessions`);
  const ids = table.getChild("session_id");
  const sessionId = new Uint32Array(n);
  for (let i = 0; i < n; i++) sessionId[i] = Number(ids.get(i));
  return {
    table,
    n,
    sessionId,
    count: numbers(table, "number_events"),
    tMin: numbers(table, `${timeColumn}_min`),
    tMax: numbers(table, `${timeColumn}_max`),
    likelihood: numbers(table, "likelihood"),
    windowLikelihood: numbers(table, windowColumn),
    score: numbers(table, scoreName),
    scoreName,
  };
}

/**
 * Where each session's events are in the sessionized events (ordered by user and time,
 * session by session, untimed rows last): `offsets` (session id → first event; the last
 * entry ends the timed events), `rows` (event → input row), and `sessionOfRow` (input row
 * → session id, -1 for rows in no session).
 */
export function locateEvents(events, rowColumn, countsById, inputRows) {
  const n = countsById.length;
  const offsets = new Uint32Array(n + 1);
  for (let s = 0; s < n; s++) offsets[s + 1] = offsets[s] + countsById[s];
  const rows = events.getChild(rowColumn).toArray();
  const sessionOfRow = new Int32Array(inputRows).fill(-1);
  for (let s = 0; s < n; s++) {
    for (let k = offsets[s]; k < offsets[s + 1]; k++) sessionOfRow[rows[k]] = s;
  }
  return { offsets, rows, sessionOfRow };
}

/** Event `k`'s time in epoch ms (NaN when missing). */
export function eventTime(events, timeColumn, k) {
  return num(events.getChild(timeColumn)?.get(k));
}

/** The text of `column` at input row `row` of the input table, clipped. */
export function inputText(table, column, row) {
  return clip(cellText(table, column, row));
}
