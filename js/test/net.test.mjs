// Network lookups through the npm package, against a local HTTP server on 127.0.0.1 that
// answers as each service documents (crates/huntkit-net/tests/fixtures): WhoIs through
// RDAP and the online TI providers, over Node's global fetch. Nothing leaves the machine.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { GeoIpDb, HuntkitError, init, pivots, tiLookupOnline, whois } from "../dist/index.js";

await init();
const dir = new URL("../../crates/huntkit-net/tests/fixtures/", import.meta.url);
const fixture = (name) => readFileSync(new URL(name, dir));
const KEY = "JS-K3Y-very-secret-0123456789";

const routes = {
  "GET /ip/13.107.4.50": [200, "rdap_ip_arin.json"],
  "GET /autnum/8068": [200, "rdap_autnum_8068.json"],
  "GET /ip/193.0.6.139": [200, "rdap_ip_ripe.json"],
  // A network object that names no origin AS, as RIPE's and APNIC's do not.
  "GET /ip/1.128.0.1": [200, "rdap_ip_ripe.json"],
  "GET /v3/community/203.0.113.9": [200, "greynoise_community.json"],
  "GET /api/v1/indicators/IPv4/203.0.113.9/general": [200, "otx_ip.json"],
  "GET /api/v3/ip_addresses/203.0.113.9": [401, "vt_401.json"],
  "POST /v1/url/": [200, "urlhaus_url.json"],
};
const seen = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    const [status, name] = routes[`${req.method} ${req.url}`] ?? [404, "rdap_404.json"];
    res.writeHead(status, { "content-type": "application/json" });
    res.end(fixture(name));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => server.close());

const providers = (names) =>
  Object.fromEntries(names.map((n) => [n, { apiKey: KEY, baseUrl: base, requestsPerMinute: 0 }]));

test("whois: network, origin AS name, registrant and abuse contact", async () => {
  const rows = await whois(["13.107.4.50", "193.0.6.139", "10.0.0.1", "bogus"], {
    config: { rdapBase: base, rdapRequestsPerMinute: 0 },
    output: "objects",
  });
  assert.equal(rows.length, 4);
  assert.equal(rows[0].asn_description, "MICROSOFT-CORP-MSN-AS-BLOCK");
  assert.equal(rows[0].asn, "8068, 8075");
  assert.equal(rows[0].network_cidr, "13.104.0.0/14");
  assert.equal(rows[0].registrant, "Microsoft Corporation");
  assert.equal(rows[0].abuse_contact, "abuse@microsoft.com");
  assert.equal(rows[1].abuse_contact, "abuse@ripe.net");
  assert.equal(rows[1].country, "NL");
  assert.deepEqual(rows.map((r) => r.status), ["ok", "ok", "not_public", "invalid_ip"]);
});

test("whois: an ASN database fills the ASN a registry does not name", async () => {
  const db = new GeoIpDb(readFileSync(new URL("../../crates/huntkit-geoip/tests/data/GeoLite2-ASN-Test.mmdb", import.meta.url)));
  try {
    const config = { rdapBase: base, rdapRequestsPerMinute: 0, cacheTtlSecs: 0 };
    const plain = await whois(["1.128.0.1"], { config, output: "objects" });
    assert.equal(plain[0].asn, null);
    const rows = await whois(["1.128.0.1", "13.107.4.50"], { config, asnDb: db, output: "objects" });
    assert.equal(rows[0].asn, "1221");
    assert.equal(rows[0].asn_description, "Telstra Pty Ltd");
    assert.equal(rows[0].abuse_contact, "abuse@ripe.net", "the registry's own columns stay");
    assert.equal(rows[1].asn, "8068, 8075", "a registry's ASN is kept");
    assert.equal(rows[1].asn_description, "MICROSOFT-CORP-MSN-AS-BLOCK");
    await assert.rejects(whois(["1.128.0.1"], { asnDb: {} }), (e) => e.code === "invalid_option");
    // The whois pivot takes the database from its settings.
    pivots.useWhois({ config, asnDb: db });
    const pivoted = await pivots.IpAddress.whois(["1.128.0.1"], { output: "objects" });
    assert.equal(pivoted[0].asn, "1221");
    assert.throws(() => pivots.useWhois({ asnDb: "GeoLite2-ASN.mmdb" }), (e) => e.code === "invalid_option");
  } finally {
    pivots.useWhois({});
    db.free();
  }
});

