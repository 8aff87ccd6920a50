// The TI browser under Node: the modules (severities, grouping, filters) and the whole
// view rendered into the DOM stand-in (which refuses markup) with the real engine:
// indicators grouped with their providers' results, severity and provider filters written
// back to the traits, `result` the rows shown, selection with the link group, the raw
// result as a JSON tree, the reference as text, hostile text, destroy.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import { joinGroup } from "../../src/common/link.js";
import view from "../../src/ti_browser.js";
import { filterGroups, groupRows, readRows, resultOf } from "../../src/ti_browser/model.js";
import { SEVERITIES, SEVERITY_COLOURS, severityLabel, severityOf } from "../../src/ti_browser/severity.js";
import { readOptions } from "../../src/ti_browser/options.js";
import { elementsOf, installDom } from "../fake-dom.mjs";
import { arrow, engine } from "../engine.mjs";

provideEngine(engine);
beforeEach(() => installDom());
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

const EVIL = "<img src=x onerror=alert(1)>";

/** A lookup_iocs result: 3 indicators × providers, one row with no Reference. */
export function tiRows() {
  return [
    { Ioc: "38.75.137.9", IocType: "ipv4", Provider: "OTX", Result: true, Severity: "high", Details: '{"pulse_count": 3, "names": ["bad"]}', RawResult: '{"pulse_info": {"count": 3, "pulses": [{"name": "bad"}]}}', Reference: "https://otx.example/api/v1/indicators/IPv4/38.75.137.9/general" },
    { Ioc: "38.75.137.9", IocType: "ipv4", Provider: "VirusTotal", Result: true, Severity: "low", Details: "1 engine", RawResult: '{"positives": 1}', Reference: "https://vt.example/ip/38.75.137.9" },
    { Ioc: "example.com", IocType: "dns", Provider: "OTX", Result: false, Severity: "information", Details: "Not found.", RawResult: "{}", Reference: null },
    { Ioc: "example.com", IocType: "dns", Provider: "VirusTotal", Result: true, Severity: "warning", Details: "2 engines", RawResult: '{"positives": 2}', Reference: "javascript:alert(1)" },
    { Ioc: "7657fcb7d772448a6d8504e4b20168b8", IocType: "md5_hash", Provider: "XForce", Result: false, Severity: "unknown", Details: "", RawResult: "", Reference: null },
  ];
}

export function ipcOfRows(rows) {
  const cols = {};
  for (const k of Object.keys(rows[0])) {
    cols[k] = k === "Result" ? arrow.vectorFromArray(rows.map((r) => r[k]), new arrow.Bool()) : arrow.vectorFromArray(rows.map((r) => r[k]), new arrow.Utf8());
  }
  return arrow.tableToIPC(new arrow.Table(cols), "stream");
}

async function mount(traits) {
  const model = createModel({ data: ipcOfRows(tiRows()), selected_indices: [], ...traits });
  const el = document.createElement("div");
  document.body.appendChild(el);
  const destroy = view.render({ model, el });
  const root = el.querySelector(".hk-ti");
  for (let i = 0; i < 200 && root.dataset.ready !== "1"; i++) await tick();
  const result = () => {
    const v = model.get("result");
    return arrow.tableFromIPC(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).toArray().map((r) => r.toJSON());
  };
  const button = (label) => root.querySelectorAll("button").find((b) => b.textContent === label || b.textContent.startsWith(`${label} (`));
  return { model, el, root, destroy, result, button };
}

