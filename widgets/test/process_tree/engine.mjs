// The real huntkit engine for the process tree's unit tests (the npm package in js/dist,
// initialised, with the apache-arrow it reads and writes), and MSTICPy's test data.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export { engine, ipcOf } from "../engine.mjs";

const data = (name) => readFileSync(fileURLToPath(new URL(`../../../examples/data/${name}`, import.meta.url)));

/** MSTICPy's Windows 4688 test data: 1,000 events, 1,010 processes in 10 trees. */
export const WIN = data("win_proc_test.csv");
/** MSTICPy's Linux auditd test data: 1,000 events, 1,029 processes in 29 trees. */
export const LINUX = data("linux_proc_test.csv");
/** A small Windows tree (17 events). */
export const SMALL = data("process_tree.csv");
