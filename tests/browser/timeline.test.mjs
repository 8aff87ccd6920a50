// Browser tests of the timeline view in headless Chromium: rendering, hover, zoom, brush
// selection, lane toggling, axes, the toolbar's export, `result`, linked views, a million
// events, and hostile text.
//
// Run: node --test tests/browser/timeline.test.mjs   (after `npm install` in widgets/ and
// `node widgets/build.mjs`). Chromium: $CHROMIUM or /usr/bin/chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { exportFile, inked, outside, problems, shiftDrag, useBrowser } from "./harness.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const arrow = await import(pathToFileURL(join(repo, "widgets", "node_modules", "apache-arrow", "Arrow.node.mjs")).href);

const env = useBrowser();
const open = () => env.open("/tests/browser/timeline.html", { width: 1100, height: 900 });

/** Shift+drags across the main plot of the view in `slot` from fraction `a` to `b` of its width. */
async function brush(page, a, b, slot = "view") {
  const box = await page.locator(`#${slot} .hk-main svg`).boundingBox();
  const y = box.y + 30;
  await shiftDrag(page, { x: box.x + box.width * a, y }, { x: box.x + box.width * b, y });
}

/** The bytes of the `result` trait of the view in `slot`, read with apache-arrow here. */
async function resultOf(page, slot = "view") {
  const bytes = await page.evaluate((slot) => {
    const r = window.views[slot].model.get("result");
    return Array.from(new Uint8Array(r.buffer, r.byteOffset, r.byteLength));
  }, slot);
  return arrow.tableFromIPC(Uint8Array.from(bytes));
}

/** Page coordinates of time `t` (ms) in lane `lane` of the main plot. */
async function pointOf(page, t, lane) {
  return page.evaluate(
    ([t, lane]) => {
      const root = document.querySelector(".hk-tl");
      const svg = root.querySelector(".hk-main svg");
      const r = svg.getBoundingClientRect();
      const [d0, d1] = root.dataset.domain.split(",").map(Number);
      const plotW = Number(svg.getAttribute("width"));
      const plotH = Number(root.dataset.plotH);
      const n = Number(root.dataset.lanes) || 1;
      return { x: r.left + ((t - d0) / (d1 - d0)) * plotW, y: r.top + plotH - (lane + 0.5) * (plotH / n) };
    },
    [t, lane],
  );
}

// Three lanes, 30 events a minute apart; row i is in lane i % 3.
const SMALL_START = Date.UTC(2024, 0, 1, 0, 0, 0);
function smallTable() {
  const n = 30;
  const ns = new BigInt64Array(n);
  const host = [];
  const cmd = [];
  for (let i = 0; i < n; i++) {
    ns[i] = BigInt(SMALL_START + i * 60000) * 1000000n;
    host.push(["alpha", "bravo", "charlie"][i % 3]);
    cmd.push(`cmd.exe /c step ${i}`);
  }
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n }));
  return arrow.tableToIPC(new arrow.Table({ TimeGenerated: time, Host: arrow.vectorFromArray(host), CommandLine: arrow.vectorFromArray(cmd) }), "stream");
}

