// Shared by the browser tests: Debian's Chromium driven by playwright-core, headless,
// with a fresh profile, and the repository served on 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
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
 * Starts the server and a browser; returns `{ url, browser, page(), close() }`. `mounts`
 * serves other folders under URL prefixes (see scripts/serve.mjs).
 */
export async function start({ mounts } = {}) {
  const server = await serve(0, mounts);
  const profile = await mkdtemp(join(tmpdir(), "huntkit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
  });
  return {
    url: server.url,
    context,
    /** A new page whose console errors, page errors and dialogs are recorded. */
    async page() {
      const page = await context.newPage();
      page.problems = [];
      page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
      page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
      page.on("dialog", async (d) => {
        page.problems.push(`dialog: ${d.message()}`);
        await d.dismiss();
      });
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
