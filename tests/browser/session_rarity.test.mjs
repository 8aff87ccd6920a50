// Browser tests of the SessionRarity view in headless Chromium: it draws the ranking, the
// histogram and the opened session; selection by click, keys and the histogram reaches
// selected_indices; the ranked sessions are the result; a linked SessionRarity and a
// linked Timeline receive the selection; PNG/SVG export; hostile text stays text.
//
// Run: node --test tests/browser/session_rarity.test.mjs   (after `node widgets/build.mjs`).
// Chromium: $CHROMIUM or /usr/bin/chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { exportFile, inked, problems, useBrowser } from "./harness.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const arrow = await import(pathToFileURL(join(repo, "widgets", "node_modules", "apache-arrow", "Arrow.node.mjs")).href);

const SAMPLE = "/examples/data/o365_sessions.csv";
const OPTIONS = { user_columns: ["UserId", "ClientIP"], time_column: "TimeGenerated", event_column: "Operation", params_column: "Parameters" };

const env = useBrowser();
const open = () => env.open("/tests/browser/session_rarity.html", { width: 1200, height: 1400 });

const resultOf = async (page, name = "model") => {
  const bytes = await page.evaluate((n) => {
    const dv = window[n].get("result");
    return Array.from(new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength));
  }, name);
  return arrow.tableFromIPC(Uint8Array.from(bytes));
};

const sampleTable = async () => {
  const text = await readFile(join(repo, SAMPLE.slice(1)), "utf8");
  return text.trim().split("\n").slice(1).map((line) => line.split(",")[3]);
};

test("draws, opens sessions by click and keys, selects from the ranking and the histogram, links", async () => {
  const page = await open();
  const ms = await page.evaluate((o) => window.mountSessionRarity({ data: "/examples/data/o365_sessions.csv", group: "g", ...o }), OPTIONS);
  assert.ok(ms > 0);
  const root = page.locator("#view .hk-sr");
  assert.equal(await root.getAttribute("data-ready"), "1");
  assert.equal(await page.locator("#view .hk-status").textContent(), "300 sessions of 1911 events · 27 shorter than the window · model trained on these sessions");

  // The result: one row per session, ranked.
  const result = await resultOf(page);
  assert.equal(result.numRows, 300);
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => Number(result.getChild("rank").get(i))), [1, 2, 3, 4, 5]);
  assert.equal(result.getChild("UserId").get(0), "user000028");

  // The histogram has bars; the strip drew the rarest session's events.
  assert.equal(await page.locator("#view rect.hk-all").count(), 30);
  assert.ok((await inked(page, "#view .hk-sr-strip canvas")) > 50);
  assert.equal(await page.locator("#view .hk-sr-strip canvas").getAttribute("data-events"), "4");
  assert.deepEqual(await page.locator("#view span.hk-sr-cmd.hk-win").allTextContents(), ["Remove-MailboxPermission", "Get-MailboxStatistics", "Add-MailboxPermission"]);

  // A linked timeline and a second SessionRarity of the same data, in the same group.
  await page.evaluate(() => window.mountTimeline({ data: "/examples/data/o365_sessions.csv", group: "g", time_column: "TimeGenerated" }));
  await page.evaluate((o) => window.mountSessionRarity({ data: "/examples/data/o365_sessions.csv", group: "g", ...o }, "view2"), OPTIONS);

  // Click the second-ranked session: it opens, is selected, and its rows are published.
  await page.locator("#view .hk-grid-row").nth(1).click();
  assert.match(await page.locator("#view .hk-sr-head").textContent(), /^#2 · user000008 · 10\.0\.0\.158 · .* · 12 events/);
  const rows = await page.evaluate(() => window.model.get("selected_indices"));
  assert.equal(rows.length, 12);
  const ops = await sampleTable();
  const seq = (await page.locator("#view span.hk-sr-cmd").allTextContents());
  assert.deepEqual(rows.map((r) => ops[r]).sort(), [...seq].sort());
  // The linked views got the rows.
  // (The timeline counts the marks it drew: events a pixel apart share one.)
  await page.waitForFunction(() => Number(document.querySelector("#tl .hk-tl")?.dataset.linked) > 0);
  assert.match(await page.locator("#view2 .hk-status").textContent(), /1 with rows selected in a linked view/);
  assert.equal(await page.locator("#view2 .hk-grid-row", { hasText: "●" }).count(), 1);

  // Keys: ArrowDown opens the next session without selecting; Space selects it.
  await page.locator("#view .hk-grid").focus();
  await page.keyboard.press("ArrowDown");
  assert.match(await page.locator("#view .hk-sr-head").textContent(), /^#3 /);
  assert.equal((await page.evaluate(() => window.model.get("selected_indices"))).length, 12);
  await page.keyboard.press("Shift+ArrowDown");
  const two = await page.evaluate(() => window.model.get("selected_indices"));
  assert.ok(two.length > 12, "Shift+ArrowDown extends the selection");
  await page.keyboard.press("Escape");
  assert.deepEqual(await page.evaluate(() => window.model.get("selected_indices")), []);
  await page.waitForFunction(() => document.querySelector("#tl .hk-tl")?.dataset.linked === "0");

  // Hovering an event on the strip describes it.
  await page.locator("#view .hk-grid-row").nth(0).click();
  const box = await page.locator("#view .hk-sr-strip canvas").boundingBox();
  await page.mouse.move(box.x + 10, box.y + 20);
  assert.match(await page.locator("#view .hk-sr-info").textContent(), /^2024-01-02 00:00:08\.000 · Remove-MailboxPermission /);
  await page.mouse.click(box.x + 10, box.y + 20);
  assert.equal(await page.locator("#view span.hk-sr-cmd.hk-cur").textContent(), "Remove-MailboxPermission");

  // Clicking the leftmost bar selects the sessions in it: the rarest.
  const bar = await page.locator("#view .hk-sr-hist svg").boundingBox();
  const first = await page.locator("#view rect.hk-all").first().boundingBox();
  await page.mouse.click(first.x + first.width / 2, bar.y + 20);
  const picked = await page.evaluate(() => window.model.get("selected_indices"));
  assert.ok(picked.length >= 4, `${picked.length} rows from the first bar`);
  assert.match(await page.locator("#view .hk-status").textContent(), /\d+ selected/);
  // A drag across the whole histogram selects every scored session.
  await page.mouse.move(bar.x + 39, bar.y + 40);
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width - 2, bar.y + 40, { steps: 8 });
  await page.mouse.up();
  assert.match(await page.locator("#view .hk-status").textContent(), /273 selected/);

  // The page follows a dark scheme.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForSelector("#view .hk-sr.hk-dark");
  assert.deepEqual(problems(page), []);
  await page.close();
});

