import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { init, pivots, ipType, alertEntities, entitiesFromColumn, entitiesFromIocs, extractIocsTable, HuntkitError } from "../dist/index.js";

await init();

const IP_TYPES = { "104.211.30.1": "Public", "104.211.30.2": "Public", "192.168.0.1": "Private", "127.0.0.1": "Loopback" };
const alertJson = await readFile(new URL("../../crates/huntkit-entities/tests/data/sentinel_alert.json", import.meta.url), "utf8");

const pairs = (rows, key = "ip", value = "result") => Object.fromEntries(rows.map((r) => [r[key], r[value]]));
const objects = { output: "objects" };

test("ip_type: a value, a list and a table give the same rows", () => {
  for (const [ip, want] of Object.entries(IP_TYPES)) {
    assert.deepEqual(pairs(pivots.IpAddress.ip_type(ip, objects)), { [ip]: want });
    assert.equal(ipType(ip), want);
  }
  assert.deepEqual(pairs(pivots.IpAddress.ip_type(Object.keys(IP_TYPES), objects)), IP_TYPES);
  const flows = Object.keys(IP_TYPES).map((SrcIP, Port) => ({ SrcIP, Port }));
  const rows = pivots.IpAddress.ip_type(flows, { column: "SrcIP", ...objects });
  assert.deepEqual(pairs(rows), IP_TYPES);
  assert.deepEqual(rows.map((r) => r.src_row_index), [0, 1, 2, 3]);
  const table = pivots.IpAddress.ip_type(flows, { column: "SrcIP" });
  assert.deepEqual(table.schema.fields.map((f) => f.name), ["ip", "result", "src_row_index"]);
  assert.equal(pivots.IpAddress.util.ip_type(["10.0.0.1"], objects)[0].result, "Private");
  assert.equal(pivots.entity("ip").ip_type("::1", objects)[0].result, "Loopback");
});

test("joins: left keeps every row, inner the matched ones, column count rule", () => {
  const flows = [...Object.keys(IP_TYPES), null].map((SrcIP, Port) => ({ SrcIP, Port }));
  for (const join of ["left", "inner"]) {
    const t = pivots.IpAddress.ip_type(flows, { column: "SrcIP", join });
    assert.deepEqual(t.schema.fields.map((f) => f.name), ["SrcIP", "Port", "ip", "result"]);
    assert.ok(t.numCols <= 2 + 3);
    assert.equal(t.numRows, join === "left" ? 5 : 4);
  }
  const left = pivots.IpAddress.ip_type(flows, { column: "SrcIP", join: "left", output: "objects" });
  assert.equal(left[4].result, null);
  assert.deepEqual(pairs(left.slice(0, 4), "SrcIP"), IP_TYPES);
});

test("MSTICPy's pivot expectations for urls, processes and engines", () => {
  const url = "https://www.contoso.com/path?p1=test";
  assert.equal(pivots.Url.url_components(url, objects)[0].host, "www.contoso.com");
  const parts = pivots.Url.url_components("https://www.contoso.com/path#frag?query=xxx", objects)[0];
  assert.deepEqual([parts.scheme, parts.path, parts.fragment], ["https", "/path", "frag?query=xxx"]);
  assert.equal(pivots.Url.dns_components(url, objects)[0].subdomain, "www");
  assert.ok(pivots.Url.extract_iocs(url, objects).some((r) => r.Observable === "www.contoso.com"));
  const decoded = pivots.Process.b64decode("VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n", objects);
  assert.equal(decoded[0].decoded_string, "This is a test of base64 encoded string");
  const onlyUrls = pivots.Url.extract_iocs(url, { options: { types: ["url"] }, output: "objects" });
  assert.deepEqual(onlyUrls.map((r) => r.IoCType), ["url"]);
  assert.throws(() => pivots.Url.extract_iocs(url, { options: { typo: 1 } }), (e) => e instanceof HuntkitError && e.code === "invalid_option");
  assert.throws(() => pivots.Process.process_tree(["cmd.exe"]), (e) => e.code === "invalid_input");
});

