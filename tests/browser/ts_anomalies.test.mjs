// The TimeSeriesAnomalies view in headless Chromium: MSTICPy's test series drawn with
// anomalies of both signs, the threshold slider re-flagging, clicks, brushes and the
// keyboard selecting input rows, the result table, a linked second view, export, copy,
// bucketed events, and hostile text.
//
// Run: node --test tests/browser/ts_anomalies.test.mjs   (after `node widgets/build.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { exportFile, inked, outside, problems, shiftDrag, useBrowser } from "./harness.mjs";

const repo = new URL("../../", import.meta.url).pathname;
const arrow = await import(pathToFileURL(join(repo, "widgets/node_modules/apache-arrow/Arrow.node.mjs")).href);
const CSV = "/examples/data/time_series.csv";
const HOUR = 3600000;

const env = useBrowser();
const open = () => env.open("/tests/browser/ts_anomalies.html", { width: 1100, height: 1100 });

/** The model's `result` as an apache-arrow Table. */
async function result(page, model = "model") {
  const bytes = await page.evaluate((m) => {
    const r = window[m].get("result");
    return r ? Array.from(new Uint8Array(r.buffer, r.byteOffset, r.byteLength)) : [];
  }, model);
  return arrow.tableFromIPC(Uint8Array.from(bytes));
}

const flagsOf = (table, name = "anomalies") => Array.from(table.getChild(name).toArray(), Number);
const timesOf = (table, name = "TimeGenerated") => Array.from({ length: table.numRows }, (_, i) => Number(table.getChild(name).get(i)));

/** Page coordinates of time `t` on the main plot (at the plot's vertical middle) of view `id`. */
async function pointAt(page, t, id = "view") {
  return page.evaluate(([t, id]) => {
    const root = document.querySelector(`#${id} .hk-ts`);
    const svg = root.querySelector(".hk-main svg").getBoundingClientRect();
    const [d0, d1] = root.dataset.domain.split(",").map(Number);
    const [left, top, plotW, plotH] = root.dataset.plot.split(",").map(Number);
    return { x: svg.left + left + ((t - d0) / (d1 - d0)) * plotW, y: svg.top + top + plotH / 2 };
  }, [t, id]);
}

