// Columns as typed arrays: 64-bit integers from their halves, nulls as NaN, times of any
// unit, dates and text; time order and binary search.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lowerBound, parseTime, timeOrder, toNumbers, toTimes, upperBound } from "../../src/ts_anomalies/columns.js";
import { arrow, timestamps } from "./engine.mjs";

test("numbers of every width, 64-bit ones exact to 2^53, nulls as NaN", () => {
  const big = arrow.vectorFromArray([1n, -2n, 2n ** 52n + 1n, null], new arrow.Int64());
  assert.deepEqual(Array.from(toNumbers(big)), [1, -2, 2 ** 52 + 1, NaN]);
  assert.deepEqual(Array.from(toNumbers(arrow.vectorFromArray([1.5, null, -3], new arrow.Float64()))), [1.5, NaN, -3]);
  assert.deepEqual(Array.from(toNumbers(arrow.vectorFromArray([1, 2, 3], new arrow.Int8()))), [1, 2, 3]);
  assert.deepEqual(Array.from(toNumbers(arrow.vectorFromArray(["4", "x", ""]))), [4, NaN, NaN]);
  const u = arrow.vectorFromArray([2n ** 40n], new arrow.Uint64());
  assert.deepEqual(Array.from(toNumbers(u)), [2 ** 40]);
});

test("chunked columns keep their order", () => {
  const a = arrow.vectorFromArray([1n, 2n], new arrow.Int64());
  const b = arrow.vectorFromArray([3n], new arrow.Int64());
  assert.deepEqual(Array.from(toNumbers(a.concat(b))), [1, 2, 3]);
});

test("times of any unit in epoch milliseconds; text and numbers too", () => {
  const ms = [Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1, 12, 30, 15, 250)];
  for (const unit of ["ns", "us", "ms"]) assert.deepEqual(Array.from(toTimes(timestamps(ms, unit))), ms, unit);
  assert.deepEqual(Array.from(toTimes(timestamps([Date.UTC(2024, 0, 1, 0, 0, 5)], "s"))), [Date.UTC(2024, 0, 1, 0, 0, 5)]);
  assert.deepEqual(Array.from(toTimes(arrow.vectorFromArray(["2024-01-01 00:00:01", "2024-01-01T00:00:02+01:00", null]))), [Date.UTC(2024, 0, 1, 0, 0, 1), Date.UTC(2023, 11, 31, 23, 0, 2), NaN]);
  assert.equal(parseTime("2024-01-01"), Date.UTC(2024, 0, 1));
});

test("time order: stable, rows without a time left out", () => {
  const { order, sorted } = timeOrder(Float64Array.of(30, 10, NaN, 20, 10));
  assert.deepEqual(Array.from(order), [1, 4, 3, 0]);
  assert.deepEqual(Array.from(sorted), [10, 10, 20, 30]);
  const asc = timeOrder(Float64Array.of(1, 2, 3));
  assert.deepEqual(Array.from(asc.order), [0, 1, 2]);
});

test("bounds", () => {
  const s = Float64Array.of(1, 2, 2, 3);
  assert.equal(lowerBound(s, 2), 1);
  assert.equal(upperBound(s, 2), 3);
  assert.equal(lowerBound(s, 0), 0);
  assert.equal(upperBound(s, 9), 4);
});
