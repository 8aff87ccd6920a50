// The attacks on the npm package, as tests: hostile option values, wrong-type data,
// memory traps, sparse JSON, strings where numbers belong. Each call must fail with a
// coded HuntkitError, quickly, and leave the module usable.
//
// Run: node --test tests/hostile/   (after scripts/build.sh)
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import * as hk from "../../js/dist/index.js";
import { calls, fixtures, make, outcome, TAKES_DATA, SERIES_KEYS, SESSION_KEYS } from "./api.js";
const { SERIES } = fixtures;
import { fuzz } from "./fuzz-api.mjs";

const procs = await readFile(new URL("../../examples/data/win_proc_test.arrow", import.meta.url));
let made;
let api;

before(async () => {
  await hk.init();
  made = make(hk, procs);
  api = calls(hk, made);
});

function circular() {
  const o = { a: [1, 2] };
  o.a.push(o);
  return o;
}

function deep(n) {
  let v = [];
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

/** The module answers a real call correctly. */
function assertUsable() {
  assert.equal(hk.inspect(fixtures.CSV).rows, 1);
  assert.equal(hk.extractIocs("x 10.1.2.3 y").matches.length, 1);
}

async function assertCoded(f, codes, what) {
  const r = await outcome(f);
  assert.equal(r.ok, false, `${what}: expected an error`);
  assert.ok(r.error instanceof hk.HuntkitError, `${what}: ${r.error?.name}: ${r.error?.message}`);
  assert.ok(codes.includes(r.error.code), `${what}: code ${r.error.code}: ${r.error.message}`);
  return r.error;
}

const BAD_OPTIONS = {
  circular: circular(),
  "100,000 deep": deep(100_000),
  "deep in a key": { window: deep(100_000) },
  "circular in a key": { userColumns: circular() },
  BigInt: { window: 2n ** 80n },
  function: () => 1,
  symbol: Symbol("x"),
  Map: new Map([["window", 3]]),
  number: 42,
  string: "window=3",
  array: [1, 2, 3],
  "misspelt key": { custom: 1, windw: 3 },
  "NaN value": { window: NaN },
};

test("every function refuses bad option values with a code and stays usable", async () => {
  for (const [name, f] of Object.entries(api)) {
    if (name === "SessionModel.fromJSON") continue; // takes no options
    for (const [kind, bad] of Object.entries(BAD_OPTIONS)) {
      const r = await outcome(() => f(bad));
      if (r.ok) {
        // A few positional slots take any number (a threshold, a width), and `select`
        // takes an array of hidden lanes: none takes anything else.
        const lanes = name === "index.select" && Array.isArray(bad) && bad.every(Number.isInteger);
        assert.ok(typeof bad === "number" || lanes, `${name} accepted ${kind}`);
      } else {
        assert.ok(r.error instanceof hk.HuntkitError, `${name} with ${kind}: ${r.error?.name}: ${r.error?.message}`);
        assert.ok(["invalid_option", "invalid_input", "unknown_process", "limit_exceeded"].includes(r.error.code), `${name} with ${kind}: ${r.error.code} ${r.error.message}`);
      }
      assertUsable();
    }
  }
});

test("an unknown option key is an error that names it, in every engine", async () => {
  const optionTaking = [
    "inspect", "toArrow", "extractIocs", "extractIocsTable", "iocTypes", "decode", "decodeTable", "stl", "mstl",
    "timeSeriesAnomalies", "rethreshold", "anomalyPeriods", "kqlPeriods", "bucketEvents", "detectPolling",
    "sessionize", "scoreSessions", "SessionModel.train", "model.score", "model.scoreEvents", "timelineIndex",
    "buildProcessTree", "tree.toText",
  ];
  for (const name of optionTaking) {
    const e = await assertCoded(() => api[name]({ customTypez: 1 }), ["invalid_option"], name);
    assert.match(e.message, /customTypez/, `${name}: ${e.message}`);
  }
  // Read options too, wherever they go.
  const e = await assertCoded(() => hk.inspect(fixtures.CSV, { read: { maxRowz: 1 } }), ["invalid_option"], "read");
  assert.match(e.message, /maxRowz/);
  // `custom` where `customTypes` is meant, the case a user met.
  await assertCoded(() => hk.extractIocs("x", { custom: [] }), ["invalid_option"], "custom");
});

test("one convention in every engine: read options under `read`, compat spelt the same way", async () => {
  // Every engine that reads a table takes its read options in the same place.
  const reading = {
    inspect: {}, toArrow: {}, extractIocsTable: {}, decodeTable: {}, timeSeriesAnomalies: SERIES_KEYS,
    rethreshold: {}, anomalyPeriods: {}, kqlPeriods: {}, bucketEvents: {}, detectPolling: {},
    sessionize: SESSION_KEYS, scoreSessions: SESSION_KEYS, "model.scoreEvents": SESSION_KEYS,
    timelineIndex: {}, buildProcessTree: {},
  };
  for (const [name, base] of Object.entries(reading)) {
    const e = await assertCoded(() => api[name]({ ...base, read: { maxRowz: 1 } }), ["invalid_option"], name);
    assert.match(e.message, /maxRowz/, `${name}: ${e.message}`);
    // A read limit given there is applied.
    await assertCoded(() => api[name]({ ...base, read: { maxBytes: 8 } }), ["limit_exceeded"], name);
  }
  // Every engine with a choice of behaviour spells it "huntkit" (or "none") and "msticpy".
  const choosing = {
    extractIocs: {}, extractIocsTable: {}, decode: {}, decodeTable: {}, timeSeriesAnomalies: SERIES_KEYS,
    detectPolling: {}, scoreSessions: SESSION_KEYS, "model.scoreEvents": SESSION_KEYS,
    timelineIndex: {}, buildProcessTree: {},
  };
  for (const [name, base] of Object.entries(choosing)) {
    for (const compat of ["huntkit", "none", "msticpy"]) {
      await api[name]({ ...base, compat });
    }
    const e = await assertCoded(() => api[name]({ ...base, compat: "pandas" }), ["invalid_option"], name);
    assert.match(e.message, /pandas/, `${name}: ${e.message}`);
  }
  assert.equal(hk.applyThreshold(SERIES, 3, undefined, "none").length, SERIES.length);
});

const BAD_DATA = {
  null: null,
  undefined: undefined,
  number: 7,
  BigInt: 7n,
  symbol: Symbol("data"),
  "plain object": { a: 1 },
  "circular array": (() => {
    const a = [{ x: 1 }];
    a[0].self = a;
    return a;
  })(),
  "deep array": [{ v: deep(100_000) }],
  "huge BigInt in a record": [{ v: 2n ** 80n, w: circular() }],
  "detached buffer": (() => {
    const b = new ArrayBuffer(16);
    structuredClone(b, { transfer: [b] });
    return b;
  })(),
};

test("every function refuses wrong-type data with a code", async () => {
  for (const name of TAKES_DATA) {
    for (const [kind, bad] of Object.entries(BAD_DATA)) {
      // `undefined` means "the default input" to the call table: skip it there.
      if (kind === "undefined") continue;
      await assertCoded(() => api[name](undefined, bad), ["invalid_input", "invalid_json", "empty_input", "unknown_format"], `${name} with ${kind}`);
      assertUsable();
    }
  }
  for (const name of ["extractIocs", "decode"]) {
    for (const bad of [null, 42, ["x"], { toString: () => "x" }]) {
      await assertCoded(() => api[name](undefined, bad), ["invalid_input"], name);
    }
  }
  await assertCoded(() => hk.SessionModel.fromJSON({ big: 2n ** 80n }), ["invalid_input"], "fromJSON with a BigInt");
  await assertCoded(() => hk.SessionModel.fromJSON(circular()), ["invalid_input"], "fromJSON with a cycle");
  await assertCoded(() => hk.SessionModel.train([[circular()]]), ["invalid_input"], "train with a cycle");
  await assertCoded(() => made.model.score(deep(100_000)), ["invalid_input"], "score with deep sessions");
});

test("a string where numbers belong is refused before any conversion", async () => {
  const big = "1".repeat(100_000_000);
  for (const name of ["stl", "mstl", "detectPeriods", "applyThreshold"]) {
    const t0 = performance.now();
    await assertCoded(() => api[name](undefined, big), ["invalid_input"], name);
    assert.ok(performance.now() - t0 < 1000, `${name} took ${performance.now() - t0} ms`);
  }
  await assertCoded(() => hk.stl(new Array(40_000_000), { period: 2 }), ["limit_exceeded"], "too many values");
  await assertCoded(() => hk.stl([1, "2", 3], { period: 2 }), ["invalid_input"], "a string among numbers");
  assertUsable();
});

test("records with distinct keys are refused quickly, and real work goes on", () => {
  let ndjson = "";
  for (let k = 0; k < 9_999; k++) ndjson += `{"k${k}":1}\n`;
  ndjson += "{}\n".repeat(15_000);
  const t0 = performance.now();
  assert.throws(() => hk.inspect(ndjson), (e) => e.code === "limit_exceeded" && /maxTableBytes/.test(e.message));
  assert.ok(performance.now() - t0 < 5000);
  const tree = hk.buildProcessTree(procs);
  assert.equal(tree.summary.Processes, 1010);
  tree.free();
  assertUsable();
});

test("a column of decompression bombs costs one table's budget, not one per row", async () => {
  const { gzipSync } = await import("node:zlib");
  // Sixty rows, each a gzip of 64 MiB of zeros: 3.75 GiB if every row spent its own
  // budget, more than the wasm's memory. The rows share 256 MiB.
  const bomb = gzipSync(Buffer.alloc(64 << 20), { level: 9 }).toString("base64");
  let csv = "CommandLine\n";
  for (let i = 0; i < 60; i++) csv += `powershell -c ${bomb}\n`;
  const t0 = performance.now();
  const table = hk.decodeTable(csv, "CommandLine");
  assert.ok(performance.now() - t0 < 30_000);
  assert.match(table.schema.metadata.get("huntkit:warning"), /maxTableOutputBytes.*before row 4/);
  assert.equal(table.numRows, 8);
  assertUsable();
});

test("a CSV quote left open names its line; lenient reads it as before", () => {
  let csv = "host,cmd\nweb01,ok\nweb02,\"never closed\n";
  for (let i = 0; i < 2000; i++) csv += `web${i},http://10.0.0.${i % 250}/x\n`;
  assert.throws(() => hk.extractIocsTable(csv, ["cmd"]), (e) => e.code === "invalid_csv" && /line 3/.test(e.message));
  const lenient = hk.extractIocsTable(csv, ["cmd"], { read: { lenient: true }, output: "objects" });
  assert.ok(lenient.every((r) => r.SourceIndex === 1));
});

test("timestamps out of range say so", () => {
  const csv = "TimeGenerated,v\n1677-01-01T00:00:00Z,1\n2024-01-01T00:00:00Z,2\n";
  assert.throws(() => hk.bucketEvents(csv, { timeColumn: "TimeGenerated", interval: "1h" }), (e) => /out of range/.test(e.message));
});

test("a trap replaces the instance: engine_reset, stale objects refused, the next call works", async () => {
  const tree = hk.buildProcessTree(procs);
  const index = hk.timelineIndex(fixtures.EVENTS, { groupBy: "UserId" });
  const model = hk.scoreSessions(fixtures.EVENTS, fixtures.SESSION_KEYS).model;
  const kept = hk.sessionize(fixtures.EVENTS, fixtures.SESSION_KEYS).commands;
  let e = await assertCoded(() => hk.callAsync("trapForTests", [false]), ["engine_reset"], "trap");
  assert.match(e.message, /restarted/);
  assertUsable();
  for (const [what, f] of [
    ["tree", () => tree.roots()],
    ["index", () => index.info()],
    ["model", () => model.toJSON()],
  ]) {
    await assertCoded(f, ["engine_reset"], what);
  }
  // Freeing stale objects frees nothing in the new instance.
  tree.free();
  index.free();
  model.free();
  // Sessions kept from the old instance are sent again as data.
  const fresh = hk.SessionModel.train(kept);
  assert.equal(fresh.sessionsTrained, kept.length);
  // Memory exhausted for real: the message says so.
  e = await assertCoded(() => hk.callAsync("trapForTests", [true]), ["engine_reset"], "out of memory");
  assert.match(e.message, /out of memory/);
  assertUsable();
  made = make(hk, procs);
  Object.assign(api, calls(hk, made));
  assert.equal(hk.buildProcessTree(procs).summary.Processes, 1010);
});

test("the API fuzzer: structured values of every type, depth and size, module usable after each", async () => {
  const cases = Number(process.env.HUNTKIT_FUZZ_CASES ?? 1500);
  const report = await fuzz(hk, { cases, seed: Number(process.env.HUNTKIT_FUZZ_SEED ?? 1), procs });
  assert.deepEqual(report.uncoded, [], "every failure has a code");
  assert.equal(report.cases, cases);
  console.log(`API fuzzer: ${report.cases} cases, ${report.failed} refused with codes, ${report.passed} accepted, ${report.resets} resets`);
});
