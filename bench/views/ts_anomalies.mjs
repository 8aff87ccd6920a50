// The TimeSeriesAnomalies view in headless Chromium on generated hourly series (a daily
// season, noise, a spike every 997 points), at 10,000, 100,000 and 1,000,000 points by
// default. Prints one JSON line per measurement:
//   engine_load_ms   the engine module and its wasm, once per page (a small warm-up view)
//   first_render_ms  mount → drawn (data-ready) and the next animation frame: the
//                    engine's STL decomposition and scores (period 24), the result table,
//                    anomaly periods and KQL, and the first frame
//   slider_step_ms   one step of the threshold slider (30 steps between 1.5 and 4.5):
//                    main_thread = the input handler (re-flagging in the engine with
//                    applyThreshold; no new decomposition) + the frame that redraws,
//                    each measured with performance.now() (a frame is 16.7 ms at 60 Hz);
//                    frame = from the input event to the end of that frame (includes the
//                    wait for it); median and max; busy = Chromium's own main-thread
//                    task time per step (TaskDuration: script, style, layout, paint and the
//                    commit that rasterises the canvases)
//   slider_rest_ms   the slider released: the result table (Arrow IPC), anomaly periods
//                    and KQL filter rebuilt and written to the model (once per gesture)
//
// Usage: node bench/views/ts_anomalies.mjs [POINTS...]   (after node widgets/build.mjs)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { median, openPage, printer, repo, round, sizesOr, taskClock, withBrowser, workDir } from "./common.mjs";

const sizes = sizesOr(["10000", "100000", "1000000"]);
const SLIDER_AT = 100000; // the slider is measured at this size (and at every size above it)
const work = workDir("ts_anomalies");
const arrow = await import(pathToFileURL(join(repo, "widgets", "node_modules", "apache-arrow", "Arrow.node.mjs")).href);
const print = printer("ts_anomalies");

/** n hourly points from 2024-01-01 as Arrow IPC: TimeGenerated (ns, UTC) and value. */
function input(n) {
  const t0 = BigInt(Date.UTC(2024, 0, 1)) * 1000000n;
  const hour = 3600n * 1000000000n;
  const ns = new BigInt64Array(n);
  const value = new Float64Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 16807) % 2147483647;
    ns[i] = t0 + BigInt(i) * hour;
    value[i] = 1000 + 200 * Math.sin((2 * Math.PI * i) / 24) + (seed / 2147483647) * 60 + (i % 997 === 500 ? 600 : 0);
  }
  const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond("UTC"), data: ns, length: n }));
  const file = join(work, `series_${n}.arrow`);
  writeFileSync(file, arrow.tableToIPC(new arrow.Table({ TimeGenerated: time, value: arrow.makeVector(value) }), "stream"));
  return `/bench-data/series_${n}.arrow`;
}

const OPTIONS = { value_column: "value", period: 24 };

await withBrowser(work, async (env) => {
  for (const n of sizes) {
    const url = input(n);
    const page = await openPage(env, "ts_anomalies.html", { width: 1300, height: 1100 });
    const warm = await page.evaluate(() => window.mountTs({ data: "/examples/data/time_series.csv", value_column: "TotalBytesSent" }, "view2"));
    if (n === sizes[0]) print({ measure: "engine_load_ms", points: 840, ms: round(warm) });
    await page.evaluate(() => window.views.view2.destroy());
    await page.evaluate((u) => window.bench.fetchBytes(u), url);
    const first = await page.evaluate((o) => window.bench.firstRender(() => window.mountTs({ data: window.benchBytes, ...o })), OPTIONS);
    const info = await page.evaluate(() => ({ ...document.querySelector("#view .hk-ts").dataset }));
    print({ measure: "first_render_ms", points: n, ms: round(first), high: Number(info.high), low: Number(info.low) });

    if (n >= SLIDER_AT) {
      const busy = await taskClock(env, page);
      const busy0 = await busy();
      const steps = await page.evaluate(async () => {
        const slider = document.querySelector("#view .hk-thr");
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        const out = { main: [], handler: [], draw: [], frame: [] };
        for (let i = 0; i < 30; i++) {
          const v = 1.5 + (3 * (i < 15 ? i : 29 - i)) / 14; // up from 1.5 to 4.5 and back
          // A frame callback registered before the input runs first in the next frame,
          // one registered after runs after the view's redraw: between them, the redraw.
          let before = 0;
          requestAnimationFrame(() => (before = performance.now()));
          const t0 = performance.now();
          slider.value = v.toFixed(2);
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          const handler = performance.now() - t0;
          const after = await frame();
          out.handler.push(handler);
          out.draw.push(after - before);
          out.main.push(handler + after - before);
          out.frame.push(after - t0);
          // A second frame: the commit of the first (where canvases are rasterised) is done.
          await frame();
        }
        out.steps = out.main.length;
        const t = performance.now();
        slider.dispatchEvent(new Event("change", { bubbles: true }));
        out.rest = performance.now() - t;
        out.anomalies = Number(document.querySelector("#view .hk-ts").dataset.high) + Number(document.querySelector("#view .hk-ts").dataset.low);
        return out;
      });
      const busyPerStep = ((await busy()) - busy0) * 1000 / steps.steps;
      print({
        measure: "slider_step_ms", points: n,
        main_thread_median: round(median(steps.main)), main_thread_max: round(Math.max(...steps.main)),
        handler_median: round(median(steps.handler)), draw_median: round(median(steps.draw)),
        frame_median: round(median(steps.frame)), frame_max: round(Math.max(...steps.frame)),
        within_frame: steps.main.filter((x) => x <= 16.7).length + "/" + steps.main.length,
        busy_per_step: round(busyPerStep),
      });
      print({ measure: "slider_rest_ms", points: n, ms: round(steps.rest), anomalies: steps.anomalies });
    }
    await page.close();
  }
});
