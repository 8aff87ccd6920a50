// The scan queue: one call at a time, the layer on screen first, stopped on reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createScanQueue } from "../../src/payload/scan.js";

test("scans in order, a layer asked for first jumps the queue, each once", async () => {
  const order = [];
  let done;
  const finished = new Promise((r) => (done = r));
  const q = createScanQueue([0, 1, 2, 3], {
    scan: async (id) => {
      order.push(id);
      return id === 2 ? null : [{ id }];
    },
    onLayer: (id, m) => assert.deepEqual(m, [{ id }]),
    onDone: done,
    onError: (e) => assert.fail(e),
  });
  q.first(3);
  q.first(3);
  q.start();
  await finished;
  assert.deepEqual(order, [3, 0, 1, 2]);
  assert.deepEqual(q.progress(), { done: 4, total: 4 });
  q.first(1); // already scanned: nothing to do
});

test("a stopped queue reports nothing more; errors are reported", async () => {
  const seen = [];
  const q = createScanQueue([0, 1, 2], {
    scan: async (id) => {
      if (id === 1) q.stop();
      return [];
    },
    onLayer: (id) => seen.push(id),
    onDone: () => assert.fail("stopped"),
    onError: (e) => assert.fail(e),
  });
  await q.start();
  assert.deepEqual(seen, [0]);
  let error;
  const bad = createScanQueue([0], { scan: async () => { throw Object.assign(new Error("x"), { code: "invalid_option" }); }, onLayer() {}, onDone() {}, onError: (e) => (error = e) });
  await bad.start();
  assert.equal(error.code, "invalid_option");
});
