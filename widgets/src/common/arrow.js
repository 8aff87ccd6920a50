// Data in, Arrow out: the one module of the views that reads and writes Arrow. Whatever the
// host sends (Arrow IPC bytes, an apache-arrow Table, objects, CSV or JSON text) becomes
// Arrow IPC for the engine and an apache-arrow Table for tooltips and tables; cells come
// back out as plain strings and numbers. apache-arrow itself is the engine's copy
// (`engine.arrow`, see engine.js), so no view module carries one of its own.
import { utcFormat } from "d3-time-format";

/** A time as the tooltips show it: UTC to the millisecond. */
export const formatTime = utcFormat("%Y-%m-%d %H:%M:%S.%L");

/** Whether an Arrow type is a timestamp or a date (read from its name, so without arrow's enums). */
export function isTimeType(type) {
  return Boolean(type) && /^(Timestamp|Date)/.test(String(type));
}

/** Whether `table` has a column named `name`. */
export function hasColumn(table, name) {
  return Boolean(table.getChild(name));
}

/** The cell at `row` of `column` as a number (NaN when missing or not numeric). */
export function numberAt(table, column, row) {
  return Number(table.getChild(column)?.get(row));
}

/** The cell at `row` of `column` as text: times in UTC, nested values as JSON, nulls empty. */
export function cellText(table, column, row) {
  const vec = table.getChild(column);
  if (!vec) return "";
  let v;
  try {
    v = vec.get(row);
  } catch {
    return "";
  }
  if (v === null || v === undefined) return "";
  if (isTimeType(vec.type)) {
    const ms = Number(v); // a Date, a BigInt or a number of milliseconds
    return Number.isFinite(ms) ? formatTime(new Date(ms)) : String(v);
  }
  if (typeof v === "object" && typeof v.toJSON === "function") {
    try {
      return JSON.stringify(v.toJSON());
    } catch {
      return String(v);
    }
  }
  return String(v);
}

/** Whether `bytes` start as Arrow IPC: the file format's magic or a stream's continuation marker. */
export function isArrowIPC(bytes) {
  if (bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === "ARROW1") return true;
  return bytes.length >= 8 && bytes.subarray(0, 4).every((b) => b === 0xff);
}

/**
 * Input in any accepted form → { ipc: Uint8Array, table: arrow Table }, or null when there
 * is no data. Accepts Arrow IPC bytes (DataView, ArrayBuffer, typed array), an apache-arrow
 * Table, an array of plain objects, or CSV / JSON text (converted by `engine.toArrow`).
 */
export function toData(value, engine) {
  if (value === null || value === undefined) return null;
  const bytes = engine.toInputBytes(value);
  if (bytes.length === 0) return null;
  // The engine reads CSV and JSON too; the view needs Arrow for its tooltips.
  const ipc = isArrowIPC(bytes) ? bytes.slice() : engine.toArrow(bytes);
  const table = value instanceof engine.arrow.Table ? value : engine.arrow.tableFromIPC(ipc);
  return { ipc, table };
}

/** Arrow IPC stream bytes of an apache-arrow Table, for a view's `result`. */
export function toIPC(table, engine) {
  return engine.arrow.tableToIPC(table, "stream");
}
