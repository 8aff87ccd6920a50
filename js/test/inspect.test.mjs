import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { tableFromArrays } from "apache-arrow";
import { init, inspect, inspectAsync, toArrow, fromIPC, HuntkitError } from "../dist/index.js";

const data = (name) => readFile(new URL(`../../examples/data/${name}`, import.meta.url));

await init();

test("inspect reads Arrow IPC bytes", async () => {
  const info = inspect(await data("host_logons.arrow"));
  assert.ok(info.rows > 0);
  const tg = info.columns.find((c) => c.name === "TimeGenerated");
  assert.match(tg.type, /^Timestamp/);
  assert.match(tg.timeRange.start, /^\d{4}-\d\d-\d\dT/);
});

test("inspect reads CSV text, JSON text, objects and an Arrow Table alike", async () => {
  const csv = "Account,Count\nalice,1\nbob,\n";
  const fromCsv = inspect(csv);
  assert.deepEqual(fromCsv, {
    rows: 2,
    columns: [
      { name: "Account", type: "Utf8", nulls: 0 },
      { name: "Count", type: "Int64", nulls: 1 },
    ],
  });
  const objects = [{ Account: "alice", Count: 1 }, { Account: "bob", Count: null }];
  assert.deepEqual(inspect(objects), fromCsv);
  assert.deepEqual(inspect(JSON.stringify(objects)), fromCsv);
  const table = tableFromArrays({ Account: ["alice", "bob"], Count: Int32Array.from([1, 2]) });
  const info = inspect(table);
  assert.equal(info.rows, 2);
  assert.deepEqual(info.columns.map((c) => c.name), ["Account", "Count"]);
});

test("toArrow converts CSV to an Arrow stream", async () => {
  const table = fromIPC(toArrow(await data("time_series.csv")));
  assert.equal(table.numRows, 840);
  assert.deepEqual(table.schema.fields.map((f) => f.name), ["TimeGenerated", "TotalBytesSent", "baseline", "score", "anomalies"]);
});

function expectCode(f, code) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof HuntkitError, `not a HuntkitError: ${e}`);
    assert.equal(e.code, code);
    assert.ok(e.message.length > 0);
    return true;
  });
}

test("garbage gets coded errors and the instance stays usable", async () => {
  const arrow = await data("host_logons.arrow");
  expectCode(() => inspect(arrow.subarray(0, 100)), "invalid_arrow");
  expectCode(() => inspect(new Uint8Array([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0, 9, 9])), "invalid_arrow");
  expectCode(() => inspect("a,b\n1,2\n3\n"), "invalid_csv");
  expectCode(() => inspect(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a])), "invalid_utf8");
  expectCode(() => inspect(""), "empty_input");
  expectCode(() => inspect("[{\"a\":1},"), "invalid_json");
  expectCode(() => inspect(new Uint8Array(100 * 1024 * 1024).fill(0x41)), "limit_exceeded");
  expectCode(() => inspect(42), "invalid_input");
  expectCode(() => inspect("a\n1\n", { read: { maxRows: -1 } }), "invalid_option");
  // Still alive after all of that.
  assert.equal(inspect(arrow).rows, inspect(arrow).rows);
});

test("inspectAsync reports progress and the same result", async () => {
  const bytes = await data("win_proc_test.csv");
  const seen = [];
  const info = await inspectAsync(bytes, { onProgress: (f) => seen.push(f) });
  assert.deepEqual(info, inspect(bytes));
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f) => f >= 0 && f <= 1));
  await assert.rejects(inspectAsync("a,b\n1\n"), (e) => e.code === "invalid_csv");
});

test("the wasm refuses inputs past 256 MiB by default, with a coded error", () => {
  // Its whole memory is 4 GiB: past this an engine's copies would exhaust it.
  const big = new Uint8Array((256 << 20) + 1).fill(0x61);
  assert.throws(() => inspect(big), (e) => e instanceof HuntkitError && e.code === "limit_exceeded" && /maxBytes/.test(e.message));
  assert.equal(inspect("x\n1\n").rows, 1);
});

test("a lenient read says what it accepted", () => {
  const csv = 'host,cmd\nweb01,ok\nweb02,"never closed\nweb03,x\n';
  assert.throws(() => inspect(csv), (e) => e instanceof HuntkitError && e.code === "invalid_csv");
  const info = inspect(csv, { read: { lenient: true } });
  assert.equal(info.rows, 2);
  assert.equal(info.warnings.length, 1);
  assert.match(info.warnings[0], /line 3/);
});
