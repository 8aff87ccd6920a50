//! Sessions: cut events into sessions, train and load session models, score sessions, and
//! go from raw events to ranked sessions in one call.

use huntkit_sessions::{
    Command, Model, ModelOptions, ScoreOptions, ScoreTableOptions, SessionizeOptions,
};
use js_sys::{Float64Array, Object, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{field_names, options, set, table_options, table_options_known, to_js};
use crate::table::{ipc, read_table};

/// Options of the one-call scoring functions, whose struct flattens three others.
fn score_table_options(
    json: Option<String>,
) -> Result<(ScoreTableOptions, huntkit_core::ReadOptions), JsValue> {
    table_options_known(
        json,
        &[
            field_names::<SessionizeOptions>(),
            field_names::<ScoreOptions>(),
            field_names::<ModelOptions>(),
        ],
    )
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn nan_null(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Window {
    start: usize,
    commands: Vec<Command>,
    likelihood: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Score {
    likelihood: Option<f64>,
    geomean: Option<f64>,
    rarest_window: Option<Window>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Scored {
    scores: Vec<Score>,
    too_short: usize,
}

/// Sessions from JS, as JSON text the npm package wrote after bounding them: the
/// engine's own JSON reader is far quicker than walking JS objects one property at a
/// time, and text cannot recurse through the wasm's stack.
fn sessions_from(text: &str) -> Result<Vec<Vec<Command>>, JsValue> {
    serde_json::from_str(text).map_err(|e| {
        coded(
            "invalid_input",
            &format!("sessions must be an array of arrays of commands: {e}"),
        )
    })
}

/// A result as plain JS objects, through JSON text for speed.
fn to_js_json<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| coded("internal", &format!("cannot convert the result: {e}")))?;
    js_sys::JSON::parse(&text)
}

/// Sessions kept inside the wasm module as `sessionize` cut them, so that training and
/// scoring them needs no conversion across the boundary. The npm package keeps one beside
/// the `commands` array it hands out and uses it when that array comes back unchanged.
#[wasm_bindgen(js_name = SessionList)]
pub struct SessionList {
    sessions: Vec<Vec<Command>>,
}

#[wasm_bindgen(js_class = SessionList)]
impl SessionList {
    /// How many sessions the list holds.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.sessions.len()
    }
}

/// Cuts events (Arrow IPC, CSV or JSON bytes) into sessions. Returns `{ events, sessions }`
/// as Arrow IPC bytes, plus `commands` (the sessions as arrays of commands), `list` (the
/// same sessions kept in the wasm module), `form` and `untimedRows`.
#[wasm_bindgen(js_name = sessionize)]
pub fn sessionize(data: Vec<u8>, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let (opts, read): (SessionizeOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    let s = huntkit_sessions::sessionize(&table, &opts).map_err(|e| js_error(&e))?;
    let out = Object::new();
    set(&out, "events", &bytes(&ipc(&s.events)?))?;
    set(&out, "sessions", &bytes(&ipc(&s.sessions)?))?;
    // JSON text and the engine's own parser build the many small objects far faster than
    // setting them up one property at a time from the wasm side.
    set(&out, "commands", &to_js_json(&s.commands)?)?;
    set(&out, "form", &JsValue::from_str(s.form.name()))?;
    set(
        &out,
        "untimedRows",
        &JsValue::from_f64(s.untimed_rows as f64),
    )?;
    let list = SessionList {
        sessions: s.commands,
    };
    set(&out, "list", &JsValue::from(list))?;
    Ok(out.into())
}

/// Raw events to sessions ranked by rarity. Returns `{ table, model, tooShort,
/// untimedRows }`: the ranked session table as Arrow IPC bytes and the model as JSON text.
#[wasm_bindgen(js_name = scoreSessions)]
pub fn score_sessions(data: Vec<u8>, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let (opts, read) = score_table_options(options_json)?;
    let table = read_table(data, &read)?;
    ranked(&table, &opts, None)
}

fn ranked(
    table: &huntkit_core::Table,
    opts: &ScoreTableOptions,
    model: Option<&Model>,
) -> Result<JsValue, JsValue> {
    let r = huntkit_sessions::score_table(table, opts, model).map_err(|e| js_error(&e))?;
    let out = Object::new();
    set(&out, "table", &bytes(&ipc(&r.sessions)?))?;
    set(&out, "model", &JsValue::from_str(&r.model.to_json()))?;
    set(&out, "tooShort", &JsValue::from_f64(r.too_short as f64))?;
    set(
        &out,
        "untimedRows",
        &JsValue::from_f64(r.untimed_rows as f64),
    )?;
    Ok(out.into())
}

/// A trained session model: train it, save it as JSON, load it, score sessions with it.
#[wasm_bindgen(js_name = SessionModel)]
pub struct SessionModel {
    inner: Model,
}

#[wasm_bindgen(js_class = SessionModel)]
impl SessionModel {
    /// Trains a model on sessions: arrays of commands, each a name, or `{ name, params }`
    /// with `params` an array of names or an object of names and values.
    pub fn train(sessions: &str, options_json: Option<String>) -> Result<SessionModel, JsValue> {
        let opts: ModelOptions = options(options_json)?;
        let sessions = sessions_from(sessions)?;
        let inner = Model::train(&sessions, &opts).map_err(|e| js_error(&e))?;
        Ok(SessionModel { inner })
    }

    /// Trains a model on sessions kept in the wasm module by `sessionize`.
    #[wasm_bindgen(js_name = trainList)]
    pub fn train_list(
        list: &SessionList,
        options_json: Option<String>,
    ) -> Result<SessionModel, JsValue> {
        let opts: ModelOptions = options(options_json)?;
        let inner = Model::train(&list.sessions, &opts).map_err(|e| js_error(&e))?;
        Ok(SessionModel { inner })
    }

    /// Loads a model saved with `toJSON`.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(text: &str) -> Result<SessionModel, JsValue> {
        let inner = Model::from_json(text).map_err(|e| js_error(&e))?;
        Ok(SessionModel { inner })
    }

    /// The model as versioned JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The form of the sessions the model was trained on: `commands`, `params` or `values`.
    #[wasm_bindgen(getter)]
    pub fn form(&self) -> String {
        self.inner.form().name().to_string()
    }

    /// How many sessions the model was trained on.
    #[wasm_bindgen(getter, js_name = sessionsTrained)]
    pub fn sessions_trained(&self) -> f64 {
        self.inner.sessions_trained() as f64
    }

    /// The parameters whose values are modelled (values form), else `null`.
    #[wasm_bindgen(getter, js_name = modellableParams)]
    pub fn modellable_params(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.modellable_params())
    }

    /// Scores sessions: `{ scores: [{ likelihood, geomean, rarestWindow }], tooShort }`.
    pub fn score(&self, sessions: &str, options_json: Option<String>) -> Result<JsValue, JsValue> {
        let opts: ScoreOptions = options(options_json)?;
        let sessions = sessions_from(sessions)?;
        let scored = self
            .inner
            .score(&sessions, &opts)
            .map_err(|e| js_error(&e))?;
        let scores = scored
            .sessions
            .iter()
            .zip(&sessions)
            .map(|(s, session)| Score {
                likelihood: nan_null(s.likelihood),
                geomean: nan_null(s.geomean),
                rarest_window: s.rarest_window.as_ref().map(|w| Window {
                    start: w.start,
                    commands: w.commands(session),
                    likelihood: nan_null(w.likelihood),
                }),
            })
            .collect();
        to_js_json(&Scored {
            scores,
            too_short: scored.too_short,
        })
    }

    /// Scores sessions kept in the wasm module by `sessionize`. Returns `{ values,
    /// tooShort }`, `values` holding six numbers per session: likelihood, geometric mean,
    /// and the rarest window's start, length, whether it ends with the end token (1 or 0)
    /// and likelihood (NaN for a missing number). The npm package builds the score objects
    /// from them, taking the window's commands from the sessions it handed out.
    #[wasm_bindgen(js_name = scoreList)]
    pub fn score_list(
        &self,
        list: &SessionList,
        options_json: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let opts: ScoreOptions = options(options_json)?;
        let scored = self
            .inner
            .score(&list.sessions, &opts)
            .map_err(|e| js_error(&e))?;
        let mut values = Vec::with_capacity(scored.sessions.len().saturating_mul(6));
        for s in &scored.sessions {
            values.push(s.likelihood);
            values.push(s.geomean);
            match &s.rarest_window {
                Some(w) => {
                    values.push(w.start as f64);
                    values.push(w.len as f64);
                    values.push(if w.ends_with_end_token { 1.0 } else { 0.0 });
                    values.push(w.likelihood);
                }
                None => values.extend([f64::NAN; 4]),
            }
        }
        let out = Object::new();
        set(
            &out,
            "values",
            &Float64Array::from(values.as_slice()).into(),
        )?;
        set(
            &out,
            "tooShort",
            &JsValue::from_f64(scored.too_short as f64),
        )?;
        Ok(out.into())
    }

    /// Raw events to sessions ranked by rarity under this model (no retraining).
    #[wasm_bindgen(js_name = scoreEvents)]
    pub fn score_events(
        &self,
        data: Vec<u8>,
        options_json: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let (opts, read) = score_table_options(options_json)?;
        let table = read_table(data, &read)?;
        ranked(&table, &opts, Some(&self.inner))
    }
}
