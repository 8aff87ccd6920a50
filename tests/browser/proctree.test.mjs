// Process trees in real headless Chromium: a million Windows 4688 events built in a Web
// Worker by buildProcessTreeAsync, while the page keeps ticking, then walked through the
// tree kept in the worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { problems, useBrowser } from "./harness.mjs";

const require = createRequire(new URL("../../js/package.json", import.meta.url));
const arrow = require("apache-arrow");

const N = 1_000_000;

/**
 * N process creations on one host in blocks of 1000, each block a tree four children
 * wide (about six levels deep, like real process trees); every block's root was started
 * by a parent that is not in the data (System, pid 0x4), which the builder synthesises.
 */
function events(n) {
  const start = Date.UTC(2024, 0, 1);
  const time = new BigInt64Array(n);
  const pid = new Array(n);
  const ppid = new Array(n);
  const name = new Array(n);
  const parentName = new Array(n);
  const cmd = new Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = BigInt(start + i) * 1_000_000n;
    pid[i] = `0x${(0x1000 + i).toString(16)}`;
    name[i] = `C:\\Windows\\System32\\tool${i % 50}.exe`;
    cmd[i] = `tool${i % 50}.exe /run ${i}`;
    const local = i % 1000;
    if (local === 0) {
      ppid[i] = "0x4";
      parentName[i] = "System";
    } else {
      const q = i - local + Math.floor((local - 1) / 4);
      ppid[i] = pid[q];
      parentName[i] = name[q];
    }
  }
  const table = new arrow.Table({
    TimeGenerated: arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: time, length: n })),
    EventID: arrow.vectorFromArray(new Int32Array(n).fill(4688)),
    Computer: arrow.vectorFromArray(new Array(n).fill("host01"), new arrow.Utf8()),
    NewProcessId: arrow.vectorFromArray(pid, new arrow.Utf8()),
    NewProcessName: arrow.vectorFromArray(name, new arrow.Utf8()),
    ProcessId: arrow.vectorFromArray(ppid, new arrow.Utf8()),
    ParentProcessName: arrow.vectorFromArray(parentName, new arrow.Utf8()),
    CommandLine: arrow.vectorFromArray(cmd, new arrow.Utf8()),
  });
  return arrow.tableToIPC(table, "stream");
}

const env = useBrowser({ setup: () => env.put("events.arrow", events(N)) });

test("a million events build in a worker without blocking the page", async () => {
  const page = await env.page();
  await page.goto(`${env.url}/tests/browser/blank.html`);
  const result = await page.evaluate(async () => {
    const hk = await import("/js/dist/browser.js");
    await hk.init();
    const { longestGap } = await import("/bench/views/page.mjs");
    const bytes = new Uint8Array(await (await fetch("/gen/events.arrow")).arrayBuffer());
    // The longest the main thread went without a timer tick while the build ran.
    const t0 = performance.now();
    const { value: tree, longest } = await longestGap(() => hk.buildProcessTreeAsync(bytes), 10);
    const seconds = (performance.now() - t0) / 1000;
    const roots = await tree.roots();
    const chain = await tree.children(roots[0], { includeSource: false });
    const deepest = tree.table.getChild("depth").toArray().reduce((a, b) => Math.max(a, b), 0);
    const text = await tree.toText({ rootOf: tree.table.getChild("proc_key").get(roots[0]) });
    await tree.free();
    return { summary: tree.summary, schema: tree.schema, rows: tree.table.numRows, roots: roots.length, chain: chain.length, deepest, lines: text.split("\n").length, longest, seconds };
  });
  console.log(`# built ${result.rows} processes in ${result.seconds.toFixed(1)} s; longest main-thread gap ${result.longest.toFixed(0)} ms`);
  assert.equal(result.schema, "windows");
  // A million events plus the one synthesised System parent.
  assert.equal(result.rows, N + 1);
  assert.equal(result.summary.Processes, N + 1);
  assert.equal(result.roots, 1);
  assert.equal(result.summary.RootProcesses, 1);
  assert.equal(result.chain, N / 1000);
  assert.equal(result.deepest, 6);
  assert.ok(result.lines > N, `text lines ${result.lines}`);
  assert.ok(result.longest < 500, `the page was blocked for ${result.longest} ms`);
  assert.deepEqual(problems(page), []);
});
