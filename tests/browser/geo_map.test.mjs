// The map in headless Chromium: GeoIP points on the bundled basemap (nothing fetched from
// outside the page), clusters with counts that split on zoom, the tooltip as text, click,
// Ctrl+click and Shift+drag selection shared with a linked map, Escape and Reset, rows not
// located listed, `result` the located rows with their cluster, light and dark themes,
// PNG/SVG export, and hostile text in every slot.
//
// Run: node --test tests/browser/geo_map.test.mjs   (after `node widgets/build.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { createBasemap } from "../../widgets/src/geo_map/basemap.js";
import { exportFile, inked, outside, problems, shiftDrag, useBrowser } from "./harness.mjs";

const require = createRequire(new URL("../../widgets/package.json", import.meta.url));
const arrow = require("apache-arrow");

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "javascript:alert(3)",
  "red;background:url(http://127.0.0.1:9/x)",
  '"><svg onload=alert(4)>',
];
const WIDTH = 900; // the view's width option: the canvas is 10 pixels narrower
const HEIGHT = 450;
const SEVERITY_NAMES = ["high", "medium", "low", "information"];
const CITIES = { London: [-0.12, 51.5, 120], Sydney: [151.2, -33.87, 40], Lima: [-77.04, -12.05, 15] };

/** A GeoIP lookup: points around three cities, a scatter over Africa, and rows not located. */
function lookup() {
  const rows = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const add = (city, lon, lat, sev) => rows.push({
    IpAddress: `198.51.${rows.length >> 8}.${rows.length & 255}`, CountryCode: city.slice(0, 2).toUpperCase(), CountryOrRegionName: city, State: "", City: city,
    Longitude: lon, Latitude: lat, Asn: 64496 + (rows.length % 10), AsnOrganization: `AS ${city}`, Severity: sev,
  });
  for (const [city, [lon, lat, n]] of Object.entries(CITIES)) {
    for (let i = 0; i < n; i++) add(city, lon + (rand() - 0.5) * 0.3, lat + (rand() - 0.5) * 0.3, ["high", "low", "information"][i % 3]);
  }
  for (let i = 0; i < 60; i++) add("Africa", 10 + rand() * 25, -20 + rand() * 30, "medium");
  for (let i = 0; i < 5; i++) add("Unknown", null, null, "unknown");
  return rows;
}

function ipcOf(rows) {
  const cols = {};
  for (const k of Object.keys(rows[0])) {
    const type = k === "Latitude" || k === "Longitude" ? new arrow.Float64() : k === "Asn" ? new arrow.Int32() : new arrow.Utf8();
    cols[k] = arrow.vectorFromArray(rows.map((r) => r[k]), type);
  }
  return arrow.tableToIPC(new arrow.Table(cols), "stream");
}

