// The rows the table shows, in the order it shows them: an index array (Uint32Array of
// input row positions) after the filters and the sort. Filters are masks cached per
// (column, expression), so editing one filter recomputes only that one. Sorting is a
// stable LSD radix sort of the index array by the column's ranks (computed once per
// column), so a million rows sort in tens of milliseconds once ranked; several sort keys
// are applied last to first.
import { filterMask } from "./filters.js";
import { sortPairs } from "./radix.js";

/** `rows` reordered by `rank` (stable), descending when `desc`; rank `distinct` (null) stays last. */
export function radixSort(rows, rank, distinct, desc) {
  const keys = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rank[rows[i]];
    keys[i] = desc && r !== distinct ? distinct - 1 - r : r;
  }
  return sortPairs(rows, keys, distinct);
}

/**
 * A row order for one table: `compute(columns, rowCount, filters, sorts)` with `filters`
 * `[{ col, expr }]` and `sorts` `[{ col, desc }]` → `{ rows, errors }`, `errors`
 * `[{ col, message }]` for expressions that could not be read (those filters are skipped).
 */
export function createOrder() {
  const masks = new Map();
  return {
    compute(columns, n, filters = [], sorts = []) {
      const errors = [];
      const active = [];
      for (const { col, expr } of filters) {
        const id = `${col.index}\u0000${expr}`;
        try {
          if (!masks.has(id)) masks.set(id, filterMask(col, expr));
          const m = masks.get(id);
          if (m) active.push(m);
        } catch (e) {
          if (e.code !== "bad_filter") throw e;
          errors.push({ col, message: e.message });
        }
      }
      // Cached masks of expressions no longer in use are dropped.
      const live = new Set(filters.map(({ col, expr }) => `${col.index}\u0000${expr}`));
      for (const id of masks.keys()) if (!live.has(id)) masks.delete(id);
      let rows;
      if (active.length === 0) {
        rows = new Uint32Array(n);
        for (let i = 0; i < n; i++) rows[i] = i;
      } else {
        const keep = active.length === 1 ? active[0] : new Uint8Array(n).fill(1);
        if (active.length > 1) for (const m of active) for (let i = 0; i < n; i++) keep[i] &= m[i];
        let m = 0;
        for (let i = 0; i < n; i++) m += keep[i];
        rows = new Uint32Array(m);
        for (let i = 0, j = 0; i < n; i++) if (keep[i]) rows[j++] = i;
      }
      for (let k = sorts.length - 1; k >= 0; k--) {
        const { rank, distinct } = sorts[k].col.ranks();
        rows = radixSort(rows, rank, distinct, sorts[k].desc);
      }
      return { rows, errors };
    },
  };
}

/** Display position of every input row (-1 when filtered out), for mapping selections in. */
export function positions(rows, n) {
  const pos = new Int32Array(n).fill(-1);
  for (let i = 0; i < rows.length; i++) pos[rows[i]] = i;
  return pos;
}

/**
 * The rows for the view's `state` (its filters Map name → expression, its sorts
 * [{ name, desc }]): `{ rows, errors: Map name → message, failure }`, `failure` an
 * unexpected error (then `rows` is undefined and the old rows stay).
 */
export function computeRows(state) {
  const filters = [];
  const errors = new Map();
  for (const [name, expr] of state.filters) {
    const col = state.colByName(name);
    if (col) filters.push({ col, expr });
    else errors.set(name, `no column ${name}`);
  }
  const sorts = state.sorts.map((s) => ({ col: state.colByName(s.name), desc: s.desc })).filter((s) => s.col);
  try {
    const out = state.order.compute(state.cols, state.table.numRows, filters, sorts);
    for (const { col, message } of out.errors) errors.set(col.name, message);
    return { rows: out.rows, errors };
  } catch (failure) {
    return { rows: undefined, errors, failure };
  }
}
