// Builds the npm package from the wasm-bindgen output in pkg/:
//   dist/index.js   ESM, loads dist/huntkit_wasm_bg.wasm beside it, imports apache-arrow
//   dist/browser.js ESM with apache-arrow inlined, for plain pages (no import map needed)
//   dist/inline.js  ESM with the wasm and apache-arrow inlined (anywidget, JupyterLite, Observable)
//   dist/*.d.ts     the TypeScript declarations
import { build } from "esbuild";
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;

// The worker's code travels as a string inside the main module, so the async API works
// where a separate worker file cannot be found (blob: module URLs in notebooks).
const worker = await build({
  entryPoints: [`${root}src/worker.js`],
  bundle: true,
  format: "iife",
  target: "es2022",
  minify: true,
  write: false,
  logLevel: "error",
  define: { "import.meta.url": "undefined" },
});
const workerSource = worker.outputFiles[0].text;

const workerPlugin = {
  name: "huntkit-worker-source",
  setup(b) {
    b.onResolve({ filter: /^huntkit:worker-source$/ }, () => ({ path: "worker-source", namespace: "huntkit" }));
    b.onLoad({ filter: /.*/, namespace: "huntkit" }, () => ({
      contents: `export default ${JSON.stringify(workerSource)};`,
      loader: "js",
    }));
  },
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const common = {
  bundle: true,
  format: "esm",
  // es2022: newer targets make esbuild emit Uint8Array.fromBase64, which Node 20 lacks.
  target: "es2022",
  minify: true,
  logLevel: "warning",
  plugins: [workerPlugin],
  loader: { ".wasm": "binary" },
};
// The default entry shares the application's apache-arrow, so Tables pass between them;
// the inline entry is self-contained for hosts that load one file from a blob: URL.
await build({ ...common, entryPoints: [`${root}src/index.js`], outfile: `${dist}/index.js`, external: ["apache-arrow"] });
await build({ ...common, entryPoints: [`${root}src/index.js`], outfile: `${dist}/browser.js` });
await build({ ...common, entryPoints: [`${root}src/inline.js`], outfile: `${dist}/inline.js` });
await copyFile(`${root}pkg/huntkit_wasm_bg.wasm`, `${dist}/huntkit_wasm_bg.wasm`);
for (const f of await readdir(`${root}src`)) {
  if (f.endsWith(".d.ts")) await copyFile(`${root}src/${f}`, `${dist}/${f}`);
}
