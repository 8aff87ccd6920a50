// SessionRarity's options: model traits named like the Python keywords (MSTICPy's
// `sessionize_data` and `score_sessions` where they have a counterpart), their defaults,
// and the engine options built from them.
import { clip } from "../common/dom.js";
import { asList, codedError, optionReader as readOptions } from "../common/options.js";

export const DEFAULTS = {
  user_columns: [],
  time_column: "TimeGenerated",
  event_column: "",
  params_column: null,
  window: 3,
  model: null, // a saved model's JSON text: scored with it instead of training on the data
  max_session_minutes: 20,
  max_gap_minutes: 2,
  form: null,
  compat: "huntkit",
  score_column: null, // the histogram's score; default the rarest window's likelihood
  source_columns: [],
  title: null,
  height: null,
  theme: "auto",
};

// Options that change the analysis: a change re-runs the engine on the data already held.
export const ENGINE_KEYS = [
  "user_columns", "time_column", "event_column", "params_column", "window", "model",
  "max_session_minutes", "max_gap_minutes", "form", "compat", "score_column",
];
// Options that change only what is drawn.
export const VIEW_KEYS = Object.keys(DEFAULTS).filter((k) => !ENGINE_KEYS.includes(k));

/** `opt(name)`: the model's value of an option, or its default when unset or null. */
export const optionReader = (model) => readOptions(model, DEFAULTS);

/** The window length: a whole number of at least 1 (the engine bounds its maximum). */
export function windowOf(opt) {
  const w = Math.floor(Number(opt("window")));
  if (!(w >= 1)) throw codedError("invalid_option", `window must be a whole number of at least 1, not ${clip(opt("window"), 40)}`);
  return w;
}

/** The columns the analysis reads, each once: users, time, event, parameters. */
export function analysedColumns(opt) {
  const event = String(opt("event_column") || "");
  if (!event) throw codedError("invalid_option", "event_column names the column that holds the commands");
  const cols = [...asList(opt("user_columns")), String(opt("time_column")), event];
  if (opt("params_column")) cols.push(String(opt("params_column")));
  return [...new Set(cols)];
}

/**
 * The engine's sessionize options. `form` is the loaded model's form when scoring with
 * one, so the sessions are cut in the form the model scores.
 */
export function sessionizeOptions(opt, modelForm = null) {
  const o = {
    userColumns: asList(opt("user_columns")),
    timeColumn: String(opt("time_column")),
    eventColumn: String(opt("event_column") || ""),
    maxSessionMinutes: Number(opt("max_session_minutes")),
    maxGapMinutes: Number(opt("max_gap_minutes")),
  };
  if (opt("params_column")) {
    o.paramsColumn = String(opt("params_column"));
    const form = modelForm ?? opt("form");
    if (form) o.form = String(form);
  }
  return o;
}

/** The engine's scoring options (window, compat). */
export function scoreOptions(opt) {
  return { window: windowOf(opt), compat: opt("compat") === "msticpy" ? "msticpy" : "huntkit" };
}

/** The saved model's JSON text, or null to train on the data. */
export function savedModel(opt) {
  const m = opt("model");
  if (m === null || m === undefined || m === "") return null;
  return typeof m === "string" ? m : JSON.stringify(m);
}

/** The title line. */
export function titleText(opt) {
  return clip(opt("title") ? String(opt("title")) : "Session rarity");
}
