// The map under Node: the modules (points, clustering, hit tests, colours, result) and the
// whole view rendered into the DOM stand-in (which refuses markup, with recording canvas
// contexts) with the real engine: the basemap and the clusters drawn, rows without
// coordinates listed, `result` the located rows with their cluster, selection from the
// kernel and the group, zoom splitting clusters, hostile text, destroy.
import { test, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { provideEngine } from "../../src/common/engine.js";
import { joinGroup } from "../../src/common/link.js";
import view from "../../src/geo_map.js";
import { createBasemap } from "../../src/geo_map/basemap.js";
import { clusterPoints, hitCluster, pointsInBox, radiusOf } from "../../src/geo_map/cluster.js";
import { countLabel, dominant } from "../../src/geo_map/draw.js";
import { readOptions } from "../../src/geo_map/options.js";
import { baseXY, colourScale, readPoints } from "../../src/geo_map/points.js";
import { freeName } from "../../src/geo_map/result.js";
import { SEVERITY_COLOURS } from "../../src/ti_browser/severity.js";
import { elementsOf } from "../fake-dom.mjs";
import { installCanvasDom } from "../fakes.mjs";
import { arrow, engine } from "../engine.mjs";

provideEngine(engine);
globalThis.navigator ??= { maxTouchPoints: 0 }; // d3-zoom asks
before(() => {
  globalThis.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0);
  globalThis.cancelAnimationFrame = (id) => clearTimeout(id);
});
beforeEach(() => installCanvasDom());
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const EVIL = "<img src=x onerror=alert(1)>";

/** A GeoIP lookup: three points near London, two in Sydney, one in Seattle, two not located. */
export function geoRows() {
  const row = (IpAddress, City, CountryCode, Latitude, Longitude, Severity) => ({
    IpAddress, CountryCode, CountryOrRegionName: CountryCode, State: "", City, Longitude, Latitude, Asn: 64500, AsnOrganization: "Example AS", Severity,
  });
  return [
    row("81.2.69.142", "London", "GB", 51.5142, -0.0931, "high"),
    row("81.2.69.160", "London", "GB", 51.5, -0.12, "low"),
    row("10.0.0.1", null, null, null, null, "information"),
    row("81.2.69.192", "Croydon", "GB", 51.38, -0.1, "high"),
    row("1.128.0.1", "Sydney", "AU", -33.87, 151.21, "medium"),
    row("1.128.0.2", "Sydney", "AU", -33.86, 151.2, "medium"),
    row("2001:db8::1", "Nowhere", "XX", 95, 10, "low"),
    row("216.160.83.56", "Milton", "US", 47.25, -122.31, "information"),
  ];
}

export function ipcOfRows(rows) {
  const cols = {};
  for (const k of Object.keys(rows[0])) {
    const num = ["Latitude", "Longitude"].includes(k);
    const type = num ? new arrow.Float64() : k === "Asn" ? new arrow.Int32() : new arrow.Utf8();
    cols[k] = arrow.vectorFromArray(rows.map((r) => r[k]), type);
  }
  return arrow.tableToIPC(new arrow.Table(cols), "stream");
}

async function mount(traits) {
  const model = createModel({ data: ipcOfRows(geoRows()), selected_indices: [], width: 800, height: 400, ...traits });
  const el = document.createElement("div");
  document.body.appendChild(el);
  const destroy = view.render({ model, el });
  const root = el.querySelector(".hk-geo");
  for (let i = 0; i < 200 && root.dataset.ready !== "1"; i++) await tick();
  await tick(20);
  const result = () => {
    const v = model.get("result");
    return arrow.tableFromIPC(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).toArray().map((r) => r.toJSON());
  };
  const ctx = root.querySelector("canvas").getContext("2d");
  return { model, el, root, destroy, result, ctx };
}

