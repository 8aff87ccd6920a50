// Drawing: only the rows on screen are drawn, text goes through fillText and is fitted to
// its box, the overview strip is painted once per list, the legend is SVG text.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { toData } from "../../src/common/arrow.js";
import { drawTree, fitText, themeOf } from "../../src/process_tree/draw.js";
import { drawLegend } from "../../src/process_tree/legend.js";
import { geometry } from "../../src/process_tree/layout.js";
import { buildTree, createState } from "../../src/process_tree/model.js";
import { optionReader } from "../../src/process_tree/options.js";
import { paintOverview, rowPixels, scrollForOverview } from "../../src/process_tree/overview.js";
import { setCollapsed } from "../../src/process_tree/visible.js";
import { elementsOf, installDom } from "../fake-dom.mjs";
import { RecordingPath, recordingContext } from "../fakes.mjs";
import { engine, WIN } from "./engine.mjs";

before(() => {
  globalThis.Path2D = RecordingPath;
  globalThis.ImageData = class {
    constructor(width, height) {
      Object.assign(this, { width, height, data: new Uint8ClampedArray(width * height * 4) });
    }
  };
});

// A context whose text is 6 px per character.
function context() {
  const rec = recordingContext();
  return new Proxy(rec, {
    get: (target, name) => (name === "measureText" ? (s) => ({ width: s.length * 6 }) : target[name]),
    set: (target, name, value) => Reflect.set(target, name, value),
  });
}

function tree(traits = {}) {
  const state = createState();
  state.engine = engine;
  state.data = toData(WIN, engine);
  buildTree(state, optionReader(createModel(traits)));
  state.g = geometry({ width: 1000, height: 350, maxDepth: state.s.maxDepth, legend: false });
  return state;
}

test("a frame draws the rows on screen only, whatever the size of the tree", () => {
  const state = tree();
  const ctx = context();
  const [first, last] = drawTree(ctx, state.g, state);
  assert.deepEqual([first, last], [0, 10]);
  const texts = ctx.calls.filter((c) => c[0] === "fillText").map((c) => c[1]);
  assert.equal(texts.length, 3 * 11); // name, PID and command line per box
  assert.ok(texts.includes("svchost.exe"));
  assert.ok(texts.includes("PID: 0xda4"));
  // Scrolled to the end: the last rows.
  state.scrollY = 1010 * 35 - 350;
  const end = drawTree(context(), state.g, state);
  assert.deepEqual(end, [1000, 1009]);
});

test("a collapsed process says how many it hides; marks for selection, match and focus", () => {
  const state = tree();
  setCollapsed(state.v, 0, true);
  state.sel.on[0] = 1;
  state.matchOn = new Uint8Array(state.s.n);
  state.matchOn[0] = 1;
  state.cursor = 0;
  const ctx = context();
  drawTree(ctx, state.g, state);
  const texts = ctx.calls.filter((c) => c[0] === "fillText").map((c) => c[1]);
  assert.ok(texts.includes(`+${state.s.end[0] - 1}`));
  const outlines = ctx.calls.filter((c) => c[0] === "strokeRect");
  assert.equal(outlines.length, 3);
});

test("text is cut to its box with an ellipsis", () => {
  const ctx = context();
  assert.equal(fitText(ctx, "short", 100), "short");
  assert.equal(fitText(ctx, "a".repeat(50), 60), `${"a".repeat(9)}…`);
  assert.equal(fitText(ctx, "abc", 3), "");
});

test("the overview strip: one bar per shown process, marks at the edge, the window", () => {
  const state = tree();
  state.sel.on[5] = 1;
  const img = paintOverview(state, 90, 700);
  const px = new Uint32Array(img.data.buffer);
  const painted = px.filter((w) => w !== 0).length;
  assert.ok(painted > 1000, `${painted} pixels painted`);
  const per = rowPixels(state.v.count, 700);
  const y = Math.floor(5 * per);
  assert.notEqual(px[y * 90 + 89], 0, "the selected row is marked at the right edge");
  assert.ok(Math.abs(scrollForOverview(state, 350, 700, 350) - ((350 / per) * 35 - 175)) < 1e-6);
  assert.equal(rowPixels(3, 700), 10); // a short list does not stretch
});

test("legend: the values of a text column as SVG text; a colour bar for numbers; none by level", () => {
  const doc = installDom();
  const svg = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
  const c = { kind: "category", column: "<b>col</b>", categories: [{ label: "<img src=x onerror=1>", colour: "rgb(1, 2, 3)" }] };
  assert.equal(drawLegend(svg, c, { width: 170, height: 300, hidden: false }), true);
  const texts = svg.querySelectorAll("text").map((t) => t.textContent);
  assert.deepEqual(texts, ["<b>col</b>", "<img src=x onerror=1>"]);
  assert.ok(elementsOf(svg).every((e) => ["SVG", "TEXT", "RECT"].includes(e.tagName)));
  const many = { kind: "category", column: "c", categories: Array.from({ length: 100 }, (_, i) => ({ label: `v${i}`, colour: "#000000" })) };
  drawLegend(svg, many, { width: 170, height: 300, hidden: false });
  assert.match(svg.querySelectorAll("text").at(-1).textContent, /^… \d+ more$/);
  drawLegend(svg, { kind: "number", column: "n", range: [1, 3] }, { width: 170, height: 300, hidden: false });
  assert.deepEqual(svg.querySelectorAll("text").map((t) => t.textContent), ["n", "3", "2", "1"]);
  assert.equal(drawLegend(svg, { kind: "depth" }, { width: 170, height: 300, hidden: false }), false);
  assert.equal(svg.style.display, "none");
  assert.equal(drawLegend(svg, c, { width: 170, height: 300, hidden: true }), false);
});

test("themes differ", () => {
  assert.notEqual(themeOf(true).bg, themeOf(false).bg);
});
