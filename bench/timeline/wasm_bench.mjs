// huntkit wasm side of the timeline benchmark, under Node through the built npm package.
// Usage: node wasm_bench.mjs EVENTS.csv   ($HUNTKIT_JS: the npm package directory, default js/)
// Prints one JSON line, or `null` when the package has no timeline API.
import { readFile } from "node:fs/promises";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.HUNTKIT_JS || join(here, "..", "..", "js"));
const hk = await import(pathToFileURL(join(pkgDir, "dist", "index.js")).href);
if (typeof hk.timelineIndex !== "function") {
  console.log("null");
  process.exit(0);
}
await hk.init();
const bytes = await readFile(process.argv[2]);
let t = performance.now();
const idx = hk.timelineIndex(bytes, { groupBy: "Account" });
const indexS = (performance.now() - t) / 1000;
const [lo, hi] = idx.paddedExtent(0.1);
t = performance.now();
idx.bin(lo, hi, 900);
const firstFrameS = (performance.now() - t) / 1000;
t = performance.now();
for (let step = 0; step < 100; step++) {
  const half = ((hi - lo) * 0.933 ** step) / 2;
  const mid = (lo + hi) / 2;
  idx.bin(mid - half, mid + half, 900);
}
const zoomFrameS = (performance.now() - t) / 1000 / 100;
t = performance.now();
const sel = idx.select(lo + (hi - lo) / 4, hi - (hi - lo) / 4);
const selectS = (performance.now() - t) / 1000;
console.log(JSON.stringify({ read_index_s: indexS, first_frame_s: firstFrameS, zoom_frame_s: zoomFrameS, select_s: selectS, selected: sel.total }));
idx.free();
