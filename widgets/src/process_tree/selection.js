// The selected processes, by display index, and their translation to and from input row
// positions (what `selected_indices` and the link group carry). A synthesised parent has
// no input row: it can be selected on screen but is not published.

/** An empty selection over structure `s` (with `inputRow` and `displayOf`). */
export function createSelection(s) {
  return { s, on: new Uint8Array(s.n), count: 0 };
}

/** Clears the selection. */
export function clear(sel) {
  sel.on.fill(0);
  sel.count = 0;
}

/** Replaces the selection with display indices `indices` (`add`: keeps what was selected). */
export function select(sel, indices, add = false) {
  if (!add) clear(sel);
  for (const i of indices) {
    if (i >= 0 && i < sel.s.n && !sel.on[i]) {
      sel.on[i] = 1;
      sel.count++;
    }
  }
}

/** Adds process i when unselected, removes it when selected. */
export function toggle(sel, i) {
  if (i < 0 || i >= sel.s.n) return;
  sel.on[i] ^= 1;
  sel.count += sel.on[i] ? 1 : -1;
}

/** The selected display indices, ascending. */
export function selectedIndices(sel) {
  const out = [];
  if (sel.count === 0) return out;
  for (let i = 0; i < sel.s.n; i++) if (sel.on[i]) out.push(i);
  return out;
}

/** The selected processes as input row positions, ascending, without synthesised parents. */
export function toInputRows(sel) {
  const rows = [];
  for (const i of selectedIndices(sel)) if (sel.s.inputRow[i] >= 0) rows.push(sel.s.inputRow[i]);
  return rows.sort((a, b) => a - b);
}

/** The display indices of input rows `rows` (rows the tree does not hold are skipped). */
export function fromInputRows(s, rows) {
  const out = [];
  for (const r of rows ?? []) {
    const n = Number(r);
    if (Number.isInteger(n) && n >= 0 && n < s.displayOf.length && s.displayOf[n] >= 0) out.push(s.displayOf[n]);
  }
  return out;
}
