// One call of the npm package for tests/python: `node npm.mjs JS_DIR SPEC`, SPEC being
// `{ fn, args, file, options, part }`: the file's bytes (when given) come before `args`,
// `options` last, and `part` picks one property of the result (`table`, `model`, …).
// Standard output is "A" and an Arrow IPC stream for a table, else "J" and JSON.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [jsDir, specText] = process.argv.slice(2);
const spec = JSON.parse(specText);
const hk = await import(pathToFileURL(`${jsDir}/dist/index.js`).href);
// The ES module build of apache-arrow, the one the package's own tables come from.
const arrow = await import(pathToFileURL(`${jsDir}/node_modules/apache-arrow/Arrow.node.mjs`).href);
await hk.init();

const args = spec.file ? [readFileSync(spec.file), ...spec.args] : spec.args;
let out = hk[spec.fn](...args, spec.options);
if (spec.part) out = typeof out[spec.part] === "function" ? out[spec.part]() : out[spec.part];
if (out instanceof arrow.Table) {
  process.stdout.write("A");
  process.stdout.write(arrow.tableToIPC(out, "stream"));
} else {
  // A SessionModel writes itself through toJSON.
  process.stdout.write("J" + JSON.stringify(out));
}
