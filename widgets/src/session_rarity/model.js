// The view's model of its data: the engine's ranked sessions, where each session's events
// are, the rarest window of each, and the selections over them. A view never computes an
// analysis result itself: sessions, scores, ranks and rarest windows all come from the
// engine (scoreSessions or a saved SessionModel, sessionize, SessionModel.score).
import { toData } from "../common/arrow.js";
import { locateEvents, readRanked, slimInput } from "./data.js";
import { analysedColumns, savedModel, scoreOptions, sessionizeOptions } from "./options.js";

const END = "##END##";

/** A fresh state: nothing analysed, nothing selected. */
export function createState() {
  return {
    selected: new Set(), // session ids selected here
    linked: new Set(), // session ids holding rows another view of the group selected
    linkedRows: new Set(), // those rows
    active: -1, // the session opened in the detail panel
  };
}

/** Reads the model's `data` into `{ ipc, table }` (null without data). */
export function loadInput(state, model) {
  state.input = toData(model.get("data"), state.engine);
}

const nameOf = (command) => (command !== null && typeof command === "object" ? String(command.name) : String(command));

/**
 * Runs the analysis on the loaded input with the current options and fills the state:
 * `ranked` (arrays by rank position, see readRanked), `resultTable` (the engine's ranked
 * table), `events`, `commands` and the event locations (`offsets`, `rows`, `sessionOfRow`),
 * `rankOf` (session id → rank position), `windowStart`/`windowLength`/`windowEnds` (the
 * rarest window inside each session; start -1 when the session is shorter than the
 * window), `tooShort`, `untimedRows`, `modelJSON` (the model scored with, as saved JSON).
 */
export function analyse(state, opt) {
  release(state);
  const { engine, input } = state;
  const { ipc, rowColumn } = slimInput(input.table, analysedColumns(opt), engine);
  const score = scoreOptions(opt);
  const saved = savedModel(opt);
  let sessionModel;
  let ranked;
  if (saved) {
    sessionModel = engine.SessionModel.fromJSON(saved);
    state.sessionModel = sessionModel;
    ranked = sessionModel.scoreEvents(ipc, { ...sessionizeOptions(opt, sessionModel.form), ...score });
  } else {
    ranked = engine.scoreSessions(ipc, { ...sessionizeOptions(opt), ...score });
    sessionModel = ranked.model;
    state.sessionModel = sessionModel;
  }
  // The ranked table has no per-event rows or window positions: sessionize gives the first
  // (the same sessions, in the same order), and the model's scores of those sessions the
  // second.
  const sessionized = engine.sessionize(ipc, sessionizeOptions(opt, saved ? sessionModel.form : null));
  const { scores } = sessionModel.score(sessionized, score);
  const timeColumn = String(opt("time_column"));
  state.ranked = readRanked(ranked.table, { timeColumn, window: score.window, scoreColumn: opt("score_column") });
  state.resultTable = ranked.table;
  state.timeColumn = timeColumn;
  state.window = score.window;
  state.tooShort = ranked.tooShort;
  state.untimedRows = ranked.untimedRows;
  state.modelJSON = JSON.stringify(sessionModel);
  state.savedModel = Boolean(saved);
  state.trainedOn = sessionModel.sessionsTrained;
  state.events = sessionized.events;
  state.commands = sessionized.commands;
  const n = sessionized.commands.length;
  const counts = new Uint32Array(n);
  for (let s = 0; s < n; s++) counts[s] = sessionized.commands[s].length;
  Object.assign(state, locateEvents(sessionized.events, rowColumn, counts, input.table.numRows));
  state.rankOf = new Uint32Array(n);
  state.ranked.sessionId.forEach((sid, r) => {
    state.rankOf[sid] = r;
  });
  state.windowStart = new Int32Array(n).fill(-1);
  state.windowLength = new Uint32Array(n);
  state.windowEnds = new Uint8Array(n);
  scores.forEach((s, sid) => {
    const w = s.rarestWindow;
    if (!w) return;
    const ends = w.commands.length > 0 && nameOf(w.commands[w.commands.length - 1]) === END;
    state.windowStart[sid] = w.start;
    state.windowLength[sid] = w.commands.length - (ends ? 1 : 0);
    state.windowEnds[sid] = ends ? 1 : 0;
  });
  state.selected.clear();
  state.active = n > 0 ? state.ranked.sessionId[0] : -1;
  relink(state);
}

/** Frees the engine's model (its memory lives in the wasm) and forgets the analysis. */
export function release(state) {
  try {
    state.sessionModel?.free();
  } catch {
    /* already freed, or the engine was reset */
  }
  state.sessionModel = null;
  state.ranked = null;
  state.commands = null;
}

/** The name of command `i` of session `sid`. */
export function commandName(state, sid, i) {
  return nameOf(state.commands[sid][i]);
}

/** The command names of session `sid`. */
export function commandNames(state, sid) {
  return (state.commands?.[sid] ?? []).map(nameOf);
}

/** Session `sid`'s command as text, with its parameters when it has any (for tooltips). */
export function commandText(command) {
  if (command === null || typeof command !== "object") return String(command);
  const p = command.params;
  const has = p && (Array.isArray(p) ? p.length > 0 : Object.keys(p).length > 0);
  return has ? `${command.name} ${JSON.stringify(p)}` : String(command.name);
}

/** Input rows of the events of sessions `sids`, ascending. */
export function rowsOfSessions(state, sids) {
  const out = [];
  for (const s of sids) {
    for (let k = state.offsets[s]; k < state.offsets[s + 1]; k++) out.push(state.rows[k]);
  }
  return out.sort((a, b) => a - b);
}

/** Recomputes the linked sessions from the linked rows (after a new analysis). */
export function relink(state) {
  state.linked = new Set();
  if (!state.sessionOfRow) return;
  for (const r of state.linkedRows) {
    const s = state.sessionOfRow[r];
    if (s >= 0) state.linked.add(s);
  }
}

/** Takes rows another view selected: the sessions holding them become linked. */
export function setLinkedRows(state, rows) {
  state.linkedRows = new Set(Array.from(rows ?? [], Number).filter((r) => Number.isInteger(r) && r >= 0));
  relink(state);
}