/** Wheel-zooms view `id` in around time `t` until points are several pixels apart. */
async function zoomIn(page, t, id = "view") {
  const p = await pointAt(page, t, id);
  await page.mouse.move(p.x, p.y);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
  await page.mouse.move(0, 0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const data = (page, id = "view") => page.evaluate((id) => ({ ...document.querySelector(`#${id} .hk-ts`).dataset }), id);
const selected = (page, model = "model") => page.evaluate((m) => window[m].get("selected_indices"), model);

// The input CSV's times (its rows are in time order, so row i is point i).
const csvTimes = readFileSync(join(repo, "examples/data/time_series.csv"), "utf8")
  .trim().split(/\r?\n/).slice(1).map((l) => Date.parse(l.split(",")[0].replace(/"/g, "")));

test("draws MSTICPy's series with anomalies of both signs and publishes the anomalies table", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", period: 24 }), CSV);
  const ds = await data(page);
  assert.equal(ds.ready, "1");
  assert.equal(ds.points, "840");
  const table = await result(page);
  assert.equal(table.numRows, 840);
  assert.deepEqual(table.schema.fields.map((f) => f.name), ["TimeGenerated", "TotalBytesSent", "residual", "trend", "seasonal", "weights", "baseline", "score", "anomalies"]);
  const flags = flagsOf(table);
  const high = flags.filter((f) => f === 1).length;
  const low = flags.filter((f) => f === -1).length;
  assert.ok(high > 0 && low > 0, `both signs flagged (${high} high, ${low} low)`);
  assert.equal(ds.high, String(high));
  assert.equal(ds.low, String(low));
  // The three anomalies MSTICPy finds at period 24 are among the high ones.
  const times = timesOf(table);
  for (const iso of ["2019-05-13T17:00:00Z", "2019-05-17T21:00:00Z", "2019-05-26T05:00:00Z"]) {
    assert.equal(flags[times.indexOf(Date.parse(iso))], 1, iso);
  }
  const drawn = await inked(page, ".hk-main canvas");
  assert.ok(drawn > 1000, `the main canvas drew ${drawn} pixels`);
  // The periods and the KQL filter as text.
  const kql = await page.locator(".hk-kql").inputValue();
  const spans = await page.evaluate(() => window.model.get("anomaly_spans"));
  assert.equal(kql.split("between").length - 1, spans.length);
  assert.ok(kql.startsWith("| where TimeGenerated between (datetime(2019-"));
  assert.equal((await page.locator(".hk-periods-list").inputValue()).split("\n").length, spans.length);
  assert.equal(await page.locator(".hk-title").textContent(), "Time Series Anomalies Visualization");
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("the threshold slider re-flags at once and the result follows", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", period: 24 }), CSV);
  const before = await result(page);
  const scores = Array.from(before.getChild("score").toArray());
  const slid = await page.evaluate(async () => {
    const s = document.querySelector(".hk-thr");
    s.value = "2";
    s.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => r()));
    return { ...document.querySelector(".hk-ts").dataset, shown: document.querySelector(".hk-thr-val").textContent };
  });
  const high = scores.filter((s) => s > 2).length;
  const low = scores.filter((s) => s < -2).length;
  assert.equal(slid.threshold, "2");
  assert.equal(slid.shown, "2.00");
  assert.equal(slid.high, String(high), "flagged in the same frame");
  assert.equal(slid.low, String(low));
  await page.evaluate(() => document.querySelector(".hk-thr").dispatchEvent(new Event("change", { bubbles: true })));
  const after = await result(page);
  const flags = flagsOf(after);
  assert.equal(flags.filter((f) => f === 1).length, high);
  assert.equal(flags.filter((f) => f === -1).length, low);
  // The decomposition is the same one: only the flags changed.
  assert.deepEqual(Array.from(after.getChild("baseline").toArray()), Array.from(before.getChild("baseline").toArray()));
  assert.equal(await page.evaluate(() => window.model.get("score_threshold")), 2);
  const kql = await page.locator(".hk-kql").inputValue();
  assert.equal(kql.split("between").length - 1, (await page.evaluate(() => window.model.get("anomaly_spans"))).length);
  // A threshold from the kernel moves the slider.
  await page.evaluate(() => window.model.set("score_threshold", 4));
  await page.waitForFunction(() => document.querySelector(".hk-ts").dataset.threshold === "4");
  assert.equal(await page.locator(".hk-thr").inputValue(), "4");
  await page.close();
});

test("a click, a brush and the arrow keys select input rows; hover shows the point", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", period: 24 }), CSV);
  const table = await result(page);
  const flags = flagsOf(table);
  const anomalies = flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);

  // Hover, then click the point at row 100 (zoomed in, so points are pixels apart).
  await zoomIn(page, csvTimes[100]);
  assert.ok(Number((await data(page)).visible) < 300);
  const p = await pointAt(page, csvTimes[100]);
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector(".hk-tip", { state: "visible" });
  const tip = await page.locator(".hk-tip").textContent();
  assert.match(tip, /TimeGenerated: 2019-05-05 10:00:00\.000/);
  assert.match(tip, /TotalBytesSent: /);
  assert.match(tip, /baseline: /);
  assert.match(tip, /score: /);
  await page.mouse.click(p.x, p.y);
  assert.deepEqual(await selected(page), [100]);

  // Shift+drag from row 95 to row 105.
  const a = await pointAt(page, csvTimes[95] - HOUR / 4);
  const b = await pointAt(page, csvTimes[105] + HOUR / 4);
  await shiftDrag(page, a, b);
  assert.deepEqual(await selected(page), Array.from({ length: 11 }, (_, i) => 95 + i));

  // Escape clears; → goes to the first anomaly after the middle of the view, ← back.
  await page.locator(".hk-ts").focus();
  await page.keyboard.press("Escape");
  assert.deepEqual(await selected(page), []);
  const [d0, d1] = (await data(page)).domain.split(",").map(Number);
  const first = anomalies.findIndex((k) => csvTimes[k] >= (d0 + d1) / 2);
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await selected(page), [anomalies[first]]);
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await selected(page), [anomalies[first + 1]]);
  await page.keyboard.press("ArrowLeft");
  assert.deepEqual(await selected(page), [anomalies[first]]);
  assert.equal(await page.locator(".hk-tip").isVisible(), true);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("the legend hides layers and the range selector zooms", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", period: 24, color: ["navy", "lime", "firebrick"] }), CSV);
  const limePixels = () => page.evaluate(() => {
    const c = document.querySelector(".hk-main canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] > 200 && d[i + 2] < 60 && d[i + 3] > 200) n++;
    return n;
  });
  assert.ok((await limePixels()) > 100);
  await page.locator(".hk-legend button[data-layer=baseline]").click();
  await page.waitForFunction(() => document.querySelector(".hk-legend button[data-layer=baseline]").classList.contains("hk-off"));
  assert.equal(await selected(page), undefined, "a click on the legend selects nothing under it");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await limePixels(), 0);
  await page.locator(".hk-legend button[data-layer=baseline]").click();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.ok((await limePixels()) > 100);

  // Drag the range selector's left edge: the main plot shows only the range left.
  const edge = await page.locator(".hk-range-plot .handle--w").boundingBox();
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 500, edge.y + edge.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const ds = await data(page);
  assert.ok(Number(ds.visible) < 840 && Number(ds.visible) > 50, `${ds.visible} points in view`);
  await page.locator("button", { hasText: "Reset" }).click();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal((await data(page)).visible, "840");
  await page.close();
});

