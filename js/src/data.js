// What crosses into the wasm: bytes. What comes back: Arrow IPC, read with apache-arrow.
import { DataType, Table, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { HuntkitError } from "./error.js";

const encoder = new TextEncoder();

function isArrowTable(data) {
  return data != null && typeof data === "object" && "schema" in data && "batches" in data && typeof data.getChild === "function";
}

/**
 * Turns what a user holds into bytes the engines read: Arrow IPC bytes (stream or file),
 * an apache-arrow `Table`, CSV / JSON / NDJSON text (string or bytes), or an array of
 * plain objects. Anything else, a detached buffer, or objects that cannot be written as
 * JSON (a cycle, nesting too deep for the JavaScript stack) are `invalid_input` errors.
 */
export function toInputBytes(data) {
  if (data instanceof ArrayBuffer) {
    if (data.detached) throw new HuntkitError("invalid_input", "the ArrayBuffer given as data is detached (transferred)");
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    if (data.buffer.detached) throw new HuntkitError("invalid_input", "the data's buffer is detached (transferred)");
    if (data instanceof Uint8Array) return data;
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (typeof data === "string") return encoder.encode(data);
  if (isArrowTable(data)) {
    try {
      return tableToIPC(withoutDictionaries(data), "stream");
    } catch (e) {
      throw new HuntkitError("invalid_input", `the Arrow Table cannot be written as Arrow IPC: ${e?.message ?? e}`);
    }
  }
  if (Array.isArray(data)) {
    let json;
    try {
      json = JSON.stringify(data, bigintToNumber);
    } catch (e) {
      // A cycle (TypeError), nesting deeper than the stack (RangeError) or text too long.
      throw new HuntkitError("invalid_input", `the array of objects cannot be written as JSON: ${e?.message ?? e}`);
    }
    return encoder.encode(json);
  }
  throw new HuntkitError(
    "invalid_input",
    `expected Arrow IPC bytes, an Arrow Table, CSV or JSON text, or an array of objects; got ${data === null ? "null" : typeof data}`,
  );
}

/**
 * apache-arrow writes dictionary fields without their index type when it is the default
 * Int32, which the Arrow spec allows and arrow-rs rejects; dictionary columns made in JS
 * (as `tableFromArrays` makes every string column) are sent decoded instead.
 */
function withoutDictionaries(table) {
  if (!table.schema.fields.some((f) => DataType.isDictionary(f.type))) return table;
  const columns = {};
  for (const f of table.schema.fields) {
    const v = table.getChild(f.name);
    columns[f.name] = DataType.isDictionary(f.type) ? vectorFromArray(v.toArray(), f.type.dictionary) : v;
  }
  return new Table(columns);
}

function bigintToNumber(_key, value) {
  return typeof value === "bigint" ? Number(value) : value;
}

/** Arrow IPC bytes to an apache-arrow `Table`. */
export function fromIPC(bytes) {
  return tableFromIPC(bytes);
}

/** An apache-arrow `Table` as plain objects; 64-bit integers become numbers where they fit. */
export function toObjects(table) {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n));
  const rows = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row = {};
    for (let c = 0; c < names.length; c++) {
      let v = columns[c].get(i);
      if (typeof v === "bigint" && v >= Number.MIN_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER) v = Number(v);
      row[names[c]] = v ?? null;
    }
    rows[i] = row;
  }
  return rows;
}

/** The result as the caller asked for it: an Arrow `Table`, or plain objects with `{ output: "objects" }`. */
export function output(bytes, options) {
  const table = fromIPC(bytes);
  return options?.output === "objects" ? toObjects(table) : table;
}

