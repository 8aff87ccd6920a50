// The shared virtualised grid (common/grid.js): a pool of row elements reused as it
// scrolls, text-only cells, selection by click and keys, sort headers, the export snapshot.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { installDom, elementsOf } from "../fake-dom.mjs";
import { MAX_PX, createGrid } from "../../src/common/grid.js";

beforeEach(() => installDom());

const columns = [{ key: "a", label: "A" }, { key: "b", label: "B", width: 60 }];
const cell = (r, k) => `${k}${r}`;
const rowsOf = (g) => g.element.querySelector(".hk-grid-body").children.filter((r) => r.style.display !== "none");
const key = (g, k, extra = {}) => {
  const e = Object.assign(new Event("keydown", { cancelable: true }), { key: k }, extra);
  g.element.dispatchEvent(e);
  return e.defaultPrevented;
};

function grid(options = {}) {
  const parent = document.createElement("div");
  const calls = { select: [], focus: [], activate: [], sort: [] };
  const g = createGrid(parent, {
    columns,
    rowCount: 100,
    cell,
    onSelect: (rows) => calls.select.push(rows),
    onFocus: (row) => calls.focus.push(row),
    onActivate: (row) => calls.activate.push(row),
    ...options,
  });
  return { g, calls, parent };
}

test("only the rows on screen exist, and scrolling reuses them", () => {
  const { g, parent } = grid({ rowCount: 1_000_000, height: 320 });
  assert.equal(parent.children[0], g.element);
  const rows = rowsOf(g);
  assert.ok(rows.length <= 20, `${rows.length} row elements for a million rows`);
  assert.equal(rows[0].textContent, "a0b0");
  assert.equal(g.element.getAttribute("role"), "grid");
  assert.equal(g.element.getAttribute("aria-rowcount"), "1000001");
  const spacer = g.element.querySelector(".hk-grid-spacer");
  assert.equal(spacer.style.height, `${MAX_PX}px`, "the scroll range is capped, then scaled");
  g.element.scrollTop = MAX_PX;
  g.element.dispatchEvent(new Event("scroll"));
  const after = rowsOf(g);
  assert.ok(after.length >= rows.length - 1);
  assert.equal(after.at(-1).textContent, "a999999b999999", "the end of the bar is the last row");
  g.scrollToRow(500_000);
  assert.ok(rowsOf(g).some((r) => r.textContent === "a500000b500000"));
});

test("cells are text, clipped, whatever they hold", () => {
  const evil = "<img src=x onerror=alert(1)>".repeat(40);
  const { g } = grid({ rowCount: 3, cell: () => evil, columns: [{ key: "x", label: "</script><b>h</b>" }], maxChars: 50 });
  const first = rowsOf(g)[0].children[0];
  assert.equal(first.textContent, `${evil.slice(0, 50)}…`);
  assert.ok(first.title.length <= 101);
  const tags = new Set(elementsOf(g.element).map((n) => n.tagName));
  assert.deepEqual([...tags].sort(), ["DIV", "STYLE"]);
  assert.equal(g.element.querySelector(".hk-grid-hc").textContent, "</script><b>h</b>");
});

test("click, Ctrl+click and Shift+click select display rows", () => {
  const { g, calls } = grid();
  const rows = rowsOf(g);
  rows[2].dispatchEvent(new Event("click"));
  rows[5].dispatchEvent(Object.assign(new Event("click"), { shiftKey: true }));
  rows[8].dispatchEvent(Object.assign(new Event("click"), { ctrlKey: true }));
  rows[3].dispatchEvent(Object.assign(new Event("click"), { metaKey: true }));
  assert.deepEqual(calls.select, [[2], [2, 3, 4, 5], [2, 3, 4, 5, 8], [2, 4, 5, 8]]);
  assert.deepEqual(g.selection(), [2, 4, 5, 8]);
  assert.ok(rows[4].classList.contains("hk-sel"));
  assert.equal(rows[3].getAttribute("aria-selected"), "false");
  rows[7].dispatchEvent(new Event("dblclick"));
  assert.deepEqual(calls.activate, [7]);
});

