// The view's model over the real engine: ranked sessions, where each session's events are
// in the input, the rarest window inside each session, a saved model, linked rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { cellText, toData } from "../../src/common/arrow.js";
import { analyse, commandNames, commandText, createState, release, rowsOfSessions, setLinkedRows } from "../../src/session_rarity/model.js";
import { optionReader } from "../../src/session_rarity/options.js";
import { engine, ipcOf, SAMPLE, SAMPLE_OPTIONS } from "./engine.mjs";

function analysed(traits = {}, data = SAMPLE) {
  const state = createState();
  state.engine = engine;
  state.input = toData(data, engine);
  analyse(state, optionReader(createModel({ ...SAMPLE_OPTIONS, ...traits })));
  return state;
}

const sample = analysed();

test("the engine's ranking: one row per session, rarest window first", () => {
  const { ranked } = sample;
  assert.equal(ranked.n, 300);
  assert.equal(sample.offsets[300], 1911, "every event is in a session");
  assert.equal(sample.tooShort, 27);
  assert.equal(sample.untimedRows, 0);
  assert.equal(sample.resultTable.numRows, 300);
  const w = ranked.windowLikelihood;
  const scored = Array.from(w).filter(Number.isFinite);
  assert.equal(scored.length, 273);
  for (let r = 1; r < scored.length; r++) assert.ok(w[r - 1] <= w[r], `rank ${r} is not rarer than rank ${r + 1}`);
  assert.ok(Array.from(w).slice(273).every(Number.isNaN), "sessions shorter than the window rank last");
  assert.equal(sample.active, ranked.sessionId[0], "the rarest session opens first");
  assert.equal(JSON.parse(sample.modelJSON).format, "huntkit.sessions.model");
});

test("each session's events are its input rows, in time order", () => {
  const table = sample.input.table;
  const seen = new Set();
  for (let sid = 0; sid < 300; sid++) {
    const names = commandNames(sample, sid);
    let last = -Infinity;
    names.forEach((name, i) => {
      const row = sample.rows[sample.offsets[sid] + i];
      assert.equal(cellText(table, "Operation", row), name);
      assert.equal(sample.sessionOfRow[row], sid);
      const t = Number(table.getChild("TimeGenerated").get(row));
      assert.ok(t >= last);
      last = t;
      seen.add(row);
    });
  }
  assert.equal(seen.size, 1911);
  const rows = rowsOfSessions(sample, [sample.ranked.sessionId[0], sample.ranked.sessionId[1]]);
  assert.deepEqual(rows, [...rows].sort((a, b) => a - b));
  assert.equal(rows.length, sample.ranked.count[0] + sample.ranked.count[1]);
});

test("the rarest window found inside each session is the one the ranking names", () => {
  let ending = 0;
  for (let sid = 0; sid < 300; sid++) {
    const r = sample.rankOf[sid];
    const text = cellText(sample.resultTable, "rarest_window3", r);
    const start = sample.windowStart[sid];
    if (start < 0) {
      assert.equal(text, "");
      continue;
    }
    const expected = sample.commands[sid].slice(start, start + sample.windowLength[sid]).map((c) => ({ name: c.name, params: { ...c.params } }));
    if (sample.windowEnds[sid]) {
      expected.push({ name: "##END##", params: {} });
      ending++;
    }
    assert.deepEqual(JSON.parse(text), expected, `session ${sid}`);
  }
  assert.ok(ending > 0, "some rarest windows end with the end token");
});

test("a saved model scores the data without training: the same ranking on the same data", () => {
  const again = analysed({ model: sample.modelJSON });
  assert.deepEqual(again.ranked.sessionId, sample.ranked.sessionId);
  assert.deepEqual(again.ranked.windowLikelihood, sample.ranked.windowLikelihood);
  assert.deepEqual(again.windowStart, sample.windowStart);
  assert.equal(again.savedModel, true);
  assert.equal(again.trainedOn, 300);
  const asObject = analysed({ model: JSON.parse(sample.modelJSON) });
  assert.deepEqual(asObject.ranked.sessionId, sample.ranked.sessionId);
  // A model trained on commands only scores the parameterised data as commands.
  const commandsOnly = analysed({ params_column: null });
  const scored = analysed({ model: commandsOnly.modelJSON });
  assert.deepEqual(scored.ranked.windowLikelihood, commandsOnly.ranked.windowLikelihood);
});

test("window, compat and the score column change the analysis", () => {
  const two = analysed({ window: 2 });
  assert.ok(two.resultTable.getChild("rarest_window2_likelihood"));
  assert.ok(Array.from(two.windowLength).every((n) => n <= 2));
  const msticpy = analysed({ compat: "msticpy" });
  assert.equal(msticpy.windowEnds.reduce((a, b) => a + b, 0), 0, "MSTICPy's window stops before the end token");
  const byLikelihood = analysed({ score_column: "likelihood" });
  assert.equal(byLikelihood.ranked.scoreName, "likelihood");
  assert.throws(() => analysed({ score_column: "nope" }), { code: "column_not_found" });
});

test("missing columns and bad data are coded errors", () => {
  assert.throws(() => analysed({ event_column: "Nope" }), { code: "column_not_found" });
  assert.throws(() => analysed({ user_columns: ["<img src=x onerror=alert(1)>"] }), (e) => e.code === "column_not_found" && e.message.includes("<img"));
  const bad = ipcOf({ TimeGenerated: ["2024-01-01T00:00:00Z"], Operation: ["##START##"] });
  assert.throws(() => analysed({ user_columns: [], params_column: null }, bad), (e) => typeof e.code === "string");
});

test("rows another view selects link the sessions holding them", () => {
  const state = analysed();
  const sid = state.ranked.sessionId[5];
  const row = state.rows[state.offsets[sid] + 1];
  setLinkedRows(state, [row, -1, 99999999, "x"]);
  assert.deepEqual([...state.linked], [sid]);
  assert.deepEqual([...state.linkedRows], [row, 99999999]);
  setLinkedRows(state, []);
  assert.equal(state.linked.size, 0);
  release(state);
  assert.equal(state.ranked, null);
  release(state); // twice is harmless
});

test("commands as text: the name, with parameters when there are any", () => {
  assert.equal(commandText("Get-User"), "Get-User");
  assert.equal(commandText({ name: "Set-User", params: {} }), "Set-User");
  assert.equal(commandText({ name: "Set-User", params: { Identity: "a" } }), 'Set-User {"Identity":"a"}');
  assert.equal(commandText({ name: "Set-User", params: ["Force"] }), 'Set-User ["Force"]');
});
