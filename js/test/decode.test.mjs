import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { init, decode, decodeTable, HuntkitError } from "../dist/index.js";

const data = (name) => readFile(new URL(`../../examples/data/${name}`, import.meta.url), "utf8");
const expected = JSON.parse(
  await readFile(new URL("../../crates/huntkit-decode/tests/fixtures/msticpy_expected.json", import.meta.url), "utf8"),
);
const fixture = (name) => expected.find((c) => c.name === name).expected;

await init();

test("decode matches MSTICPy on base64msg.txt in compat mode", async () => {
  const text = await data("base64msg.txt");
  const out = decode(text, { compat: "msticpy" });
  const want = fixture("base64msg");
  assert.equal(out.text, want.text);
  assert.equal(out.records.numRows, 8);
  assert.equal(out.records.numCols, 12);
  const md5 = out.records.getChild("md5").toArray();
  assert.deepEqual(Array.from(md5), want.records.map((r) => r.md5));
  const refs = Array.from(out.records.getChild("reference").toArray());
  assert.deepEqual(refs, want.records.map((r) => r.reference.join("")));
  assert.equal(out.truncated, false);
});

test("decode finds PowerShell UTF-16 by default and returns plain objects on request", () => {
  const enc = Buffer.from("Write-Host 'hello'", "utf16le").toString("base64");
  const out = decode(`powershell -enc ${enc}`, { output: "objects" });
  assert.equal(out.records.length, 1);
  assert.equal(out.records[0].encoding_type, "utf-16");
  assert.equal(out.records[0].decoded_string, "Write-Host 'hello'");
  assert.equal(out.records[0].status, "ok");
  assert.match(out.text, /^powershell -enc <decoded type='string' name='unknown' index='1' depth='1'>Write-Host 'hello'<\/decoded>$/);
});

test("decodeTable gives MSTICPy's 16 x 15 on the two-row table", async () => {
  const text = await data("base64msg.txt");
  const rows = [{ input: text }, { input: text }];
  const table = decodeTable(rows, "input", { compat: "msticpy" });
  assert.equal(table.numRows, 16);
  assert.equal(table.numCols, 15);
  const want = fixture("df_two_rows");
  assert.deepEqual(table.schema.fields.map((f) => f.name), want.columns);
  const objects = decodeTable(rows, "input", { compat: "msticpy", output: "objects" });
  assert.deepEqual(objects.map((r) => Number(r.src_index)), want.records.map((r) => r.src_index));
});

test("limits and errors surface with codes", () => {
  assert.throws(() => decode("x", { maxDepth: 0 }), (e) => e instanceof HuntkitError && e.code === "invalid_option");
  assert.throws(() => decodeTable([{ a: "x" }], "nope"), (e) => e instanceof HuntkitError && e.code === "column_not_found");
  const many = Array.from({ length: 20 }, (_, i) => Buffer.from(`item number ${i} in a long list`).toString("base64"));
  const out = decode(many.join(" "), { maxItems: 5 });
  assert.equal(out.truncated, true);
  assert.equal(out.records.numRows, 5);
});
