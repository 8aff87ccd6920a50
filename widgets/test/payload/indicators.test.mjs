// The indicator store: matches per layer with the engine's spans, the table's filter, the
// refanged values copied, and the Arrow table Python reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { engine } from "./engine.mjs";
import { createIndicators, filterRows, indicatorTable, occurrences, refanged } from "../../src/payload/indicators.js";

const text = "get hxxp://evil[.]example.com/a then 203.0.113.7 and mail bob@corp.example.org";

test("matches are kept per layer, in text order, and listed in layer order", () => {
  const store = createIndicators();
  const { matches } = engine.extractIocs(text, { utf16Offsets: true });
  store.set(3, matches);
  store.set(0, [{ iocType: "ipv4", value: "8.8.8.8", raw: "8.8.8.8", start: 0, end: 7, defanged: false }, { iocType: "bad", start: 5, end: 5 }]);
  assert.equal(store.of(0).length, 1, "an empty span is dropped");
  assert.equal(store.count(), 6);
  const rows = store.all();
  assert.equal(matches.length, 5, "url, its domain, the address, the e-mail and its domain");
  assert.deepEqual(rows.map((r) => r.node), [0, 3, 3, 3, 3, 3]);
  const layer3 = store.of(3);
  for (let i = 1; i < layer3.length; i++) assert.ok(layer3[i - 1].start <= layer3[i].start);
  for (const r of layer3) assert.equal(text.slice(r.start, r.end), r.raw, "the engine's UTF-16 spans");
  const url = layer3.find((r) => r.type === "url");
  assert.equal(url.value, "http://evil.example.com/a");
  assert.equal(url.defanged, true);
  assert.deepEqual(store.types()[0], ["dns", 2]);
  assert.equal(store.colourOf("url"), "#0969da");
  assert.notEqual(store.colourOf("my_custom"), store.colourOf("other_custom"));
  assert.ok(store.has(3) && !store.has(1));
  store.clear();
  assert.deepEqual(store.all(), []);
  assert.equal(store.count(), 0);
});

test("every occurrence is marked; the table lists each indicator once", () => {
  const twice = "beacon to 203.0.113.7 \u00e9 then 203.0.113.7 and hxxp://x[.]example.com/ and http://x.example.com/";
  const { matches } = engine.extractIocs(twice, { utf16Offsets: true, allOccurrences: true });
  const store = createIndicators();
  store.set(1, matches);
  assert.equal(store.of(1).length, 3, "address, URL, domain: once each");
  const marks = store.marks(1);
  const ips = marks.filter((m) => m.type === "ipv4");
  assert.deepEqual(ips.map((m) => twice.slice(m.start, m.end)), ["203.0.113.7", "203.0.113.7"]);
  assert.equal(ips[1].repeat, true);
  assert.deepEqual(marks.filter((m) => m.type === "url").map((m) => twice.slice(m.start, m.end)), ["hxxp://x[.]example.com/", "http://x.example.com/"]);
  for (let i = 1; i < marks.length; i++) assert.ok(marks[i - 1].start <= marks[i].start, "in text order");
  assert.deepEqual(occurrences(matches, 1).map((m) => [m.start, m.end]), marks.map((m) => [m.start, m.end]), "raw matches normalise the same");
  store.set(1, [{ iocType: "ipv4", value: "1.1.1.1", raw: "1.1.1.1", start: 0, end: 7, repeats: [[9, 9], "bad", [10, 17]] }]);
  assert.deepEqual(store.marks(1).map((m) => m.start), [0, 10], "empty and malformed spans are dropped");
});

test("filter by text and type; refanged values are distinct", () => {
  const store = createIndicators();
  store.set(1, engine.extractIocs(text, { utf16Offsets: true }).matches);
  const rows = store.all();
  const pick = (opts) => filterRows(rows, opts).map((i) => rows[i].type).sort();
  assert.deepEqual(pick({ text: "EVIL" }), ["dns", "url"]);
  assert.deepEqual(pick({ text: "[.]" }), ["dns", "url"], "raw text matches too");
  assert.deepEqual(pick({ hidden: new Set(["dns", "url"]) }), ["email", "ipv4"]);
  assert.deepEqual(pick({ text: "1.2", layerOf: (n) => `1.2.${n}` }).length, rows.length, "layer label");
  assert.deepEqual(refanged([...rows, ...rows]).length, rows.length);
});

test("the Arrow table for Python", () => {
  const store = createIndicators();
  store.set(0, engine.extractIocs("8.8.8.8", { utf16Offsets: true }).matches);
  store.set(1, engine.extractIocs(text, { utf16Offsets: true }).matches);
  const model = { nodes: [{ kind: "source", row: 4, ref: "" }, { kind: "layer", row: 4, ref: "1.2" }] };
  const table = indicatorTable(store.all(), model, engine.arrow);
  assert.deepEqual(table.schema.fields.map((f) => f.name), ["IoCType", "Observable", "raw", "defanged", "SourceIndex", "Layer", "start", "end"]);
  assert.equal(table.numRows, 6);
  const row = (i) => table.get(i).toJSON();
  assert.deepEqual({ ...row(0) }, { IoCType: "ipv4", Observable: "8.8.8.8", raw: "8.8.8.8", defanged: false, SourceIndex: 4, Layer: "source", start: 0, end: 7 });
  assert.equal(row(1).Layer, "1.2");
  const round = engine.arrow.tableFromIPC(engine.arrow.tableToIPC(table, "stream"));
  assert.equal(round.numRows, 6);
});

test("Utf8 vectors in one buffer: lengths as TextEncoder writes them", async () => {
  const { utf8Length, utf8Vector } = await import("../../src/payload/indicators.js");
  const strings = ["", "abc", "é", "€", "😀", "a\ud800b", "\udc00", "x\ud83d"];
  for (const s of strings) assert.equal(utf8Length(s), new TextEncoder().encode(s).length, JSON.stringify(s));
  const v = utf8Vector(engine.arrow, strings);
  const back = engine.arrow.tableFromIPC(engine.arrow.tableToIPC(new engine.arrow.Table({ s: v }), "stream")).getChild("s").toArray();
  assert.deepEqual(back, strings.map((s) => new TextDecoder().decode(new TextEncoder().encode(s))));
});
