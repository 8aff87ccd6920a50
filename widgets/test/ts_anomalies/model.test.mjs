// The analysis with the real engine: MSTICPy's series decomposed and flagged, re-flagged
// by applyThreshold without decomposing again, the result table, anomaly periods and KQL,
// the data's own decomposition (analyze=false), events bucketed, and points ↔ input rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { analyse, loadInput } from "../../src/ts_anomalies/data.js";
import { anomalyList, anomalyPeriods, createState, nextAnomaly, periodText, reflag, resultTable } from "../../src/ts_anomalies/model.js";
import { optionReader } from "../../src/ts_anomalies/options.js";
import { MAX_SELECTED, pointRows, pointsIn, pointsOfRows, rangeRows } from "../../src/ts_anomalies/rows.js";
import { CSV, HOUR, arrow, engine, ipcOf, series, spyEngine, timestamps } from "./engine.mjs";

function analysed(traits, eng = engine) {
  const model = createModel(traits);
  const opt = optionReader(model);
  const state = createState();
  state.engine = eng;
  state.input = loadInput(eng, model.get("data"));
  state.series = analyse(eng, state.input, opt);
  reflag(state, opt, true);
  return { model, opt, state, s: state.series };
}

const count = (flags, v) => Array.from(flags).filter((f) => f === v).length;

test("MSTICPy's series: 840 points, its three anomalies at period 24, both signs flagged", () => {
  const { s, state } = analysed({ data: CSV, value_column: "TotalBytesSent", period: 24 });
  assert.equal(s.mode, "series");
  assert.equal(s.n, 840);
  assert.equal(s.valueColumn, "TotalBytesSent");
  assert.equal(s.step, HOUR);
  assert.equal(s.rank, true);
  const flagged = Array.from(state.anomalies, (k) => new Date(s.times[k]).toISOString());
  for (const t of ["2019-05-13T17:00:00.000Z", "2019-05-17T21:00:00.000Z", "2019-05-26T05:00:00.000Z"]) assert.ok(flagged.includes(t), t);
  assert.equal(state.counts.high, 3);
  assert.equal(state.counts.low, 5);
});

test("msticpy compat: only +1, the sign from the seasonal component, -1 flags not drawn", () => {
  const { model, opt, state } = analysed({ data: CSV, value_column: "TotalBytesSent", compat: "msticpy" });
  assert.deepEqual(state.counts, { high: 3, low: 0 });
  // Re-flagged as set_new_anomaly_threshold does: inclusive, both tails; -1 counted, not drawn.
  model.set("score_threshold", 2);
  reflag(state, opt);
  assert.ok(state.counts.low > 0);
  assert.equal(state.anomalies.length, state.counts.high);
});

test("a threshold change re-flags with applyThreshold only: no new decomposition", () => {
  const spy = spyEngine();
  const { model, opt, state, s } = analysed({ data: CSV, value_column: "TotalBytesSent", period: 24 }, spy);
  assert.equal(spy.calls.timeSeriesAnomalies, 1);
  model.set("score_threshold", 2);
  reflag(state, opt);
  model.set("threshold_low", 1);
  reflag(state, opt);
  assert.equal(spy.calls.timeSeriesAnomalies, 1);
  assert.equal(spy.calls.applyThreshold, 2);
  const scores = Array.from(s.score);
  assert.equal(state.counts.high, scores.filter((v) => v > 2).length);
  assert.equal(state.counts.low, scores.filter((v) => v < -1).length);
});

test("the result is the engine's anomalies table with the current flags", () => {
  const { model, opt, state } = analysed({ data: CSV, value_column: "TotalBytesSent", period: 24, anomalies_column: "flag" });
  model.set("score_threshold", 2);
  reflag(state, opt);
  const t = arrow.tableFromIPC(arrow.tableToIPC(resultTable(state, opt), "stream"));
  assert.equal(t.numRows, 840);
  assert.deepEqual(t.schema.fields.map((f) => f.name), ["TimeGenerated", "TotalBytesSent", "residual", "trend", "seasonal", "weights", "baseline", "score", "flag"]);
  assert.equal(String(t.getChild("flag").type), "Int64");
  const flags = Array.from(t.getChild("flag").toArray(), Number);
  assert.equal(count(flags, 1), state.counts.high);
  assert.equal(count(flags, -1), state.counts.low);
});

test("anomaly periods and the KQL filter come from the engine", () => {
  const { opt, state } = analysed({ data: CSV, value_column: "TotalBytesSent", compat: "msticpy" });
  assert.equal(periodText(state, opt), "1h");
  const p = anomalyPeriods(state, opt);
  // MSTICPy's own test: three periods, the filter's first one exactly so.
  assert.equal(p.spans.length, 3);
  assert.ok(p.kql.startsWith("| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. datetime(2019-05-13 18:00:00+00:00)) or"));
  assert.equal(p.kql.split("between").length - 1, 3);
  const h = analysed({ data: CSV, value_column: "TotalBytesSent", period: 24, anomaly_period: "2h" });
  const hp = anomalyPeriods(h.state, h.opt);
  assert.equal(hp.options.posOnly, false);
  assert.equal(hp.options.period, "2h");
  assert.ok(hp.spans.every(({ start, end }) => end - start >= 4 * HOUR));
});