test("Host.process_tree tells hosts apart by the given column", () => {
  // Process 0x10 runs on both hosts: by host, h2's notepad is not h1's cmd's child.
  const events = [
    { TimeGenerated: "2024-01-01 10:00:00", Host: "h1", NewProcessName: "C:\\Windows\\cmd.exe", NewProcessId: "0x10", ProcessId: "0x4", ParentProcessName: "C:\\Windows\\explorer.exe" },
    { TimeGenerated: "2024-01-01 10:00:02", Host: "h2", NewProcessName: "C:\\Windows\\notepad.exe", NewProcessId: "0x30", ProcessId: "0x10", ParentProcessName: "C:\\Windows\\cmd.exe" },
  ];
  const childOfCmd = (options) => {
    const rows = pivots.Host.process_tree(events, { join: "left", output: "objects", ...options });
    const by = (name) => rows.find((r) => r.NewProcessName === `C:\\Windows\\${name}`);
    return by("notepad.exe").parent_key === by("cmd.exe").proc_key;
  };
  assert.equal(childOfCmd({}), true);
  assert.equal(childOfCmd({ column: "Host" }), false);
  assert.throws(() => pivots.Host.process_tree(events, { column: "Computer" }), (e) => e.code === "column_not_found");
});

test("discovery: list, help, entities", () => {
  const all = pivots.list();
  assert.ok(all.some((p) => p.entity === "IpAddress" && p.name === "ip_type" && p.container === "util"));
  assert.ok(all.every((p) => ["entity", "name", "container", "help", "input", "output"].every((k) => k in p)));
  assert.ok(pivots.list("ip").every((p) => p.entity === "IpAddress"));
  assert.ok(pivots.list(null, { search: "tld" }).some((p) => p.name === "dns_components"));
  assert.match(pivots.help("IpAddress", "ip_type"), /Link Local/);
  assert.deepEqual(pivots.entities().map((e) => e.name).slice(0, 3), ["IpAddress", "Dns", "Url"]);
  assert.throws(() => pivots.entity("TestEntity"), (e) => e.code === "unknown_entity");
  assert.throws(() => pivots.help("IpAddress", "nope"), (e) => e.code === "unknown_pivot");
});

test("user functions: registered, called and joined as the built-in ones", () => {
  const seen = [];
  pivots.register("IpAddress", "reputation", (values) => {
    seen.push(values);
    return values.map((v) => ({ verdict: v.startsWith("104.") ? "bad" : "ok", score: v.length }));
  }, { help: "A made-up reputation." });
  try {
    assert.equal(pivots.help("IpAddress", "reputation"), "A made-up reputation.");
    assert.ok(pivots.list("IpAddress").some((p) => p.name === "reputation" && p.source === "user"));
    const rows = pivots.IpAddress.reputation(["104.1.1.1", "10.0.0.1"], objects);
    assert.deepEqual(rows.map((r) => [r.ip, r.verdict, r.src_row_index]), [["104.1.1.1", "bad", 0], ["10.0.0.1", "ok", 1]]);
    const frame = [{ SrcIP: "104.1.1.1" }, { SrcIP: null }, { SrcIP: "10.0.0.1" }];
    const joined = pivots.IpAddress.custom.reputation(frame, { column: "SrcIP", join: "left", output: "objects" });
    assert.deepEqual(joined.map((r) => r.verdict), ["bad", null, "ok"]);
    assert.deepEqual(Object.keys(joined[0]), ["SrcIP", "ip", "verdict", "score"]);
    assert.deepEqual(seen.at(-1), ["104.1.1.1", "10.0.0.1"]);
    assert.equal(pivots.IpAddress.reputation(frame, { column: "SrcIP", join: "inner" }).numRows, 2);
    assert.throws(() => pivots.register("IpAddress", "reputation", () => []), (e) => e.code === "invalid_option");
    pivots.register("IpAddress", "broken", () => [1], { overwrite: true });
    assert.throws(() => pivots.IpAddress.broken(["1.1.1.1", "2.2.2.2"]), (e) => e.code === "invalid_input");
  } finally {
    pivots.unregister("IpAddress", "reputation");
    pivots.unregister("IpAddress", "broken");
  }
  assert.ok(!pivots.list("IpAddress").some((p) => p.name === "reputation"));
  assert.throws(() => pivots.unregister("IpAddress", "ip_type"), (e) => e.code === "unknown_pivot");
});

