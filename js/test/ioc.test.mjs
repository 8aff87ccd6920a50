import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { init, extractIocs, extractIocsTable, iocTypes, HuntkitError } from "../dist/index.js";

const data = (name) => readFile(new URL(`../../examples/data/${name}`, import.meta.url));

await init();

test("extractIocs refangs, normalises and gives UTF-16 spans", () => {
  const text = "émoji 🚀 beacon hxxps://evil[.]example[.]com/a from 206[.]123.1.123 and user[at]bad(.)org";
  const r = extractIocs(text);
  assert.deepEqual(r.byType.url, ["https://evil.example.com/a"]);
  assert.deepEqual(r.byType.ipv4, ["206.123.1.123"]);
  assert.deepEqual(r.byType.email, ["user@bad.org"]);
  for (const m of r.matches) assert.equal(text.slice(m.start, m.end), m.raw);
  const url = r.matches.find((m) => m.iocType === "url");
  assert.equal(url.raw, "hxxps://evil[.]example[.]com/a");
  assert.equal(url.defanged, true);
  assert.equal(r.truncated, false);
});

test("compat msticpy keeps MSTICPy's results, quirks included", () => {
  const r = extractIocs("206[.]123.1.123 12:30:45", { compat: "msticpy" });
  assert.deepEqual(r.byType.ipv4, ["206[.]123.1.123"]);
  assert.deepEqual(r.byType.ipv6, ["12:30:45"]);
  assert.equal(extractIocs("12:30:45").byType.ipv6, undefined);
});

test("extractIocsTable matches MSTICPy's extract_df rows", () => {
  const rows = [
    { a: "1.2.3.4 x", b: "evil.com" },
    { a: "nothing", b: "5.6.7.8" },
  ];
  const out = extractIocsTable(rows, ["a", "b"], { output: "objects" });
  assert.deepEqual(
    out.map((r) => [r.IoCType, r.Observable, Number(r.SourceIndex), r.Input, r.Column]),
    [
      ["ipv4", "1.2.3.4", 0, "1.2.3.4 x", "a"],
      ["dns", "evil.com", 0, "evil.com", "b"],
      ["ipv4", "5.6.7.8", 1, "5.6.7.8", "b"],
    ],
  );
  const t = extractIocsTable(rows, "a");
  assert.equal(t.numRows, 1);
  assert.deepEqual(t.schema.fields.map((f) => f.name), ["IoCType", "Observable", "SourceIndex", "Input", "raw", "start", "end", "Column"]);
});

test("extractIocsTable reads the example command lines", async () => {
  const bytes = await data("processes_on_host.csv");
  const t = extractIocsTable(bytes, ["CommandLine"], { includePaths: true, output: "objects" });
  assert.ok(t.some((r) => r.IoCType === "windows_path"));
  for (const r of t.slice(0, 200)) assert.equal(r.Input.slice(Number(r.start), Number(r.end)), r.raw);
});

test("options and errors", () => {
  assert.deepEqual(extractIocs("10.0.0.1 8.8.8.8", { excludePrivateIps: true }).byType.ipv4, ["8.8.8.8"]);
  const custom = extractIocs("ticket INC123456", { customTypes: [{ name: "ticket", pattern: "INC[0-9]{6}" }] });
  assert.deepEqual(custom.byType.ticket, ["INC123456"]);
  assert.throws(() => extractIocs("x", { customTypes: [{ name: "bad", pattern: "(" }] }), (e) => e instanceof HuntkitError && e.code === "invalid_pattern");
  assert.throws(() => extractIocs("x", { types: ["nope"] }), (e) => e.code === "unknown_type");
  assert.throws(() => extractIocsTable([{ a: "x" }], ["missing"]), (e) => e.code === "column_not_found");
  assert.throws(() => extractIocs(42), (e) => e.code === "invalid_input");
  const types = iocTypes();
  assert.ok(types.all.includes("bitcoin_address") && !types.table.includes("linux_path"));
});
