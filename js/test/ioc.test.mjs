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

test("allOccurrences lists each later occurrence's UTF-16 span", () => {
  const text = "😀 evil[.]example.com then evil.example.com and evil.example.com";
  const once = extractIocs(text, { types: ["dns"] }).matches;
  assert.equal(once.length, 1);
  assert.equal(once[0].repeats, undefined);
  const [m] = extractIocs(text, { types: ["dns"], allOccurrences: true }).matches;
  assert.equal(text.slice(m.start, m.end), "evil[.]example.com");
  assert.deepEqual(m.repeats.map(([a, z]) => text.slice(a, z)), ["evil.example.com", "evil.example.com"]);
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
  const out = extractIocsTable(rows, ["a", "b"], { output: "objects", includeInput: true });
  assert.deepEqual(
    out.map((r) => [r.IoCType, r.Observable, Number(r.SourceIndex), r.Input, r.Column]),
    [
      ["ipv4", "1.2.3.4", 0, "1.2.3.4 x", "a"],
      ["dns", "evil.com", 0, "evil.com", "b"],
      ["ipv4", "5.6.7.8", 1, "5.6.7.8", "b"],
    ],
  );
  // Without includeInput a row references its cell (SourceIndex, Column, start/end).
  const t = extractIocsTable(rows, "a");
  assert.equal(t.numRows, 1);
  assert.deepEqual(t.schema.fields.map((f) => f.name), ["IoCType", "Observable", "SourceIndex", "raw", "start", "end", "Column"]);
  // MSTICPy's extract_df always has Input: compat mode keeps it.
  const compat = extractIocsTable(rows, "a", { compat: "msticpy" });
  assert.deepEqual(compat.schema.fields.map((f) => f.name), ["IoCType", "Observable", "SourceIndex", "Input", "raw", "start", "end", "Column"]);
});

test("extractIocsTable reads the example command lines", async () => {
  const bytes = await data("processes_on_host.csv");
  const t = extractIocsTable(bytes, ["CommandLine"], { includePaths: true, includeInput: true, output: "objects" });
  assert.ok(t.some((r) => r.IoCType === "windows_path"));
  for (const r of t.slice(0, 200)) assert.equal(r.Input.slice(Number(r.start), Number(r.end)), r.raw);
});

test("version numbers, raw JSON and quoted keys from real logs", () => {
  const ps = "HostVersion=1.0.0.0 FileVersion: 4.1.0.7 Microsoft.SkypeApp_14.35.152.0_x64__kzf8qxf38zg5c from 203.0.113.80";
  assert.deepEqual(extractIocs(ps).byType.ipv4, ["203.0.113.80"]);
  assert.equal(extractIocs(ps, { keepVersionIps: true }).byType.ipv4.length, 4);
  const ndjson = String.raw`{"Message":"TargetImage: C:\\Windows\\system32\\lsass.exe\r\nTargetProcessGUID: {x}","To":"soc@contoso.com;\tpgustavo@fabrikam.com"}`;
  const r = extractIocs(ndjson, { includePaths: true });
  assert.deepEqual(r.byType.windows_path, [String.raw`C:\Windows\system32\lsass.exe`]);
  assert.deepEqual(r.byType.email, ["pgustavo@fabrikam.com", "soc@contoso.com"]);
  for (const m of r.matches) assert.equal(ndjson.slice(m.start, m.end), m.raw);
  assert.ok(extractIocs(ndjson, { jsonEscapes: "never" }).byType.email.includes("tpgustavo@fabrikam.com"));
  assert.throws(() => extractIocs("x", { jsonEscapes: "sometimes" }), (e) => e.code === "invalid_option");
  const reg = String.raw`reg export "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers" cp.reg`;
  assert.deepEqual(extractIocs(reg).byType.registry_key, [String.raw`HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers`]);
  assert.equal(extractIocs("foreach ($item in $x) { $item.Name; $_.Name }").byType.dns, undefined);
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
