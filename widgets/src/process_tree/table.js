// The optional table under the tree (`show_table=True`, MSTICPy's DataTable): every
// process in the tree's order, MSTICPy's columns, on the shared virtualised grid. Its
// selection is the tree's: selecting rows selects those processes, and Enter or a double
// click shows the process in the tree.
import { createGrid } from "../common/grid.js";
import { tableColumns } from "./schemas.js";

const HEIGHT = 220;

/**
 * Shows the table in `container` for the current tree, or removes it (`shown` false).
 * Returns `{ sync(indices), extras(), destroy() }` (null when not shown). `actions`:
 * select and focus processes by display index.
 */
export function createTable(container, state, legendCol, actions) {
  const names = tableColumns(state.roles, legendCol);
  let picking = false; // the table's own selection, coming back through the tree
  const grid = createGrid(container, {
    columns: names.map((name) => ({ key: name, label: name, width: /cmd|command/i.test(name) ? 360 : 140 })),
    rowCount: state.s.n,
    cell: (row, key) => state.labels.cell(row, key),
    height: HEIGHT,
    label: "Processes",
    onSelect: (rows) => {
      picking = true;
      try {
        actions.selectMany(rows, false);
      } finally {
        picking = false;
      }
    },
    onActivate: (row) => actions.focus(row),
  });
  return {
    /** Shows the tree's selection (scrolled to its first row when it came from elsewhere). */
    sync(indices) {
      if (picking) return;
      grid.setSelection(indices);
      if (indices.length) grid.scrollToRow(indices[0]);
    },
    /** The grid's visible rows as an SVG layer for the export, placed over the table. */
    extras: () => [{ node: grid.snapshot(), over: container }],
    destroy: () => grid.destroy(),
  };
}
