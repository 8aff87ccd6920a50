// The timeline view in JupyterLite, offline: the site built by tests/jupyter/lite/build.sh
// is served from 127.0.0.1, every other request is refused, and the notebook (which reads a
// CSV file's bytes: no pandas or pyarrow in Pyodide here) is run with "Run All Cells".
//
// Run: tests/jupyter/lite/build.sh && node --test tests/jupyter/lite.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { start } from "../browser/harness.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const site = join(repo, "tests", "jupyter", "lite", "_output");

let env;
let base;

before(async () => {
  if (!existsSync(join(site, "index.html"))) throw new Error("build the site first: tests/jupyter/lite/build.sh");
  env = await start({ mounts: { "/": site } });
  base = env.url;
});

after(async () => {
  await env?.close();
});

// Every request that would leave 127.0.0.1, refused and kept for the test to check. One
// route for the whole context: each test starts a new list.
let outside = [];
async function refuseOutside() {
  if (env.routed) return;
  env.routed = true;
  await env.context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
}

/** Opens a notebook of the site and runs all its cells; returns the page and the refused requests. */
async function runAll(notebook) {
  await refuseOutside();
  outside = [];
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${base}/lab/index.html?path=${notebook}`);
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 120000 });
  const pick = page.locator(".jp-Dialog button", { hasText: /^Select$/ });
  await pick.waitFor({ timeout: 15000 }).then(() => pick.click(), () => {});
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  return { page, outside };
}

test("the notebook runs offline in JupyterLite and the view draws", { timeout: 420000 }, async () => {
  const { page, outside } = await runAll("timeline_lite.ipynb");
  try {
    await page.waitForSelector(".hk-tl[data-ready='1']", { timeout: 300000 });
  } finally {
    await mkdir(join(repo, "tests", "artifacts"), { recursive: true });
    await page.screenshot({ path: join(repo, "tests", "artifacts", "jupyterlite-timeline.png") });
  }
  const root = page.locator(".hk-tl").first();
  assert.equal(await root.getAttribute("data-visible"), "363");
  assert.equal(await root.locator(".hk-title").textContent(), "Timeline: offline");
  assert.deepEqual(outside, [], "no request left 127.0.0.1");
  await page.close();
});

test("every view draws offline in JupyterLite", { timeout: 420000 }, async () => {
  const { page, outside } = await runAll("views_lite.ipynb");
  const views = [".hk-pt", ".hk-ts", ".hk-sr", ".hk-pl", ".hk-dt", ".hk-ti", ".hk-geo", ".hk-pv"];
  try {
    await page.waitForFunction((v) => v.every((s) => document.querySelector(`${s}[data-ready='1']`)), views, { timeout: 300000 });
  } finally {
    await mkdir(join(repo, "tests", "artifacts"), { recursive: true });
    await page.screenshot({ path: join(repo, "tests", "artifacts", "jupyterlite-views.png") });
  }
  for (const v of views) assert.equal(await page.locator(`${v} .hk-error`).first().textContent().catch(() => ""), "", `${v} shows no error`);
  assert.equal(await page.locator(".hk-pt").getAttribute("data-processes"), "1010");
  // Without the compiled extension an engine function says to use the view.
  const engines = page.locator(".jp-OutputArea-output", { hasText: "HK-ENGINES" });
  await engines.first().waitFor({ timeout: 60000 });
  assert.match(await engines.first().textContent(), /Use the view instead.*huntkit\.PayloadView/s);
  assert.deepEqual(outside, [], "no request left 127.0.0.1");
  await page.close();
});
