//! The table mode: events in, sessions out, sessions ranked by rarity.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, DurationNanosecondArray, Float64Array, RecordBatch, StringArray,
    StringBuilder, TimestampNanosecondArray, UInt32Array, UInt64Array,
};
use arrow::compute::{take, take_record_batch};
use arrow::datatypes::DataType;
use huntkit_core::Table;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::options::{ModelOptions, ScoreOptions, Smoothing};
use crate::session::{value_text, Command, Params, ParamsJson, Session, SessionForm};
use crate::sessionize::{assign_ranked, dense_ranks, number_ranks};

const NS_PER_MINUTE: f64 = 60_000_000_000.0;

/// Options for cutting a table of events into sessions.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionizeOptions {
    /// Columns that identify a user (e.g. `UserId`, `ClientIP`); a change in any starts a
    /// new session. None at all puts every event in one stream.
    pub user_columns: Vec<String>,
    /// The event time column.
    pub time_column: String,
    /// The column holding the command (event) of each row.
    pub event_column: String,
    /// A column holding each event's parameters: a JSON object of names and values (or an
    /// array of names), or an Arrow map.
    pub params_column: Option<String>,
    /// The form of the sessions. With a parameters column the default is
    /// [`SessionForm::Values`]; [`SessionForm::Params`] keeps only the parameter names.
    pub form: Option<SessionForm>,
    /// The longest a session may last, in minutes, measured from its first event.
    pub max_session_minutes: f64,
    /// The longest gap between two events of one session, in minutes.
    pub max_gap_minutes: f64,
    /// The most rows accepted.
    pub max_rows: usize,
}

impl Default for SessionizeOptions {
    fn default() -> Self {
        SessionizeOptions {
            user_columns: Vec::new(),
            time_column: "TimeGenerated".into(),
            event_column: String::new(),
            params_column: None,
            form: None,
            max_session_minutes: 20.0,
            max_gap_minutes: 2.0,
            max_rows: 50_000_000,
        }
    }
}

impl SessionizeOptions {
    fn form(&self) -> Result<SessionForm> {
        match (self.form, &self.params_column) {
            (None, None) => Ok(SessionForm::Commands),
            (None, Some(_)) => Ok(SessionForm::Values),
            (Some(SessionForm::Commands), _) => Ok(SessionForm::Commands),
            (Some(f), Some(_)) => Ok(f),
            (Some(f), None) => Err(Error::InvalidOption {
                option: "form",
                detail: format!("the {} form needs `paramsColumn`", f.name()),
            }),
        }
    }

    fn minutes_ns(value: f64, option: &'static str) -> Result<i64> {
        if !(value.is_finite() && value >= 0.0) {
            return Err(Error::InvalidOption {
                option,
                detail: format!("{value} is not a number of minutes ≥ 0"),
            });
        }
        // Saturates for absurdly long spans, which then never split a session.
        Ok((value * NS_PER_MINUTE) as i64)
    }
}

/// Events cut into sessions.
#[derive(Debug, Clone)]
pub struct Sessionized {
    /// The input rows ordered by user keys then time, with a `session_id` column (null for
    /// rows without a time, which come last).
    pub events: Table,
    /// One row per session: `session_id`, the user columns, `<time>_min`, `<time>_max`,
    /// `<event>_list` (a JSON array), `<params>_list` (a JSON array of parameter objects,
    /// with a parameters column), `duration` and `number_events`.
    pub sessions: Table,
    /// The sessions' commands, in session-id order, ready for [`Model::train`].
    pub commands: Vec<Session>,
    /// The form of `commands`.
    pub form: SessionForm,
    /// How many rows had no time and belong to no session.
    pub untimed_rows: usize,
}

/// A user column as ranks: numbers ordered numerically, anything else as text.
fn user_ranks(table: &Table, name: &str) -> Result<Vec<u32>> {
    let t = table.data_type(name)?;
    if t.is_integer() || t.is_floating() {
        Ok(number_ranks(&table.floats(name)?))
    } else {
        let col = table.str_column(name)?;
        let values: Vec<Option<&str>> = col.iter().collect();
        Ok(dense_ranks(&values, |a, b| a.cmp(b)))
    }
}

