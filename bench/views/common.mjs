// What the view benchmarks share in Node: the browser of the browser tests (tests/browser/
// harness.mjs) with a folder of generated inputs served as /bench-data/, a test page opened
// for measuring, the numbers as printed, and generated events (the data table's test uses
// them too). What they time in the page is in page.mjs.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { start } from "../../tests/browser/harness.mjs";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The sizes to measure: the command line's numbers, or `fallback`. */
export const sizesOr = (fallback) => (process.argv.slice(2).length ? process.argv.slice(2) : fallback).map(Number);

/** The folder of `name`'s generated inputs (bench/work/<name>), made if missing. */
export function workDir(name) {
  const dir = join(repo, "bench", "work", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (x) => Math.round(x * 10) / 10;

/** A function printing one measurement of `view` as a JSON line (what report.py reads). */
export const printer = (view) => (o) => console.log(JSON.stringify({ view, ...o }));

/** Median and largest of a step loop's times (page.mjs `steps`), rounded. */
export const stepStats = ({ frame, handler }) => ({
  median: round(median(frame)),
  max: round(Math.max(...frame)),
  handler_median: round(median(handler)),
  handler_max: round(Math.max(...handler)),
});

/**
 * Starts the browser with `work` served as /bench-data/, runs `measure(env)` and closes it
 * (see tests/browser/harness.mjs for `env`).
 */
export async function withBrowser(work, measure) {
  const env = await start({ mounts: { "/bench-data/": work } });
  try {
    await measure(env);
  } finally {
    await env.close();
  }
}

/**
 * The test page `html` (in tests/browser) at `viewport`, with timeouts of a benchmark's
 * scale and the timing helpers of page.mjs as `window.bench`.
 */
export async function openPage(env, html, viewport) {
  const page = await env.page();
  page.setDefaultTimeout(600000);
  await page.setViewportSize(viewport);
  await page.goto(`${env.url}/tests/browser/${html}`);
  await page.waitForFunction(() => window.harnessReady === true);
  await page.evaluate(async () => {
    window.bench = await import("/bench/views/page.mjs");
  });
  return page;
}

/** A clock of Chromium's main-thread task time in `page` (TaskDuration: script, style, layout, paint), in seconds. */
export async function taskClock(env, page) {
  const cdp = await env.context.newCDPSession(page);
  await cdp.send("Performance.enable");
  return async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
}

/**
 * `n` events as an Arrow IPC stream (the kernel's form of a DataFrame), built with the
 * caller's apache-arrow `arrow`: time (ns, over `n` seconds, shuffled), host (64), account,
 * process, command line, a number.
 */
export function eventsIPC(arrow, n) {
  const t0 = Date.UTC(2024, 0, 1);
  const time = new BigInt64Array(n);
  const host = new Array(n);
  const account = new Array(n);
  const proc = new Array(n);
  const cmd = new Array(n);
  const bytes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = BigInt(t0 + ((i * 7919) % n) * 1000) * 1_000_000n;
    host[i] = `host${String(i % 64).padStart(2, "0")}`;
    account[i] = `CONTOSO\\user${i % 997}`;
    proc[i] = `C:\\Windows\\System32\\tool${i % 50}.exe`;
    cmd[i] = `tool${i % 50}.exe /run ${(i * 7919) % n} --flag ${(i * 31) % 997}`;
    bytes[i] = (i * 104729) % 1_000_003;
  }
  const utf8 = (values) => arrow.vectorFromArray(values, new arrow.Utf8());
  return arrow.tableToIPC(new arrow.Table({
    TimeGenerated: arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: time, length: n })),
    Computer: utf8(host),
    Account: utf8(account),
    NewProcessName: utf8(proc),
    CommandLine: utf8(cmd),
    Bytes: arrow.makeVector(bytes),
  }), "stream");
}
