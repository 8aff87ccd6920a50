// Times huntkit's buildProcessTree in wasm under Node; one JSON line per input file.
// Usage: node wasm_bench.mjs HUNTKIT_JS_DIR FILE...
//
// `seconds` is the best of PROCTREE_REPEAT builds (default 3) in one Node process that
// builds every file in turn, so its code is optimised by the larger inputs. `first` is
// the first build in a Node process of its own: a page's first, the one a notebook user
// waits for, with the wasm's code not yet optimised and its memory not yet grown.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const [jsDir, ...files] = process.argv.slice(2);

if (files[0] === "--first") {
  await builds(files[1], 1);
} else {
  const huntkit = await load();
  for (const file of files) {
    let first = {};
    try {
      first = JSON.parse(
        execFileSync(process.execPath, [fileURLToPath(import.meta.url), jsDir, "--first", file], {
          encoding: "utf8",
          maxBuffer: 1 << 20,
        }),
      );
    } catch (e) {
      console.error(`${file}: the first-build run failed: ${e.message}`);
    }
    const best = await builds(file, Number(process.env.PROCTREE_REPEAT ?? 3), huntkit);
    console.log(JSON.stringify(best.error ? best : { ...best, first: first.seconds }));
  }
}

async function load() {
  const huntkit = await import(pathToFileURL(path.join(jsDir, "dist", "index.js")).href);
  await huntkit.init();
  return huntkit;
}

/** Builds `file` `repeat` times; the best time, or the error. Prints it when run alone. */
async function builds(file, repeat, loaded) {
  const huntkit = loaded ?? (await load());
  // The wasm refuses inputs over 256 MiB unless told otherwise; the ×1000 inputs are
  // 400-600 MiB, and a process tree of them fits in the wasm's 4 GiB.
  const options = { read: { maxBytes: 2 ** 30 } };
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
    return report({ file, error: e.code ?? "error", message: String(e.message ?? e), bytes: bytes.length });
  }
  return report({
    file,
    seconds: best,
    processes: summary.Processes,
    roots: summary.RootProcesses,
    leaves: summary.LeafProcesses,
    branches: summary.BranchProcesses,
    depth: summary.LargestTreeDepth,
  });

  function report(result) {
    if (!loaded) console.log(JSON.stringify(result));
    return result;
  }
}
