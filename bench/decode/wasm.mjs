// The decode benchmark's wasm side: decodeTable on the command-line table under Node.
// Usage: node wasm.mjs INDEX_JS RUNS CSV ITEMS_OUT — prints one JSON line per mode.
import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [indexJs, runsArg, csvPath, itemsPath] = process.argv.slice(2);
const hk = await import(pathToFileURL(indexJs).href);
await hk.init();
const runs = Number(runsArg);
const bytes = new Uint8Array(await readFile(csvPath));
const rows = hk.inspect(bytes).rows;

for (const [label, compat] of [["huntkit wasm (Node), compat: msticpy", "msticpy"], ["huntkit wasm (Node), default", "none"]]) {
  let best = Infinity;
  let table;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    table = hk.decodeTable(bytes, "CommandLine", { compat });
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  if (compat === "msticpy") {
    const src = table.getChild("src_index").toArray();
    const md5 = table.getChild("md5").toArray();
    const items = Array.from(md5, (m, i) => `${src[i]}\t${m}`).sort();
    await writeFile(itemsPath, items.join("\n") + "\n");
  }
  console.log(JSON.stringify({ engine: label, rows, seconds: best, records: table.numRows, includesRead: true }));
}
