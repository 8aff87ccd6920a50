// The huntkit engine for the views, with the WebAssembly bytes inlined so a view works from
// a blob: URL (anywidget), an offline notebook or a plain page. Loaded once per page.
import wasmBytes from "../../js/pkg/huntkit_wasm_bg.wasm";
import { initWith } from "../../js/src/wasm.js";
import { timelineIndex } from "../../js/src/timeline.js";
import { toArrow } from "../../js/src/inspect.js";

/** Instantiates the engine once; every later call returns the same promise. */
export function loadEngine() {
  return initWith(undefined, () => wasmBytes).then(() => ({ timelineIndex, toArrow }));
}
