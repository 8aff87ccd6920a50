// huntkit with the wasm inlined: for anywidget, JupyterLite, Observable and any host where
// a file beside the module cannot be fetched.
import wasmBytes from "../pkg/huntkit_wasm_bg.wasm";
import { initWith } from "./wasm.js";

export * from "./index.js";

/** Loads the inlined wasm, once (or `input`, when given). */
export function init(input) {
  return initWith(input, () => wasmBytes);
}
