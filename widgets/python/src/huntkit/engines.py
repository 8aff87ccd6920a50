"""huntkit's engines from Python: decoding, IoCs, time series, sessions, process trees.

The analysis runs natively, in the same Rust crates the npm package and the ``huntkit``
command line are built from (the extension module ``huntkit._native``), with the
interpreter released while an engine works, so other threads keep running.

>>> import huntkit
>>> iocs = huntkit.extract_iocs(events, columns=["CommandLine"])     # doctest: +SKIP
>>> tree = huntkit.build_process_tree(events)                        # doctest: +SKIP
>>> tree.summary["RootProcesses"], tree.children(tree.roots()[0])    # doctest: +SKIP

**Input.** A pandas or polars DataFrame (a polars LazyFrame is collected), a pyarrow
Table, RecordBatch or RecordBatchReader, anything with ``__arrow_c_stream__`` (DuckDB,
…), the ``bytes`` of a file, or a path (``str`` or ``os.PathLike``). Files and bytes may
be CSV, JSON, NDJSON, Arrow IPC or Parquet, told apart by their content. Arrow data is
read where it lies, without a copy; a pandas frame goes through
``pyarrow.Table.from_pandas`` first (a named index becomes a column).

**Output.** A frame of the input's kind: pandas in, pandas out; polars in, polars out;
a pyarrow Table otherwise.

**Options** are keyword arguments named as the npm package's options, in snake_case
(``maxDepth`` is ``max_depth``), with the same defaults; ``None`` leaves an option at
its default. Read options go in ``read=`` (``read={"lenient": True}``). A misspelt
keyword raises :class:`~huntkit.UnknownOptionError` naming it, a ``TypeError``.

**Errors** are :class:`~huntkit.HuntkitError` subclasses carrying the engine's stable
``code`` (see ``huntkit._errors``).
"""

from __future__ import annotations

import json
import math
import os
from datetime import datetime, timedelta, timezone
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from ._data import require
from ._errors import InvalidInputError

#: What an engine function says where the compiled extension is missing: in Pyodide
#: (JupyterLite), which cannot load it, the views run the same engines in the browser.
NO_NATIVE = (
    "huntkit's engine functions run in its compiled extension, huntkit._native, which this "
    "Python lacks (Pyodide, as in JupyterLite, cannot load it). Use the view instead: the "
    "views run the same engines in the browser and publish their output as view.result "
    "(decode and extract_iocs: huntkit.PayloadView; ts_anomalies, stl and the thresholds: "
    "huntkit.TimeSeriesAnomalies; sessionize and score_sessions: huntkit.SessionRarity; "
    "build_process_tree: huntkit.ProcessTree; inspect and to_arrow: huntkit.DataTable). "
    "Elsewhere, install huntkit from a wheel, or build it with `pip install ./widgets/python` "
    "where the Rust toolchain is"
)

try:
    from . import _native
except ImportError as e:  # an install without the compiled extension
    raise ImportError(NO_NATIVE, name="huntkit._native") from e

if TYPE_CHECKING:
    import array

    import numpy as np

__all__ = [
    "inspect",
    "to_arrow",
    "decode",
    "Decoded",
    "extract_iocs",
    "ioc_types",
    "ts_anomalies",
    "stl",
    "mstl",
    "Decomposition",
    "detect_periods",
    "apply_threshold",
    "rethreshold",
    "anomaly_periods",
    "Period",
    "kql_periods",
    "bucket",
    "detect_polling",
    "sessionize",
    "Sessionized",
    "score_sessions",
    "Ranked",
    "SessionModel",
    "build_process_tree",
    "ProcessTree",
]

#: What the table functions read: a DataFrame (pandas, polars), a pyarrow Table,
#: RecordBatch or RecordBatchReader, an object with ``__arrow_c_stream__``, the bytes of
#: a file, or its path.
Data = Any
#: A frame of the input's kind: pandas in, pandas out; polars in, polars out; a pyarrow
#: Table otherwise.
Frame = Any
#: Numbers for the array functions: a NumPy array, a pandas or polars Series, a pyarrow
#: array, or any sequence of numbers (``None`` is a missing value).
Values = Any
#: A float64 NumPy array (an ``array.array("d")`` where NumPy is not installed).
Floats = Union["np.ndarray[Any, Any]", "array.array[Any]"]
#: A process: its row in the tree's table, or its ``proc_key``.
ProcessRef = Union[int, str]


# ---------------------------------------------------------------------------- tables


