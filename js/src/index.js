// huntkit: security analysis for threat hunters, in WebAssembly.
//
//   import { init, inspect } from "huntkit";
//   await init();
//   inspect(csvText);
//
// This entry point loads the wasm from the file beside it (`huntkit_wasm_bg.wasm`);
// `huntkit/inline` carries the wasm inside the module for hosts that cannot serve files.
import { initWith } from "./wasm.js";

export { HuntkitError } from "./error.js";
export { toInputBytes, fromIPC, toObjects } from "./data.js";
export { inspect, toArrow } from "./inspect.js";
export { extractIocs, extractIocsTable, iocTypes } from "./ioc.js";
export { decode, decodeTable } from "./decode.js";
export { stl, mstl, detectPeriods, timeSeriesAnomalies, applyThreshold, rethreshold, anomalyPeriods, kqlPeriods, bucketEvents, detectPolling } from "./timeseries.js";
export { sessionize, SessionModel, scoreSessions } from "./sessions.js";
export { callAsync, callKept, inspectAsync, terminateWorkers } from "./async.js";
export { timelineIndex, TimelineIndex } from "./timeline.js";
export { GeoIpDb } from "./geoip.js";
export { TiFeeds } from "./ti.js";
export { whois, tiLookupOnline } from "./net.js";
export { pivots, ipType, alertEntities, entitiesFromColumn, entitiesFromIocs } from "./pivots.js";
export { buildProcessTree, buildProcessTreeAsync, ProcessTree, AsyncProcessTree } from "./proctree.js";

/**
 * Loads the wasm once. `input` may be the module's bytes, a URL, a Response or a compiled
 * `WebAssembly.Module`; by default the `.wasm` file beside this module.
 */
export function init(input) {
  return initWith(input, () => new URL("./huntkit_wasm_bg.wasm", import.meta.url));
}
