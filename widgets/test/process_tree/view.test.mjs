// The whole view under Node: render() against host.js's model and the DOM stand-in (which
// refuses markup), with the real engine. Drawn and ready, the tree published in `result`,
// keyboard and pointer selection written to `selected_indices` as input rows, linked views,
// option changes, new data, and destroy.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import processTree from "../../src/process_tree.js";
import { installDom } from "../fake-dom.mjs";
import { engine, LINUX, WIN } from "./engine.mjs";

before(() => {
  installDom();
  globalThis.requestAnimationFrame = (cb) => setTimeout(() => cb(performance.now()), 0);
  globalThis.cancelAnimationFrame = (id) => clearTimeout(id);
  provideEngine(engine);
});

const view = (d) => new DataView(d.buffer, d.byteOffset, d.byteLength);
const tick = () => new Promise((r) => setTimeout(r, 5));

async function until(check, what) {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function mount(traits) {
  const el = document.createElement("div");
  document.body.appendChild(el);
  const model = createModel(traits);
  const saves = [];
  model.on("save", (v) => saves.push(v));
  const destroy = processTree.render({ model, el });
  const root = () => el.querySelector(".hk-pt");
  await until(() => root().dataset.ready === "1", "the first frame");
  await until(() => model.get("result")?.byteLength > 0, "the result");
  return { el, model, saves, destroy, root: root(), plot: root().querySelector(".hk-plot") };
}

const key = (target, k, extra = {}) => target.dispatchEvent(Object.assign(new Event("keydown"), { key: k, ...extra }));
function pointer(target, type, x, y, extra = {}) {
  target.dispatchEvent(Object.assign(new Event(type), { clientX: x, clientY: y, button: 0, pointerId: 1, ...extra }));
}

test("draws, publishes the tree, and selects by keyboard and pointer as input rows", async () => {
  const v = await mount({ data: view(WIN), group: "unit-a" });
  assert.equal(v.root.dataset.processes, "1010");
  assert.equal(v.root.querySelector(".hk-title").textContent, "ProcessTree");
  assert.match(v.root.querySelector(".hk-status").textContent, /^1,010 processes · 10 roots · depth 7$/);
  const result = engine.arrow.tableFromIPC(new Uint8Array(v.model.get("result").buffer));
  assert.equal(result.numRows, 1010);
  assert.ok(v.saves.some((s) => s.result), "the result is saved to the kernel");

  key(v.plot, "ArrowDown");
  assert.equal(v.root.querySelector(".hk-sr").textContent, "WmiPrvSE.exe, PID: 0xda4, level 2, 2 of 1010");
  key(v.plot, "Enter");
  assert.deepEqual(v.model.get("selected_indices"), [852]);
  key(v.plot, "ArrowDown");
  key(v.plot, "Enter", { shiftKey: true });
  assert.equal(v.model.get("selected_indices").length, 2);
  key(v.plot, "Escape");
  assert.deepEqual(v.model.get("selected_indices"), []);

  // A click on the fourth box (row 3, level 1).
  const [indent, , rowH] = v.root.dataset.layout.split(",").map(Number);
  pointer(v.plot, "pointerdown", 6 + indent + 60, rowH * 3 + rowH / 2);
  pointer(v.plot, "pointerup", 6 + indent + 60, rowH * 3 + rowH / 2);
  assert.deepEqual(v.model.get("selected_indices"), [Number(result.getChild("source_row").get(3))]);
  // Ctrl+click adds; a click beside the boxes clears.
  pointer(v.plot, "pointerdown", 6 + indent + 60, rowH * 4 + rowH / 2, { ctrlKey: true });
  pointer(v.plot, "pointerup", 6 + indent + 60, rowH * 4 + rowH / 2, { ctrlKey: true });
  assert.equal(v.model.get("selected_indices").length, 2);
  pointer(v.plot, "pointerdown", 2, rowH * 4 + rowH / 2);
  pointer(v.plot, "pointerup", 2, rowH * 4 + rowH / 2);
  assert.deepEqual(v.model.get("selected_indices"), []);

  // Left on the root collapses its tree; the arrow at the box expands it again.
  key(v.plot, "Home");
  key(v.plot, "ArrowLeft");
  const collapsed = Number(v.root.dataset.visible);
  assert.ok(collapsed < 1010);
  pointer(v.plot, "pointerdown", 6 + 8, rowH / 2);
  pointer(v.plot, "pointerup", 6 + 8, rowH / 2);
  assert.equal(v.root.dataset.visible, "1010");
  // The wheel scrolls the tree, and leaves the page to scroll at the tree's ends.
  const wheel = (deltaY) => {
    const e = Object.assign(new Event("wheel", { cancelable: true }), { deltaY, deltaX: 0, deltaMode: 0 });
    v.plot.dispatchEvent(e);
    return e.defaultPrevented;
  };
  assert.equal(wheel(-100), false, "at the top, up scrolls the page");
  assert.equal(wheel(100), true);
  await tick();
  assert.equal(v.root.dataset.scroll, "0,100");
  v.destroy();
  assert.equal(v.el.querySelector(".hk-pt"), null);
});

test("the table shows the tree's selection, and selects in the tree", async () => {
  const v = await mount({ data: view(WIN), show_table: true });
  key(v.plot, "ArrowDown");
  key(v.plot, "Enter");
  const selectedRows = () => v.root.querySelectorAll("div.hk-grid-row.hk-sel");
  assert.equal(selectedRows().length, 1);
  // A click on another row of the table selects that process.
  const rows = v.root.querySelectorAll("div.hk-grid-row");
  rows[3].click();
  assert.deepEqual(v.model.get("selected_indices"), [Number(engine.arrow.tableFromIPC(new Uint8Array(v.model.get("result").buffer)).getChild("source_row").get(3))]);
  assert.equal(v.root.dataset.selected, "1");
  v.destroy();
});

test("linked views share the selection; Python's selected_indices is shown; destroy leaves the group", async () => {
  const a = await mount({ data: view(WIN), group: "unit-b" });
  const b = await mount({ data: view(WIN), group: "unit-b" });
  key(a.plot, "ArrowDown");
  const saves = b.saves.length;
  key(a.plot, "Enter");
  assert.deepEqual(b.model.get("selected_indices"), [852]);
  assert.equal(b.saves.length, saves + 1, "the group delivers a selection once");
  assert.equal(b.root.dataset.selected, "1");
  // Python sets b's selection: b shows it, a follows through the group.
  b.model.set("selected_indices", [0, 1, 2]);
  assert.equal(b.root.dataset.selected, "3");
  assert.deepEqual(a.model.get("selected_indices"), [0, 1, 2]);
  a.destroy();
  key(b.plot, "Escape");
  assert.deepEqual(b.model.get("selected_indices"), []);
  b.destroy();
});

test("options: legend column, PID format, schema and new data; errors as text", async () => {
  const v = await mount({ data: view(WIN), title: "<img src=x onerror=alert(1)>" });
  assert.equal(v.root.querySelector(".hk-title").textContent, "<img src=x onerror=alert(1)>");
  v.model.set("legend_col", "SubjectUserName");
  await tick();
  assert.ok(v.root.querySelector(".hk-legend").querySelectorAll("text").some((t) => t.textContent === "MSTICAdmin"));
  v.model.set("legend_col", "</script>");
  assert.match(v.root.querySelector(".hk-error").textContent, /^column_not_found: legend_col: no column "<\/script>"/);
  v.model.set("legend_col", null);
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  v.model.set("schema", "linux");
  assert.match(v.root.querySelector(".hk-error").textContent, /^column_not_found|^invalid_input|^no_schema/);
  assert.equal(v.root.dataset.processes, "0");
  v.model.set("schema", "auto");
  await until(() => v.root.dataset.ready === "1", "a redraw");
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  // New data: built again, ready again, a new result.
  const before = v.model.get("result");
  v.model.set("data", view(LINUX));
  assert.equal(v.root.dataset.ready, "0");
  await until(() => v.root.dataset.ready === "1" && v.model.get("result") !== before, "the new tree");
  assert.equal(v.root.dataset.processes, "1029");
  v.model.set("show_table", true);
  assert.ok(v.root.querySelector(".hk-grid"), "the table is shown");
  v.model.set("show_table", false);
  assert.equal(v.root.querySelector(".hk-grid"), null);
  v.destroy();
});
