// Linked views in headless Chromium, on the demo page: a process tree, a timeline and a
// table of the same events share one link group. Selecting processes rings their events
// on the timeline and selects their rows in the table; selecting rows in the table or a
// time range on the timeline selects the processes back — all in the page, no kernel.
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

const tree = ".hk-pt";
const timeline = "[data-view=linked_timeline] .hk-tl";
const table = "[data-view=linked_table] .hk-dt";

async function selectedInTable(page) {
  return page.locator(`${table} .hk-grid-row.hk-sel`).count();
}

test("a selection in the tree, the table or the timeline reaches the other two", async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto(`${env.url}/examples/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 90_000 });

  // Tree → timeline and table: one process, chosen with the keyboard.
  await page.locator(`${tree} .hk-plot`).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${tree}[data-selected='1']`);
  await page.waitForFunction((s) => /1 selected in linked views/.test(document.querySelector(`${s} .hk-status`).textContent), timeline);
  await page.waitForFunction((s) => document.querySelectorAll(`${s} .hk-grid-row.hk-sel`).length === 1, table);

  // Table → tree and timeline: Shift+click a second row into the table's selection.
  const rows = page.locator(`${table} .hk-grid-row`);
  await rows.nth(2).click();
  await rows.nth(3).click({ modifiers: ["Shift"] });
  await page.waitForFunction((s) => document.querySelectorAll(`${s} .hk-grid-row.hk-sel`).length === 2, table);
  await page.waitForSelector(`${tree}[data-selected='2']`);
  await page.waitForFunction((s) => /2 selected in linked views/.test(document.querySelector(`${s} .hk-status`).textContent), timeline);

  // Timeline → tree and table: brush the middle of the time axis.
  await page.locator(timeline).scrollIntoViewIfNeeded();
  const box = await page.locator(`${timeline} .hk-main svg`).boundingBox();
  const y = box.y + box.height / 3;
  await page.keyboard.down("Shift");
  await page.mouse.move(box.x + box.width * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  const brushed = await page.waitForFunction((s) => {
    const m = /([\d,]+) selected(?! in)/.exec(document.querySelector(`${s} .hk-status`).textContent);
    return m ? Number(m[1].replace(/,/g, "")) : null;
  }, timeline);
  const n = await brushed.jsonValue();
  assert.ok(n > 2, `the brush selected ${n} events`);
  await page.waitForFunction(([s, n]) => document.querySelector(s)?.dataset.selected === String(n), [tree, n]);
  const status = await page.locator(`${table} .hk-status`).textContent();
  assert.match(status.replace(/,/g, ""), new RegExp(`${n} selected`));
  assert.ok((await selectedInTable(page)) > 0, "the table shows selected rows");
  assert.deepEqual(page.problems, []);
});
