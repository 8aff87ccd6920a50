// Compiled by types.test.mjs with `tsc --noEmit --strict`: the package's declarations
// must type-check, accept what the engines accept, and refuse what they refuse.
import {
  decodeTable,
  extractIocs,
  buildProcessTree,
  scoreSessions,
  timelineIndex,
  timeSeriesAnomalies,
  detectPolling,
  inspect,
  type DecodeOptions,
  type ReadOptions,
  GeoIpDb,
  type GeoLocationRow,
  pivots,
  TiFeeds,
  whois,
} from "huntkit";

const csv = "TimeGenerated,CommandLine\n2024-01-01T00:00:00Z,whoami\n";
const read: ReadOptions = { lenient: true, maxTableBytes: 1 << 26, format: "csv" };
const decode: DecodeOptions = { compat: "msticpy", maxDepth: 5, maxTableOutputBytes: 1 << 28 };
decodeTable(csv, "CommandLine", { ...decode, read });
extractIocs("x 10.1.2.3", { compat: "huntkit", keepVersionIps: true, jsonEscapes: "never", types: ["ipv4", "my_type"] });
buildProcessTree(csv, { schema: "windows", missingTime: "drop", read });
scoreSessions(csv, { userColumns: ["UserId"], eventColumn: "Operation", window: 2, smoothing: "laplace" });
timelineIndex(csv, { groupBy: "Account", laneSeparator: " | ", limits: { maxLanes: 50 } });
timeSeriesAnomalies(csv, { valueColumn: "v", threshold: 2.5, output: "objects" });
detectPolling(csv, { groupBy: ["SrcIP"], summary: true });
inspect(csv, { read: { inferTypes: false } });

// @ts-expect-error: a misspelt key, refused by the engine as well
decodeTable(csv, "CommandLine", { maxDeph: 5 });
// @ts-expect-error: the limits of a timeline live under `limits`
timelineIndex(csv, { maxLanes: 50 });
// @ts-expect-error: compat is "huntkit" or "msticpy"
extractIocs("x", { compat: "pandas" });

const geo = new GeoIpDb([new Uint8Array(0), new ArrayBuffer(0)], { language: "de", verify: false });
const geoRows: GeoLocationRow[] = geo.lookup(csv, "ip", { output: "objects", read });
const geoTable = geo.lookupAddresses(["81.2.69.142", null]);
geoTable.numRows + geoRows.length + (geo.lookupAddress("1.2.3.4")?.Asn ?? 0);
// @ts-expect-error: the locale option is `language`
new GeoIpDb(new Uint8Array(0), { lang: "de" });
// WhoIs records whose registry names no ASN take it from an ASN database.
geo.fillAsn(geoTable, { ipColumn: "query", output: "objects" }).length;
void whois(["1.128.0.1"], { asnDb: geo, output: "objects" }).then((rows) => rows[0]?.asn);
// @ts-expect-error: asnDb is a GeoIpDb, not a path
void whois(["1.128.0.1"], { asnDb: "GeoLite2-ASN.mmdb" });

// Enrichment pivots: configured once, then called like every pivot; WhoIs returns a promise.
pivots.useGeoip(geo);
pivots.useGeoip(null);
pivots.useTi(new TiFeeds(["77.90.185.20\n"]));
pivots.useTi(["77.90.185.20\n"]);
pivots.useWhois({ config: { rdapBase: "http://127.0.0.1:8080" } });
const enrichedInfo = pivots.list("IpAddress").filter((p) => p.source === "enrichment" && p.needs === "useGeoip" && !p.configured);
enrichedInfo.length;
// @ts-expect-error: useGeoip takes a GeoIpDb
pivots.useGeoip("GeoLite2-City.mmdb");
