// huntkit wasm under Node: init() time in a fresh process, then inspect on each file.
import { readFile } from "node:fs/promises";

const [entry, runs, ...files] = process.argv.slice(2);
const t0 = performance.now();
const hk = await import(entry);
await hk.init();
const initMs = performance.now() - t0;
console.log(JSON.stringify({ measure: "init", ms: initMs }));
for (const file of files) {
  const bytes = await readFile(file);
  let best = Infinity;
  let rows = 0;
  for (let i = 0; i < Number(runs); i++) {
    const s = performance.now();
    rows = hk.inspect(bytes).rows;
    best = Math.min(best, performance.now() - s);
  }
  console.log(JSON.stringify({ measure: "inspect", file, bytes: bytes.length, rows, seconds: best / 1000 }));
}
