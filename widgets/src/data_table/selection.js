// The table's selection, kept as input row positions (what `selected_indices` and linked
// views speak) and shown in the grid as display positions, through the current row order.
import { saveTraits } from "../common/lifecycle.js";
import { positions } from "./order.js";

/**
 * `state` holds the table and the rows shown; `getGrid()` the grid; `onChange()` runs
 * after the selection changed. Set `.link` to the link group to publish to it.
 */
export function createSelection({ model, state, getGrid, onChange }) {
  let selected = []; // ascending input rows
  let pos = null; // display position of each input row, built when first needed

  const rowCount = () => state.table?.numRows ?? 0;
  function clean(rows) {
    const n = rowCount();
    const out = Uint32Array.from(Array.from(rows ?? [], Number).filter((r) => Number.isInteger(r) && r >= 0 && r < n)).sort();
    return Array.from(out).filter((r, i, a) => i === 0 || r !== a[i - 1]);
  }
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  function display() {
    if (selected.length === 0) return [];
    pos ??= positions(state.rows, rowCount());
    const out = [];
    for (const r of selected) if (pos[r] >= 0) out.push(pos[r]);
    return out;
  }
  function write() {
    if (same(Array.from(model.get("selected_indices") ?? []), selected)) return;
    saveTraits(model, { selected_indices: selected.slice() });
  }

  const api = {
    link: null,
    count: () => selected.length,
    /** New data: the selection the model holds, kept if it fits the data. */
    reset(rows) {
      selected = clean(rows);
      pos = null;
    },
    /** The row order changed: show the same input rows at their new places. */
    reindex() {
      pos = null;
      getGrid()?.setSelection(display());
    },
    /** The user selected display rows in the grid. */
    fromGrid(rows) {
      selected = Array.from(Uint32Array.from(rows, (r) => state.rows[r]).sort());
      write();
      api.link?.publish(selected);
      onChange();
    },
    /** Python (or the page) set `selected_indices`. */
    fromModel(rows) {
      const next = clean(rows);
      if (same(next, selected)) return;
      selected = next;
      getGrid()?.setSelection(display());
      onChange();
    },
    /** Another view of the link group selected input rows: highlight them and follow. */
    receive(rows) {
      selected = clean(rows);
      const shown = display();
      getGrid()?.setSelection(shown);
      if (shown.length) getGrid()?.scrollToRow(Math.min(...shown.slice(0, 100_000)));
      write();
      onChange();
    },
  };
  return api;
}
