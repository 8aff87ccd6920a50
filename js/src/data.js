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
 * plain objects.
 */
export function toInputBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === "string") return encoder.encode(data);
  if (isArrowTable(data)) return tableToIPC(withoutDictionaries(data), "stream");
  if (Array.isArray(data)) return encoder.encode(JSON.stringify(data, bigintToNumber));
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

/** Options without the JS-only keys, ready to pass to the wasm. */
export function engineOptions(options) {
  if (options == null) return undefined;
  const { output: _output, onProgress: _progress, read: _read, ...rest } = options;
  return rest;
}