test("renders, hovers, zooms, brushes and hides lanes", async () => {
  await env.put("small.arrow", smallTable());
  const page = await open();
  await page.evaluate(() => window.mountTimeline({ data: "/gen/small.arrow", group_by: "Host", source_columns: ["CommandLine"], width: 1000 }));
  const root = page.locator(".hk-tl");
  assert.equal(await root.getAttribute("data-visible"), "30");
  assert.equal(await page.locator(".hk-title").textContent(), "Timeline: Events");
  const labels = await page.locator(".hk-lbl text").allTextContents();
  assert.deepEqual(labels, ["alpha", "bravo", "charlie"]);
  assert.equal(await page.locator(".hk-legend button").count(), 0, "each lane named once, on the axis");
  // The canvas has drawn pixels.
  const drawn = await inked(page, ".hk-main canvas");
  assert.ok(drawn > 100, `canvas drew ${drawn} pixels`);

  // Hover row 4 (lane 1 = bravo, 4 minutes in).
  const p = await pointOf(page, SMALL_START + 4 * 60000, 1);
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector(".hk-tip", { state: "visible" });
  const tipText = await page.locator(".hk-tip").textContent();
  assert.match(tipText, /TimeGenerated: 2024-01-01 00:04:00\.000/);
  assert.match(tipText, /CommandLine: cmd\.exe \/c step 4/);

  // Wheel zoom narrows the domain.
  const before = (await root.getAttribute("data-domain")).split(",").map(Number);
  await page.mouse.wheel(0, -600);
  await page.waitForFunction((b) => document.querySelector(".hk-tl").dataset.domain !== b, before.join(","));
  const zoomed = (await root.getAttribute("data-domain")).split(",").map(Number);
  assert.ok(zoomed[1] - zoomed[0] < before[1] - before[0], "wheel zoom narrows the view");

  // Drag pans: the span stays, the start moves.
  await page.click(".hk-bar button:has-text('Reset')");
  await page.waitForFunction((b) => document.querySelector(".hk-tl").dataset.domain === b, before.join(","));
  const mid = await pointOf(page, SMALL_START + 15 * 60000, 0);
  await page.mouse.move(mid.x, mid.y);
  await page.mouse.down();
  await page.mouse.move(mid.x - 200, mid.y, { steps: 5 });
  await page.mouse.up();
  // The view draws on the next frame: wait for it rather than read a stale domain.
  await page.waitForFunction((b) => Number(document.querySelector(".hk-tl").dataset.domain.split(",")[0]) > b, before[0]);
  const panned = (await root.getAttribute("data-domain")).split(",").map(Number);
  assert.ok(panned[0] > before[0], "drag pans later in time");
  assert.ok(Math.abs(panned[1] - panned[0] - (before[1] - before[0])) < 1, "pan keeps the span");
  await page.click(".hk-bar button:has-text('Reset')");
  await page.waitForFunction((b) => document.querySelector(".hk-tl").dataset.domain === b, before.join(","));

  // Shift+drag from minute 9.5 to 20.5 selects rows 10..=20.
  const a = await pointOf(page, SMALL_START + 9.5 * 60000, 0);
  const b = await pointOf(page, SMALL_START + 20.5 * 60000, 0);
  await shiftDrag(page, a, b, 6);
  const selected = await page.evaluate(() => window.model.get("selected"));
  assert.deepEqual(selected, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

  // Hiding lane "bravo" from its label removes its 10 events and its rows from the selection.
  await page.locator(".hk-lbl", { hasText: "bravo" }).click();
  await page.waitForFunction(() => document.querySelector(".hk-tl").dataset.visible === "20");
  const after = await page.evaluate(() => window.model.get("selected"));
  assert.deepEqual(after, [11, 12, 14, 15, 17, 18, 20]);

  // The view sizes to its container when no width is set.
  await page.evaluate(() => window.model.set("width", null));
  await page.evaluate(() => { document.getElementById("view").style.width = "600px"; });
  await page.waitForFunction(() => Number(document.querySelector(".hk-main svg").getAttribute("width")) < 560);
  const plotW = Number(await page.locator(".hk-main svg").getAttribute("width"));
  assert.ok(plotW > 590 * 0.75, `the plot keeps most of a narrow view: ${plotW} of 590`);

  // It follows the page's colour scheme.
  assert.equal(await page.locator(".hk-tl.hk-dark").count(), 0);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForSelector(".hk-tl.hk-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await page.waitForSelector(".hk-tl:not(.hk-dark)");

  // An option change re-renders without new data.
  await page.evaluate(() => window.model.set("title", "Changed"));
  await page.waitForFunction(() => document.querySelector(".hk-title").textContent === "Timeline: Changed");
  await page.evaluate(() => window.model.set("group_by", null));
  await page.waitForFunction(() => document.querySelectorAll(".hk-lbl").length === 1);
  await page.waitForFunction(() => document.querySelector(".hk-lbl text").textContent === "unnamed series");
  // Re-indexing clears a selection whose row positions belonged to the old lanes, and
  // the lane hidden above (the next frame draws all 30 events in the one lane).
  assert.deepEqual(await page.evaluate(() => window.model.get("selected")), []);
  await page.waitForFunction(() => document.querySelector(".hk-tl").dataset.visible === "30");

  // Destroy removes the view.
  await page.evaluate(() => window.hkView.destroy());
  assert.equal(await page.locator(".hk-tl").count(), 0);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("values and duration modes draw from MSTICPy test data", async () => {
  const page = await open();
  const csv = await readFile(join(repo, "examples", "data", "processes_on_host.csv"), "utf8");
  await page.evaluate((csv) => window.mountTimeline({ data: csv, mode: "values", value_column: "EventID", kind: ["circle", "line", "vbar"], group_by: "Account", legend: "inline" }), csv);
  assert.equal(await page.locator(".hk-title").textContent(), "Timeline");
  assert.equal(await page.locator(".hk-tl").getAttribute("data-visible"), "363");
  assert.equal(await page.locator(".hk-legend.hk-inline button").count(), 2);
  // MSTICPy quirk Q-V1 behind compat: the external legend of values mode is empty.
  await page.evaluate(() => { window.model.set("legend", "left"); window.model.set("compat", "msticpy"); });
  await page.waitForFunction(() => document.querySelectorAll(".hk-legend button").length === 0);
  await page.evaluate((csv) => window.mountTimeline({ data: csv, mode: "duration", group_by: ["Account"], ref_markers: [{ time: "2019-01-15 05:00:00", label: "Alert time" }] }), csv);
  assert.equal(await page.locator(".hk-title").textContent(), "Event Duration Timeline for Account");
  assert.equal(await page.locator("text.hk-ref").textContent(), "< Alert time");
  // A second data set as an overlay: lanes "Primary" and "Secondary", both selectable.
  const flows = await readFile(join(repo, "examples", "data", "az_net_flows.csv"), "utf8");
  await page.evaluate(([csv, flows]) => window.mountTimeline({ data: csv, overlay_data: flows, overlay_columns: ["VMRegion", "AllExtIPs"], overlay_color: "green" }), [csv, flows]);
  assert.deepEqual(await page.locator(".hk-lbl text").allTextContents(), ["Primary", "Secondary"]);
  // The flows are a month after the processes: the first view fits the processes (all 363
  // of them, spread over the plot), and zooming out reaches the flows.
  const root = page.locator(".hk-tl");
  assert.equal(await root.getAttribute("data-visible"), "363");
  const home = await root.getAttribute("data-domain");
  const [h0, h1] = home.split(",").map(Number);
  assert.ok(h1 - h0 < 2 * 3600000, `the first view spans ${(h1 - h0) / 60000} minutes`);
  const box = await page.locator(".hk-main svg").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 40);
  for (let i = 0; i < 30 && (await root.getAttribute("data-visible")) !== String(363 + 460); i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(50);
  }
  assert.equal(await root.getAttribute("data-visible"), String(363 + 460), "zoomed out to both data sets");
  await page.click(".hk-bar button:has-text('Reset')");
  await page.waitForFunction((d) => document.querySelector(".hk-tl").dataset.domain === d, home);
  await page.evaluate(() => window.model.set("selected", []));
  await page.click(".hk-bar button:has-text('Select')");
  await page.mouse.move(box.x + 2, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 2, box.y + 20, { steps: 4 });
  await page.mouse.up();
  const sel = await page.evaluate(() => [window.model.get("selected").length, window.model.get("selected_overlay").length]);
  assert.ok(sel[0] > 0 || sel[1] > 0, `overlay selection ${sel}`);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("marker size from a column, lane colours from the caller", async () => {
  const page = await open();
  const csv = await readFile(join(repo, "examples", "data", "processes_on_host.csv"), "utf8");
  // EventID is 4688 in every row: drawn at the 64-pixel cap, not 4688 pixels.
  await page.evaluate((csv) => window.mountTimeline({ data: csv, group_by: "Account", size: "EventID" }), csv);
  assert.equal(await page.locator(".hk-tl").getAttribute("data-marker"), "64");
  await page.evaluate(() => window.model.set("size", 7));
  await page.waitForFunction(() => document.querySelector(".hk-tl").dataset.marker === "7");
  await page.evaluate(() => window.model.set("size_column", "EventID"));
  await page.waitForFunction(() => document.querySelector(".hk-tl").dataset.marker === "64");
  // A colour per lane; anything that is not a CSS colour falls back to the palette.
  const lanes = await page.locator(".hk-lbl text").allTextContents();
  await page.evaluate((lanes) => window.model.set("lane_colors", { [lanes[0]]: "rgb(255, 0, 0)", [lanes[1]]: "url(https://example.invalid/x.png)" }), lanes);
  await page.waitForFunction(() => document.querySelector(".hk-lbl rect").getAttribute("fill") === "rgba(255, 0, 0, 1)");
  const second = await page.locator(".hk-lbl rect").nth(1).getAttribute("fill");
  assert.ok(!second.includes("url"), second);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("axes: dates where the day changes and the zone; lane labels once, within a fifth of the width", async () => {
  // Three hosts over three days, one with a very long name.
  const n = 72;
  const ns = new BigInt64Array(n);
  const host = [];
  for (let i = 0; i < n; i++) {
    ns[i] = BigInt(SMALL_START + i * 3600000) * 1000000n;
    host.push(["alpha", "bravo", `charlie-${"x".repeat(80)}.corp.example`][i % 3]);
  }
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n }));
  await env.put("days.arrow", arrow.tableToIPC(new arrow.Table({ TimeGenerated: time, Host: arrow.vectorFromArray(host) }), "stream"));
  const page = await open();
  await page.evaluate(() => window.mountTimeline({ data: "/gen/days.arrow", group_by: "Host", width: 1000 }));
  assert.equal(await page.locator(".hk-main .hk-axis-label").textContent(), "Time (UTC)");
  const dates = await page.locator(".hk-main .hk-date").allTextContents();
  assert.ok(dates.length >= 3 && dates[0].startsWith("2024-01-0"), dates.join());
  assert.equal(new Set(dates).size, dates.length, "each date once, where it changes");
  assert.ok((await page.locator(".hk-range .hk-date").count()) >= 2, "the range selector's ticks carry dates too");
  // Each label once, on the axis: no legend, the column within a fifth of the view.
  assert.equal(await page.locator(".hk-legend button").count(), 0);
  const column = await page.locator(".hk-lanes").boundingBox();
  assert.ok(column.width <= 200, `label column ${column.width} of 1000`);
  const long = page.locator(".hk-lbl").nth(2);
  const text = await long.locator("text").textContent();
  assert.ok(text.endsWith("…") && text.startsWith("charlie-x"), text);
  assert.equal(await long.locator("title").textContent(), host[2]);
  const fits = await page.$$eval(".hk-lbl text", (ts) => ts.every((t) => t.getBBox().x >= 0));
  assert.ok(fits, "no label runs out of its column");
  // Zoomed into one hour, the ticks show seconds and the date once.
  await page.evaluate(() => window.model.set("ref_time", "2024-01-02 00:00:00"));
  const box = await page.locator(".hk-main svg").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 40);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -600);
  await page.waitForFunction(() => {
    const [a, b] = document.querySelector(".hk-tl").dataset.domain.split(",").map(Number);
    return b - a < 2 * 86400000;
  });
  await page.waitForTimeout(100);
  assert.ok((await page.locator(".hk-main .hk-date").count()) >= 1);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("values mode: y ticks inside the view, reference labels apart, the series in the range selector", async () => {
  const n = 120;
  const ns = new BigInt64Array(n);
  const bytes = [];
  for (let i = 0; i < n; i++) {
    ns[i] = BigInt(SMALL_START + i * 60000) * 1000000n;
    bytes.push(Math.round(1_500_000 * (1 + Math.sin(i / 9))));
  }
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n }));
  await env.put("values.arrow", arrow.tableToIPC(new arrow.Table({ TimeGenerated: time, Bytes: arrow.vectorFromArray(bytes) }), "stream"));
  const page = await open();
  await page.evaluate((t0) => window.mountTimeline({
    data: "/gen/values.arrow", mode: "values", value_column: "Bytes", kind: "line", width: 1000,
    ref_markers: ["Logon", "Process start", "Beacon", "Exfil"].map((label, i) => ({ time: t0 + 30 * 60000 + i * 20000, label })),
  }), SMALL_START);
  // Every y tick label lies inside the view and left of the plot, where its margin is.
  const ticks = await page.$$eval(".hk-main svg > g:nth-child(3) .tick text", (ts) => ts.map((t) => {
    const r = t.getBoundingClientRect();
    return { text: t.textContent, left: r.left, right: r.right };
  }));
  const root = await page.locator(".hk-tl").boundingBox();
  const plot = await page.locator(".hk-main svg").boundingBox();
  assert.ok(ticks.length >= 3 && ticks.some((t) => t.text === "3,000,000"), ticks.map((t) => t.text).join());
  for (const t of ticks) assert.ok(t.left >= root.x && t.right <= plot.x, `tick ${t.text} at ${t.left}…${t.right}`);
  assert.equal(await page.locator(".hk-main svg > g:nth-child(3) .hk-axis-label").textContent(), "Bytes");
  // Reference labels a few pixels apart are stacked, none over another.
  const boxes = await page.$$eval("text.hk-ref", (ts) => ts.map((t) => t.getBoundingClientRect().toJSON()));
  assert.equal(boxes.length, 4);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      assert.ok(apart, `reference labels ${i} and ${j} overlap`);
    }
  }
  // The range selector draws the series (ink over many heights), not a line of dots.
  const rows = await page.evaluate(() => {
    const c = document.querySelector(".hk-range canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const inked = new Set();
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) if (d[(y * c.width + x) * 4 + 3] > 0) inked.add(y);
    return inked.size / c.height;
  });
  assert.ok(rows > 0.5, `the series covers ${Math.round(rows * 100)}% of the overview's height`);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("Escape keeps a selection; the Clear button drops it", async () => {
  await env.put("small.arrow", smallTable());
  const page = await open();
  await page.evaluate(() => window.mountTimeline({ data: "/gen/small.arrow", group_by: "Host", width: 1000 }));
  assert.ok(await page.locator(".hk-bar button:has-text('Clear')").isDisabled());
  assert.match(await page.locator(".hk-tl > .hk-help").textContent(), /Clear: drop the selection/);
  await brush(page, 0.2, 0.8);
  const rows = await page.evaluate(() => window.model.get("selected_indices"));
  assert.ok(rows.length > 5);
  await page.locator(".hk-lbl").first().focus();
  await page.keyboard.press("Escape");
  await page.locator(".hk-main svg").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Escape");
  await page.waitForTimeout(100);
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), rows);
  await page.click(".hk-bar button:has-text('Clear')");
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), []);
  await page.waitForFunction(() => !/selected/.test(document.querySelector(".hk-status").textContent));
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("the toolbar exports the view as PNG and SVG files", async () => {
  await env.put("small.arrow", smallTable());
  const page = await open();
  await page.evaluate(() => window.mountTimeline({ data: "/gen/small.arrow", group_by: "Host", width: 1000, title: "Exported" }));
  const png = await exportFile(page, "PNG");
  assert.equal(png.name, "timeline.png");
  assert.ok(png.bytes.length > 1000);
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG");
  const svg = await exportFile(page, "SVG");
  assert.equal(svg.name, "timeline.svg");
  const text = svg.bytes.toString("utf8");
  assert.match(text, /^<svg /);
  for (const s of ["Time (UTC)", "alpha", "bravo", "charlie", "2024-01-01", "data:image/png;base64,"]) assert.ok(text.includes(s), `the SVG holds ${s}`);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("`result` holds the lane summary; a linked view rings the rows another selects", async () => {
  await env.put("small.arrow", smallTable());
  const page = await open();
  await page.evaluate(async () => {
    await window.mountTimeline({ data: "/gen/small.arrow", group_by: "Host", width: 1000, group: "hunt" });
    await window.mountTimeline({ data: "/gen/small.arrow", width: 1000, group: "hunt" }, "view2");
  });
  const summary = await resultOf(page);
  assert.deepEqual(summary.schema.fields.map((f) => f.name), ["lane", "source", "events", "first", "last"]);
  assert.deepEqual(summary.toArray().map((r) => [r.lane, r.events, r.first, r.last]), [
    ["alpha", 10, SMALL_START, SMALL_START + 27 * 60000],
    ["bravo", 10, SMALL_START + 60000, SMALL_START + 28 * 60000],
    ["charlie", 10, SMALL_START + 2 * 60000, SMALL_START + 29 * 60000],
  ]);
  assert.deepEqual((await resultOf(page, "view2")).toArray().map((r) => [r.lane, r.events]), [["unnamed series", 30]]);
  // Select in the first view: the second rings the same rows and counts them.
  await brush(page, 0.3, 0.7);
  const rows = await page.evaluate(() => window.views.view.model.get("selected_indices"));
  assert.ok(rows.length > 5);
  await page.waitForFunction((n) => document.querySelector("#view2 .hk-status").textContent.includes(`${n} selected in linked views`), rows.length);
  assert.ok(Number(await page.locator("#view2 .hk-tl").getAttribute("data-linked")) > 0, "rings drawn");
  assert.equal(await page.evaluate(() => window.views.view2.model.get("selected_indices")), undefined, "highlighted, not selected");
  // And back: a selection in the second view rings rows in the first.
  await brush(page, 0.05, 0.2, "view2");
  const back = await page.evaluate(() => window.views.view2.model.get("selected_indices"));
  await page.waitForFunction((n) => document.querySelector("#view .hk-status").textContent.includes(`${n} selected in linked views`), back.length);
  await page.click("#view2 .hk-bar button:has-text('Clear')");
  await page.waitForFunction(() => !/linked/.test(document.querySelector("#view .hk-status").textContent));
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("a million events stay interactive", async () => {
  const n = 1_000_000;
  const ns = new BigInt64Array(n);
  const lane = new Array(n);
  const lanes = ["a", "b", "c", "d", "e", "f", "g", "h"];
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    ns[i] = BigInt(SMALL_START) * 1000000n + BigInt(seed) * 40000n; // about a day
    lane[i] = lanes[i % 8];
  }
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n }));
  await env.put("million.arrow", arrow.tableToIPC(new arrow.Table({ TimeGenerated: time, Host: arrow.vectorFromArray(lane) }), "stream"));
  const page = await open();
  const loadMs = await page.evaluate(() => window.mountTimeline({ data: "/gen/million.arrow", group_by: "Host" }));
  assert.equal(await page.locator(".hk-tl").getAttribute("data-visible"), String(n));
  // Time 20 wheel steps, each followed by a drawn frame.
  const p = await pointOf(page, SMALL_START + 12 * 3600000, 3);
  await page.mouse.move(p.x, p.y);
  const t0 = Date.now();
  const frames = [];
  for (let i = 0; i < 20; i++) {
    const before = await page.locator(".hk-tl").getAttribute("data-domain");
    await page.mouse.wheel(0, i < 10 ? -200 : 200);
    await page.waitForFunction((b) => document.querySelector(".hk-tl").dataset.domain !== b, before);
    frames.push(Number(await page.locator(".hk-tl").getAttribute("data-draw-ms")));
  }
  const perStep = (Date.now() - t0) / 20;
  frames.sort((a, b) => a - b);
  const median = frames[10];
  console.log(`1M events: load and first draw ${Math.round(loadMs)} ms; draw per zoom frame median ${median} ms, max ${frames[19]} ms; ${perStep.toFixed(1)} ms per wheel step end to end`);
  // Interactive: a frame fits well inside the 100 ms budget of direct manipulation.
  assert.ok(median < 50, `median frame ${median} ms`);
  assert.deepEqual(problems(page), []);
  await page.close();
});

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(2)>',
  "javascript:alert(3)",
  "</style><script>alert(4)</script>",
  "red;background:url(http://127.0.0.1:9/x)",
];

