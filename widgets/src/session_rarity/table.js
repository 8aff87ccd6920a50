// The ranking: the engine's ranked sessions in the shared virtualised grid (rarest first),
// one row per session, with its rarest window marked inside its command sequence.
// Keyboard (arrows, Page keys, Home/End, Space/Enter, Shift ranges, Ctrl+A, Escape) comes
// from the grid; moving the focus opens the session below, selecting publishes it.
// Sorting by a header is the view's: `order` maps display rows to rank positions.
import { createGrid } from "../common/grid.js";
import { cellText } from "../common/arrow.js";
import { clip } from "../common/dom.js";
import { asList } from "../common/options.js";
import { commandName } from "./model.js";

const SEQ_CHARS = 400;

/** A likelihood as text: three significant digits in exponent form, empty when missing. */
export function formatLikelihood(v) {
  return Number.isFinite(v) ? v.toExponential(2) : "";
}

/** A duration in ms as "1h 2m 3s" (the largest units only). */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return "";
  const s = Math.round(ms / 1000);
  const parts = [[Math.floor(s / 3600), "h"], [Math.floor((s % 3600) / 60), "m"], [s % 60, "s"]];
  const first = parts.findIndex(([v]) => v > 0);
  return first < 0 ? "0s" : parts.slice(first, first + 2).filter(([v]) => v > 0).map(([v, u]) => `${v}${u}`).join(" ");
}

/**
 * Session `sid`'s commands as one line, the rarest window in brackets (`A › [B › C] › D`),
 * with `##END##` shown when the window runs past the last command, starting shortly before
 * a window that is deep in the session; cut near `max` chars.
 */
export function sequenceText(state, sid, max = SEQ_CHARS) {
  const n = state.commands[sid].length;
  const start = state.windowStart[sid];
  const end = start + state.windowLength[sid];
  // A window deep in a long session: start two commands before it.
  const from = start > 8 ? start - 2 : 0;
  const out = from > 0 ? [`… ${from} more`] : [];
  let length = 0;
  // Only the commands that fit are read: a session may hold many thousands.
  for (let i = from; i <= n && length < max; i++) {
    const last = i === n;
    if (last && !(start >= 0 && state.windowEnds[sid])) break;
    let piece = last ? "##END##" : clip(commandName(state, sid, i), 60);
    if (i === start) piece = `[${piece}`;
    if (start >= 0 && (i === end - 1 || (last && state.windowEnds[sid]))) piece = `${piece}]`;
    out.push(piece);
    length += piece.length + 3;
  }
  return clip(out.join(" › "), max);
}

/** The grid's columns for the current analysis. */
export function columnsOf(state, opt) {
  return [
    { key: "#link", label: "", width: 26 },
    { key: "#rank", label: "rank", width: 52 },
    ...asList(opt("user_columns")).map((c) => ({ key: `u:${c}`, label: clip(c, 80), width: 130 })),
    { key: "#window", label: `rarest window (${state.window})`, width: 128 },
    { key: "#seq", label: "commands · [rarest window]", width: 460 },
    { key: "#events", label: "events", width: 56 },
    { key: "#duration", label: "duration", width: 72 },
    { key: "#start", label: "start (UTC)", width: 170 },
    { key: "#likelihood", label: "likelihood", width: 84 },
  ];
}

function numericKey(ranked, key) {
  return { "#rank": null, "#events": ranked.count, "#window": ranked.windowLikelihood, "#likelihood": ranked.likelihood, "#start": ranked.tMin }[key];
}

/**
 * The display order for sorting by `key` in direction `dir` (1 up, -1 down, 0 by rank):
 * rank positions. Missing numbers sort last either way; ties keep the rank order.
 */
