//! Sessions: cut events into sessions, train and load session models, score sessions, and
//! go from raw events to ranked sessions in one call.

use huntkit_core::options_json::field_names;
use huntkit_core::Table;
use huntkit_sessions::{
    Command, Model, ModelOptions, Params, ScoreOptions, ScoreTableOptions, SessionizeOptions,
};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::error::{raise, released, Failure};
use crate::input;
use crate::options::{self, Keys};
use crate::output::{stream, ArrowStream};

/// Sessions kept in Rust as `sessionize` cut them, so that training and scoring them
/// needs no conversion from Python objects. The Python layer keeps one beside the
/// `commands` it hands out.
#[pyclass(frozen, module = "huntkit._native")]
pub struct SessionList {
    sessions: Vec<Vec<Command>>,
}

#[pymethods]
impl SessionList {
    /// Converts Python lists of commands once, for a model to train on and score
    /// without converting them again.
    #[new]
    fn new(py: Python<'_>, sessions: &Bound<'_, PyAny>) -> PyResult<SessionList> {
        Ok(SessionList {
            sessions: match sessions_of(py, sessions)? {
                Sessions::Kept(list) => list.sessions.clone(),
                Sessions::Given(s) => s,
            },
        })
    }

    fn __len__(&self) -> usize {
        self.sessions.len()
    }
}

/// Sessions given as Python lists of commands (a name, or `{"name", "params"}`), or
/// kept from `sessionize`.
enum Sessions<'a> {
    Kept(&'a SessionList),
    Given(Vec<Vec<Command>>),
}

impl Sessions<'_> {
    fn as_slice(&self) -> &[Vec<Command>] {
        match self {
            Sessions::Kept(list) => &list.sessions,
            Sessions::Given(s) => s,
        }
    }
}

fn sessions_of<'a>(py: Python<'_>, sessions: &'a Bound<'_, PyAny>) -> PyResult<Sessions<'a>> {
    if let Ok(list) = sessions.cast::<SessionList>() {
        return Ok(Sessions::Kept(list.get()));
    }
    let refused = || {
        raise(
            py,
            "invalid_input",
            "sessions must be a list of lists of commands (a name, or a dict with \"name\" and \"params\")",
        )
    };
    if sessions.is_instance_of::<PyString>() || sessions.is_instance_of::<PyDict>() {
        return Err(refused());
    }
    let mut out = Vec::new();
    for session in sessions.try_iter().map_err(|_| refused())? {
        let session = session?;
        if session.is_instance_of::<PyString>() || session.is_instance_of::<PyDict>() {
            return Err(refused());
        }
        let mut commands = Vec::new();
        for command in session.try_iter().map_err(|_| refused())? {
            commands.push(command_of(py, &command?)?);
        }
        out.push(commands);
    }
    Ok(Sessions::Given(out))
}

/// One command from Python: a name is read as it is, a dict through its JSON form (the
/// same rules as the npm package's and the saved sessions').
fn command_of(py: Python<'_>, command: &Bound<'_, PyAny>) -> PyResult<Command> {
    if let Ok(name) = command.cast::<PyString>() {
        return Ok(Command::new(name.to_cow()?.into_owned()));
    }
    let value = options::to_json(command, Keys::Data, 2, "a command")?;
    serde_json::from_value(value).map_err(|e| {
        raise(
            py,
            "invalid_input",
            &format!("a command must be a name, or a dict with \"name\" and \"params\": {e}"),
        )
    })
}

/// Commands as Python values: a name for a command without parameters, else the dict
/// `{"name", "params"}`, as the npm package gives them.
fn commands_py<'py>(py: Python<'py>, commands: &[Command]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for command in commands {
        if command.params == Params::None {
            list.append(PyString::new(py, &command.name))?;
        } else {
            list.append(options::result(py, command, false)?)?;
        }
    }
    Ok(list)
}

