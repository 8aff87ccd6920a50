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
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { openPage, printer, round, stepStats, withBrowser, workDir } from "./common.mjs";

const size = Number(process.argv[2] ?? 1_000_000);
const work = workDir("payload");
const print = printer("payload");

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

writeFileSync(join(work, "big.txt"), payload(size));
const inputs = [
  { name: "base64msg.txt", url: "/examples/data/base64msg.txt" },
  { name: `generated ${(size / 1e6).toFixed(1)} MB`, url: "/bench-data/big.txt" },
];

await withBrowser(work, async (env) => {
  for (const input of inputs) {
    const page = await openPage(env, "payload.html", { width: 1300, height: 1000 });
    const warm = await page.evaluate(() => window.mountPayload({ text: "warm up: aGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IG9mIGJhc2U2NA==" }));
    if (input === inputs[0]) print({ measure: "engine_load_ms", ms: round(warm) });
    const text = await page.evaluate(async (u) => (window.benchText = await (await fetch(u)).text()).length, input.url);
    const load = await page.evaluate(async () => {
      const { value: times, longest } = await window.bench.longestGap(async () => {
        const t0 = performance.now();
        await window.mountPayload({ text: window.benchText });
        await window.bench.frame();
        const first = performance.now() - t0;
        await new Promise((resolve) => {
          const check = () => (document.querySelector("#view .hk-pl").dataset.indicators !== undefined ? resolve() : setTimeout(check, 2));
          check();
        });
        return { first, all: performance.now() - t0 };
      });
      const root = document.querySelector("#view .hk-pl");
      return { ...times, longest, status: root.querySelector(".hk-status").textContent, indicators: Number(root.dataset.indicators) };
    });
    const layers = Number(/(\d+) layers?/.exec(load.status)?.[1]);
    print({ measure: "first_render_ms", input: input.name, chars: text, layers, ms: round(load.first) });
    print({ measure: "indicators_ms", input: input.name, chars: text, layers, indicators: load.indicators, ms: round(load.all) });
    print({ measure: "longest_block_ms", input: input.name, ms: round(load.longest) });

    const steps = await page.evaluate(() => {
      const tree = document.querySelector("#view .hk-tree");
      tree.focus();
      return window.bench.steps(30, () => tree.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true, cancelable: true })));
    });
    print({ measure: "expand_layer_ms", input: input.name, ...stepStats(steps) });

    const largest = await page.evaluate(async () => {
      // The first layer of the payload: the largest text (the generated payload's layers
      // shrink with depth), or the first archive of base64msg.txt.
      document.querySelector("#view .hk-tree").scrollTop = 0;
      await window.bench.frame();
      const target = [...document.querySelectorAll("#view .hk-node")].find((n) => n.style.display !== "none" && n.querySelector(".hk-label").textContent.startsWith("1 — "));
      if (!target) return null;
      const t0 = performance.now();
      target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      const handler = performance.now() - t0;
      await window.bench.frame();
      return { ms: performance.now() - t0, handler, label: target.querySelector(".hk-label").textContent };
    });
    if (largest) print({ measure: "open_layer_ms", input: input.name, layer: largest.label, ms: round(largest.ms), handler_ms: round(largest.handler) });
    await page.close();
  }
});
