// Interaction: selections written back to the plain-page host's model (widgets/host.js),
// drags, lane toggling, and the pointer and key handlers in the DOM stand-in.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { scaleUtc } from "d3-scale";
import { createModel } from "../host.js";
import { createDom } from "../src/timeline/dom.js";
import { createInteraction, dragRange, publishSelection, toggleHidden } from "../src/timeline/interaction.js";
import { createState, setLanes } from "../src/timeline/model.js";
import { optionReader } from "../src/timeline/options.js";
import { installDom } from "./fake-dom.mjs";
import { fakeIndex } from "./fakes.mjs";

const MINUTE = 60000;

/** Thirty events a minute apart in three lanes (row i in lane i % 3), and an overlay. */
function indexedState(opt, { overlay = false } = {}) {
  const state = createState();
  const index = fakeIndex(Array.from({ length: 30 }, (_, i) => ({ t: i * MINUTE, lane: i % 3 })), { lanes: ["a", "b", "c"] });
  state.primary = { index, info: index.info() };
  if (overlay) {
    const o = fakeIndex([{ t: 5 * MINUTE }, { t: 50 * MINUTE }]);
    state.overlay = { index: o, info: o.info() };
  }
  setLanes(state, opt);
  return state;
}

function selectionView(traits = {}, options) {
  const model = createModel(traits);
  const opt = optionReader(model);
  const saves = [];
  model.on("save", (values) => saves.push(values));
  const el = new EventTarget();
  const events = [];
  el.addEventListener("huntkit:select", (e) => events.push(e.detail));
  return { model, el, opt, state: indexedState(opt, options), saves, events };
}

test("a selection is written to the model as row positions, saved, and announced", () => {
  const view = selectionView({ group_by: "Host" }, { overlay: true });
  publishSelection(view, [10 * MINUTE, 20 * MINUTE]);
  const rows = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  assert.deepEqual(view.model.get("selected_indices"), rows);
  assert.deepEqual(view.model.get("selected"), rows);
  assert.deepEqual(view.model.get("selected_overlay"), []);
  assert.deepEqual(view.model.get("selected_range"), ["1970-01-01T00:10:00.000Z", "1970-01-01T00:20:00.000Z"]);
  assert.equal(view.saves.length, 1);
  assert.deepEqual(view.saves[0].selected_indices, rows);
  assert.deepEqual(view.events, [{ rows, overlayRows: [], range: [10 * MINUTE, 20 * MINUTE], truncated: false }]);
  publishSelection(view, [0, 6 * MINUTE]);
  assert.deepEqual(view.model.get("selected_overlay"), [0]);
});

test("rows of hidden lanes are not selected; no range selects nothing", () => {
  const view = selectionView({ group_by: "Host" });
  view.state.hidden.add(1);
  publishSelection(view, [10 * MINUTE, 20 * MINUTE]);
  assert.deepEqual(view.model.get("selected_indices"), [11, 12, 14, 15, 17, 18, 20]);
  publishSelection(view, null);
  assert.deepEqual(view.model.get("selected_indices"), []);
  assert.deepEqual(view.model.get("selected_range"), []);
  assert.equal(view.events.at(-1).range, null);
});

test("a drag selects the times under it, clamped to the plot; a click selects nothing", () => {
  const x = scaleUtc().domain([0, 1000]).range([0, 100]);
  assert.deepEqual(dragRange(x, 100, 20, 40), [200, 400]);
  assert.deepEqual(dragRange(x, 100, 40, 20), [200, 400], "either direction");
  assert.deepEqual(dragRange(x, 100, -30, 150), [0, 1000]);
  assert.equal(dragRange(x, 100, 20, 22), null);
});

test("lanes toggle between hidden and shown", () => {
  const state = createState();
  assert.equal(toggleHidden(state, 2), true);
  assert.ok(state.hidden.has(2));
  assert.equal(toggleHidden(state, 2), false);
  assert.equal(state.hidden.size, 0);
});

