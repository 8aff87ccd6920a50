// The whole view under Node: the entry rendered into the DOM stand-in (which refuses
// markup) with the plain-page host's model and the real engine: result, selection from
// the ranking and the histogram, the link group, the opened session, hostile text, destroy.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import { joinGroup } from "../../src/common/link.js";
import view from "../../src/session_rarity.js";
import { elementsOf, installDom } from "../fake-dom.mjs";
import { engine, ipcOf, SAMPLE, SAMPLE_OPTIONS } from "./engine.mjs";

provideEngine(engine);
// d3-brush asks whether the page is a touch screen (Node 20 has no navigator).
globalThis.navigator ??= { maxTouchPoints: 0 };
beforeEach(() => installDom());

async function mount(traits) {
  const model = createModel({ data: SAMPLE, ...SAMPLE_OPTIONS, ...traits });
  const el = document.createElement("div");
  document.body.appendChild(el);
  const destroy = view.render({ model, el });
  const root = el.querySelector(".hk-sr");
  for (let i = 0; i < 200 && root.dataset.ready !== "1" && !el.querySelector(".hk-error").textContent; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return { model, el, root, destroy };
}

const rowsOf = (el) => el.querySelectorAll(".hk-grid-row").filter((r) => r.style.display !== "none");
const resultTable = (model) => {
  const dv = model.get("result");
  return engine.arrow.tableFromIPC(new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength));
};

