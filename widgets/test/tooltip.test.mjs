// The tooltip: hit-testing, its columns, and its text, built in a DOM stand-in that refuses
// markup.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Table, vectorFromArray } from "apache-arrow";
import { scaleLinear, scaleUtc } from "d3-scale";
import { createModel } from "../host.js";
import { createDom } from "../src/timeline/dom.js";
import { createState, setLanes } from "../src/timeline/model.js";
import { optionReader } from "../src/timeline/options.js";
import { createTooltip, fillTooltip, findHit, tooltipColumns, wrap } from "../src/timeline/tooltip.js";
import { elementsOf, installDom } from "./fake-dom.mjs";
import { fakeIndex } from "./fakes.mjs";

const reader = (traits) => optionReader(createModel(traits));
const HOSTILE = "<img src=x onerror=alert(1)>";

beforeEach(() => installDom());

function table(columns) {
  return new Table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, vectorFromArray(v)])));
}

test("long values wrap every 50 characters, as in MSTICPy", () => {
  assert.equal(wrap("short"), "short");
  assert.equal(wrap("a".repeat(120)), `${"a".repeat(50)}\n${"a".repeat(50)}\n${"a".repeat(20)}`);
});

test("tooltip columns: the time, the value in values mode, then the source columns the data has", () => {
  const data = { table: table({ TimeGenerated: ["t"], Bytes: [1], Host: ["h"], NewProcessName: ["p"], EventID: [1], CommandLine: ["c"] }) };
  assert.deepEqual(tooltipColumns(reader({ source_columns: ["Host", "Nope", "TimeGenerated"] }), data, false), ["TimeGenerated", "Host"]);
  assert.deepEqual(tooltipColumns(reader({}), data, false), ["TimeGenerated", "NewProcessName", "EventID", "CommandLine"], "MSTICPy's process columns by default");
  assert.deepEqual(tooltipColumns(reader({ mode: "values", value_column: "Bytes" }), data, false).slice(0, 2), ["TimeGenerated", "Bytes"]);
  const flows = { table: table({ FlowStartTime: ["t"], VMRegion: ["r"] }) };
  assert.deepEqual(tooltipColumns(reader({ overlay_time_column: "FlowStartTime", overlay_columns: ["VMRegion"], source_columns: ["Host"] }), flows, true), ["FlowStartTime", "VMRegion"]);
  assert.deepEqual(tooltipColumns(reader({}), { table: table({ Host: ["h"] }) }, false), [], "only columns the data has");
});

test("the tooltip is text: names and values as given, clipped and wrapped", () => {
  const tip = document.createElement("div");
  const data = table({ [HOSTILE]: [HOSTILE], Long: [`${"x".repeat(2100)}`] });
  fillTooltip(tip, data, [HOSTILE, "Long"], 0, 3);
  const lines = tip.children;
  assert.equal(lines.length, 3);
  const [key, value] = lines[0].children;
  assert.equal(key.className, "hk-k");
  assert.equal(key.textContent, `${HOSTILE}: `);
  assert.equal(value.textContent, HOSTILE);
  assert.equal(lines[1].children[1].textContent, wrap(`${"x".repeat(2000)}…`));
  assert.equal(lines[2].className, "hk-more");
  assert.equal(lines[2].textContent, "+3 more events here");
  assert.deepEqual(new Set(elementsOf(tip).map((n) => n.tagName)), new Set(["DIV", "SPAN"]));
  fillTooltip(tip, data, ["Long"], 0, 0);
  assert.equal(tip.children.length, 1, "refilled, not appended to");
});

