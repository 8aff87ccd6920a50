// The real huntkit engine for SessionRarity's unit tests (the npm package in js/dist,
// initialised, with the apache-arrow it reads and writes), and the bundled sample events.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export { engine, ipcOf } from "../engine.mjs";

/** 1,911 Office 365-style events in 300 sessions (bench/sessions/gen_events.py 300). */
export const SAMPLE = readFileSync(fileURLToPath(new URL("../../../examples/data/o365_sessions.csv", import.meta.url)));

/** The sample's options: users, time, event and parameters columns. */
export const SAMPLE_OPTIONS = {
  user_columns: ["UserId", "ClientIP"],
  time_column: "TimeGenerated",
  event_column: "Operation",
  params_column: "Parameters",
};