def _module_of(obj: Any) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _source(data: Data) -> Tuple[Any, str]:
    """What the native module reads for ``data`` (an Arrow stream, bytes or a path) and
    the kind of frame to give back."""
    if isinstance(data, bytes):
        return data, "arrow"
    if isinstance(data, (bytearray, memoryview)):
        # Mutable memory could change while the engine reads it without the interpreter.
        return bytes(data), "arrow"
    if isinstance(data, str):
        return data, "arrow"
    if isinstance(data, os.PathLike):
        path = os.fspath(data)
        return (os.fsdecode(path) if isinstance(path, bytes) else path), "arrow"
    module = _module_of(data)
    if module == "pandas" and hasattr(data, "columns") and hasattr(data, "iloc"):
        return _pandas_to_arrow(data), "pandas"
    if module == "polars":
        if not hasattr(data, "__arrow_c_stream__") and hasattr(data, "collect"):
            data = data.collect()  # a LazyFrame
        if not hasattr(data, "__arrow_c_stream__"):
            data = data.to_arrow()  # a polars from before the Arrow PyCapsule interface
        return data, "polars"
    if hasattr(data, "__arrow_c_stream__"):
        return data, "arrow"
    if module == "pyarrow" and hasattr(data, "num_rows") and hasattr(data, "schema"):
        import pyarrow as pa

        return pa.Table.from_batches([data]), "arrow"
    raise TypeError(
        "huntkit reads a pandas or polars DataFrame, a pyarrow Table, RecordBatch or "
        "RecordBatchReader, an object with __arrow_c_stream__, the bytes of a file or "
        f"its path; got {type(data).__name__}"
    )


def _pandas_to_arrow(frame: Any) -> Any:
    """A pandas frame as a pyarrow Table: named index levels become columns, column
    names become text."""
    pa = require("pyarrow", "huntkit reads a pandas DataFrame through pyarrow")

    names = [n for n in getattr(frame.index, "names", []) if n is not None]
    if names:
        frame = frame.reset_index()
    # An unnamed index is left out (preserve_index=False): no reset_index copy for it.
    if any(not isinstance(c, str) for c in frame.columns):
        frame = frame.set_axis([str(c) for c in frame.columns], axis=1)
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as e:
        raise InvalidInputError(
            "invalid_input", f"cannot convert the DataFrame to Arrow: {e}"
        ) from e


def _is_pandas_frame(data: Any) -> bool:
    return _module_of(data) == "pandas" and hasattr(data, "columns") and hasattr(data, "iloc")


def _plain_columns(frame: Any, wanted: Sequence[str]) -> bool:
    """Whether ``wanted`` can be read from ``frame`` alone, each the one column of its
    name, with nothing the whole-frame conversion would rename or refuse: no named index
    level, text column names only, none twice."""
    names = getattr(frame.index, "names", [])
    if any(n is not None for n in names):
        return False
    columns = frame.columns
    if columns.has_duplicates or any(not isinstance(c, str) for c in columns):
        return False
    return all(c in columns for c in wanted)


def _source_of(data: Data, named: Sequence[str]) -> Tuple[Any, str]:
    """:func:`_source` for a call that reads only the columns ``named`` and returns none
    of the others: from a pandas frame only those are converted (a wide frame's other
    columns cost nothing, and cannot fail to convert)."""
    wanted = list(dict.fromkeys(named))
    if wanted and _is_pandas_frame(data) and _plain_columns(data, wanted):
        return _pandas_columns_to_arrow(data, wanted), "pandas"
    return _source(data)


def _pandas_columns_to_arrow(frame: Any, wanted: Sequence[str]) -> Any:
    """Some columns of a pandas frame (see :func:`_plain_columns`) as a pyarrow Table,
    each converted as ``pyarrow.Table.from_pandas`` converts it."""
    pa = require("pyarrow", "huntkit reads a pandas DataFrame through pyarrow")
    # Columns of Python strings are read by the native module, at a third of pyarrow's
    # cost; it hands back those holding anything but text and missing values.
    objects = [c for c in wanted if frame[c].dtype == object]
    text: Dict[str, Any] = {}
    if objects:
        stream, left = _native.text_columns([(c, frame[c].to_numpy()) for c in objects])
        read = pa.table(stream)
        text = {c: read.column(c) for c in read.column_names}
    try:
        arrays = [
            text[c] if c in text else pa.array(frame[c], from_pandas=True) for c in wanted
        ]
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        # The whole-frame conversion says which column failed, and how.
        return _pandas_to_arrow(frame[list(wanted)])
    return pa.Table.from_arrays(arrays, names=list(wanted))


