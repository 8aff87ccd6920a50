// The table's columns as the view uses them: a kind (number, time, text, other), the text
// of a cell for display, and — built the first time a filter or a sort needs them — the
// column as doubles (numbers, times in ms) or as a folded byte store (text), and its ranks.
// Arrow buffers are read where they lie; a view module has no apache-arrow of its own, so
// type ids come from the engine's copy (`arrow.Type`).
import { formatTime } from "../common/arrow.js";
import { argsortNumbers } from "./radix.js";
import { rankUnits, storeFromParts, storeFromStrings } from "./text.js";

export const MAX_TEXT = 4000; // characters of a cell's text produced for display
const UNIT_MS = [1000, 1, 1e-3, 1e-6]; // Arrow TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND

function validOf(data) {
  const bitmap = data.nullBitmap;
  if (!data.nullCount || !bitmap || bitmap.length === 0) return null;
  const off = data.offset;
  return (i) => (bitmap[(off + i) >> 3] & (1 << ((off + i) & 7))) !== 0;
}

/** Plain JS of an Arrow value (struct rows, lists, maps), bounded in depth and size. */
export function plain(v, depth = 0) {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if (typeof v !== "object") return v;
  if (v instanceof Date) return v.toISOString();
  if (depth > 32) return "…";
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v.subarray(0, 1000), (x) => plain(x, depth + 1));
  if (typeof v.get === "function" && typeof v.length === "number" && typeof v.toArray === "function") {
    const out = [];
    for (let i = 0; i < Math.min(v.length, 1000); i++) out.push(plain(v.get(i), depth + 1));
    return out;
  }
  if (Array.isArray(v)) return v.slice(0, 1000).map((x) => plain(x, depth + 1));
  const obj = typeof v.toJSON === "function" ? v.toJSON() : v;
  if (obj instanceof Map) return Object.fromEntries([...obj].slice(0, 1000).map(([k, x]) => [String(k), plain(x, depth + 1)]));
  const out = {};
  for (const k of Object.keys(obj).slice(0, 1000)) out[k] = plain(obj[k], depth + 1);
  return out;
}

function kindOf(type, T) {
  let id = type.typeId;
  if (id === T.Dictionary) return "text";
  if (id === T.Int || id === T.Float || id === T.Decimal) return "number";
  if (id === T.Timestamp || id === T.Date) return "time";
  if (id === T.Utf8 || id === T.LargeUtf8) return "text";
  if (id === T.Struct || id === T.List || id === T.LargeList || id === T.FixedSizeList || id === T.Map) return "nested";
  return "other";
}

/** One column of `table` at `index`, with `arrow` the engine's apache-arrow namespace. */
export function makeColumn(table, index, arrow) {
  const vector = table.getChildAt(index);
  const field = table.schema.fields[index];
  const type = field.type;
  const T = arrow.Type;
  const kind = kindOf(type, T);
  const n = table.numRows;
  let numbers = null;
  let store = null;
  let ranks = null;

  const raw = (row) => {
    try {
      return vector.get(row);
    } catch {
      return null;
    }
  };
  function text(row) {
    const v = raw(row);
    if (v === null || v === undefined) return "";
    if (kind === "time") {
      const ms = Number(v);
      return Number.isFinite(ms) ? formatTime(new Date(ms)) : String(v);
    }
    if (typeof v === "string") return v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
    if (v instanceof Uint8Array) return `0x${Array.from(v.subarray(0, 64), (b) => b.toString(16).padStart(2, "0")).join("")}${v.length > 64 ? "…" : ""}`;
    if (typeof v === "object") {
      try {
        return JSON.stringify(plain(v)).slice(0, MAX_TEXT);
      } catch {
        return String(v).slice(0, MAX_TEXT);
      }
    }
    return String(v);
  }

  /** The column as doubles: numbers, times in ms since the epoch; NaN for nulls. */
  function toNumbers() {
    const out = new Float64Array(n);
    let at = 0;
    for (const data of vector.data) {
      const valid = validOf(data);
      const values = data.values;
      const direct = data.type.typeId !== T.Decimal && ArrayBuffer.isView(values) && (data.stride ?? 1) === 1 && values.length >= data.length;
      const scale = type.typeId === T.Timestamp ? UNIT_MS[type.unit] ?? 1 : type.typeId === T.Date && type.unit === 0 ? 86_400_000 : 1;
      for (let i = 0; i < data.length; i++) {
        if (valid && !valid(i)) out[at + i] = NaN;
        else if (direct) out[at + i] = Number(values[i]) * scale;
        else out[at + i] = Number(raw(at + i));
      }
      at += data.length;
    }
    return out;
  }

  function toStore() {
    if (type.typeId === T.Utf8 || type.typeId === T.LargeUtf8) {
      const s = storeFromParts(vector.data.map((d) => ({ values: d.values, offsets: d.valueOffsets, length: d.length, valid: validOf(d) })));
      return { ...s, codes: null };
    }
    if (type.typeId === T.Dictionary) {
      // One unit per dictionary entry of each chunk; rows point at them through codes.
      const words = [];
      const codes = new Int32Array(n);
      let at = 0;
      for (const data of vector.data) {
        const base = words.length;
        const dict = data.dictionary;
        for (let j = 0; j < (dict?.length ?? 0); j++) words.push(dict.get(j));
        const valid = validOf(data);
        for (let i = 0; i < data.length; i++) codes[at + i] = valid && !valid(i) ? -1 : base + Number(data.values[i]);
        at += data.length;
      }
      return { ...storeFromStrings(words.map((w) => (w === null ? null : String(w)))), codes };
    }
    const values = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw(i);
      values[i] = v === null || v === undefined ? null : text(i);
    }
    return { ...storeFromStrings(values), codes: null };
  }

  function toRanks() {
    if (kind === "number" || kind === "time") return numberRanks(col.numbers());
    const s = col.store();
    const units = rankUnits(s);
    if (!s.codes) return units;
    const rank = new Uint32Array(n);
    for (let i = 0; i < n; i++) rank[i] = s.codes[i] < 0 ? units.distinct : units.rank[s.codes[i]];
    return { rank, distinct: units.distinct };
  }

  const col = {
    index,
    name: field.name,
    type,
    kind,
    vector,
    raw,
    text,
    numbers: () => (numbers ??= toNumbers()),
    store: () => (store ??= toStore()),
    ranks: () => (ranks ??= toRanks()),
  };
  return col;
}

/** Ranks of doubles: equal values share one, NaN (null) last. */
export function numberRanks(values) {
  const order = argsortNumbers(values);
  const rank = new Uint32Array(values.length);
  let r = -1;
  let prev = NaN;
  for (let i = 0; i < order.length; i++) {
    const v = values[order[i]];
    if (Number.isNaN(v)) {
      rank[order[i]] = r + 1;
      continue;
    }
    if (i === 0 || v !== prev) r++;
    prev = v;
    rank[order[i]] = r;
  }
  return { rank, distinct: r + 1 };
}

/** Every column of `table`. */
export function makeColumns(table, arrow) {
  return table.schema.fields.map((_, i) => makeColumn(table, i, arrow));
}