test("a linked view of the same group highlights the selected rows, both ways", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", group: "g1" }), CSV);
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", group: "g1", score_threshold: 2 }, "view2"), CSV);
  await page.evaluate(() => { window.model2 = window.views.view2.model; });
  await zoomIn(page, csvTimes[300]);
  const p = await pointAt(page, csvTimes[300]);
  await page.mouse.click(p.x, p.y);
  assert.deepEqual(await selected(page), [300]);
  await page.waitForFunction(() => document.querySelector("#view2 .hk-ts").dataset.highlighted === "1");
  assert.equal((await data(page, "view2")).selected, "1");
  // The other way: a brush in the second view highlights its rows in the first.
  await zoomIn(page, csvTimes[12], "view2");
  const a = await pointAt(page, csvTimes[10] - HOUR / 4, "view2");
  const b = await pointAt(page, csvTimes[14] + HOUR / 4, "view2");
  await shiftDrag(page, a, b, 4);
  assert.deepEqual(await selected(page, "model2"), [10, 11, 12, 13, 14]);
  await page.waitForFunction(() => document.querySelector("#view .hk-ts").dataset.highlighted === "5");
  await page.close();
});

test("a timeline of the same data and group marks the rows selected here", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTimeline({ data: d, group: "g3", width: 1000 }), CSV);
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent", group: "g3" }), CSV);
  await zoomIn(page, csvTimes[100]);
  const a = await pointAt(page, csvTimes[95] - HOUR / 4);
  const b = await pointAt(page, csvTimes[105] + HOUR / 4);
  await shiftDrag(page, a, b);
  assert.deepEqual(await selected(page), Array.from({ length: 11 }, (_, i) => 95 + i));
  await page.waitForFunction(() => /11 selected in linked views/.test(document.querySelector("#view2 .hk-tl .hk-status").textContent));
  await page.close();
});

test("PNG and SVG export produce files", async () => {
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent" }), CSV);
  for (const label of ["PNG", "SVG"]) {
    const { name, bytes: body } = await exportFile(page, label);
    assert.ok(body.length > 1000, `${label}: ${body.length} bytes`);
    assert.equal(name, `ts_anomalies.${label.toLowerCase()}`);
    if (label === "SVG") assert.match(body.toString("utf8"), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    else assert.deepEqual([...body.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  }
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("Copy puts the KQL filter on the clipboard, or selects it when the clipboard is refused", async () => {
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.url });
  const page = await open();
  await page.evaluate((d) => window.mountTs({ data: d, value_column: "TotalBytesSent" }), CSV);
  const kql = await page.evaluate(() => window.model.get("kql_filter"));
  await page.locator(".hk-periods-head", { hasText: "KQL filter" }).locator("button").click();
  await page.waitForFunction(() => [...document.querySelectorAll(".hk-copied")].some((n) => n.textContent === "copied"));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), kql);
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error("denied")); });
  await page.locator(".hk-periods-head", { hasText: "Anomaly periods" }).locator("button").click();
  await page.waitForFunction(() => [...document.querySelectorAll(".hk-copied")].some((n) => n.textContent.startsWith("selected")));
  const sel = await page.evaluate(() => {
    const box = document.querySelector(".hk-periods-list");
    return { focused: document.activeElement === box, start: box.selectionStart, end: box.selectionEnd, length: box.value.length };
  });
  assert.deepEqual(sel, { focused: true, start: 0, end: sel.length, length: sel.length });
  assert.ok(sel.length > 20);
  await page.close();
});

