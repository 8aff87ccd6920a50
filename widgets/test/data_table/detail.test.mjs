// The row-detail pane: nested JSON (text or Arrow values) as a tree opened on demand, a
// page of children at a time, every string as text.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { installDom, elementsOf } from "../fake-dom.mjs";
import { createDetail, nestedOf, treeNode } from "../../src/data_table/detail.js";

beforeEach(() => installDom());

const toggles = (node) => node.querySelectorAll("button.hk-dt-toggle");

test("which values are trees: JSON objects and arrays (text or Arrow), nothing else", () => {
  assert.deepEqual(nestedOf('  {"a": [1, 2]}'), { a: [1, 2] });
  assert.deepEqual(nestedOf("[1]"), [1]);
  assert.equal(nestedOf("{not json"), null);
  assert.equal(nestedOf('"text"'), null);
  assert.equal(nestedOf("12"), null);
  assert.equal(nestedOf(null), null);
  assert.equal(nestedOf(new Date(0)), null);
  const struct = arrow.vectorFromArray([{ p: 1, q: "x" }], new arrow.Struct([new arrow.Field("p", new arrow.Int32()), new arrow.Field("q", new arrow.Utf8())]));
  assert.deepEqual(nestedOf(struct.get(0)), { p: 1, q: "x" });
  const list = arrow.vectorFromArray([[1, 2]], new arrow.List(new arrow.Field("i", new arrow.Int32())));
  assert.deepEqual(nestedOf(list.get(0)), [1, 2]);
});

test("a node opens on demand; children come a page at a time; keys toggle", () => {
  const big = Array.from({ length: 450 }, (_, i) => ({ i }));
  const node = treeNode("Entities", big);
  const [toggle] = toggles(node);
  assert.equal(toggle.getAttribute("aria-expanded"), "false");
  assert.equal(toggle.textContent, "▸Entities: [450 items]");
  assert.equal(node.querySelectorAll("li").length, 0, "nothing built while closed");
  toggle.click();
  assert.equal(toggle.getAttribute("aria-expanded"), "true");
  assert.equal(node.querySelector("ul").children.filter((c) => c.tagName === "LI").length, 200);
  const more = node.querySelector("button.hk-dt-more");
  assert.equal(more.textContent, "… 250 more");
  more.click();
  node.querySelector("button.hk-dt-more").click();
  assert.equal(node.querySelector("ul").children.filter((c) => c.tagName === "LI").length, 450);
  assert.equal(node.querySelector("button.hk-dt-more"), null);
  toggle.dispatchEvent(Object.assign(new Event("keydown"), { key: "ArrowLeft", preventDefault() {} }));
  assert.equal(node.querySelector("ul").hidden, true);
  toggle.dispatchEvent(Object.assign(new Event("keydown"), { key: "ArrowRight", preventDefault() {} }));
  assert.equal(node.querySelector("ul").hidden, false);
});

test("the pane: plain fields as text, nested ones as open trees, hostile text as text", () => {
  const pane = document.createElement("div");
  const detail = createDetail(pane);
  detail.show(null);
  assert.equal(pane.textContent, "Row detailsSelect or focus a row to see its fields.");
  const evil = "<img src=x onerror=alert(1)>";
  detail.show(7, [
    { name: evil, value: evil, text: evil },
    { name: "Entities", value: JSON.stringify([{ [evil]: evil, deep: { "</script>": "javascript:alert(1)" } }]), text: "" },
  ]);
  assert.equal(pane.querySelector(".hk-dt-dhead").textContent, "Row 7");
  assert.equal(pane.querySelector(".hk-dt-name").textContent, evil);
  assert.equal(pane.querySelector(".hk-dt-value").textContent, evil);
  const root = toggles(pane)[0];
  assert.equal(root.getAttribute("aria-expanded"), "true");
  for (let i = 0; i < 5; i++) for (const t of toggles(pane)) if (t.getAttribute("aria-expanded") === "false") t.click();
  assert.match(pane.textContent, /<img src=x onerror=alert\(1\)>: "<img src=x onerror=alert\(1\)>"/);
  assert.match(pane.textContent, /<\/script>: "javascript:alert\(1\)"/);
  const tags = new Set(elementsOf(pane).map((n) => n.tagName));
  assert.deepEqual([...tags].sort(), ["BUTTON", "DIV", "LI", "SPAN", "UL"]);
});
