// Builds widgets/dist/timeline.js: one ES module with the engine's WebAssembly and
// apache-arrow inlined, and copies it into the Python package. The wasm-bindgen output
// (`--target web`) is js/pkg, or $HUNTKIT_WASM_PKG when set.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(process.env.HUNTKIT_WASM_PKG || join(here, "..", "js", "pkg"));
for (const f of ["huntkit_wasm.js", "huntkit_wasm_bg.wasm"]) {
  if (!existsSync(join(pkg, f))) {
    console.error(`missing ${join(pkg, f)}: build the wasm package first (scripts/build.sh)`);
    process.exit(1);
  }
}

// Points the engine's `../pkg/...` imports at the chosen wasm-bindgen output.
const wasmPkg = {
  name: "huntkit-wasm-pkg",
  setup(b) {
    b.onResolve({ filter: /\/pkg\/huntkit_wasm(_bg\.wasm|\.js)$/ }, (args) => ({
      path: join(pkg, args.path.slice(args.path.lastIndexOf("/") + 1)),
    }));
  },
};

const outfile = join(here, "dist", "timeline.js");
await build({
  entryPoints: [join(here, "src", "timeline.js")],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  outfile,
  plugins: [wasmPkg],
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
