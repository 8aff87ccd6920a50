// huntkit wasm under Node: `node bench.mjs PATH/TO/index.js FILE.csv ...`.
// Times stl(values, options) and timeSeriesAnomalies(bytes, options) on each CSV,
// printing one JSON object per measurement.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [entry, ...files] = process.argv.slice(2);
const huntkit = await import(pathToFileURL(entry).href);
await huntkit.init();

function bestOf(runs, fn) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

for (const file of files) {
  const bytes = readFileSync(file);
  const lines = bytes.toString("utf8").trim().split("\n").slice(1);
  const values = Float64Array.from(lines, (l) => Number(l.slice(l.indexOf(",") + 1)));
  const n = values.length;
  const runs = n >= 1_000_000 ? 3 : 5;
  const stlSecs = bestOf(runs, () => huntkit.stl(values, { period: 24 }));
  console.log(JSON.stringify({ impl: "wasm", op: "stl", n, seconds: stlSecs }));
  const options = { compat: "msticpy", timeColumn: "TimeGenerated", valueColumn: "Value" };
  const anomSecs = bestOf(runs, () => huntkit.timeSeriesAnomalies(bytes, options));
  console.log(JSON.stringify({ impl: "wasm", op: "anomalies", n, seconds: anomSecs }));
}
