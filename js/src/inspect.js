import { toInputBytes } from "./data.js";
import { call } from "./error.js";
import { wasm } from "./wasm.js";

/**
 * Describes a table: rows, columns with their Arrow types and null counts, and the time
 * range of each timestamp column.
 */
export function inspect(data, options = {}) {
  const bytes = toInputBytes(data);
  return call(() => wasm().inspect(bytes, options.read));
}

/** Converts any input huntkit reads to Arrow IPC stream bytes. */
export function toArrow(data, options = {}) {
  const bytes = toInputBytes(data);
  return call(() => wasm().toArrow(bytes, options.read));
}
