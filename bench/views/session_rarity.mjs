// The SessionRarity view in headless Chromium on generated Office 365-style events
// (bench/sessions/gen_events.py), at 10,000 and 100,000 events by default. Prints one JSON
// line per measurement:
//   engine_load_ms   the engine module and its wasm, once per page (a small warm-up view)
//   first_render_ms  mount → drawn (data-ready) and the next animation frame: the engine's
//                    analysis (analysis_ms: sessionize, train, score, ranked table) and the
//                    ranking, histogram and opened session
//   open_session_ms  ArrowDown in the ranking (opens the next session: its heading,
//                    commands, strip) until the next animation frame (median, max of 30;
//                    a frame is 16.7 ms at 60 Hz); handler_*: the main-thread time of
//                    the handler alone
//   select_ms        a click on a session (select it, publish its input rows to the
//                    model and the link group) until the next frame; handler_* likewise
//
// Usage: node bench/views/session_rarity.mjs [EVENTS...]   (after node widgets/build.mjs)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openPage, printer, repo, round, sizesOr, stepStats, withBrowser, workDir } from "./common.mjs";

const sizes = sizesOr(["10000", "100000"]);
const work = workDir("session_rarity");
const print = printer("session_rarity");

// Events as the kernel sends them: Arrow IPC, converted from the generator's CSV by the engine.
const hk = await import(pathToFileURL(join(repo, "js", "dist", "index.js")).href);
await hk.init();
function input(n) {
  const csv = join(work, `events_${n}.csv`);
  // About 6.5 events a session: generate enough sessions, keep the first n events.
  execFileSync("python3", [join(repo, "bench", "sessions", "gen_events.py"), String(Math.ceil(n / 6)), csv]);
  const lines = readFileSync(csv, "utf8").split("\n");
  const text = lines.slice(0, n + 1).join("\n");
  writeFileSync(join(work, `events_${n}.arrow`), hk.toArrow(text));
  return `/bench-data/events_${n}.arrow`;
}

const OPTIONS = { user_columns: ["UserId", "ClientIP"], time_column: "TimeGenerated", event_column: "Operation", params_column: "Parameters" };

await withBrowser(work, async (env) => {
  for (const n of sizes) {
    const url = input(n);
    const page = await openPage(env, "session_rarity.html", { width: 1300, height: 1000 });
    // Warm-up: loads the engine once, as the first view of a page does.
    const warm = await page.evaluate((o) => window.mountSessionRarity({ data: "/examples/data/o365_sessions.csv", ...o }, "view2"), OPTIONS);
    print({ measure: "engine_load_ms", events: 1911, ms: round(warm) });
    await page.evaluate((u) => window.bench.fetchBytes(u), url);
    const first = await page.evaluate((o) => window.bench.firstRender(() => window.mountSessionRarity({ data: window.benchBytes, ...o })), OPTIONS);
    const info = await page.evaluate(() => {
      const root = document.querySelector("#view .hk-sr");
      return { analysis: Number(root.dataset.analysisMs), status: root.querySelector(".hk-status").textContent };
    });
    const sessions = Number(/^(\d+) sessions/.exec(info.status)?.[1]);
    print({ measure: "first_render_ms", events: n, sessions, ms: round(first), analysis_ms: info.analysis });

    const timed = (action) => page.evaluate((a) => {
      const grid = document.querySelector("#view .hk-grid");
      grid.focus();
      return window.bench.steps(30, (i) => {
        if (a === "open") grid.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
        else grid.querySelectorAll(".hk-grid-row")[i % 10].click();
      });
    }, action);
    for (const [measure, action] of [["open_session_ms", "open"], ["select_ms", "select"]]) {
      print({ measure, events: n, sessions, ...stepStats(await timed(action)) });
    }
    await page.close();
  }
});