describe("pointer and keys", () => {
  let frames;
  let ownNavigator = false;
  before(() => {
    // d3-zoom asks the navigator whether the page is touch-capable; Node 20 has none.
    if (typeof navigator === "undefined") {
      globalThis.navigator = {};
      ownNavigator = true;
    }
  });
  after(() => {
    if (ownNavigator) delete globalThis.navigator;
  });

  /** A laid-out view 300 pixels wide showing 0…30 minutes, its interaction attached. */
  function attached(traits = { group_by: "Host" }) {
    installDom();
    const base = selectionView(traits);
    const dom = createDom(document.createElement("div"));
    const view = { ...base, dom };
    const { state } = view;
    state.geom = { plotW: 300, plotH: 150, rangeH: 120, labelW: 60 };
    state.x0 = scaleUtc().domain([0, 30 * MINUTE]);
    state.xr = state.x0.copy();
    frames = 0;
    const hovered = [];
    const tooltip = { hover: (e) => hovered.push(e), hide: () => hovered.push("hide") };
    const api = createInteraction(view, () => frames++, tooltip);
    api.fit();
    dom.svgNode.rect = { left: 100, top: 0, width: 300, height: 174 };
    return { view, api, hovered };
  }
  const pointer = (type, props) => Object.assign(new Event(type), { button: 0, pointerId: 1, clientY: 50, ...props });

  test("Shift+drag selects rows into selected_indices; Escape keeps them, Clear drops them", () => {
    const { view } = attached();
    const { dom, model, state } = view;
    assert.deepEqual(state.x.domain().map(Number), [0, 30 * MINUTE], "fit() spans the plot");
    dom.svgNode.dispatchEvent(pointer("pointerdown", { shiftKey: true, clientX: 195 }));
    dom.svgNode.dispatchEvent(pointer("pointermove", { clientX: 305 }));
    assert.equal(dom.brushRect.node().getAttribute("visibility"), "visible");
    assert.equal(dom.brushRect.node().getAttribute("width"), "110");
    dom.svgNode.dispatchEvent(pointer("pointerup", { clientX: 305 }));
    const rows = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    assert.deepEqual(model.get("selected_indices"), rows);
    assert.deepEqual(state.selection, [9.5 * MINUTE, 20.5 * MINUTE]);
    assert.equal(dom.clearBtn.disabled, false);
    assert.ok(frames > 0, "a frame was asked for");
    // Escape is how Jupyter leaves edit mode: it must not cost the hunter a selection.
    for (const target of [dom.root, dom.svgNode, document.body]) {
      const key = new Event("keydown", { bubbles: true });
      key.key = "Escape";
      target.dispatchEvent(key);
    }
    assert.deepEqual(model.get("selected_indices"), rows);
    dom.clearBtn.click();
    assert.deepEqual(model.get("selected_indices"), []);
    assert.equal(state.selection, null);
    assert.equal(dom.clearBtn.disabled, true);
  });

  test("without Shift a drag is not a selection until Select is pressed", () => {
    const { view, hovered } = attached();
    const { dom, model, state } = view;
    dom.svgNode.dispatchEvent(pointer("pointerdown", { clientX: 150 }));
    dom.svgNode.dispatchEvent(pointer("pointermove", { clientX: 250 }));
    dom.svgNode.dispatchEvent(pointer("pointerup", { clientX: 250 }));
    assert.equal(model.get("selected_indices"), undefined);
    assert.equal(hovered.length, 1, "the move hovered instead");
    dom.selectBtn.click();
    assert.equal(dom.selectBtn.getAttribute("aria-pressed"), "true");
    assert.equal(dom.svgNode.style.cursor, "crosshair");
    dom.svgNode.dispatchEvent(pointer("pointerdown", { clientX: 150 }));
    dom.svgNode.dispatchEvent(pointer("pointerup", { clientX: 250 }));
    assert.deepEqual(model.get("selected_indices"), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    dom.svgNode.dispatchEvent(pointer("pointerdown", { clientX: 150 }));
    dom.svgNode.dispatchEvent(pointer("pointerup", { clientX: 151 }));
    assert.deepEqual(model.get("selected_indices"), [], "a click clears the selection");
    assert.equal(state.selection, null);
    dom.svgNode.dispatchEvent(new Event("pointerleave"));
    assert.equal(hovered.at(-1), "hide");
  });

  test("toggling a lane re-selects without its rows", () => {
    const { view, api } = attached();
    api.publish(null);
    view.state.selection = [0, 5 * MINUTE];
    assert.equal(api.toggleLane(0), true);
    assert.deepEqual(view.model.get("selected_indices"), [1, 2, 4, 5]);
    assert.equal(api.toggleLane(0), false);
    assert.deepEqual(view.model.get("selected_indices"), [0, 1, 2, 3, 4, 5]);
  });

  test("Reset goes back to the first view; a new layout keeps the time range in view", () => {
    const { view, api } = attached();
    const { dom, state } = view;
    state.home = [5 * MINUTE, 10 * MINUTE];
    dom.resetBtn.click();
    assert.deepEqual(state.x.domain().map(Number), [5 * MINUTE, 10 * MINUTE]);
    state.geom = { ...state.geom, plotW: 600 };
    api.fit();
    assert.deepEqual(state.x.domain().map((t) => Math.round(Number(t))), [5 * MINUTE, 10 * MINUTE]);
    assert.deepEqual(state.x.range(), [0, 600]);
    delete state.home;
    dom.resetBtn.click();
    assert.deepEqual(state.x.domain().map(Number), [0, 30 * MINUTE], "without a first view: all the data");
    api.detach();
  });
});

test("a selection is told to the link group, and its rows' cells sent when the kernel asks", () => {
  const view = selectionView({ group_by: "Host", selected_rows_limit: 2 });
  const told = [];
  view.link = { publish: (rows) => told.push(rows) };
  view.state.primary.table = {
    schema: { fields: [{ name: "TimeGenerated" }, { name: "Host" }] },
    getChild: (name) => ({ type: name === "Host" ? "Utf8" : "Timestamp<MILLISECOND>", get: (row) => (name === "Host" ? `h${row}` : row * MINUTE) }),
  };
  publishSelection(view, [10 * MINUTE, 12 * MINUTE]);
  assert.deepEqual(told, [[10, 11, 12]]);
  assert.deepEqual(view.model.get("selected_rows"), {
    columns: ["TimeGenerated", "Host"],
    rows: [["1970-01-01T00:10:00.000Z", "h10"], ["1970-01-01T00:11:00.000Z", "h11"]],
    total: 3,
  });
  const quiet = selectionView({});
  publishSelection(quiet, [0, MINUTE]);
  assert.equal(quiet.model.get("selected_rows"), undefined, "not asked: not sent");
});
