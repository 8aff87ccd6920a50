// The layer tree: only the rows on screen exist, arrow keys walk and fold the tree, a
// click focuses and selects a payload row, Ctrl+click adds one.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { installDom } from "../fake-dom.mjs";
import { BASE64MSG, recordsOf } from "./engine.mjs";
import { buildLayers } from "../../src/payload/layers.js";
import { createTree } from "../../src/payload/tree.js";

beforeEach(() => installDom());

function setup({ height = 300, expanded } = {}) {
  const model = buildLayers(recordsOf(BASE64MSG), [{ row: 0, text: BASE64MSG }]);
  const element = document.createElement("div");
  element.clientHeight = height;
  const calls = { focus: [], select: [], clear: 0 };
  const tree = createTree(element, {
    model,
    expanded: expanded ?? new Set([0]),
    label: (id) => `node ${model.nodes[id].ref || "root"}`,
    badge: () => "",
    onFocus: (id) => calls.focus.push(id),
    onSelect: (rows, additive) => calls.select.push([rows, additive]),
    onClear: () => calls.clear++,
  });
  const key = (k) => {
    const e = Object.assign(new Event("keydown", { cancelable: true }), { key: k });
    element.dispatchEvent(e);
    return e.defaultPrevented;
  };
  const shown = () => element.querySelectorAll("div.hk-node").filter((n) => n.style.display !== "none").map((n) => n.querySelector("span.hk-label").textContent);
  return { model, element, tree, calls, key, shown };
}

test("keys walk, expand and collapse the tree", () => {
  const { model, tree, calls, key, shown } = setup();
  assert.deepEqual(shown(), ["node root", "node 1", "node 2"]);
  assert.equal(tree.focused(), 0);
  assert.ok(key("ArrowDown"));
  assert.equal(model.nodes[tree.focused()].ref, "1");
  assert.deepEqual(calls.select.at(-1), [[0], false]);
  key("ArrowRight"); // expands "1"
  assert.deepEqual(shown(), ["node root", "node 1", "node 1.1", "node 1.2", "node 1.3", "node 2"]);
  key("ArrowRight"); // into its first child
  assert.equal(model.nodes[tree.focused()].ref, "1.1");
  key("ArrowLeft"); // "1.1" is collapsed: up to its parent
  assert.equal(model.nodes[tree.focused()].ref, "1");
  key("ArrowLeft"); // collapses "1"
  assert.deepEqual(shown(), ["node root", "node 1", "node 2"]);
  key("End");
  assert.equal(model.nodes[tree.focused()].ref, "2");
  key("Enter");
  assert.equal(shown().length, 6, "Enter toggles");
  key("Home");
  assert.equal(tree.focused(), 0);
  key("Escape");
  assert.equal(calls.clear, 1);
  assert.equal(key("x"), false, "other keys are left alone");
  assert.deepEqual(calls.focus.map((id) => model.nodes[id].ref), ["1", "1.1", "1", "2", ""]);
});

test("only the rows on screen exist; focusing a hidden node expands its ancestors", () => {
  const { model, element, tree, shown } = setup({ height: 66, expanded: new Set() });
  assert.deepEqual(shown(), ["node root"]);
  const deep = model.nodes.find((n) => n.ref === "2.3.1.1").id;
  tree.moveTo(deep);
  assert.equal(tree.visible().length, 8, "root, 1, 2 and the path down to 2.3.1.1");
  assert.ok(element.scrollTop > 0, "scrolled to the node");
  assert.ok(shown().length <= 4, "three rows on screen, and one more");
  assert.ok(shown().includes("node 2.3.1.1"));
  const rows = tree.onScreen();
  assert.ok(rows.some((r) => r.focus && r.label === "node 2.3.1.1"));
});

test("click focuses and selects; Ctrl+click is additive; marks show selected and linked rows", () => {
  const { element, tree, calls } = setup();
  const row = element.querySelectorAll("div.hk-node")[1];
  row.dispatchEvent(new Event("click"));
  assert.equal(tree.focused(), 1);
  assert.deepEqual(calls.select.at(-1), [[0], false]);
  row.dispatchEvent(Object.assign(new Event("click"), { ctrlKey: true }));
  assert.deepEqual(calls.select.at(-1), [[0], true]);
  tree.mark({ selected: [0], linked: [] });
  assert.ok(element.querySelectorAll("div.hk-node")[0].classList.contains("hk-sel"));
  assert.ok(!element.querySelectorAll("div.hk-node")[1].classList.contains("hk-sel"), "layers are not marked, their payload is");
  tree.mark({ selected: [], linked: [0] });
  assert.ok(element.querySelectorAll("div.hk-node")[0].classList.contains("hk-linked"));
  const twisty = element.querySelectorAll("span.hk-twisty")[1];
  twisty.dispatchEvent(new Event("click"));
  assert.equal(tree.visible().length, 6, "the twisty toggles");
});
