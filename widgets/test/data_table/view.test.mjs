// The DataTable view end to end under Node: a fake model (host.js), a DOM stand-in that
// refuses markup, and the real engine (js/dist): rendering, `result`, selections in and
// out, the link group, filters and sort from the model and from the header, the column
// chooser, the detail pane, options, destroy.
import { test, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { readFileSync } from "node:fs";
import * as hk from "../../../js/dist/index.js";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import { joinGroup } from "../../src/common/link.js";
import { installDom, elementsOf } from "../fake-dom.mjs";
import view from "../../src/data_table.js";
import { readOptions, visibleColumns } from "../../src/data_table/options.js";

const LOGONS = readFileSync(new URL("../../../examples/data/host_logons.csv", import.meta.url));
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  await hk.init();
  provideEngine({ ...hk, arrow });
});
beforeEach(() => installDom());

async function mount(traits) {
  const model = createModel({ selected_indices: [], ...traits });
  const el = document.createElement("div");
  document.body.appendChild(el);
  const destroy = view.render({ model, el });
  for (let i = 0; i < 50 && el.querySelector(".hk-dt")?.dataset.ready !== "1"; i++) await tick(5);
  const root = el.querySelector(".hk-dt");
  const rows = () => root.querySelector(".hk-grid-body").children.filter((r) => r.style.display !== "none");
  // `result` holds the positions of the rows shown; the rows are the input's at them.
  const result = () => {
    const v = model.get("result");
    const positions = arrow.tableFromIPC(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    assert.deepEqual(positions.schema.fields.map((f) => f.name), ["SourceIndex"]);
    const d = model.get("data");
    const input = arrow.tableFromIPC(hk.toArrow(d instanceof Uint8Array ? d : new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    const rows = [...positions.getChild("SourceIndex").toArray()];
    return { numRows: rows.length, positions: rows, getChild: (name) => ({ toArray: () => rows.map((r) => input.getChild(name).get(r)) }) };
  };
  return { model, el, root, rows, result, destroy };
}

test("renders the logons as text, publishes them as result", async () => {
  const v = await mount({ data: new DataView(LOGONS.buffer, LOGONS.byteOffset, LOGONS.byteLength), title: "<b>Logons</b>" });
  assert.equal(v.root.dataset.ready, "1");
  assert.equal(v.root.querySelector(".hk-title").textContent, "<b>Logons</b>");
  assert.equal(v.root.querySelector(".hk-status").textContent, "25 of 25 rows");
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  const heads = v.root.querySelectorAll(".hk-grid-hc").map((h) => h.textContent);
  assert.equal(heads.length, 19, "every column but TenantId");
  assert.equal(v.rows()[1].children[0].textContent, "MSTICAlertsWin1\\MSTICAdmin");
  assert.equal(v.result().numRows, 25);
  assert.ok(elementsOf(v.root).every((n) => ["DIV", "STYLE", "BUTTON", "SPAN", "INPUT"].includes(n.tagName)));
  v.destroy();
  assert.equal(v.el.children.length, 0);
});

test("filters and sort from the model; the boxes and result follow", async () => {
  const v = await mount({ data: LOGONS, filters: { Account: "admin" }, sort_by: ["TimeGenerated"], ascending: [false] });
  assert.equal(v.root.querySelector(".hk-status").textContent, "4 of 25 rows");
  assert.equal(v.root.querySelector("input.hk-dt-filter").value, "admin");
  assert.equal(v.root.querySelectorAll(".hk-grid-hc").find((h) => h.textContent.startsWith("TimeGenerated")).getAttribute("aria-sort"), "descending");
  const res = v.result();
  assert.equal(res.numRows, 4);
  const times = Array.from(res.getChild("TimeGenerated").toArray(), Number);
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  v.model.set("filters", { LogonType: "lots" });
  assert.match(v.root.querySelector(".hk-error").textContent, /^bad_filter: LogonType/);
  assert.equal(v.root.querySelector(".hk-status").textContent, "25 of 25 rows");
  v.model.set("filters", {});
  v.model.set("sort_by", []);
  await tick(200);
  assert.equal(v.result().numRows, 25);
  v.destroy();
});

test("typing in a filter box and clicking headers write the traits back", async () => {
  const v = await mount({ data: LOGONS });
  const box = v.root.querySelector("input.hk-dt-filter");
  box.value = "system";
  box.dispatchEvent(Object.assign(new Event("keydown"), { key: "Enter" }));
  assert.deepEqual(v.model.get("filters"), { Account: "system" });
  assert.match(v.root.querySelector(".hk-status").textContent, /^\d+ of 25 rows$/);
  const head = v.root.querySelectorAll(".hk-grid-hc")[1];
  head.dispatchEvent(new Event("click"));
  assert.deepEqual(v.model.get("sort_by"), ["EventID"]);
  head.dispatchEvent(new Event("click"));
  assert.deepEqual(v.model.get("ascending"), [false]);
  v.root.querySelectorAll(".hk-grid-hc")[0].dispatchEvent(Object.assign(new Event("click"), { shiftKey: true }));
  assert.deepEqual(v.model.get("sort_by"), ["EventID", "Account"]);
  assert.equal(v.root.querySelectorAll(".hk-grid-hc")[0].textContent, "Account ▲2");
  v.root.querySelectorAll("button").find((b) => b.textContent === "Clear filters").click();
  assert.deepEqual(v.model.get("filters"), {});
  assert.deepEqual(v.model.get("sort_by"), []);
  assert.equal(box.value, "");
  box.value = "x";
  box.dispatchEvent(Object.assign(new Event("keydown"), { key: "Escape" }));
  assert.equal(box.value, "");
  v.destroy();
});

test("selection: grid rows become input positions, the group and the model agree", async () => {
  const v = await mount({ data: LOGONS, group: "t1", sort_by: ["TargetLogonId"], ascending: [false] });
  const heard = [];
  const peer = createModel({ group: "t1" });
  const link = joinGroup(peer, (rows) => heard.push(rows));
  const shown = v.result().getChild("TargetLogonId").toArray();
  const input = Array.from(arrow.tableFromIPC(hk.toArrow(LOGONS)).getChild("TargetLogonId").toArray());
  v.rows()[0].dispatchEvent(new Event("click"));
  v.rows()[1].dispatchEvent(Object.assign(new Event("click"), { shiftKey: true }));
  const expected = [input.indexOf(shown[0]), input.indexOf(shown[1])].sort((a, b) => a - b);
  assert.deepEqual(v.model.get("selected_indices"), expected);
  assert.deepEqual(heard.at(-1), expected);
  assert.match(v.root.querySelector(".hk-status").textContent, /2 selected$/);
  assert.match(v.root.querySelector(".hk-dt-dhead").textContent, /^Row \d+$/);
  // Another view selects: the rows are marked where they are shown, and the model follows.
  link.publish([0, 24]);
  assert.deepEqual(v.model.get("selected_indices"), [0, 24]);
  // Python sets the selection.
  v.model.set("selected_indices", [3]);
  assert.equal(v.root.querySelector(".hk-status").textContent, "25 of 25 rows · 1 selected");
  link.leave();
  v.destroy();
});

test("the column chooser, show_index, hidden columns and TenantId", async () => {
  const v = await mount({ data: LOGONS, show_index: true, hidden_cols: ["EventID"], selected_cols: ["Account", "EventID", "TenantId", "Computer"] });
  assert.deepEqual(v.root.querySelectorAll(".hk-grid-hc").map((h) => h.textContent), ["#", "Account", "TenantId", "Computer"]);
  assert.equal(v.rows()[3].children[0].textContent, "3");
  v.root.querySelectorAll("button").find((b) => b.textContent === "Columns").click();
  const chooser = v.root.querySelector(".hk-dt-chooser");
  assert.equal(chooser.hidden, false);
  const boxes = chooser.querySelectorAll("input");
  assert.equal(boxes.length, 20);
  const eventId = boxes[2];
  eventId.checked = true;
  eventId.dispatchEvent(new Event("change"));
  assert.deepEqual(v.model.get("selected_cols"), ["Account", "TenantId", "Computer", "EventID"]);
  assert.deepEqual(v.model.get("hidden_cols"), []);
  assert.deepEqual(v.root.querySelectorAll(".hk-grid-hc").map((h) => h.textContent), ["#", "Account", "TenantId", "Computer", "EventID"]);
  chooser.querySelectorAll("button").find((b) => b.textContent === "None").click();
  assert.deepEqual(v.root.querySelectorAll(".hk-grid-hc").map((h) => h.textContent), ["#"]);
  chooser.querySelectorAll("button").find((b) => b.textContent === "All").click();
  assert.equal(v.root.querySelectorAll(".hk-grid-hc").length, 21);
  v.destroy();
  const names = ["TenantId", "A", "B"];
  const opts = (o) => readOptions(createModel(o));
  assert.deepEqual(visibleColumns(names, opts({})), [1, 2]);
  assert.deepEqual(visibleColumns(names, opts({ show_tenant_id: true })), [0, 1, 2]);
  assert.deepEqual(visibleColumns(names, opts({ selected_cols: ["B", "TenantId", "Nope"] })), [2, 0]);
});

test("options: details pane, header filters, selectable, height; bad data reports", async () => {
  const v = await mount({ data: LOGONS, show_details: false, header_filters: false, selectable: "none", height: 200, detail_cols: ["Account"] });
  assert.equal(v.root.querySelector(".hk-dt-detail").hidden, true);
  assert.equal(v.root.querySelectorAll("input.hk-dt-filter").length, 0);
  v.rows()[0].dispatchEvent(new Event("click"));
  assert.deepEqual(v.model.get("selected_indices"), []);
  v.model.set("header_filters", true);
  assert.equal(v.root.querySelectorAll("input.hk-dt-filter").length, 19);
  v.root.querySelectorAll("button").find((b) => b.textContent === "Details").click();
  assert.equal(v.model.get("show_details"), true);
  assert.equal(v.root.querySelector(".hk-dt-detail").hidden, false);
  v.rows()[1].dispatchEvent(new Event("click"));
  assert.deepEqual(v.root.querySelectorAll(".hk-dt-name").map((n) => n.textContent), ["Account"]);
  v.model.set("data", new TextEncoder().encode("a,b\n1,2,3\n"));
  await tick(10);
  assert.notEqual(v.root.querySelector(".hk-error").textContent, "");
  assert.equal(v.root.dataset.ready, "1");
  v.destroy();
});
