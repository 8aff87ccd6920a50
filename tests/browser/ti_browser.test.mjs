// The TI browser in headless Chromium: a lookup's results grouped by indicator, severity
// colours that hold 3:1 contrast in both themes, the severity and provider filters and the
// search writing their traits, `result` the rows shown, selection by click and keys shared
// with a linked view, the raw result's JSON tree, the reference as text with a copy
// button, paging past 200 indicators, PNG/SVG export, and hostile text in every slot.
//
// Run: node --test tests/browser/ti_browser.test.mjs   (after `node widgets/build.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { exportFile, outside, problems, useBrowser } from "./harness.mjs";

const require = createRequire(new URL("../../widgets/package.json", import.meta.url));
const arrow = require("apache-arrow");

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "javascript:alert(3)",
  "red;background:url(http://127.0.0.1:9/x)",
  '"><svg onload=alert(4)>',
];
const PROVIDERS = ["OTX", "VirusTotal", "XForce"];
const SEVERITIES = ["high", "warning", "low", "information", "unknown"];

/** `n` indicators, each looked up by three providers. */
function results(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const ioc = i % 2 ? `host${i}.example.com` : `10.${i >> 8}.${i & 255}.1`;
    PROVIDERS.forEach((provider, p) => {
      const severity = SEVERITIES[(i + p) % SEVERITIES.length];
      rows.push({
        Ioc: ioc, IocType: i % 2 ? "dns" : "ipv4", Provider: provider, Result: severity !== "information" && severity !== "unknown", Severity: severity,
        Details: p === 0 ? JSON.stringify({ pulse_count: i, tags: ["a", "b"] }) : `${p} engines`,
        RawResult: JSON.stringify({ ioc, provider, nested: { level: { deep: i } } }),
        Reference: p === 2 ? null : `https://${provider.toLowerCase()}.example/${ioc}`,
      });
    });
  }
  return rows;
}

function ipcOf(rows) {
  const cols = {};
  for (const k of Object.keys(rows[0])) cols[k] = arrow.vectorFromArray(rows.map((r) => r[k]), k === "Result" ? new arrow.Bool() : new arrow.Utf8());
  return arrow.tableToIPC(new arrow.Table(cols), "stream");
}

const env = useBrowser({
  async setup() {
    await env.put("ti.arrow", ipcOf(results(6)));
    await env.put("ti-many.arrow", ipcOf(results(450)));
    const hostile = results(5).map((r, i) => ({
      ...r, Ioc: PAYLOADS[i % 5], IocType: PAYLOADS[(i + 1) % 5], Provider: PAYLOADS[(i + 2) % 5], Severity: PAYLOADS[i % 5],
      Details: JSON.stringify({ [PAYLOADS[0]]: PAYLOADS[1] }), RawResult: JSON.stringify({ [PAYLOADS[3]]: [PAYLOADS[2], { [PAYLOADS[4]]: PAYLOADS[0] }] }), Reference: PAYLOADS[(i + 3) % 5],
    }));
    await env.put("ti-hostile.arrow", ipcOf(hostile));
  },
});

const open = () => env.open("/tests/browser/ti_browser.html", { width: 1100, height: 900 });

async function result(page, model = "model") {
  const bytes = await page.evaluate((m) => {
    const v = window[m].get("result");
    return v ? Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) : null;
  }, model);
  return bytes ? arrow.tableFromIPC(Uint8Array.from(bytes)).toArray().map((r) => r.toJSON()) : null;
}

