// The whole view under Node: the entry rendered into the DOM stand-in (which refuses
// markup) with the plain-page host's model and the real engine: drawn, result and periods
// published, the slider re-flagging without a new decomposition, selection and the link
// group, keys, new data, errors, hostile text, destroy.
import { test, beforeEach, before } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import { joinGroup } from "../../src/common/link.js";
import view from "../../src/ts_anomalies.js";
import { elementsOf } from "../fake-dom.mjs";
import { installCanvasDom } from "../fakes.mjs";
import { CSV, arrow, spyEngine } from "./engine.mjs";

const spy = spyEngine();
provideEngine(spy);
globalThis.navigator ??= { maxTouchPoints: 0 }; // d3-brush asks
before(() => {
  globalThis.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0);
  globalThis.cancelAnimationFrame = (id) => clearTimeout(id);
});
beforeEach(() => installCanvasDom());

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

async function mount(traits) {
  const model = createModel({ data: CSV, value_column: "TotalBytesSent", period: 24, ...traits });
  const saves = [];
  model.on("save", (v) => saves.push(v));
  const el = document.createElement("div");
  document.body.appendChild(el);
  const destroy = view.render({ model, el });
  const root = el.querySelector(".hk-ts");
  for (let i = 0; i < 400 && root.dataset.ready !== "1" && !el.querySelector(".hk-error").textContent; i++) await tick();
  return { model, el, root, destroy, saves };
}

const result = (model) => {
  const dv = model.get("result");
  return arrow.tableFromIPC(new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength));
};

test("draws, and publishes the anomalies table, the periods and the KQL filter", async () => {
  const { model, el, root, destroy, saves } = await mount({});
  assert.equal(el.querySelector(".hk-error").textContent, "");
  assert.equal(root.dataset.ready, "1");
  assert.equal(root.dataset.points, "840");
  assert.equal(root.dataset.high, "3");
  assert.equal(root.dataset.low, "5");
  const t = result(model);
  assert.equal(t.numRows, 840);
  assert.equal(Array.from(t.getChild("anomalies").toArray()).filter((f) => f !== 0n).length, 8);
  assert.ok(model.get("kql_filter").startsWith("| where TimeGenerated between"));
  assert.equal(model.get("anomaly_spans").length, model.get("kql_filter").split("between").length - 1);
  assert.ok(saves.length >= 1);
  assert.equal(el.querySelector(".hk-title").textContent, "Time Series Anomalies Visualization");
  assert.equal(el.querySelector(".hk-status").textContent, "840 points · 3 high, 5 low anomalies");
  assert.deepEqual(el.querySelector(".hk-legend").querySelectorAll("button").map((b) => b.dataset.layer), ["observed", "baseline", "high", "low", "score"]);
  assert.deepEqual(el.querySelector(".hk-bar").querySelectorAll("button").map((b) => b.textContent), ["Reset", "Select", "PNG", "SVG"]);
  const [base, marks] = el.querySelector(".hk-main").querySelectorAll("canvas").map((c) => c.getContext("2d"));
  assert.ok(base.calls.some((c) => c[0] === "fillRect"), "observed points drawn");
  assert.equal(marks.calls.filter((c) => c[0] === "drawImage").length, 8, "8 anomaly markers stamped");
  const scoreMarks = el.querySelector(".hk-score").querySelectorAll("canvas")[1].getContext("2d");
  assert.equal(scoreMarks.calls.filter((c) => c[0] === "drawImage").length, 8, "8 flagged scores");
  destroy();
  assert.equal(el.children.length, 0);
});

test("the slider re-flags with applyThreshold, without decomposing again", async () => {
  const { model, el, root, destroy } = await mount({});
  const before = spy.calls.timeSeriesAnomalies;
  const applied = spy.calls.applyThreshold ?? 0;
  const slider = el.querySelector(".hk-thr");
  const [base, marks] = el.querySelector(".hk-main").querySelectorAll("canvas").map((c) => c.getContext("2d"));
  const drawn = [base.calls.length, marks.calls.length];
  for (const v of ["2.5", "2", "1.5"]) {
    slider.value = v;
    slider.dispatchEvent(new Event("input"));
    await tick(2);
  }
  await tick(10);
  assert.equal(base.calls.length, drawn[0], "the points and the baseline are not drawn again");
  assert.ok(marks.calls.length > drawn[1], "the marks are");
  assert.equal(spy.calls.timeSeriesAnomalies, before);
  assert.equal(spy.calls.applyThreshold, applied + 3);
  assert.equal(root.dataset.threshold, "1.5");
  assert.equal(el.querySelector(".hk-thr-val").textContent, "1.50");
  slider.dispatchEvent(new Event("change"));
  const flags = Array.from(result(model).getChild("anomalies").toArray(), Number);
  assert.equal(flags.filter((f) => f !== 0).length, Number(root.dataset.high) + Number(root.dataset.low));
  assert.equal(model.get("score_threshold"), 1.5);
  destroy();
});

