// The payload view in headless Chromium: MSTICPy's base64msg.txt, and a generated payload
// of about 1 MB with many layers (base64 and gzip nested six deep, three runs per layer,
// indicators on every line). Prints one JSON line per measurement:
//   engine_load_ms    the engine module and its wasm, once per page (a small warm-up view)
//   first_render_ms   mount → drawn (data-ready: the tree, and the payload with its
//                     indicators highlighted) and the next animation frame
//   indicators_ms     mount → every layer scanned and the indicator table published
//   longest_block_ms  the longest the page's main thread went without a timer tick while
//                     the view loaded (decoding and scanning run in the engine's worker)
//   expand_layer_ms   ArrowDown in the layer tree (opens the next layer in the detail pane:
//                     its fields, text with highlights or hex view) until the next frame,
//                     median and max of the first 30 layers; handler_*: the handler alone
//   open_layer_ms     a click on layer 1 (the generated payload's largest text: 64 KB of it
//                     drawn with its highlights), until the next frame
//
// Usage: node bench/views/payload.mjs [BYTES]   (after node widgets/build.mjs)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { start } from "../../tests/browser/harness.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const size = Number(process.argv[2] ?? 1_000_000);
const work = join(repo, "bench", "work", "payload");
mkdirSync(work, { recursive: true });

/**
 * A text of about `bytes` characters: lines with defanged URLs, addresses, e-mail and
 * hashes, and `fan` encoded runs per layer down to `depth` (every third level gzipped).
 */
export function payload(bytes, depth = 6, fan = 3) {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const line = (i) =>
    `step ${i}: beacon hxxp://c2-${i % 97}[.]evil-example.com/gate.php?id=${i} from 10.${i % 250}.${(i * 7) % 250}.${(i * 13) % 250} ` +
    `user${i}@mail.example.org sha ${((i * 2654435761) >>> 0).toString(16).padStart(8, "0").repeat(8)}\n`;
  function layer(d, budget) {
    const parts = [];
    let used = 0;
    const kids = d < depth ? fan : 0;
    const childBudget = kids ? Math.floor((budget * 0.6) / kids / 1.37) : 0;
    for (let k = 0; k < kids; k++) {
      const inner = Buffer.from(layer(d + 1, childBudget));
      const b64 = (d % 3 === 2 ? gzipSync(inner) : inner).toString("base64");
      parts.push(`powershell -enc ${b64}\n`);
      used += b64.length + 17;
    }
    while (used < budget) {
      const l = line(Math.floor(rnd() * 1e6));
      parts.push(l);
      used += l.length;
    }
    return parts.sort(() => rnd() - 0.5).join("");
  }
  return layer(1, bytes);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;
const print = (o) => console.log(JSON.stringify({ view: "payload", ...o }));

writeFileSync(join(work, "big.txt"), payload(size));
const inputs = [
  { name: "base64msg.txt", url: "/examples/data/base64msg.txt" },
  { name: `generated ${(size / 1e6).toFixed(1)} MB`, url: "/bench-data/big.txt" },
];

const env = await start({ mounts: { "/bench-data/": work } });
try {
  for (const input of inputs) {
    const page = await env.page();
    page.setDefaultTimeout(600000);
    await page.setViewportSize({ width: 1300, height: 1000 });
    await page.goto(`${env.url}/tests/browser/payload.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    const warm = await page.evaluate(() => window.mountPayload({ text: "warm up: aGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IG9mIGJhc2U2NA==" }));
    if (input === inputs[0]) print({ measure: "engine_load_ms", ms: round(warm) });
    const text = await page.evaluate(async (u) => (window.benchText = await (await fetch(u)).text()).length, input.url);
    const load = await page.evaluate(async () => {
      let last = performance.now();
      let longest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 4);
      const t0 = performance.now();
      const ms = await window.mountPayload({ text: window.benchText });
      await new Promise((r) => requestAnimationFrame(() => r()));
      const first = performance.now() - t0;
      void ms;
      await new Promise((resolve) => {
        const check = () => (document.querySelector("#view .hk-pl").dataset.indicators !== undefined ? resolve() : setTimeout(check, 2));
        check();
      });
      const all = performance.now() - t0;
      clearInterval(timer);
      const root = document.querySelector("#view .hk-pl");
      return { first, all, longest, status: root.querySelector(".hk-status").textContent, indicators: Number(root.dataset.indicators) };
    });
    const layers = Number(/(\d+) layers?/.exec(load.status)?.[1]);
    print({ measure: "first_render_ms", input: input.name, chars: text, layers, ms: round(load.first) });
    print({ measure: "indicators_ms", input: input.name, chars: text, layers, indicators: load.indicators, ms: round(load.all) });
    print({ measure: "longest_block_ms", input: input.name, ms: round(load.longest) });

    const steps = await page.evaluate(async () => {
      const tree = document.querySelector("#view .hk-tree");
      tree.focus();
      const frame = [];
      const handler = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        tree.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true, cancelable: true }));
        handler.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => r()));
        frame.push(performance.now() - t0);
      }
      return { frame, handler };
    });
    print({ measure: "expand_layer_ms", input: input.name, median: round(median(steps.frame)), max: round(Math.max(...steps.frame)), handler_median: round(median(steps.handler)), handler_max: round(Math.max(...steps.handler)) });

    const largest = await page.evaluate(async () => {
      // The first layer of the payload: the largest text (the generated payload's layers
      // shrink with depth), or the first archive of base64msg.txt.
      document.querySelector("#view .hk-tree").scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const target = [...document.querySelectorAll("#view .hk-node")].find((n) => n.style.display !== "none" && n.querySelector(".hk-label").textContent.startsWith("1 — "));
      if (!target) return null;
      const t0 = performance.now();
      target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      const handler = performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(() => r()));
      return { ms: performance.now() - t0, handler, label: target.querySelector(".hk-label").textContent };
    });
    if (largest) print({ measure: "open_layer_ms", input: input.name, layer: largest.label, ms: round(largest.ms), handler_ms: round(largest.handler) });
    await page.close();
  }
} finally {
  await env.close();
}
