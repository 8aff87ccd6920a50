// Level of detail and the canvas layers: per-column summaries, their extent, the line and
// point cloud traced from them, MSTICPy's markers, one marker per column, the status line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RUN, aggregate, extentOf, fillPoints, strokeLine } from "../../src/ts_anomalies/aggregate.js";
import { statusText, tickFormat, yScale } from "../../src/ts_anomalies/draw.js";
import { drawAnomalies, forEachVisible, markerPath } from "../../src/ts_anomalies/layers.js";
import { recordingContext } from "../fakes.mjs";

const names = (ctx) => ctx.calls.map((c) => c[0]);

test("summaries: first, last, lowest and highest of each column; NaN skipped; outside dropped", () => {
  const times = Float64Array.of(-5, 0, 1, 2, 10, 11, 25);
  const values = Float64Array.of(9, 3, 7, NaN, 5, 1, 9);
  const a = aggregate(times, values, 0, 7, 0, 10, 2);
  assert.deepEqual(Array.from(a.count), [2, 2]);
  assert.deepEqual([a.first[0], a.last[0], a.min[0], a.max[0]], [3, 7, 3, 7]);
  assert.deepEqual([a.first[1], a.last[1], a.min[1], a.max[1]], [5, 1, 1, 5]);
  assert.deepEqual(extentOf(a, null), [1, 7]);
  assert.equal(extentOf(aggregate(times, values, 0, 0, 0, 10, 2)), null);
});

test("a million points become at most four vertices a column, stroked in short runs", () => {
  const n = 1000000;
  const times = Float64Array.from({ length: n }, (_, i) => i);
  const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
  const a = aggregate(times, values, 0, n, 0, n / 500, 500);
  const ctx = recordingContext();
  strokeLine(ctx, a, (v) => v);
  const vertices = names(ctx).filter((x) => x === "lineTo").length;
  assert.ok(vertices <= 4 * 500);
  assert.deepEqual(names(ctx).slice(0, 2), ["beginPath", "moveTo"]);
  // Software canvases stroke long zig-zag paths very slowly: a stroke every RUN segments.
  const strokes = names(ctx).filter((x) => x === "stroke").length;
  assert.equal(strokes, Math.floor(vertices / RUN) + 1);
  const dots = recordingContext();
  fillPoints(dots, a, (v) => 100 - v * 10, 3);
  assert.equal(names(dots).filter((x) => x === "fillRect").length, 500);
});

test("MSTICPy's markers", () => {
  for (const [kind, expect] of [["circle_x", ["moveTo", "arc", "moveTo", "lineTo", "moveTo", "lineTo"]], ["cross", ["moveTo", "lineTo", "moveTo", "lineTo"]], ["diamond", ["moveTo", "lineTo", "lineTo", "lineTo", "closePath"]]]) {
    const ctx = recordingContext();
    markerPath(ctx, kind, 10, 10, 12);
    assert.deepEqual(names(ctx), expect, kind);
  }
  const dc = recordingContext();
  markerPath(dc, "diamond_cross", 0, 0, 12);
  assert.equal(names(dc).length, 9);
});

test("markers are drawn once per pixel column and sign, hidden signs skipped", () => {
  const series = { times: Float64Array.from({ length: 100 }, (_, i) => i), values: Float64Array.from({ length: 100 }, () => 1) };
  const flags = Int8Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1));
  const anomalies = Uint32Array.from({ length: 100 }, (_, i) => i);
  const frame = { series, flags, anomalies, d0: 0, d1: 100, msPerPx: 10 }; // 10 points a pixel
  const ctx = recordingContext();
  drawAnomalies(ctx, frame, (v) => v, "cross", { high: "red", low: "blue" }, new Set());
  assert.equal(names(ctx).filter((n) => n === "moveTo").length, 11 * 2 * 2, "11 columns (0 to 10) × 2 signs × 2 strokes");
  assert.equal(names(ctx).filter((n) => n === "stroke").length, 2, "one run per sign");
  const hidden = recordingContext();
  drawAnomalies(hidden, frame, (v) => v, "cross", { high: "red", low: "blue" }, new Set(["low"]));
  assert.equal(names(hidden).filter((n) => n === "moveTo").length, 11 * 2);
  const seen = [];
  forEachVisible(anomalies, series.times, 20, 40, 1, (k) => k % 5 === 0, (k, px) => seen.push([k, px]));
  assert.deepEqual(seen, [[20, 0], [25, 5], [30, 10], [35, 15], [40, 20]]);
});

test("scales, ticks and the status line", () => {
  const [lo, hi] = yScale([5, 5], 100).domain();
  assert.ok(lo < 5 && hi > 5, "a flat line sits inside its scale");
  const t = new Date(Date.UTC(2024, 0, 2, 3, 4));
  assert.equal(tickFormat(5 * 86400000)(t), "01-02 03:04");
  assert.equal(tickFormat(200 * 86400000)(t), "2024-01-02");
  assert.equal(tickFormat(10 * 365 * 86400000)(t), "2024-01");
  const state = { series: { mode: "bucket", n: 240, interval: "1h", inputRows: 3000 }, counts: { high: 2, low: 1 }, selectedRows: 1 };
  assert.equal(statusText(state), "240 buckets of 1h (3,000 events) · 2 high, 1 low anomalies · 1 row selected");
  assert.equal(statusText({ series: { mode: "series", n: 840 }, counts: { high: 0, low: 0 }, selectedRows: 0 }), "840 points · 0 high, 0 low anomalies");
});