test("a legend entry hides its layer", async () => {
  const { el, destroy } = await mount({});
  const button = el.querySelector(".hk-legend").querySelector("button");
  button.click();
  assert.ok(button.classList.contains("hk-off"));
  assert.equal(button.getAttribute("aria-pressed"), "false");
  button.click();
  assert.ok(!button.classList.contains("hk-off"));
  destroy();
});

test("keys select anomalies and publish their input rows to the model and the group", async () => {
  const { model, root, destroy } = await mount({ group: "g" });
  const heard = [];
  const member = joinGroup(createModel({ group: "g" }), (rows) => heard.push(rows));
  const key = (k) => root.dispatchEvent(Object.assign(new Event("keydown"), { key: k, preventDefault() {} }));
  key("ArrowRight");
  const first = model.get("selected_indices");
  assert.equal(first.length, 1);
  assert.deepEqual(heard.at(-1), first);
  key("ArrowRight");
  const second = model.get("selected_indices");
  assert.ok(second[0] > first[0]);
  key("ArrowLeft");
  assert.deepEqual(model.get("selected_indices"), first);
  const t = result(model);
  assert.notEqual(t.getChild("anomalies").get(first[0]), 0n, "the row is an anomaly");
  key("Escape");
  assert.deepEqual(model.get("selected_indices"), []);
  // Rows another view selects are highlighted, not written here.
  member.publish([1, 2, 3]);
  await tick(10);
  assert.equal(root.dataset.highlighted, "3");
  assert.deepEqual(model.get("selected_indices"), []);
  // Rows the kernel selects are highlighted too.
  model.set("selected_indices", [10, 11]);
  await tick(10);
  assert.equal(root.dataset.highlighted, "2");
  member.leave();
  destroy();
});

test("new data is analysed again; a selection of the old data is cleared", async () => {
  const { model, root, destroy } = await mount({});
  model.set("selected_indices", [1, 2]);
  const lines = CSV.trim().split("\n");
  model.set("data", lines.slice(0, 1 + 200).join("\n"));
  for (let i = 0; i < 200 && root.dataset.points !== "200"; i++) await tick();
  assert.equal(root.dataset.points, "200");
  assert.deepEqual(model.get("selected_indices"), []);
  assert.equal(result(model).numRows, 200);
  destroy();
});

test("engine errors are coded text on the error line; nothing stays drawn", async () => {
  const { model, el, root, destroy } = await mount({ value_column: "nope" });
  assert.match(el.querySelector(".hk-error").textContent, /^missing_column: column "nope" is not in the data$/);
  model.set("value_column", "TotalBytesSent");
  for (let i = 0; i < 200 && root.dataset.ready !== "1"; i++) await tick();
  assert.equal(el.querySelector(".hk-error").textContent, "");
  model.set("bucket", "<b>x</b>");
  await tick(10);
  assert.match(el.querySelector(".hk-error").textContent, /^invalid_option: .*<b>x<\/b>/);
  assert.equal(el.querySelector(".hk-status").textContent, "");
  destroy();
});

test("hostile column names, titles and labels stay text", async () => {
  const img = `<img src=x onerror=alert(1)>`;
  const csv = CSV.replace("TimeGenerated,TotalBytesSent", `"${img}","</script>${img}"`);
  const { el, destroy } = await mount({
    data: csv, time_column: img, value_column: `</script>${img}`, title: `${img}<script>alert(2)</script>`,
    ref_markers: [{ time: "2019-05-10T00:00:00Z", label: img }], color: ["red;background:url(http://127.0.0.1:9/x)"],
  });
  assert.equal(el.querySelector(".hk-error").textContent, "");
  assert.equal(el.querySelector(".hk-title").textContent, `${img}<script>alert(2)</script>`);
  const tags = new Set(elementsOf(el).map((n) => n.tagName));
  for (const bad of ["IMG", "SCRIPT", "IFRAME", "A"]) assert.ok(!tags.has(bad), bad);
  assert.ok(el.querySelector(".hk-legend").textContent.includes(`observed (</script>${img}`));
  const styles = elementsOf(el).map((n) => Object.values(n.style).join(";"));
  assert.ok(!styles.some((s) => /url\(|var\(/.test(s)));
  destroy();
});
