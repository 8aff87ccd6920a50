// A real JupyterLab for the notebook tests and the delivery benchmark: started on a free
// 127.0.0.1 port over a temporary copy of examples/notebooks (so saved outputs never land
// in the repository), with headless Chromium to drive it.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const venv = process.env.HUNTKIT_JUPYTER_VENV || join(repo, "tests", "jupyter", ".venv");
const { chromium } = await import(pathToFileURL(join(repo, "widgets", "node_modules", "playwright-core", "index.mjs")).href);

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

/**
 * Starts JupyterLab over `notebooks/` (a copy of examples/notebooks) and `data/` (the files
 * of examples/data named in `data`). Returns `{ base, token, root, browser, open(path), stop() }`.
 */
export async function startLab({ data = [] } = {}) {
  const work = await mkdtemp(join(tmpdir(), "hk-jupyter-"));
  const root = join(work, "root");
  await mkdir(join(root, "data"), { recursive: true });
  await cp(join(repo, "examples", "notebooks"), join(root, "notebooks"), { recursive: true });
  for (const f of data) {
    await mkdir(dirname(join(root, "data", f)), { recursive: true });
    await cp(join(repo, "examples", "data", f), join(root, "data", f));
  }
  const token = randomBytes(16).toString("hex");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const lab = spawn(
    join(venv, "bin", "jupyter-lab"),
    [
      "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--allow-root",
      `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${root}`,
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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

  /** Opens a notebook (path under the root) in a new page and runs all its cells. */
  // Each notebook opens in a workspace of its own, so a page does not reopen (and fetch
  // the widgets of) the notebooks opened before it.
  let workspaces = 0;
  async function runAll(path, { viewport = { width: 1400, height: 1000 }, onPage } = {}) {
    const page = await browser.newPage({ viewport });
    if (onPage) onPage(page);
    workspaces += 1;
    await page.goto(`${base}/lab/workspaces/hk${workspaces}/tree/${path}?token=${token}`);
    await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 180000 });
    // JupyterLab may ask which kernel to start: take the notebook's own.
    const pick = page.locator(".jp-Dialog button", { hasText: /^Select$/ });
    await pick.waitFor({ timeout: 20000 }).then(() => pick.click(), () => {});
    await page.waitForFunction(() => {
      const s = document.querySelector(".jp-Notebook-ExecutionIndicator, .jp-KernelStatus");
      return !s || /idle/i.test(s.getAttribute("data-status") || s.textContent || "idle");
    }, null, { timeout: 120000 }).catch(() => {});
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    return page;
  }

  async function stop() {
    await browser.close().catch(() => {});
    if (lab.exitCode === null) {
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
    await rm(work, { recursive: true, force: true });
  }

  return { base, token, root, browser, runAll, stop };
}
