// Writing the view's state back to the model: `result` (the rows shown, as Arrow IPC:
// the rows themselves, or for the data table their input positions), `selected_indices`,
// and the options the user changed in the view (filters, sort, columns), so Python reads
// what is on screen.
import { toIPC } from "../common/arrow.js";
import { takeRows } from "./take.js";

const isStream = (b) => b.length >= 8 && b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff;

/** The IPC stream of the rows shown: the input's own bytes when every row shows in order. */
export function resultBytes(state, engine) {
  const { table, rows, ipc } = state;
  let identity = rows.length === table.numRows;
  for (let i = 0; identity && i < rows.length; i++) identity = rows[i] === i;
  if (identity && ipc && isStream(ipc)) return ipc;
  return toIPC(identity ? table : takeRows(table, rows, engine.arrow), engine);
}

/**
 * The IPC stream of the positions in the input of the rows shown, in the order shown: one
 * `SourceIndex` column. The kernel holds the input already and takes the rows from it, so
 * a million filtered rows cost 4 MB on the wire rather than a copy of the table.
 */
export function positionsBytes(rows, engine) {
  const { arrow } = engine;
  const positions = Uint32Array.from(rows);
  const column = arrow.makeVector(arrow.makeData({ type: new arrow.Uint32(), length: positions.length, nullCount: 0, data: positions }));
  return toIPC(new arrow.Table({ SourceIndex: column }), engine);
}

/** Writes the filters and the sort to their traits (nothing when they already hold them). */
export function writeOrder(model, state) {
  const filters = Object.fromEntries(state.filters);
  const sortBy = state.sorts.map((s) => s.name);
  const ascending = state.sorts.map((s) => !s.desc);
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  let changed = false;
  if (!same(model.get("filters") ?? {}, filters)) {
    model.set("filters", filters);
    changed = true;
  }
  if (!same(model.get("sort_by") ?? [], sortBy)) {
    model.set("sort_by", sortBy);
    changed = true;
  }
  const asc = model.get("ascending");
  if (!same(Array.isArray(asc) ? asc : sortBy.map(() => asc !== false), ascending)) {
    model.set("ascending", ascending);
    changed = true;
  }
  if (changed) model.save_changes();
}
