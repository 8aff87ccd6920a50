// The real huntkit engine for SessionRarity's unit tests (the npm package in js/dist,
// initialised, with the apache-arrow it reads and writes), and the bundled sample events.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as hk from "../../../js/dist/index.js";

// The copy js/dist imports, so tables pass between the engine and the view.
const arrow = await import(new URL("../../../js/node_modules/apache-arrow/Arrow.node.mjs", import.meta.url).href);
await hk.init();

/** The engine namespace, as loadEngine() gives it to a view. */
export const engine = { ...hk, arrow };

/** 1,911 Office 365-style events in 300 sessions (bench/sessions/gen_events.py 300). */
export const SAMPLE = readFileSync(fileURLToPath(new URL("../../../examples/data/o365_sessions.csv", import.meta.url)));

/** The sample's options: users, time, event and parameters columns. */
export const SAMPLE_OPTIONS = {
  user_columns: ["UserId", "ClientIP"],
  time_column: "TimeGenerated",
  event_column: "Operation",
  params_column: "Parameters",
};

/** Arrow IPC stream bytes of a table of `columns` ({ name: values }). */
export function ipcOf(columns) {
  const t = arrow.tableFromArrays(columns);
  return arrow.tableToIPC(t, "stream");
}
