// The huntkit engine for the views, with the WebAssembly bytes inlined so a view works from
// a blob: URL (anywidget), an offline notebook or a plain page. Loaded once per page.
import wasmBytes from "../../js/dist/huntkit_wasm_bg.wasm";
// The views use the npm package through its public entry, as any page would; the bundler
// keeps only what they call.
import { init, timelineIndex, toArrow } from "../../js/dist/index.js";

/** Instantiates the engine once; every later call returns the same promise. */
export function loadEngine() {
  return init(wasmBytes).then(() => ({ timelineIndex, toArrow }));
}
