// The real engine under Node for the payload view's tests (no Worker here, so the view's
// runner calls it on the thread), and the bundled MSTICPy test payloads.
import { readFileSync } from "node:fs";
import { arrow, hk } from "../engine.mjs";

export { engine } from "../engine.mjs";

const data = new URL("../../../examples/data/", import.meta.url);
export const BASE64MSG = readFileSync(new URL("base64msg.txt", data), "utf8");
export const INZIP = readFileSync(new URL("b64text_inzip.txt", data), "utf8");

/** A PowerShell `-enc` command line (UTF-16LE base64) around `script`. */
export const encoded = (script) => `powershell -enc ${Buffer.from(script, "utf16le").toString("base64")}`;

/** The decoder's record table for `text`. */
export const recordsOf = (text, options = {}) => hk.decode(text, options).records;

/** An Arrow IPC stream of a table with these columns (arrays of strings). */
export function tableIPC(columns) {
  const vectors = {};
  for (const [k, v] of Object.entries(columns)) vectors[k] = arrow.vectorFromArray(v, new arrow.Utf8());
  return arrow.tableToIPC(new arrow.Table(vectors), "stream");
}
