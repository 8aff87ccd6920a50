// The timeline in the browser: huntkit's view and MSTICPy's Bokeh page, each in the same
// headless Chromium, on the same events.
//
// Usage: node browser.mjs WORK N...   (WORK holds events_N.arrow and, where MSTICPy ran,
// msticpy_N.html). Prints one JSON line per page:
//   first_render_ms  navigation start → first frame painted with every event placed
//                    (huntkit: data-ready and one frame; Bokeh: the document is idle)
//   step_ms          per zoom or pan step, median time from the input event to the end
//                    of the frame after it (a frame is 16.7 ms at 60 Hz)
//   busy_ms          per step, main-thread task time (Chromium's own TaskDuration metric)
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { start } from "../../tests/browser/harness.mjs";

const [work, ...sizes] = process.argv.slice(2);
const STEPS = 20;

// The inputs are served over HTTP like the repository, so both pages load them alike.
const env = await start({ mounts: { "/bench-data/": resolve(work) } });

// Bokeh says when its document is idle: every root drawn once.
const BOKEH_READY = `(() => {
  const poll = () => {
    const d = window.Bokeh && window.Bokeh.documents && window.Bokeh.documents[0];
    if (d && d.is_idle) requestAnimationFrame(() => setTimeout(() => (window.hkFirstRender = performance.now()), 0));
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

// Records the time of the latest input event, whoever handles it.
const INPUT_CLOCK = `(() => {
  for (const type of ["wheel", "pointermove", "mousemove"]) {
    addEventListener(type, () => (window.hkInputAt = performance.now()), { capture: true, passive: true });
  }
})();`;

async function measure(tool, rows, url, plotSelector) {
  const page = await env.context.newPage();
  page.setDefaultTimeout(600000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  if (tool === "msticpy") await page.addInitScript(BOKEH_READY);
  if (tool === "empty") await page.addInitScript("addEventListener('load', () => (window.hkFirstRender = performance.now()))");
  await page.addInitScript(INPUT_CLOCK);
  const cdp = await env.context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.hkFirstRender !== undefined, null, { polling: 50, timeout: 600000 });
  const firstRender = await page.evaluate(() => window.hkFirstRender);

  // The largest canvas in the page is the main plot (the range selector is smaller).
  const boxes = [];
  for (const c of await page.locator(plotSelector).all()) {
    const b = await c.boundingBox();
    if (b && b.width > 0) boxes.push(b);
  }
  boxes.sort((a, b) => b.width * b.height - a.width * a.height);
  const box = boxes[0];
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  const frame = () =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now() - window.hkInputAt), 0))));
  await frame();

  const metric = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
  const steps = [];
  const busy0 = await metric();
  for (let i = 0; i < STEPS; i++) {
    await page.mouse.wheel(0, -120);
    steps.push(await frame());
  }
  await page.mouse.down();
  for (let i = 0; i < STEPS; i++) {
    await page.mouse.move(x + ((i % 10) - 5) * 20, y);
    steps.push(await frame());
  }
  await page.mouse.up();
  for (let i = 0; i < STEPS; i++) {
    await page.mouse.wheel(0, 120);
    steps.push(await frame());
  }
  const busy = ((await metric()) - busy0) * 1000 / steps.length;
  steps.sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)];
  const p90 = steps[Math.floor(steps.length * 0.9)];
  await page.close();
  return { tool, rows, first_render_ms: firstRender, step_ms: median, step_p90_ms: p90, busy_ms: busy };
}

try {
  // What the harness itself costs per step: the same steps on an empty page.
  console.log(JSON.stringify(await measure("empty", 0, `${env.url}/tests/browser/blank.html`, "body")));
  for (const n of sizes) {
    const rows = Number(n);
    const arrow = join(work, `events_${n}.arrow`);
    if (existsSync(arrow)) {
      console.log(JSON.stringify(await measure("huntkit", rows, `${env.url}/bench/timeline/page.html?data=/bench-data/events_${n}.arrow`, ".hk-main canvas")));
    }
    if (existsSync(join(work, `msticpy_${n}.html`))) {
      console.log(JSON.stringify(await measure("msticpy", rows, `${env.url}/bench-data/msticpy_${n}.html`, "canvas")));
    }
  }
} finally {
  await env.close();
}
