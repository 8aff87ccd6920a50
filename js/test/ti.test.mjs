// Threat-intelligence lookups through the npm package against the real feeds bundled
// with huntkit-ti's tests: MSTICPy's TI result columns, warning-list matches as
// Result=false, coded errors for bad feeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { HuntkitError, TiFeeds, init } from "../dist/index.js";

await init();
const dir = new URL("../../crates/huntkit-ti/tests/data/", import.meta.url);
const bytes = (name) => new Uint8Array(readFileSync(new URL(name, dir)));
const IPSUM = readFileSync(new URL("ipsum-level3.txt", dir), "utf8");
const LISTED = IPSUM.split("\n").filter(Boolean);
const RFC1918 = bytes("misp-warninglists/rfc1918.json");
const COLUMNS = ["Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference", "SourceIndex"];

test("every ipsum address is a hit; private addresses match the warning list", () => {
  const feeds = new TiFeeds([[IPSUM, { name: "ipsum" }], RFC1918]);
  assert.deepEqual(
    feeds.feeds.map((f) => [f.name, f.kind, f.entries, f.benign]),
    [["ipsum", "plain", 14217, false], ["List of RFC 1918 CIDR blocks", "misp-warninglist", 3, true]],
  );
  const all = feeds.lookup(LISTED);
  assert.deepEqual(all.schema.fields.map((f) => f.name), COLUMNS);
  assert.equal(all.numRows, LISTED.length);
  const rows = feeds.lookup([LISTED[5], "8.8.8.8", null, "192.168.7.7"], { output: "objects" });
  assert.equal(rows.length, 2);
  assert.equal(rows[0].Provider, "ipsum");
  assert.equal(rows[0].Result, true);
  assert.equal(rows[0].Severity, "high");
  assert.equal(Number(rows[0].SourceIndex), 0);
  assert.equal(rows[1].Ioc, "192.168.7.7");
  assert.equal(rows[1].Result, false);
  assert.equal(rows[1].Severity, "information");
  assert.equal(JSON.parse(rows[1].Details).warninglist, "List of RFC 1918 CIDR blocks");
  assert.equal(Number(rows[1].SourceIndex), 3);
  feeds.free();
  assert.throws(() => feeds.lookup(["1.2.3.4"]), (e) => e.code === "freed");
});

test("a table column against MISP and STIX feeds, misses on request", () => {
  const feeds = new TiFeeds([bytes("misp-event.json"), [bytes("stix-bundle.json"), { name: "cert" }]]);
  const csv = "host,ip\nws1,203.0.113.66\nws2,198.51.100.9\nws3,192.0.2.1\n";
  const rows = feeds.lookup(csv, { column: "ip", output: "objects" });
  assert.deepEqual(rows.map((r) => [r.Ioc, r.Provider, r.Severity]), [
    ["203.0.113.66", "Phishing campaign against finance staff", "high"],
    ["198.51.100.9", "cert", "warning"],
  ]);
  const withMisses = feeds.lookup(csv, { column: "ip", includeMisses: true });
  assert.equal(withMisses.numRows, 6);
  const one = feeds.lookupValue("hxxp://invoices-portal[.]example/get.php?id=7");
  assert.equal(one.length, 1);
  assert.equal(one[0].IocType, "url");
  assert.equal(one[0].Details.name, "Dropper URL");
  assert.equal(feeds.lookupValue("203.0.113.66", "dns").length, 0);
  feeds.free();
});

test("bad feeds and options are coded errors", () => {
  const feeds = new TiFeeds();
  assert.throws(() => feeds.add('{"objects": [', { kind: "stix" }), (e) => e instanceof HuntkitError && e.code === "invalid_feed");
  assert.throws(() => feeds.add("1.2.3.4\n" + "a".repeat(100_000)), (e) => e.code === "limit_exceeded");
  assert.throws(() => feeds.add(IPSUM, { maxFeedBytes: 100 }), (e) => e.code === "limit_exceeded");
  assert.throws(() => feeds.add(IPSUM, { kind: "nonsense" }), (e) => e.code === "invalid_option");
  assert.throws(() => feeds.add(42), (e) => e.code === "invalid_input");
  feeds.add(IPSUM);
  assert.throws(() => feeds.lookup("a,b\n1,2\n"), (e) => e.code === "invalid_option");
  assert.throws(() => feeds.lookup("a\n1\n", { column: "nope" }), (e) => e.code === "column_not_found");
  assert.throws(() => feeds.lookupValue("1.2.3.4", "bogus"), (e) => e.code === "unknown_type");
  assert.equal(feeds.lookupValue(LISTED[0]).length, 1);
  feeds.free();
});
