// Indicators of compromise: MSTICPy `IoCExtract` parity, defanged input, exact spans.
import { names, optionsJSON, text } from "./boundary.js";
import { output, toInputBytes } from "./data.js";
import { call, guard } from "./error.js";
import { wasm } from "./wasm.js";

/**
 * Finds the indicators in one string: `{ byType, matches, truncated }`. `byType` maps each
 * type to an array of distinct values (MSTICPy's `extract`); each match has `iocType`,
 * `value` (refanged, normalised), `raw` (as written), `start`/`end` (UTF-16 offsets, so
 * `text.slice(start, end) === raw`) and `defanged`.
 */
export function extractIocs(input, options = {}) {
  const json = guard(() => {
    text(input, "extractIocs' text");
    return optionsJSON(options, "extractIocs");
  });
  return call(() => wasm().extractIocs(input, json));
}

/**
 * Table mode (MSTICPy's `extract_df`) over one or more columns: an Arrow `Table` with
 * `IoCType, Observable, SourceIndex, raw, start, end, Column`, or plain objects with
 * `{ output: "objects" }`. A row names its source cell by `SourceIndex` and `Column`,
 * with `start`/`end` into it; `{ includeInput: true }` adds `Input`, the whole cell,
 * after `SourceIndex` (the default under `compat: "msticpy"`, as MSTICPy's `extract_df`).
 */
export function extractIocsTable(data, columns, options = {}) {
  const [bytes, cols, json] = guard(() => [
    toInputBytes(data),
    names(columns ?? [], "extractIocsTable's columns"),
    optionsJSON(options, "extractIocsTable", ["output"]),
  ]);
  return output(call(() => wasm().extractIocsTable(bytes, cols, json)), options);
}

/** The types known with these options, and the default types of string and table mode. */
export function iocTypes(options = {}) {
  const json = guard(() => optionsJSON(options, "iocTypes"));
  return call(() => wasm().iocTypes(json));
}
