// The process tree's pure parts: options, schemas, the forest's structure, visibility,
// selection, search and geometry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { clip } from "../../src/common/dom.js";
import { buildOptions, heightOf, mappingOf, optionReader, pidLabel, titleText, widthOf } from "../../src/process_tree/options.js";
import { baseName, rolesOf, tableColumns } from "../../src/process_tree/schemas.js";
import { fromDepths, fromParents, rootOf, summaryOf, withInputRows } from "../../src/process_tree/structure.js";
import { createVisibility, reveal, setAll, setCollapsed, showOnly, shownAncestor } from "../../src/process_tree/visible.js";
import { clear, createSelection, fromInputRows, select, selectedIndices, toInputRows, toggle } from "../../src/process_tree/selection.js";
import { createSearch, nextMatch } from "../../src/process_tree/search.js";
import { BOX_H, ROW_H, TOGGLE_W, boxX, boxY, boxesIn, clampScroll, geometry, hitTest, rowsOnScreen } from "../../src/process_tree/layout.js";

const opts = (traits) => optionReader(createModel(traits));

test("options: engine build options from schema names and MSTICPy mappings", () => {
  assert.deepEqual(buildOptions(opts({})), { compat: "huntkit", schema: "auto" });
  assert.deepEqual(buildOptions(opts({ schema: "MDE_Internal", compat: "msticpy", max_depth: 4 })), { compat: "msticpy", schema: "mde-internal", maxDepth: 4 });
  assert.equal(buildOptions(opts({ max_depth: -1 })).maxDepth, undefined); // MSTICPy's "no limit"
  const mapping = { process_name: "Image", process_id: "Pid", parent_id: "PPid", time_stamp: "T", cmd_line: null, event_id_identifier: 1 };
  assert.deepEqual(buildOptions(opts({ schema: mapping })).mapping, { processName: "Image", processId: "Pid", parentId: "PPid", timeStamp: "T", eventIdIdentifier: 1 });
  assert.throws(() => buildOptions(opts({ schema: "<b>x</b>" })), (e) => e.code === "invalid_option" && /"<b>x<\/b>"/.test(e.message));
  assert.equal(mappingOf("windows"), null);
});

test("options: PIDs as MSTICPy formats them, and its NA quirk only in compat", () => {
  assert.equal(pidLabel("0xda4", "hex"), "PID: 0xda4");
  assert.equal(pidLabel("0xDA4", "dec"), "PID: 3492");
  assert.equal(pidLabel(22536n, "hex"), "PID: 0x5808");
  assert.equal(pidLabel(22536, "dec"), "PID: 22536");
  assert.equal(pidLabel("22536.0", "hex"), "PID: 0x5808");
  assert.equal(pidLabel("{a-b}", "guid"), "GUID: {a-b}");
  assert.equal(pidLabel("abc", "hex"), "PID: abc");
  assert.equal(pidLabel(null, "hex"), "PID: NA");
  assert.equal(pidLabel("22536", "hex", true), "NA"); // a string that is not 0x…
  assert.equal(pidLabel(22536n, "hex", true), "NA");
  assert.equal(pidLabel(22536n, "dec", true), "PID: 22536");
  assert.equal(pidLabel("0xda4", "dec", true), "NA");
});

test("options: title, sizes and clipping", () => {
  assert.equal(titleText(opts({})), "ProcessTree");
  assert.equal(titleText(opts({ title: "T" }), "uid"), "T (color bar = uid)");
  assert.equal(heightOf(opts({})), 700);
  assert.equal(heightOf(opts({ height: 400 })), 400);
  assert.equal(widthOf(opts({})), null);
  assert.equal(clip("x".repeat(300)).length, 201);
});