def _frame(stream: Any, kind: str) -> Frame:
    """An engine's result table (an Arrow C stream) as a frame of ``kind``."""
    if kind == "polars":
        import polars as pl

        try:
            return pl.DataFrame(stream)
        except TypeError:  # a polars from before the Arrow PyCapsule interface
            import pyarrow as pa

            return pl.from_arrow(pa.table(stream))
        except pl.exceptions.DuplicateError as e:
            # A result naming one column twice (the same column given in two roles),
            # which polars cannot hold.
            raise InvalidInputError(
                "duplicate_column", f"the result cannot be a polars DataFrame: {e}"
            ) from None
    if kind == "arrow" and not _has("pyarrow") and _has("polars"):
        import polars as pl

        return pl.DataFrame(stream)
    why = (
        "huntkit returns a pandas DataFrame's result through pyarrow"
        if kind == "pandas"
        else "huntkit returns tables as pyarrow Tables here (or pass a polars DataFrame)"
    )
    pa = require("pyarrow", why)
    table = pa.table(stream)
    if kind != "pandas":
        return table
    # A block per column: numeric columns without nulls are the engine's buffers, not
    # copied into one two-dimensional block first (pandas joins blocks when it needs to).
    return table.to_pandas(split_blocks=True)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _names(value: Union[str, Sequence[str]]) -> List[str]:
    """A list of names; one name may be given as a string."""
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _with(options: Dict[str, Any], **named: Any) -> Dict[str, Any]:
    """The options with the named keyword parameters added (``None`` ones left out, so
    the engine's default applies)."""
    out = dict(options)
    for key, value in named.items():
        if value is not None:
            out[key] = value
    return out


def inspect(data: Data, **options: Any) -> Dict[str, Any]:
    """Describes a table: ``{"rows", "columns": [{"name", "type", "nulls",
    "time_range"?}], "warnings"?}``, ``type`` as Arrow names it and ``time_range`` the
    first and last time of a timestamp column. ``read=`` holds the read options."""
    source, _ = _source(data)
    return _native.inspect(source, options)


def to_arrow(data: Data, **options: Any) -> Any:
    """Any input huntkit reads (CSV, JSON, NDJSON, Arrow or Parquet bytes or files, a
    frame) as a pyarrow Table, read by huntkit's reader (types inferred, limits
    applied). ``read=`` holds the read options."""
    source, _ = _source(data)
    return _frame(_native.to_arrow(source, options), "arrow")


# ---------------------------------------------------------------------------- decode


class Decoded(NamedTuple):
    """One text decoded."""

    #: The input with each decoded run replaced by its ``<decoded …>`` tag.
    text: str
    #: The record table: one row per decoded item, with its hashes.
    records: Frame
    #: A limit stopped decoding somewhere.
    truncated: bool


def decode(data: Union[str, Data], column: Optional[str] = None, **options: Any) -> Any:
    """Decodes obfuscated payloads (base64, hex, UTF-16, gzip, zlib, raw DEFLATE, zip,
    tar, nested), as MSTICPy's ``unpack_items``.

    ``decode(text)`` decodes one string and returns :class:`Decoded` ``(text, records,
    truncated)``. ``decode(data, column)`` decodes a column of a table row by row and
    returns the record table (``src_index``, the column, ``full_decoded_string``, …).
    ``compat="msticpy"`` reproduces MSTICPy's output.
    """
    if column is None:
        if not isinstance(data, str):
            raise TypeError(
                "decode(text) decodes one str; to decode a column of a table, name it: "
                "decode(data, column=...)"
            )
        text, records, truncated = _native.decode_text(data, options)
        return Decoded(text, _frame(records, "arrow"), truncated)
    source, kind = _source_of(data, [column])
    return _frame(_native.decode_table(source, column, options), kind)


# ---------------------------------------------------------------------------- IoCs


def extract_iocs(
    data: Union[str, Data],
    columns: Union[str, Sequence[str], None] = None,
    types: Union[str, Sequence[str], None] = None,
    include_paths: bool = False,
    **options: Any,
) -> Any:
    """Indicators of compromise (IP addresses, domains, URLs, e-mail addresses, hashes,
    paths, …), defanged ones too, with exact spans, as MSTICPy's ``IoCExtract``.

    ``extract_iocs(text)`` scans one string: ``{"by_type": {type: [values]}, "matches":
    [{"ioc_type", "value", "raw", "start", "end", "defanged"}], "truncated"}``, where
    ``text[start:end] == raw``. ``extract_iocs(data, columns)`` scans columns of a table
    (MSTICPy's ``extract_df``): ``IoCType, Observable, SourceIndex, raw, start, end,
    Column``. ``types`` limits the types (default: all but paths; ``include_paths=True``
    adds them).
    """
    options = _with(options, types=None if types is None else _names(types))
    if include_paths:
        options["include_paths"] = True
    if columns is None:
        if not isinstance(data, str):
            raise TypeError(
                "extract_iocs(text) scans one str; to scan a table, name its columns: "
                "extract_iocs(data, columns=[...])"
            )
        return _native.extract_iocs_text(data, options)
    scanned = _names(columns)
    source, kind = _source_of(data, scanned)
    return _frame(_native.extract_iocs_table(source, scanned, options), kind)


def ioc_types(**options: Any) -> Dict[str, List[str]]:
    """The IoC types known with these options (``custom_types`` included) and those
    scanned by default: ``{"all", "string", "table"}``."""
    return _native.ioc_types(options)


# ---------------------------------------------------------------------------- time series


