// A selection of input rows for views without the shared grid (the TI browser, the map, the
// pivot browser): kept ascending and without repeats, written to `selected_indices`,
// shared with the link group, and taken back from either.
import { saveTraits } from "./lifecycle.js";
import { joinGroup } from "./link.js";

/**
 * `rowCount()` bounds the rows a selection may hold; `onChange(rows)` runs after every
 * change (from the view, the kernel or the group). Returns `{ rows(), has(row), set(rows),
 * toggle(rows), clear(), reset(), leave() }`; `set`, `toggle` and `clear` are the user's
 * (written back and published), `reset` follows new data (the model's selection kept if it fits).
 */
export function createRowSelection(model, { rowCount, onChange }) {
  let selected = [];
  let set = new Set();
  const clean = (rows) => {
    const n = rowCount();
    const out = Array.from(rows ?? [], Number).filter((r) => Number.isInteger(r) && r >= 0 && r < n);
    return [...new Set(out)].sort((a, b) => a - b);
  };
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const take = (rows) => {
    selected = rows;
    set = new Set(rows);
  };
  const link = joinGroup(model, (rows) => {
    const next = clean(rows);
    if (same(next, selected)) return;
    take(next);
    write();
    onChange(selected);
  });
  function write() {
    if (!same(Array.from(model.get("selected_indices") ?? []), selected)) saveTraits(model, { selected_indices: selected.slice() });
  }
  function user(next) {
    take(clean(next));
    write();
    link.publish(selected);
    onChange(selected);
  }
  const fromModel = () => {
    const next = clean(model.get("selected_indices"));
    if (same(next, selected)) return;
    take(next);
    onChange(selected);
  };
  model.on("change:selected_indices", fromModel);
  return {
    rows: () => selected,
    has: (row) => set.has(row),
    count: () => selected.length,
    set: (rows) => user(rows),
    /** Adds `rows` unless all are selected already, in which case removes them. */
    toggle(rows) {
      const list = clean(rows);
      const all = list.length > 0 && list.every((r) => set.has(r));
      user(all ? selected.filter((r) => !list.includes(r)) : [...selected, ...list]);
    },
    clear: () => user([]),
    reset() {
      take(clean(model.get("selected_indices")));
    },
    leave() {
      model.off("change:selected_indices", fromModel);
      link.leave();
    },
  };
}
