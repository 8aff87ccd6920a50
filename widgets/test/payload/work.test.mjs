// The engine calls: in the worker when there is one, on the page when it cannot start;
// engine errors pass through either way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE64MSG, engine } from "./engine.mjs";
import { createRunner } from "../../src/payload/work.js";

test("without Worker the calls run on the page and give the worker's shapes", async () => {
  const runner = createRunner(engine);
  assert.equal(runner.inWorker, false);
  const out = await runner.decodeText(BASE64MSG, { compat: "huntkit" });
  assert.ok(out.records instanceof Uint8Array);
  assert.equal(engine.arrow.tableFromIPC(out.records).numRows, 16);
  assert.equal(out.truncated, false);
  const ipc = await runner.decodeRows(engine.toInputBytes([{ c: BASE64MSG }, { c: "x" }]), "c", {});
  assert.equal(engine.arrow.tableFromIPC(ipc).numRows, 16);
  const matches = await runner.scan("see 8.8.8.8", { utf16Offsets: true });
  assert.deepEqual(matches.map((m) => [m.iocType, m.start, m.end]), [["ipv4", 4, 11]]);
  await assert.rejects(runner.scan("x", { nope: 1 }), (e) => e.code === "invalid_option");
});

test("a worker that fails to start hands over to the page for good; engine errors do not", async () => {
  globalThis.Worker = class {};
  try {
    let calls = 0;
    const failing = { ...engine, callAsync: async () => { calls++; throw Object.assign(new Error("no worker"), { code: "worker" }); } };
    const runner = createRunner(failing);
    assert.equal(runner.inWorker, true);
    assert.equal((await runner.scan("8.8.8.8", { utf16Offsets: true })).length, 1);
    assert.equal(runner.inWorker, false);
    await runner.scan("1.1.1.1", { utf16Offsets: true });
    assert.equal(calls, 1);
    const coded = { ...engine, callAsync: async () => { throw Object.assign(new Error("bad"), { code: "invalid_option" }); } };
    await assert.rejects(createRunner(coded).scan("x", {}), (e) => e.code === "invalid_option");
    const worked = { ...engine, callAsync: async (fn, args) => ({ matches: [{ fn, args }] }) };
    assert.deepEqual(await createRunner(worked).scan("t", { utf16Offsets: true }), [{ fn: "extractIocs", args: ["t", '{"utf16Offsets":true}'] }]);
  } finally {
    delete globalThis.Worker;
  }
});
