// Drawing a frame: tick formats and dates, the axes' labels, reference labels that never
// overlap, the status line, and whole frames drawn into the DOM stand-in with a recording
// canvas.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { scaleUtc } from "d3-scale";
import { createModel } from "../host.js";
import { createDom } from "../src/timeline/dom.js";
import { TIME_LABEL, dateLabels, tickFormat, timeTicks, valueScale, valueTickWidth } from "../src/timeline/axes.js";
import { createDraw, statusText } from "../src/timeline/draw.js";
import { placeLabels } from "../src/timeline/refs.js";
import { createState, setLanes } from "../src/timeline/model.js";
import { optionReader } from "../src/timeline/options.js";
import { installDom } from "./fake-dom.mjs";
import { RecordingPath, fakeIndex, recordingContext } from "./fakes.mjs";

before(() => {
  globalThis.Path2D = RecordingPath;
  globalThis.getComputedStyle = () => ({ getPropertyValue: (name) => (name === "--hk-grid" ? " rgba(1,2,3,.5) " : "") });
  globalThis.performance ??= { now: () => 0 };
});
after(() => {
  delete globalThis.Path2D;
  delete globalThis.getComputedStyle;
});

test("ticks show the time of day by the span in view, from minutes down to milliseconds", () => {
  const t = new Date(Date.UTC(2024, 2, 5, 7, 8, 9, 10));
  assert.equal(tickFormat(3 * 86400000)(t), "07:08");
  assert.equal(tickFormat(60000)(t), "07:08:09");
  assert.equal(tickFormat(2000)(t), "07:08:09.010");
  assert.equal(timeTicks(1000), 9);
  assert.equal(timeTicks(100), 2);
});

test("the date goes under the first tick and wherever the day changes", () => {
  const h = (d, hh) => new Date(Date.UTC(2024, 2, d, hh));
  assert.deepEqual(dateLabels([h(4, 18), h(4, 21), h(5, 0), h(5, 3)]), ["2024-03-04", "", "2024-03-05", ""]);
  assert.deepEqual(dateLabels([h(4, 4), h(4, 5)]), ["2024-03-04", ""], "within a day: once, on the first tick");
  assert.deepEqual(dateLabels([]), []);
});

test("the status line counts events in all, in view, selected and selected in linked views", () => {
  assert.equal(statusText(1234567, 1200, 0), "1,234,567 events · 1,200 in view");
  assert.equal(statusText(30, 30, 11), "30 events · 30 in view · 11 selected");
  assert.equal(statusText(30, 30, 0, 4), "30 events · 30 in view · 4 selected in linked views");
});

test("reference labels take the first row where they overlap no other, leftwards at the right edge", () => {
  const places = placeLabels([{ x: 100, w: 50 }, { x: 120, w: 50 }, { x: 300, w: 50 }, { x: 130, w: 20 }, { x: 380, w: 50 }], 400, 10);
  assert.deepEqual(places.map((p) => p.row), [0, 1, 0, 2, 1]);
  assert.deepEqual(places.map((p) => p.end), [false, false, false, false, true]);
  assert.deepEqual(placeLabels([{ x: 10, w: 50 }, { x: 10, w: 50 }], 400, 1).map((p) => p.row), [0, -1], "no room: not drawn");
});

test("the value axis is as wide as its widest tick label", () => {
  const measure = (s) => s.length * 7;
  assert.equal(valueTickWidth([0, 1234567], 300, measure), "1,400,000".length * 7);
  assert.equal(valueTickWidth([0, 8], 300, measure), 1 * 7);
  const v = valueScale([0, 9], 200);
  assert.deepEqual(v.yv.domain(), [0, 10]);
  assert.equal(v.count, 5);
});

/** A view of three events in two lanes (or `events`), laid out on a 400 × 200 plot. */
function view(traits, events = [{ t: 1000 }, { t: 2000, lane: 1 }, { t: 3000 }]) {
  installDom();
  const model = createModel(traits);
  const opt = optionReader(model);
  const dom = createDom(document.createElement("div"));
  const ctx = recordingContext();
  const overview = recordingContext();
  dom.canvas.getContext = () => ctx;
  dom.rangeCanvas.getContext = () => overview;
  const state = createState();
  const index = fakeIndex(events, { lanes: ["alpha", "bravo"] });
  state.primary = { index, info: index.info() };
  setLanes(state, opt);
  state.geom = { plotW: 400, plotH: 200, rangeH: 120, dpr: 1, labelW: 60 };
  state.primary.table = { getChild: () => null };
  state.x = scaleUtc().domain([0, 4000]).range([0, 400]);
  state.xr = state.x.copy();
  const moves = [];
  const v = { model, opt, dom, state, rangeBrush: { move: (g, sel) => moves.push(sel) } };
  return { v, ctx, overview, moves, draw: createDraw(v) };
}

