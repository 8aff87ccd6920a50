// The process tree's reading of the engine's tree table (an apache-arrow Table): typed
// arrays of its tree columns, cells as text for the boxes and tooltips, and the legend
// column's values. Arrow stays in this module and common/arrow.js.
import { cellText, isTimeType } from "../common/arrow.js";

/** Whether the table has column `name`. */
export const hasColumn = (table, name) => Boolean(name && table.getChild(name));

// Calls `each(i, value)` for every valid cell of `vec`, in row order, chunk by chunk.
function forValid(vec, each) {
  let i = 0;
  for (const d of vec.data) {
    const values = d.values;
    const nulls = d.nullCount > 0;
    for (let j = 0; j < d.length; j++, i++) if (!nulls || d.getValid(j)) each(i, values[j]);
  }
}

/** The `depth` column as an Int32Array, or null when the table has none. */
export function depthsOf(table) {
  const vec = table.getChild("depth");
  if (!vec) return null;
  const out = new Int32Array(table.numRows);
  forValid(vec, (i, v) => (out[i] = Number(v)));
  return out;
}

/** The `source_row` column (input row of each process) as an Int32Array, -1 where null (a synthesised parent). */
export function sourceRowsOf(table) {
  const out = new Int32Array(table.numRows).fill(-1);
  const vec = table.getChild("source_row");
  if (vec) forValid(vec, (i, v) => (out[i] = Number(v)));
  return out;
}

/** Each row's parent row (by `parent_key` → `proc_key`), -1 for a root. */
export function parentsByKey(table) {
  const n = table.numRows;
  const keys = table.getChild("proc_key");
  const parents = table.getChild("parent_key");
  const out = new Int32Array(n).fill(-1);
  if (!keys || !parents) return out;
  const rowOf = new Map();
  for (let i = 0; i < n; i++) {
    const k = keys.get(i);
    if (k !== null && !rowOf.has(k)) rowOf.set(k, i);
  }
  for (let i = 0; i < n; i++) {
    const p = parents.get(i);
    const r = p === null ? undefined : rowOf.get(p);
    if (r !== undefined && r !== i) out[i] = r;
  }
  return out;
}

/**
 * Every cell of column `name` as text (`""` for missing cells), by table row. Text
 * columns are decoded a chunk at a time: one decode of the chunk's bytes, sliced by its
 * offsets when the bytes are ASCII, instead of one decode per cell.
 */
export function textsOf(table, name) {
  const vec = name ? table.getChild(name) : null;
  const out = new Array(table.numRows).fill("");
  if (!vec) return out;
  const decoder = new TextDecoder();
  let i = 0;
  for (const d of vec.data) {
    const offsets = d.valueOffsets;
    const bytes = d.values;
    const text = /^(Large)?Utf8$/.test(String(d.type)) && offsets && bytes ? decoder.decode(bytes) : null;
    const ascii = text !== null && text.length === bytes.length;
    for (let j = 0; j < d.length; j++, i++) {
      if (d.nullCount > 0 && !d.getValid(j)) continue;
      out[i] = ascii ? text.slice(Number(offsets[j]), Number(offsets[j + 1])) : cellText(table, name, i);
    }
  }
  return out;
}

/** A reader of column `name` as text (`""` for missing cells and columns), by table row. */
export function textReader(table, name) {
  if (!hasColumn(table, name)) return () => "";
  return (row) => cellText(table, name, row);
}

/** A reader of column `name`'s raw values (numbers, bigints, strings; null when missing). */
export function valueReader(table, name) {
  const vec = name ? table.getChild(name) : null;
  if (!vec) return () => null;
  return (row) => {
    const v = vec.get(row);
    return v === undefined ? null : v;
  };
}

/** "number", "time" or "category": how a legend column colours (MSTICPy's dtype kinds). */
export function columnKind(table, name) {
  const vec = table.getChild(name);
  const t = String(vec?.type ?? "");
  if (isTimeType(vec?.type)) return "time";
  if (/^(Int|Uint|Float)/.test(t) && !/^Dictionary/.test(t)) return "number";
  return "category";
}

/** Column `name` as numbers (Float64Array, NaN where missing): times in epoch ms. */
export function numbersOf(table, name) {
  const vec = table.getChild(name);
  const out = new Float64Array(table.numRows).fill(NaN);
  for (let i = 0; i < out.length; i++) {
    const v = vec.get(i);
    if (v !== null && v !== undefined) out[i] = Number(v);
  }
  return out;
}

/** Column `name` as category codes (Int32Array, -1 where missing) and the sorted distinct values. */
export function categoriesOf(table, name) {
  const vec = table.getChild(name);
  const n = table.numRows;
  const seen = new Map();
  const raw = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = vec.get(i);
    if (v === null || v === undefined) continue;
    const s = typeof v === "string" ? v : cellText(table, name, i);
    let c = seen.get(s);
    if (c === undefined) seen.set(s, (c = seen.size));
    raw[i] = c;
  }
  const values = [...seen.keys()].sort();
  const rank = new Int32Array(values.length);
  values.forEach((v, i) => (rank[seen.get(v)] = i));
  for (let i = 0; i < n; i++) if (raw[i] >= 0) raw[i] = rank[raw[i]];
  return { codes: raw, values };
}