/// Options of the one-call scoring functions, whose struct flattens three others.
fn score_table_options(
    py: Python<'_>,
    call: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<(ScoreTableOptions, huntkit_core::ReadOptions)> {
    options::parse(
        py,
        call,
        kwargs,
        &[
            field_names::<SessionizeOptions>(),
            field_names::<ScoreOptions>(),
            field_names::<ModelOptions>(),
        ],
        true,
    )
}

/// Cuts events into sessions: `(events, sessions, commands, form, untimed_rows, kept)`.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
#[allow(clippy::type_complexity)]
pub fn sessionize<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<(
    ArrowStream,
    ArrowStream,
    Bound<'py, PyAny>,
    String,
    usize,
    SessionList,
)> {
    let (opts, read): (SessionizeOptions, _) = options::table(py, "sessionize", options)?;
    let table = input::table(py, data, &read)?;
    let s = released(py, move || {
        huntkit_sessions::sessionize(&table, &opts).map_err(|e| Failure::engine(&e))
    })?;
    let commands = PyList::empty(py);
    for session in &s.commands {
        commands.append(commands_py(py, session)?)?;
    }
    let commands = commands.into_any();
    Ok((
        stream(s.events),
        stream(s.sessions),
        commands,
        s.form.name().to_string(),
        s.untimed_rows,
        SessionList {
            sessions: s.commands,
        },
    ))
}

/// Raw events to sessions ranked by rarity: `(table, model, too_short, untimed_rows)`.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn score_sessions(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(ArrowStream, SessionModel, usize, usize)> {
    let (opts, read) = score_table_options(py, "score_sessions", options)?;
    let table = input::table(py, data, &read)?;
    ranked(py, table, opts, None)
}

fn ranked(
    py: Python<'_>,
    table: Table,
    opts: ScoreTableOptions,
    model: Option<&Model>,
) -> PyResult<(ArrowStream, SessionModel, usize, usize)> {
    let r = released(py, move || {
        huntkit_sessions::score_table(&table, &opts, model).map_err(|e| Failure::engine(&e))
    })?;
    Ok((
        stream(r.sessions),
        SessionModel { inner: r.model },
        r.too_short,
        r.untimed_rows,
    ))
}

fn nan_none(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// A trained session model: train it, save it as JSON, load it, score sessions with it.
/// Its JSON is the npm package's and the CLI's (`--model-out`, `--model-in`).
#[pyclass(frozen, module = "huntkit._native")]
pub struct SessionModel {
    inner: Model,
}

/// Each session's rarest window as `(starts, lengths, likelihoods)`.
type RarestWindows = (Vec<Option<usize>>, Vec<usize>, Vec<f64>);

impl SessionModel {
    /// The sessions and their scores, for `call` with these options.
    fn scored<'a>(
        &self,
        py: Python<'_>,
        call: &str,
        sessions: &'a Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<(Sessions<'a>, huntkit_sessions::Scores)> {
        let opts: ScoreOptions = options::engine(py, call, options)?;
        let sessions = sessions_of(py, sessions)?;
        let scored = released(py, || {
            self.inner
                .score(sessions.as_slice(), &opts)
                .map_err(|e| Failure::engine(&e))
        })?;
        Ok((sessions, scored))
    }
}

#[pymethods]
impl SessionModel {
    /// Trains a model on sessions: lists of commands, or the list `sessionize` kept.
    #[staticmethod]
    #[pyo3(signature = (sessions, options = None))]
    fn train(
        py: Python<'_>,
        sessions: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<SessionModel> {
        let opts: ModelOptions = options::engine(py, "SessionModel.train", options)?;
        let sessions = sessions_of(py, sessions)?;
        let inner = released(py, || {
            Model::train(sessions.as_slice(), &opts).map_err(|e| Failure::engine(&e))
        })?;
        Ok(SessionModel { inner })
    }

    /// Loads a model from its JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<SessionModel> {
        let inner = released(py, move || {
            Model::from_json(&text).map_err(|e| Failure::engine(&e))
        })?;
        Ok(SessionModel { inner })
    }

