// Rare-session detection: sessionize events, train session models that persist, score
// sessions by likelihood and rarest window.
import { dataJSON, optionsJSON } from "./boundary.js";
import { fromIPC, output, toInputBytes, toObjects } from "./data.js";
import { call, guard, HuntkitError } from "./error.js";
import { currentGeneration, Held, wasm } from "./wasm.js";

function table(bytes, options) {
  const t = fromIPC(bytes);
  return options?.output === "objects" ? toObjects(t) : t;
}

// The `commands` arrays sessionize handed out, each with the same sessions kept inside the
// wasm module and the sessions the array held then. An array that still holds exactly those
// sessions trains and scores from the kept copy, with nothing converted across the boundary.
const kept = new WeakMap();

// The sessions and their commands are frozen, so the kept copy stays true to them; the
// outer array is not, and any change to it sends the sessions the ordinary way.
function freezeSessions(commands) {
  for (const session of commands) {
    for (const command of session) {
      if (command !== null && typeof command === "object") {
        if (command.params !== null && typeof command.params === "object") Object.freeze(command.params);
        Object.freeze(command);
      }
    }
    Object.freeze(session);
  }
}

function keptList(sessions) {
  const k = kept.get(sessions);
  if (k === undefined || k.generation !== currentGeneration() || sessions.length !== k.sessions.length) return null;
  for (let i = 0; i < sessions.length; i++) {
    if (sessions[i] !== k.sessions[i]) return null;
  }
  return k.list;
}

const nullIfNaN = (x) => (Number.isNaN(x) ? null : x);

// The end token as a window's last command, in the form of the session's commands.
function endToken(session) {
  const first = session[0];
  if (first === null || typeof first !== "object") return "##END##";
  return { name: "##END##", params: Array.isArray(first.params) ? [] : {} };
}

// Score objects from the six numbers per session `scoreList` returns.
function scoresFrom(values, sessions) {
  const n = values.length / 6;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * 6;
    const start = values[o + 2];
    let rarestWindow = null;
    if (!Number.isNaN(start)) {
      const session = sessions[i];
      const ends = values[o + 4] === 1;
      const commands = session.slice(start, start + values[o + 3] - (ends ? 1 : 0));
      if (ends) commands.push(endToken(session));
      rarestWindow = { start, commands, likelihood: nullIfNaN(values[o + 5]) };
    }
    out[i] = { likelihood: nullIfNaN(values[o]), geomean: nullIfNaN(values[o + 1]), rarestWindow };
  }
  return out;
}

/**
 * Cuts events into sessions (MSTICPy's `sessionize_data` semantics): `userColumns`,
 * `timeColumn`, `eventColumn`, optional `paramsColumn`, `maxSessionMinutes` (20),
 * `maxGapMinutes` (2). Returns `{ events, sessions, commands, form, untimedRows }`.
 * The sessions in `commands` are frozen; handing `commands` back to `SessionModel.train`
 * or `model.score` as it is skips converting the sessions again.
 */
export function sessionize(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "sessionize", ["output"])]);
  const r = call(() => wasm().sessionize(bytes, json));
  const commands = r.commands;
  freezeSessions(commands);
  kept.set(commands, { list: r.list, sessions: commands.slice(), generation: currentGeneration() });
  return {
    events: table(r.events, options),
    sessions: table(r.sessions, options),
    commands,
    form: r.form,
    untimedRows: r.untimedRows,
  };
}

function sessionsOf(sessions) {
  if (sessions != null && !Array.isArray(sessions) && Array.isArray(sessions.commands)) return sessions.commands;
  if (!Array.isArray(sessions)) {
    throw new HuntkitError("invalid_input", "sessions must be an array of arrays of commands, or the result of sessionize()");
  }
  return sessions;
}

// Models are made through `train` and `fromJSON` only.
const token = Symbol("SessionModel");

/** A Markov model of sessions: commands, parameter sets or parameter values. */
export class SessionModel {
  #inner;

  constructor(inner, made) {
    if (made !== token || inner == null) {
      throw new HuntkitError("invalid_input", "use SessionModel.train() or SessionModel.fromJSON()");
    }
    this.#inner = new Held(inner, "session model");
  }


  /** Trains a model on sessions (arrays of commands, or the result of `sessionize`). */
  static train(sessions, options = {}) {
    const [s, json] = guard(() => [sessionsOf(sessions), optionsJSON(options, "SessionModel.train")]);
    const list = keptList(s);
    const text = list === null ? guard(() => dataJSON(s, "sessions")) : null;
    return new SessionModel(
      call(() => (list === null ? wasm().SessionModel.train(text, json) : wasm().SessionModel.trainList(list, json))),
      token,
    );
  }

  /** Loads a model saved with `toJSON()`: the object, or its JSON text. */
  static fromJSON(saved) {
    const text = typeof saved === "string" ? saved : guard(() => dataJSON(saved, "the saved model"));
    return new SessionModel(call(() => wasm().SessionModel.fromJSON(text)), token);
  }

  /** The model as a plain, versioned object; `JSON.stringify(model)` saves it. */
  toJSON() {
    return JSON.parse(call(() => this.#inner.get().toJSON()));
  }

  /** `commands`, `params` or `values`. */
  get form() {
    return call(() => this.#inner.get().form);
  }

  /** How many sessions the model was trained on. */
  get sessionsTrained() {
    return call(() => this.#inner.get().sessionsTrained);
  }

  /** The parameters whose values are modelled (values form), else `null`. */
  get modellableParams() {
    return call(() => this.#inner.get().modellableParams);
  }

  /**
   * Scores sessions without retraining: `{ scores: [{ likelihood, geomean, rarestWindow }],
   * tooShort }`. Unseen commands score through the unknown token.
   */
  score(sessions, options = {}) {
    const [s, json] = guard(() => [sessionsOf(sessions), optionsJSON(options, "SessionModel.score")]);
    const inner = this.#inner.get();
    const list = keptList(s);
    if (list === null) {
      const text = guard(() => dataJSON(s, "sessions"));
      return call(() => inner.score(text, json));
    }
    const r = call(() => inner.scoreList(list, json));
    return { scores: scoresFrom(r.values, s), tooShort: r.tooShort };
  }

  /** Raw events to sessions ranked by rarity under this model. */
  scoreEvents(data, options = {}) {
    const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "SessionModel.scoreEvents", ["output"])]);
    const inner = this.#inner.get();
    const r = call(() => inner.scoreEvents(bytes, json));
    return { table: output(r.table, options), model: this, tooShort: r.tooShort, untimedRows: r.untimedRows };
  }

  /** Releases the model's wasm memory now rather than at garbage collection. */
  free() {
    this.#inner.free();
  }
}

/**
 * Raw events to sessions ranked by rarity in one call: sessionize, train a model on the
 * sessions, score each with its likelihood, geometric mean and rarest window (`window`,
 * default 3). Returns `{ table, model, tooShort, untimedRows }`.
 */
export function scoreSessions(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "scoreSessions", ["output"])]);
  const r = call(() => wasm().scoreSessions(bytes, json));
  return {
    table: output(r.table, options),
    model: SessionModel.fromJSON(r.model),
    tooShort: r.tooShort,
    untimedRows: r.untimedRows,
  };
}