test("a frame draws the bins in view, the axis and the status, then marks the view ready", () => {
  const { v, ctx, overview, moves, draw } = view({ group_by: "Host", ref_markers: [{ time: 2500, label: "<b>alert</b>" }] });
  v.model.set("selected_indices", [0, 2]);
  draw();
  const { dataset } = v.dom.root;
  assert.equal(dataset.ready, "1");
  assert.equal(dataset.visible, "3");
  assert.equal(dataset.bins, "3");
  assert.equal(dataset.domain, "0,4000");
  assert.equal(dataset.marker, "10");
  assert.equal(v.dom.status.textContent, "3 events · 3 in view · 2 selected");
  assert.equal(ctx.calls.filter((c) => c[0] === "fill").length, 2, "one path per lane colour");
  assert.ok(ctx.calls.some((c) => c[0] === "strokeStyle=" && c[1] === "rgba(1,2,3,.5)"), "grid in the theme's colour");
  const axis = v.dom.gAxisX.node();
  assert.ok(axis.querySelectorAll("g.tick").length > 0, "ticks on the time axis");
  assert.deepEqual(axis.querySelectorAll("text.hk-date").map((t) => t.textContent), ["1970-01-01"], "the date under the first tick");
  assert.equal(axis.querySelector("text.hk-axis-label").textContent, TIME_LABEL);
  assert.equal(TIME_LABEL, "Time (UTC)");
  const [ref] = v.dom.gRefs.node().querySelectorAll("text.hk-ref");
  assert.equal(ref.textContent, "< <b>alert</b>");
  assert.equal(ref.children.length, 0);
  assert.equal(dataset.lanes, "2");
  assert.equal(dataset.plotH, "200");
  assert.ok(overview.calls.some((c) => c[0] === "arc"), "the range selector's overview");
  assert.deepEqual(moves, [[0, 400]], "the range brush follows the plot's domain");
});

test("the overview is drawn again only when what it shows changes", () => {
  const { v, overview, draw } = view({ group_by: "Host" });
  draw();
  const arcs = () => overview.calls.filter((c) => c[0] === "arc").length;
  const first = arcs();
  draw();
  assert.equal(arcs(), first);
  v.state.hidden.add(1);
  draw();
  assert.equal(arcs(), first + 2);
});

test("without data there is nothing to draw and no ready mark", () => {
  const { v, draw } = view({});
  v.state.primary = null;
  draw();
  assert.equal(v.dom.root.dataset.ready, undefined);
  assert.equal(v.dom.status.textContent, "");
});

test("values mode: a labelled value axis, and the range selector draws the series, not a flat line", () => {
  const series = [{ t: 1000, value: 2 }, { t: 2000, value: 9 }, { t: 3000, value: 4 }];
  const { v, overview, draw } = view({ mode: "values", value_column: "<b>Bytes</b>", kind: "line" }, series);
  v.state.valueExtent = [0, 9];
  draw();
  const yAxis = v.dom.gAxisY.node();
  assert.ok(yAxis.querySelectorAll("g.tick").length >= 2);
  assert.equal(yAxis.querySelector("text.hk-axis-label").textContent, "<b>Bytes</b>");
  const ys = overview.calls.filter((c) => c[0] === "lineTo" || c[0] === "moveTo").map((c) => c[2]);
  assert.equal(overview.calls.filter((c) => c[0] === "arc").length, 0, "no dots on a lane line");
  assert.ok(new Set(ys).size >= 3, `the series' heights ${ys}`);
  assert.ok(Math.min(...ys) < 30 && Math.max(...ys) > 60, "spread over the overview's height");
});

test("rows selected in a linked view are ringed where they are drawn, and counted", () => {
  const { v, ctx, draw } = view({ group_by: "Host" });
  v.state.linked = { rows: 2, lane: Int32Array.from([0, 1]), t: Float64Array.from([1000, 2000]), v: Float64Array.from([NaN, NaN]) };
  draw();
  assert.equal(v.dom.root.dataset.linked, "2");
  assert.equal(ctx.calls.filter((c) => c[0] === "arc").length, 2);
  assert.match(v.dom.status.textContent, /2 selected in linked views/);
  v.state.hidden.add(1);
  draw();
  assert.equal(v.dom.root.dataset.linked, "1", "not in a hidden lane");
});
