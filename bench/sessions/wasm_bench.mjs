// The wasm side of the sessions benchmark: the built npm package under Node.
// Usage: node wasm_bench.mjs HUNTKIT_JS_DIR EVENTS.csv...
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [pkgDir, ...files] = process.argv.slice(2);
const hk = await import(pathToFileURL(`${pkgDir}/dist/index.js`).href);
if (typeof hk.sessionize !== "function" || typeof hk.SessionModel !== "function") {
  console.error("the npm package has no sessions module; skipping");
  process.exit(0);
}
await hk.init();

function best(runs, f) {
  let best = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = f();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return [best, out];
}

const base = { userColumns: ["UserId", "ClientIP"], timeColumn: "TimeGenerated", eventColumn: "Operation", maxSessionMinutes: 20, maxGapMinutes: 2 };
for (const file of files) {
  const bytes = new Uint8Array(await readFile(file));
  const first = hk.sessionize(bytes, base);
  const rows = first.events.numRows;
  const runs = rows > 200000 ? 2 : 4;
  const [s] = best(runs, () => hk.sessionize(bytes, base));
  console.log(JSON.stringify({ file, step: "sessionize", form: "commands", rows, sessions: first.commands.length, seconds: s }));
  for (const form of ["commands", "params", "values"]) {
    const opts = form === "commands" ? base : { ...base, paramsColumn: "Parameters", form };
    const { commands } = hk.sessionize(bytes, opts);
    const [m] = best(runs, () => {
      const model = hk.SessionModel.train(commands);
      model.score(commands, { window: 2 });
      const r = model.score(commands, { window: 3 });
      model.free();
      return r;
    });
    console.log(JSON.stringify({ file, step: "model", form, rows, sessions: commands.length, seconds: m }));
  }
  const [e] = best(runs, () => hk.scoreSessions(bytes, { ...base, paramsColumn: "Parameters" }));
  console.log(JSON.stringify({ file, step: "score_table", form: "values", rows, seconds: e }));
}