/** Asserts nothing under the views was parsed as markup, and no dialog, error or request. */
async function assertInert(page) {
  const foreign = await page.evaluate(() => document.querySelectorAll(".hk-tl img, .hk-tl script, .hk-tl a, .hk-tl svg svg, .hk-tl foreignObject, .hk-tl [onerror], .hk-tl [onload], .hk-tl [style*='url(']").length);
  assert.equal(foreign, 0);
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  assert.deepEqual(problems(page), []);
  assert.deepEqual(outside(page), []);
}

/** Whether `shown` is `full`, or `full` cut with an ellipsis. */
const shownAs = (shown, full) => shown === full || (shown.endsWith("…") && full.startsWith(shown.slice(0, -1)));

test("hostile text stays text in every slot", async () => {
  const big = `<img src=x onerror=alert(5)>${"A".repeat(100_000)}`;
  const n = PAYLOADS.length + 1;
  const ns = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ns[i] = BigInt(SMALL_START + i * 60000) * 1000000n;
  const values = [...PAYLOADS, big];
  const hostileColumn = PAYLOADS[0];
  const valueColumn = PAYLOADS[3];
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n }));
  const table = new arrow.Table({
    TimeGenerated: time,
    Group: arrow.vectorFromArray(values),
    Colour: arrow.vectorFromArray(values.map((v) => `c ${v}`)),
    [hostileColumn]: arrow.vectorFromArray(values),
    [valueColumn]: arrow.vectorFromArray(values.map((_, i) => i * 1000.5)),
  });
  await env.put("hostile.arrow", arrow.tableToIPC(table, "stream"));
  const page = await open();
  const traits = (payloads, col, big) => ({
    data: "/gen/hostile.arrow",
    group_by: "Group",
    color_column: "Colour",
    source_columns: [col],
    title: payloads[1],
    legend: "right",
    color: payloads[4],
    overlay_color: payloads[4],
    lane_colors: Object.fromEntries(payloads.map((p) => [p, payloads[4]])),
    ref_markers: [...payloads, big].map((p, i) => ({ time: Date.UTC(2024, 0, 1, 0, i, 30), label: p })),
    ref_time: Date.UTC(2024, 0, 1, 0, 0, 10),
    ref_label: payloads[0],
  });
  await page.evaluate(([payloads, col, t, big]) => window.mountTimeline(eval(`(${t})`)(payloads, col, big)), [PAYLOADS, hostileColumn, traits.toString(), big]);
  // Lane labels (fitted, whole in their tooltip), the colour key, title and reference labels
  // show the payloads literally.
  const labels = await page.$$eval(".hk-lbl", (gs) => gs.map((g) => ({ text: g.querySelector("text").textContent, title: g.querySelector("title")?.textContent ?? null })));
  const legend = await page.$$eval(".hk-legend div", (rows) => rows.map((r) => [r.textContent, r.title]));
  const refs = await page.locator("text.hk-ref").allTextContents();
  for (const p of PAYLOADS) {
    assert.ok(labels.some((l) => shownAs(l.text, p) && (l.text === p || l.title === p)), `lane label ${p}`);
    assert.ok(legend.some(([text, title]) => text === ` c ${p}` && title === `c ${p}`), `colour key ${p}`);
    assert.ok(refs.some((r) => shownAs(r, `< ${p}`)), `reference label ${p}`);
  }
  const refTips = await page.$$eval(".hk-refl", (gs) => gs.map((g) => [g.querySelector("text").textContent, g.querySelector("title")?.textContent ?? null]));
  const bigRef = refTips.find(([, title]) => title && title.startsWith(big.slice(0, 100)));
  assert.ok(bigRef && shownAs(bigRef[0], `< ${big}`) && bigRef[0].length < 60, "a long reference label fitted, whole in its tooltip");
  const long = labels.find((l) => l.text.startsWith("<img src=x onerror=alert(5)"));
  assert.ok(long.text.endsWith("…") && long.text.length < 60, "long label fitted as text");
  assert.ok(long.title.startsWith(big.slice(0, 100)) && long.title.length <= 4001, "its tooltip holds the text, capped");
  assert.equal(await page.locator(".hk-title").textContent(), `Timeline: ${PAYLOADS[1]}`);
  assert.equal(await page.locator(".hk-axis-label").first().textContent(), "Time (UTC)");
  // Colours that are not colours fell back to the palette: no style carries them.
  const fills = await page.$$eval(".hk-lbl rect", (rs) => rs.map((r) => r.getAttribute("fill")));
  assert.ok(fills.every((f) => /^#[0-9a-f]{6}$/.test(f)), fills.join());
  // Hover every event (found by its lane's label): the tooltip shows the hostile column
  // name and values as text.
  for (let i = 0; i < n; i++) {
    const lane = labels.findIndex((l) => shownAs(l.title ?? l.text, values[i]));
    const p = await pointOf(page, SMALL_START + i * 60000, lane);
    await page.mouse.move(p.x, p.y);
    await page.waitForFunction((row) => document.querySelector(".hk-tl").dataset.hoverRow === String(row), i);
    const tip = await page.locator(".hk-tip").textContent();
    assert.ok(tip.includes(`${hostileColumn}: `), "hostile column name shown as text");
    const expected = i === n - 1 ? big.slice(0, 50) : values[i];
    assert.ok(tip.includes(expected), `tooltip shows ${expected.slice(0, 40)}`);
  }
  // A selection of every row: the status line, `selected_rows` for a kernel without pyarrow.
  await page.evaluate(() => window.model.set("selected_rows_limit", 10));
  await brush(page, 0.01, 0.99);
  const records = await page.evaluate(() => window.model.get("selected_rows"));
  assert.ok(records.columns.includes(hostileColumn));
  assert.deepEqual(records.rows.map((r) => r[records.columns.indexOf("Group")]), values.map((v) => v.slice(0, 100_000)));
  // The exported SVG carries the payloads as escaped text only.
  const svgText = (await exportFile(page, "SVG")).bytes.toString("utf8");
  assert.ok(svgText.includes("&lt;img src=x onerror=alert(1)&gt;"), "a payload, escaped");
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const all = [...doc.querySelectorAll("*")];
    return {
      error: doc.querySelector("parsererror") !== null,
      tags: [...new Set(all.map((e) => e.localName))].sort(),
      handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
      urls: all.filter((e) => [...e.attributes].some((a) => /url\(|javascript:/i.test(a.value) && a.name !== "href")).length,
    };
  }, svgText);
  assert.equal(parsed.error, false);
  assert.deepEqual(parsed.tags.filter((t) => ["img", "script", "foreignObject", "a", "iframe", "style"].includes(t)), []);
  assert.equal(parsed.handlers, 0);
  assert.equal(parsed.urls, 0);

  // Values mode: the value column's name labels the value axis, as text.
  await page.evaluate(([payloads, col, value]) => window.mountTimeline({
    data: "/gen/hostile.arrow", mode: "values", value_column: value, group_by: "Group", source_columns: [col], legend: "left",
    ref_markers: payloads.map((p, i) => ({ time: Date.UTC(2024, 0, 1, 0, 1, i), label: p })),
  }), [PAYLOADS, hostileColumn, valueColumn]);
  assert.ok(shownAs(await page.locator(".hk-main .hk-axis-label").nth(1).textContent(), valueColumn), "value axis label");
  const buttons = await page.$$eval(".hk-legend button", (bs) => bs.map((b) => [b.textContent, b.title]));
  for (const p of PAYLOADS) assert.ok(buttons.some(([text, title]) => text === p && title === p), `legend entry ${p}`);
  await assertInert(page);
  await page.close();
});
