// Adds `__huntkit_reset_async` to the wasm-bindgen output: the twin of its
// `__wbg_reset_state`, making the fresh instance with `WebAssembly.instantiate`.
//
// `__wbg_reset_state` replaces a trapped instance synchronously, which Chromium refuses on
// a page's main thread for a module over 8 MB; there the npm package falls back to this.
// The twin is derived from the generated function itself, so it resets exactly the state
// that one does.
//
//   node js/scripts/async-reset.mjs js/pkg/huntkit_wasm.js
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const source = readFileSync(file, "utf8");
if (source.includes("__huntkit_reset_async")) process.exit(0);
const start = source.indexOf("export function __wbg_reset_state");
const end = start < 0 ? -1 : source.indexOf("\n}\n", start);
const sync = "new WebAssembly.Instance(wasmModule, __wbg_get_imports())";
const body = end < 0 ? "" : source.slice(start, end + 3);
if (!body.includes(sync)) {
  console.error(`${file}: no __wbg_reset_state of the expected shape; build with --experimental-reset-state-function`);
  process.exit(1);
}
const twin = body
  .replace("export function __wbg_reset_state", "export async function __huntkit_reset_async")
  .replace(sync, "await WebAssembly.instantiate(wasmModule, __wbg_get_imports())");
writeFileSync(file, `${source}\n${twin}`);
