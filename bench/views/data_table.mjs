// The DataTable view in headless Chromium on generated events (time, host, account,
// process, command line, a number), a million rows by default. Prints one JSON line per
// measurement:
//   engine_load_ms    the engine module and its wasm, once per page (a small warm-up view)
//   first_render_ms   mount → drawn (data-ready) and the next animation frame, `result`
//                     published (goal: under 1 s)
//   scroll_frame_ms   main-thread time of one scroll step (scrollTop moved, the scroll
//                     handler redraws the rows, style and layout forced), median and max
//                     over 120 steps of a few pages to random jumps (goal: within 16.7 ms);
//                     frame_interval_ms: time between animation frames while scrolling
//   sort_ms           a header click until the next frame: first sort of a column (ranks
//                     built: text, number, time), then the reverse (ranks cached)
//   filter_ms         a filter box's Enter until the next frame: text equals, text
//                     contains, number range, time range
//   result_ms         the rows shown gathered into Arrow IPC for `result` (after a filter)
//
// Usage: node bench/views/data_table.mjs [ROWS...]   (after node widgets/build.mjs)
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { eventsIPC, median, openPage, printer, repo, round, sizesOr, withBrowser, workDir } from "./common.mjs";

const arrow = createRequire(join(repo, "widgets", "package.json"))("apache-arrow");
const sizes = sizesOr(["1000000"]);
const work = workDir("data_table");
const print = printer("data_table");

await withBrowser(work, async (env) => {
  for (const n of sizes) {
    writeFileSync(join(work, `events_${n}.arrow`), eventsIPC(arrow, n));
    const page = await openPage(env, "data_table.html", { width: 1300, height: 1000 });
    const warm = await page.evaluate(() => window.mountView({ data: "/examples/data/host_logons.csv" }, { into: "other" }));
    print({ measure: "engine_load_ms", rows: 25, ms: round(warm) });
    await page.evaluate((u) => window.bench.fetchBytes(u), `/bench-data/events_${n}.arrow`);
    const first = await page.evaluate(async () => ({
      ms: await window.bench.firstRender(() => window.mountView({ data: window.benchBytes })),
      result: window.model.get("result")?.byteLength,
    }));
    print({ measure: "first_render_ms", rows: n, ms: round(first.ms), result_bytes: first.result });

    const scroll = await page.evaluate(async () => {
      const grid = document.querySelector("#view .hk-grid");
      const steps = [];
      const gaps = [];
      let last = performance.now();
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let i = 0; i < 120; i++) {
        await window.bench.frame();
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        const t0 = performance.now();
        // Small steps (a few rows, a page) and long jumps, as a wheel and a dragged bar do.
        const target = i % 3 === 2 ? random() * grid.scrollHeight : grid.scrollTop + (i % 3 === 0 ? 66 : grid.clientHeight);
        grid.scrollTop = target;
        grid.dispatchEvent(new Event("scroll"));
        void grid.querySelector(".hk-grid-row").offsetHeight; // style and layout, now
        steps.push(performance.now() - t0);
      }
      return { steps, gaps: gaps.slice(1) };
    });
    print({ measure: "scroll_frame_ms", rows: n, median_ms: round(median(scroll.steps)), max_ms: round(Math.max(...scroll.steps)), frame_interval_ms: round(median(scroll.gaps)) });

    const sortBy = (label) => page.evaluate(async (l) => {
      const head = [...document.querySelectorAll("#view .hk-grid-hc")].find((h) => h.textContent.startsWith(l));
      const t0 = performance.now();
      head.click();
      await window.bench.frame();
      return performance.now() - t0;
    }, label);
    for (const [label, kind] of [["CommandLine", "text"], ["Bytes", "number"], ["TimeGenerated", "time"], ["Computer", "text (64 values)"]]) {
      const firstSort = await sortBy(label);
      const reverse = await sortBy(label);
      print({ measure: "sort_ms", rows: n, column: label, kind, first_ms: round(firstSort), reverse_ms: round(reverse) });
    }
    await page.evaluate(() => document.querySelector("#view .hk-dt button:nth-child(3)").click()); // Clear filters

    const filter = (label, expr) => page.evaluate(async ([l, e]) => {
      const names = [...document.querySelectorAll("#view .hk-grid-hc")].map((h) => h.textContent);
      const box = document.querySelectorAll("#view .hk-grid-xc")[names.indexOf(l)].querySelector("input");
      box.value = e;
      const t0 = performance.now();
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
      await window.bench.frame();
      const ms = performance.now() - t0;
      const status = document.querySelector("#view .hk-status").textContent;
      box.value = "";
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
      await window.bench.frame();
      return { ms, shown: Number(status.split(" of ")[0].replace(/,/g, "")) };
    }, [label, expr]);
    for (const [label, expr, kind] of [
      ["Computer", "=host07", "text equals"],
      ["CommandLine", "run 99", "text contains"],
      ["Bytes", "1000..200000", "number range"],
      ["TimeGenerated", "2024-01-02..2024-01-03", "time range"],
    ]) {
      const r = await filter(label, expr);
      print({ measure: "filter_ms", rows: n, column: label, kind, expr, shown: r.shown, ms: round(r.ms) });
    }

    // `result` after a filter that keeps a fifth of the rows: the gather and the IPC write.
    const res = await page.evaluate(async () => {
      const names = [...document.querySelectorAll("#view .hk-grid-hc")].map((h) => h.textContent);
      const box = document.querySelectorAll("#view .hk-grid-xc")[names.indexOf("Bytes")].querySelector("input");
      box.value = "<200000";
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
      await new Promise((r) => window.model.on("change:result", r));
      const root = document.querySelector("#view .hk-dt");
      return { ms: Number(root.dataset.resultMs), bytes: window.model.get("result").byteLength, status: root.querySelector(".hk-status").textContent };
    });
    print({ measure: "result_ms", rows: n, shown: Number(res.status.split(" of ")[0].replace(/,/g, "")), ms: round(res.ms), bytes: res.bytes });
    await page.close();
  }
});
