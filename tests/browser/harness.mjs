// Shared by the browser tests and the view benchmarks: Debian's Chromium driven by
// playwright-core, headless, with a fresh profile, and the repository served on 127.0.0.1.
// A test file calls `useBrowser()` once and keeps only its tests; every page records what
// would make a test fail quietly (errors, dialogs, failed loads, requests leaving the
// server) for `problems(page)` and `outside(page)`.
import { after, before } from "node:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { serve } from "../../scripts/serve.mjs";

const require = createRequire(new URL("../../js/package.json", import.meta.url));
const { chromium } = require("playwright-core");

// Without the background-networking flags Chromium keeps dialling out, and this network
// refuses every such connection.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Starts the server and a browser; returns `{ url, context, page(), open(), put(), close() }`.
 * `mounts` serves other folders under URL prefixes (see scripts/serve.mjs); files a test
 * generates are served from a folder of their own under `/gen/` (see `put`).
 */
export async function start({ mounts = {} } = {}) {
  const generated = await mkdtemp(join(tmpdir(), "huntkit-gen-"));
  const server = await serve(0, { "/gen/": generated, ...mounts });
  const profile = await mkdtemp(join(tmpdir(), "huntkit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
  });
  const env = {
    url: server.url,
    context,
    /**
     * A new page that records its problems (`page.problems`: page errors, console errors,
     * dialogs, which it dismisses), the URLs it requests (`page.requests`) and the paths
     * that failed to load (`page.missing`).
     */
    async page() {
      const page = await context.newPage();
      page.problems = [];
      page.requests = [];
      page.missing = [];
      page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
      page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
      page.on("dialog", async (d) => {
        page.problems.push(`dialog: ${d.message()}`);
        await d.dismiss();
      });
      page.on("request", (r) => page.requests.push(r.url()));
      page.on("response", (r) => r.status() >= 400 && page.missing.push(new URL(r.url()).pathname));
      return page;
    },
    /**
     * A new page at `path` (a test page that sets `window.harnessReady`), once ready;
     * `viewport` sizes it (`{ width, height }`).
     */
    async open(path, viewport) {
      const page = await env.page();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`${server.url}${path}`);
      await page.waitForFunction(() => window.harnessReady === true);
      return page;
    },
    /** Serves `bytes` as `/gen/<name>`; resolves to that path. */
    async put(name, bytes) {
      await writeFile(join(generated, name), bytes);
      return `/gen/${name}`;
    },
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
      await rm(generated, { recursive: true, force: true });
    },
  };
  return env;
}

/**
 * The environment of `start` for a test file: started before its tests (then `setup(env)`,
 * e.g. to `put` generated files) and closed after them. The returned object is filled in
 * when the tests start. (One hook: node:test does not wait for one root hook before the
 * next.)
 */
export function useBrowser({ setup, ...options } = {}) {
  const env = {};
  before(async () => {
    Object.assign(env, await start(options));
    await setup?.(env);
  });
  after(async () => env.close?.());
  return env;
}

/**
 * The page's problems (see `env.page`), less Chromium's own request for a favicon the test
 * pages do not have; any other failed load is one (`missing: <path>`).
 */
export function problems(page) {
  const missing = page.missing.filter((p) => p !== "/favicon.ico");
  return [
    ...page.problems.filter((p) => !/^console: Failed to load resource: .*status of 404/.test(p)),
    ...missing.map((p) => `missing: ${p}`),
  ];
}

/** The requests of `page` that left the test server (data: and blob: URLs stay in the page). */
export function outside(page) {
  const server = new URL(page.url()).origin;
  return page.requests.filter((u) => !u.startsWith(server) && !u.startsWith("data:") && !u.startsWith("blob:"));
}

/**
 * Clicks the toolbar button `label` ("PNG" or "SVG") of the view under `scope` (a
 * selector; the page's first view by default) and resolves to the file it downloads:
 * `{ name, bytes }`.
 */
export async function exportFile(page, label, scope = "") {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`${scope} .hk-bar button:has-text('${label}')`)]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** How many pixels of the canvas at `selector` are drawn (not transparent). */
export function inked(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }, selector);
}

/** A Shift+drag from page point `from` to `to` (`{ x, y }`) in `steps` moves: the views' range selection. */
export async function shiftDrag(page, from, to, steps = 5) {
  await page.keyboard.down("Shift");
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
  await page.keyboard.up("Shift");
}
