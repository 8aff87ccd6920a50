// The layer tree read from the decoder's record table: parents by reference, texts and
// bytes, where each encoded run sits in its parent, frame mode's rows (most layers first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE64MSG, INZIP, encoded, engine, recordsOf } from "./engine.mjs";

const recordsOfTable = (cells) => engine.decodeTable(cells.map((c) => ({ cmd: c })), "cmd");
import { buildLayers, initialExpansion, parentRef, visibleNodes } from "../../src/payload/layers.js";

test("parent references", () => {
  assert.equal(parentRef("1.2.1"), "1.2");
  assert.equal(parentRef("1"), null);
});

test("base64msg.txt: one payload, 16 layers in two archives", () => {
  const model = buildLayers(recordsOf(BASE64MSG), [{ row: 0, text: BASE64MSG }]);
  assert.equal(model.roots.length, 1);
  assert.equal(model.nodes.length, 17);
  const root = model.nodes[model.roots[0]];
  assert.equal(root.kind, "source");
  assert.equal(model.text(root.id), BASE64MSG);
  assert.equal(model.bytes(root.id), null);
  const refs = (ids) => ids.map((id) => model.nodes[id].ref);
  assert.deepEqual(refs(root.children), ["1", "2"]);
  const tar = model.nodes[root.children[0]];
  assert.deepEqual(refs(tar.children), ["1.1", "1.2", "1.3"]);
  assert.equal(model.text(tar.id), null, "an archive is binary");
  assert.equal(model.bytes(tar.id).length, 4096);
  const dll = model.nodes[tar.children[0]];
  assert.equal(model.meta(dll.id).fileName, "dllenc.txt");
  assert.equal(model.meta(dll.id).md5, "9fd687fb66a85f89cc413728a179fb0d");
  assert.match(model.text(dll.id), /^-----BEGIN CERTIFICATE-----/);
  assert.equal(dll.level, 2);
  // The archives' runs in the payload, and the certificate's run in the member.
  const runs = model.runs(root.id);
  assert.deepEqual(runs.map((r) => r.child), root.children);
  for (const r of runs) assert.ok(BASE64MSG.slice(r.start, r.end).length > 100);
  assert.ok(BASE64MSG.slice(0, runs[0].start).startsWith("There should be a tar file here:"));
  const inner = model.runs(dll.id);
  assert.equal(inner.length, 1);
  assert.ok(model.text(dll.id).slice(inner[0].start, inner[0].end).startsWith("Pnv0v1BB"));
  assert.deepEqual(model.runs(tar.id), [], "archive members have no run");
  assert.deepEqual(model.subtree(tar.id).length, 8);
});

test("a run over several lines is found where it is", () => {
  const model = buildLayers(recordsOf(INZIP), [{ row: 0, text: INZIP }]);
  const [run] = model.runs(model.roots[0]);
  assert.equal(run.start, 28);
  assert.ok(INZIP.slice(run.start, run.end).includes("\n"));
});

test("compat mode's repeated references hang under the payload", () => {
  const model = buildLayers(recordsOf(BASE64MSG, { compat: "msticpy" }), [{ row: 0, text: BASE64MSG }]);
  assert.equal(model.nodes.length, 9);
  const root = model.nodes[0];
  assert.equal(root.children.length, 8);
});

test("frame mode: rows that decoded, most layers first", () => {
  const cells = ["nothing", encoded("Write-Host hello world from here"), BASE64MSG, INZIP];
  const records = recordsOfTable(cells);
  const model = buildLayers(records, cells.map((text, row) => ({ row, text })), { frame: true });
  assert.deepEqual(model.roots.map((id) => model.nodes[id].row), [2, 3, 1]);
  assert.equal(model.rootOf(0), undefined);
  assert.equal(model.text(model.rootOf(3)), INZIP);
  assert.equal(model.nodes[model.rootOf(1)].children.length, 1);
  const visible = visibleNodes(model, new Set());
  assert.equal(visible.length, 3, "collapsed: the rows only");
  const expanded = initialExpansion(model);
  assert.equal(visibleNodes(model, expanded).length, model.nodes.length);
  assert.equal(initialExpansion(model, 5).size <= 5, true);
});
