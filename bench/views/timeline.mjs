// The timeline view in headless Chromium on generated events (8 lanes over a day), at
// 100,000 and 1,000,000 events by default. Prints one JSON line per measurement:
//   engine_load_ms   the engine module and its wasm, once per page (a small warm-up view)
//   first_render_ms  mount → drawn (data-ready) and the next animation frame: indexing by
//                    the engine, layout, the first frame and the range selector
//   zoom_ms          a wheel step over the plot until the next animation frame has drawn
//                    (median, max of 30); handler_*: the wheel handler alone
//   select_ms        a Shift+drag over the middle half of the plot (the rows in it written
//                    to the model) until the next frame; with a second view of the same data
//                    in the same link group, which rings the rows (select_linked_ms: the
//                    first time, when the linked view learns each row's lane from the
//                    engine, and again)
//
// Usage: node bench/views/timeline.mjs [EVENTS...]   (after node widgets/build.mjs)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { problems } from "../../tests/browser/harness.mjs";
import { openPage, printer, repo, round, sizesOr, stepStats, withBrowser, workDir } from "./common.mjs";

const sizes = sizesOr(["100000", "1000000"]);
const work = workDir("timeline");
const print = printer("timeline");
const arrow = await import(pathToFileURL(join(repo, "widgets", "node_modules", "apache-arrow", "Arrow.node.mjs")).href);

const START = Date.UTC(2024, 0, 1);
const HOSTS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];

// Events as the kernel sends them: Arrow IPC, a nanosecond time and a host per row, the
// times spread over a day by a fixed linear congruential sequence.
function input(n) {
  const ns = new BigInt64Array(n);
  const host = new Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    ns[i] = BigInt(START) * 1000000n + BigInt(seed) * 40000n;
    host[i] = HOSTS[i % HOSTS.length];
  }
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n }));
  const table = new arrow.Table({ TimeGenerated: time, Host: arrow.vectorFromArray(host) });
  writeFileSync(join(work, `events_${n}.arrow`), arrow.tableToIPC(table, "stream"));
  return `/bench-data/events_${n}.arrow`;
}

await withBrowser(work, async (env) => {
  input(1000);
  for (const n of sizes) {
    const url = input(n);
    const page = await openPage(env, "timeline.html", { width: 1300, height: 1400 });
    const warm = await page.evaluate(() => window.mountTimeline({ data: "/bench-data/events_1000.arrow", group_by: "Host" }, "view2"));
    print({ measure: "engine_load_ms", events: 1000, ms: round(warm) });
    await page.evaluate((u) => window.bench.fetchBytes(u), url);
    const first = await page.evaluate(() => window.bench.firstRender(() => window.mountTimeline({ data: window.benchBytes, group_by: "Host", group: "bench" })));
    print({ measure: "first_render_ms", events: n, ms: round(first) });

    const zoom = await page.evaluate(() => {
      const svg = document.querySelector("#view .hk-main svg");
      const r = svg.getBoundingClientRect();
      return window.bench.steps(30, (i) => {
        svg.dispatchEvent(new WheelEvent("wheel", { deltaY: i < 15 ? -120 : 120, clientX: r.left + r.width / 2, clientY: r.top + 40, bubbles: true, cancelable: true }));
      });
    });
    print({ measure: "zoom_ms", events: n, ...stepStats(zoom) });

    // A Shift+drag over the middle half, then the same with a linked view on the page.
    const select = () => page.evaluate(async () => {
      const root = document.querySelector("#view .hk-tl");
      root.querySelector(".hk-bar button:nth-child(1)").click(); // Reset: all the data in view
      await window.bench.frame();
      const svg = root.querySelector(".hk-main svg");
      const r = svg.getBoundingClientRect();
      const at = (type, x) => new PointerEvent(type, { clientX: r.left + x, clientY: r.top + 30, shiftKey: true, button: 0, pointerId: 1, bubbles: true });
      const t0 = performance.now();
      svg.dispatchEvent(at("pointerdown", r.width * 0.25));
      svg.dispatchEvent(at("pointerup", r.width * 0.75));
      const handler = performance.now() - t0;
      await window.bench.frame();
      return { ms: performance.now() - t0, handler, rows: window.model.get("selected_indices").length };
    });
    const alone = await select();
    print({ measure: "select_ms", events: n, selected: alone.rows, ms: round(alone.ms), handler_ms: round(alone.handler) });
    await page.evaluate(() => window.mountTimeline({ data: window.benchBytes, group_by: "Host", group: "bench" }, "view2"));
    for (const run of ["first", "again"]) {
      const linked = await select();
      const marked = await page.evaluate(() => Number(document.querySelector("#view2 .hk-tl").dataset.linked));
      print({ measure: "select_linked_ms", run, events: n, selected: linked.rows, rings: marked, ms: round(linked.ms), handler_ms: round(linked.handler) });
    }
    if (problems(page).length) console.error(problems(page).join("\n"));
    await page.close();
  }
});
