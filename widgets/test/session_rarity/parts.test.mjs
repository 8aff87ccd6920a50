// The view's pieces that compute what is shown: cell texts, the display order, histogram
// bins, the commands shown of a long session, the strip's scale and hit-testing, status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scaleUtc } from "d3-scale";
import { createModel } from "../../host.js";
import { toData } from "../../src/common/arrow.js";
import { chipRange, headingText, inWindow } from "../../src/session_rarity/detail.js";
import { BINS, binScores } from "../../src/session_rarity/histogram.js";
import { analyse, createState } from "../../src/session_rarity/model.js";
import { optionReader } from "../../src/session_rarity/options.js";
import { sameRows, sessionsOfRows } from "../../src/session_rarity/selection.js";
import { statusText } from "../../src/session_rarity/status.js";
import { bisect, nearestEvent, stripScale } from "../../src/session_rarity/strip.js";
import { columnsOf, formatDuration, formatLikelihood, sequenceText, sortedOrder } from "../../src/session_rarity/table.js";
import { engine, SAMPLE, SAMPLE_OPTIONS } from "./engine.mjs";

const opt = optionReader(createModel(SAMPLE_OPTIONS));
const state = createState();
state.engine = engine;
state.input = toData(SAMPLE, engine);
analyse(state, opt);
const top = state.ranked.sessionId[0];

test("numbers as the ranking shows them", () => {
  assert.equal(formatLikelihood(1.3785043067503518e-7), "1.38e-7");
  assert.equal(formatLikelihood(NaN), "");
  assert.equal(formatDuration(169000), "2m 49s");
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(3600000 + 5000), "1h");
  assert.equal(formatDuration(3 * 3600000 + 120000), "3h 2m");
  assert.equal(formatDuration(NaN), "");
});

test("a session's commands with its rarest window in brackets", () => {
  assert.equal(sequenceText(state, top), "[Remove-MailboxPermission › Get-MailboxStatistics › Add-MailboxPermission] › Get-MailboxPermission");
  const ending = Array.from(state.windowEnds).indexOf(1);
  assert.match(sequenceText(state, ending), /› ##END##\]$/);
  const short = state.ranked.sessionId[299];
  assert.ok(!sequenceText(state, short).includes("["), "no window, no brackets");
  assert.ok(sequenceText(state, top, 20).length <= 21);
  const deep = Array.from(state.windowStart).findIndex((s) => s > 8);
  assert.match(sequenceText(state, deep), new RegExp(`^… ${state.windowStart[deep] - 2} more › [^[]+ › [^[]+ › \\[`));
  assert.deepEqual([0, 1, 2, 3].map((i) => inWindow(state, top, i)), [true, true, true, false]);
  assert.match(headingText(state, opt, top), /^#1 · user000028 · 10\.0\.0\.88 · /);
});

test("the ranking's columns and sorted orders map display rows to rank positions", () => {
  const keys = columnsOf(state, opt).map((c) => c.key);
  assert.deepEqual(keys, ["#link", "#rank", "u:UserId", "u:ClientIP", "#window", "#seq", "#events", "#duration", "#start", "#likelihood"]);
  assert.deepEqual(Array.from(sortedOrder(state, null, 0).slice(0, 3)), [0, 1, 2]);
  assert.deepEqual(Array.from(sortedOrder(state, "#rank", -1).slice(0, 2)), [299, 298]);
  const byEvents = sortedOrder(state, "#events", -1);
  assert.equal(state.ranked.count[byEvents[0]], Math.max(...state.ranked.count));
  const byUser = sortedOrder(state, "u:UserId", 1);
  const users = Array.from(byUser, (r) => state.ranked.table.getChild("UserId").get(r));
  assert.deepEqual(users, [...users].sort());
  const byLik = sortedOrder(state, "#window", -1);
  assert.ok(Number.isNaN(state.ranked.windowLikelihood[byLik[299]]), "missing scores last, either way");
});

test("histogram bins on a log scale; zero falls in the first bin, missing in none", () => {
  const h = binScores(state.ranked.score);
  assert.equal(h.bins.length, BINS);
  assert.equal(h.bins.reduce((a, b) => a + b, 0), 273);
  assert.equal(h.binOf[0], 0, "the rarest session is in the first bin");
  assert.equal(h.binOf[299], -1);
  const z = binScores(Float64Array.from([0, 1e-3, 1e-1, NaN]), 2);
  assert.deepEqual(Array.from(z.binOf), [0, 0, 1, -1]);
  const one = binScores(Float64Array.from([0.5, 0.5]), 4);
  assert.ok(one.hi > one.lo);
});

test("a long session shows the commands around its rarest window", () => {
  assert.deepEqual(chipRange(10, 3), [0, 10]);
  assert.deepEqual(chipRange(1000, 900, 300), [700, 1000]);
  assert.deepEqual(chipRange(1000, 500, 300), [400, 700]);
  assert.deepEqual(chipRange(1000, -1, 300), [0, 300]);
});

test("the strip's scale and hit-testing", () => {
  const times = Float64Array.from([0, 1000, 5000, 60000]);
  assert.equal(bisect(times, 1000), 1);
  assert.equal(bisect(times, 1001), 2);
  const x = stripScale(times, 620);
  assert.deepEqual(x.range(), [10, 610]);
  assert.equal(nearestEvent(times, x, x(5000) + 3), 2);
  assert.equal(nearestEvent(times, x, x(30000)), -1);
  const instant = stripScale(Float64Array.from([5000]), 200);
  assert.equal(Number(instant.domain()[1]) - Number(instant.domain()[0]), 60000);
  assert.equal(nearestEvent(new Float64Array(0), scaleUtc(), 5), -1);
});

test("the status line and selections by rows", () => {
  assert.equal(statusText(createState()), "");
  assert.equal(statusText(state), "300 sessions of 1911 events · 27 shorter than the window · model trained on these sessions");
  const sid = state.ranked.sessionId[3];
  const row = state.rows[state.offsets[sid]];
  assert.deepEqual(sessionsOfRows(state, [row, row, -5]), [sid]);
  assert.ok(sameRows([1, 2], [1, 2]));
  assert.ok(!sameRows([1, 2], [2, 1]));
  assert.ok(!sameRows(null, []));
});
