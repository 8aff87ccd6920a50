// The real huntkit engine for the views' unit tests: the npm package in js/dist, initialised,
// with the apache-arrow it reads and writes (js/node_modules: the copy js/dist imports, so
// tables pass between the engine and a view), as common/engine.js hands it to a view.
import * as hk from "../../js/dist/index.js";

export const arrow = await import(new URL("../../js/node_modules/apache-arrow/Arrow.node.mjs", import.meta.url).href);
await hk.init();

export { hk };

/** The engine namespace, as loadEngine() gives it to a view. */
export const engine = { ...hk, arrow };

/** Arrow IPC stream bytes of a table of `columns` ({ name: values }). */
export function ipcOf(columns) {
  return arrow.tableToIPC(arrow.tableFromArrays(columns), "stream");
}