def _floats(values: Values, what: str) -> bytes:
    """Numbers as the bytes of float64s in the machine's order (``None`` and nulls are
    NaN, which the engines report with their row)."""
    try:
        import numpy as np
    except ImportError:
        import array

        try:
            return array.array("d", (math.nan if v is None else float(v) for v in values)).tobytes()
        except (TypeError, ValueError) as e:
            raise InvalidInputError("invalid_input", f"{what} must be numbers: {e}") from e
    try:
        if _module_of(values) == "pyarrow" and hasattr(values, "to_numpy"):
            values = values.to_numpy(zero_copy_only=False)
        elif _module_of(values) == "pandas" and hasattr(values, "to_numpy"):
            values = values.to_numpy(dtype="float64", na_value=np.nan)
        elif hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
            values = values.to_numpy()
        return np.ascontiguousarray(values, dtype=np.float64).tobytes()
    except (TypeError, ValueError) as e:
        raise InvalidInputError("invalid_input", f"{what} must be numbers: {e}") from e


def _array(raw: bytearray, dtype: str = "d") -> Floats:
    """A native result's values as a NumPy array over the same memory."""
    try:
        import numpy as np
    except ImportError:
        import array

        out = array.array(dtype)
        out.frombytes(raw)
        return out
    return np.frombuffer(raw, dtype=np.float64 if dtype == "d" else np.int8)


class Decomposition(NamedTuple):
    """An STL decomposition: ``values == trend + seasonal + residual``."""

    trend: Floats
    seasonal: Floats
    residual: Floats
    #: The robustness weights (all 1 unless ``robust=True``).
    weights: Floats
    #: The parameters used, defaults resolved: ``period``, ``seasonal``, ``trend``,
    #: ``low_pass``, the degrees, jumps and iterations.
    params: Dict[str, Any]


def stl(values: Values, period: Optional[int] = None, **options: Any) -> Decomposition:
    """STL decomposition of evenly spaced values, exactly as statsmodels'
    ``STL(values, period=...).fit()`` (same option names, in snake_case, same defaults).
    ``period`` is required."""
    d = _native.stl(_floats(values, "stl's values"), _with(options, period=period))
    return Decomposition(
        _array(d["trend"]),
        _array(d["seasonal"]),
        _array(d["residual"]),
        _array(d["weights"]),
        d["params"],
    )


def mstl(values: Values, periods: Optional[Sequence[int]] = None, **options: Any) -> Dict[str, Any]:
    """MSTL decomposition with several seasonal periods (``periods=[24, 168]``):
    ``{"trend", "seasonals": [{"period", "window", "values"}], "residual", "weights",
    "dropped_periods"}``, as statsmodels' ``MSTL``."""
    d = _native.mstl(
        _floats(values, "mstl's values"),
        _with(options, periods=None if periods is None else list(periods)),
    )
    for key in ("trend", "residual", "weights"):
        d[key] = _array(d[key])
    for s in d["seasonals"]:
        s["values"] = _array(s["values"])
    return d


def detect_periods(values: Values, max_count: int = 1) -> List[int]:
    """Candidate seasonal periods of evenly spaced values, strongest first, from the
    periodogram (at most 16)."""
    if not isinstance(max_count, int) or isinstance(max_count, bool) or not 0 <= max_count <= 16:
        raise TypeError(f"detect_periods' max_count must be an int from 0 to 16, got {max_count!r}")
    return _native.detect_periods(_floats(values, "detect_periods' values"), max_count)


def apply_threshold(
    scores: Values,
    threshold: float = 3.0,
    threshold_low: Optional[float] = None,
    compat: Optional[str] = None,
) -> Floats:
    """Flags scores again without decomposing: an int8 array of -1, 0 and +1 (above
    ``threshold``, below ``-threshold_low``), cheap enough for every move of a slider."""
    raw = _native.apply_threshold(
        _floats(scores, "apply_threshold's scores"),
        float(threshold),
        None if threshold_low is None else float(threshold_low),
        compat,
    )
    return _array(raw, "b")


def ts_anomalies(
    data: Data,
    time_column: Optional[str] = None,
    value_column: Optional[str] = None,
    **options: Any,
) -> Frame:
    """Decomposes a table's value column with STL (MSTL with ``periods=``) and scores
    each row: the time and value columns plus ``residual, trend, seasonal, weights,
    baseline, score, anomalies``, sorted by time. ``compat="msticpy"`` reproduces
    MSTICPy's ``timeseries_anomalies_stl`` exactly."""
    options = _with(options, time_column=time_column, value_column=value_column)
    # The result holds the time and value columns and the engine's own: with both named,
    # no other column is read.
    named = [] if time_column is None or value_column is None else [time_column, value_column]
    source, kind = _source_of(data, named)
    return _frame(_native.ts_anomalies(source, options), kind)


def rethreshold(data: Data, **options: Any) -> Frame:
    """Re-flags a scored table (the output of :func:`ts_anomalies`) at new thresholds;
    the flag column is replaced and moved to the end."""
    source, kind = _source(data)
    return _frame(_native.rethreshold(source, options), kind)


