// The view's model over the real engine: MSTICPy's test data built into trees, processes
// mapped to input rows through the engine's source_row, schemas, colours and labels, a
// tree table read again, MSTICPy's path order, and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { toData } from "../../src/common/arrow.js";
import { applyLabels, buildTree, createState } from "../../src/process_tree/model.js";
import { optionReader } from "../../src/process_tree/options.js";
import { textsOf } from "../../src/process_tree/data.js";
import { engine, ipcOf, LINUX, SMALL, WIN } from "./engine.mjs";

function built(data, traits = {}) {
  const state = createState();
  state.engine = engine;
  state.data = toData(data, engine);
  const error = buildTree(state, optionReader(createModel(traits)));
  return { state, error };
}

test("MSTICPy's Windows data: 1010 processes in 10 trees, each process mapped to its input row", () => {
  const { state, error } = built(WIN);
  assert.equal(error, null);
  const { s, tree } = state;
  assert.equal(s.n, 1010);
  assert.equal(tree.summary.RootProcesses, 10);
  assert.equal(tree.schema, "windows");
  assert.equal(s.maxDepth, 6);
  const roots = [...s.parent].filter((p) => p < 0).length;
  assert.equal(roots, 10);
  // Ten synthesised parents have no input row; every input row has one process.
  assert.equal([...s.inputRow].filter((r) => r < 0).length, 10);
  assert.equal([...s.displayOf].filter((i) => i >= 0).length, 1000);
  const input = state.data.table;
  for (const i of [1, 57, 1009]) {
    const row = s.inputRow[i];
    assert.equal(String(input.getChild("NewProcessId").get(row)), String(tree.table.getChild("NewProcessId").get(s.tableRow[i])));
    assert.equal(s.displayOf[row], i);
  }
  // Each child's parent is the process its ProcessId and ParentProcessName name.
  const t = tree.table;
  for (let i = 0; i < s.n; i++) {
    const p = s.parent[i];
    if (p < 0) continue;
    assert.equal(String(t.getChild("ProcessId").get(s.tableRow[i])).toLowerCase(), String(t.getChild("NewProcessId").get(s.tableRow[p])).toLowerCase());
  }
});

test("labels: basename, PID in the chosen base, command line, MSTICPy's hover fields", () => {
  const { state } = built(WIN, { pid_fmt: "dec" });
  const { labels } = state;
  assert.equal(labels.name(1), "WmiPrvSE.exe");
  assert.equal(labels.pid(1), "PID: 3492");
  assert.equal(labels.cmd(0), "cmdline unknown"); // a synthesised parent
  const tip = Object.fromEntries(labels.tip(1));
  assert.equal(tip.Process, "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe");
  assert.equal(tip.PID, "0xda4");
  assert.equal(tip.SubjUser, "MSTICAlertsWin1$");
  assert.equal(tip.TgtLgnId, "0x3e4");
  assert.equal(tip.Time, "2019-02-09 20:04:38.017");
  assert.equal(tip.Row, "852");
  assert.equal(Object.fromEntries(labels.tip(0)).Flags, "synthesized");
  const texts = labels.searchTexts();
  assert.equal(texts.length, 1010);
  assert.match(texts[1], /wmiprvse\.exe -secured -Embedding/i);
  assert.match(texts[1], /0xda4 3492/); // the id in both bases
});

test("colours: by level, by a text column (legend), by a number column (colour bar)", () => {
  const depth = built(WIN).state.colours;
  assert.equal(depth.kind, "depth");
  assert.equal(depth.index[0], 0);
  const byUser = built(WIN, { legend_col: "SubjectUserName" }).state.colours;
  assert.equal(byUser.kind, "category");
  assert.deepEqual(byUser.categories.map((c) => c.label), ["LOCAL SERVICE", "MSTICAdmin", "MSTICAlertsWin1$"]);
  assert.equal(byUser.index[0], -1); // the synthesised parent has no user: grey
  const lx = built(LINUX, { legend_col: "ppid" }).state;
  assert.equal(lx.colours.kind, "number");
  assert.ok(lx.colours.range[0] < lx.colours.range[1]);
  const time = built(SMALL, { legend_col: "TimeGenerated" }).state.colours;
  assert.equal(time.kind, "time");
});