test("draws the ranking, the histogram and the rarest session; publishes the ranked sessions", async () => {
  const { model, el, root, destroy } = await mount({});
  assert.equal(root.dataset.ready, "1");
  assert.equal(el.querySelector(".hk-error").textContent, "");
  const result = resultTable(model);
  assert.equal(result.numRows, 300);
  assert.deepEqual(result.schema.fields.map((f) => f.name).slice(-5), ["likelihood", "geomean", "rarest_window3", "rarest_window3_likelihood", "rank"]);
  assert.equal(JSON.parse(model.get("model_json")).format, "huntkit.sessions.model");
  const first = rowsOf(el)[0].textContent;
  assert.match(first, /^1user00002810\.0\.0\.881\.38e-7\[Remove-MailboxPermission › Get-MailboxStatistics › Add-MailboxPermission\] › Get-MailboxPermission/);
  assert.equal(el.querySelectorAll("rect.hk-all").length, 30);
  assert.match(el.querySelector(".hk-sr-head").textContent, /^#1 · user000028 · 10\.0\.0\.88 · 2024-01-02 00:00:08\.000 · 4 events · rarest window 1\.38e-7$/);
  const chips = el.querySelectorAll("span.hk-sr-cmd");
  assert.deepEqual(chips.map((c) => c.classList.contains("hk-win")), [true, true, true, false]);
  assert.equal(el.querySelector("canvas").dataset.events, undefined, "no 2D context under Node: nothing drawn, nothing thrown");
  assert.match(el.querySelector(".hk-status").textContent, /^300 sessions of 1911 events · 27 shorter than the window · model trained on these sessions$/);
  destroy();
  assert.equal(el.children.length, 0);
});

test("selecting sessions in the ranking publishes their events' input rows, to the model and the group", async () => {
  const { model, el, destroy } = await mount({ group: "g1" });
  const heard = [];
  const other = createModel({ group: "g1" });
  const member = joinGroup(other, (rows) => heard.push(rows));
  const saves = [];
  model.on("save", (v) => saves.push(v.selected_indices));
  rowsOf(el)[0].dispatchEvent(Object.assign(new Event("click"), {}));
  const rows = model.get("selected_indices");
  assert.equal(rows.length, 4);
  const input = engine.arrow.tableFromIPC(engine.toArrow(SAMPLE));
  assert.deepEqual(rows.map((r) => input.getChild("Operation").get(r)).sort(), ["Add-MailboxPermission", "Get-MailboxPermission", "Get-MailboxStatistics", "Remove-MailboxPermission"]);
  assert.deepEqual(heard.at(-1), rows);
  assert.deepEqual(saves.at(-1), rows);
  // Shift+click extends to the third session; Escape on the grid clears.
  rowsOf(el)[2].dispatchEvent(Object.assign(new Event("click"), { shiftKey: true }));
  assert.ok(model.get("selected_indices").length > 4);
  assert.match(el.querySelector(".hk-status").textContent, /3 selected/);
  el.querySelector(".hk-grid").dispatchEvent(Object.assign(new Event("keydown", { cancelable: true }), { key: "Escape" }));
  assert.deepEqual(model.get("selected_indices"), []);
  assert.deepEqual(heard.at(-1), []);
  member.leave();
  destroy();
});

test("the keyboard moves through the ranking and opens each session; the sequence has its own keys", async () => {
  const { el, destroy } = await mount({});
  const grid = el.querySelector(".hk-grid");
  const key = (target, k) => target.dispatchEvent(Object.assign(new Event("keydown", { cancelable: true }), { key: k }));
  key(grid, "ArrowDown");
  assert.match(el.querySelector(".hk-sr-head").textContent, /^#1 /);
  key(grid, "ArrowDown");
  assert.match(el.querySelector(".hk-sr-head").textContent, /^#2 · user000008/);
  key(grid, "End");
  assert.match(el.querySelector(".hk-sr-head").textContent, /^#300 .*shorter than the window of 3$/);
  key(grid, "Home");
  const seq = el.querySelector(".hk-sr-seq");
  key(seq, "ArrowRight");
  assert.match(el.querySelector(".hk-sr-info").textContent, /^2024-01-02 00:00:08\.000 · Remove-MailboxPermission \{"Identity":"user000018@contoso\.example","AccessRights":"ReadPermission"\} · \(in the rarest window\)$/);
  key(seq, "End");
  assert.match(el.querySelector(".hk-sr-info").textContent, /Get-MailboxPermission/);
  assert.ok(el.querySelectorAll("span.hk-sr-cmd")[3].classList.contains("hk-cur"));
  destroy();
});

test("rows selected in a linked view mark the sessions holding them", async () => {
  const { model, el, destroy } = await mount({ group: "g2" });
  const other = createModel({ group: "g2" });
  const member = joinGroup(other, () => {});
  // Rows 0..2 of the input are the first events of user000000's first session.
  member.publish([0, 1, 2]);
  const marked = rowsOf(el).filter((r) => r.children[0].textContent === "●");
  assert.equal(el.querySelector(".hk-status").textContent.includes("1 with rows selected in a linked view"), true);
  assert.ok(el.querySelectorAll("rect.hk-lnkb").some((r) => Number(r.getAttribute("height")) > 0));
  assert.equal(marked.length, 1, "the ranking scrolls to the linked session and marks it");
  assert.deepEqual(model.get("selected_indices") ?? [], [], "a linked selection is not this view's selection");
  member.leave();
  destroy();
});

test("the kernel's selected_indices select the sessions holding those rows", async () => {
  const { model, el, destroy } = await mount({});
  model.set("selected_indices", [0]);
  assert.match(el.querySelector(".hk-status").textContent, /1 selected/);
  destroy();
});

test("hostile text in data, column names and options stays text", async () => {
  const evil = "<img src=x onerror=alert(1)>";
  const css = "red;background:url(http://127.0.0.1:9/x)";
  const data = ipcOf({
    [evil]: [evil, evil, "</script>", "</script>"],
    TimeGenerated: ["2024-01-01T00:00:00Z", "2024-01-01T00:00:30Z", "2024-01-01T00:00:10Z", "2024-01-01T00:00:40Z"],
    [css]: ["javascript:alert(1)", evil, css, "</script><script>alert(1)</script>"],
  });
  const { el, model, destroy } = await mount({ data, user_columns: [evil], event_column: css, params_column: null, source_columns: [evil], title: evil, window: 1 });
  assert.equal(el.querySelector(".hk-error").textContent, "");
  assert.equal(el.querySelector(".hk-title").textContent, evil);
  const tags = new Set(elementsOf(el).map((n) => n.tagName));
  for (const t of ["IMG", "SCRIPT", "A", "IFRAME"]) assert.ok(!tags.has(t), t);
  assert.ok(el.textContent.includes("javascript:alert(1)"));
  assert.ok(elementsOf(el).every((n) => !String(n.style?.background ?? "").includes("url(")));
  assert.equal(resultTable(model).numRows, 2);
  model.set("event_column", "nope" + evil);
  assert.match(el.querySelector(".hk-error").textContent, /^column_not_found: .*<img src=x onerror=alert\(1\)>/);
  assert.equal(resultTable(model).numRows, 0, "no result after an error");
  destroy();
});

test("a saved model scores new data; changing the data re-runs the analysis", async () => {
  const first = await mount({});
  const saved = first.model.get("model_json");
  first.destroy();
  const { model, el, destroy } = await mount({ model: saved, window: 2 });
  assert.match(el.querySelector(".hk-status").textContent, /saved model \(300 sessions\)/);
  assert.ok(resultTable(model).getChild("rarest_window2_likelihood"));
  model.set("data", engine.toArrow(Buffer.from(SAMPLE.toString("utf8").split("\n").slice(0, 200).join("\n"))));
  assert.ok(resultTable(model).numRows < 300);
  assert.equal(el.querySelector(".hk-sr").dataset.ready, "1");
  destroy();
});

test("a long session shows a bounded number of commands around its rarest window", async () => {
  const n = 2000;
  const t0 = Date.UTC(2024, 0, 1);
  const data = ipcOf({
    User: Array.from({ length: n }, () => "svc"),
    TimeGenerated: Array.from({ length: n }, (_, i) => new Date(t0 + i * 10000).toISOString()),
    // One rare command deep inside a long, regular session.
    Op: Array.from({ length: n }, (_, i) => (i === 1500 ? "Rare-Thing" : i % 2 ? "Get-A" : "Get-B")),
  });
  const { el, model, destroy } = await mount({ data, user_columns: ["User"], event_column: "Op", params_column: null, max_session_minutes: 100000 });
  assert.equal(el.querySelector(".hk-error").textContent, "");
  assert.equal(resultTable(model).numRows, 1);
  const chips = el.querySelectorAll("span.hk-sr-cmd");
  assert.equal(chips.length, 300);
  const more = el.querySelectorAll("span.hk-sr-more").map((s) => s.textContent);
  assert.equal(more.length, 2);
  assert.match(more[0], /^… \d+ earlier$/);
  assert.ok(chips.filter((c) => c.classList.contains("hk-win")).some((c) => c.textContent === "Rare-Thing"));
  assert.match(rowsOf(el)[0].textContent, /… \d+ more › Get-[AB] › Get-[AB] › \[.*Rare-Thing/);
  destroy();
});
