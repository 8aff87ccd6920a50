// Rare-session detection: sessionize events, train session models that persist, score
// sessions by likelihood and rarest window.
import { engineOptions, fromIPC, output, toInputBytes, toObjects } from "./data.js";
import { call, HuntkitError } from "./error.js";
import { wasm } from "./wasm.js";

function wasmOptions(options) {
  const rest = engineOptions(options) ?? {};
  return options?.read === undefined ? rest : { ...rest, read: options.read };
}

function table(bytes, options) {
  const t = fromIPC(bytes);
  return options?.output === "objects" ? toObjects(t) : t;
}

/**
 * Cuts events into sessions (MSTICPy's `sessionize_data` semantics): `userColumns`,
 * `timeColumn`, `eventColumn`, optional `paramsColumn`, `maxSessionMinutes` (20),
 * `maxGapMinutes` (2). Returns `{ events, sessions, commands, form, untimedRows }`.
 */
export function sessionize(data, options = {}) {
  const bytes = toInputBytes(data);
  const r = call(() => wasm().sessionize(bytes, wasmOptions(options)));
  return {
    events: table(r.events, options),
    sessions: table(r.sessions, options),
    commands: r.commands,
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

/** A Markov model of sessions: commands, parameter sets or parameter values. */
export class SessionModel {
  #inner;

  constructor(inner) {
    if (inner == null || typeof inner.toJSON !== "function") {
      throw new HuntkitError("invalid_input", "use SessionModel.train() or SessionModel.fromJSON()");
    }
    this.#inner = inner;
  }

  /** Trains a model on sessions (arrays of commands, or the result of `sessionize`). */
  static train(sessions, options = {}) {
    const s = sessionsOf(sessions);
    return new SessionModel(call(() => wasm().SessionModel.train(s, engineOptions(options))));
  }

  /** Loads a model saved with `toJSON()`: the object, or its JSON text. */
  static fromJSON(saved) {
    const text = typeof saved === "string" ? saved : JSON.stringify(saved);
    return new SessionModel(call(() => wasm().SessionModel.fromJSON(text)));
  }

  /** The model as a plain, versioned object; `JSON.stringify(model)` saves it. */
  toJSON() {
    return JSON.parse(this.#inner.toJSON());
  }

  /** `commands`, `params` or `values`. */
  get form() {
    return this.#inner.form;
  }

  /** How many sessions the model was trained on. */
  get sessionsTrained() {
    return this.#inner.sessionsTrained;
  }

  /** The parameters whose values are modelled (values form), else `null`. */
  get modellableParams() {
    return this.#inner.modellableParams;
  }

  /**
   * Scores sessions without retraining: `{ scores: [{ likelihood, geomean, rarestWindow }],
   * tooShort }`. Unseen commands score through the unknown token.
   */
  score(sessions, options = {}) {
    const s = sessionsOf(sessions);
    return call(() => this.#inner.score(s, engineOptions(options)));
  }

  /** Raw events to sessions ranked by rarity under this model. */
  scoreEvents(data, options = {}) {
    const bytes = toInputBytes(data);
    const r = call(() => this.#inner.scoreEvents(bytes, wasmOptions(options)));
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
  const bytes = toInputBytes(data);
  const r = call(() => wasm().scoreSessions(bytes, wasmOptions(options)));
  return {
    table: output(r.table, options),
    model: SessionModel.fromJSON(r.model),
    tooShort: r.tooShort,
    untimedRows: r.untimedRows,
  };
}
