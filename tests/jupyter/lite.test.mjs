// The timeline view in JupyterLite, offline: the site built by tests/jupyter/lite/build.sh
// is served from 127.0.0.1, every other request is refused, and the notebook (which reads a
// CSV file's bytes: no pandas or pyarrow in Pyodide here) is run with "Run All Cells".
//
// Run: tests/jupyter/lite/build.sh && node --test tests/jupyter/lite.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const site = join(repo, "tests", "jupyter", "lite", "_output");
const { chromium } = await import(pathToFileURL(join(repo, "widgets", "node_modules", "playwright-core", "index.mjs")).href);
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
  ".ipynb": "application/json", ".csv": "text/csv", ".zip": "application/zip",
};

let server;
let base;
let browser;

before(async () => {
  if (!existsSync(join(site, "index.html"))) throw new Error("build the site first: tests/jupyter/lite/build.sh");
  server = createServer(async (req, res) => {
    let path = normalize(join(site, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!path.startsWith(site)) return res.writeHead(403).end();
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    try {
      const body = await readFile(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test("the notebook runs offline in JupyterLite and the view draws", { timeout: 420000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(`${base}/lab/index.html?path=timeline_lite.ipynb`);
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 120000 });
  const pick = page.locator(".jp-Dialog button", { hasText: /^Select$/ });
  await pick.waitFor({ timeout: 15000 }).then(() => pick.click(), () => {});
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
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
  await context.close();
});
