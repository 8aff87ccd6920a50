// The view's state and how it is built: the engine builds the tree from the data (raw
// process events or a tree table built earlier, which it accepts again), and the view
// reads the engine's tree table into its structure, visibility, selection, colours and
// labels. The view computes no analysis itself: parents, depths and the input row of each
// process are the engine's columns.
import { toData } from "../common/arrow.js";
import { clip } from "../common/dom.js";
import { codedError } from "../common/options.js";
import { colouring } from "./colouring.js";
import { depthsOf, hasColumn, parentsByKey, sourceRowsOf } from "./data.js";
import { themeOf } from "./draw.js";
import { createLabels } from "./labels.js";
import { buildOptions, pidFormatOf } from "./options.js";
import { rolesOf } from "./schemas.js";
import { createSearch } from "./search.js";
import { createSelection } from "./selection.js";
import { fromDepths, fromParents, withInputRows } from "./structure.js";
import { createVisibility } from "./visible.js";

/**
 * A fresh state. Set as the view goes: `engine`; `data` ({ ipc, table } of the input);
 * `tree` ({ table, summary, schema, report, mapping }: the engine's output); `s`
 * (structure), `v` (visibility), `sel` (selection), `roles` (columns), `colours`,
 * `labels`, `search`; `matches` / `matchOn` / `query` (search results); `cursor` (the
 * keyboard's process, a display index); `scrollX` / `scrollY` (pixels); `drag` (a box
 * being drawn); `g` (geometry); `overview` (the strip's painted bars, null when stale).
 */
export function createState() {
  return {
    engine: null,
    data: null,
    tree: null,
    s: null,
    v: null,
    sel: null,
    matches: new Int32Array(0),
    matchOn: null,
    query: "",
    cursor: -1,
    scrollX: 0,
    scrollY: 0,
    drag: null,
    g: null,
    overview: null,
    theme: themeOf(false),
    frame: 0,
    destroyed: false,
  };
}

/** Reads the `data` trait into `state.data` (null when there is none). */
export function loadData(state, model) {
  state.data = toData(model.get("data"), state.engine);
}

/** Drops the tree (no data, or the build failed). */
export function clearTree(state) {
  Object.assign(state, { tree: null, s: null, v: null, sel: null, colours: null, labels: null, search: null });
  state.matches = new Int32Array(0);
  state.matchOn = null;
  state.query = "";
  state.cursor = -1;
  state.overview = null;
}

/**
 * Builds the tree from `state.data` with the engine, then the view's state over it.
 * Throws when the engine cannot build it; returns `applyLabels`' error (or null).
 */
export function buildTree(state, opt) {
  clearTree(state);
  if (!state.data) return null;
  const options = buildOptions(opt);
  const built = state.engine.buildProcessTree(state.data.ipc, options);
  let table;
  try {
    table = built.table;
    state.tree = { table, ipc: built.ipc ?? null, summary: built.summary, schema: built.schema, report: built.report, mapping: options.mapping ?? null };
  } finally {
    built.free(); // the view keeps the table; the tree's walks are not needed
  }
  // In huntkit's order the table is the trees top-down; MSTICPy's path order is not past
  // 99,999 rows, so then the parents come from the keys.
  const depths = depthsOf(table);
  const ordered = options.compat !== "msticpy" && depths ? fromDepths(depths) : null;
  const s = withInputRows(ordered ?? fromParents(parentsByKey(table)), sourceRowsOf(table), state.data.table.numRows);
  state.s = s;
  state.v = createVisibility(s);
  state.sel = createSelection(s);
  state.roles = rolesOf(built.schema, options.mapping, (name) => hasColumn(table, name));
  state.cursor = s.n > 0 ? 0 : -1;
  state.scrollX = 0;
  state.scrollY = 0;
  return applyLabels(state, opt);
}

/**
 * Colours and labels from the view options (`legend_col`, `pid_fmt`, `compat`). A
 * `legend_col` the table lacks colours by level and is returned as a coded error.
 */
export function applyLabels(state, opt) {
  if (!state.tree) return null;
  const { table } = state.tree;
  let legendCol = opt("legend_col") ? String(opt("legend_col")) : null;
  let error = null;
  if (legendCol && !hasColumn(table, legendCol)) {
    error = codedError("column_not_found", `legend_col: no column ${JSON.stringify(clip(legendCol, 80))} in the data`);
    legendCol = null;
  }
  state.colours = colouring(table, state.s, legendCol);
  state.labels = createLabels(table, state.s, state.roles, { pidFmt: pidFormatOf(opt), msticpy: opt("compat") === "msticpy" });
  state.search = createSearch(state.s.n, state.labels.searchTexts);
  state.overview = null;
  return error;
}
