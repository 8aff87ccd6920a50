// Indicators of compromise: MSTICPy `IoCExtract` parity, defanged input, exact spans.
import { engineOptions, output, toInputBytes } from "./data.js";
import { HuntkitError, call } from "./error.js";
import { wasm } from "./wasm.js";

/**
 * Finds the indicators in one string: `{ byType, matches, truncated }`. `byType` maps each
 * type to an array of distinct values (MSTICPy's `extract`); each match has `iocType`,
 * `value` (refanged, normalised), `raw` (as written), `start`/`end` (UTF-16 offsets, so
 * `text.slice(start, end) === raw`) and `defanged`.
 */
export function extractIocs(text, options = {}) {
  if (typeof text !== "string") {
    throw new HuntkitError("invalid_input", `extractIocs expects a string, got ${text === null ? "null" : typeof text}`);
  }
  return call(() => wasm().extractIocs(text, engineOptions(options)));
}

/**
 * Table mode (MSTICPy's `extract_df`) over one or more columns: an Arrow `Table` with
 * `IoCType, Observable, SourceIndex, Input, raw, start, end, Column`, or plain objects
 * with `{ output: "objects" }`.
 */
export function extractIocsTable(data, columns, options = {}) {
  const bytes = toInputBytes(data);
  const cols = typeof columns === "string" ? [columns] : Array.from(columns ?? []);
  return output(call(() => wasm().extractIocsTable(bytes, cols, options.read, engineOptions(options))), options);
}

/** The types known with these options, and the default types of string and table mode. */
export function iocTypes(options = {}) {
  return call(() => wasm().iocTypes(engineOptions(options)));
}
