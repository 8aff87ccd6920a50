import { test } from "node:test";
import assert from "node:assert/strict";
import { init, sessionize, SessionModel, scoreSessions, HuntkitError } from "../dist/index.js";

await init();

const close = (a, b) => Math.abs(a - b) <= 1e-12;

const events = [
  "UserId,time,operation",
  "1,2020-01-03T00:00:00Z,A",
  "1,2020-01-03T00:01:00Z,B",
  "2,2020-01-05T00:00:00Z,C",
  "3,2020-01-06T11:06:00Z,A",
  "1,2020-01-03T01:00:00Z,A",
  "2,2020-01-05T00:21:00Z,B",
  "2,2020-01-05T00:25:00Z,C",
].join("\n");

test("sessionize follows MSTICPy's sessionize_data", () => {
  const s = sessionize(events, { userColumns: ["UserId"], timeColumn: "time", eventColumn: "operation", maxGapMinutes: 5 });
  assert.equal(s.sessions.numRows, 5);
  const lists = s.sessions.getChild("operation_list").toArray().map((x) => JSON.parse(x));
  assert.deepEqual(lists, [["A", "B"], ["A"], ["C"], ["B", "C"], ["A"]]);
  assert.deepEqual(Array.from(s.events.getChild("session_id").toArray()), [0, 0, 1, 2, 3, 3, 4]);
  assert.deepEqual(s.commands[3], ["B", "C"]);
  assert.equal(s.form, "commands");
  const objects = sessionize(events, { userColumns: ["UserId"], timeColumn: "time", eventColumn: "operation", output: "objects" });
  assert.equal(objects.sessions.length, 6);
});

const sessions1 = [
  ["Set-User", "Set-User"],
  ["Set-Mailbox", "Set-User", "Set-User"],
];
const sessions3 = [
  [
    { name: "Set-User", params: { Identity: "blah" } },
    { name: "Set-User", params: { Identity: "haha", City: "york", Name: "bob" } },
  ],
  [
    { name: "Set-Mailbox", params: { Identity: "blah" } },
    { name: "Set-User", params: { Identity: "blah", City: "london" } },
    { name: "Set-User", params: { Identity: "haha" } },
  ],
];

test("SessionModel matches MSTICPy's model scores", () => {
  const m = SessionModel.train(sessions1);
  assert.equal(m.form, "commands");
  const r = m.score(sessions1, { window: 3 });
  assert.ok(close(r.scores[0].likelihood, 0.046875));
  assert.ok(close(r.scores[1].likelihood, 0.01875));
  assert.ok(close(r.scores[0].geomean, 0.21650635094610965));
  assert.ok(close(r.scores[1].rarestWindow.likelihood, 0.04115853658536585));

  const v = SessionModel.train(sessions3);
  assert.equal(v.form, "values");
  assert.deepEqual(v.modellableParams, []);
  const rv = v.score(sessions3, { window: 2 });
  assert.ok(close(rv.scores[0].rarestWindow.likelihood, 0.031033253255557225));
  assert.ok(close(rv.scores[1].geomean, 0.14571117127634903));
});

test("models persist through JSON and score unseen commands", () => {
  const m = SessionModel.train(sessions1);
  const text = JSON.stringify(m);
  const saved = JSON.parse(text);
  assert.equal(saved.format, "huntkit.sessions.model");
  assert.equal(saved.version, 1);
  const loaded = SessionModel.fromJSON(text);
  assert.equal(loaded.sessionsTrained, 2);
  assert.deepEqual(loaded.score(sessions1), m.score(sessions1));
  const r = loaded.score([["Set-User", "Never-Seen"]], { window: 3 });
  assert.ok(r.scores[0].likelihood > 0);
  assert.equal(r.scores[0].rarestWindow.commands.at(-1), "##END##");
  const q = loaded.score([["Set-User", "Set-User"]], { window: 3, compat: "msticpy" });
  assert.deepEqual(q.scores[0].rarestWindow.commands, ["Set-User", "Set-User"]);
  const short = loaded.score([["Set-User"]], { window: 5 });
  assert.equal(short.tooShort, 1);
  assert.equal(short.scores[0].rarestWindow, null);
});

test("scoreSessions ranks sessions from raw events", () => {
  const r = scoreSessions(events, { userColumns: ["UserId"], timeColumn: "time", eventColumn: "operation", window: 2, output: "objects" });
  assert.equal(r.table.length, 6);
  assert.deepEqual(r.table.map((x) => x.rank), [1, 2, 3, 4, 5, 6]);
  const liks = r.table.map((x) => x.rarest_window2_likelihood);
  for (let i = 1; i < liks.length; i++) assert.ok(liks[i - 1] <= liks[i]);
  assert.ok(r.model instanceof SessionModel);
  const again = r.model.scoreEvents(events, { userColumns: ["UserId"], timeColumn: "time", eventColumn: "operation", window: 2, output: "objects" });
  assert.deepEqual(again.table.map((x) => x.rarest_window2_likelihood), liks);
});

test("bad input gets coded errors", () => {
  assert.throws(() => SessionModel.train([]), (e) => e instanceof HuntkitError && e.code === "empty_input");
  assert.throws(() => SessionModel.train([["a", { name: "b", params: ["x"] }]]), (e) => e.code === "mixed_forms");
  assert.throws(() => SessionModel.fromJSON("{}"), (e) => e.code === "invalid_model");
  assert.throws(
    () => scoreSessions(events, { userColumns: ["Nobody"], timeColumn: "time", eventColumn: "operation" }),
    (e) => e.code === "column_not_found" && /Nobody/.test(e.message),
  );
  assert.throws(() => scoreSessions("UserId,time,operation\n", { timeColumn: "time", eventColumn: "operation" }), (e) => e.code === "empty_input");
});

test("sessions from sessionize train and score as copies of them do", () => {
  const rows = ["UserId,time,operation,params"];
  const ops = ["Set-User", "Get-User", "Set-Mailbox", "New-InboxRule"];
  for (let i = 0; i < 60; i++) {
    const user = i % 7;
    const minute = String(i % 50).padStart(2, "0");
    const p = JSON.stringify({ Identity: `u${i % 5}`, Force: i % 3 === 0 ? "True" : "False" }).replaceAll('"', '""');
    rows.push(`${user},2020-01-0${1 + (i % 3)}T10:${minute}:00Z,${ops[(i * 7) % 4]},"${p}"`);
  }
  const data = rows.join("\n");
  for (const form of ["commands", "params", "values"]) {
    const opts = { userColumns: ["UserId"], timeColumn: "time", eventColumn: "operation", maxGapMinutes: 30 };
    const s = sessionize(data, form === "commands" ? opts : { ...opts, paramsColumn: "params", form });
    assert.ok(Object.isFrozen(s.commands[0]));
    const copy = JSON.parse(JSON.stringify(s.commands));
    const kept = SessionModel.train(s.commands);
    const copied = SessionModel.train(copy);
    assert.deepEqual(kept.toJSON(), copied.toJSON());
    for (const window of [1, 2, 3, 6]) {
      for (const compat of ["huntkit", "msticpy"]) {
        assert.deepEqual(kept.score(s.commands, { window, compat }), copied.score(copy, { window, compat }));
      }
    }
    // The outer array may change; it is then sent as it is.
    const extra = form === "commands" ? ["Get-User"] : [{ name: "Get-User", params: form === "params" ? [] : {} }];
    s.commands.push(extra);
    copy.push(extra);
    assert.deepEqual(kept.score(s, { window: 2 }), copied.score(copy, { window: 2 }));
  }
});
