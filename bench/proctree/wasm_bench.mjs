// Times huntkit's buildProcessTree in wasm under Node; one JSON line per input file.
// Usage: node wasm_bench.mjs HUNTKIT_JS_DIR FILE...
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [jsDir, ...files] = process.argv.slice(2);
const huntkit = await import(pathToFileURL(path.join(jsDir, "dist", "index.js")).href);
await huntkit.init();
const repeat = Number(process.env.PROCTREE_REPEAT ?? 3);
// The wasm refuses inputs over 256 MiB unless told otherwise; the ×1000 inputs are
// 400-600 MiB, and a process tree of them fits in the wasm's 4 GiB.
const options = { read: { maxBytes: 2 ** 30 } };

for (const file of files) {
  const bytes = new Uint8Array(await readFile(file));
  let best = Infinity;
  let summary;
  try {
    for (let i = 0; i < repeat; i++) {
      const start = performance.now();
      const tree = huntkit.buildProcessTree(bytes, options);
      best = Math.min(best, (performance.now() - start) / 1000);
      summary = tree.summary;
      tree.free();
    }
  } catch (e) {
    // A limit (the wasm's 4 GiB memory bounds what it accepts) is a result, not a crash.
    console.log(JSON.stringify({ file, error: e.code ?? "error", message: String(e.message ?? e), bytes: bytes.length }));
    continue;
  }
  console.log(JSON.stringify({
    file,
    seconds: best,
    processes: summary.Processes,
    roots: summary.RootProcesses,
    leaves: summary.LeafProcesses,
    branches: summary.BranchProcesses,
    depth: summary.LargestTreeDepth,
  }));
}
