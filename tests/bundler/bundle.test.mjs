// The npm package through a bundler (esbuild), as an application would consume it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
const js = fileURLToPath(new URL("../../js", import.meta.url));
const require = createRequire(join(js, "package.json"));
const { build } = require("esbuild");

async function project(source) {
  const dir = await mkdtemp(join(tmpdir(), "huntkit-bundle-"));
  await mkdir(join(dir, "node_modules"));
  await symlink(js, join(dir, "node_modules", "huntkit"), "dir");
  // The application's own copy of apache-arrow, as an installed dependency would be.
  await symlink(join(js, "node_modules", "apache-arrow"), join(dir, "node_modules", "apache-arrow"), "dir");
  await writeFile(join(dir, "app.mjs"), source);
  return dir;
}

const APP = (entry) => `
import { init, inspect, HuntkitError } from "${entry}";
await init();
const info = inspect("Computer,EventID\\nweb01,4624\\nweb02,4625\\n");
let code = null;
try { inspect("a,b\\n1\\n"); } catch (e) { code = e instanceof HuntkitError ? e.code : "wrong class"; }
console.log(JSON.stringify({ rows: info.rows, types: info.columns.map((c) => c.type), code }));
`;

test("an esbuild bundle of huntkit/inline runs under Node", async () => {
  const dir = await project(APP("huntkit/inline"));
  try {
    await build({
      entryPoints: [join(dir, "app.mjs")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "es2022",
      outfile: join(dir, "out.mjs"),
      logLevel: "error",
    });
    const { stdout } = await run(process.execPath, [join(dir, "out.mjs")]);
    assert.deepEqual(JSON.parse(stdout), { rows: 2, types: ["Utf8", "Int64"], code: "invalid_csv" });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("huntkit bundles for the browser without Node built-ins", async () => {
  const dir = await project(APP("huntkit"));
  try {
    const result = await build({
      entryPoints: [join(dir, "app.mjs")],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    assert.deepEqual(result.errors, []);
    assert.ok(result.outputFiles[0].text.includes("huntkit_wasm_bg.wasm"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