fn parse_params(text: &str, column: &str, row: usize, form: SessionForm) -> Result<Params> {
    let cell: ParamsCell = serde_json::from_str(text).map_err(|e| Error::InvalidParams {
        column: column.to_string(),
        row,
        detail: e.to_string(),
    })?;
    Ok(shape_params(cell.0, form))
}

/// A parameters cell read straight from JSON text, without building a JSON tree.
struct ParamsCell(Params);

impl<'de> Deserialize<'de> for ParamsCell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ParamsCell;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of names and values, or an array of names")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<ParamsCell, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(4).min(64));
                while let Some((k, v)) = map.next_entry::<String, ValueText>()? {
                    pairs.push((k, v.0));
                }
                Ok(ParamsCell(Params::Values(pairs)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<ParamsCell, A::Error> {
                let mut names = Vec::new();
                while let Some(n) = seq.next_element::<String>()? {
                    names.push(n);
                }
                Ok(ParamsCell(Params::Set(names)))
            }
            fn visit_unit<E>(self) -> std::result::Result<ParamsCell, E> {
                Ok(ParamsCell(Params::Values(Vec::new())))
            }
        }
        d.deserialize_any(V)
    }
}

/// A parameter value as the text models count (see [`value_text`]).
struct ValueText(Option<String>);

impl<'de> Deserialize<'de> for ValueText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ValueText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E>(self, s: &str) -> std::result::Result<ValueText, E> {
                Ok(ValueText((!s.is_empty()).then(|| s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> std::result::Result<ValueText, E> {
                Ok(ValueText((!s.is_empty()).then_some(s)))
            }
            fn visit_bool<E>(self, b: bool) -> std::result::Result<ValueText, E> {
                Ok(ValueText(b.then(|| "true".to_string())))
            }
            fn visit_i64<E>(self, n: i64) -> std::result::Result<ValueText, E> {
                Ok(ValueText((n != 0).then(|| n.to_string())))
            }
            fn visit_u64<E>(self, n: u64) -> std::result::Result<ValueText, E> {
                Ok(ValueText((n != 0).then(|| n.to_string())))
            }
            fn visit_f64<E>(self, n: f64) -> std::result::Result<ValueText, E> {
                Ok(ValueText(value_text(&serde_json::json!(n))))
            }
            fn visit_unit<E>(self) -> std::result::Result<ValueText, E> {
                Ok(ValueText(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<ValueText, A::Error> {
                let v = serde_json::Value::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )?;
                Ok(ValueText(value_text(&v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<ValueText, A::Error> {
                let v = serde_json::Value::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(ValueText(value_text(&v)))
            }
        }
        d.deserialize_any(V)
    }
}

fn shape_params(params: Params, form: SessionForm) -> Params {
    match (params, form) {
        (_, SessionForm::Commands) => Params::None,
        (Params::Values(pairs), SessionForm::Params) => {
            Params::Set(pairs.into_iter().map(|(k, _)| k).collect())
        }
        (Params::None, SessionForm::Params) => Params::Set(Vec::new()),
        (Params::None, SessionForm::Values) => Params::Values(Vec::new()),
        (Params::Set(names), SessionForm::Values) => {
            Params::Values(names.into_iter().map(|n| (n, None)).collect())
        }
        (p, _) => p,
    }
}

fn arrow_err(e: impl std::fmt::Display) -> Error {
    Error::Table(huntkit_core::Error::Arrow {
        detail: e.to_string(),
    })
}

/// Parameters of every row, from JSON text or an Arrow map column.
fn read_params(table: &Table, column: &str, form: SessionForm) -> Result<Vec<Params>> {
    let mut out = Vec::with_capacity(table.num_rows());
    if let DataType::Map(..) = table.data_type(column)? {
        for chunk in table.chunks(column)? {
            let map = chunk.as_map();
            for i in 0..map.len() {
                if map.is_null(i) {
                    out.push(shape_params(Params::None, form));
                    continue;
                }
                let entries = map.value(i);
                let keys = huntkit_core::to_text(column, entries.column(0))?;
                let values = huntkit_core::to_text(column, entries.column(1))?;
                let (keys, values) = (&keys, &values);
                let pairs = (0..keys.len())
                    .filter(|j| keys.is_valid(*j))
                    .map(|j| {
                        let v = values.is_valid(j).then(|| values.value(j));
                        let v = v.and_then(|v| value_text(&serde_json::Value::String(v.into())));
                        (keys.value(j).to_string(), v)
                    })
                    .collect();
                out.push(shape_params(Params::Values(pairs), form));
            }
        }
        return Ok(out);
    }
    let col = table.str_column(column)?;
    for (row, cell) in col.iter().enumerate() {
        out.push(match cell.map(str::trim) {
            None | Some("") => shape_params(Params::None, form),
            Some(text) => parse_params(text, column, row, form)?,
        });
    }
    Ok(out)
}

fn json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Appends `value` as JSON to `out`.
fn json_into<T: serde::Serialize>(out: &mut Vec<u8>, value: &T) {
    // Writing plain strings and nulls into memory cannot fail.
    let _ = serde_json::to_writer(out, value);
}

/// Appends a session's command names to `out` as a JSON array, as serde_json writes it.
fn name_list(out: &mut String, session: &[Command]) {
    out.push('[');
    for (i, c) in session.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Names rarely need escaping: those that do go through serde_json.
        if c.name.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
            out.push_str(&json_text(&c.name));
        } else {
            out.push('"');
            out.push_str(&c.name);
            out.push('"');
        }
    }
    out.push(']');
}

/// A session's parameters, serialised as a JSON array with one entry per command: what
/// [`Command`] writes as its `params`.
struct ParamsList<'a>(&'a [Command]);

impl serde::Serialize for ParamsList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| ParamsJson(&c.params)))
    }
}