test("points: located rows, not-located rows, labels and colours", () => {
  const table = arrow.tableFromIPC(ipcOfRows(geoRows()));
  const opts = readOptions(createModel({ color_column: "Severity" }));
  const p = readPoints(table, opts);
  assert.deepEqual(Array.from(p.rows), [0, 1, 3, 4, 5, 7]);
  assert.deepEqual(p.missing, [2, 6], "null and out-of-range coordinates");
  assert.deepEqual(p.labels.slice(0, 2), ["81.2.69.142", "81.2.69.160"]);
  const sev = colourScale(p.keys, true);
  assert.equal(sev.isSeverity, true);
  assert.equal(sev.colourOf("high"), SEVERITY_COLOURS.dark.high);
  const cat = colourScale(["a", "b", "a"], false);
  assert.equal(cat.isSeverity, false);
  assert.notEqual(cat.colourOf("a"), cat.colourOf("b"));
  assert.throws(() => readPoints(table, { ...opts, latitude: "Lat" }), (e) => e.code === "column_not_found" && /latitude column 'Lat'/.test(e.message));
  assert.deepEqual(readOptions(createModel({ cluster_radius: 1e9, height: -1 })).clusterRadius, 200);
});

test("clusters: near points share a cell and split as the zoom grows; hits and boxes", () => {
  const table = arrow.tableFromIPC(ipcOfRows(geoRows()));
  const p = readPoints(table, readOptions(createModel({})));
  const map = createBasemap(800, 400);
  const { bx, by } = baseXY(p, map.project);
  const far = clusterPoints(bx, by, { k: 1, x: 0, y: 0 }, 40);
  const sizes = far.clusters.map((c) => c.members.length).sort();
  assert.deepEqual(sizes, [1, 2, 3], "London area, Sydney, Seattle");
  assert.equal(far.of[0], far.of[1]);
  const near = clusterPoints(bx, by, { k: 256, x: -256 * bx[0] + 400, y: -256 * by[0] + 200 }, 40);
  assert.notEqual(near.of[0], near.of[2], "London and Croydon apart at street level");
  const none = clusterPoints(bx, by, { k: 1, x: 0, y: 0 }, 0);
  assert.equal(none.clusters.length, 6, "radius 0: no clustering");
  const london = far.clusters[far.of[0]];
  assert.equal(hitCluster(far.clusters, london.x + 2, london.y - 2), far.of[0]);
  assert.equal(hitCluster(far.clusters, 1, 1), -1);
  assert.deepEqual(pointsInBox(bx, by, { k: 1, x: 0, y: 0 }, london.x + 30, london.y + 30, london.x - 30, london.y - 30), [0, 1, 2]);
  assert.equal(radiusOf(1), 4);
  assert.ok(radiusOf(1000) > radiusOf(2));
  assert.equal(countLabel(1234), "1.2k");
  assert.equal(dominant([0, 1, 2], ["r", "g", "g"]), "g");
  assert.equal(freeName(["cluster", "cluster_1"], "cluster"), "cluster_2");
});

test("draws the basemap and the markers; result, not located, legend; nothing is markup", async () => {
  const v = await mount({ color_column: "Severity", title: EVIL });
  assert.equal(v.root.dataset.ready, "1");
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  assert.equal(v.root.querySelector(".hk-title").textContent, EVIL);
  assert.equal(v.root.querySelector(".hk-status").textContent, "6 of 8 rows located · 3 markers");
  const calls = v.ctx.calls;
  assert.ok(calls.filter((c) => c[0] === "arc").length >= 3, "the markers");
  assert.ok(calls.filter((c) => c[0] === "fill").length > 3, "sea, land and markers filled");
  assert.ok(calls.some((c) => c[0] === "fillText" && c[1] === "3"), "the London cluster's count");
  const res = v.result();
  assert.deepEqual(res.map((r) => r.source_row), [0, 1, 3, 4, 5, 7]);
  assert.deepEqual(res.map((r) => r.IpAddress).slice(0, 2), ["81.2.69.142", "81.2.69.160"]);
  assert.equal(res[0].cluster, res[1].cluster);
  assert.notEqual(res[0].cluster, res[3].cluster);
  assert.match(v.root.querySelector("summary").textContent, /^Not located: 2 rows without coordinates$/);
  assert.deepEqual(v.root.querySelectorAll("li").map((l) => l.textContent), ["10.0.0.1", "2001:db8::1"]);
  assert.match(v.root.querySelector(".hk-geo-legend").textContent, /^Severity:highmediumlowinformation$/);
  assert.ok(elementsOf(v.root).every((n) => ["DIV", "STYLE", "BUTTON", "SPAN", "CANVAS", "DETAILS", "SUMMARY", "UL", "LI", "B", "BR"].includes(n.tagName)));
  v.destroy();
  assert.equal(v.el.children.length, 0);
});

