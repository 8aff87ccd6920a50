// The view's DOM skeleton and its text helpers, in a DOM stand-in that refuses markup.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { MAX_LABEL, clip, h, scopeCss } from "../src/common/dom.js";
import { CSS, createDom, fitText, textWidth } from "../src/timeline/dom.js";
import { installDom } from "./fake-dom.mjs";

beforeEach(() => installDom());

const shape = (node) => `${node.tagName.toLowerCase()}${node.className ? `.${node.className.replace(/ /g, ".")}` : ""}`;

test("the skeleton: title, toolbar, error line, plot between legends, range selector, help, tooltip", () => {
  const el = document.createElement("div");
  const dom = createDom(el);
  assert.equal(el.children[0], dom.root);
  assert.deepEqual(dom.root.children.map(shape), ["style", "div.hk-title.hk-export-text", "div.hk-bar", "div.hk-error", "div.hk-row", "div.hk-range", "div.hk-help", "div.hk-tip"]);
  assert.equal(dom.root.children[0].textContent, scopeCss(CSS, ".hk-tl"), "the stylesheet, limited to the view");
  assert.deepEqual(dom.bar.children.map((b) => b.textContent), ["Reset", "Select", "Clear", "", "PNGSVG"]);
  assert.deepEqual(dom.bar.querySelectorAll("button").map((b) => b.textContent), ["Reset", "Select", "Clear", "PNG", "SVG"]);
  assert.equal(dom.selectBtn.getAttribute("aria-pressed"), "false");
  assert.equal(dom.clearBtn.disabled, true, "nothing to clear yet");
  assert.deepEqual(dom.root.children[4].children.map(shape), ["div.hk-legend", "svg.hk-lanes", "div.hk-main", "div.hk-legend"], "lane labels beside the plot");
  assert.deepEqual(dom.main.children.map(shape), ["canvas", "svg"], "markers, axes");
  assert.deepEqual(dom.svgNode.children.map(shape), ["g", "g", "g", "g", "rect"], "an empty first group, the axes, references, the selection");
  assert.equal(dom.brushRect.node(), dom.svgNode.children[4]);
  assert.equal(dom.brushRect.node().getAttribute("visibility"), "hidden");
  assert.deepEqual(dom.range.children.map((n) => n.textContent), ["Range Selector", "", "Drag the middle or edges of the selection box to change the range in the main chart"]);
  assert.match(dom.help.textContent, /Clear: drop the selection/);
  assert.doesNotMatch(dom.help.textContent, /Escape/, "Escape is Jupyter's: it never clears a selection");
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

test("text is fitted to a width with an ellipsis, by bisection over a measure", () => {
  const measure = (s) => s.length * 10;
  assert.equal(fitText("short", 100, measure), "short");
  assert.equal(fitText("abcdefghijklmnop", 100, measure), "abcdefghi…");
  assert.ok(measure(fitText("abcdefghijklmnop", 100, measure)) <= 100);
  assert.equal(fitText("abc", 5, measure), "…", "nothing fits: the ellipsis alone");
  assert.equal(fitText("x".repeat(1000), 1e9, measure), `${"x".repeat(MAX_LABEL)}…`, "clipped to MAX_LABEL first");
  assert.equal(textWidth("abcd"), 4 * 6.2, "estimated where no canvas measures");
});

test("a view's stylesheet reaches only its own root", () => {
  const css = ".hk-ts{color:red}\n.hk-legend{position:absolute}\n.hk-ts .a,.b{x:1}";
  assert.equal(scopeCss(css, ".hk-ts"), ".hk-ts{color:red}.hk-ts .hk-legend{position:absolute}.hk-ts .a,.hk-ts .b{x:1}");
});