test("severities: names, MSTICPy's aliases, order; colours hold 3:1 in both themes", () => {
  assert.equal(severityOf("High"), "high");
  assert.equal(severityOf("warning"), "medium");
  assert.equal(severityOf(2), "medium");
  assert.equal(severityOf(null), "unknown");
  assert.equal(severityOf(EVIL), "unknown");
  assert.equal(severityLabel("Warning"), "warning");
  assert.equal(severityLabel("2"), "medium");
  assert.equal(severityLabel(EVIL), "unknown");
  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const lum = (hex) => { const [r, g, b] = rgb(hex); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  for (const [theme, bg] of [["light", "#ffffff"], ["dark", "#0d1117"]]) {
    for (const s of SEVERITIES) assert.ok(contrast(SEVERITY_COLOURS[theme][s], bg) >= 3, `${theme} ${s}: ${contrast(SEVERITY_COLOURS[theme][s], bg).toFixed(2)}`);
  }
});

test("rows are grouped by indicator, most severe first; filters keep rows, drop empty groups", () => {
  const table = arrow.tableFromIPC(ipcOfRows(tiRows()));
  const rows = readRows(table);
  assert.equal(rows.length, 5);
  assert.equal(rows[2].reference, null);
  assert.equal(resultOf("True"), true);
  assert.equal(resultOf(0), false);
  const groups = groupRows(rows);
  assert.deepEqual(groups.map((g) => [g.ioc, g.severity, g.rows.length]), [
    ["38.75.137.9", "high", 2], ["example.com", "medium", 2], ["7657fcb7d772448a6d8504e4b20168b8", "unknown", 1],
  ]);
  assert.deepEqual(groups[1].rows.map((r) => r.provider), ["VirusTotal", "OTX"]);
  const only = (o) => filterGroups(groups, { severities: null, providers: null, search: "", positiveOnly: false, ...o });
  assert.deepEqual(only({ severities: new Set(["high", "medium"]) }).map((g) => g.ioc), ["38.75.137.9", "example.com"]);
  assert.deepEqual(only({ providers: new Set(["XForce"]) }).map((g) => g.ioc), ["7657fcb7d772448a6d8504e4b20168b8"]);
  assert.deepEqual(only({ positiveOnly: true }).flatMap((g) => g.rows.map((r) => r.row)), [0, 1, 3]);
  assert.deepEqual(only({ search: "ENGINES" }).map((g) => g.ioc), ["example.com"]);
  assert.throws(() => readRows(arrow.tableFromArrays({ Other: [1] })), (e) => e.code === "column_not_found");
  assert.deepEqual([...readOptions(createModel({ severities: ["warning", "high"] })).severities], ["medium", "high"]);
});

test("renders indicators with their providers; result is every row; nothing is markup", async () => {
  const v = await mount({ title: EVIL });
  assert.equal(v.root.dataset.ready, "1");
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  assert.equal(v.root.querySelector(".hk-title").textContent, EVIL);
  assert.equal(v.root.querySelector(".hk-status").textContent, "3 indicators · 5 of 5 results");
  assert.deepEqual(v.root.querySelectorAll("span.hk-ti-name").map((n) => n.textContent), ["38.75.137.9", "example.com", "7657fcb7d772448a6d8504e4b20168b8"]);
  const rows = v.root.querySelectorAll("div.hk-ti-row");
  assert.equal(rows.length, 5, "small lists open");
  assert.ok(rows[0].classList.contains("hk-ti-b-high"));
  // MSTICPy's "warning" keeps its word and wears medium's colour.
  const warning = v.root.querySelectorAll("span.hk-ti-sev").find((b) => b.textContent === "warning");
  assert.ok(warning.classList.contains("hk-ti-sev-medium"));
  assert.equal(v.button("warning").dataset.value, "medium");
  assert.deepEqual(v.root.querySelectorAll("span.hk-ti-provider").map((n) => n.textContent), ["OTX", "VirusTotal", "VirusTotal", "OTX", "XForce"]);
  // The reference is text with a copy button, never a link, whatever its scheme.
  assert.deepEqual(v.root.querySelectorAll("span.hk-ti-ref").map((n) => n.textContent).slice(0, 3), [
    "https://otx.example/api/v1/indicators/IPv4/38.75.137.9/general", "https://vt.example/ip/38.75.137.9", "javascript:alert(1)",
  ]);
  assert.equal(v.root.querySelectorAll("button.hk-ti-copy").length, 3);
  assert.equal(v.root.querySelectorAll("a").length, 0);
  assert.equal(v.result().length, 5);
  // Details JSON as a tree; the raw result built when opened.
  assert.match(rows[0].textContent, /Details: \{2 keys\}/);
  assert.equal(rows[0].querySelectorAll("div.hk-ti-raw").length, 0);
  rows[0].querySelector("button.hk-ti-rawbtn").click();
  assert.match(rows[0].querySelector("div.hk-ti-raw").textContent, /RawResult: \{1 key\}▸pulse_info: \{2 keys\}/);
  assert.ok(elementsOf(v.root).every((n) => ["DIV", "STYLE", "BUTTON", "SPAN", "INPUT", "UL", "LI"].includes(n.tagName)));
  v.destroy();
  assert.equal(v.el.children.length, 0);
});

test("severity and provider toggles write the traits; result and status follow", async () => {
  const v = await mount({});
  v.button("information").click();
  assert.deepEqual(v.model.get("severities"), ["high", "medium", "low", "unknown"]);
  assert.equal(v.root.querySelector(".hk-status").textContent, "3 indicators · 4 of 5 results");
  assert.deepEqual(v.result().map((r) => r.Provider), ["OTX", "VirusTotal", "VirusTotal", "XForce"]);
  v.button("information").click();
  assert.equal(v.model.get("severities"), null, "all on again: no filter");
  v.root.querySelectorAll("button").find((b) => b.dataset.value === "OTX").click();
  assert.deepEqual(v.model.get("providers"), ["VirusTotal", "XForce"]);
  assert.equal(v.result().length, 3);
  v.button("Positive only").click();
  assert.equal(v.model.get("positive_only"), true);
  assert.deepEqual(v.result().map((r) => r.Ioc), ["38.75.137.9", "example.com"]);
  v.model.set("providers", null);
  v.model.set("positive_only", false);
  v.model.set("search", "md5");
  assert.equal(v.root.querySelector(".hk-status").textContent, "1 indicator · 1 of 5 results");
  v.model.set("search", "nothing like this");
  assert.equal(v.root.querySelector(".hk-ti-empty").textContent, "No results match the filters.");
  assert.equal(v.result().length, 0);
  v.destroy();
});

test("selection: rows and indicators to selected_indices, the group and the kernel agree", async () => {
  const v = await mount({ group: "ti" });
  const heard = [];
  const peer = createModel({ group: "ti" });
  const link = joinGroup(peer, (rows) => heard.push(rows));
  const rows = () => v.root.querySelectorAll("div.hk-ti-row");
  rows()[1].click();
  assert.deepEqual(v.model.get("selected_indices"), [1]);
  rows()[2].dispatchEvent(Object.assign(new Event("click"), { ctrlKey: true }));
  assert.deepEqual(v.model.get("selected_indices"), [1, 3]);
  assert.deepEqual(heard.at(-1), [1, 3]);
  assert.ok(rows()[2].classList.contains("hk-sel"));
  // An indicator's Select button takes all its rows.
  v.root.querySelectorAll("button.hk-ti-selectall")[1].click();
  assert.deepEqual(v.model.get("selected_indices"), [2, 3]);
  assert.match(v.root.querySelector(".hk-status").textContent, /2 selected$/);
  link.publish([4]);
  assert.deepEqual(v.model.get("selected_indices"), [4]);
  assert.ok(rows()[4].classList.contains("hk-sel"));
  v.model.set("selected_indices", [0, 99]);
  assert.deepEqual(v.root.querySelectorAll("div.hk-ti-row").filter((r) => r.classList.contains("hk-sel")).map((r) => r.dataset.row), ["0"]);
  rows()[0].dispatchEvent(Object.assign(new Event("keydown"), { key: "Escape" }));
  assert.deepEqual(v.model.get("selected_indices"), []);
  // Collapse and expand.
  v.button("Collapse all").click();
  assert.ok(v.root.querySelectorAll("div.hk-ti-body").every((b) => b.hidden));
  v.root.querySelector("div.hk-ti-head").click();
  assert.equal(v.root.querySelectorAll("div.hk-ti-body")[0].hidden, false);
  link.leave();
  v.destroy();
});

test("hostile text in every cell and option stays text; missing columns report", async () => {
  const rows = tiRows().map((r) => ({ ...r, Ioc: `${EVIL}${r.Ioc}`, IocType: EVIL, Provider: `${EVIL}${r.Provider}`, Details: JSON.stringify({ [EVIL]: EVIL }), RawResult: JSON.stringify([EVIL, { "</script>": "javascript:alert(1)" }]), Reference: EVIL, Severity: EVIL }));
  const v = await mount({ data: ipcOfRows(rows), search: "", providers: [EVIL], theme: EVIL });
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  assert.equal(v.root.querySelector(".hk-status").textContent, "0 indicators · 0 of 5 results");
  v.model.set("providers", null);
  assert.ok(v.root.textContent.includes(`${EVIL}OTX`));
  for (const b of v.root.querySelectorAll("button.hk-ti-rawbtn")) b.click();
  for (let i = 0; i < 4; i++) for (const t of v.root.querySelectorAll("button.hk-dt-toggle")) if (t.getAttribute("aria-expanded") === "false") t.click();
  assert.ok(v.root.textContent.includes('</script>: "javascript:alert(1)"'));
  assert.ok(elementsOf(v.root).every((n) => ["DIV", "STYLE", "BUTTON", "SPAN", "INPUT", "UL", "LI"].includes(n.tagName)));
  v.model.set("data", ipcOfRows([{ Nope: "x" }]));
  assert.equal(v.root.querySelector(".hk-error").textContent, "column_not_found: TI results need the column(s) Ioc, Provider");
  assert.equal(v.root.dataset.ready, "1");
  v.destroy();
});
