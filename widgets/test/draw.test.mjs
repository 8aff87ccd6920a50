// Drawing a frame: tick formats, the status line, and a whole frame drawn into the DOM
// stand-in with a recording canvas.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { scaleUtc } from "d3-scale";
import { createModel } from "../host.js";
import { createDom } from "../src/timeline/dom.js";
import { createDraw, statusText, tickFormat, timeTicks } from "../src/timeline/draw.js";
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

test("ticks are labelled by the span in view, from days down to milliseconds", () => {
  const t = new Date(Date.UTC(2024, 2, 5, 7, 8, 9, 10));
  assert.equal(tickFormat(3 * 86400000)(t), "03-05 07:08");
  assert.equal(tickFormat(60000)(t), "07:08:09");
  assert.equal(tickFormat(2000)(t), "07:08:09.010");
  assert.equal(timeTicks(1000), 9);
  assert.equal(timeTicks(100), 2);
});

test("the status line counts events in all, in view and selected", () => {
  assert.equal(statusText(1234567, 1200, 0), "1,234,567 events · 1,200 in view");
  assert.equal(statusText(30, 30, 11), "30 events · 30 in view · 11 selected");
});

/** A view of three events in two lanes, laid out on a 400 × 200 plot. */
function view(traits) {
  installDom();
  const model = createModel(traits);
  const opt = optionReader(model);
  const dom = createDom(document.createElement("div"));
  const ctx = recordingContext();
  const overview = recordingContext();
  dom.canvas.getContext = () => ctx;
  dom.rangeCanvas.getContext = () => overview;
  const state = createState();
  const index = fakeIndex([{ t: 1000 }, { t: 2000, lane: 1 }, { t: 3000 }], { lanes: ["alpha", "bravo"] });
  state.primary = { index, info: index.info() };
  setLanes(state, opt);
  state.geom = { plotW: 400, plotH: 200, rangeH: 120, dpr: 1, labelW: 60 };
  state.x = scaleUtc().domain([0, 4000]).range([0, 400]);
  state.xr = state.x.copy();
  const moves = [];
  const v = { model, opt, dom, state, rangeBrush: { move: (g, sel) => moves.push(sel) } };
  return { v, ctx, overview, moves, draw: createDraw(v) };
}

test("a frame draws the bins in view, the axis and the status, then marks the view ready", () => {
  const { v, ctx, overview, moves, draw } = view({ group_by: "Host", ref_markers: [{ time: 2500, label: "<b>alert</b>" }] });
  v.model.set("selected", [0, 2]);
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
  assert.ok(v.dom.gAxisX.node().querySelectorAll("g").length > 0, "ticks on the time axis");
  const [ref] = v.dom.gRefs.node().children;
  assert.equal(ref.textContent, "< <b>alert</b>");
  assert.equal(ref.children.length, 0);
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
