// Marked text: indicator and run spans around text nodes, nested, cut at the cap; text
// that looks like markup stays text.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { installDom, elementsOf } from "../fake-dom.mjs";
import { chunkEnds, renderMarked } from "../../src/payload/highlight.js";

beforeEach(() => installDom());

const tag = (span, m) => {
  span.className = m.kind;
};
const tree = (node) => node.childNodes.map((n) => (n.nodeType === 3 ? n.data : { [n.className]: tree(n) }));
// The marks of a text in one block.
const shape = (el) => {
  assert.equal(el.children.length, 1);
  assert.equal(el.children[0].className, "hk-chunk");
  return tree(el.children[0]);
};

test("spans nest, cross-overs are cut at the parent's end, text is kept whole", () => {
  const text = "mail user@x.com now";
  const el = document.createElement("pre");
  const marks = [
    { start: 10, end: 15, kind: "dns" },
    { start: 5, end: 15, kind: "email" },
    { start: 12, end: 19, kind: "cross" },
  ];
  const spans = renderMarked(el, text, 1000, marks, tag);
  assert.equal(el.textContent, text);
  assert.deepEqual(shape(el), ["mail ", { email: ["user@", { dns: ["x.", { cross: ["com"] }] }] }, " now"]);
  assert.equal(spans.size, 3);
  assert.equal(spans.get(marks[0]).textContent, "x.com");
});

test("the cap cuts the text and the marks past it", () => {
  const el = document.createElement("pre");
  const spans = renderMarked(el, "abcdefghij", 5, [{ start: 3, end: 8, kind: "a" }, { start: 7, end: 9, kind: "b" }], tag);
  assert.equal(el.textContent, "abcde");
  assert.deepEqual(shape(el), ["abc", { a: ["de"] }]);
  assert.equal(spans.size, 1);
});

test("touching marks are siblings; one starting inside another is cut at its end", () => {
  const el = document.createElement("pre");
  renderMarked(el, "0123456789", 100, [{ start: 0, end: 4, kind: "a" }, { start: 4, end: 6, kind: "b" }, { start: 5, end: 8, kind: "c" }], tag);
  assert.deepEqual(shape(el), [{ a: ["0123"] }, { b: ["4", { c: ["5"] }] }, "6789"]);
});

test("markup in the text stays text", () => {
  const text = "<img src=x onerror=alert(1)></script><b>x</b>";
  const el = document.createElement("pre");
  renderMarked(el, text, 1000, [{ start: 0, end: 28, kind: "ioc" }], tag);
  assert.equal(el.textContent, text);
  assert.deepEqual(elementsOf(el).map((n) => n.tagName), ["PRE", "DIV", "SPAN"]);
});

test("blocks end after a line break when there is one; marks over a boundary are split", () => {
  const text = "aaaa\nbbbbbbbb\ncc";
  assert.deepEqual(chunkEnds(text, text.length, 8), [5, 13, 16], "no break in the second half of the second block");
  assert.deepEqual(chunkEnds("x".repeat(10), 10, 4), [4, 8, 10], "no line break: cut at the size");
  const el = document.createElement("pre");
  const mark = { start: 3, end: 7, kind: "m" };
  const inner = { start: 4, end: 6, kind: "n" };
  const spans = renderMarked(el, text, 100, [mark, inner], tag, 8);
  assert.equal(el.textContent, text);
  assert.deepEqual(el.children.map(tree), [["aaa", { m: ["a", { n: ["\n"] }] }], [{ m: [{ n: ["b"] }, "b"] }, "bbbbbb"], ["\ncc"]]);
  assert.equal(spans.get(mark).textContent, "a\n", "the first span of a split mark");
});
