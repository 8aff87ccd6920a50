import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { init, buildProcessTree, buildProcessTreeAsync, fromIPC, HuntkitError } from "../dist/index.js";

const data = (name) => readFile(new URL(`../../examples/data/${name}`, import.meta.url));

await init();

test("builds MSTICPy's Windows tree with the same counts", async () => {
  const tree = buildProcessTree(await data("win_proc_test.arrow"));
  assert.equal(tree.schema, "windows");
  // The table's bytes as the engine wrote them, for views that pass the table on.
  assert.ok(tree.ipc instanceof Uint8Array);
  assert.equal(fromIPC(tree.ipc).numRows, tree.table.numRows);
  assert.deepEqual(tree.summary, {
    Processes: 1010,
    RootProcesses: 10,
    LeafProcesses: 815,
    BranchProcesses: 185,
    IsolatedProcesses: 0,
    LargestTreeDepth: 7,
  });
  assert.equal(tree.table.numRows, 1010);
  for (const c of ["proc_key", "parent_key", "path", "parent_index", "IsRoot", "IsLeaf", "IsBranch", "depth"]) {
    assert.ok(tree.table.getChild(c), `${c} missing`);
  }
  const roots = tree.roots();
  assert.equal(roots.length, 10);
  const root = roots[4];
  const full = tree.descendants(root);
  assert.equal(full.length, 25);
  assert.equal(tree.children(root).length, 13);
  const depth = tree.table.getChild("depth");
  const deepest = Math.max(...full.map((r) => depth.get(r)));
  const bottom = full.find((r) => depth.get(r) === deepest);
  assert.equal(tree.ancestors(bottom).length, 3);
  assert.equal(tree.rootOf(bottom), root);
  const key = tree.table.getChild("proc_key").get(bottom);
  assert.equal(tree.rowOf(key), bottom);
  assert.equal(tree.parent(key), tree.parent(bottom));
  const kids = tree.children(root, { includeSource: false });
  assert.equal(tree.siblings(kids[0], { includeSource: false }).length, kids.length - 1);
  assert.equal(tree.nested.length, 10);
  assert.equal(tree.nested[4].children.length, 12);
  assert.equal(tree.toText().split("\n").length, 5028);
  tree.free();
});

test("builds the Linux tree, in MSTICPy mode and as plain objects", async () => {
  const tree = buildProcessTree(await data("linux_proc_test.arrow"), { compat: "msticpy", output: "objects" });
  assert.equal(tree.schema, "linux");
  assert.equal(tree.summary.Processes, 1029);
  assert.equal(tree.summary.RootProcesses, 29);
  assert.equal(tree.descendants(tree.roots()[0]).length, 901);
  assert.ok(Array.isArray(tree.table));
  assert.equal(tree.table.length, 1029);
  assert.ok("proc_key" in tree.table[0]);
  tree.free();
});

test("takes a column mapping and plain objects", () => {
  const rows = [
    { When: "2024-01-01T10:00:00Z", Exe: "cmd.exe", Pid: 16, PPid: 4 },
    { When: "2024-01-01T10:00:01Z", Exe: "whoami.exe", Pid: 32, PPid: 16 },
  ];
  const mapping = { process_name: "Exe", process_id: "Pid", parent_id: "PPid", time_stamp: "When" };
  const tree = buildProcessTree(rows, { mapping });
  assert.equal(tree.schema, "custom");
  assert.equal(tree.summary.Processes, 3);
  assert.equal(tree.summary.LargestTreeDepth, 3);
  assert.equal(tree.report.synthesizedParents, 1);
  tree.free();
});

test("bad input gives coded errors", () => {
  assert.throws(
    () => buildProcessTree([{ a: 1, b: 2 }]),
    (e) => e instanceof HuntkitError && e.code === "no_schema" && /NewProcessName/.test(e.message),
  );
  assert.throws(
    () => buildProcessTree([{ a: 1 }], { schema: "solaris" }),
    (e) => e.code === "invalid_option",
  );
  const tree = buildProcessTree([
    { TimeGenerated: "2024-01-01T00:00:00Z", NewProcessName: "x.exe", NewProcessId: "0x1", ProcessId: "0x2", ParentProcessName: "y.exe" },
    { TimeGenerated: "2024-01-01T00:00:00Z", NewProcessName: "y.exe", NewProcessId: "0x2", ProcessId: "0x1", ParentProcessName: "x.exe" },
  ]);
  assert.equal(tree.report.cyclesBroken, 1);
  assert.throws(() => tree.children("no such key"), (e) => e.code === "unknown_process");
  tree.free();
});

test("the async build gives the same tree and answers through its handle", async () => {
  const sync = buildProcessTree(await data("win_proc_test.arrow"));
  const fractions = [];
  const tree = await buildProcessTreeAsync(await data("win_proc_test.arrow"), { onProgress: (f) => fractions.push(f) });
  assert.deepEqual(tree.summary, sync.summary);
  assert.equal(tree.table.numRows, sync.table.numRows);
  assert.deepEqual(fractions.at(-1), 1);
  const roots = await tree.roots();
  assert.deepEqual(roots, sync.roots());
  assert.deepEqual(await tree.descendants(roots[4]), sync.descendants(roots[4]));
  assert.equal((await tree.nested()).length, 10);
  assert.equal(await tree.toText(), sync.toText());
  await tree.free();
  await assert.rejects(tree.roots(), (e) => e.code === "freed");
  sync.free();
});