test("whois: a bootstrap file routes queries to its server", async () => {
  const boot = JSON.stringify({ version: "1.0", publication: "x", services: [[["193.0.0.0/8"], [base]]] });
  const table = await whois(["193.0.6.139"], { bootstrap: boot, config: { cacheTtlSecs: 0 } });
  assert.equal(table.numRows, 1);
  assert.equal(table.getChild("network_name").get(0), "RIPE-NCC");
  await assert.rejects(whois(["1.1.1.1"], { bootstrap: "{}" }), (e) => e instanceof HuntkitError && e.code === "invalid_bootstrap");
});

test("tiLookupOnline: MSTICPy's columns, keys in headers only, errors as rows", async () => {
  seen.length = 0;
  const rows = await tiLookupOnline(
    ["203.0.113.9", { value: "http://malware.example/bins/x86", type: "url" }],
    { providers: ["gn", "otx", "vt", "urlhaus"], config: { providers: providers(["greynoise", "otx", "virustotal", "urlhaus"]) }, output: "objects" },
  );
  const by = Object.fromEntries(rows.map((r) => [`${r.Provider} ${r.Ioc}`, r]));
  assert.deepEqual(Object.keys(rows[0]), ["Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference"]);
  assert.equal(by["GreyNoise 203.0.113.9"].Severity, "high");
  assert.equal(JSON.parse(by["OTX 203.0.113.9"].Details).pulse_count, 3);
  assert.equal(JSON.parse(by["VirusTotal 203.0.113.9"].Details).error, "unauthorized");
  assert.equal(by["URLhaus http://malware.example/bins/x86"].Severity, "high");
  assert.equal(by["GreyNoise http://malware.example/bins/x86"], undefined, "GreyNoise serves addresses only");
  const gn = seen.find((s) => s.url === "/v3/community/203.0.113.9");
  assert.equal(gn.headers.key, KEY);
  const uh = seen.find((s) => s.url === "/v1/url/");
  assert.equal(uh.method, "POST");
  assert.equal(uh.headers["auth-key"], KEY);
  assert.equal(uh.body, "url=http%3A%2F%2Fmalware.example%2Fbins%2Fx86");
  assert.ok(!JSON.stringify(rows).includes(KEY));
});

test("tiLookupOnline: the cache answers repeats; a missing key is a row", async () => {
  const config = { providers: providers(["greynoise"]) };
  seen.length = 0;
  await tiLookupOnline(["203.0.113.9"], { providers: "greynoise", config });
  await tiLookupOnline(["203.0.113.9"], { providers: "greynoise", config });
  assert.equal(seen.length, 1);
  const rows = await tiLookupOnline(["203.0.113.9"], { providers: "abuseipdb", config: { providers: { abuseipdb: { baseUrl: base } } }, output: "objects" });
  assert.equal(JSON.parse(rows[0].Details).error, "missing_api_key");
});

test("coded errors: unknown provider, bad options, a key never echoed", async () => {
  await assert.rejects(tiLookupOnline(["1.2.3.4"], { providers: ["nosuch"] }), (e) => e.code === "unknown_provider");
  await assert.rejects(tiLookupOnline(["1.2.3.4"], { provider: "vt" }), (e) => e.code === "invalid_option");
  await assert.rejects(tiLookupOnline("1.2.3.4"), (e) => e.code === "invalid_input");
  await assert.rejects(
    tiLookupOnline(["1.2.3.4"], { config: { providers: { vt: { baseUrl: KEY } } } }),
    (e) => e.code === "invalid_config" && !e.message.includes(KEY),
  );
});