test("a legend column the data lacks: coloured by level, a coded error", () => {
  const { state, error } = built(WIN, { legend_col: "Nope" });
  assert.equal(error.code, "column_not_found");
  assert.equal(state.colours.kind, "depth");
  assert.equal(state.s.n, 1010);
  assert.equal(applyLabels(state, optionReader(createModel({ legend_col: "Account" }))), null);
  assert.equal(state.colours.kind, "category");
});

test("Linux data: 1029 processes, decimal ids, MSTICPy's path order gives the same forest", () => {
  const huntkit = built(LINUX).state;
  assert.equal(huntkit.s.n, 1029);
  assert.equal(huntkit.tree.schema, "linux");
  assert.equal(huntkit.roles.sep, "/");
  assert.equal(huntkit.labels.name(1), "dash");
  const msticpy = built(LINUX, { compat: "msticpy" }).state;
  assert.equal(msticpy.s.n, 1029);
  assert.equal(msticpy.labels.pid(1), "NA"); // MSTICPy's hex format of a string id
  // Built from parent keys instead of depths: the same parent for every process.
  const key = (st, i) => String(st.tree.table.getChild("proc_key").get(st.s.tableRow[i]));
  const parents = (st) => new Map(Array.from({ length: st.s.n }, (_, i) => [key(st, i), st.s.parent[i] < 0 ? null : key(st, st.s.parent[i])]));
  assert.deepEqual(parents(msticpy), parents(huntkit));
});

test("a tree table built earlier is accepted again; its rows are the input rows", () => {
  const first = built(LINUX).state;
  const again = built(engine.arrow.tableToIPC(first.tree.table, "stream")).state;
  assert.equal(again.s.n, 1029);
  // Process i of the second build is input row inputRow[i] of the first build's table.
  for (const i of [1, 2, 500]) {
    const row = again.s.inputRow[i];
    assert.equal(first.tree.table.getChild("proc_key").get(row), again.tree.table.getChild("proc_key").get(again.s.tableRow[i]));
  }
});

test("a user's column mapping; the engine's errors come out coded", () => {
  const ipc = ipcOf({
    Image: ["C:\\p\\parent.exe", "C:\\p\\child.exe"],
    Pid: ["0x10", "0x11"],
    PPid: ["0x4", "0x10"],
    T: [new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 1, 0, 0, 1))].map((d) => d.toISOString()),
  });
  const { state } = built(ipc, { schema: { process_name: "Image", process_id: "Pid", parent_id: "PPid", time_stamp: "T" } });
  assert.equal(state.tree.schema, "custom");
  assert.equal(state.s.n, 3);
  assert.equal(state.labels.name(2), "child.exe");
  assert.throws(() => built(ipc, { schema: "auto" }), (e) => e.code === "no_schema");
  assert.throws(() => built(ipc, { schema: { process_name: "Nope", process_id: "Pid", parent_id: "PPid", time_stamp: "T" } }), (e) => e.code === "column_not_found");
});

test("text columns are read a chunk at a time, nulls empty, non-ASCII intact", () => {
  const table = engine.arrow.tableFromArrays({ s: ["a", null, "é✓", "z"] });
  assert.deepEqual(textsOf(table, "s"), ["a", "", "é✓", "z"]);
  assert.deepEqual(textsOf(table, "missing"), ["", "", "", ""]);
});

test("the result is written a slice at a time and reads back whole; a newer tree cancels it", async () => {
  const { writeResult } = await import("../../src/process_tree/result.js");
  const n = 20000;
  const table = engine.arrow.tableFromArrays({ a: Int32Array.from({ length: n }, (_, i) => i), s: Array.from({ length: n }, (_, i) => `p${i}`) });
  const bytes = await new Promise((done, failed) => writeResult(table, engine, { done, failed, cancelled: () => false }));
  const back = engine.arrow.tableFromIPC(bytes);
  assert.equal(back.numRows, n);
  assert.equal(back.getChild("s").get(n - 1), `p${n - 1}`);
  let called = false;
  writeResult(table, engine, { done: () => (called = true), failed: () => (called = true), cancelled: () => true });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(called, false);
});