/** Events a minute apart in two lanes on a 600 × 200 plot of ten minutes. */
function plotted(traits, events, lanes = ["alpha", "bravo"]) {
  const opt = reader(traits);
  const state = createState();
  const index = fakeIndex(events, { lanes });
  const rows = events.length;
  const data = table({ TimeGenerated: events.map((e) => new Date(e.t).toISOString()), Host: events.map((e) => lanes[e.lane ?? 0]), Bytes: events.map((e) => e.value ?? null) });
  state.primary = { table: data, index, info: index.info() };
  setLanes(state, opt);
  state.geom = { plotW: 600, plotH: 200, labelW: 60 };
  state.x = scaleUtc().domain([0, 600000]).range([0, 600]);
  return { opt, state, rows };
}

test("hits: the events of the lane under the pointer within a marker's reach", () => {
  const { opt, state } = plotted({ group_by: "Host" }, [{ t: 60000 }, { t: 120000, lane: 1 }, { t: 121000, lane: 1 }]);
  assert.deepEqual(findHit(opt, state, 60, 150), { d: state.primary, rows: [0] });
  assert.equal(findHit(opt, state, 60, 50), null, "nothing of lane 1 there");
  assert.equal(findHit(opt, state, 75, 150), null, "more than 7 pixels away");
  assert.deepEqual(findHit(opt, state, 120, 50).rows, [1, 2]);
  assert.equal(findHit(opt, state, 60, 120), null, "between the lanes");
  state.hidden.add(0);
  assert.equal(findHit(opt, state, 60, 150), null, "hidden lanes are not hit");
});

test("hits in values mode: the nearest value within 8 pixels", () => {
  const { opt, state } = plotted({ mode: "values", value_column: "Bytes" }, [{ t: 60000, value: 10 }, { t: 61000, value: 50 }]);
  state.yValues = scaleLinear().domain([0, 100]).range([200, 0]);
  assert.deepEqual(findHit(opt, state, 60, 100).rows, [1]);
  assert.deepEqual(findHit(opt, state, 60, 178).rows, [0]);
  assert.equal(findHit(opt, state, 60, 140), null);
});

test("hovering shows the event's tooltip beside the pointer, and hides it elsewhere", () => {
  const el = document.createElement("div");
  const dom = createDom(el);
  const { opt, state } = plotted({ group_by: "Host", source_columns: ["Host"] }, [{ t: 60000 }, { t: 60500 }]);
  dom.svgNode.rect = { left: 100, top: 50, width: 600, height: 224 };
  dom.main.rect = { left: 40, top: 50, width: 660, height: 224 };
  dom.root.rect = { left: 20, top: 10, width: 1000, height: 500 };
  const tooltip = createTooltip({ opt, dom, state });
  tooltip.hover({ clientX: 160, clientY: 200 });
  assert.equal(dom.tip.style.display, "block");
  assert.equal(dom.root.dataset.hoverRow, "0");
  assert.deepEqual(dom.tip.children.map((l) => l.textContent), ["TimeGenerated: 1970-01-01T00:01:00.000Z", "Host: alpha", "+1 more events here"]);
  assert.equal(dom.tip.style.left, `${20 + 60 + 60 + 14}px`);
  assert.equal(dom.tip.style.top, `${40 + 150 + 12}px`);
  tooltip.hover({ clientX: 160, clientY: 100 });
  assert.equal(dom.tip.style.display, "none");
  tooltip.hover({ clientX: 160, clientY: 200 });
  tooltip.hide();
  assert.equal(dom.tip.style.display, "none");
});

test("near the right edge the tooltip opens left of the pointer", () => {
  const el = document.createElement("div");
  const dom = createDom(el);
  const { opt, state } = plotted({}, [{ t: 590000 }], ["unnamed"]);
  dom.svgNode.rect = { left: 100, top: 50, width: 600, height: 224 };
  dom.main.rect = { left: 40, top: 50, width: 660, height: 224 };
  dom.root.rect = { left: 20, top: 10, width: 760, height: 500 };
  dom.tip.offsetWidth = 200;
  createTooltip({ opt, dom, state }).hover({ clientX: 690, clientY: 150 });
  assert.equal(dom.tip.style.left, `${20 + 60 + 590 - 14 - 200}px`);
});