test("pipeline chains pivots", () => {
  const run = pivots.pipeline([
    [pivots.Url.url_components, { column: "Url", join: "left" }],
    [pivots.Dns.dns_components, { column: "host", join: "left" }],
  ]);
  const out = run([{ Url: "https://www.contoso.com/a" }, { Url: "hxxp://evil[.]example.co.uk/b" }]);
  assert.deepEqual(out.getChild("registered_domain").toArray(), ["contoso.com", "example.co.uk"]);
});

test("entities from a Sentinel alert, a column and IoC output", () => {
  const ents = alertEntities(alertJson, objects);
  assert.deepEqual(ents.slice(0, 3).map((e) => e.Type), ["Alert", "Host", "Account"]);
  assert.equal(ents[0].Value, "f1ce87ca-8863-4a66-a0bd-a4d3776a7c64");
  const account = JSON.parse(ents.find((e) => e.Type === "Account").Properties);
  assert.deepEqual(account.Host, { $ref: "2", Type: "Host", Value: "msticalertswin1.contoso.com" });
  assert.equal(alertEntities(JSON.parse(alertJson)).numRows, ents.length);
  assert.throws(() => alertEntities(alertJson, { maxEntities: 2 }), (e) => e.code === "limit_exceeded");
  assert.throws(() => alertEntities("[1]"), (e) => e.code === "invalid_json");
  const users = entitiesFromColumn([{ User: "CONTOSO\\bob" }, { User: "carol@contoso.com" }], "User", "user", objects);
  assert.deepEqual([users[0].NTDomain, users[1].UPNSuffix], ["CONTOSO", "contoso.com"]);
  const iocs = extractIocsTable([{ CommandLine: "curl hxxp://evil[.]example.com/x" }, { CommandLine: "ping 8.8.8.8" }], "CommandLine");
  const found = entitiesFromIocs(iocs, objects).map((e) => `${e.Type} ${e.Value} ${e.src_row_index}`);
  assert.ok(found.includes("Url http://evil.example.com/x 0"), found.join("; "));
  assert.ok(found.includes("IpAddress 8.8.8.8 1"), found.join("; "));
});

// ---------------------------------------------------------------------------- enrichment

const geoipDir = new URL("../../crates/huntkit-geoip/tests/data/", import.meta.url);
const tiDir = new URL("../../crates/huntkit-ti/tests/data/", import.meta.url);
const netDir = new URL("../../crates/huntkit-net/tests/fixtures/", import.meta.url);

test("enrichment pivots are listed with the configuration they need", () => {
  const listed = new Map(pivots.list().map((p) => [p.qualified, p]));
  for (const q of ["IpAddress.util.geoip", "IpAddress.util.geoloc", "IpAddress.util.whois", "IpAddress.util.whois_asn",
    ...["IpAddress", "Dns", "Url", "FileHash"].flatMap((e) => [`${e}.ti.lookup_ioc`, `${e}.ti.lookup_iocs`])]) {
    const p = listed.get(q);
    assert.ok(p, q);
    assert.equal(p.source, "enrichment");
    assert.ok(p.help.includes(p.needs), `${q}: ${p.help}`);
  }
  assert.match(pivots.help("IpAddress", "geoip"), /useGeoip/);
  assert.equal(typeof pivots.IpAddress.ti.lookup_ioc, "function");
});

test("geoip: needs a database, then joins like every pivot", async () => {
  pivots.useGeoip(null);
  assert.throws(() => pivots.IpAddress.geoip(["81.2.69.142"]), (e) => e instanceof HuntkitError && e.code === "not_configured" && /useGeoip/.test(e.message));
  const { GeoIpDb } = await import("../dist/index.js");
  const db = new GeoIpDb([await readFile(new URL("GeoLite2-City-Test.mmdb", geoipDir)), await readFile(new URL("GeoLite2-ASN-Test.mmdb", geoipDir))]);
  pivots.useGeoip(db);
  try {
    assert.equal(pivots.list("IpAddress").find((p) => p.name === "geoip").configured, true);
    const flows = [{ SrcIP: "81.2.69.142", Bytes: 1 }, { SrcIP: null, Bytes: 2 }, { SrcIP: "10.0.0.1", Bytes: 3 }, { SrcIP: "1.128.0.0", Bytes: 4 }];
    const rows = pivots.IpAddress.geoip(flows, { column: "SrcIP", join: "left", ...objects });
    assert.deepEqual(rows.map((r) => r.Bytes), [1, 2, 3, 4]);
    assert.equal(rows[0].CountryCode, "GB");
    assert.equal(rows[0].City, "London");
    assert.equal(rows[1].CountryCode, null);
    assert.equal(rows[2].CountryCode, null);
    assert.equal(rows[3].Asn, 1221);
    const inner = pivots.IpAddress.geoip(flows, { column: "SrcIP", join: "inner", ...objects });
    assert.deepEqual(inner.map((r) => r.Bytes), [1, 3, 4]);
    const alone = pivots.IpAddress.util.geoloc("81.2.69.142", objects);
    assert.deepEqual([alone[0].IpAddress, alone[0].src_row_index], ["81.2.69.142", 0]);
  } finally {
    pivots.useGeoip(null);
    db.free();
  }
});

