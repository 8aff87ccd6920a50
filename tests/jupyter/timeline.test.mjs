// The timeline view in a real JupyterLab: run examples/notebooks/timeline.ipynb with
// "Run All Cells" in headless Chromium, check the views drew and that a brushed selection
// reaches Python. A screenshot goes to tests/artifacts/jupyter-timeline.png.
//
// Run: tests/jupyter/run.sh   (creates tests/jupyter/.venv when missing)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const venv = process.env.HUNTKIT_JUPYTER_VENV || join(repo, "tests", "jupyter", ".venv");
const { chromium } = await import(pathToFileURL(join(repo, "widgets", "node_modules", "playwright-core", "index.mjs")).href);

let lab;
let work;
let browser;
let base;
const token = randomBytes(16).toString("hex");

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), "hk-jupyter-"));
  // Notebooks run on a copy, so saved outputs never land in the repository.
  await mkdir(join(work, "root"), { recursive: true });
  await cp(join(repo, "examples", "notebooks"), join(work, "root", "notebooks"), { recursive: true });
  await cp(join(repo, "examples", "data", "processes_on_host.csv"), join(work, "root", "data", "processes_on_host.csv"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  lab = spawn(
    join(venv, "bin", "jupyter-lab"),
    [
      "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--allow-root",
      `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${join(work, "root")}`,
      `--LabApp.workspaces_dir=${join(work, "workspaces")}`,
    ],
    {
      env: { ...process.env, JUPYTER_RUNTIME_DIR: join(work, "runtime"), JUPYTER_CONFIG_DIR: join(work, "config") },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  lab.stderr.on("data", (d) => {
    log = (log + d).slice(-20000);
  });
  const deadline = Date.now() + 180000;
  for (;;) {
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || lab.exitCode !== null) throw new Error(`JupyterLab did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (lab && lab.exitCode === null) {
    lab.kill("SIGTERM");
    await new Promise((r) => {
      const t = setTimeout(() => {
        if (lab.exitCode === null) lab.kill("SIGKILL");
        r();
      }, 10000);
      lab.on("exit", () => {
        clearTimeout(t);
        r();
      });
    });
  }
  if (work) await rm(work, { recursive: true, force: true });
});

test("Run All Cells draws the views and a brush reaches Python", { timeout: 420000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/lab/tree/notebooks/timeline.ipynb?token=${token}`);
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 180000 });
  // JupyterLab may ask which kernel to start: take the notebook's own.
  const pick = page.locator(".jp-Dialog button", { hasText: /^Select$/ });
  await pick.waitFor({ timeout: 20000 }).then(() => pick.click(), () => {});
  // Wait for the kernel before running.
  await page.waitForFunction(() => {
    const s = document.querySelector(".jp-Notebook-ExecutionIndicator, .jp-KernelStatus");
    return !s || /idle/i.test(s.getAttribute("data-status") || s.textContent || "idle");
  }, null, { timeout: 120000 }).catch(() => {});
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
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
