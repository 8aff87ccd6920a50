// GeoIP lookups through the npm package: MSTICPy's GeoLocation columns, one row per input
// row, every network of the test databases' sources, coded errors for corrupt files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { GeoIpDb, HuntkitError, init } from "../dist/index.js";

await init();
const dir = new URL("../../crates/huntkit-geoip/tests/data/", import.meta.url);
const file = (name) => new Uint8Array(readFileSync(new URL(name, dir)));
const CITY = file("GeoIP2-City-Test.mmdb");
const ASN = file("GeoLite2-ASN-Test.mmdb");
const COLUMNS = ["IpAddress", "CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude", "Asn", "AsnOrganization"];

test("one address, and the databases' description", () => {
  const geo = new GeoIpDb([CITY, ASN]);
  const row = geo.lookupAddress(" 81.2.69.142 ");
  assert.deepEqual(Object.keys(row), COLUMNS);
  assert.equal(row.IpAddress, "81.2.69.142");
  assert.equal(row.CountryCode, "GB");
  assert.equal(row.City, "London");
  assert.equal(row.State, "England");
  assert.equal(row.Latitude, 51.5142);
  assert.equal(row.Asn, null);
  assert.equal(geo.lookupAddress("1.128.0.1").AsnOrganization, "Telstra Pty Ltd");
  assert.equal(geo.lookupAddress("nope"), null);
  assert.deepEqual(geo.databases.map((d) => [d.kind, d.databaseType]), [["location", "GeoIP2-City"], ["asn", "GeoLite2-ASN"]]);
  geo.free();
  assert.throws(() => geo.lookupAddress("1.2.3.4"), (e) => e.code === "freed");
});

test("a table column: one row per input row, nulls for misses", () => {
  const geo = new GeoIpDb([ASN, CITY]);
  const csv = "src,n\n81.2.69.142,1\nbogus,2\n,3\n10.0.0.1,4\n1.128.0.1,5\n2001:218::1,6\n";
  const t = geo.lookup(csv, "src");
  assert.deepEqual(t.schema.fields.map((f) => f.name), COLUMNS);
  assert.equal(t.numRows, 6);
  assert.deepEqual(Array.from(t.getChild("CountryCode")), ["GB", null, null, null, null, "JP"]);
  const rows = geo.lookup(csv, "src", { output: "objects" });
  assert.equal(rows[4].Asn, 1221);
  assert.equal(rows[1].IpAddress, "bogus");
  assert.throws(() => geo.lookup(csv, "ip"), (e) => e instanceof HuntkitError && e.code === "column_not_found");
  geo.free();
});

test("an array of addresses", () => {
  const geo = new GeoIpDb(CITY, { language: "de" });
  const rows = geo.lookupAddresses(["81.2.69.142", null, 7, "2001:218::1"], { output: "objects" });
  assert.equal(rows.length, 4);
  assert.equal(rows[0].CountryOrRegionName, "Vereinigtes Königreich");
  assert.equal(rows[1].IpAddress, null);
  assert.equal(rows[2].CountryCode, null);
  assert.equal(rows[3].CountryCode, "JP");
  // Text of any width keeps its place: each string's UTF-16 length cuts the joined text.
  const odd = ["Zürich 😀", "", "  81.2.69.142\n", "\u{1F600}\u{1F600}", "2001:218::1"];
  const back = geo.lookupAddresses(odd, { output: "objects" });
  assert.deepEqual(back.map((r) => r.IpAddress), ["Zürich 😀", "", "81.2.69.142", "😀😀", "2001:218::1"]);
  assert.deepEqual(back.map((r) => r.CountryCode), [null, null, "GB", null, "JP"]);
  assert.equal(geo.lookupAddresses([], { output: "objects" }).length, 0);
  geo.free();
});

// Start of an IPv4 or IPv6 network written in the source ("::1.2.3.4/120" included).
function networks(name) {
  const out = [];
  for (const entry of JSON.parse(readFileSync(new URL(name, dir), "utf8"))) {
    for (const [net, record] of Object.entries(entry)) out.push([net.split("/")[0], record]);
  }
  return out;
}

test("every network of the City and ASN sources answers as the source says (first address)", () => {
  const geo = new GeoIpDb([CITY, ASN]);
  // The source's networks do not overlap at their first address except where a more
  // specific one follows; checked against the Rust tests, which handle nesting.
  for (const [source, check] of [
    ["GeoIP2-City-Test.json", (row, rec) => {
      assert.equal(row.CountryCode, rec.country?.iso_code ?? null);
      assert.equal(row.City, rec.city?.names?.en ?? null);
      assert.equal(row.Latitude, rec.location?.latitude ?? null);
    }],
    ["GeoLite2-ASN-Test.json", (row, rec) => {
      assert.equal(row.Asn, rec.autonomous_system_number ?? null);
      assert.equal(row.AsnOrganization, rec.autonomous_system_organization ?? null);
    }],
  ]) {
    const nets = networks(source);
    const rows = geo.lookupAddresses(nets.map(([a]) => a), { output: "objects" });
    const firsts = new Map();
    nets.forEach(([a], i) => firsts.set(a, i));
    let checked = 0;
    nets.forEach(([a, rec], i) => {
      if (firsts.get(a) !== i) return; // a later network starts at the same address
      check(rows[i], rec);
      checked++;
    });
    assert.ok(checked > 200, `${source}: ${checked}`);
  }
  geo.free();
});

test("corrupt and unusable databases are coded errors", () => {
  for (const name of ["MaxMind-DB-test-broken-pointers-24.mmdb", "MaxMind-DB-test-broken-search-tree-24.mmdb", "GeoIP2-City-Test-Invalid-Node-Count.mmdb"]) {
    assert.throws(() => new GeoIpDb(file(name)), (e) => e instanceof HuntkitError && e.code === "invalid_geoip_db", name);
  }
  assert.throws(() => new GeoIpDb(new TextEncoder().encode("not a db")), (e) => e.code === "invalid_geoip_db");
  assert.throws(() => new GeoIpDb(file("GeoIP2-Anonymous-IP-Test.mmdb")), (e) => e.code === "unsupported_geoip_db");
  assert.throws(() => new GeoIpDb([CITY, CITY]), (e) => e.code === "unsupported_geoip_db");
  assert.throws(() => new GeoIpDb("GeoIP2-City-Test.mmdb"), (e) => e.code === "invalid_input");
  assert.throws(() => new GeoIpDb(CITY, { lang: "de" }), (e) => e.code === "invalid_option");
  assert.throws(() => new GeoIpDb(CITY, { maxDatabaseBytes: 100 }), (e) => e.code === "limit_exceeded");
  // The engine still works after every refusal.
  const geo = new GeoIpDb(CITY);
  assert.equal(geo.lookupAddress("81.2.69.142").CountryCode, "GB");
  geo.free();
});
