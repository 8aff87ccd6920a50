// Rows a linked view selected, as points to ring: each row's lane (asked of the index once),
// its time (read from the data) and, in values mode, its value.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { createModel } from "../host.js";
import { linkedPoints, rowLanes, timeReader } from "../src/timeline/linked.js";
import { optionReader } from "../src/timeline/options.js";
import { fakeIndex } from "./fakes.mjs";

const reader = (traits) => optionReader(createModel(traits));
const T0 = Date.UTC(2024, 0, 1);

function timestamps(Type, perMs, ms) {
  const data = BigInt64Array.from(ms, (t) => BigInt(t) * BigInt(perMs));
  return arrow.makeVector(arrow.makeData({ type: new Type(), data, length: ms.length }));
}

test("times are read from any timestamp unit, text, or a column with nulls", () => {
  const ms = [T0, T0 + 1500, T0 + 86400000];
  for (const [Type, per] of [[arrow.TimestampNanosecond, 1e6], [arrow.TimestampMicrosecond, 1e3], [arrow.TimestampMillisecond, 1]]) {
    const read = timeReader(timestamps(Type, per, ms));
    assert.deepEqual(ms.map((_, i) => read(i)), ms, Type.name);
  }
  const seconds = timeReader(timestamps(arrow.TimestampSecond, 1, [T0 / 1000]));
  assert.equal(seconds(0), T0);
  const text = timeReader(arrow.vectorFromArray(["2024-01-01 00:00:01", "2024-01-01T00:00:02Z", null]));
  assert.deepEqual([text(0), text(1)], [T0 + 1000, T0 + 2000]);
  assert.ok(Number.isNaN(text(2)));
  const chunked = new arrow.Table({ t: timestamps(arrow.TimestampMillisecond, 1, [T0]) }).concat(new arrow.Table({ t: timestamps(arrow.TimestampMillisecond, 1, [T0 + 5]) }));
  const read = timeReader(chunked.getChild("t"));
  assert.deepEqual([read(0), read(1)], [T0, T0 + 5], "across record batches");
});

function primary() {
  const events = [{ t: T0, lane: 1 }, { t: T0 + 60000, lane: 0 }, { t: T0 + 120000, lane: 1, value: 7 }];
  const index = fakeIndex(events, { lanes: ["a", "b"] });
  const table = new arrow.Table({
    TimeGenerated: timestamps(arrow.TimestampMillisecond, 1, events.map((e) => e.t)),
    Bytes: arrow.vectorFromArray([1, 2, 7]),
  });
  return { index, info: index.info(), table };
}

test("each row's lane is asked of the index once, one selection per lane", () => {
  const p = primary();
  let calls = 0;
  const select = p.index.select;
  p.index.select = (...args) => {
    calls++;
    return select(...args);
  };
  assert.deepEqual([...rowLanes(p)], [1, 0, 1]);
  assert.deepEqual([...rowLanes(p)], [1, 0, 1]);
  assert.equal(calls, 2, "cached on the data");
});

test("linked rows become points; rows that are no event here are left out", () => {
  const state = { primary: primary() };
  const points = linkedPoints(state, reader({}), [2, 0, 99, -1]);
  assert.equal(points.rows, 4);
  assert.deepEqual([...points.lane], [1, 1]);
  assert.deepEqual([...points.t], [T0 + 120000, T0]);
  const values = linkedPoints(state, reader({ mode: "values", value_column: "Bytes" }), [2]);
  assert.deepEqual([...values.v], [7]);
  assert.equal(linkedPoints(state, reader({}), []), null);
  assert.equal(linkedPoints({ primary: null }, reader({}), [1]), null);
});
