import { optionsJSON } from "./boundary.js";
import { toInputBytes } from "./data.js";
import { call, guard } from "./error.js";
import { wasm } from "./wasm.js";

/**
 * Describes a table: rows, columns with their Arrow types and null counts, and the time
 * range of each timestamp column. `options.read` holds the read options.
 */
export function inspect(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "inspect")]);
  return call(() => wasm().inspect(bytes, json));
}

/** Converts any input huntkit reads to Arrow IPC stream bytes. */
export function toArrow(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "toArrow")]);
  return call(() => wasm().toArrow(bytes, json));
}