test("selection from the kernel and the group rings the markers; clicks and Escape", async () => {
  const v = await mount({ group: "geo" });
  const heard = [];
  const peer = createModel({ group: "geo" });
  const link = joinGroup(peer, (rows) => heard.push(rows));
  v.model.set("selected_indices", [4, 2]);
  assert.match(v.root.querySelector(".hk-status").textContent, /2 selected$/, "row 2 is not located, but a row of the data");
  link.publish([0, 1, 3]);
  assert.deepEqual(v.model.get("selected_indices"), [0, 1, 3]);
  await tick(20);
  assert.ok(v.ctx.calls.some((c) => c[0] === "lineWidth=" && c[1] === 2.5), "a ringed marker");
  // A click on the London cluster selects its three rows; on the sea, nothing.
  const canvas = v.root.querySelector("canvas");
  const table = arrow.tableFromIPC(ipcOfRows(geoRows()));
  const p = readPoints(table, readOptions(v.model));
  const { bx, by } = baseXY(p, createBasemap(790, 400).project);
  canvas.dispatchEvent(Object.assign(new Event("click"), { clientX: bx[4], clientY: by[4] }));
  assert.deepEqual(v.model.get("selected_indices"), [4, 5]);
  assert.deepEqual(heard.at(-1), [4, 5]);
  canvas.dispatchEvent(Object.assign(new Event("click"), { clientX: bx[0], clientY: by[0], ctrlKey: true }));
  assert.deepEqual(v.model.get("selected_indices"), [0, 1, 3, 4, 5]);
  // Hover describes the cluster as text.
  canvas.dispatchEvent(Object.assign(new Event("pointermove"), { clientX: bx[5], clientY: by[5] }));
  const tip = v.root.querySelector(".hk-tip");
  assert.equal(tip.hidden, false);
  assert.match(tip.textContent, /^216\.160\.83\.56CountryCode: US/);
  assert.match(tip.textContent, /City: Milton/);
  canvas.dispatchEvent(Object.assign(new Event("keydown"), { key: "Escape", preventDefault() {} }));
  assert.deepEqual(v.model.get("selected_indices"), []);
  link.leave();
  v.destroy();
});

test("hostile text in cells, column names and options stays text; bad columns report", async () => {
  const rows = geoRows().map((r) => ({ ...r, IpAddress: `${EVIL}${r.IpAddress}`, City: EVIL, [EVIL]: EVIL }));
  const v = await mount({ data: ipcOfRows(rows), color_column: EVIL, source_columns: [EVIL, "City"], label_column: "IpAddress" });
  assert.equal(v.root.querySelector(".hk-error").textContent, "");
  assert.ok(v.root.querySelector(".hk-geo-legend").textContent.includes(EVIL));
  assert.ok(v.root.querySelectorAll("li").every((l) => l.textContent.startsWith(EVIL)));
  assert.ok(!v.ctx.calls.some((c) => c[0] === "fillText" && String(c[1]).includes("<")), "only counts on the canvas");
  v.model.set("latitude_column", EVIL);
  assert.equal(v.root.querySelector(".hk-status").textContent, "0 of 8 rows located · 0 markers", "text is no coordinate");
  v.model.set("latitude_column", `${EVIL}!`);
  assert.equal(v.root.querySelector(".hk-error").textContent, `column_not_found: latitude column '${EVIL}!' is not in the data`);
  assert.equal(v.root.dataset.ready, "1");
  v.destroy();
});