test("ti: lookup_ioc and lookup_iocs over local feeds", async () => {
  assert.throws(() => pivots.Dns.lookup_ioc(["example.com"]), (e) => e instanceof HuntkitError && e.code === "not_configured" && /useTi/.test(e.message));
  const ipsum = await readFile(new URL("ipsum-level3.txt", tiDir), "utf8");
  const listed = ipsum.split("\n").find((l) => l && !l.startsWith("#")).trim();
  pivots.useTi([ipsum]);
  try {
    const events = [{ SrcIP: "10.0.0.1", n: 1 }, { SrcIP: listed, n: 2 }, { SrcIP: null, n: 3 }];
    const rows = pivots.IpAddress.ti.lookup_iocs(events, { column: "SrcIP", join: "left", ...objects });
    assert.deepEqual(rows.map((r) => r.n), [1, 2, 3]);
    assert.equal(rows[1].Result, true);
    assert.equal(rows[1].Ioc, listed);
    assert.equal(rows[0].Result, null);
    const hits = pivots.IpAddress.lookup_ioc(["10.0.0.1", listed]);
    assert.deepEqual(hits.schema.fields.map((f) => f.name), ["Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference", "src_row_index"]);
    assert.deepEqual(Array.from(hits.getChild("src_row_index").toArray(), Number), [1]);
    assert.deepEqual(pivots.IpAddress.lookup_iocs(events, { column: "SrcIP", join: "inner", ...objects }).map((r) => r.n), [2]);
  } finally {
    pivots.useTi(null);
  }
});

test("whois and whois_asn: promises, over a local RDAP server", async () => {
  const { createServer } = await import("node:http");
  const routes = { "/ip/13.107.4.50": "rdap_ip_arin.json", "/autnum/8068": "rdap_autnum_8068.json", "/ip/193.0.6.139": "rdap_ip_ripe.json" };
  const server = createServer(async (req, res) => {
    const name = routes[req.url];
    res.writeHead(name ? 200 : 404, { "content-type": "application/rdap+json" });
    res.end(await readFile(new URL(name ?? "rdap_404.json", netDir)));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const config = { rdapBase: `http://127.0.0.1:${server.address().port}`, rdapRequestsPerMinute: 0, cacheTtlSecs: 0 };
  try {
    const flows = [{ IP: "13.107.4.50", n: 1 }, { IP: "10.0.0.1", n: 2 }, { IP: "193.0.6.139", n: 3 }];
    const pending = pivots.IpAddress.whois(flows, { column: "IP", join: "left", config, ...objects });
    assert.ok(pending instanceof Promise);
    const rows = await pending;
    assert.deepEqual(rows.map((r) => r.n), [1, 2, 3]);
    assert.equal(rows[0].asn_description, "MICROSOFT-CORP-MSN-AS-BLOCK");
    assert.deepEqual(rows.map((r) => r.status), ["ok", "not_public", "ok"]);
    assert.equal(rows[2].country, "NL");
    pivots.useWhois({ config });
    const asn = await pivots.IpAddress.whois_asn(["13.107.4.50"]);
    assert.deepEqual(asn.schema.fields.map((f) => f.name), ["query", "asn", "asn_description", "asn_registry", "asn_country_code", "network_cidr", "status", "src_row_index"]);
    assert.equal(asn.getChild("asn").get(0), "8068, 8075");
  } finally {
    pivots.useWhois();
    server.close();
  }
});
