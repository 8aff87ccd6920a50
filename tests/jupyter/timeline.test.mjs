// The timeline view in a real JupyterLab: run examples/notebooks/timeline.ipynb with
// "Run All Cells" in headless Chromium, check the views drew and that a brushed selection
// reaches Python. A screenshot goes to tests/artifacts/jupyter-timeline.png.
//
// Run: tests/jupyter/run.sh   (creates tests/jupyter/.venv when missing)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { repo, startLab } from "./lab.mjs";

let lab;

before(async () => {
  lab = await startLab({ data: ["processes_on_host.csv"] });
});

after(async () => {
  await lab?.stop();
});

test("Run All Cells draws the views and a brush reaches Python", { timeout: 420000 }, async () => {
  const errors = [];
  const page = await lab.runAll("notebooks/timeline.ipynb", { onPage: (p) => p.on("pageerror", (e) => errors.push(String(e))) });
  try {
    await page.waitForFunction(() => document.querySelectorAll(".hk-tl[data-ready='1']").length >= 3, null, { timeout: Number(process.env.HK_JUPYTER_TIMEOUT || 240000) });
  } catch (e) {
    await mkdir(join(repo, "tests", "artifacts"), { recursive: true });
    await page.screenshot({ path: join(repo, "tests", "artifacts", "jupyter-timeline-failure.png") });
    throw e;
  }
  const first = page.locator(".hk-tl").first();
  // The title was changed from Python after the view was shown.
  await page.waitForFunction(() => document.querySelector(".hk-tl .hk-title").textContent === "Timeline: processes_on_host", null, { timeout: 60000 });
  assert.equal(await first.getAttribute("data-visible"), "363");
  assert.equal(await first.locator(".hk-lbl").count(), 2);
  assert.equal(await first.locator("text.hk-ref").textContent(), "< Suspicious logon");
  assert.equal(await page.locator(".hk-tl").nth(1).locator(".hk-title").textContent(), "Timeline");
  assert.equal(await page.locator(".hk-tl").nth(2).locator(".hk-title").textContent(), "Event Duration Timeline for Account, NewProcessName");

  // Brush the middle half of the first view with Shift+drag.
  await first.scrollIntoViewIfNeeded();
  const box = await first.locator(".hk-main svg").boundingBox();
  const plotH = box.height - 24;
  await page.keyboard.down("Shift");
  await page.mouse.move(box.x + box.width * 0.25, box.y + plotH / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + plotH / 2, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  await page.waitForFunction(() => /\d+ selected/.test(document.querySelector(".hk-tl .hk-status").textContent), null, { timeout: 20000 });
  const shown = Number(/([\d,]+) selected/.exec(await first.locator(".hk-status").textContent())[1].replace(/,/g, ""));
  assert.ok(shown > 0);
  await mkdir(join(repo, "tests", "artifacts"), { recursive: true });
  await page.screenshot({ path: join(repo, "tests", "artifacts", "jupyter-timeline.png") });

  // Re-run the last cell: Python sees the same number of rows.
  const last = page.locator(".jp-Notebook .jp-Cell").last();
  await last.scrollIntoViewIfNeeded();
  await last.locator(".jp-InputArea-editor").click();
  await page.keyboard.press("Shift+Enter");
  await page.waitForFunction((n) => [...document.querySelectorAll(".jp-OutputArea-output")].some((o) => o.textContent.includes(`selected rows: ${n}`)), shown, { timeout: 60000 });
  assert.deepEqual(errors.filter((e) => /huntkit|hk-|timeline/i.test(e)), []);
  await page.close();
});
