// init() time in headless Chromium for the separate-.wasm build and the inline build,
// each in a fresh page (median of several loads).
import { start } from "../../tests/browser/harness.mjs";

const env = await start();
try {
  for (const [name, entry] of [["separate .wasm (browser.js)", "/js/dist/browser.js"], ["inline (inline.js)", "/js/dist/inline.js"]]) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const page = await env.page();
      await page.goto(`${env.url}/tests/browser/blank.html`);
      const ms = await page.evaluate(async (entry) => {
        const t0 = performance.now();
        const hk = await import(`${entry}?v=${Math.random()}`);
        await hk.init();
        return performance.now() - t0;
      }, entry);
      times.push(ms);
      await page.close();
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ measure: "browser-init", build: name, ms: times[Math.floor(times.length / 2)] }));
  }
} finally {
  await env.close();
}
