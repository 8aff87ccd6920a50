// The whole view (src/timeline.js) rendered under Node against host.js's model, a fake
// engine provided as a page's engine, and the DOM stand-in: the lane summary in `result`,
// selections shared with a linked view, the theme, Escape, and destroy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { createModel, provideEngine } from "../host.js";
import timeline from "../src/timeline.js";
import { RecordingPath, fakeEngine, fakeIndex, installCanvasDom } from "./fakes.mjs";

const MINUTE = 60000;
const T0 = Date.UTC(2024, 0, 1);
const HOSTS = ["alpha", "bravo", "charlie"];
let ownNavigator = false;

// Thirty events a minute apart; row i is in lane i % 3, as the fake index says too.
const events = Array.from({ length: 30 }, (_, i) => ({ t: T0 + i * MINUTE, lane: i % 3 }));
function data() {
  const time = arrow.makeVector(
    arrow.makeData({ type: new arrow.TimestampMillisecond(), data: BigInt64Array.from(events, (e) => BigInt(e.t)), length: events.length }),
  );
  const table = new arrow.Table({ TimeGenerated: time, Host: arrow.vectorFromArray(events.map((e) => HOSTS[e.lane])) });
  return arrow.tableToIPC(table, "stream");
}

before(() => {
  installCanvasDom();
  globalThis.Path2D = RecordingPath;
  globalThis.getComputedStyle = () => ({ getPropertyValue: () => "" });
  globalThis.requestAnimationFrame = (cb) => setTimeout(cb, 0);
  globalThis.cancelAnimationFrame = (id) => clearTimeout(id);
  if (typeof navigator === "undefined") {
    globalThis.navigator = {};
    ownNavigator = true;
  }
  provideEngine({ ...fakeEngine(fakeIndex(events, { lanes: HOSTS })), init() {} });
});

after(() => {
  for (const k of ["Path2D", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame"]) delete globalThis[k];
  if (ownNavigator) delete globalThis.navigator;
});

/** Renders a view of the thirty events; resolves once it has drawn. */
async function mounted(traits = {}) {
  const model = createModel({ data: data(), group_by: "Host", ...traits });
  const el = document.createElement("div");
  el.clientWidth = 1010;
  const destroy = timeline.render({ model, el });
  const root = el.children[0];
  for (let i = 0; i < 200 && root.dataset.ready !== "1"; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(root.dataset.ready, "1", root.querySelector(".hk-error")?.textContent);
  return { model, el, root, destroy };
}

const frame = () => new Promise((r) => setTimeout(r, 10));

test("`result` is the lane summary as Arrow IPC: label, source, events, first and last time", async () => {
  const { model, destroy } = await mounted();
  const result = model.get("result");
  assert.ok(result instanceof DataView && result.byteLength > 0);
  const table = arrow.tableFromIPC(new Uint8Array(result.buffer, result.byteOffset, result.byteLength));
  assert.deepEqual(table.schema.fields.map((f) => f.name), ["lane", "source", "events", "first", "last"]);
  assert.equal(String(table.getChild("first").type), "Timestamp<MILLISECOND, UTC>");
  assert.deepEqual(table.toArray().map((r) => [r.lane, r.source, r.events, r.first, r.last]), [
    ["alpha", "primary", 10, T0, T0 + 27 * MINUTE],
    ["bravo", "primary", 10, T0 + MINUTE, T0 + 28 * MINUTE],
    ["charlie", "primary", 10, T0 + 2 * MINUTE, T0 + 29 * MINUTE],
  ]);
  destroy();
});

test("a selection reaches a linked view, which rings its rows and counts them; Clear clears both", async () => {
  const a = await mounted({ group: "hunt" });
  const b = await mounted({ group: "hunt" });
  const other = await mounted({ group: "elsewhere" });
  const svg = a.root.querySelector("div.hk-main").children[1];
  svg.rect = { left: 0, top: 0, width: 900, height: 350 };
  const pointer = (type, x) => Object.assign(new Event(type), { button: 0, pointerId: 1, clientX: x, clientY: 50, shiftKey: true });
  svg.dispatchEvent(pointer("pointerdown", 0));
  svg.dispatchEvent(pointer("pointerup", 2000));
  const rows = a.model.get("selected_indices");
  assert.equal(rows.length, 30);
  await frame();
  const status = b.root.querySelector("span.hk-status").textContent;
  assert.match(status, /30 selected in linked views/);
  assert.ok(Number(b.root.dataset.linked) > 0, "rings drawn");
  assert.deepEqual(b.model.get("selected_indices"), undefined, "a linked view highlights; it does not select");
  assert.doesNotMatch(other.root.querySelector("span.hk-status").textContent, /linked/, "another group hears nothing");
  // Escape (Jupyter's key to leave edit mode) keeps the selection; Clear drops it for all.
  const key = Object.assign(new Event("keydown", { bubbles: true }), { key: "Escape" });
  a.root.dispatchEvent(key);
  assert.equal(a.model.get("selected_indices").length, 30);
  a.root.querySelector("div.hk-bar").querySelectorAll("button")[2].click();
  assert.deepEqual(a.model.get("selected_indices"), []);
  await frame();
  assert.doesNotMatch(b.root.querySelector("span.hk-status").textContent, /linked/);
  // A destroyed view leaves its group (the page-global bus of common/link.js).
  const groups = globalThis[Symbol.for("huntkit.links@0.1.0")];
  assert.equal(groups.get("hunt").size, 2);
  b.destroy();
  assert.equal(b.el.children.length, 0);
  assert.equal(groups.get("hunt").size, 1);
  a.destroy();
  other.destroy();
  assert.equal(groups.has("hunt"), false);
});

test("the theme option switches the view dark and back, through the shared theme module", async () => {
  const { model, root, destroy } = await mounted({ theme: "dark" });
  assert.ok(root.classList.contains("hk-dark"));
  model.set("theme", "light");
  assert.ok(!root.classList.contains("hk-dark"));
  document.body.setAttribute("data-jp-theme-light", "false");
  model.set("theme", "auto");
  assert.ok(root.classList.contains("hk-dark"), "auto follows JupyterLab's dark theme");
  document.body.removeAttribute("data-jp-theme-light");
  destroy();
});

test("new data marks the view not ready until it has drawn again, and publishes a new summary", async () => {
  const { model, root, destroy } = await mounted();
  const first = model.get("result");
  model.set("data", data());
  assert.equal(root.dataset.ready, "0");
  assert.notEqual(model.get("result"), first);
  await frame();
  assert.equal(root.dataset.ready, "1");
  destroy();
});
