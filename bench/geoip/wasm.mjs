// The GeoIP benchmark's wasm side: GeoIpDb.lookup on the address table under Node.
// Usage: node wasm.mjs INDEX_JS RUNS CSV DB [ASN_DB] — prints one JSON line per call form.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [indexJs, runsArg, csvPath, dbPath, asnPath] = process.argv.slice(2);
const hk = await import(pathToFileURL(indexJs).href);
await hk.init();
const runs = Number(runsArg);
const dbs = [new Uint8Array(await readFile(dbPath))];
if (asnPath) dbs.push(new Uint8Array(await readFile(asnPath)));

let start = performance.now();
const geo = new hk.GeoIpDb(dbs);
const openSeconds = (performance.now() - start) / 1000;

const bytes = new Uint8Array(await readFile(csvPath));
const addresses = new TextDecoder().decode(bytes).split("\n").slice(1).filter((l) => l.length > 0);

function best(f) {
  let seconds = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    out = f();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return [seconds, out];
}

const found = (t) => t.getChild("CountryCode").toArray().filter((v) => v !== null).length;
let [seconds, table] = best(() => geo.lookup(bytes, "ip"));
console.log(JSON.stringify({ engine: "huntkit wasm (Node), CSV table", rows: table.numRows, seconds, openSeconds, found: found(table), includesRead: true }));
[seconds, table] = best(() => geo.lookupAddresses(addresses));
console.log(JSON.stringify({ engine: "huntkit wasm (Node), array of strings", rows: table.numRows, seconds, openSeconds, found: found(table) }));
geo.free();
