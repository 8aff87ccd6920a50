// The timeline view in an Observable Framework page, built offline and served from
// 127.0.0.1 with every other request refused: it draws, and a brush reaches the page's
// reactive cells through the model.
//
// Run: node --test tests/browser/observable.test.mjs (builds the page first with
// widgets/observable/build.sh, from the current widgets/dist/timeline.js).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { start } from "./harness.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const site = join(repo, "widgets", "observable", "dist");

let env;
let base;

before(async () => {
  execFileSync(join(repo, "widgets", "observable", "build.sh"), { stdio: ["ignore", "ignore", "inherit"], timeout: 600000 });
  if (!existsSync(join(site, "index.html"))) throw new Error("widgets/observable/build.sh did not build the page");
  env = await start({ mounts: { "/": site } });
  base = env.url;
});

after(async () => {
  await env?.close();
});

test("the Observable page draws every view offline; inputs give their selections", async () => {
  const context = env.context;
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1300, height: 1000 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/`);
  await page.waitForSelector(".hk-tl[data-ready='1']", { timeout: 60000 });
  assert.equal(await page.locator(".hk-tl").getAttribute("data-visible"), "363");
  assert.equal(await page.locator("#selection").textContent(), "No rows selected.");
  const box = await page.locator(".hk-tl .hk-main svg").boundingBox();
  const y = box.y + (box.height - 24) / 2;
  await page.keyboard.down("Shift");
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  // The page's cell and the view's status line update on different frames: wait for both.
  const counts = await page.waitForFunction(() => {
    const cell = /^(\d+) rows selected/.exec(document.querySelector("#selection").textContent);
    const status = /([\d,]+) selected/.exec(document.querySelector(".hk-tl .hk-status").textContent);
    return cell && status ? [Number(cell[1]), Number(status[1].replace(/,/g, ""))] : null;
  }, null, { timeout: 30000 });
  const [n, shown] = await counts.jsonValue();
  assert.equal(n, shown);
  assert.ok(n > 0);

  // Every other view draws, and the process tree's selection reaches its cell (`viewof`).
  for (const root of [".hk-pt", ".hk-dt", ".hk-ts", ".hk-sr", ".hk-pl", ".hk-ti", ".hk-geo", ".hk-pv"]) {
    await page.waitForSelector(`${root}[data-ready='1']`, { timeout: 60000 });
  }
  await page.locator(".hk-pt .hk-plot").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /^1 processes selected: rows \d+/.test(document.querySelector("#tree-selection").textContent), null, { timeout: 30000 });
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await page.close();
});