test("analyze=false draws the data's own baseline, score and flags (the KQL-scored CSV)", () => {
  const spy = spyEngine();
  const { model, opt, state, s } = analysed({ data: CSV, analyze: false }, spy);
  assert.equal(spy.calls.timeSeriesAnomalies, undefined);
  assert.equal(s.mode, "precomputed");
  assert.equal(s.valueColumn, "TotalBytesSent", "the first numeric column");
  assert.deepEqual(state.counts, { high: 3, low: 3 }, "the CSV's own flags");
  // MSTICPy's apply_threshold(threshold=2) on this CSV: 3 high, 4 low; with threshold_low=1: 12 in all.
  model.set("score_threshold", 2);
  reflag(state, opt);
  assert.deepEqual(state.counts, { high: 3, low: 4 });
  model.set("threshold_low", 1);
  reflag(state, opt);
  assert.equal(state.counts.high + state.counts.low, 12);
  const t = resultTable(state, opt);
  assert.deepEqual(t.schema.fields.map((f) => f.name), ["TimeGenerated", "TotalBytesSent", "baseline", "score", "anomalies"]);
});

test("unsorted input: points in time order, each mapped to its own input row", () => {
  const { times, values } = series(96, { 50: 80 });
  const perm = Array.from({ length: 96 }, (_, i) => (i * 37) % 96); // row r holds point perm[r]
  const data = ipcOf({ TimeGenerated: timestamps(perm.map((k) => times[k])), v: Float64Array.from(perm, (k) => values[k]) });
  const { s } = analysed({ data, period: 24 });
  assert.equal(s.mode, "series");
  assert.deepEqual(Array.from(s.times), times);
  const row50 = perm.indexOf(50);
  assert.deepEqual(pointRows(s, 50), { rows: [row50], truncated: false });
  assert.deepEqual(Array.from(pointsOfRows(s, [row50, perm.indexOf(3)])), [3, 50]);
  const r = rangeRows(s, times[10], times[12]);
  assert.deepEqual(r.rows, [10, 11, 12].map((k) => perm.indexOf(k)).sort((a, b) => a - b));
  assert.deepEqual(pointsIn(s, times[10] - 1, times[12] + 1), [10, 13]);
});

test("events are bucketed by the engine; a bucket stands for its events", () => {
  const t0 = Date.UTC(2024, 0, 1);
  let seed = 3;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ms = Array.from({ length: 2000 }, () => t0 + Math.floor(rand() * 5 * 86400000));
  const data = ipcOf({ TimeGenerated: timestamps(ms), user: ms.map((_, i) => `u${i % 3}`) });
  const { s, state, opt } = analysed({ data, period: 24 });
  assert.equal(s.mode, "bucket");
  assert.equal(s.interval, "1h");
  assert.equal(s.n, 120);
  assert.equal(s.valueColumn, "count");
  assert.equal(s.rank, false);
  const k = 17;
  const { rows } = pointRows(s, k);
  const want = ms.map((t, i) => [t, i]).filter(([t]) => t >= s.times[k] && t < s.times[k] + HOUR).map(([, i]) => i);
  assert.deepEqual(rows, want);
  assert.equal(rows.length, s.values[k]);
  assert.deepEqual(Array.from(pointsOfRows(s, rows)), [k]);
  assert.equal(periodText(state, opt), "1h");
  // Summing a value column per bucket, at an interval of one's choosing.
  const summed = analysed({ data: ipcOf({ TimeGenerated: timestamps(ms), bytes: ms.map(() => 2) }), value_column: "bytes", bucket: "2h", period: 12 });
  assert.equal(summed.s.n, 60);
  assert.equal(summed.s.values.reduce((a, b) => a + b, 0), 4000);
});

test("a selection hands on at most MAX_SELECTED rows", () => {
  const n = MAX_SELECTED + 10;
  const s = { n, rank: true, span: 0, times: Float64Array.from({ length: n }, (_, i) => i), order: Uint32Array.from({ length: n }, (_, i) => i), inputTimes: Float64Array.from({ length: n }, (_, i) => i), inputRows: n };
  const r = rangeRows(s, 0, n);
  assert.equal(r.rows.length, MAX_SELECTED);
  assert.equal(r.truncated, true);
});

test("the keyboard's anomaly list: next and previous, from the middle of the view", () => {
  const state = createState();
  state.series = { times: Float64Array.from({ length: 10 }, (_, i) => i * 10) };
  state.flags = Int8Array.of(0, 1, 0, -1, 0, 0, 1, 0, 0, 0);
  state.anomalies = anomalyList(state.flags);
  assert.deepEqual(Array.from(state.anomalies), [1, 3, 6]);
  assert.equal(nextAnomaly(state, 1, 25), 3);
  assert.equal(nextAnomaly(state, -1, 25), 1);
  state.cursor = 3;
  assert.equal(nextAnomaly(state, 1, 0), 6);
  assert.equal(nextAnomaly(state, -1, 0), 1);
  state.cursor = 6;
  assert.equal(nextAnomaly(state, 1, 0), 6, "stays on the last");
  state.hidden.add("low");
  state.cursor = 1;
  assert.equal(nextAnomaly(state, 1, 0), 6, "hidden layers are skipped");
  assert.deepEqual(Array.from(anomalyList(state.flags, false)), [1, 6]);
});