/// Cut a table of events into sessions, with MSTICPy's `sessionize_data` semantics.
pub fn sessionize(table: &Table, options: &SessionizeOptions) -> Result<Sessionized> {
    let rows = table.num_rows();
    if rows == 0 {
        return Err(Error::EmptyInput {
            what: "the table has no rows".into(),
        });
    }
    if rows > options.max_rows {
        return Err(Error::LimitExceeded {
            what: format!("{rows} rows"),
            limit: options.max_rows as u64,
            option: "maxRows",
        });
    }
    if options.event_column.is_empty() {
        return Err(Error::InvalidOption {
            option: "eventColumn",
            detail: "name the column that holds the commands".into(),
        });
    }
    let form = options.form()?;
    let max_session =
        SessionizeOptions::minutes_ns(options.max_session_minutes, "maxSessionMinutes")?;
    let max_gap = SessionizeOptions::minutes_ns(options.max_gap_minutes, "maxGapMinutes")?;
    let users = options
        .user_columns
        .iter()
        .map(|c| user_ranks(table, c))
        .collect::<Result<Vec<_>>>()?;
    let times = table.timestamps(&options.time_column)?;
    let events = table.str_column(&options.event_column)?;
    let mut params = match (&options.params_column, form) {
        (Some(c), SessionForm::Params | SessionForm::Values) => Some(read_params(table, c, form)?),
        (Some(c), SessionForm::Commands) => {
            // Still check that the column exists, so a typo is reported.
            table.data_type(c)?;
            None
        }
        _ => None,
    };

    let spans = assign_ranked(&users, &times, max_session, max_gap);
    let n_sessions = spans.spans.len();
    let mut commands: Vec<Session> = Vec::with_capacity(n_sessions);
    let mut first_rows = Vec::with_capacity(n_sessions);
    let mut t_min = Vec::with_capacity(n_sessions);
    let mut t_max = Vec::with_capacity(n_sessions);
    let with_params = params.is_some();
    let mut lists = StringBuilder::with_capacity(n_sessions, rows.saturating_mul(16));
    let mut param_lists = StringBuilder::with_capacity(
        if with_params { n_sessions } else { 0 },
        if with_params {
            rows.saturating_mul(64)
        } else {
            0
        },
    );
    let mut text = Vec::new();
    let mut names = String::new();
    let mut counts = Vec::with_capacity(n_sessions);
    for (a, b) in &spans.spans {
        let rows_of = spans.order.get(*a..*b).unwrap_or(&[]);
        // Each row is in one session only: its parameters move into the session.
        let session: Session = rows_of
            .iter()
            .map(|r| Command {
                name: events.get(*r).unwrap_or("").to_string(),
                params: params
                    .as_mut()
                    .and_then(|p| p.get_mut(*r))
                    .map(std::mem::take)
                    .unwrap_or_default(),
            })
            .collect();
        let first = rows_of.first().copied().unwrap_or(0);
        let last = rows_of.last().copied().unwrap_or(0);
        first_rows.push(first as u64);
        t_min.push(times.get(first).copied().flatten().unwrap_or(0));
        t_max.push(times.get(last).copied().flatten().unwrap_or(0));
        names.clear();
        name_list(&mut names, &session);
        lists.append_value(&names);
        if with_params {
            text.clear();
            json_into(&mut text, &ParamsList(&session));
            // serde_json writes UTF-8.
            param_lists.append_value(std::str::from_utf8(&text).unwrap_or_default());
        }
        counts.push(session.len() as u64);
        commands.push(session);
    }

    let batch = table.to_batch()?;
    let mut columns: Vec<(String, ArrayRef)> = vec![(
        "session_id".into(),
        Arc::new(UInt32Array::from_iter_values(0..n_sessions as u32)),
    )];
    let first_idx = UInt64Array::from(first_rows);
    for c in &options.user_columns {
        let col = batch
            .column_by_name(c)
            .ok_or_else(|| huntkit_core::Error::ColumnNotFound {
                name: c.clone(),
                available: table.column_names(),
            })?;
        columns.push((c.clone(), take(col, &first_idx, None).map_err(arrow_err)?));
    }
    let time = &options.time_column;
    columns.push((
        format!("{time}_min"),
        Arc::new(TimestampNanosecondArray::from(t_min.clone()).with_timezone("UTC")),
    ));
    columns.push((
        format!("{time}_max"),
        Arc::new(TimestampNanosecondArray::from(t_max.clone()).with_timezone("UTC")),
    ));
    columns.push((
        format!("{}_list", options.event_column),
        Arc::new(lists.finish()),
    ));
    if let (Some(p), true) = (&options.params_column, with_params) {
        columns.push((format!("{p}_list"), Arc::new(param_lists.finish())));
    }
    let durations: Vec<i64> = t_max
        .iter()
        .zip(&t_min)
        .map(|(b, a)| b.saturating_sub(*a))
        .collect();
    columns.push((
        "duration".into(),
        Arc::new(DurationNanosecondArray::from(durations)),
    ));
    columns.push(("number_events".into(), Arc::new(UInt64Array::from(counts))));
    let sessions = Table::from_columns(columns)?;

    let mut order: Vec<u64> = spans.order.iter().map(|r| *r as u64).collect();
    order.extend(spans.untimed.iter().map(|r| *r as u64));
    let mut ids: Vec<Option<u32>> = Vec::with_capacity(order.len());
    for (s, (a, b)) in spans.spans.iter().enumerate() {
        ids.extend(std::iter::repeat_n(Some(s as u32), b.saturating_sub(*a)));
    }
    ids.extend(std::iter::repeat_n(None, spans.untimed.len()));
    let sorted = take_record_batch(&batch, &UInt64Array::from(order)).map_err(arrow_err)?;
    let events_table = Table::from_batch(sorted).with_columns(vec![(
        "session_id".into(),
        Arc::new(UInt32Array::from(ids)),
    )])?;

    Ok(Sessionized {
        events: events_table,
        sessions,
        commands,
        form,
        untimed_rows: spans.untimed.len(),
    })
}

