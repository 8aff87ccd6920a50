// The attacks that need a browser, in real headless Chromium: colour options that try to
// make the timeline fetch an outside address, and a trapped wasm instance replaced on
// the page's own thread and in the async API's worker.
//
// Every request the page makes is routed here: those to the test server go through,
// every other one is aborted before it reaches the network, and recorded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "../browser/harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** A page whose requests outside the test server are aborted and listed in `page.outside`. */
async function guardedPage() {
  const page = await env.page();
  page.outside = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(env.url) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    page.outside.push(url);
    return route.abort();
  });
  return page;
}

// An address in a TLD that never resolves; requests to it are aborted above in any case.
const OUT = "http://exfil.invalid";
const HOSTILE_COLOURS = [
  `var(--x, url(${OUT}/var-fallback.png))`,
  `url(${OUT}/plain.png)`,
  `red; background: url(${OUT}/semicolon.png)`,
  `rgb(1,2,3) url(${OUT}/after.png)`,
  `image-set(url(${OUT}/set.png) 1x)`,
  `-webkit-image-set(url(${OUT}/wset.png) 1x)`,
  `"red" url(${OUT}/quoted.png)`,
];

test("no colour option makes the timeline fetch anything", async () => {
  const page = await guardedPage();
  await page.goto(`${env.url}/tests/browser/timeline.html`);
  await page.waitForFunction(() => window.harnessReady === true);
  // The guard catches what it should: a style with url() asks for it.
  await page.evaluate((out) => {
    const probe = document.createElement("div");
    probe.style.cssText = `width:4px;height:4px;background:url(${out}/probe.png)`;
    document.body.appendChild(probe);
  }, OUT);
  await page.waitForFunction(() => document.readyState === "complete");
  await page.waitForTimeout(300);
  assert.deepEqual(page.outside, [`${OUT}/probe.png`], "the request guard sees style fetches");
  page.outside.length = 0;
  page.problems.length = 0; // the probe's aborted load
  for (const colour of HOSTILE_COLOURS) {
    for (const traits of [
      // Lane colours with lanes.
      { group_by: "Account", lane_colors: { alice: colour, bob: colour, Primary: colour } },
      // One colour without lanes.
      { color: colour },
      // The overlay's colour.
      { color: colour, overlay_time_column: "TimeGenerated", overlay_color: colour },
    ]) {
      await page.evaluate(
        (t) => window.mountTimeline({ data: "/examples/data/host_logons.csv", time_column: "TimeGenerated", ...t }),
        traits,
      );
      // Hover and toggle the legend, so every swatch and canvas fill is drawn.
      const box = await page.locator(".hk-tl canvas").first().boundingBox();
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForTimeout(100);
    }
  }
  assert.deepEqual(page.outside, [], "no request left the page");
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("a trap on the page's thread: engine_reset, the module restarts, stale objects are refused", async () => {
  const page = await guardedPage();
  await page.goto(`${env.url}/tests/browser/blank.html`);
  const r = await page.evaluate(async () => {
    // The package's own modules: the guard every call goes through, and the loader.
    const { initWith, wasm } = await import("/js/src/wasm.js");
    const { call } = await import("/js/src/error.js");
    await initWith(new URL("/js/pkg/huntkit_wasm_bg.wasm", location.href));
    const csv = new TextEncoder().encode("a,b\n1,2\n");
    const before = call(() => wasm().inspect(csv, null)).rows;
    const list = call(() => wasm().sessionize(new TextEncoder().encode("u,t,e\nx,2024-01-01T00:00:00Z,a\n"), JSON.stringify({ userColumns: ["u"], timeColumn: "t", eventColumn: "e" }))).list;
    let code;
    let message;
    try {
      call(() => wasm().trapForTests(false));
    } catch (e) {
      code = e.code;
      message = e.message;
    }
    // Chromium makes a module this size asynchronously on the main thread: until it is
    // ready, calls say so with the same code, and init() waits for it.
    let meanwhile;
    try {
      call(() => wasm().inspect(csv, null));
      meanwhile = "ran";
    } catch (e) {
      meanwhile = e.code;
    }
    await initWith();
    const after = call(() => wasm().inspect(new TextEncoder().encode("a,b\n1,2\n3,4\n"), null)).rows;
    let stale;
    try {
      call(() => list.length());
    } catch (e) {
      stale = e.code;
    }
    return { before, code, message, meanwhile, after, stale };
  });
  assert.equal(r.before, 1);
  assert.equal(r.code, "engine_reset", r.message);
  assert.ok(["ran", "engine_reset"].includes(r.meanwhile), r.meanwhile);
  assert.equal(r.after, 2);
  assert.equal(r.stale, "engine_reset");
  assert.deepEqual(page.outside, []);
  await page.close();
});

test("a trap in the async API's worker: engine_reset, and the worker goes on", async () => {
  const page = await guardedPage();
  await page.goto(`${env.url}/tests/browser/blank.html`);
  const r = await page.evaluate(async () => {
    const hk = await import("/js/dist/browser.js");
    await hk.init();
    let code;
    try {
      await hk.callAsync("trapForTests", [true]);
    } catch (e) {
      code = e.code;
    }
    const info = await hk.inspectAsync("a,b\n1,2\n");
    return { code, rows: info.rows, page: hk.inspect("x\n1\n").rows };
  });
  assert.equal(r.code, "engine_reset");
  assert.equal(r.rows, 1);
  assert.equal(r.page, 1);
  await page.close();
});
