import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { init, timelineIndex, HuntkitError } from "../dist/index.js";

const data = (name) => readFile(new URL(`../../examples/data/${name}`, import.meta.url));

await init();

test("indexes MSTICPy's process events into sorted lanes", async () => {
  const idx = timelineIndex(await data("processes_on_host.csv"), { groupBy: "Account" });
  const info = idx.info();
  assert.equal(info.rows, 363);
  assert.equal(info.events, 363);
  assert.deepEqual(info.lanes, ["MSTICAlertsWin1\\MSTICAdmin", "WORKGROUP\\MSTICAlertsWin1$"]);
  assert.deepEqual(info.extent, [Date.parse("2019-01-15T04:15:26Z"), Date.parse("2019-01-15T05:24:26.010Z")]);
  const spans = idx.spans();
  assert.deepEqual(spans.map((s) => s.count), [160, 203]);
  idx.free();
});

test("bins a frame, hit-tests and selects a brushed range", async () => {
  const rows = [];
  for (let i = 0; i < 30; i++) rows.push({ TimeGenerated: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), Host: ["a", "b", "c"][i % 3] });
  const idx = timelineIndex(rows, { groupBy: ["Host"] });
  const [lo, hi] = idx.paddedExtent(0);
  const bins = idx.bin(lo, hi + 1, 30);
  assert.equal(bins.visible, 30);
  assert.equal(bins.count.reduce((a, b) => a + b, 0), 30);
  assert.ok(bins.row instanceof Uint32Array);
  // Row 4 is in lane b (1), four minutes in.
  assert.deepEqual([...idx.hit(1, Date.UTC(2024, 0, 1, 0, 4, 10), 30_000)], [4]);
  assert.deepEqual([...idx.hit(1, Date.UTC(2024, 0, 1, 0, 4, 40), 10_000)], []);
  const sel = idx.select("2024-01-01T00:10:00Z", new Date(Date.UTC(2024, 0, 1, 0, 20)), [1]);
  assert.deepEqual([...sel.rows], [11, 12, 14, 15, 17, 18, 20]);
  assert.equal(sel.truncated, false);
  idx.free();
});

test("errors carry codes", async () => {
  assert.throws(() => timelineIndex("TimeGenerated,x\n2024-01-01,1\n", { groupBy: "Nope" }), (e) => e instanceof HuntkitError && e.code === "column_not_found");
  const idx = timelineIndex("TimeGenerated\n2024-01-01T00:00:00Z\n");
  assert.throws(() => idx.bin(10, 5, 100), (e) => e.code === "invalid_option");
  assert.throws(() => idx.bin("not a time", 5, 100), (e) => e.code === "invalid_option");
  assert.throws(() => timelineIndex("TimeGenerated\n2024-01-01\n2024-01-02\n", { limits: { maxRows: 1 } }), (e) => e.code === "limit_exceeded");
  idx.free();
});