/// Options for going from raw events to ranked sessions in one call.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct ScoreTableOptions {
    /// How events become sessions.
    #[serde(flatten)]
    pub sessionize: SessionizeOptions,
    /// How sessions are scored.
    #[serde(flatten)]
    pub score: ScoreOptions,
    /// How a new model's counts are smoothed.
    pub smoothing: Smoothing,
    /// The parameters whose values a new model models (values form).
    pub modellable_params: Option<Vec<String>>,
    /// The most distinct names a new model may hold; `None` for the default.
    pub max_vocabulary: Option<usize>,
}

impl ScoreTableOptions {
    /// The training options these stand for, for sessions of `form`.
    pub fn model_options(&self, form: SessionForm) -> ModelOptions {
        let defaults = ModelOptions::default();
        ModelOptions {
            form: Some(form),
            smoothing: self.smoothing,
            modellable_params: self.modellable_params.clone(),
            max_vocabulary: self.max_vocabulary.unwrap_or(defaults.max_vocabulary),
        }
    }
}

/// Sessions ranked by rarity.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The session table of [`sessionize`] plus `likelihood`, `geomean`, `rarest_window<N>`
    /// (a JSON array of commands), `rarest_window<N>_likelihood` and `rank` (1 is the
    /// rarest), ordered by rank. Sessions shorter than the window have null window
    /// columns and rank last.
    pub sessions: Table,
    /// The model the sessions were scored with (trained on them when none was given).
    pub model: Model,
    /// How many sessions were shorter than the window.
    pub too_short: usize,
    /// How many rows had no time and belong to no session.
    pub untimed_rows: usize,
}

