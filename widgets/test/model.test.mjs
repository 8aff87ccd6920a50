// The view's model of its data: indexes, lanes and their colours, hidden lanes, domains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Table, vectorFromArray, tableToIPC } from "apache-arrow";
import { createModel } from "../host.js";
import { optionReader } from "../src/timeline/options.js";
import {
  buildIndexes, colourOfBin, createState, dataSets, extentOf, freeIndexes, hiddenFor, laneNumber, lanePalette,
  loadData, resetDomain, setLanes, valueExtent,
} from "../src/timeline/model.js";
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

test("lane colours follow MSTICPy's palette rule, viridis(n + n // 5)", () => {
  const three = lanePalette(3);
  assert.deepEqual([three(0), three(1), three(2)], ["rgb(68, 1, 84)", "rgb(35, 144, 139)", "rgb(253, 231, 37)"]);
  assert.equal(three(3), three(0), "indexed modulo the palette's size");
  const ten = lanePalette(10); // 12 colours: the tenth lane is not viridis's last
  assert.equal(ten(9), "rgb(136, 211, 71)");
  assert.equal(ten(11), "rgb(253, 231, 37)");
});

test("lanes: one per group, named by its value, coloured from the palette", () => {
  const state = indexed({ group_by: "Host" });
  assert.deepEqual(state.lanes.map((l) => [l.label, l.source, l.lane]), [["alpha", "primary", 0], ["bravo", "primary", 1]]);
  assert.deepEqual(state.lanes.map((l) => l.colour), [lanePalette(2)(0), lanePalette(2)(1)]);
});

test("lanes without group_by take `color`; with an overlay they are Primary and Secondary", () => {
  const single = indexed({ color: "red" }, { lanes: ["unnamed"] });
  assert.deepEqual(single.lanes.map((l) => [l.label, l.colour]), [["unnamed series", "red"]]);
  const both = indexed({ overlay_color: "#00ff00" }, { lanes: ["unnamed"], overlay: true });
  assert.deepEqual(both.lanes.map((l) => [l.label, l.colour, l.source]), [["Primary", "navy", "primary"], ["Secondary", "#00ff00", "overlay"]]);
});

test("colours from options pass the allow-list", () => {
  const state = indexed({ group_by: "Host", lane_colors: { alpha: "rgb(255, 0, 0)", bravo: "url(https://example.invalid/x.png)" } });
  assert.equal(state.lanes[0].colour, "rgba(255, 0, 0, 1)");
  assert.equal(state.lanes[1].colour, lanePalette(2)(1), "a colour that is not allowed falls back to the palette");
  assert.equal(indexed({ color: "var(--x)" }, { lanes: ["unnamed"] }).lanes[0].colour, "navy");
  assert.equal(indexed({ overlay_color: "expression(alert(1))" }, { lanes: ["unnamed"], overlay: true }).lanes[1].colour, "green");
});

test("the colour of a bin: its color_column value's colour, else its lane's", () => {
  const state = indexed({ group_by: "Host", color_column: "CommandLine" }, { colours: ["x", "y"] });
  assert.deepEqual(state.colourOf, [lanePalette(2)(0), lanePalette(2)(1)]);
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
