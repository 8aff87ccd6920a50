// Builds the views into widgets/dist and copies them into the Python package:
// - engine.js: the engine module every view of a page shares (the npm package from js/dist
//   and apache-arrow), and huntkit.wasm; gzipped, both are what the Python package carries
//   (its Engine widget sends them to the browser once per kernel);
// - <view>.js for each view entry in src/ (timeline.js, ...): the view's own code and the
//   d3 modules it draws with; the engine reaches it at run time (src/common/engine.js);
// - host.js: the minimal anywidget host for plain pages, which provides the engine from
//   the files beside it.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const npm = resolve(here, "..", "js", "dist");
for (const f of ["index.js", "huntkit_wasm_bg.wasm"]) {
  if (!existsSync(join(npm, f))) {
    console.error(`missing ${join(npm, f)}: build the npm package first (scripts/build.sh)`);
    process.exit(1);
  }
}

const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });
const common = {
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  // One copy of apache-arrow: the engine module's.
  alias: { "apache-arrow": join(here, "node_modules", "apache-arrow") },
  legalComments: "none",
  logLevel: "warning",
};

const NOT_VIEWS = new Set(["engine-module.js"]);
const views = readdirSync(join(here, "src")).filter((f) => f.endsWith(".js") && !NOT_VIEWS.has(f));
await Promise.all([
  build({ ...common, entryPoints: [join(here, "src", "engine-module.js")], outfile: join(dist, "engine.js") }),
  build({ ...common, entryPoints: [join(here, "host.js")], outfile: join(dist, "host.js") }),
  ...views.map((f) =>
    build({
      ...common,
      entryPoints: [join(here, "src", f)],
      outfile: join(dist, f),
      // A view must not carry the engine: it gets it from common/engine.js at run time.
      plugins: [forbid(/apache-arrow|js[\\/]dist/, f)],
    }),
  ),
]);

const wasm = readFileSync(join(npm, "huntkit_wasm_bg.wasm"));
copyFileSync(join(npm, "huntkit_wasm_bg.wasm"), join(dist, "huntkit.wasm"));
writeFileSync(join(dist, "huntkit.wasm.gz"), gzipSync(wasm, { level: 9 }));
writeFileSync(join(dist, "engine.js.gz"), gzipSync(readFileSync(join(dist, "engine.js")), { level: 9 }));

const staticDir = join(here, "python", "src", "huntkit", "static");
mkdirSync(staticDir, { recursive: true });
for (const f of ["engine.js.gz", "huntkit.wasm.gz", ...views]) copyFileSync(join(dist, f), join(staticDir, f));
console.log(`built ${dist}: engine.js, host.js, ${views.join(", ")}`);

function forbid(pattern, entry) {
  return {
    name: "no-engine-in-views",
    setup(b) {
      b.onResolve({ filter: pattern }, (args) => ({
        errors: [{ text: `${entry}: views reach the engine through common/engine.js, not by importing ${args.path}` }],
      }));
    },
  };
}