test("schemas: columns by role, narrowed to the table's", () => {
  const win = rolesOf("windows", null, () => true);
  assert.equal(win.name, "NewProcessName");
  assert.equal(win.targetLogon, "TargetLogonId");
  assert.equal(win.sep, "\\");
  const mde = rolesOf("mde", null, (c) => c !== "ProcessCreationTime");
  assert.equal(mde.time, "Timestamp");
  const lx = rolesOf("linux", null, (c) => c !== "acct");
  assert.equal(lx.user, null);
  assert.equal(lx.sep, "/");
  const custom = rolesOf("custom", { processName: "Image", processId: "Pid", timeStamp: "T", pathSeparator: "/" }, () => true);
  assert.deepEqual([custom.name, custom.pid, custom.time, custom.sep, custom.cmd], ["Image", "Pid", "T", "/", null]);
  assert.equal(baseName("C:\\Windows\\cmd.exe", "\\"), "cmd.exe");
  assert.equal(baseName("/bin/sh", "/"), "sh");
  assert.equal(baseName("trailing\\", "\\"), "trailing\\");
  assert.deepEqual(tableColumns(lx, "uid"), ["TimeGenerated", "uid", "ses", "pid", "exe", "cmdline", "ppid"]);
});

// Two trees: 0 → (1 → 2, 3), 4 → 5, in reading order.
const DEPTHS = Int32Array.from([0, 1, 2, 1, 0, 1]);

test("structure: parents, subtree ends and last children from depths or from parents", () => {
  const s = fromDepths(DEPTHS);
  assert.deepEqual([...s.parent], [-1, 0, 1, 0, -1, 4]);
  assert.deepEqual([...s.end], [4, 3, 3, 4, 6, 6]);
  assert.deepEqual([...s.lastChild], [3, 2, -1, -1, 5, -1]);
  assert.equal(s.maxDepth, 2);
  assert.equal(fromDepths(Int32Array.from([0, 2])), null); // not in tree order
  assert.equal(fromDepths(Int32Array.from([1, 0])), null);
  // The same forest from table rows in another order (a root's child before its root).
  const p = fromParents(Int32Array.from([-1, 3, 0, 0, -1, 4, 1]));
  assert.deepEqual([...p.tableRow], [0, 2, 3, 1, 6, 4, 5]);
  assert.deepEqual([...p.depth], [0, 1, 1, 2, 3, 0, 1]);
  // A cycle (1 ↔ 2) reachable from no root starts a tree of its own.
  const c = fromParents(Int32Array.from([-1, 2, 1]));
  assert.deepEqual([...c.tableRow], [0, 1, 2]);
  assert.deepEqual([...c.parent], [-1, -1, 1]);
  assert.deepEqual(summaryOf(s), { processes: 6, roots: 2, leaves: 3, depth: 3 });
  assert.equal(rootOf(s, 2), 0);
});

test("structure: input rows both ways; a synthesised parent has none", () => {
  const s = withInputRows(fromDepths(DEPTHS), Int32Array.from([-1, 4, 0, 1, -1, 2]), 6);
  assert.deepEqual([...s.inputRow], [-1, 4, 0, 1, -1, 2]);
  assert.deepEqual([...s.displayOf], [2, 3, 5, -1, 1, -1]);
});

test("visibility: collapse, expand, reveal, one tree, everything", () => {
  const v = createVisibility(fromDepths(DEPTHS));
  assert.deepEqual([...v.list.subarray(0, v.count)], [0, 1, 2, 3, 4, 5]);
  assert.equal(setCollapsed(v, 1, true), true);
  assert.deepEqual([...v.list.subarray(0, v.count)], [0, 1, 3, 4, 5]);
  assert.equal(v.pos[2], -1);
  assert.equal(setCollapsed(v, 2, true), false); // a leaf has nothing to collapse
  setCollapsed(v, 0, true);
  assert.deepEqual([...v.list.subarray(0, v.count)], [0, 4, 5]);
  assert.equal(shownAncestor(v, 2), 0);
  assert.equal(reveal(v, [2]), true);
  assert.deepEqual([...v.list.subarray(0, v.count)], [0, 1, 2, 3, 4, 5]);
  showOnly(v, 5);
  assert.deepEqual([...v.list.subarray(0, v.count)], [4, 5]);
  reveal(v, [2]); // outside the tree shown: every tree again
  assert.equal(v.only, -1);
  setAll(v, true);
  assert.deepEqual([...v.list.subarray(0, v.count)], [0, 4]);
  setAll(v, false);
  assert.equal(v.count, 6);
});