/** WCAG contrast of two CSS colours as getComputedStyle gives them ("rgb(r, g, b)"). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bb] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bb;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const colours = (page) => page.evaluate(() => {
  const root = document.querySelector("#view .hk-ti");
  const bg = getComputedStyle(root).backgroundColor;
  const out = {};
  for (const s of ["high", "medium", "low", "information", "unknown"]) {
    const el = root.querySelector(`.hk-ti-list .hk-ti-sev-${s}`);
    if (el) out[s] = getComputedStyle(el).color;
  }
  return { bg, out };
});

test("draws indicators with their results; filters, result, selection, raw tree, theme", async () => {
  const page = await open();
  await page.evaluate(() => window.mountView({ data: "/gen/ti.arrow", title: "TI results", group: "ti" }));
  await page.evaluate(() => window.mountView({ data: "/gen/ti.arrow", group: "ti" }, "other"));
  assert.equal(await page.locator("#view .hk-ti").getAttribute("data-ready"), "1");
  assert.equal(await page.locator("#view .hk-title").textContent(), "TI results");
  assert.equal(await page.locator("#view .hk-status").textContent(), "6 indicators · 18 of 18 results");
  assert.equal(await page.locator("#view .hk-ti-ioc").count(), 6);
  assert.equal((await page.locator("#view .hk-ti-head .hk-ti-sev").first().textContent()), "high", "most severe first");
  assert.equal((await result(page)).length, 18);

  // Severity colours: distinct, 3:1 against the background, light and dark.
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((dark) => document.querySelector("#view .hk-ti").classList.contains("hk-dark") === dark, scheme === "dark");
    const { bg, out } = await colours(page);
    assert.equal(Object.keys(out).length, 5);
    const toggle = await page.evaluate(() => getComputedStyle(document.querySelector("#view .hk-ti-sevs button[data-value=high]")).color);
    assert.equal(toggle, out.high, "the toggles wear their severity's colour");
    assert.equal(new Set(Object.values(out)).size, 5);
    for (const [s, c] of Object.entries(out)) assert.ok(contrast(c, bg) >= 3, `${scheme} ${s}: ${c} on ${bg}`);
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Filters: hide "information" and one provider; the traits, the list and result follow.
  await page.click("#view .hk-ti-sevs button[data-value=information]");
  await page.waitForFunction(() => Array.isArray(window.model.get("severities")) && !window.model.get("severities").includes("information"));
  await page.click("#view .hk-ti-provs button[data-value=XForce]");
  await page.waitForFunction(() => JSON.stringify(window.model.get("providers")) === '["OTX","VirusTotal"]');
  let res = await result(page);
  assert.ok(res.length > 0 && res.every((r) => r.Severity !== "information" && r.Provider !== "XForce"), JSON.stringify(res.map((r) => [r.Severity, r.Provider])));
  assert.equal(await page.locator("#view .hk-status").textContent(), `${new Set(res.map((r) => r.Ioc)).size} indicators · ${res.length} of 18 results`);
  // The search box, typed.
  await page.fill("#view .hk-ti-search", "host3.");
  await page.waitForFunction(() => window.model.get("search") === "host3.");
  res = await result(page);
  assert.ok(res.length > 0 && res.every((r) => r.Ioc === "host3.example.com"));
  await page.fill("#view .hk-ti-search", "");
  await page.evaluate(() => {
    window.model.set("severities", null);
    window.model.set("providers", null);
    window.model.save_changes();
  });
  await page.waitForFunction(() => document.querySelector("#view .hk-status").textContent.includes("18 of 18"));

  // Selection: a click, Ctrl+click, an indicator's Select button; the linked view follows.
  const rows = page.locator("#view .hk-ti-row");
  await rows.nth(0).click({ position: { x: 20, y: 8 } });
  await rows.nth(4).click({ modifiers: ["Control"], position: { x: 20, y: 8 } });
  const picked = [await rows.nth(0).getAttribute("data-row"), await rows.nth(4).getAttribute("data-row")].map(Number).sort((a, b) => a - b);
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), picked);
  await page.waitForFunction((s) => JSON.stringify(window.otherModel.get("selected_indices")) === JSON.stringify(s), picked);
  assert.equal(await page.locator("#other .hk-ti-row.hk-sel").count(), 2);
  // Keys: Space on a focused row adds it, Escape clears.
  await rows.nth(1).focus();
  await page.keyboard.press("Space");
  assert.equal((await page.evaluate(() => window.model.get("selected_indices"))).length, 3);
  await page.keyboard.press("Escape");
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), []);
  await page.locator("#view .hk-ti-selectall").nth(1).click();
  assert.equal((await page.evaluate(() => window.model.get("selected_indices"))).length, 3);
  assert.match(await page.locator("#view .hk-status").textContent(), /3 selected$/);

  // The raw result opens as a JSON tree, a level at a time.
  const first = rows.nth(0);
  await first.locator(".hk-ti-rawbtn").click();
  const raw = first.locator(".hk-ti-raw");
  assert.match(await raw.textContent(), /RawResult: \{3 keys\}/);
  await raw.locator("button.hk-dt-toggle", { hasText: "nested" }).click();
  assert.match(await raw.textContent(), /level: \{1 key\}/);
  // The reference is text with a copy button; no link anywhere.
  assert.match(await first.locator(".hk-ti-ref").textContent(), /^https:\/\/\w+\.example\//);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await first.locator(".hk-ti-copy").click();
  await page.waitForFunction(() => /^Cop(ied|y failed)$/.test(document.querySelector("#view .hk-ti-copy").textContent));
  assert.equal(await page.locator("#view a").count(), 0);
  // Collapse all closes every indicator.
  await page.click("#view button:has-text('Collapse all')");
  assert.equal(await page.locator("#view .hk-ti-row:visible").count(), 0);
  assert.deepEqual(problems(page), []);
  assert.deepEqual(outside(page), []);
  await page.close();
});

test("450 indicators: closed, paged, drawn quickly; export PNG and SVG", async () => {
  const page = await open();
  const ms = await page.evaluate(() => window.mountView({ data: "/gen/ti-many.arrow" }));
  assert.ok(ms < 3000, `${ms} ms to draw`);
  assert.equal(await page.locator("#view .hk-ti-ioc").count(), 200);
  assert.equal(await page.locator("#view .hk-ti-row").count(), 0, "big lists start closed");
  await page.click("#view .hk-ti-more");
  assert.equal(await page.locator("#view .hk-ti-ioc").count(), 400);
  await page.click("#view .hk-ti-more");
  assert.equal(await page.locator("#view .hk-ti-ioc").count(), 450);
  await page.locator("#view .hk-ti-head").first().click();
  assert.equal(await page.locator("#view .hk-ti-row").count(), 3);
  for (const label of ["SVG", "PNG"]) {
    const { name, bytes } = await exportFile(page, label, "#view");
    assert.equal(name, `ti_browser.${label.toLowerCase()}`);
    assert.ok(bytes.length > 2000, `${label}: ${bytes.length} bytes`);
    if (label === "SVG") assert.ok(bytes.toString("utf8").includes("10.0.0.1"), "the list's visible rows are in the export");
  }
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("hostile text in every slot stays text: cells, options, filters, export", async () => {
  const page = await open();
  await page.evaluate((p) => window.mountView({ data: "/gen/ti-hostile.arrow", title: p[1], theme: p[3], search: "", providers: null }), PAYLOADS);
  assert.equal(await page.locator("#view .hk-error").textContent(), "");
  assert.equal(await page.locator("#view .hk-title").textContent(), PAYLOADS[1]);
  for (const b of await page.locator("#view .hk-ti-rawbtn").all()) await b.click();
  await page.evaluate(() => {
    for (let i = 0; i < 4; i++) for (const t of document.querySelectorAll("#view button.hk-dt-toggle[aria-expanded=false]")) t.click();
  });
  const text = await page.locator("#view .hk-ti").textContent();
  for (const p of PAYLOADS) assert.ok(text.includes(p), `shown as text: ${p}`);
  // Hostile filter values from the kernel and from the boxes.
  await page.evaluate((p) => {
    window.model.set("providers", [p[2]]);
    window.model.set("severities", [p[0]]);
    window.model.save_changes();
  }, PAYLOADS);
  await page.fill("#view .hk-ti-search", PAYLOADS[4]);
  await page.waitForFunction((p) => window.model.get("search") === p, PAYLOADS[4]);
  const svg = (await exportFile(page, "SVG", "#view")).bytes.toString("utf8");
  assert.ok(!svg.includes("<img") && !svg.includes("<script") && !svg.includes("<svg onload"), "the export escapes text");
  const foreign = await page.evaluate(() => document.querySelectorAll("#view img, #view script, #view iframe, #view a, #view [onerror], #view [onload]").length);
  assert.equal(foreign, 0);
  assert.deepEqual(problems(page), []);
  assert.ok(!page.requests.some((u) => u.includes(":9/")), "no request from a hostile style");
  await page.close();
});
