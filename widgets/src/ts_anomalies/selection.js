// Selection: a clicked point or a brushed time range becomes INPUT row positions in
// `selected_indices` (saved to the kernel) and is handed to the link group; rows another
// view of the group selects, or the kernel sets, are highlighted here.
import { saveTraits } from "../common/lifecycle.js";
import { joinGroup } from "../common/link.js";
import { pointRows, pointsOfRows, rangeRows } from "./rows.js";

/**
 * The view's selection: `point(k)`, `range(t0, t1)`, `clear()` select and publish;
 * `restore()` highlights the model's `selected_indices` (after new data). `onChange` and
 * `cleanup` are the view's life cycle's (common/lifecycle.js): the link group is left on
 * destroy.
 */
export function createSelection(view, scheduleDraw, { onChange, cleanup }) {
  const { model, el, state } = view;

  function highlightRows(rows) {
    state.highlight = state.series && rows.length ? pointsOfRows(state.series, rows) : new Uint32Array(0);
    state.selectedRows = rows.length;
  }

  const link = joinGroup(model, (rows) => {
    // Another view's selection: shown here, not written to this view's own traits.
    state.selection = null;
    state.cursor = -1;
    highlightRows(rows);
    scheduleDraw();
  });
  cleanup(link.leave);

  // Rows set from the kernel (`view.selected_indices = [...]`) are highlighted too.
  let writing = false;
  const fromKernel = () => {
    if (writing) return;
    highlightRowsOfModel();
    scheduleDraw();
  };
  onChange("selected_indices", fromKernel);
  function highlightRowsOfModel() {
    const rows = model.get("selected_indices");
    state.selection = null;
    highlightRows(Array.isArray(rows) ? rows : []);
  }

  function write(rows, truncated, detail) {
    writing = true;
    try {
      saveTraits(model, { selected_indices: rows });
    } finally {
      writing = false;
    }
    link.publish(rows);
    state.selectedRows = rows.length;
    el.dispatchEvent?.(new CustomEvent("huntkit:select", { detail: { rows, truncated, ...detail }, bubbles: true }));
    scheduleDraw();
  }

  return {
    point(k) {
      if (!state.series || k < 0 || k >= state.series.n) return;
      const { rows, truncated } = pointRows(state.series, k);
      state.selection = { range: null, point: k };
      state.highlight = Uint32Array.of(k);
      write(rows, truncated, { point: k });
    },
    range(t0, t1) {
      if (!state.series) return;
      const { rows, truncated } = rangeRows(state.series, t0, t1);
      state.selection = { range: [t0, t1], point: null };
      state.highlight = new Uint32Array(0);
      write(rows, truncated, { range: [t0, t1] });
    },
    clear() {
      const had = state.selection || state.highlight.length || (model.get("selected_indices") ?? []).length;
      state.selection = null;
      state.highlight = new Uint32Array(0);
      state.cursor = -1;
      if (had) write([], false, {});
    },
    restore: highlightRowsOfModel,
  };
}
