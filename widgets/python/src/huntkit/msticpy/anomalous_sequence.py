"""MSTICPy's ``msticpy.analysis.anomalous_sequence``, modelled and scored by huntkit's
engine.

Sessions (lists of commands) are modelled as a Markov chain; each session gets the
likelihood of its rarest window of ``window_length`` commands. Commands come in
MSTICPy's three forms: names (``"Set-User"``), :class:`Cmd` with a set of parameters,
or :class:`Cmd` with a dict of parameter values.

>>> from huntkit.msticpy import Model, score_sessions
>>> model = Model([["Set-User", "Set-User"], ["Set-Mailbox", "Set-User", "Set-User"]])
>>> model.train()
>>> model.compute_scores(use_start_end_tokens=True)
>>> model.rare_window_likelihoods[3]
[0.046875, 0.04115853658536585]

``sessionize_data`` cuts raw events into sessions per user first.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from itertools import chain
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from ._common import MsticpyException, check_compat, is_frame, names, pandas

__all__ = [
    "Cmd",
    "Model",
    "SessionType",
    "StateMatrix",
    "score_sessions",
    "sessionize_data",
    "create_session_col",
]

START_TOKEN = "##START##"
END_TOKEN = "##END##"
UNK_TOKEN = "##UNK##"


class Cmd:
    """A command with its parameters: a set of names, or a dict of names to values.

    >>> Cmd("Set-User", {"Identity"})
    Cmd(name='Set-User', params={'Identity'})
    """

    def __init__(self, name: str, params: Union[Set[str], Dict[str, Any]]) -> None:
        self.name = name
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cmd) and (self.name, self.params) == (other.name, other.params)

    def __repr__(self) -> str:
        return f"Cmd(name={self.name!r}, params={self.params!r})"

    __str__ = __repr__

    def __hash__(self) -> int:
        return hash(self.name)


class SessionType:
    """The three forms of session MSTICPy models."""

    cmds_only = "cmds_only"
    cmds_params_only = "cmds_params_only"
    cmds_params_values = "cmds_params_values"


class StateMatrix(dict):
    """A dict whose unseen keys read as the unknown token's entry (nested dicts
    too), as MSTICPy's ``StateMatrix``.

    >>> sm = StateMatrix({"haha": {"hehe": 1, "##UNK##": 2}, "##UNK##": {"##UNK##": 3}}, "##UNK##")
    >>> sm["haha"]["kjdff"], sm["unseen"]["x"]
    (2, 3)
    """

    def __init__(self, states: Dict[str, Any], unk_token: str = UNK_TOKEN) -> None:
        if unk_token not in states:
            raise MsticpyException(f"`states` should contain the key {unk_token!r}")
        wrapped = {
            k: StateMatrix(v, unk_token) if isinstance(v, dict) and not isinstance(v, StateMatrix) else v
            for k, v in states.items()
        }
        super().__init__(wrapped)
        self.unk_token = unk_token

    def __missing__(self, key: Any) -> Any:
        return dict.__getitem__(self, self.unk_token)


def _form(sessions: Any) -> str:
    """The session form, from the first command of the first session; checks them all."""
    if not isinstance(sessions, list) or not sessions:
        raise MsticpyException("`sessions` should be a non-empty list of sessions")
    for session in sessions:
        if not isinstance(session, list) or not session:
            raise MsticpyException("each session in `sessions` should be a non-empty list")
    first = sessions[0][0]
    if isinstance(first, str):
        # The types seen, gathered at C speed: a check per command in Python would cost
        # more than the model.
        if all(issubclass(t, str) for t in set(map(type, chain.from_iterable(sessions)))):
            return SessionType.cmds_only
        raise MsticpyException("all the commands of all the sessions should be of one form")
    if isinstance(first, Cmd) and isinstance(first.params, (set, frozenset)):
        form, ok = SessionType.cmds_params_only, lambda c: isinstance(c, Cmd) and isinstance(c.params, (set, frozenset))
    elif isinstance(first, Cmd) and isinstance(first.params, dict):
        form, ok = SessionType.cmds_params_values, lambda c: isinstance(c, Cmd) and isinstance(c.params, dict)
    else:
        raise MsticpyException(
            "each command should be a str, or a Cmd whose params are a set or a dict"
        )
    for session in sessions:
        for cmd in session:
            if not ok(cmd):
                raise MsticpyException("all the commands of all the sessions should be of one form")
    return form


def _native_command(cmd: Any) -> Any:
    if isinstance(cmd, Cmd):
        params = cmd.params
        if isinstance(params, dict):
            return {"name": cmd.name, "params": {str(k): ("" if v is None else str(v)) for k, v in params.items()}}
        return {"name": cmd.name, "params": sorted(str(p) for p in params)}
    return str(cmd)


def _native_sessions(sessions: Iterable[Sequence[Any]]) -> List[List[Any]]:
    return [[_native_command(c) for c in session] for session in sessions]


def _session_list(sessions: List[List[Any]], form: str) -> Any:
    """The sessions converted once into the native model's form, to train on and score
    without converting them again. Commands-only sessions are lists of names already."""
    from .._native import SessionList

    return SessionList(sessions if form == SessionType.cmds_only else _native_sessions(sessions))


_NATIVE_FORM = {
    SessionType.cmds_only: "commands",
    SessionType.cmds_params_only: "params",
    SessionType.cmds_params_values: "values",
}


class Model:
    """A Markov model of sessions, with MSTICPy's attributes and methods
    (``msticpy.analysis.anomalous_sequence.model.Model``).

    Args:
        sessions: a list of sessions, each a non-empty list of commands of one form.
        modellable_params: values form: the parameters whose values are modelled.
            Default: MSTICPy's rule (few distinct values, seen often).
        start_token, end_token, unk_token: accepted for MSTICPy's signature; they
            must be MSTICPy's (``##START##``, ``##END##``, ``##UNK##``).

    After :meth:`train`: ``seq1_counts``, ``seq2_counts``, ``prior_probs``,
    ``trans_probs`` and, by form, ``param_counts``, ``cmd_param_counts``,
    ``param_probs``, ``param_cond_cmd_probs``, ``value_counts``,
    ``param_value_counts``, ``value_probs``, ``value_cond_param_probs`` (smoothed as
    MSTICPy smooths them). After :meth:`compute_scores`: ``session_likelihoods``,
    ``session_geomean_likelihoods``, ``rare_windows`` and ``rare_window_likelihoods``
    (by window length, 2 and 3).
    """

    def __init__(
        self,
        sessions: List[List[Any]],
        modellable_params: Optional[set] = None,
        start_token: str = START_TOKEN,
        end_token: str = END_TOKEN,
        unk_token: str = UNK_TOKEN,
    ) -> None:
        if (start_token, end_token, unk_token) != (START_TOKEN, END_TOKEN, UNK_TOKEN):
            raise MsticpyException(
                f"huntkit's models use MSTICPy's default tokens {START_TOKEN}, {END_TOKEN}, {UNK_TOKEN}"
            )
        self.session_type = _form(sessions)
        self.sessions = sessions
        self.start_token, self.end_token, self.unk_token = start_token, end_token, unk_token
        self.modellable_params = modellable_params
        self._native: Any = None
        self._kept: Any = None
        for name in (
            "seq1_counts", "seq2_counts", "param_counts", "cmd_param_counts",
            "value_counts", "param_value_counts", "prior_probs", "trans_probs",
            "param_probs", "param_cond_cmd_probs", "value_probs", "value_cond_param_probs",
            "set_params_cond_cmd_probs", "session_likelihoods", "session_geomean_likelihoods",
        ):
            setattr(self, name, None)
        self.rare_windows: Dict[int, list] = {}
        self.rare_window_likelihoods: Dict[int, list] = {}
        self.rare_windows_geo: Dict[int, list] = {}
        self.rare_window_likelihoods_geo: Dict[int, list] = {}

    # ------------------------------------------------------------------ training

    def train(self) -> None:
        """Counts, smooths and turns the counts into probabilities (MSTICPy's smoothing)."""
        import huntkit

        options: Dict[str, Any] = {"form": _NATIVE_FORM[self.session_type], "smoothing": "msticpy"}
        if self.session_type == SessionType.cmds_params_values and self.modellable_params is not None:
            options["modellable_params"] = sorted(self.modellable_params)
        self._native = huntkit.SessionModel.train(self._session_list(), **options)
        dicts = self._native._inner.probabilities()
        for name, value in dicts.items():
            if isinstance(value, dict) and UNK_TOKEN in value:
                value = StateMatrix(value, UNK_TOKEN)
            setattr(self, name, value)
        if self.session_type == SessionType.cmds_params_values:
            if self.modellable_params is None:
                self.modellable_params = set(self._native.modellable_params or [])
        else:
            self.modellable_params = None if self.session_type == SessionType.cmds_only else self.modellable_params

    def _session_list(self) -> Any:
        if self._kept is None:
            self._kept = _session_list(self.sessions, self.session_type)
        return self._kept

    def _trained(self) -> Any:
        if self._native is None:
            raise MsticpyException("please train the model first (Model.train())")
        return self._native

    def _score(self, window: int, use_start_end_tokens: bool, use_geo_mean: bool) -> List[Dict[str, Any]]:
        native = self._trained()
        return native.score(
            self._session_list(),
            window=max(int(window), 1),
            use_start_end_tokens=bool(use_start_end_tokens),
            geo_mean=bool(use_geo_mean),
            compat="msticpy",
        )["scores"]

    # ------------------------------------------------------------------ scores

    def compute_scores(self, use_start_end_tokens: bool) -> None:
        """Session likelihoods, their geometric means and the rarest windows of 2 and 3
        commands."""
        self._trained()
        self.compute_likelihoods_of_sessions(use_start_end_tokens=use_start_end_tokens)
        self.compute_geomean_lik_of_sessions()
        self.compute_rarest_windows(window_len=2, use_start_end_tokens=use_start_end_tokens, use_geo_mean=False)
        self.compute_rarest_windows(window_len=3, use_start_end_tokens=use_start_end_tokens, use_geo_mean=False)

    def compute_likelihoods_of_sessions(self, use_start_end_tokens: bool = True) -> None:
        """``session_likelihoods``: the likelihood of each whole session."""
        scores = self._score(1, use_start_end_tokens, False)
        self.session_likelihoods = [_nan(s["likelihood"]) for s in scores]
        self._lik_tokens = use_start_end_tokens

    def compute_geomean_lik_of_sessions(self) -> None:
        """``session_geomean_likelihoods``: each likelihood to the power 1/length."""
        if self.session_likelihoods is None:
            self.compute_likelihoods_of_sessions()
        self.session_geomean_likelihoods = [
            lik ** (1 / len(s)) for lik, s in zip(self.session_likelihoods, self.sessions)
        ]

    def compute_rarest_windows(
        self,
        window_len: int,
        use_start_end_tokens: bool = True,
        use_geo_mean: bool = False,
    ) -> None:
        """The rarest window of ``window_len`` commands of each session and its
        likelihood (``rare_windows[window_len]``, ``rare_window_likelihoods[...]``, or
        the ``_geo`` attributes with ``use_geo_mean``)."""
        windows, liks = _rarest_windows(
            self._trained(),
            self.sessions,
            self._session_list(),
            window=max(int(window_len), 1),
            use_start_end_tokens=bool(use_start_end_tokens),
            geo_mean=bool(use_geo_mean),
            compat="msticpy",
        )
        if use_geo_mean:
            self.rare_windows_geo[window_len] = windows
            self.rare_window_likelihoods_geo[window_len] = liks
        else:
            self.rare_windows[window_len] = windows
            self.rare_window_likelihoods[window_len] = liks

    def compute_setof_params_cond_cmd(self, use_geo_mean: bool) -> None:
        """``set_params_cond_cmd_probs``: for each command, the likelihood of each set of
        parameters (values form: ``"param --- value"`` keys) seen with it."""
        native = self._trained()
        if self.session_type == SessionType.cmds_only:
            raise MsticpyException("commands-only sessions have no parameters")
        out: Dict[str, Dict[Tuple[str, ...], float]] = defaultdict(dict)
        for session in self.sessions:
            for cmd in session:
                if isinstance(cmd.params, dict):
                    key = tuple(
                        f"{p} --- {v}" if p in (self.modellable_params or ()) else p
                        for p, v in cmd.params.items()
                    )
                else:
                    key = tuple(cmd.params)
                if key not in out[cmd.name]:
                    out[cmd.name][key] = native._inner.params_likelihood(
                        _native_command(cmd), bool(use_geo_mean)
                    )
        self.set_params_cond_cmd_probs = dict(out)


def _nan(value: Optional[float]) -> float:
    return math.nan if value is None else float(value)


def score_sessions(data: Any, session_column: str, window_length: int, *, compat: Optional[str] = None) -> Any:
    """Trains a model on a frame's sessions and scores each by its rarest window.

    Args:
        data: a DataFrame with one session (a list of commands) per row.
        session_column: the column holding the sessions.
        window_length: the length of the sliding window.
        compat: ``"msticpy"`` (default; a rarest window that ends with the end token
            comes back one command short, quirk Q-S1) or ``"huntkit"``.

    Returns:
        A copy of ``data`` plus ``rarest_window{N}_likelihood`` and ``rarest_window{N}``
        (``[]`` and NaN for sessions shorter than the window).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"session": [["Set-User", "Set-User"], ["Set-Mailbox", "Set-User", "Set-User"]]})
    >>> score_sessions(df, "session", 3)["rarest_window3_likelihood"].tolist()
    [0.046875, 0.04115853658536585]
    """
    if not is_frame(data):
        raise MsticpyException("`data` should be a pandas DataFrame")
    if session_column not in data.columns:
        raise MsticpyException(f"{session_column!r} should be a column of `data`")
    import huntkit

    sessions = [list(s) for s in data[session_column]]
    form = _form(sessions)
    kept = _session_list(sessions, form)
    # MSTICPy's Model and train, less the probability dicts the Model shows: nothing
    # here reads them.
    native = huntkit.SessionModel.train(kept, form=_NATIVE_FORM[form], smoothing="msticpy")
    windows, liks = _rarest_windows(
        native,
        sessions,
        kept,
        window=int(window_length),
        use_start_end_tokens=True,
        geo_mean=False,
        compat=check_compat(compat),
    )
    out = data.copy()
    out[f"rarest_window{window_length}_likelihood"] = liks
    out[f"rarest_window{window_length}"] = windows
    return out


def _rarest_windows(
    native: Any, sessions: List[List[Any]], kept: Any, **options: Any
) -> Tuple[List[List[Any]], List[float]]:
    """Each session's rarest window (its commands, as given) and its likelihood; ``[]``
    and NaN for a session shorter than the window."""
    starts, lengths, likelihoods = native._inner.rarest_windows(kept, options)
    windows = [
        [] if start is None else session[start : start + length]
        for session, start, length in zip(sessions, starts, lengths)
    ]
    return windows, likelihoods


def _sessionized(
    data: Any,
    user_identifier_cols: Sequence[str],
    time_col: str,
    max_session_time_mins: float,
    max_event_separation_mins: float,
    event_col: Optional[str],
) -> Any:
    import huntkit

    pd = pandas()
    if not isinstance(data, pd.DataFrame):
        raise MsticpyException("`data` should be a pandas DataFrame")
    users = names(user_identifier_cols)
    frame = data
    if not pd.api.types.is_datetime64_any_dtype(frame[time_col]):
        frame = frame.assign(**{time_col: pd.to_datetime(frame[time_col])})
    events = event_col
    if events is None:
        # create_session_col needs no event column: give the engine one.
        events = "__huntkit_event__"
        while events in frame.columns:
            events += "_"
        frame = frame.assign(**{events: ""})
    return huntkit.sessionize(
        frame,
        user_columns=users,
        time_column=time_col,
        event_column=events,
        max_session_minutes=float(max_session_time_mins),
        max_gap_minutes=float(max_event_separation_mins),
    ), events, frame


def _naive_like(values: Any, like: Any) -> Any:
    pd = pandas()
    if pd.api.types.is_datetime64_any_dtype(like) and getattr(like.dt, "tz", None) is None:
        return values.dt.tz_localize(None)
    return values


def create_session_col(
    data: Any,
    user_identifier_cols: List[str],
    time_col: str,
    max_session_time_mins: int,
    max_event_separation_mins: int,
) -> Any:
    """The events sorted by user and time, with a ``session_ind`` column numbering
    sessions from 0: a new session when a user column changes, after more than
    ``max_event_separation_mins`` without events, or past ``max_session_time_mins``
    from the session's start.
    """
    pd = pandas()
    if len(data) == 0:
        return data.assign(session_ind=pd.Series([], dtype=object))
    result, events, frame = _sessionized(
        data, user_identifier_cols, time_col, max_session_time_mins, max_event_separation_mins, None
    )
    out = result.events.drop(columns=[events]).rename(columns={"session_id": "session_ind"})
    out[time_col] = _naive_like(out[time_col], frame[time_col])
    return out.reset_index(drop=True)


def sessionize_data(
    data: Any,
    user_identifier_cols: List[str],
    time_col: str,
    max_session_time_mins: int,
    max_event_separation_mins: int,
    event_col: str,
) -> Any:
    """Cuts events into sessions per user (see :func:`create_session_col`): one row per
    session with the user columns, ``<time>_min``, ``<time>_max``, ``<event>_list``
    (the session's events, a list), ``duration`` and ``number_events``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"UserId": [1, 1], "time": pd.to_datetime(["2020-01-03 00:00", "2020-01-03 00:01"], utc=True),
    ...                    "operation": ["A", "B"]})
    >>> sessionize_data(df, ["UserId"], "time", 20, 2, "operation")["operation_list"].tolist()
    [['A', 'B']]
    """
    pd = pandas()
    users = names(user_identifier_cols)
    columns = [*users, f"{time_col}_min", f"{time_col}_max", f"{event_col}_list", "duration", "number_events"]
    if len(data) == 0:
        return pd.DataFrame({c: [] for c in columns})
    source = data
    originals = None
    if not all(isinstance(v, str) for v in data[event_col]):
        # Events that are not text (Cmd objects, numbers, ...) travel as their row
        # numbers and come back as the objects themselves.
        originals = list(data[event_col])
        source = data.assign(**{event_col: [str(i) for i in range(len(data))]})
    result, _, frame = _sessionized(
        source, users, time_col, max_session_time_mins, max_event_separation_mins, event_col
    )
    out = result.sessions
    lists = [json.loads(v) for v in out[f"{event_col}_list"]]
    if originals is not None:
        lists = [[originals[int(i)] for i in events] for events in lists]
    out[f"{event_col}_list"] = lists
    for c in (f"{time_col}_min", f"{time_col}_max"):
        out[c] = _naive_like(out[c], frame[time_col])
    return out[columns].reset_index(drop=True)
