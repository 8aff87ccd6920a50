// The view's model of its data: indexes, lanes and their colours, hidden lanes, domains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Table, vectorFromArray, tableToIPC } from "apache-arrow";
import { createModel } from "../host.js";
import { optionReader } from "../src/timeline/options.js";
import {
  PALETTE, buildIndexes, colourOfBin, createState, dataSets, extentOf, freeIndexes, hiddenFor, laneNumber, lanePalette,
  loadData, resetDomain, setLanes, valueExtent,
} from "../src/timeline/model.js";
import { markerAlpha } from "../src/timeline/markers.js";
import { fakeEngine, fakeIndex } from "./fakes.mjs";

const reader = (traits) => optionReader(createModel(traits));
const table = new Table({ Host: vectorFromArray(["a", "b"]), CommandLine: vectorFromArray(["x", "y"]) });
const primaryData = { ipc: tableToIPC(table, "stream"), table };

/** A state with primary (and optionally overlay) data indexed by fake indexes. */
function indexed(traits, { lanes = ["alpha", "bravo"], colours, overlay = false } = {}) {
  const state = createState();
  state.primary = { ...primaryData, index: fakeIndex([{ t: 0 }, { t: 10, lane: 1 }], { lanes, colours }), info: { lanes, colours, events: 2 } };
  if (overlay) state.overlay = { ...primaryData, index: fakeIndex([{ t: 5 }]), info: { lanes: ["unnamed"], events: 1 } };
  setLanes(state, reader(traits));
  return state;
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
/** WCAG 2 relative luminance of an [r, g, b] colour (0…255). */
function luminance(c) {
  const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** WCAG contrast of colour `a` drawn at opacity `alpha` over background `b` (#rrggbb). */
const contrast = (a, b, alpha = 1) => {
  const over = rgb(a).map((v, i) => alpha * v + (1 - alpha) * rgb(b)[i]);
  const [hi, lo] = [luminance(over), luminance(rgb(b))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test("every palette colour holds WCAG contrast of 3:1 against the light and the dark background", () => {
  const light = "#ffffff"; // --hk-bg
  const dark = "#0d1117"; // --hk-bg of .hk-dark
  assert.equal(PALETTE.length, 10);
  assert.equal(new Set(PALETTE).size, 10);
  // Opaque (swatches, labels, dense bins) and at a lone event's opacity (the faintest marker).
  for (const alpha of [1, markerAlpha(1)]) {
    for (const c of PALETTE) {
      assert.ok(contrast(c, light, alpha) >= 3, `${c} at ${alpha} on white: ${contrast(c, light, alpha).toFixed(2)}`);
      assert.ok(contrast(c, dark, alpha) >= 3, `${c} at ${alpha} on dark: ${contrast(c, dark, alpha).toFixed(2)}`);
    }
  }
  // MSTICPy's viridis ends fail one theme each: the reason for the palette.
  assert.ok(contrast("#fde725", light) < 3 && contrast("#440154", dark) < 3);
  const p = lanePalette();
  assert.equal(p(0), PALETTE[0]);
  assert.equal(p(10), PALETTE[0], "cycled past ten lanes");
});

test("lanes: one per group, named by its value, coloured from the palette", () => {
  const state = indexed({ group_by: "Host" });
  assert.deepEqual(state.lanes.map((l) => [l.label, l.source, l.lane]), [["alpha", "primary", 0], ["bravo", "primary", 1]]);
  assert.deepEqual(state.lanes.map((l) => l.colour), [PALETTE[0], PALETTE[1]]);
});

test("lanes without group_by take `color` (else the palette's first); with an overlay they are Primary and Secondary", () => {
  const single = indexed({ color: "red" }, { lanes: ["unnamed"] });
  assert.deepEqual(single.lanes.map((l) => [l.label, l.colour]), [["unnamed series", "red"]]);
  assert.equal(indexed({}, { lanes: ["unnamed"] }).lanes[0].colour, PALETTE[0]);
  const both = indexed({ overlay_color: "#00ff00" }, { lanes: ["unnamed"], overlay: true });
  assert.deepEqual(both.lanes.map((l) => [l.label, l.colour, l.source]), [["Primary", PALETTE[0], "primary"], ["Secondary", "#00ff00", "overlay"]]);
});

test("colours from options pass the allow-list", () => {
  const state = indexed({ group_by: "Host", lane_colors: { alpha: "rgb(255, 0, 0)", bravo: "url(https://example.invalid/x.png)" } });
  assert.equal(state.lanes[0].colour, "rgba(255, 0, 0, 1)");
  assert.equal(state.lanes[1].colour, PALETTE[1], "a colour that is not allowed falls back to the palette");
  assert.equal(indexed({ color: "var(--x)" }, { lanes: ["unnamed"] }).lanes[0].colour, PALETTE[0]);
  assert.equal(indexed({ overlay_color: "expression(alert(1))" }, { lanes: ["unnamed"], overlay: true }).lanes[1].colour, "green");
});

test("the colour of a bin: its color_column value's colour, else its lane's", () => {
  const state = indexed({ group_by: "Host", color_column: "CommandLine" }, { colours: ["x", "y"] });
  assert.deepEqual(state.colourOf, [PALETTE[0], PALETTE[1]]);
  const bins = { lane: [1, 0], colour: [1, 7] };
  assert.equal(colourOfBin(state, reader({ color_column: "CommandLine" }), state.primary, bins, 0), state.colourOf[1]);
  assert.equal(colourOfBin(state, reader({ color_column: "CommandLine" }), state.primary, bins, 1), "#888");
  assert.equal(colourOfBin(state, reader({}), state.primary, bins, 0), state.lanes[1].colour);
});

test("the overlay's lanes follow the primary's; hidden lanes per source", () => {
  const state = indexed({ group_by: "Host" }, { overlay: true });
  assert.equal(laneNumber(state, "primary", 1), 1);
  assert.equal(laneNumber(state, "overlay", 0), 2);
  state.hidden.add(1).add(2);
  assert.deepEqual([...hiddenFor(state, "primary")], [1]);
  assert.deepEqual([...hiddenFor(state, "overlay")], [0]);
  assert.deepEqual(dataSets(state).map(([d, source]) => [d === state.overlay, source]), [[false, "primary"], [true, "overlay"]]);
});

test("indexing: options to the engine, lanes and domains set, hidden lanes and selection cleared", () => {
  const index = fakeIndex([{ t: 1000 }, { t: 2000, lane: 1 }], { lanes: ["a", "b"] });
  const engine = fakeEngine(index);
  const state = createState();
  Object.assign(state, { engine, primaryData });
  state.hidden.add(0);
  state.selection = [1, 2];
  buildIndexes(state, reader({ group_by: "Host", size: "Bytes", source_columns: ["CommandLine"] }));
  assert.deepEqual(engine.calls[0].options, { timeColumn: "TimeGenerated", groupBy: ["Host"], compat: "huntkit", valueColumn: "Bytes" });
  assert.equal(state.indexedSize, "Bytes");
  assert.equal(state.primary.index, index);
  assert.deepEqual(state.lanes.map((l) => l.label), ["a", "b"]);
  assert.equal(state.hidden.size, 0);
  assert.equal(state.selection, null);
  assert.equal(state.generation, 1);
  assert.deepEqual(state.x0.domain().map(Number), [900, 2100], "10% padding");
  assert.deepEqual(state.xr.domain().map(Number), [850, 2150], "15% padding in the range selector");
});

test("indexing refuses source columns the data lacks, and values mode without a value column", () => {
  const state = createState();
  Object.assign(state, { engine: fakeEngine(fakeIndex([{ t: 0 }])), primaryData });
  assert.throws(() => buildIndexes(state, reader({ source_columns: ["Nope"] })), { code: "column_not_found", message: "source column 'Nope' is not in the data" });
  state.indexedSize = "kept";
  assert.throws(() => buildIndexes(state, reader({ mode: "values" })), { code: "invalid_option" });
  assert.equal(state.indexedSize, "kept", "nothing was indexed");
});

test("an overlay is indexed on its own time column", () => {
  const engine = fakeEngine(fakeIndex([{ t: 0 }]), fakeIndex([{ t: 5 }]));
  const state = createState();
  Object.assign(state, { engine, primaryData, overlayData: primaryData });
  buildIndexes(state, reader({ overlay_time_column: "FlowStartTime" }));
  assert.deepEqual(engine.calls[1].options, { timeColumn: "FlowStartTime" });
  assert.deepEqual(extentOf(state, 0), [0, 5]);
});

test("the first view fits the primary data when an overlay far from it would squash it", () => {
  const engine = fakeEngine(fakeIndex([{ t: 1000 }, { t: 2000 }]), fakeIndex([{ t: 1500 }, { t: 1e9 }]));
  const state = createState();
  Object.assign(state, { engine, primaryData, overlayData: primaryData });
  buildIndexes(state, reader({}));
  assert.deepEqual(state.home, [900, 2100], "the primary data, padded 10%");
  assert.deepEqual(state.x.domain().map(Number), [900, 2100]);
  assert.equal(state.x0.domain()[1].getTime(), 1e9 + 0.1 * (1e9 - 1500), "zooming out and the range selector reach the overlay");
  assert.ok(Number(state.xr.domain()[1]) > 1e9);
  // An overlay close by is shown from the start.
  const near = createState();
  Object.assign(near, { engine: fakeEngine(fakeIndex([{ t: 1000 }, { t: 2000 }]), fakeIndex([{ t: 500 }, { t: 2500 }])), primaryData, overlayData: primaryData });
  buildIndexes(near, reader({}));
  assert.deepEqual(near.home, [300, 2700]);
});

test("values mode: the value extent always includes zero", () => {
  assert.deepEqual(valueExtent({ min: [3, NaN], max: [8, NaN] }), [0, 8]);
  assert.deepEqual(valueExtent({ min: [-4], max: [-1] }), [-4, 0]);
  assert.deepEqual(valueExtent({ min: [NaN], max: [NaN] }), [0, 1]);
  const state = createState();
  state.primary = { index: fakeIndex([{ t: 0, value: 5 }, { t: 100, value: 9 }]) };
  resetDomain(state, reader({ mode: "values" }));
  assert.deepEqual(state.valueExtent, [0, 9]);
});

test("data is read from the model's data and overlay_data traits", () => {
  const model = createModel({ data: primaryData.ipc });
  const state = createState();
  state.engine = fakeEngine();
  loadData(state, model);
  assert.equal(state.primaryData.table.numRows, 2);
  assert.equal(state.overlayData, null);
  model.set("overlay_data", primaryData.ipc);
  loadData(state, model);
  assert.equal(state.overlayData.table.numRows, 2);
});

test("freeing indexes frees each once, even one the engine already dropped", () => {
  const state = indexed({}, { overlay: true });
  state.overlay.index.free = () => {
    throw new Error("freed");
  };
  const primary = state.primary.index;
  freeIndexes(state);
  assert.ok(primary.freed);
  assert.equal(state.primary.index, null);
  assert.equal(state.overlay.index, null);
});