test("keys move the focus; Space and Enter select; Shift extends", () => {
  const { g, calls } = grid({ rowCount: 1000 });
  assert.equal(key(g, "ArrowDown"), true);
  assert.equal(g.focused(), 0);
  key(g, "ArrowDown");
  key(g, " ");
  assert.deepEqual(calls.select.at(-1), [1]);
  key(g, "ArrowDown", { shiftKey: true });
  key(g, "ArrowDown", { shiftKey: true });
  assert.deepEqual(calls.select.at(-1), [1, 2, 3]);
  key(g, "PageDown");
  assert.ok(g.focused() > 10, "a page of rows");
  key(g, "End", { shiftKey: true });
  assert.equal(g.focused(), 999);
  assert.equal(calls.select.at(-1).length, 1000 - g.selection()[0]);
  key(g, "Home");
  assert.equal(g.focused(), 0);
  key(g, "Enter");
  assert.deepEqual(calls.select.at(-1), [0]);
  assert.deepEqual(calls.activate, [0]);
  key(g, "a", { ctrlKey: true });
  assert.equal(calls.select.at(-1).length, 1000);
  key(g, "Escape");
  assert.deepEqual(calls.select.at(-1), []);
  assert.equal(key(g, "x"), false, "other keys are left alone");
  assert.ok(calls.focus.includes(999));
});

test("single and none selection modes", () => {
  const single = grid({ selectable: "single" });
  rowsOf(single.g)[1].dispatchEvent(new Event("click"));
  rowsOf(single.g)[4].dispatchEvent(Object.assign(new Event("click"), { shiftKey: true }));
  assert.deepEqual(single.calls.select, [[1], [4]]);
  assert.equal(single.g.element.getAttribute("aria-multiselectable"), "false");
  const none = grid({ selectable: "none" });
  rowsOf(none.g)[1].dispatchEvent(new Event("click"));
  key(none.g, " ");
  assert.deepEqual(none.calls.select, []);
  assert.deepEqual(none.calls.focus, [1]);
});

test("setSelection, setRowCount and refresh redraw without calling onSelect", () => {
  const { g, calls } = grid();
  g.setSelection([1, 3, 500, -1]);
  assert.deepEqual(g.selection(), [1, 3]);
  assert.ok(rowsOf(g)[3].classList.contains("hk-sel"));
  g.setRowCount(2);
  assert.deepEqual(g.selection(), [1]);
  assert.equal(rowsOf(g).length, 2);
  let prefix = "x";
  g.setColumns([{ key: "a", label: "A" }]);
  assert.equal(rowsOf(g)[0].textContent, "a0");
  const g2 = createGrid(document.createElement("div"), { columns, rowCount: 2, cell: (r, k) => `${prefix}${k}${r}` });
  prefix = "y";
  g2.refresh();
  assert.equal(rowsOf(g2)[1].textContent, "ya1yb1");
  assert.deepEqual(calls.select, []);
});

test("sortable headers and a header line for filters", () => {
  const filled = [];
  const sorted = [];
  const { g } = grid({
    onSort: (k) => sorted.push(k),
    headerExtra: (column, cellEl) => {
      filled.push(column.key);
      cellEl.appendChild(document.createElement("input"));
    },
  });
  const heads = g.element.querySelectorAll("div.hk-grid-hc");
  heads[1].dispatchEvent(new Event("click"));
  assert.deepEqual(sorted, ["b"]);
  g.setSort("b", -1);
  assert.equal(heads[1].textContent, "B ▼");
  assert.equal(heads[1].getAttribute("aria-sort"), "descending");
  assert.equal(heads[0].getAttribute("aria-sort"), "none");
  assert.deepEqual(filled, ["a", "b"]);
  assert.equal(g.element.querySelectorAll("input").length, 2);
  // Keys typed in a filter box are the box's, not the grid's.
  const input = g.element.querySelector("input");
  const e = Object.assign(new Event("keydown", { cancelable: true }), { key: "End" });
  Object.defineProperty(e, "target", { value: input });
  g.element.dispatchEvent(e);
  assert.equal(g.focused(), -1);
});

test("the snapshot draws the visible rows as SVG text", () => {
  const { g } = grid({ rowCount: 3 });
  g.setSelection([1]);
  const svg = g.snapshot();
  assert.equal(svg.namespaceURI, "http://www.w3.org/2000/svg");
  const texts = svg.querySelectorAll("text").map((t) => t.textContent);
  assert.deepEqual(texts, ["A", "a0", "a1", "a2", "B", "b0", "b1", "b2"]);
  assert.equal(svg.querySelectorAll("rect").length, 2, "header and one selected row");
});

test("destroy removes the grid", () => {
  const { g, parent } = grid();
  g.destroy();
  assert.equal(parent.children.length, 0);
});
