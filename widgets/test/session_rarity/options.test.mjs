// SessionRarity's options: defaults, which options re-run the engine, and the engine
// options built from them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../host.js";
import { clip } from "../../src/common/dom.js";
import { asList } from "../../src/common/options.js";
import {
  DEFAULTS, ENGINE_KEYS, VIEW_KEYS, analysedColumns, optionReader, savedModel, scoreOptions,
  sessionizeOptions, titleText, windowOf,
} from "../../src/session_rarity/options.js";

const reader = (traits) => optionReader(createModel(traits));

test("options are read from the model, with defaults for unset and null traits", () => {
  const opt = reader({ window: 2, params_column: null });
  assert.equal(opt("window"), 2);
  assert.equal(opt("params_column"), null);
  assert.equal(opt("time_column"), "TimeGenerated");
  assert.equal(opt("max_session_minutes"), 20);
  assert.equal(opt("max_gap_minutes"), 2);
  assert.deepEqual(opt("user_columns"), []);
});

test("every option either re-runs the engine or only redraws, named as the Python keyword", () => {
  assert.deepEqual([...ENGINE_KEYS, ...VIEW_KEYS].sort(), Object.keys(DEFAULTS).sort());
  for (const k of ["user_columns", "time_column", "event_column", "params_column", "window", "model"]) assert.ok(ENGINE_KEYS.includes(k), k);
  for (const k of Object.keys(DEFAULTS)) assert.match(k, /^[a-z]+(_[a-z]+)*$/);
});

test("the engine's options: sessionize, score, the columns read", () => {
  const opt = reader({ user_columns: ["UserId", "ClientIP"], event_column: "Operation", params_column: "Parameters", max_gap_minutes: 5 });
  assert.deepEqual(sessionizeOptions(opt), {
    userColumns: ["UserId", "ClientIP"], timeColumn: "TimeGenerated", eventColumn: "Operation",
    maxSessionMinutes: 20, maxGapMinutes: 5, paramsColumn: "Parameters",
  });
  assert.equal(sessionizeOptions(opt, "commands").form, "commands", "a saved model's form wins");
  assert.deepEqual(scoreOptions(opt), { window: 3, compat: "huntkit" });
  assert.deepEqual(scoreOptions(reader({ compat: "msticpy", window: "4" })), { window: 4, compat: "msticpy" });
  assert.deepEqual(analysedColumns(opt), ["UserId", "ClientIP", "TimeGenerated", "Operation", "Parameters"]);
  assert.deepEqual(analysedColumns(reader({ user_columns: "TimeGenerated", event_column: "E" })), ["TimeGenerated", "E"]);
  assert.deepEqual(sessionizeOptions(reader({ event_column: "E", form: "params" })).form, undefined, "form needs parameters");
});

test("bad options are coded errors", () => {
  assert.throws(() => analysedColumns(reader({})), { code: "invalid_option" });
  assert.throws(() => windowOf(reader({ window: 0 })), { code: "invalid_option" });
  assert.throws(() => windowOf(reader({ window: "<b>x</b>" })), { code: "invalid_option" });
});

test("a saved model is text, a plain object is made text; none trains", () => {
  assert.equal(savedModel(reader({})), null);
  assert.equal(savedModel(reader({ model: "" })), null);
  assert.equal(savedModel(reader({ model: '{"a":1}' })), '{"a":1}');
  assert.equal(savedModel(reader({ model: { a: 1 } })), '{"a":1}');
});

test("lists, clipping and the title", () => {
  assert.deepEqual(asList(null), []);
  assert.deepEqual(asList("UserId"), ["UserId"]);
  assert.equal(clip("x".repeat(300)).length, 201);
  assert.equal(titleText(reader({})), "Session rarity");
  assert.equal(titleText(reader({ title: "<img src=x onerror=alert(1)>" })), "<img src=x onerror=alert(1)>");
});
