// The decode benchmark's CyberChef side, run under Node 24 (CyberChef 11 needs it).
// Usage: node24 cyberchef.mjs CHEF_DIR RUNS PAYLOADS_JSONL ITEMS_OUT — prints one JSON line.
//
// CyberChef does not look for payloads in a command line: it is handed each payload that
// make_inputs.py listed, with the recipe for its kind, and bakes it. ITEMS_OUT receives the
// md5 of each plaintext it produced (`line<TAB>md5`, line as in PAYLOADS_JSONL) so that the
// report can check it against the plaintext the payload was built from and against huntkit's.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [chefDir, runsArg, payloadsPath, itemsPath] = process.argv.slice(2);
const runs = Number(runsArg);
const recipes = {
  base64: ["From Base64"],
  "base64+gzip": ["From Base64", "Gunzip"],
  "base64+deflate": ["From Base64", "Raw Inflate"],
};

const pkg = join(chefDir, "node_modules", "cyberchef");
const version = JSON.parse(await readFile(join(pkg, "package.json"), "utf8")).version;
let start = performance.now();
const chef = (await import(pathToFileURL(join(pkg, "src", "node", "index.mjs")).href)).default;
const loadSeconds = (performance.now() - start) / 1000;

const payloads = (await readFile(payloadsPath, "utf8")).split("\n").filter((l) => l).map((l) => JSON.parse(l));
const bytes = payloads.reduce((n, p) => n + p.payload.length, 0);

let best = Infinity;
let outputs;
for (let i = 0; i < runs; i++) {
  outputs = [];
  start = performance.now();
  for (const p of payloads) {
    try {
      const dish = await chef.bake(p.payload, recipes[p.kind]);
      outputs.push(new Uint8Array(dish.get(chef.Dish.ARRAY_BUFFER)));
    } catch {
      // A recipe that fails on its payload (a damaged stream) recovers nothing.
      outputs.push(null);
    }
  }
  best = Math.min(best, (performance.now() - start) / 1000);
}

// Hashed outside the timed loop: CyberChef was asked for plaintexts, not hashes.
const items = [];
const byKind = {};
outputs.forEach((out, i) => {
  const kind = (byKind[payloads[i].kind] ??= { payloads: 0, recovered: 0, failed: 0 });
  kind.payloads++;
  if (out === null) {
    kind.failed++;
    return;
  }
  const md5 = createHash("md5").update(out).digest("hex");
  items.push(`${i}\t${md5}`);
  if (md5 === payloads[i].md5) kind.recovered++;
});
await writeFile(itemsPath, items.join("\n") + "\n");
console.log(JSON.stringify({
  engine: `CyberChef ${version} (Node ${process.versions.node}), recipe given per payload`,
  scope: "payloads", payloads: payloads.length, bytes, seconds: best, loadSeconds, byKind,
}));
