// Every huntkit view in a real JupyterLab: run examples/notebooks/views.ipynb with "Run All
// Cells" in headless Chromium, check each view drew, then run the results cell again and
// check that each view's `result` reached Python with the expected rows. Screenshots go to
// tests/artifacts/jupyter-views*.png.
//
// Run: tests/jupyter/run.sh   (creates tests/jupyter/.venv when missing)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { repo, startLab } from "./lab.mjs";

const VIEWS = [".hk-pt", ".hk-tl", ".hk-ts", ".hk-sr", ".hk-pl", ".hk-dt", ".hk-ti", ".hk-geo", ".hk-pv"];
// What each engine returns on the bundled data (the tree table of win_proc_test, the 840
// hourly points, 300 sessions, 16 decoded layers of base64msg.txt, 25 logons, the two TI
// results of five addresses (a blocklist hit and a private range), the three of them the
// GeoLite2 test database locates).
const EXPECTED = { tree: 1010, anomalies: 840, sessions: 300, payload: 16, table: 25, ti: 2, geo: 3 };

let lab;

before(async () => {
  lab = await startLab({
    data: [
      "win_proc_test.csv", "time_series.csv", "o365_sessions.csv", "base64msg.txt", "host_logons.csv",
      "enrich/ipsum-level3.txt", "enrich/rfc1918.json", "enrich/GeoLite2-City-Test.mmdb", "enrich/GeoLite2-ASN-Test.mmdb",
    ],
  });
});

after(async () => {
  await lab?.stop();
});

test("Run All draws every view and their results reach Python", { timeout: 600000 }, async () => {
  const errors = [];
  const page = await lab.runAll("notebooks/views.ipynb", {
    viewport: { width: 1400, height: 1200 },
    onPage: (p) => p.on("pageerror", (e) => errors.push(String(e))),
  });
  const shot = (name) => mkdir(join(repo, "tests", "artifacts"), { recursive: true })
    .then(() => page.screenshot({ path: join(repo, "tests", "artifacts", name) }));
  try {
    await page.waitForFunction(
      (views) => views.every((v) => document.querySelector(`${v}[data-ready='1']`)),
      VIEWS,
      { timeout: Number(process.env.HK_JUPYTER_TIMEOUT || 300000) },
    );
  } catch (e) {
    await shot("jupyter-views-failure.png");
    const missing = await page.evaluate((views) => views.filter((v) => !document.querySelector(`${v}[data-ready='1']`)), VIEWS);
    throw new Error(`views not drawn: ${missing.join(", ")}; ${e.message}`);
  }
  for (const v of VIEWS) {
    assert.equal(await page.locator(`${v} .hk-error`).first().textContent().catch(() => ""), "", `${v} shows no error`);
  }

  // Run All queues every cell before the browser's results arrive: run the results cell again.
  const cell = page.locator(".jp-Notebook .jp-CodeCell", { hasText: "HK-RESULTS" });
  await cell.scrollIntoViewIfNeeded();
  await cell.locator(".jp-InputArea-editor").click();
  await page.keyboard.press("Shift+Enter");
  const line = await page.waitForFunction(() => {
    const out = [...document.querySelectorAll(".jp-OutputArea-output")].map((o) => o.textContent).find((t) => t.includes("HK-RESULTS {"));
    return out ? out.slice(out.indexOf("{")) : null;
  }, null, { timeout: 120000 });
  const results = JSON.parse(await line.jsonValue());
  for (const [name, rows] of Object.entries(EXPECTED)) assert.equal(results[name], rows, `${name}.result rows`);
  assert.ok(results.timeline > 0, "timeline.result has its lanes");
  assert.ok(results.pivots > 0, "pivot_view.result has the catalogue");
  await shot("jupyter-views.png");
  assert.deepEqual(errors.filter((e) => /huntkit|hk-/i.test(e)), []);
  await page.close();
});
