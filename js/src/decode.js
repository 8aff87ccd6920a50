// Decoding obfuscated payloads: base64, hex, UTF-16, gzip, zlib, raw DEFLATE, zip and tar, nested.
import { optionsJSON, text } from "./boundary.js";
import { output, fromIPC, toObjects, toInputBytes } from "./data.js";
import { call, guard, HuntkitError } from "./error.js";
import { wasm } from "./wasm.js";

/**
 * Decodes one text. Returns `{ text, records, truncated }`: `text` with each decoded run
 * replaced by a `<decoded …>` tag, `records` the record table (an Arrow `Table`, or plain
 * objects with `{ output: "objects" }`), and `truncated` when a limit stopped decoding.
 * `{ compat: "msticpy" }` reproduces MSTICPy's `unpack_items(input_string=…)`.
 */
export function decode(input, options = {}) {
  const json = guard(() => {
    text(input, "decode's text");
    return optionsJSON(options, "decode", ["output"]);
  });
  const out = call(() => wasm().decodeString(input, json));
  const table = fromIPC(out.records);
  return {
    text: out.text,
    records: options?.output === "objects" ? toObjects(table) : table,
    truncated: out.truncated,
  };
}

/**
 * Decodes the text column `column` of a table (Arrow IPC bytes, an Arrow Table, CSV or
 * JSON text, or an array of objects), one row at a time, as MSTICPy's
 * `unpack_items(data=…, column=…)`: the record table with `src_index`, the column and
 * `full_decoded_string`.
 */
export function decodeTable(data, column, options = {}) {
  if (typeof column !== "string" || column === "") {
    throw new HuntkitError("invalid_option", "decodeTable needs the name of the column to decode");
  }
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "decodeTable", ["output"])]);
  return output(call(() => wasm().decodeTable(bytes, column, json)), options);
}