    /// The model as versioned JSON text.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_json())
    }

    /// `commands`, `params` or `values`.
    #[getter]
    fn form(&self) -> &'static str {
        self.inner.form().name()
    }

    /// How many sessions the model was trained on.
    #[getter]
    fn sessions_trained(&self) -> u64 {
        self.inner.sessions_trained()
    }

    /// The parameters whose values are modelled (values form), else `None`.
    #[getter]
    fn modellable_params(&self) -> Option<Vec<String>> {
        self.inner.modellable_params()
    }

    /// The smoothed counts and probabilities, named and shaped as MSTICPy's `Model`
    /// attributes (`seq1_counts`, `seq2_counts`, `prior_probs`, `trans_probs`,
    /// `param_counts`, ...), `None` where the model's form has none: what
    /// `huntkit.msticpy.Model` shows as its attributes.
    fn probabilities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let m = &self.inner;
        let fail = |e: huntkit_sessions::Error| Failure::engine(&e).into_py(py);
        let dicts = serde_json::json!({
            "seq1_counts": m.seq1_counts(),
            "seq2_counts": m.seq2_counts().map_err(fail)?,
            "prior_probs": m.prior_probs(),
            "trans_probs": m.trans_probs().map_err(fail)?,
            "param_counts": m.param_counts(),
            "cmd_param_counts": m.cmd_param_counts(),
            "param_probs": m.param_probs(),
            "param_cond_cmd_probs": m.param_cond_cmd_probs(),
            "value_counts": m.value_counts(),
            "param_value_counts": m.param_value_counts(),
            "value_probs": m.value_probs(),
            "value_cond_param_probs": m.value_cond_param_probs(),
        });
        options::to_py(py, &dicts, false)
    }

    /// The likelihood of a command's parameters (and values) given the command: 1 for a
    /// command without parameters; with `geo_mean`, its geometric mean per parameter.
    #[pyo3(signature = (command, geo_mean = false))]
    fn params_likelihood(
        &self,
        py: Python<'_>,
        command: &Bound<'_, PyAny>,
        geo_mean: bool,
    ) -> PyResult<f64> {
        let command = command_of(py, command)?;
        Ok(self.inner.params_likelihood_of(&command, geo_mean))
    }

    /// Each session's rarest window only, as three lists: `(starts, lengths,
    /// likelihoods)`, `None`, 0 and NaN for a session shorter than the window. What
    /// MSTICPy's `score_sessions` keeps, without a dict per session.
    #[pyo3(signature = (sessions, options = None))]
    fn rarest_windows<'py>(
        &self,
        py: Python<'py>,
        sessions: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<RarestWindows> {
        let (_, scored) = self.scored(py, "SessionModel.rarest_windows", sessions, options)?;
        let windows = scored.sessions.iter().map(|s| s.rarest_window.as_ref());
        Ok((
            windows.clone().map(|w| w.map(|w| w.start)).collect(),
            windows.clone().map(|w| w.map_or(0, |w| w.len)).collect(),
            windows
                .map(|w| w.map_or(f64::NAN, |w| w.likelihood))
                .collect(),
        ))
    }

    /// Scores sessions without retraining: `{scores: [{likelihood, geomean,
    /// rarest_window}], too_short}`.
    #[pyo3(signature = (sessions, options = None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        sessions: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (sessions, scored) = self.scored(py, "SessionModel.score", sessions, options)?;
        // Built here rather than through JSON: a dict per session, with its keys interned.
        let scores = PyList::empty(py);
        for (s, session) in scored.sessions.iter().zip(sessions.as_slice()) {
            let one = PyDict::new(py);
            one.set_item(intern!(py, "likelihood"), nan_none(s.likelihood))?;
            one.set_item(intern!(py, "geomean"), nan_none(s.geomean))?;
            match &s.rarest_window {
                Some(w) => {
                    let window = PyDict::new(py);
                    window.set_item(intern!(py, "start"), w.start)?;
                    window.set_item(
                        intern!(py, "commands"),
                        commands_py(py, &w.commands(session))?,
                    )?;
                    window.set_item(intern!(py, "likelihood"), nan_none(w.likelihood))?;
                    one.set_item(intern!(py, "rarest_window"), window)?;
                }
                None => one.set_item(intern!(py, "rarest_window"), py.None())?,
            }
            scores.append(one)?;
        }
        let out = PyDict::new(py);
        out.set_item("scores", scores)?;
        out.set_item("too_short", scored.too_short)?;
        Ok(out.into_any())
    }

    /// Raw events to sessions ranked by rarity under this model (no retraining):
    /// `(table, too_short, untimed_rows)`.
    #[pyo3(signature = (data, options = None))]
    fn score_events(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<(ArrowStream, usize, usize)> {
        let (opts, read) = score_table_options(py, "SessionModel.score_events", options)?;
        let table = input::table(py, data, &read)?;
        let (table, _, too_short, untimed) = ranked(py, table, opts, Some(&self.inner))?;
        Ok((table, too_short, untimed))
    }
}
