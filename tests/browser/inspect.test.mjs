// The npm package in real headless Chromium: the demo page, the async API in a Web
// Worker, the inline build, and coded errors that leave the instance usable.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test("the demo page inspects every sample file", async () => {
  const page = await env.page();
  await page.goto(`${env.url}/examples/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  const sections = await page.$$eval("section[data-file]", (s) =>
    s.map((x) => ({ file: x.dataset.file, rows: Number(x.dataset.rows ?? -1) })),
  );
  assert.equal(sections.length, 9);
  for (const s of sections) assert.ok(s.rows > 0, `${s.file} rows ${s.rows}`);
  assert.equal(sections.find((s) => s.file === "win_proc_test.arrow").rows, 1000);
  // The timelines of the three sample sets are drawn beside inspect.
  const drawn = await page.$$eval("[data-timeline]", (boxes) =>
    boxes.map((b) => ({ file: b.dataset.timeline, canvases: b.querySelectorAll("canvas").length })),
  );
  assert.deepEqual(drawn.map((d) => d.file), ["host_logons.csv", "processes_on_host.csv", "az_net_flows.csv"]);
  for (const d of drawn) assert.ok(d.canvases > 0, `${d.file} has no canvas`);
  // Every view is on the page, drawn on the bundled data.
  const views = await page.$$eval("[data-view]", (slots) =>
    slots.map((s) => ({ view: s.dataset.view, ready: s.querySelector("[data-ready='1']") !== null, error: s.querySelector(".hk-error")?.textContent ?? "" })),
  );
  assert.deepEqual(views.map((v) => v.view), [
    "process_tree", "linked_timeline", "linked_table", "ts_anomalies", "session_rarity", "payload",
    "enrich_payload", "ti_browser", "geo_map",
  ]);
  for (const v of views) {
    assert.ok(v.ready, `${v.view} drew`);
    assert.equal(v.error, "", `${v.view} shows no error`);
  }
  // The enrichment pipeline found what the bundled feeds and test databases hold: four
  // hits and two benign values in the TI browser, four addresses located on the map.
  const ti = await page.evaluate(() => document.querySelector('[data-view="ti_browser"]').textContent);
  for (const ioc of ["81.2.69.160", "216.160.83.58", "77.90.185.20", "update-check.cdn-example.net", "10.20.30.40", "www.google.com"]) {
    assert.ok(ti.includes(ioc), `the TI browser lists ${ioc}`);
  }
  const map = await page.evaluate(() => document.querySelector('[data-view="geo_map"]').textContent);
  assert.match(map, /not located[^]*77\.90\.185\.20/i);
  // HUNTKIT_SCREENSHOTS=docs/images writes the README's picture of each view.
  if (process.env.HUNTKIT_SCREENSHOTS) {
    for (const v of views) {
      const slot = page.locator(`[data-view="${v.view}"]`);
      await slot.scrollIntoViewIfNeeded();
      await slot.screenshot({ path: `${process.env.HUNTKIT_SCREENSHOTS}/${v.view}.png` });
    }
  }
  if (process.env.HUNTKIT_ARTIFACTS) await page.screenshot({ path: `${process.env.HUNTKIT_ARTIFACTS}/demo.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
});

test("inspectAsync runs in a worker with progress while the page stays responsive", async () => {
  const page = await env.page();
  await page.goto(`${env.url}/tests/browser/blank.html`);
  const result = await page.evaluate(async () => {
    const hk = await import("/js/dist/browser.js");
    await hk.init();
    // 20 MB of CSV: long enough that a main-thread read would stall the frame ticks.
    const row = "2024-01-01T00:00:00Z,web01,powershell.exe -enc SQBFAFgA,4688\n";
    const csv = "TimeGenerated,Computer,CommandLine,EventID\n" + row.repeat(Math.ceil((20 << 20) / row.length));
    const progress = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const info = await hk.inspectAsync(csv, { onProgress: (f) => progress.push(f) });
    clearInterval(timer);
    let error;
    try {
      await hk.inspectAsync("a,b\n1\n");
    } catch (e) {
      error = { code: e.code, message: e.message };
    }
    const after = hk.inspect("x\n1\n").rows;
    return { rows: info.rows, progress, ticks, error, after };
  });
  assert.ok(result.rows > 300_000, `rows ${result.rows}`);
  assert.ok(result.progress.length >= 3, `progress ${result.progress}`);
  assert.equal(result.progress.at(-1), 1);
  assert.ok(result.progress.some((f) => f > 0 && f < 1));
  assert.ok(result.ticks > 5, `the main thread ticked ${result.ticks} times during the work`);
  assert.equal(result.error.code, "invalid_csv");
  assert.equal(result.after, 1);
  assert.deepEqual(page.problems, []);
});

test("the inline build needs no wasm file and survives bad input", async () => {
  const page = await env.page();
  // Block the separate .wasm: the inline build must not ask for it.
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(`${env.url}/tests/browser/blank.html`);
  const result = await page.evaluate(async () => {
    const hk = await import("/js/dist/inline.js");
    await hk.init();
    const codes = [];
    for (const bad of [new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), "", "a,b\n1\n", new Uint8Array([0x61, 0x0a, 0xff, 0x0a])]) {
      try {
        hk.inspect(bad);
        codes.push("no error");
      } catch (e) {
        codes.push(e.code);
      }
    }
    const objects = hk.inspect([{ a: 1, b: "x" }, { a: 2, b: null }]);
    return { codes, rows: objects.rows, nulls: objects.columns[1].nulls };
  });
  assert.deepEqual(result.codes, ["invalid_arrow", "empty_input", "invalid_csv", "invalid_utf8"]);
  assert.equal(result.rows, 2);
  assert.equal(result.nulls, 1);
  assert.deepEqual(page.problems, []);
});
