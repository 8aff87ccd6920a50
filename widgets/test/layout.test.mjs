// Layout: the plot's geometry, lane positions, and the title, lane labels and legend, built
// in a DOM stand-in that refuses markup.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../host.js";
import { createDom } from "../src/timeline/dom.js";
import { AXIS_H, LABEL_SHARE, createLayout, geometry, laneAt, laneY } from "../src/timeline/layout.js";
import { createState } from "../src/timeline/model.js";
import { optionReader } from "../src/timeline/options.js";
import { elementsOf, installDom } from "./fake-dom.mjs";

const reader = (traits) => optionReader(createModel(traits));
const HOSTILE = "<img src=x onerror=alert(1)>";

beforeEach(() => installDom());

test("width: the option, else the container's less 10, at least 200", () => {
  assert.equal(geometry(reader({ width: 640 }), 1, 900, 1).totalW, 640);
  assert.equal(geometry(reader({}), 1, 900, 1).totalW, 890);
  assert.equal(geometry(reader({}), 1, 100, 1).totalW, 200);
});

test("height: the option (at least 80), else 40 pixels a lane, 25 past 15 lanes, at least 300", () => {
  assert.equal(geometry(reader({ height: 50 }), 3, 900, 1).plotH, 80);
  assert.equal(geometry(reader({ height: 420 }), 3, 900, 1).plotH, 420);
  assert.equal(geometry(reader({}), 3, 900, 1).plotH, 300);
  assert.equal(geometry(reader({}), 10, 900, 1).plotH, 400);
  assert.equal(geometry(reader({}), 20, 900, 1).plotH, 500);
});

test("labels, legend column and plot share the width", () => {
  const g = geometry(reader({ width: 1000 }), 3, 0, 2, { axis: 60 });
  assert.deepEqual(g, { labelW: 82, plotW: 902, plotH: 300, axisH: AXIS_H, totalW: 1000, place: "none", side: 0, rangeH: 120, dpr: 2, step: 1, legendLanes: false });
  assert.equal(geometry(reader({ width: 1000 }), 3, 0, 1, { axis: 5 }).labelW, 40, "at least 40 pixels");
  assert.equal(geometry(reader({ width: 1000, yaxis: false }), 1, 0, 1).labelW, 8);
  assert.equal(geometry(reader({ width: 1000, mode: "values" }), 1, 0, 1, { axis: 70 }).labelW, 100, "value ticks, tick marks and the axis's label");
  assert.equal(geometry(reader({ width: 1000, legend: "inline" }), 3, 0, 1).side, 0);
  assert.equal(geometry(reader({ height: 1000 }), 1, 900, 1).rangeH, 200, "the range selector is a fifth of the plot");
});

test("lane labels never take more than a fifth of the width, legend or not", () => {
  for (const totalW of [300, 600, 900, 1400, 2400]) {
    for (const traits of [{}, { legend: "left" }, { legend: "right", color_column: "c" }, { yaxis: true, height: 100 }]) {
      const g = geometry(reader({ width: totalW, ...traits }), 40, 0, 1, { axis: 2000, legend: 2000, colourKey: Boolean(traits.color_column) });
      assert.ok(g.labelW <= totalW * LABEL_SHARE, `labels ${g.labelW} of ${totalW}`);
      assert.ok(g.side <= totalW * LABEL_SHARE, `legend ${g.side} of ${totalW}`);
      assert.ok(g.plotW >= totalW * (1 - 2 * LABEL_SHARE) - 16, `plot ${g.plotW} of ${totalW}`);
    }
  }
});

test("each lane's label is shown once: on the axis, or in the legend when the axis cannot name every lane", () => {
  const three = (traits, text) => geometry(reader({ width: 1000, ...traits }), 3, 0, 1, text);
  assert.equal(three({}).place, "none", "the axis names the lanes: no legend");
  assert.equal(three({ legend: "left" }).place, "none", "a legend with nothing to list is not drawn");
  assert.equal(three({ legend: "left", color_column: "c" }, { colourKey: true }).place, "left", "the colour key");
  assert.equal(three({ color_column: "c" }, { colourKey: true }).place, "right");
  assert.equal(three({ yaxis: false }).place, "left", "no axis: the legend names the lanes");
  assert.equal(three({ yaxis: false }).legendLanes, true);
  assert.equal(three({ mode: "values", value_column: "v" }).place, "left");
  const crowded = geometry(reader({ width: 1000, height: 200 }), 40, 0, 1);
  assert.equal(crowded.step, 3);
  assert.equal(crowded.legendLanes, true, "labels thinned on the axis: all lanes in the legend");
});

