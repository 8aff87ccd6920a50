// The canvas renderers of the engine's bins, drawn on a context that records its calls.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { scaleLinear, scaleUtc } from "d3-scale";
import { createModel } from "../host.js";
import { drawMarkers, drawSpans, drawValues, markerAlpha } from "../src/timeline/markers.js";
import { createState } from "../src/timeline/model.js";
import { optionReader } from "../src/timeline/options.js";
import { RecordingPath, fakeIndex, recordingContext } from "./fakes.mjs";

const reader = (traits) => optionReader(createModel(traits));

before(() => {
  globalThis.Path2D = RecordingPath;
});
after(() => {
  delete globalThis.Path2D;
});

/** Two lanes on a 200 × 100 plot showing times 0…200 ms, one pixel a millisecond. */
function plot() {
  const state = createState();
  state.geom = { plotW: 200, plotH: 100 };
  state.x = scaleUtc().domain([0, 200]).range([0, 200]);
  state.lanes = [{ colour: "red", source: "primary", lane: 0 }, { colour: "blue", source: "primary", lane: 1 }];
  state.primary = { info: { lanes: ["a", "b"] } };
  return state;
}

const bins = (cells) => ({
  lane: cells.map((c) => c.lane ?? 0),
  column: cells.map((c) => c.column),
  count: cells.map((c) => c.count ?? 1),
  colour: cells.map(() => 0),
  min: cells.map((c) => c.min ?? NaN),
  max: cells.map((c) => c.max ?? NaN),
});

const fills = (ctx) => ctx.calls.filter((c) => c[0] === "fill").map((c) => c[1]);

test("a diamond per bin, one path per colour and opacity, faint ones first", () => {
  const state = plot();
  const ctx = recordingContext();
  const largest = drawMarkers(ctx, state, reader({}), state.primary, "primary", bins([
    { column: 10, count: 3 },
    { column: 20, lane: 1 },
    { column: 30 },
  ]), null, 2);
  assert.equal(largest, 0, "no size column");
  const paths = fills(ctx);
  assert.equal(paths.length, 3);
  const styles = ctx.calls.filter((c) => c[0] === "globalAlpha=" || c[0] === "fillStyle=").map((c) => c[1]);
  assert.deepEqual(styles, [0.9, "blue", 0.9, "red", 0.975, "red", 1]);
  // The diamond of column 30 in lane 0 (y 75), 10 pixels across, centred at x = 61.
  assert.deepEqual(paths[1].segments, [["M", 61, 70], ["L", 66, 75], ["L", 61, 80], ["L", 56, 75]]);
});

test("with a size column, each bin is drawn at its largest size, at most 64 pixels", () => {
  const state = plot();
  const ctx = recordingContext();
  const largest = drawMarkers(ctx, state, reader({ size: "Bytes" }), state.primary, "primary", bins([{ column: 0, max: 4 }, { column: 5, max: 4688 }]), null, 2);
  assert.equal(largest, 64);
  const [path] = fills(ctx);
  assert.deepEqual(path.segments[0], ["M", 1, 73]);
  assert.deepEqual(path.segments[4], ["M", 11, 43]);
});

test("duration mode draws 5-pixel markers and lane spans; hidden lanes have none", () => {
  const state = plot();
  const ctx = recordingContext();
  drawMarkers(ctx, state, reader({ mode: "duration", size: 20 }), state.primary, "primary", bins([{ column: 0 }]), null, 1);
  assert.deepEqual(fills(ctx)[0].segments[0], ["M", 0.5, 72.5]);
  const spans = recordingContext();
  state.primary.index = fakeIndex([{ t: 20 }, { t: 80 }, { t: 50, lane: 1 }, { t: 500, lane: 1 }]);
  drawSpans(spans, state, state.primary, "primary", Uint32Array.from([]));
  assert.deepEqual(spans.calls.filter((c) => c[0] === "fillRect"), [["fillRect", 20, 67.5, 60, 15], ["fillRect", 50, 17.5, 151, 15]]);
  const hidden = recordingContext();
  drawSpans(hidden, state, state.primary, "primary", Uint32Array.from([1]));
  assert.equal(hidden.calls.filter((c) => c[0] === "fillRect").length, 1);
});

test("the overlay in values mode sits on the zero line", () => {
  const state = plot();
  state.overlay = { info: { lanes: ["unnamed"] } };
  state.lanes.push({ colour: "green", source: "overlay", lane: 0 });
  const yv = scaleLinear().domain([0, 10]).range([96, 4]);
  const ctx = recordingContext();
  drawMarkers(ctx, state, reader({ mode: "values" }), state.overlay, "overlay", bins([{ column: 3 }]), yv, 1);
  assert.deepEqual(fills(ctx)[0].segments[0], ["M", 3.5, 91]);
  assert.ok(ctx.calls.some((c) => c[0] === "fillStyle=" && c[1] === "green"));
});

test("values are bars from zero, lines per lane and circles at each extreme; empty bins skipped", () => {
  const state = plot();
  const yv = (v) => 50 - 5 * v;
  const b = bins([{ column: 1, min: 2, max: 6 }, { column: 2 }, { column: 3, min: -4, max: -4, lane: 1 }]);
  const bars = recordingContext();
  drawValues(bars, state, reader({}), state.primary, b, ["vbar"], yv, 2);
  assert.deepEqual(bars.calls.filter((c) => c[0] === "fillRect"), [["fillRect", 2, 20, 2, 30], ["fillRect", 6, 50, 2, 20]]);
  const lines = recordingContext();
  drawValues(lines, state, reader({}), state.primary, b, ["line"], yv, 2);
  assert.equal(lines.calls.filter((c) => c[0] === "stroke").length, 2, "one line per lane");
  assert.deepEqual(lines.calls.filter((c) => c[0] === "moveTo" || c[0] === "lineTo"), [["moveTo", 3, 40], ["lineTo", 3, 20], ["moveTo", 7, 70]]);
  const circles = recordingContext();
  drawValues(circles, state, reader({}), state.primary, b, ["circle"], yv, 2);
  assert.equal(circles.calls.filter((c) => c[0] === "arc").length, 3);
  assert.deepEqual(circles.calls.at(-1), ["globalAlpha=", 1]);
});