export function sortedOrder(state, key, dir) {
  const { ranked } = state;
  const order = Uint32Array.from({ length: ranked.n }, (_, i) => i);
  if (!dir || key === "#rank" || key === "#link" || key === "#seq") {
    if (key === "#rank" && dir < 0) order.reverse();
    return order;
  }
  let value;
  if (key === "#duration") value = (r) => ranked.tMax[r] - ranked.tMin[r];
  else if (numericKey(ranked, key)) value = (r) => numericKey(ranked, key)[r];
  if (value) {
    const v = Float64Array.from(order, value);
    return order.sort((a, b) => {
      const x = v[a];
      const y = v[b];
      if (Number.isNaN(x) || Number.isNaN(y)) return (Number.isNaN(x) - Number.isNaN(y)) || a - b;
      return (x - y) * dir || a - b;
    });
  }
  const column = key.slice(2);
  const text = Array.from(order, (r) => cellText(ranked.table, column, r));
  return order.sort((a, b) => (text[a] < text[b] ? -dir : text[a] > text[b] ? dir : a - b));
}

/**
 * Creates the ranking grid in `dom.rank`. `onSelect(sids)` gets the selected session ids
 * after a user's change; `onOpen(sid)` the session the focus moved to.
 */
export function createTable(view, { onSelect, onOpen }) {
  const { dom, state, opt } = view;
  let order = new Uint32Array(0);
  let displayOf = new Uint32Array(0);
  let sort = { key: null, dir: 0 };

  const sidAt = (row) => state.ranked.sessionId[order[row]];
  function cell(row, key) {
    const { ranked } = state;
    if (!ranked || row >= order.length) return "";
    const r = order[row];
    const sid = ranked.sessionId[r];
    switch (key) {
      case "#link": return state.linked.has(sid) ? "●" : "";
      case "#rank": return String(r + 1);
      case "#start": return cellText(ranked.table, `${state.timeColumn}_min`, r);
      case "#events": return String(ranked.count[r]);
      case "#duration": return formatDuration(ranked.tMax[r] - ranked.tMin[r]);
      case "#window": return formatLikelihood(ranked.windowLikelihood[r]);
      case "#likelihood": return formatLikelihood(ranked.likelihood[r]);
      case "#seq": return sequenceText(state, sid);
      default: return clip(cellText(ranked.table, key.slice(2), r));
    }
  }

  const grid = createGrid(dom.rank, {
    columns: [],
    rowCount: 0,
    cell,
    height: 300,
    label: "sessions ranked by rarity",
    onSelect: (rows) => onSelect(rows.map(sidAt)),
    onFocus: (row) => onOpen(sidAt(row)),
    onActivate: (row) => onOpen(sidAt(row)),
    onSort(key) {
      const dir = sort.key === key ? (sort.dir === 1 ? -1 : sort.dir === -1 ? 0 : 1) : 1;
      sort = { key: dir ? key : null, dir };
      reorder();
      grid.setSort(sort.key, sort.dir);
    },
  });

  function reorder() {
    order = state.ranked ? sortedOrder(state, sort.key, sort.dir) : new Uint32Array(0);
    displayOf = new Uint32Array(order.length);
    order.forEach((r, row) => {
      displayOf[r] = row;
    });
    grid.setRowCount(order.length);
    showSelection();
  }

  /** The display row of session `sid`. */
  const rowOf = (sid) => displayOf[state.rankOf[sid]];

  function showSelection() {
    if (!state.ranked) return grid.setSelection([]);
    grid.setSelection(Array.from(state.selected, rowOf));
    grid.refresh();
  }

  return {
    grid,
    /** After a new analysis: columns, rows, order by rank. */
    rebuild() {
      sort = { key: null, dir: 0 };
      grid.setColumns(state.ranked ? columnsOf(state, opt) : []);
      grid.setSort(null, 0);
      reorder();
    },
    setHeight: (px) => grid.setHeight(px),
    showSelection,
    /** Scrolls to session `sid` without moving the focus. */
    reveal: (sid) => sid >= 0 && state.ranked && grid.scrollToRow(rowOf(sid)),
    destroy: () => grid.destroy(),
  };
}