class Period(NamedTuple):
    """A time span, in UTC."""

    start: datetime
    end: datetime


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _utc(ns: int) -> datetime:
    return _EPOCH + timedelta(microseconds=ns // 1000)


def anomaly_periods(data: Data, **options: Any) -> List[Period]:
    """The periods around flagged rows of a scored table, padded by ``period`` (``"1h"``)
    and merged, as MSTICPy's ``extract_anomaly_periods``."""
    source, _ = _source(data)
    return [Period(_utc(s), _utc(e)) for s, e in _native.anomaly_periods(source, options)]


def kql_periods(data: Data, **options: Any) -> str:
    """A KQL ``where`` clause selecting the anomaly periods of a scored table (``""``
    when there are none), as MSTICPy's ``create_time_period_kqlfilter``."""
    source, _ = _source(data)
    return _native.kql_periods(source, options)


def bucket(data: Data, **options: Any) -> Frame:
    """Counts events (or sums ``value_column``) into regular buckets (``interval="1h"``)
    per ``group_by`` group, empty buckets 0: the series :func:`ts_anomalies` reads."""
    source, kind = _source(data)
    return _frame(_native.bucket(source, options), kind)


def detect_polling(data: Data, summary: bool = False, **options: Any) -> Frame:
    """Beaconing: a periodogram and Fisher's g-test per ``group_by`` group (MSTICPy's
    ``PeriodogramPollingDetector``). The input rows with ``p_value``,
    ``dominant_frequency`` and ``dominant_interval``, or with ``summary=True`` one row per
    group, most periodic first."""
    source, kind = _source(data)
    return _frame(_native.detect_polling(source, bool(summary), options), kind)


# ---------------------------------------------------------------------------- sessions


class Sessionized:
    """Events cut into sessions."""

    __slots__ = ("events", "sessions", "commands", "form", "untimed_rows", "_kept")

    def __init__(
        self,
        events: Frame,
        sessions: Frame,
        commands: List[List[Any]],
        form: str,
        untimed_rows: int,
        kept: Any,
    ) -> None:
        #: The input rows ordered by user and time, with ``session_id``.
        self.events = events
        #: One row per session: ids, user columns, ``<time>_min``/``_max``,
        #: ``<event>_list`` (JSON), ``duration``, ``number_events``.
        self.sessions = sessions
        #: The sessions as lists of commands (a name, or ``{"name", "params"}``).
        self.commands = commands
        #: ``commands``, ``params`` or ``values``.
        self.form = form
        #: Rows without a time, left out of every session.
        self.untimed_rows = untimed_rows
        # The same sessions kept natively: training and scoring this object directly
        # skips converting ``commands`` back.
        self._kept = kept

    def __repr__(self) -> str:
        return f"<Sessionized: {len(self.commands)} sessions ({self.form}), {self.untimed_rows} untimed rows>"


def sessionize(data: Data, **options: Any) -> Sessionized:
    """Cuts events into sessions per user (MSTICPy's ``sessionize_data``): a new session
    when any of ``user_columns`` changes, after ``max_gap_minutes`` (2) without events or
    ``max_session_minutes`` (20) from its start. ``event_column`` names the command,
    ``params_column`` its parameters."""
    source, kind = _source(data)
    events, sessions, commands, form, untimed, kept = _native.sessionize(source, options)
    return Sessionized(_frame(events, kind), _frame(sessions, kind), commands, form, untimed, kept)


class Ranked(NamedTuple):
    """Sessions ranked by rarity."""

    #: Sessions with ``likelihood``, ``geomean``, ``rarest_window<N>``,
    #: ``rarest_window<N>_likelihood`` and ``rank`` (1 is the rarest), rarest first.
    table: Frame
    #: The model the sessions were scored with.
    model: "SessionModel"
    #: Sessions shorter than the window (no rarest window).
    too_short: int
    #: Rows without a time, left out of every session.
    untimed_rows: int


def score_sessions(
    data: Data,
    user_columns: Union[str, Sequence[str], None] = None,
    time_column: Optional[str] = None,
    event_column: Optional[str] = None,
    window: int = 3,
    **options: Any,
) -> Ranked:
    """Raw events to sessions ranked by rarity, in one call: sessionize, train a model on
    the sessions, score each by likelihood, geometric mean and rarest ``window``
    (MSTICPy's ``score_sessions`` + ``anomalous_sequence``)."""
    source, kind = _source(data)
    options = _with(
        options,
        user_columns=None if user_columns is None else _names(user_columns),
        time_column=time_column,
        event_column=event_column,
        window=window,
    )
    table, model, too_short, untimed = _native.score_sessions(source, options)
    return Ranked(_frame(table, kind), SessionModel._wrap(model), too_short, untimed)


def _sessions(sessions: Any) -> Any:
    """Sessions for the native model: those ``sessionize`` kept, or lists of commands."""
    if isinstance(sessions, Sessionized):
        return sessions._kept
    if isinstance(sessions, _native.SessionList):
        return sessions
    if isinstance(sessions, (str, bytes)) or not hasattr(sessions, "__iter__"):
        raise InvalidInputError(
            "invalid_input",
            "sessions must be a list of lists of commands, or the result of sessionize()",
        )
    return sessions if isinstance(sessions, list) else list(sessions)


class SessionModel:
    """A Markov model of sessions (commands, parameter sets or parameter values) that
    persists as versioned JSON, the same JSON the npm package's ``SessionModel`` and the
    command line's ``--model-out`` write and ``--model-in`` read.

    >>> model = SessionModel.train(sessionize(events, ...))    # doctest: +SKIP
    >>> model.save("baseline.json")                            # doctest: +SKIP
    >>> SessionModel.load("baseline.json").score_events(today, ...).table  # doctest: +SKIP
    """

    __slots__ = ("_inner",)
    _inner: _native.SessionModel

    def __init__(self, *_: Any, **__: Any) -> None:
        raise TypeError("make a SessionModel with SessionModel.train(), .load() or .from_json()")

    @classmethod
    def _wrap(cls, inner: Any) -> "SessionModel":
        model = object.__new__(cls)
        model._inner = inner
        return model

    @classmethod
    def train(cls, sessions: Any, **options: Any) -> "SessionModel":
        """Trains a model on sessions: the result of :func:`sessionize`, or lists of
        commands (a name, or ``{"name": ..., "params": [names] or {name: value}}``)."""
        return cls._wrap(_native.SessionModel.train(_sessions(sessions), options))

    @classmethod
    def from_json(cls, saved: Union[str, bytes, Dict[str, Any]]) -> "SessionModel":
        """Loads a model from its JSON text (or the dict it parses to)."""
        if isinstance(saved, dict):
            saved = json.dumps(saved)
        elif isinstance(saved, (bytes, bytearray)):
            saved = bytes(saved).decode("utf-8")
        return cls._wrap(_native.SessionModel.from_json(saved))

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "SessionModel":
        """Loads a model saved with :meth:`save` (or by the npm package or the CLI)."""
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    def to_json(self) -> str:
        """The model as versioned JSON text."""
        return self._inner.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The model as the dict its JSON parses to (the npm package's ``toJSON()``)."""
        out: Dict[str, Any] = json.loads(self.to_json())
        return out

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the model's JSON to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json())

    @property
    def form(self) -> str:
        """``commands``, ``params`` or ``values``."""
        return self._inner.form

    @property
    def sessions_trained(self) -> int:
        """How many sessions the model was trained on."""
        return self._inner.sessions_trained

    @property
    def modellable_params(self) -> Optional[List[str]]:
        """The parameters whose values are modelled (values form), else ``None``."""
        return self._inner.modellable_params

    def score(self, sessions: Any, **options: Any) -> Dict[str, Any]:
        """Scores sessions without retraining: ``{"scores": [{"likelihood", "geomean",
        "rarest_window": {"start", "commands", "likelihood"} or None}], "too_short"}``.
        Unseen commands score through the unknown token."""
        return self._inner.score(_sessions(sessions), options)

    def score_events(self, data: Data, **options: Any) -> Ranked:
        """Raw events to sessions ranked by rarity under this model (no retraining),
        with :func:`score_sessions`' options."""
        source, kind = _source(data)
        table, too_short, untimed = self._inner.score_events(source, options)
        return Ranked(_frame(table, kind), self, too_short, untimed)

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:  # pickles as its JSON
        return (SessionModel.from_json, (self.to_json(),))

    def __repr__(self) -> str:
        return f"<SessionModel: {self.form}, trained on {self.sessions_trained} sessions>"


# ---------------------------------------------------------------------------- process trees


class ProcessTree:
    """Process trees built by :func:`build_process_tree`. A process is named by its row
    in :attr:`table` or by its ``proc_key``; the operations return rows, so
    ``tree.table.iloc[tree.children(row)]`` (pandas) or ``tree.table[tree.children(row)]``
    (polars, pyarrow ``take``) are the processes themselves."""

    __slots__ = ("table", "schema", "summary", "report", "_inner", "_nested")

    def __init__(
        self,
        table: Frame,
        inner: _native.ProcessTree,
        schema: str,
        summary: Dict[str, int],
        report: Dict[str, Any],
    ) -> None:
        #: The input rows plus ``proc_key, parent_key, path, parent_index, source_index,
        #: IsRoot, IsLeaf, IsBranch, depth, EffectiveLogonId, flags, source_row``, each
        #: tree top-down.
        self.table = table
        #: The schema used: windows, linux, mde, mde-internal, sysmon, osquery, hx or custom.
        self.schema = schema
        #: MSTICPy's ``get_summary_info``: ``Processes``, ``RootProcesses``,
        #: ``LeafProcesses``, ``BranchProcesses``, ``IsolatedProcesses``, ``LargestTreeDepth``.
        self.summary = summary
        #: What happened to the input: rows in, duplicates, synthesised parents, orphans, …
        self.report = report
        self._inner = inner
        self._nested: Optional[List[Dict[str, Any]]] = None

    def __len__(self) -> int:
        return len(self._inner)

    @property
    def nested(self) -> List[Dict[str, Any]]:
        """The trees as nested dicts ``{"key", "name", "pid", "time", "host",
        "cmd_line", "depth", "index", "row", "flags", "children"}``."""
        if self._nested is None:
            self._nested = self._inner.nested()
        return self._nested

    def roots(self) -> List[int]:
        """Root rows."""
        return self._inner.roots()

    def row_of(self, key: str) -> Optional[int]:
        """The row of a ``proc_key``, or ``None``."""
        return self._inner.row_of(str(key))

    def parent(self, process: ProcessRef) -> Optional[int]:
        """The parent row, or ``None`` for a root."""
        return self._inner.parent(process)

    def root_of(self, process: ProcessRef) -> Optional[int]:
        """The root row of the tree holding ``process``."""
        return self._inner.root_of(process)

    def children(self, process: ProcessRef, *, include_source: bool = True) -> List[int]:
        """Child rows in creation order (``process`` first unless ``include_source=False``)."""
        return self._inner.children(process, bool(include_source))

    def descendants(
        self, process: ProcessRef, *, include_source: bool = True, max_levels: Optional[int] = None
    ) -> List[int]:
        """Every row below ``process`` in reading order, down ``max_levels`` levels."""
        return self._inner.descendants(process, bool(include_source), max_levels)

    def ancestors(self, process: ProcessRef, *, include_source: bool = True) -> List[int]:
        """Rows from the root down to ``process``."""
        return self._inner.ancestors(process, bool(include_source))

    def siblings(self, process: ProcessRef, *, include_source: bool = True) -> List[int]:
        """Rows sharing ``process``'s parent (the other roots, for a root)."""
        return self._inner.siblings(process, bool(include_source))

    def root_tree(self, process: ProcessRef) -> List[int]:
        """Every row of the tree holding ``process``."""
        return self._inner.root_tree(process)

    def to_text(self, **options: Any) -> str:
        """The trees as indented text: ``wrap`` (80), ``root_of`` (a ``proc_key``: that
        tree only), ``max_bytes``."""
        return self._inner.to_text(options)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<ProcessTree ({self.schema}): {s.get('Processes')} processes, "
            f"{s.get('RootProcesses')} roots, depth {s.get('LargestTreeDepth')}>"
        )


def build_process_tree(data: Data, schema: str = "auto", **options: Any) -> ProcessTree:
    """Links process-creation events into trees (MSTICPy's ``build_process_tree``):
    Windows 4688, Sysmon, Linux auditd, Defender for Endpoint, osquery, FireEye HX, or a
    ``mapping`` of your columns. ``schema="auto"`` infers it from the column names."""
    options = _with(options, schema=schema)
    if _is_pandas_frame(data):
        built = _process_tree_from_pandas(data, options)
        if built is not None:
            return built
    source, kind = _source(data)
    table, inner, used, summary, report = _native.build_process_tree(source, options)
    return ProcessTree(_frame(table, kind), inner, used, summary, report)


def _process_tree_from_pandas(frame: Any, options: Dict[str, Any]) -> Optional[ProcessTree]:
    """:func:`build_process_tree` on a pandas frame, converting to Arrow only the columns
    the build reads (and those whose conversion changes them), or ``None`` where that
    cannot be done.

    The tree's table is the input rows in tree order (``source_row`` says which input row
    each is; synthesised parents have none) plus the tree's columns. A column of text is
    the same taken from the frame by position as converted to Arrow and back, so the
    text columns come from the frame: the strings are not copied twice, only the tree's
    own columns and the non-text ones come back through Arrow. Synthesised parents get
    the engine's values (their name, id, time and host) or ``None``.
    """
    if len(frame) == 0 or not _plain_columns(frame, ()):
        return None
    columns = list(frame.columns)
    plan = _native.process_tree_reads(columns, options)
    if plan is None:
        return None
    reads, added = set(plan[0]), set(plan[1])
    if added.intersection(columns):
        return None  # an earlier tree's columns, which the build replaces
    import pandas as pd
    from pandas.api.types import infer_dtype

    pa = require("pyarrow", "huntkit reads a pandas DataFrame through pyarrow")

    # Text columns the build does not read are not converted at all: carried over, each
    # with whether it has no nulls (a column of text without nulls is ``string`` even
    # when nulls are not skipped, and needs no NaN-to-None pass).
    carried: Dict[str, bool] = {}
    for c in columns:
        if c in reads or frame[c].dtype != object:
            continue
        if infer_dtype(frame[c], skipna=False) == "string":
            carried[c] = True
        elif infer_dtype(frame[c], skipna=True) in ("string", "empty"):
            carried[c] = False
    sent = [c for c in columns if c not in carried]
    table = _pandas_columns_to_arrow(frame, sent)
    # Text columns the build read come back from the frame too: the engine leaves them
    # out of its table but for the synthesised parents' values.
    text_sent = [
        c
        for c in sent
        if frame[c].dtype == object and pa.types.is_string(table.schema.field(c).type)
    ]
    stream, inner, used, summary, report = _native.build_process_tree(table, options, text_sent)
    out = pa.table(stream)
    tree_columns = out.column_names[len(sent) :]
    if out.column_names[: len(sent)] != sent or set(tree_columns) != added:
        return None
    # The parent columns repeat the parents' `proc_key` and `source_index`: those Python
    # strings are shared, not made a second time.
    parents = pa.table(inner.parent_rows())
    # A process's logon id and flags are one of a few values: one Python string each.
    few = out.select(_REPEATING_TREE_COLUMNS).to_pandas(
        deduplicate_objects=True, use_threads=False, split_blocks=True
    )
    # The rest of the tree's own text is unique (keys, paths, indexes): looking for
    # repeats to share costs more than it saves. Making Python strings holds the
    # interpreter, so threads would only take turns.
    shared = text_sent + parents.column_names + list(_REPEATING_TREE_COLUMNS)
    rest = out.drop_columns(shared).to_pandas(
        deduplicate_objects=False, use_threads=False, split_blocks=True
    )
    source_row = out.column("source_row")
    rows = source_row.cast(pa.int64()).fill_null(-1).to_numpy()
    synthesised = None
    if source_row.null_count:
        import numpy as np

        synthesised = np.flatnonzero(rows < 0)
        # The synthesised parents' values, taken out of the engine's table at once.
        filled = out.select(text_sent).take(synthesised)
    text_sent_set = set(text_sent)
    taken: List[Tuple[int, str, Any]] = []
    for i, c in enumerate(columns):
        if c not in carried and c not in text_sent_set:
            continue
        values = pd.api.extensions.take(frame[c].to_numpy(), rows, allow_fill=True)
        if synthesised is not None:
            if c in text_sent_set and filled.column(c).null_count < len(synthesised):
                values[synthesised] = filled.column(c).to_numpy(zero_copy_only=False)
            else:
                values[synthesised] = None
        if c in text_sent_set:
            nulls = table.column(c).null_count
        else:
            nulls = not carried[c]
        if nulls:
            missing = pd.isna(values)
            if missing.any():
                values[missing] = None  # NaN and NA read as null, which come back as None
        taken.append((i, c, values))
    tree_taken = [(c, few[c].to_numpy()) for c in _REPEATING_TREE_COLUMNS]
    for c, of in (("parent_key", "proc_key"), ("parent_index", "source_index")):
        if c in parents.column_names:
            at = parents.column(c).to_numpy()
            values = rest[of].to_numpy().take(at)
            values[at < 0] = None
            tree_taken.append((c, values))
    for c, values in sorted(tree_taken, key=lambda t: tree_columns.index(t[0])):
        taken.append((len(columns) + tree_columns.index(c), c, values))
    return ProcessTree(_with_columns(rest, taken), inner, used, summary, report)


#: The tree's text columns that hold one of a few values.
_REPEATING_TREE_COLUMNS = ("EffectiveLogonId", "flags")


def _with_columns(frame: Any, taken: List[Tuple[int, str, Any]]) -> Any:
    """``frame`` with the 1-D arrays of ``taken`` inserted, ``(position in the result,
    name, values)`` in order of position, none of them copied.

    The frame is put together from its blocks as pyarrow's ``to_pandas`` does, so that
    neither the new columns nor the frame's are copied into one block; ``insert`` (which
    copies each new column) where pandas' internals differ from those of pandas 2.
    """
    import warnings

    import numpy as np
    import pandas as pd

    try:
        with warnings.catch_warnings():
            # A deprecated internal is not relied on: ``insert`` below instead.
            warnings.simplefilter("error")
            from pandas.core.internals import BlockManager
            from pandas.core.internals.api import make_block

            width = len(frame.columns) + len(taken)
            names: List[Any] = [None] * width
            new = set()
            blocks = []
            for i, name, values in taken:
                names[i] = name
                new.add(i)
                blocks.append(make_block(values.reshape(1, -1), placement=[i], ndim=2))
            old = np.array([i for i in range(width) if i not in new], dtype=np.intp)
            for i, name in zip(old, frame.columns):
                names[i] = name
            for block in frame._mgr.blocks:
                blocks.append(
                    make_block(block.values, placement=old[block.mgr_locs.as_array], ndim=2)
                )
            columns = pd.Index(names, dtype=frame.columns.dtype)
            manager = BlockManager(blocks, [columns, frame.index])
            return pd.DataFrame._from_mgr(manager, axes=manager.axes)
    except Exception:  # another pandas: the public way
        for i, name, values in taken:
            frame.insert(i, name, values)
        return frame
