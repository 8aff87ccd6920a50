// Builds widgets/dist/timeline.js: one ES module with the engine's WebAssembly and
// apache-arrow inlined, and copies it into the Python package. The views reach the engine
// through the built npm package (js/dist, made by scripts/build.sh), as any page would.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const npm = resolve(here, "..", "js", "dist");
for (const f of ["index.js", "huntkit_wasm_bg.wasm"]) {
  if (!existsSync(join(npm, f))) {
    console.error(`missing ${join(npm, f)}: build the npm package first (scripts/build.sh)`);
    process.exit(1);
  }
}

const outfile = join(here, "dist", "timeline.js");
await build({
  entryPoints: [join(here, "src", "timeline.js")],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  outfile,
  // One copy of apache-arrow for the view and the engine's data helpers.
  alias: { "apache-arrow": join(here, "node_modules", "apache-arrow") },
  loader: { ".wasm": "binary" },
  legalComments: "none",
  logLevel: "warning",
});
const staticDir = join(here, "python", "src", "huntkit", "static");
mkdirSync(staticDir, { recursive: true });
copyFileSync(outfile, join(staticDir, "timeline.js"));
console.log(`built ${outfile}`);
