import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  init,
  stl,
  mstl,
  detectPeriods,
  timeSeriesAnomalies,
  applyThreshold,
  rethreshold,
  anomalyPeriods,
  kqlPeriods,
  bucketEvents,
  detectPolling,
  HuntkitError,
} from "../dist/index.js";

const data = (name) => readFile(new URL(`../../examples/data/${name}`, import.meta.url));
const fixture = async (name) =>
  JSON.parse(await readFile(new URL(`../../crates/huntkit-timeseries/tests/fixtures/${name}`, import.meta.url), "utf8"));

await init();

test("stl matches statsmodels on time_series.csv", async () => {
  const { cases } = await fixture("stl.json");
  const ref = cases.find((c) => c.name === "time_series_default");
  const r = stl(ref.y, { period: 24 });
  assert.equal(r.params.trend, 47);
  assert.equal(r.params.lowPass, 25);
  assert.ok(r.trend instanceof Float64Array);
  const scale = Math.max(...ref.y.map(Math.abs));
  for (const part of ["trend", "seasonal", "residual"]) {
    for (let i = 0; i < ref.y.length; i++) {
      assert.ok(Math.abs(r[part][i] - ref[part][i]) <= 1e-9 * scale, `${part}[${i}]`);
    }
  }
});

test("mstl and period detection", async () => {
  const y = Array.from({ length: 24 * 7 * 3 }, (_, t) => 50 + 5 * Math.sin((2 * Math.PI * t) / 24) + 9 * Math.sin((2 * Math.PI * t) / 168));
  const r = mstl(y, { periods: [168, 24] });
  assert.deepEqual(r.seasonals.map((s) => s.period), [24, 168]);
  assert.deepEqual(detectPeriods(y, 2).sort((a, b) => a - b), [24, 168]);
});

test("timeSeriesAnomalies reproduces MSTICPy's three anomalies", async () => {
  const csv = await data("time_series.csv");
  const rows = timeSeriesAnomalies(csv, {
    compat: "msticpy",
    timeColumn: "TimeGenerated",
    valueColumn: "TotalBytesSent",
    output: "objects",
  });
  assert.equal(rows.length, 840);
  assert.deepEqual(Object.keys(rows[0]), ["TimeGenerated", "TotalBytesSent", "residual", "trend", "seasonal", "weights", "baseline", "score", "anomalies"]);
  const flagged = rows.filter((r) => r.anomalies !== 0);
  assert.deepEqual(
    flagged.map((r) => [new Date(Number(r.TimeGenerated)).toISOString(), r.anomalies, Number(r.score.toFixed(6))]),
    [
      ["2019-05-13T17:00:00.000Z", 1, 3.153751],
      ["2019-05-17T21:00:00.000Z", 1, 3.569475],
      ["2019-05-26T05:00:00.000Z", 1, 4.262376],
    ],
  );
  // Re-flagging without a new decomposition: both tails.
  const flags = applyThreshold(rows.map((r) => r.score), 3);
  assert.ok(flags instanceof Int8Array);
  assert.equal(flags.filter((f) => f === -1).length, 5);
  assert.equal(flags.filter((f) => f === 1).length, 3);
});

test("rethreshold, periods and the KQL filter on the raw CSV", async () => {
  const csv = await data("time_series.csv");
  const t = rethreshold(csv, { threshold: 2, thresholdLow: 1, compat: "msticpy", output: "objects" });
  assert.equal(t.filter((r) => r.anomalies !== 0).length, 12);
  assert.equal(Object.keys(t[0]).at(-1), "anomalies");
  const periods = anomalyPeriods(csv);
  assert.equal(periods.length, 3);
  assert.equal(periods[0].start.toISOString(), "2019-05-13T16:00:00.000Z");
  const kql = kqlPeriods(csv, { compat: "msticpy" });
  assert.ok(kql.startsWith("| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. datetime(2019-05-13 18:00:00+00:00)) or"));
  assert.equal(kqlPeriods("TimeGenerated,anomalies\n2019-05-13T16:00:00Z,0\n"), "");
});

test("bucketEvents fills empty buckets per group", () => {
  const events = [
    { TimeGenerated: "2024-03-01T00:10:00Z", Computer: "a" },
    { TimeGenerated: "2024-03-01T00:50:00Z", Computer: "a" },
    { TimeGenerated: "2024-03-01T02:05:00Z", Computer: "b" },
  ];
  const rows = bucketEvents(events, { groupBy: ["Computer"], output: "objects" });
  assert.deepEqual(rows.map((r) => [r.Computer, r.count]), [
    ["a", 2], ["a", 0], ["a", 0],
    ["b", 0], ["b", 0], ["b", 1],
  ]);
});

test("detectPolling finds a beacon per group", () => {
  const rows = [];
  for (let i = 0; i < 400; i++) rows.push({ t: 1_700_000_000 + i * 60 + (i % 3), edge: "beacon" });
  // mulberry32: arrival times with no period.
  let seed = 12345;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < 400; i++) rows.push({ t: 1_700_000_000 + Math.floor(random() * 24000), edge: "noise" });
  const summary = detectPolling(rows, { timeColumn: "t", groupBy: ["edge"], summary: true, output: "objects" });
  assert.equal(summary[0].edge, "beacon");
  assert.ok(summary[0].p_value < 0.01);
  assert.ok(Math.abs(summary[0].dominant_interval - 60) < 1);
  assert.ok(summary[1].p_value > 0.05);
});

test("bad input gives coded errors", () => {
  assert.throws(() => stl([1, 2, 3, 4, 5, 6], { period: 4 }), (e) => e instanceof HuntkitError && e.code === "too_short");
  assert.throws(() => stl([1, 2, NaN, 4, 5, 6, 7, 8, 9], { period: 2 }), (e) => e.code === "non_finite" && /row 2/.test(e.message));
  assert.throws(() => stl([1, 2, 3, 4, 5, 6, 7, 8, 9], { period: 2, seasonal: 8 }), (e) => e.code === "invalid_option" && /seasonal/.test(e.message));
  assert.throws(() => stl([1, 2, 3, 4], { period: 2, sesonal: 7 }), (e) => e.code === "invalid_option");
});
