// Data in, Arrow out: what the view accepts as `data`, and cells as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Field, Int32, List, Struct, Table, TimestampMillisecond, Utf8, makeData, makeVector, tableFromArrays, tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import * as arrow from "apache-arrow";
import { toInputBytes } from "../../js/dist/index.js";
import { cellText, hasColumn, isArrowIPC, numberAt, toData } from "../src/common/arrow.js";

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0, 250);

function events() {
  const time = makeVector(makeData({ type: new TimestampMillisecond(), data: new BigInt64Array([BigInt(T0), BigInt(T0 + 60000)]), length: 2 }));
  return new Table({
    TimeGenerated: time,
    Host: vectorFromArray(["alpha", null]),
    Bytes: vectorFromArray([1.5, 2]),
  });
}

const noEngine = {
  arrow,
  toInputBytes,
  toArrow() {
    throw new Error("Arrow input must not need the engine");
  },
};

test("Arrow IPC is recognised in the stream and file formats", () => {
  const table = events();
  assert.ok(isArrowIPC(tableToIPC(table, "stream")));
  assert.ok(isArrowIPC(tableToIPC(table, "file")));
  assert.ok(!isArrowIPC(new TextEncoder().encode("TimeGenerated,Host\n2024-01-01,a\n")));
  assert.ok(!isArrowIPC(new Uint8Array([0xff, 0xff])));
});

test("Arrow IPC bytes from the kernel become a table, the bytes copied", () => {
  const ipc = tableToIPC(events(), "stream");
  const data = toData(new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength), noEngine);
  assert.equal(data.table.numRows, 2);
  assert.deepEqual(data.table.schema.fields.map((f) => f.name), ["TimeGenerated", "Host", "Bytes"]);
  assert.deepEqual(data.ipc, ipc);
  assert.notEqual(data.ipc.buffer, ipc.buffer, "the view keeps its own copy");
});

test("an apache-arrow Table is kept as it is, and sent to the engine as IPC", () => {
  const table = tableFromArrays({ n: Float64Array.from([1, 2, 3]) });
  const data = toData(table, noEngine);
  assert.equal(data.table, table);
  assert.ok(isArrowIPC(data.ipc));
});

test("CSV and JSON text go through the engine", () => {
  const ipc = tableToIPC(events(), "stream");
  const seen = [];
  const engine = {
    arrow,
    toInputBytes,
    toArrow(bytes) {
      seen.push(new TextDecoder().decode(bytes));
      return ipc;
    },
  };
  const data = toData("TimeGenerated,Host\n2024-01-01 00:00:00,alpha\n", engine);
  assert.deepEqual(seen, ["TimeGenerated,Host\n2024-01-01 00:00:00,alpha\n"]);
  assert.equal(data.table.numRows, 2);
  toData([{ Host: "alpha" }], engine);
  assert.equal(seen[1], '[{"Host":"alpha"}]');
});

test("no data is null", () => {
  assert.equal(toData(null, noEngine), null);
  assert.equal(toData(undefined, noEngine), null);
  assert.equal(toData(new Uint8Array(), noEngine), null);
  assert.throws(() => toData(42, noEngine), { code: "invalid_input" });
});

test("cells as text: times in UTC to the millisecond, nulls empty, nested values as JSON", () => {
  const table = events();
  assert.equal(cellText(table, "TimeGenerated", 0), "2024-01-01 00:00:00.250");
  assert.equal(cellText(table, "Host", 0), "alpha");
  assert.equal(cellText(table, "Host", 1), "");
  assert.equal(cellText(table, "Bytes", 0), "1.5");
  assert.equal(cellText(table, "Missing", 0), "");
  const nested = new Table({
    tags: vectorFromArray([["a", "b"]], new List(new Field("item", new Utf8(), true))),
    rec: vectorFromArray([{ k: 1 }], new Struct([new Field("k", new Int32(), true)])),
  });
  assert.equal(cellText(nested, "tags", 0), '["a","b"]');
  assert.equal(cellText(nested, "rec", 0), '{"k":1}');
});

test("columns and numbers", () => {
  const table = events();
  assert.ok(hasColumn(table, "Host"));
  assert.ok(!hasColumn(table, "host"));
  assert.equal(numberAt(table, "Bytes", 1), 2);
  assert.ok(Number.isNaN(numberAt(table, "Host", 0)));
  assert.ok(Number.isNaN(numberAt(table, "Missing", 0)));
});