test("exports PNG and SVG with the ranking's visible rows", async () => {
  const page = await open();
  await page.evaluate((o) => window.mountSessionRarity({ data: "/examples/data/o365_sessions.csv", ...o }), OPTIONS);
  for (const [label, check] of [
    ["SVG", (buf) => {
      const text = buf.toString("utf8");
      assert.match(text, /^<svg/);
      assert.ok(text.includes("user000028"), "the grid's rows are in the export");
      assert.ok(text.includes("Remove-MailboxPermission"));
      assert.ok(text.includes("<image"), "the strip's canvas is in the export");
    }],
    ["PNG", (buf) => assert.deepEqual([...buf.subarray(1, 4)], [0x50, 0x4e, 0x47])],
  ]) {
    const { name, bytes: buf } = await exportFile(page, label, "#view");
    assert.equal(name, `session_rarity.${label.toLowerCase()}`);
    assert.ok(buf.length > 1000, `${label}: ${buf.length} bytes`);
    check(buf);
  }
  assert.equal(await page.locator("#view .hk-sr-rank svg").count(), 0, "the snapshot is gone after the export");
  await page.close();
});

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "javascript:alert(3)",
  "red;background:url(http://127.0.0.1:9/x)",
  '"><svg onload=alert(4)>',
];

test("hostile text in every slot stays text: cells, column names, parameters, options", async () => {
  const n = 40;
  const [user, event, params, source] = PAYLOADS;
  const t0 = Date.UTC(2024, 0, 1);
  const ns = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ns[i] = BigInt(t0 + (i % 8) * 20000 + Math.floor(i / 8) * 3600000) * 1000000n;
  const table = new arrow.Table({
    [user]: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => PAYLOADS[Math.floor(i / 8) % PAYLOADS.length])),
    TimeGenerated: arrow.makeVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: ns, length: n })),
    [event]: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => PAYLOADS[i % PAYLOADS.length])),
    [params]: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => JSON.stringify({ [PAYLOADS[i % 5]]: PAYLOADS[(i + 1) % 5] }))),
    [source]: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => PAYLOADS[(i + 2) % 5])),
  });
  const bytes = Array.from(arrow.tableToIPC(table, "stream"));
  const page = await open();
  await page.evaluate(([b, o]) => window.mountSessionRarity({ data: new Uint8Array(b), ...o }), [bytes, {
    user_columns: [user], event_column: event, params_column: params, source_columns: [source], title: PAYLOADS[1], theme: PAYLOADS[3],
  }]);
  const view = page.locator("#view .hk-sr");
  assert.equal(await page.locator("#view .hk-error").textContent(), "");
  assert.equal(await page.locator("#view .hk-title").textContent(), PAYLOADS[1]);
  const text = await view.textContent();
  for (const p of PAYLOADS) assert.ok(text.includes(p), `shown as text: ${p}`);
  // Every command and the event description, with hostile parameters.
  await page.locator("#view span.hk-sr-cmd").first().hover();
  assert.ok((await page.locator("#view .hk-sr-info").textContent()).includes(`${source}: `));
  // Sorting by the hostile user column, the export, and a model and score column that fail.
  await page.locator("#view .hk-grid-hc").nth(2).click();
  const svg = (await exportFile(page, "SVG", "#view")).bytes.toString("utf8");
  assert.ok(!svg.includes("<img") && !svg.includes("<script") && !svg.includes("<svg onload"), "the export escapes text");
  await page.evaluate((p) => window.model.set("score_column", p), PAYLOADS[4]);
  assert.equal(await page.locator("#view .hk-error").textContent(), `column_not_found: score column '${PAYLOADS[4]}' is not in the ranked sessions`);
  await page.evaluate((p) => window.model.set("model", p), `{"format": "${PAYLOADS[2]}"}`);
  assert.ok((await page.locator("#view .hk-error").textContent()).length > 0);
  // Nothing became markup, nothing ran, nothing was fetched.
  const foreign = await page.evaluate(() => document.querySelectorAll("#view img, #view script, #view iframe, #view a, #view [onerror], #view [onload]").length);
  assert.equal(foreign, 0);
  assert.deepEqual(problems(page), []);
  assert.ok(!page.requests.some((u) => u.includes(":9/")), "no request from a hostile style");
  assert.ok(page.problems.every((p) => !p.startsWith("dialog")));
  await page.close();
});
