"""The SessionRarity view: sessions ranked by how unlikely their commands are.

The analysis is MSTICPy's ``anomalous_sequence`` (``sessionize_data`` then
``score_sessions``), run in the browser by the huntkit engine; the differences are listed
in the docstring of :class:`SessionRarity`.
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Any, Optional, Sequence, Union

import traitlets as t

from ._view import Compat, View, require_columns, set_aliases, view_module

__all__ = ["SessionRarity"]

_FORMAT = "huntkit.sessions.model"


def model_text(model: Any) -> Optional[str]:
    """A saved model as JSON text: JSON text itself, a dict, or the path of a JSON file
    (``str`` or ``os.PathLike``) as written by ``view.save_model``, the npm package's
    ``JSON.stringify(model)`` or ``huntkit sessions --model-out``."""
    if model is None:
        return None
    if isinstance(model, dict):
        text = json.dumps(model)
    elif isinstance(model, (bytes, bytearray)):
        text = bytes(model).decode("utf-8")
    elif isinstance(model, os.PathLike) or (isinstance(model, str) and not model.lstrip().startswith("{")):
        path = pathlib.Path(model)
        if not path.is_file():
            raise FileNotFoundError(f"no saved session model at {str(path)[:200]}")
        text = path.read_text(encoding="utf-8")
    elif isinstance(model, str):
        text = model
    else:
        raise TypeError(f"model must be JSON text, a dict or a path, not {type(model).__name__}")
    try:
        parsed = json.loads(text)
    except ValueError as e:
        raise ValueError(f"the saved session model is not JSON: {e}") from None
    if not isinstance(parsed, dict) or parsed.get("format") != _FORMAT:
        raise ValueError(f"not a saved session model (its 'format' must be {_FORMAT!r})")
    return text


def _columns(value: Union[str, Sequence[str], None]) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(c) for c in value]


class SessionRarity(View):
    """Sessions ranked by rarity, the distribution of their scores, and the rarest window
    of commands inside each session.

    ``SessionRarity(data, user_columns, time_column="TimeGenerated", event_column,
    params_column=None, window=3, model=None, ...)``

    * ``data``: events (pandas or polars DataFrame, pyarrow Table, anything with
      ``__arrow_c_stream__``, or Arrow IPC / CSV / JSON bytes), one row per command.
    * The events are cut into sessions per ``user_columns`` (a change in any starts a new
      session), split after ``max_gap_minutes`` (2) without events or ``max_session_minutes``
      (20) from the session's first event, as MSTICPy's ``sessionize_data``.
    * A Markov model of the sessions is trained on them (commands; with ``params_column``,
      a column of JSON objects, their parameters and values; ``form`` chooses
      ``"commands"``, ``"params"`` or ``"values"``) and every session is scored: likelihood,
      geometric mean, and the likelihood of its rarest window of ``window`` commands, by
      which the sessions are ranked (rank 1 is the rarest). ``model`` scores with a saved
      model instead of training: JSON text, a dict, or a path (``view.save_model(path)``,
      the npm ``SessionModel``'s ``JSON.stringify`` and ``huntkit sessions --model-out``
      all write the same JSON).
    * The view: the ranking (arrow keys move through it and open a session; click, Space,
      Shift and Ctrl select), a histogram of the scores (``score_column``, default the
      rarest window's likelihood, on a log scale; drag or click to select), the opened
      session's commands with its rarest window highlighted and its events on a small
      timeline (hover describes an event with ``source_columns``).
    * ``result``: the ranked sessions, one row per session, as a frame of the input's kind
      (``session_id``, the user columns, ``<time>_min``/``_max``, ``<event>_list``,
      ``duration``, ``number_events``, ``likelihood``, ``geomean``, ``rarest_window<N>``,
      ``rarest_window<N>_likelihood``, ``rank``). ``selected`` / ``selected_indices``: the
      input rows of the events of the selected sessions. ``model_json``: the model the
      sessions were scored with.

    MSTICPy's keywords are accepted as aliases: ``user_identifier_cols``, ``time_col``,
    ``event_col``, ``window_length``, ``max_session_time_mins``,
    ``max_event_separation_mins``.

    Differences from MSTICPy: one call does what ``sessionize_data``, ``score_sessions``
    and ``visualise_scored_sessions`` do in three; MSTICPy's visualisation is a timeline of
    scores, this view a ranking, a histogram and a session detail; the rarest window keeps
    the end token (``##END##``) when it is part of it, unless ``compat="msticpy"``
    (quirk Q-S1); rows without a time are left out of every session (MSTICPy's NaT joins the
    previous session); null user keys are their own key (MSTICPy merges them with a user
    named ``dummy_str``); parameter values are compared as JSON text. Unknown keywords raise
    ``TypeError``, missing columns ``KeyError``.
    """

    _esm = view_module("session_rarity")
    _label = "session rarity"

    user_columns = t.List(t.Unicode()).tag(sync=True)
    time_column = t.Unicode("TimeGenerated").tag(sync=True)
    event_column = t.Unicode("").tag(sync=True)
    params_column = t.Unicode(None, allow_none=True).tag(sync=True)
    window = t.Int(3, min=1).tag(sync=True)
    model = t.Unicode(None, allow_none=True).tag(sync=True)
    max_session_minutes = t.Float(20.0).tag(sync=True)
    max_gap_minutes = t.Float(2.0).tag(sync=True)
    form = t.Enum(["commands", "params", "values"], None, allow_none=True).tag(sync=True)
    compat = Compat().tag(sync=True)
    score_column = t.Unicode(None, allow_none=True).tag(sync=True)
    source_columns = t.List(t.Unicode()).tag(sync=True)
    #: The saved JSON of the model the sessions were scored with (written by the view).
    model_json = t.Unicode("").tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        user_columns: Union[str, Sequence[str], None] = None,
        time_column: Optional[str] = None,
        event_column: Optional[str] = None,
        params_column: Optional[str] = None,
        window: Optional[int] = None,
        model: Any = None,
        *,
        user_identifier_cols: Union[str, Sequence[str], None] = None,
        time_col: Optional[str] = None,
        event_col: Optional[str] = None,
        window_length: Optional[int] = None,
        max_session_time_mins: Optional[float] = None,
        max_event_separation_mins: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("model_json", None)  # the view's output, never an input
        users = _columns(user_columns if user_columns is not None else user_identifier_cols)
        time_column = time_column or time_col or "TimeGenerated"
        event_column = event_column or event_col
        if not event_column:
            raise TypeError("SessionRarity needs event_column (MSTICPy's event_col): the column of commands")
        window = window if window is not None else (window_length if window_length is not None else 3)
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise ValueError(f"window must be a whole number of at least 1, not {window!r}")
        set_aliases(kwargs, max_session_minutes=max_session_time_mins, max_gap_minutes=max_event_separation_mins)
        sources = _columns(kwargs.pop("source_columns", None))
        require_columns(data, [*users, time_column, event_column, params_column, *sources])
        super().__init__(
            data,
            user_columns=users,
            time_column=time_column,
            event_column=event_column,
            params_column=params_column,
            window=window,
            model=model_text(model),
            source_columns=sources,
            **kwargs,
        )

    def save_model(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the model the sessions were scored with, as JSON (pass it back as
        ``model=path`` to score other events without training)."""
        if not self.model_json:
            raise RuntimeError("the view has not scored the sessions yet (it runs when displayed)")
        pathlib.Path(path).write_text(self.model_json, encoding="utf-8")