const ROWS = lookup();
const env = useBrowser({
  async setup() {
    await env.put("geo.arrow", ipcOf(ROWS));
    const n = 100_000;
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < n; i++) {
      lat[i] = -55 + rand() * 125;
      lon[i] = -180 + rand() * 360;
    }
    await env.put("geo-100k.arrow", arrow.tableToIPC(new arrow.Table({
      IpAddress: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`), new arrow.Utf8()),
      Latitude: arrow.makeVector(lat),
      Longitude: arrow.makeVector(lon),
      Severity: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => SEVERITY_NAMES[i % 4]), new arrow.Utf8()),
    }), "stream"));
    const hostile = ROWS.slice(0, 30).map((r, i) => ({ ...r, IpAddress: PAYLOADS[i % 5], City: PAYLOADS[(i + 1) % 5], Severity: PAYLOADS[(i + 2) % 5], [PAYLOADS[0]]: PAYLOADS[3] }));
    hostile.push({ ...hostile[0], Latitude: null, IpAddress: PAYLOADS[1] });
    await env.put("geo-hostile.arrow", ipcOf(hostile));
  },
});

const open = () => env.open("/tests/browser/geo_map.html", { width: 1100, height: 1000 });
const map = createBasemap(WIDTH - 10, HEIGHT);

/** The page point of [lon, lat] at the first (whole-world) view of the map in `scope`. */
async function at(page, lonLat, scope = "#view") {
  const box = await page.locator(`${scope} canvas`).boundingBox();
  const [x, y] = map.project(lonLat);
  return { x: box.x + x, y: box.y + y };
}

async function result(page) {
  const bytes = await page.evaluate(() => {
    const v = window.model.get("result");
    return v ? Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) : null;
  });
  return arrow.tableFromIPC(Uint8Array.from(bytes)).toArray().map((r) => r.toJSON());
}

const selected = (page, model = "model") => page.evaluate((m) => window[m].get("selected_indices"), model);
const rowsOf = (city) => ROWS.map((r, i) => (r.City === city ? i : -1)).filter((i) => i >= 0);
const markers = async (page) => Number((await page.locator("#view .hk-status").textContent()).match(/([\d,]+) markers?/)[1].replace(",", ""));

test("draws the offline basemap and clustered points; hover, click, box, zoom, link, theme", async () => {
  const page = await open();
  await page.evaluate(([w, h]) => window.mountView({ data: "/gen/geo.arrow", width: w, height: h, color_column: "Severity", title: "Sign-ins", group: "geo" }), [WIDTH, HEIGHT]);
  await page.evaluate(([w, h]) => window.mountView({ data: "/gen/geo.arrow", width: w, height: h, group: "geo" }, "other"), [WIDTH, HEIGHT]);
  assert.equal(await page.locator("#view .hk-geo").getAttribute("data-ready"), "1");
  assert.equal(await page.locator("#view .hk-title").textContent(), "Sign-ins");
  const located = ROWS.length - 5;
  assert.match(await page.locator("#view .hk-status").textContent(), new RegExp(`^${located} of ${ROWS.length} rows located · \\d+ markers$`));
  const first = await markers(page);
  assert.ok(first < 40, `${first} markers for ${located} points: clustered`);
  assert.ok((await inked(page, "#view canvas")) > 0.9 * (WIDTH - 10) * HEIGHT * 0.5, "the basemap is drawn");
  assert.match(await page.locator("#view .hk-geo-missing summary").textContent(), /^Not located: 5 rows without coordinates$/);
  assert.match(await page.locator("#view .hk-geo-legend").textContent(), /^Severity:highmediumlowinformation$/);
  // result: the located rows, in input order, with their input position and cluster.
  let res = await result(page);
  assert.equal(res.length, located);
  assert.deepEqual(res.map((r) => r.source_row), ROWS.map((r, i) => (r.Latitude === null ? -1 : i)).filter((i) => i >= 0));
  const londonRows = rowsOf("London");
  const clustersOf = (r, rows) => new Set(r.filter((x) => rows.includes(x.source_row)).map((x) => x.cluster));
  assert.ok(clustersOf(res, londonRows).size <= 4, "London's points share a marker or a few");

  // Hover on London: the cluster's count and labels, as text.
  const london = await at(page, [CITIES.London[0], CITIES.London[1]]);
  await page.mouse.move(london.x, london.y);
  await page.waitForSelector("#view .hk-tip:not([hidden])");
  const tip = await page.locator("#view .hk-tip").textContent();
  const count = Number(tip.match(/^(\d+) points/)[1]);
  assert.ok(count >= 30, tip);
  assert.match(tip, /198\.51\.\d+\.\d+/);
  // Click: the cluster's rows, which are London's; the linked map follows.
  await page.mouse.click(london.x, london.y);
  let sel = await selected(page);
  assert.equal(sel.length, count);
  assert.ok(sel.every((r) => londonRows.includes(r)));
  await page.waitForFunction((n) => window.otherModel.get("selected_indices").length === n, count);
  assert.match(await page.locator("#other .hk-status").textContent(), new RegExp(`${count} selected$`));
  // Shift+drag a box around Sydney: exactly Sydney's rows (Ctrl adds them to London's).
  const sydney = await at(page, [CITIES.Sydney[0], CITIES.Sydney[1]]);
  await page.keyboard.down("Control");
  await shiftDrag(page, { x: sydney.x - 12, y: sydney.y - 12 }, { x: sydney.x + 12, y: sydney.y + 12 });
  await page.keyboard.up("Control");
  sel = await selected(page);
  assert.deepEqual(sel.filter((r) => !londonRows.includes(r)), rowsOf("Sydney"));
  await shiftDrag(page, { x: sydney.x - 12, y: sydney.y - 12 }, { x: sydney.x + 12, y: sydney.y + 12 });
  assert.deepEqual(await selected(page), rowsOf("Sydney"));
  // Escape clears (the canvas has the focus).
  await page.locator("#view canvas").focus();
  await page.keyboard.press("Escape");
  assert.deepEqual(await selected(page), []);

  // Zoom in on London: clusters split, and result's clusters follow once the zoom settles.
  await page.mouse.move(london.x, london.y);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -400);
  await page.waitForFunction((n) => Number(document.querySelector("#view .hk-status").textContent.match(/([\d,]+) markers?/)[1]) !== n, first);
  await page.waitForTimeout(400);
  res = await result(page);
  assert.ok(clustersOf(res, londonRows).size > 4, `London split into ${clustersOf(res, londonRows).size} markers`);
  await page.click("#view button:has-text('Reset')");
  await page.waitForFunction((n) => Number(document.querySelector("#view .hk-status").textContent.match(/([\d,]+) markers?/)[1]) === n, first);

  // Dark: the class, and the sea drawn darker.
  const sea = async () => page.evaluate(() => {
    const c = document.querySelector("#view canvas");
    const d = c.getContext("2d").getImageData(Math.round(c.width * 0.05), Math.round(c.height * 0.5), 1, 1).data;
    return d[0] + d[1] + d[2];
  });
  const light = await sea();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForSelector("#view .hk-geo.hk-dark");
  await page.waitForTimeout(100);
  assert.ok((await sea()) < light - 200, "the dark theme's basemap");
  assert.deepEqual(problems(page), []);
  assert.deepEqual(outside(page), [], "the basemap is bundled: nothing is fetched from outside");
  await page.close();
});

test("100,000 points: loaded, clustered and drawn in interactive time", async () => {
  const page = await open();
  const ms = await page.evaluate(([w, h]) => window.mountView({ data: "/gen/geo-100k.arrow", width: w, height: h, color_column: "Severity" }), [WIDTH, HEIGHT]);
  assert.match(await page.locator("#view .hk-status").textContent(), /^100,000 of 100,000 rows located · [\d,]+ markers$/);
  const box = await page.locator("#view canvas").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const frames = [];
  for (let i = 0; i < 6; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(60);
    frames.push(Number(await page.locator("#view .hk-geo").getAttribute("data-draw-ms")));
  }
  const worst = Math.max(...frames);
  console.log(`geo_map 100k points: ${ms.toFixed(0)} ms to draw, zoom frames ${frames.join(", ")} ms`);
  assert.ok(ms < 8000, `${ms} ms to the first drawing`);
  assert.ok(worst < 250, `a zoom frame took ${worst} ms`);
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("exports PNG and SVG with the map", async () => {
  const page = await open();
  await page.evaluate(([w, h]) => window.mountView({ data: "/gen/geo.arrow", width: w, height: h }), [WIDTH, HEIGHT]);
  for (const label of ["SVG", "PNG"]) {
    const { name, bytes } = await exportFile(page, label, "#view");
    assert.equal(name, `geo_map.${label.toLowerCase()}`);
    assert.ok(bytes.length > 10000, `${label}: ${bytes.length} bytes`);
    if (label === "SVG") assert.ok(bytes.toString("utf8").includes("<image"), "the canvas is in the export");
  }
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("hostile text in every slot stays text: cells, column names, options, tooltip, export", async () => {
  const page = await open();
  await page.evaluate(([w, h, p]) => window.mountView({
    data: "/gen/geo-hostile.arrow", width: w, height: h, title: p[1], theme: p[3], color_column: "Severity", label_column: "IpAddress", source_columns: [p[0], "City"],
  }), [WIDTH, HEIGHT, PAYLOADS]);
  assert.equal(await page.locator("#view .hk-error").textContent(), "");
  assert.equal(await page.locator("#view .hk-title").textContent(), PAYLOADS[1]);
  const legend = await page.locator("#view .hk-geo-legend").textContent();
  for (const p of PAYLOADS) assert.ok(legend.includes(p), `legend: ${p}`);
  assert.equal(await page.locator("#view .hk-geo-missing li").textContent(), PAYLOADS[1]);
  // Zoom to street level over London so single points show; hover one.
  const london = await at(page, [CITIES.London[0], CITIES.London[1]]);
  await page.mouse.move(london.x, london.y);
  await page.mouse.move(london.x + 1, london.y);
  await page.waitForSelector("#view .hk-tip:not([hidden])");
  const tip = await page.locator("#view .hk-tip").textContent();
  assert.ok(PAYLOADS.some((p) => tip.includes(p)), tip);
  await page.locator("#view canvas").focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("+");
  await page.waitForTimeout(100);
  await page.mouse.move(london.x + 2, london.y);
  await page.evaluate((p) => {
    window.model.set("color_column", p);
    window.model.save_changes();
  }, PAYLOADS[4]);
  assert.equal(await page.locator("#view .hk-error").textContent(), `column_not_found: colour column '${PAYLOADS[4]}' is not in the data`);
  const svg = (await exportFile(page, "SVG", "#view")).bytes.toString("utf8");
  assert.ok(!svg.includes("<img") && !svg.includes("<script") && !svg.includes("<svg onload"), "the export escapes text");
  const foreign = await page.evaluate(() => document.querySelectorAll("#view img, #view script, #view iframe, #view a, #view [onerror], #view [onload]").length);
  assert.equal(foreign, 0);
  assert.deepEqual(problems(page), []);
  assert.ok(!page.requests.some((u) => u.includes(":9/")), "no request from a hostile style");
  await page.close();
});