test("lane 0 is at the bottom; the lane under a height is the one drawn there", () => {
  assert.equal(laneY(300, 3, 0), 250);
  assert.equal(laneY(300, 3, 2), 50);
  assert.equal(laneY(300, 0, 0), 150);
  for (let i = 0; i < 3; i++) assert.equal(laneAt(300, 3, laneY(300, 3, i)), i);
  assert.equal(laneAt(300, 3, 299), 0);
  assert.equal(laneAt(300, 3, 1), 2);
});

/** A laid-out view over `lanes`, in a fake container 1000 pixels wide. */
function laidOut(traits, lanes, { hidden = [], colours } = {}) {
  const el = document.createElement("div");
  el.clientWidth = 1010;
  const dom = createDom(el);
  const state = createState();
  state.lanes = lanes.map((label, i) => ({ label, colour: `#00000${i}`, source: "primary", lane: i }));
  state.primary = { info: { lanes, colours } };
  state.colourOf = (colours ?? []).map((_, i) => `#10000${i}`);
  for (const i of hidden) state.hidden.add(i);
  const toggled = [];
  const layout = createLayout({ el, opt: reader(traits), dom, state }, (i, button) => toggled.push([i, button]));
  layout.resize();
  layout.annotate();
  return { el, dom, state, toggled };
}

test("the canvases and SVGs are sized to the geometry, canvases in device pixels", () => {
  globalThis.devicePixelRatio = 2;
  try {
    const { dom, state } = laidOut({ legend: "right", yaxis: false }, ["a", "b"]);
    const { plotW, plotH, labelW, rangeH } = state.geom;
    assert.equal(state.geom.totalW, 1000);
    assert.equal(dom.root.style.width, "1000px");
    assert.equal(dom.canvas.width, plotW * 2);
    assert.equal(dom.canvas.style.width, `${plotW}px`);
    assert.equal(dom.svgNode.getAttribute("width"), String(plotW));
    assert.equal(dom.svgNode.getAttribute("height"), String(plotH + AXIS_H));
    assert.equal(dom.labels.getAttribute("width"), String(labelW));
    assert.equal(dom.rangeCanvas.height, rangeH * 2);
    assert.equal(dom.legendLeft.style.display, "none");
    assert.equal(dom.legendRight.style.display, "");
  } finally {
    delete globalThis.devicePixelRatio;
  }
});

test("`hide` hides the view; the range selector shows only with data and range_tool", () => {
  assert.equal(laidOut({ hide: true }, ["a"]).dom.root.style.display, "none");
  assert.equal(laidOut({}, ["a"]).dom.range.style.display, "");
  assert.equal(laidOut({ range_tool: false }, ["a"]).dom.range.style.display, "none");
});

test("title and lane labels are text; a long label is fitted with an ellipsis, whole in its tooltip", () => {
  const long = `${HOSTILE}${"A".repeat(300)}`;
  const { dom, state } = laidOut({ title: HOSTILE }, ["alpha", HOSTILE, long]);
  assert.equal(dom.title.textContent, `Timeline: ${HOSTILE}`);
  const labels = dom.labels.querySelectorAll("g.hk-lbl");
  const texts = labels.map((l) => l.querySelector("text").textContent);
  assert.deepEqual(texts.slice(0, 2), ["alpha", HOSTILE]);
  assert.ok(texts[2].endsWith("…") && long.startsWith(texts[2].slice(0, -1)), texts[2]);
  assert.ok(texts[2].length * 6.2 <= state.geom.labelW, "fits its column");
  assert.equal(labels[2].querySelector("title").textContent, long);
  assert.equal(labels[0].querySelector("title"), null, "no tooltip for a label shown whole");
  assert.equal(labels[0].getAttribute("transform"), `translate(0,${laneY(300, 3, 0)})`);
  assert.equal(labels[0].querySelector("rect").getAttribute("fill"), "#000000", "the lane's colour beside it");
  assert.ok(state.geom.labelW <= 1000 * LABEL_SHARE);
  assert.equal(dom.legendLeft.style.display, "none", "shown once: no legend repeats the labels");
  assert.equal(dom.legendLeft.querySelectorAll("button").length, 0);
});