test("selection: display indices in, input rows out, and back", () => {
  const s = withInputRows(fromDepths(DEPTHS), Int32Array.from([-1, 4, 0, 1, -1, 2]), 6);
  const sel = createSelection(s);
  select(sel, [0, 1, 2]);
  assert.deepEqual(toInputRows(sel), [0, 4]); // the synthesised root is not published
  toggle(sel, 1);
  select(sel, [5], true);
  assert.deepEqual(selectedIndices(sel), [0, 2, 5]);
  assert.equal(sel.count, 3);
  clear(sel);
  assert.deepEqual(toInputRows(sel), []);
  assert.deepEqual(fromInputRows(s, [4, 3, 99, -1, "x", 2]), [1, 5]);
});

test("search: case-insensitive matches by process, next and previous with wrap", () => {
  const texts = ["cmd.exe\u0000/c whoami", "conhost.exe", "powershell\u0000-enc AAA", "WHOAMI.exe", "line\nbreak"];
  let reads = 0;
  const search = createSearch(texts.length, () => (reads++, [...texts]));
  assert.deepEqual([...search.run("whoami")], [0, 3]);
  assert.deepEqual([...search.run("EXE")], [0, 1, 3]);
  assert.deepEqual([...search.run("")], []);
  assert.deepEqual([...search.run("line break")], [4]);
  assert.equal(reads, 1);
  // A long search yields between blocks of 4096 processes and finds the same.
  const many = Array.from({ length: 10000 }, (_, i) => (i % 7 === 0 ? `hit ${i}` : `miss ${i}`));
  const big = createSearch(many.length, () => [...many]);
  const job = big.start("HIT");
  let steps = 0;
  while (!job.step(0)) steps++;
  assert.equal(steps, 2); // three blocks, one per step
  assert.deepEqual([...job.matches()], [...big.run("hit")]);
  assert.equal(job.matches().length, Math.ceil(10000 / 7));
  const m = Int32Array.from([2, 5, 9]);
  assert.equal(nextMatch(m, -1, 1), 2);
  assert.equal(nextMatch(m, 5, 1), 9);
  assert.equal(nextMatch(m, 9, 1), 2);
  assert.equal(nextMatch(m, 5, -1), 2);
  assert.equal(nextMatch(m, 2, -1), 9);
  assert.equal(nextMatch(new Int32Array(0), 0, 1), -1);
});

test("layout: geometry, rows on screen, hit testing and box selection", () => {
  const g = geometry({ width: 1000, height: 700, maxDepth: 6, legend: false });
  assert.equal(g.plotH, 700);
  assert.ok(g.plotW + g.mapW < 1000);
  assert.ok(g.contentW <= g.plotW, "seven levels fit without sideways scrolling");
  const deep = geometry({ width: 600, height: 300, maxDepth: 40, legend: true });
  assert.equal(deep.indent, 18);
  assert.ok(deep.contentW > deep.plotW);
  assert.deepEqual(rowsOnScreen(g, 1000, ROW_H * 10 + 5), [10, 30]);
  assert.deepEqual(clampScroll(g, 10, 9999, -5), { y: 0, x: 0 });
  const v = createVisibility(fromDepths(DEPTHS));
  const x1 = boxX(g, 1);
  assert.deepEqual(hitTest(g, v, 0, 0, x1 + 40, boxY(1) + BOX_H / 2), { k: 1, part: "box" });
  assert.deepEqual(hitTest(g, v, 0, 0, x1 + TOGGLE_W / 2, boxY(1) + 4), { k: 1, part: "toggle" });
  assert.deepEqual(hitTest(g, v, 0, 0, boxX(g, 2) + TOGGLE_W / 2, boxY(2) + 4), { k: 2, part: "box" }); // a leaf has no arrow
  assert.deepEqual(hitTest(g, v, 0, 0, 1, boxY(1) + 4), { k: 1, part: null });
  assert.equal(hitTest(g, v, 0, 0, 10, ROW_H * 6 + 2), null);
  assert.deepEqual(boxesIn(g, v, x1 + 10, boxY(1), x1 + 20, boxY(3) + 5), [1, 3]); // box 2 is further right
  assert.deepEqual(boxesIn(g, v, x1 + 10, boxY(1), boxX(g, 2) + 5, boxY(3) + 5), [1, 2, 3]);
  assert.deepEqual(boxesIn(g, v, 0, boxY(1), 4, boxY(3)), []); // left of every box
});
