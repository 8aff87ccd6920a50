// The view's DOM skeleton, its text helpers and theme detection, in a DOM stand-in that
// refuses markup.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { CSS, clip, createDom, h, isDarkPage } from "../src/timeline/dom.js";
import { installDom } from "./fake-dom.mjs";

beforeEach(() => installDom());

const shape = (node) => `${node.tagName.toLowerCase()}${node.className ? `.${node.className.replace(/ /g, ".")}` : ""}`;

test("the skeleton: title, toolbar, error line, plot between legends, range selector, tooltip", () => {
  const el = document.createElement("div");
  const dom = createDom(el);
  assert.equal(el.children[0], dom.root);
  assert.deepEqual(dom.root.children.map(shape), ["style", "div.hk-title", "div.hk-bar", "div.hk-error", "div.hk-row", "div.hk-range", "div.hk-tip"]);
  assert.equal(dom.root.children[0].textContent, CSS);
  assert.deepEqual(dom.root.children[2].children.map((b) => b.textContent), ["Reset", "Select", ""]);
  assert.equal(dom.selectBtn.getAttribute("aria-pressed"), "false");
  assert.deepEqual(dom.root.children[4].children.map(shape), ["div.hk-legend", "div.hk-main", "div.hk-legend"]);
  assert.deepEqual(dom.main.children.map(shape), ["div", "canvas", "svg"]);
  assert.deepEqual(dom.svgNode.children.map(shape), ["g", "g", "g", "g", "rect"], "an empty first group, the axes, references, the selection");
  assert.equal(dom.brushRect.node(), dom.svgNode.children[4]);
  assert.equal(dom.brushRect.node().getAttribute("visibility"), "hidden");
  assert.deepEqual(dom.range.children.map((n) => n.textContent), ["Range Selector", "", "Drag the middle or edges of the selection box to change the range in the main chart"]);
  assert.deepEqual(dom.rangeSvgNode.children.map(shape), ["g", "g"]);
  assert.equal(dom.rangeSvgNode.namespaceURI, "http://www.w3.org/2000/svg");
});

test("text goes in as text, clipped with an ellipsis", () => {
  const node = h("span", "hk-k", "<b>bold</b>");
  assert.equal(node.className, "hk-k");
  assert.equal(node.textContent, "<b>bold</b>");
  assert.equal(node.children.length, 0);
  assert.equal(clip("abcdef", 3), "abc…");
  assert.equal(clip("abc", 3), "abc");
  assert.throws(() => {
    node.innerHTML = "<b>x</b>";
  }, "the stand-in refuses markup, as the views must never need it");
});

test("the page's theme: JupyterLab's and VS Code's markers, else the colour scheme", () => {
  const { body } = document;
  assert.equal(isDarkPage(), false);
  body.setAttribute("data-jp-theme-light", "false");
  assert.equal(isDarkPage(), true);
  body.setAttribute("data-jp-theme-light", "true");
  body.classList.add("vscode-dark");
  assert.equal(isDarkPage(), false, "JupyterLab's marker wins");
  body.removeAttribute("data-jp-theme-light");
  assert.equal(isDarkPage(), true);
  body.className = "vscode-light";
  globalThis.matchMedia = () => ({ matches: true });
  try {
    assert.equal(isDarkPage(), false);
    body.className = "";
    assert.equal(isDarkPage(), true, "prefers-color-scheme: dark");
  } finally {
    delete globalThis.matchMedia;
  }
});