fn nan_to_null(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// From raw events to ranked sessions: sessionize, train a model on the sessions (or use
/// `model`), score every session and rank by the rarest window's likelihood.
pub fn score_table(
    table: &Table,
    options: &ScoreTableOptions,
    model: Option<&Model>,
) -> Result<Ranked> {
    crate::model::check_window(&options.score)?;
    let sessionized = sessionize(table, &options.sessionize)?;
    let (model, scores) = match model {
        Some(m) => (m.clone(), m.score(&sessionized.commands, &options.score)?),
        None => {
            let (m, mut all) = Model::train_and_score(
                &sessionized.commands,
                &options.model_options(sessionized.form),
                &[options.score.window],
                &options.score,
            )?;
            let scores = all.pop().ok_or_else(|| Error::EmptyInput {
                what: "no sessions were scored".into(),
            })?;
            (m, scores)
        }
    };
    let n = scores.sessions.len();
    let liks: Vec<Option<f64>> = scores
        .sessions
        .iter()
        .map(|s| nan_to_null(s.likelihood))
        .collect();
    let geos: Vec<Option<f64>> = scores
        .sessions
        .iter()
        .map(|s| nan_to_null(s.geomean))
        .collect();
    let rare: Vec<Option<f64>> = scores
        .sessions
        .iter()
        .map(|s| nan_to_null(s.rarest_likelihood()))
        .collect();
    let windows: Vec<Option<String>> = scores
        .sessions
        .iter()
        .zip(&sessionized.commands)
        .map(|(s, session)| {
            s.rarest_window
                .as_ref()
                .map(|w| json_text(&w.commands(session)))
        })
        .collect();
    let mut rank_order: Vec<usize> = (0..n).collect();
    rank_order.sort_by(|a, b| {
        let (x, y) = (
            rare.get(*a).copied().flatten(),
            rare.get(*b).copied().flatten(),
        );
        match (x, y) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.cmp(b))
    });
    let mut ranks = vec![0u64; n];
    for (r, i) in rank_order.iter().enumerate() {
        if let Some(slot) = ranks.get_mut(*i) {
            *slot = r as u64 + 1;
        }
    }
    let w = options.score.window;
    let with_scores = sessionized.sessions.with_columns(vec![
        (
            "likelihood".into(),
            Arc::new(Float64Array::from(liks)) as ArrayRef,
        ),
        ("geomean".into(), Arc::new(Float64Array::from(geos))),
        (
            format!("rarest_window{w}"),
            Arc::new(StringArray::from(windows)),
        ),
        (
            format!("rarest_window{w}_likelihood"),
            Arc::new(Float64Array::from(rare)),
        ),
        ("rank".into(), Arc::new(UInt64Array::from(ranks))),
    ])?;
    let batch: RecordBatch = with_scores.to_batch()?;
    let idx = UInt64Array::from(rank_order.iter().map(|i| *i as u64).collect::<Vec<_>>());
    let ranked = take_record_batch(&batch, &idx).map_err(arrow_err)?;
    Ok(Ranked {
        sessions: Table::from_batch(ranked),
        model,
        too_short: scores.too_short,
        untimed_rows: sessionized.untimed_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_are_what_serde_json_writes() {
        let names = [
            "Set-User",
            "",
            "a\"b",
            "back\\slash",
            "tab\tnew\nline\u{1}",
            "é\u{7f}✓",
        ];
        let session: Vec<Command> = names.iter().map(|n| Command::new(*n)).collect();
        let mut out = String::new();
        name_list(&mut out, &session);
        assert_eq!(out, serde_json::to_string(&names).unwrap());
        out.clear();
        name_list(&mut out, &[]);
        assert_eq!(out, "[]");
    }
}
