// A structured fuzzer for the npm package's API: random values of every JavaScript type,
// nested to random depths, sized from empty to large, with cycles and shared parts, fed
// to every function in the options and the data position. After each call the module
// must answer a real call; every failure must be a HuntkitError with a code.
//
//   node tests/hostile/fuzz-api.mjs [cases] [seed]   (after scripts/build.sh)
import { calls, make, outcome } from "./api.js";

/** A small, seeded generator (mulberry32), so a failing case can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  "read", "window", "userColumns", "timeColumn", "eventColumn", "period", "periods", "groupBy", "types",
  "ignoreValues", "customTypes", "compat", "maxRows", "maxBytes", "format", "output", "mapping", "schema",
  "threshold", "interval", "valueColumn", "columns", "summary", "onProgress", "lenient", "maxDepth", "__proto__",
  "constructor", "toString", "x".repeat(300),
];

function value(r, depth, shared) {
  const pick = Math.floor(r() * 20);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() < 0.5;
    case 3: return [0, -0, 1, -1, 2 ** 31, 2 ** 53, 1e308, -1e308, 5e-324, NaN, Infinity, -Infinity][Math.floor(r() * 12)];
    case 4: return Math.floor(r() * 100) - 10;
    case 5: return ["", "a", "TimeGenerated", "msticpy", "huntkit", "none", "csv", "\u0000", "\ud800", "<img src=x>"][Math.floor(r() * 10)];
    case 6: return "A".repeat(Math.floor(r() * 3) === 0 ? 1_000_000 : Math.floor(r() * 100));
    case 7: return BigInt(Math.floor(r() * 1000)) * (r() < 0.3 ? 2n ** 70n : 1n);
    case 8: return Symbol("s");
    case 9: return () => {};
    case 10: return new Date(r() < 0.2 ? NaN : r() * 2e12);
    case 11: return new Float64Array(Math.floor(r() * 50)).map(() => r() * 100);
    case 12: return new Map([["a", 1]]);
    case 13: {
      let v = [];
      const n = r() < 0.2 ? 100_000 : Math.floor(r() * 40);
      for (let i = 0; i < n; i++) v = [v];
      return v;
    }
    case 14: {
      if (shared.length) return shared[Math.floor(r() * shared.length)];
      return {};
    }
    default: {
      if (depth > 6) return 1;
      if (r() < 0.5) {
        const n = r() < 0.05 ? 100_000 : Math.floor(r() * 6);
        const a = new Array(n);
        for (let i = 0; i < n; i++) a[i] = n > 1000 ? i : value(r, depth + 1, shared);
        shared.push(a);
        if (r() < 0.1) a.push(a); // a cycle
        return a;
      }
      const o = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)]] = value(r, depth + 1, shared);
      shared.push(o);
      if (r() < 0.1) o.self = o;
      return o;
    }
  }
}

/**
 * Runs `cases` random calls. Returns `{ cases, passed, failed, resets, uncoded }`:
 * `uncoded` lists the calls whose failure was not a coded HuntkitError, or after which
 * the module no longer answered.
 */
export async function fuzz(hk, { cases = 1000, seed = 1, procs }) {
  const r = rng(seed);
  let made = make(hk, procs);
  let api = calls(hk, made);
  const names = Object.keys(api);
  const report = { cases: 0, passed: 0, failed: 0, resets: 0, uncoded: [] };
  for (let i = 0; i < cases; i++) {
    const name = names[Math.floor(r() * names.length)];
    const shared = [];
    const options = value(r, 0, shared);
    const data = r() < 0.5 ? undefined : value(r, 0, shared);
    const result = await outcome(() => api[name](options, data));
    report.cases++;
    if (result.ok) {
      report.passed++;
    } else if (result.error instanceof hk.HuntkitError && typeof result.error.code === "string") {
      report.failed++;
      if (result.error.code === "engine_reset") {
        report.resets++;
        made = make(hk, procs);
        api = calls(hk, made);
      }
    } else {
      report.uncoded.push(`case ${i} (seed ${seed}): ${name}: ${result.error?.name}: ${String(result.error?.message).slice(0, 200)}`);
    }
    try {
      if (hk.inspect("a\n1\n").rows !== 1) throw new Error("wrong answer");
    } catch (e) {
      report.uncoded.push(`case ${i} (seed ${seed}): the module stopped answering after ${name}: ${e.message}`);
      break;
    }
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const hk = await import("../../js/dist/index.js");
  const { readFile } = await import("node:fs/promises");
  await hk.init();
  const procs = await readFile(new URL("../../examples/data/win_proc_test.arrow", import.meta.url));
  const cases = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
  const report = await fuzz(hk, { cases, seed, procs });
  console.log(JSON.stringify({ ...report, uncoded: report.uncoded.length }, null, 1));
  for (const line of report.uncoded) console.log(line);
  process.exit(report.uncoded.length ? 1 : 0);
}