test("irregular events are bucketed by the engine; a bucket selects its events", async () => {
  const page = await open();
  // 3000 events over 10 days at random minutes, more around 13:00.
  const events = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 3000; i++) {
    const day = Math.floor(rand() * 10);
    const hour = rand() < 0.3 ? 13 : Math.floor(rand() * 24);
    events.push({ TimeGenerated: new Date(t0 + day * 86400000 + hour * HOUR + Math.floor(rand() * 60) * 60000).toISOString(), Account: `user${i % 7}` });
  }
  await page.evaluate((json) => window.mountTs({ data: json, period: 24 }), JSON.stringify(events));
  const status = await page.locator(".hk-status").textContent();
  assert.match(status, /^240 buckets of 1h \(3,000 events\)/);
  const table = await result(page);
  assert.equal(table.numRows, 240);
  assert.equal(table.schema.fields[1].name, "count");
  const bucket = 37;
  const start = Number(table.getChild("TimeGenerated").get(bucket));
  const p = await pointAt(page, start);
  await page.mouse.click(p.x, p.y);
  const rows = await selected(page);
  const expected = events.map((e, i) => [Date.parse(e.TimeGenerated), i]).filter(([t]) => t >= start && t < start + HOUR).map(([, i]) => i);
  assert.deepEqual(rows, expected);
  assert.equal(rows.length, Number(table.getChild("count").get(bucket)));
  // An explicit interval.
  await page.evaluate(() => window.model.set("bucket", "2h"));
  await page.waitForFunction(() => /^120 buckets of 2h/.test(document.querySelector(".hk-status").textContent));
  // Too few buckets for two periods: the engine's error, and nothing left drawn.
  await page.evaluate(() => window.model.set("bucket", "6h"));
  await page.waitForFunction(() => /^too_short: /.test(document.querySelector(".hk-error").textContent));
  assert.equal(await page.locator(".hk-status").textContent(), "");
  await page.close();
});

test("engine errors show as text on the error line", async () => {
  const page = await open();
  const err = await page.evaluate((d) => window.mountTs({ data: d, value_column: "NoSuchColumn" }).then(() => "", (e) => e.message), CSV);
  assert.match(err, /NoSuchColumn/);
  assert.match(await page.locator(".hk-error").textContent(), /^missing_column: column "NoSuchColumn" is not in the data/);
  await page.close();
});

const HOSTILE = [
  `<img src=x onerror=alert(1)>`,
  `</script><script>alert(2)</script>`,
  `javascript:alert(3)`,
  `red;background:url(http://127.0.0.1:9/x)`,
];

test("hostile text in every slot stays text", async () => {
  const page = await open();
  const [img, script, js, css] = HOSTILE;
  // Columns named with markup, a title, reference labels, colours and intervals that try CSS and URLs.
  const n = 200;
  const cols = {
    [img]: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * HOUR).toISOString()),
    [script]: Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + (i === 120 ? 80 : 0)),
    [js]: Array.from({ length: n }, () => css),
  };
  const rows = Array.from({ length: n }, (_, i) => Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[i]])));
  await page.evaluate(([json, img, script, js, css]) => window.mountTs({
    data: json, time_column: img, value_column: script, title: `${img}${script}`, period: 24,
    ref_markers: [{ time: "2024-01-03T00:00:00Z", label: `${img}${js}` }], color: [css, `url(${js})`, "var(--x)"],
    anomalies_column: script, legend: css, kind: img, anomaly_period: null,
  }), [JSON.stringify(rows), img, script, js, css]);
  assert.equal(await page.locator(".hk-title").textContent(), `${img}${script}`);
  const legend = await page.locator(".hk-legend").textContent();
  assert.ok(legend.includes(script.slice(0, 20)));
  const p = await pointAt(page, Date.UTC(2024, 0, 1) + 120 * HOUR);
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector(".hk-tip", { state: "visible" });
  assert.ok((await page.locator(".hk-tip").textContent()).includes(img));
  // Intervals and periods that are not durations: engine errors, shown as text.
  await page.evaluate((css) => window.model.set("bucket", css), css);
  await page.waitForFunction(() => document.querySelector(".hk-error").textContent !== "");
  assert.ok((await page.locator(".hk-error").textContent()).length > 0);
  const found = await page.evaluate(() => {
    const root = document.querySelector(".hk-ts");
    const bad = [...root.querySelectorAll("img, script, iframe, object, embed, a[href]")].length;
    const styled = [...root.querySelectorAll("[style]")].map((n) => n.getAttribute("style")).filter((s) => /url\(|javascript:|var\(/.test(s));
    return { bad, styled };
  });
  assert.deepEqual(found, { bad: 0, styled: [] });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  assert.deepEqual(outside(page), []);
  assert.deepEqual(problems(page), []);
  await page.close();
});
