// The wasm column of the IoC benchmark: extractIocsTable on the corpus under Node, and
// npm ioc-extractor in the same process when it is installed under bench/ioc.
// usage: node bench.mjs path/to/huntkit/index.js corpus.csv
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

const [entry, corpus] = process.argv.slice(2);
const hk = await import(entry);
await hk.init();
const bytes = await readFile(corpus);
const text = bytes.toString("utf8");
// Same size measure as the native run: the column's text plus one byte per row.
const table = hk.extractIocsTable(bytes, ["text"], { types: ["ipv4"], maxRows: 1 << 30 });
void table;
const rowsText = [];
{
  // The corpus is CSV; apache-arrow reads it through huntkit's own reader.
  const t = hk.toArrow ? hk.fromIPC(hk.toArrow(bytes)) : null;
  const col = t.getChild("text");
  for (let i = 0; i < t.numRows; i++) rowsText.push(col.get(i) ?? "");
}
const mb = rowsText.reduce((n, s) => n + Buffer.byteLength(s) + 1, 0) / 1e6;
const out = { mb, rows: rowsText.length };

function best(runs, f) {
  let bestS = Infinity;
  let v;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    v = f();
    bestS = Math.min(bestS, (performance.now() - t) / 1000);
  }
  return [bestS, v];
}

for (const [name, compat] of [["huntkit", "none"], ["huntkit_compat", "msticpy"]]) {
  const [s, t] = best(3, () => hk.extractIocsTable(bytes, ["text"], { compat }));
  const counts = {};
  const col = t.getChild("IoCType");
  for (let i = 0; i < t.numRows; i++) counts[col.get(i)] = (counts[col.get(i)] ?? 0) + 1;
  out[name] = { seconds: s, counts };
}

try {
  const peer = await import(new URL("./node_modules/ioc-extractor/dist/index.js", import.meta.url)).catch(() =>
    import("ioc-extractor"),
  );
  const extract = peer.extractIOC ?? peer.default?.extractIOC;
  const [s, counts] = best(1, () => {
    const c = {};
    for (const row of rowsText) {
      const r = extract(row);
      for (const [k, v] of Object.entries(r)) if (Array.isArray(v)) c[k] = (c[k] ?? 0) + v.length;
    }
    return c;
  });
  out.ioc_extractor = { seconds: s, counts };
} catch (e) {
  process.stderr.write(`npm ioc-extractor not available: ${e.message}\n`);
}
process.stdout.write(JSON.stringify(out) + "\n");
void text;