test("labels are thinned rather than overlap, and the legend then lists every lane; none in values mode or without the y axis", () => {
  const many = Array.from({ length: 40 }, (_, i) => `lane ${i}`);
  const { dom } = laidOut({ height: 200 }, many);
  assert.deepEqual(dom.labels.querySelectorAll("text").map((l) => l.textContent).slice(0, 3), ["lane 0", "lane 3", "lane 6"]);
  assert.equal(dom.legendLeft.querySelectorAll("button").length, 40);
  assert.equal(laidOut({ mode: "values", value_column: "v" }, ["a", "b"]).dom.labels.children.length, 0);
  assert.equal(laidOut({ yaxis: false }, ["a", "b"]).dom.labels.children.length, 0);
});

test("a lane label toggles its lane on click, Enter or Space, and shows it hidden", () => {
  const { dom, toggled, state } = laidOut({}, ["alpha", "bravo"], { hidden: [1] });
  const labels = dom.labels.querySelectorAll("g.hk-lbl");
  assert.deepEqual(labels.map((l) => l.classList.contains("hk-off")), [false, true]);
  assert.deepEqual(labels.map((l) => l.getAttribute("aria-pressed")), ["true", "false"]);
  assert.deepEqual(labels.map((l) => [l.getAttribute("role"), l.getAttribute("tabindex")]), [["button", "0"], ["button", "0"]]);
  labels[0].click();
  assert.deepEqual(toggled.map((t) => t[0]), [0]);
  state.hidden.add(0); // as the interaction's toggle does
  labels[1].click();
  assert.ok(labels[0].classList.contains("hk-off"), "marked after the toggle");
  const key = Object.assign(new Event("keydown"), { key: "Enter", preventDefault() {} });
  labels[1].dispatchEvent(key);
  assert.deepEqual(toggled.map((t) => t[0]), [0, 1, 1]);
});

test("the legend lists lanes top first beside the plot, marks hidden ones, and toggles them", () => {
  const { dom, toggled } = laidOut({ yaxis: false }, ["alpha", "bravo", HOSTILE], { hidden: [1] });
  const buttons = dom.legendLeft.querySelectorAll("button");
  assert.deepEqual(buttons.map((b) => b.textContent), [HOSTILE, "bravo", "alpha"]);
  assert.deepEqual(buttons.map((b) => b.dataset.lane), ["2", "1", "0"]);
  assert.deepEqual(buttons.map((b) => b.classList.contains("hk-off")), [false, true, false]);
  assert.equal(buttons[2].querySelector(".hk-sw").style.background, "#000000");
  buttons[0].click();
  assert.equal(toggled[0][0], 2);
});

test("an inline legend sits in the plot, in lane order; values mode under msticpy compat has no external items", () => {
  const { dom } = laidOut({ legend: "inline", yaxis: false }, ["alpha", "bravo"]);
  const inline = dom.main.querySelector(".hk-legend.hk-inline");
  assert.deepEqual(inline.querySelectorAll("button").map((b) => b.textContent), ["alpha", "bravo"]);
  assert.equal(inline.style.transform, "translateY(-50%)");
  const quirk = laidOut({ legend: "left", mode: "values", value_column: "v", compat: "msticpy" }, ["alpha", "bravo"]);
  assert.equal(quirk.dom.legendLeft.querySelectorAll("button").length, 0);
});

test("the color_column legend lists its values as text", () => {
  const { dom } = laidOut({ color_column: HOSTILE }, ["a"], { colours: ["x", HOSTILE] });
  assert.equal(dom.legendRight.style.display, "", "the colour key goes right by default");
  const rows = dom.legendRight.children;
  assert.equal(rows[0].textContent, HOSTILE);
  assert.deepEqual(rows.slice(1).map((r) => r.textContent), [" x", ` ${HOSTILE}`]);
  assert.equal(rows[2].title, HOSTILE);
  assert.equal(rows[2].querySelector(".hk-sw").style.background, "#100001");
});

test("nothing the layout builds comes from markup", () => {
  const { el } = laidOut({ title: HOSTILE, color_column: "c", legend: "inline" }, [HOSTILE, `${HOSTILE}${"x".repeat(400)}`], { colours: [HOSTILE] });
  const tags = new Set(elementsOf(el).map((n) => n.tagName));
  assert.deepEqual([...tags].sort(), ["BUTTON", "CANVAS", "DIV", "G", "RECT", "SPAN", "STYLE", "SVG", "TEXT", "TITLE"]);
});
