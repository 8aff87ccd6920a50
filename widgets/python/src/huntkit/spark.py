"""huntkit's engines over Apache Spark DataFrames, for hunts that outgrow one machine.

The same native engines as :mod:`huntkit.engines` run inside Spark's Python workers on
Arrow record batches: row-wise engines (:func:`decode`, :func:`extract_iocs`) through
``DataFrame.mapInArrow``, grouped ones through ``groupBy(...).applyInArrow``: sessions per
user key (:func:`score_sessions`), process trees per host (:func:`build_process_tree`),
time series per series key (:func:`ts_anomalies`). Spark distributes the work; nothing is
collected to the driver except the sample a session model is trained on.

>>> from huntkit import spark as hks                                    # doctest: +SKIP
>>> iocs = hks.extract_iocs(events, ["CommandLine"], key_columns=["EventId"])  # doctest: +SKIP
>>> ranked = hks.score_sessions(o365, ["UserId", "ClientIP"], "TimeGenerated", "Operation")  # doctest: +SKIP

**Schemas.** Every function returns a DataFrame whose schema is declared before anything
runs: the columns of the local Python API's result, typed as Spark types (unsigned
integers become ``long``, nanosecond times Spark's microsecond timestamps, durations
``interval day to second``). Row-wise results name their source row by the caller's
``key_columns`` instead of the local API's batch position (``SourceIndex``,
``src_index``), which means nothing once rows are spread over partitions.

**Limits.** Options are the local API's (``read=`` included) and apply to each Arrow
batch (``spark.sql.execution.arrow.maxRecordsPerBatch`` rows) or group as they would to
one local table.

**Executors** need huntkit installed (its compiled extension included): install the
wheel on the cluster, or ship an environment with ``spark.archives`` (see
``docs/spark.md``). Importing :mod:`huntkit` does not import pyspark; this module does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Sequence, Union

from . import engines as _engines

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructField, StructType

__all__ = [
    "decode",
    "extract_iocs",
    "score_sessions",
    "train_session_model",
    "build_process_tree",
    "ts_anomalies",
]

Names = Union[str, Sequence[str], None]

#: The options each step of session scoring takes (the others go to scoring).
_SESSIONIZE_OPTIONS = {
    "user_columns",
    "time_column",
    "event_column",
    "params_column",
    "form",
    "max_session_minutes",
    "max_gap_minutes",
    "max_rows",
    "read",
}
_MODEL_OPTIONS = {"form", "smoothing", "modellable_params", "max_vocabulary"}

#: Host columns of the process-event schemas huntkit knows, tried in this order.
_HOST_COLUMNS = ["Computer", "ComputerDnsName", "DeviceName", "hostname"]


# ---------------------------------------------------------------------------- types


def _names(value: Names) -> List[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _spark_arrow_type(t: "pa.DataType") -> "pa.DataType":
    """The Arrow type Spark takes for a column of type ``t``: signed integers for unsigned
    ones, microseconds for finer times, plain strings and binaries, dictionary values."""
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        return _spark_arrow_type(t.value_type)
    if pa.types.is_unsigned_integer(t):
        return pa.int64()
    # View types are newer than some pyarrows Spark runtimes ship.
    is_view = getattr(pa.types, "is_string_view", lambda _: False)
    is_binary_view = getattr(pa.types, "is_binary_view", lambda _: False)
    if pa.types.is_large_string(t) or is_view(t):
        return pa.string()
    if pa.types.is_large_binary(t) or is_binary_view(t):
        return pa.binary()
    if pa.types.is_timestamp(t):
        return pa.timestamp("us", tz=t.tz)
    if pa.types.is_duration(t):
        return pa.duration("us")
    if pa.types.is_date64(t):
        return pa.date32()
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(_spark_arrow_type(t.value_type))
    return t


def _fields(arrow_schema: "pa.Schema") -> List["StructField"]:
    """Spark fields for the engine's Arrow columns."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema

    spark = pa.schema(
        [pa.field(f.name, _spark_arrow_type(f.type), f.nullable) for f in arrow_schema]
    )
    # Times without a zone stay without one (TimestampNTZType), as Spark gave them.
    return list(from_arrow_schema(spark, prefer_timestamp_ntz=True).fields)


def _struct(fields: List["StructField"]) -> "StructType":
    from pyspark.sql.types import StructField, StructType

    seen: Dict[str, int] = {}
    for f in fields:
        seen[f.name] = seen.get(f.name, 0) + 1
    twice = [n for n, c in seen.items() if c > 1]
    if twice:
        raise ValueError(
            f"the result would have the column(s) {twice} twice: rename the key column(s) "
            "that clash with the engine's output columns"
        )
    # Every column may be null: engines leave cells empty where a value is missing.
    return StructType([StructField(f.name, f.dataType, True, f.metadata) for f in fields])


def _arrow_schema(df: "DataFrame", columns: Sequence[str]) -> "pa.Schema":
    """The Arrow schema Spark hands the Python workers for ``columns`` of ``df``."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StructType

    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"no column(s) {missing} in the DataFrame; it has {df.columns}")
    fields = {f.name: f for f in df.schema.fields}
    schema = StructType([fields[c] for c in columns])
    return to_arrow_schema(schema, timezone=_session_time_zone(df))


def _session_time_zone(df: "DataFrame") -> str:
    try:
        return str(df.sparkSession.conf.get("spark.sql.session.timeZone"))
    except Exception:  # an unusual session: Spark's own default
        return "UTC"


def _key_fields(df: "DataFrame", keys: Sequence[str]) -> List["StructField"]:
    fields = {f.name: f for f in df.schema.fields}
    missing = [k for k in keys if k not in fields]
    if missing:
        raise ValueError(f"no key column(s) {missing} in the DataFrame; it has {df.columns}")
    return [fields[k] for k in keys]


def _conform(table: "pa.Table", target: "pa.Schema") -> "pa.Table":
    """``table`` with ``target``'s columns, in its order and types."""
    import pyarrow as pa

    columns = []
    for field in target:
        column = table.column(field.name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        if column.type != field.type:
            column = column.cast(field.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=target)


def _target(schema: "StructType", df: "DataFrame") -> "pa.Schema":
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema, timezone=_session_time_zone(df))


def _empty(arrow_schema: "pa.Schema") -> "pa.Table":
    return arrow_schema.empty_table()


# ---------------------------------------------------------------------------- row-wise


def _rowwise(
    df: "DataFrame",
    scanned: Sequence[str],
    keys: Sequence[str],
    position: str,
    run: Callable[["pa.Table"], "pa.Table"],
) -> "DataFrame":
    """Runs ``run`` on each Arrow batch's ``scanned`` columns (through ``mapInArrow``) and
    names each output row's source by its ``keys`` in place of the ``position`` column."""
    import pyarrow as pa

    probe = run(_empty(_arrow_schema(df, scanned)))
    engine_schema = pa.schema([f for f in probe.schema if f.name != position])
    duplicated = [k for k in keys if k in engine_schema.names]
    if duplicated:
        raise ValueError(
            f"the key column(s) {duplicated} share a name with the engine's output columns "
            f"{engine_schema.names}: rename them first"
        )
    schema = _struct(_key_fields(df, keys) + _fields(engine_schema))
    target = _target(schema, df)
    scanned = list(scanned)
    keys = list(keys)

    def per_batch(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        for batch in batches:
            if batch.num_rows == 0:
                continue
            out = run(pa.Table.from_batches([batch.select(scanned)]))
            if out.num_rows == 0:
                continue
            rows = out.column(position).combine_chunks()
            named = batch.select(keys).take(rows) if keys else None
            columns = {}
            for k in keys:
                columns[k] = named.column(k)
            for name in engine_schema.names:
                columns[name] = out.column(name)
            table = pa.table(columns) if columns else out
            yield from _conform(table, target).to_batches()

    return df.mapInArrow(per_batch, schema)


def decode(
    df: "DataFrame", column: str, key_columns: Names = None, **options: Any
) -> "DataFrame":
    """Decodes obfuscated payloads in ``column`` row by row (:func:`huntkit.decode` on each
    Arrow batch): one row per decoded item, with the source row's ``key_columns`` in place
    of ``src_index``, then the local API's other columns (``reference``,
    ``original_string``, …, ``full_decoded_string``, ``depth``, ``status``)."""
    column = str(column)

    def run(table: "pa.Table") -> "pa.Table":
        out: "pa.Table" = _engines.decode(table, column, **options)
        return out

    return _rowwise(df, [column], _names(key_columns), "src_index", run)


def extract_iocs(
    df: "DataFrame",
    columns: Names,
    key_columns: Names = None,
    types: Names = None,
    include_paths: bool = False,
    **options: Any,
) -> "DataFrame":
    """Indicators of compromise in ``columns`` row by row (:func:`huntkit.extract_iocs` on
    each Arrow batch): one row per indicator, the source row's ``key_columns`` then
    ``IoCType, Observable, raw, start, end, Column`` (the local API's columns, its batch
    position ``SourceIndex`` replaced by the keys). ``start``/``end`` index the cell's
    text in code points, as Python's ``str`` does."""
    scanned = _names(columns)
    if not scanned:
        raise ValueError("extract_iocs needs the columns to scan: columns=[...]")
    type_names = None if types is None else _names(types)

    def run(table: "pa.Table") -> "pa.Table":
        out: "pa.Table" = _engines.extract_iocs(
            table, scanned, types=type_names, include_paths=include_paths, **options
        )
        return out

    return _rowwise(df, scanned, _names(key_columns), "SourceIndex", run)


# ---------------------------------------------------------------------------- grouped


def _canonical(table: "pa.Table") -> "pa.Table":
    """The group's rows in one order whatever order the shuffle delivered them in, so that
    results that name rows by position (process trees) are the same on every run."""
    import pyarrow as pa

    sortable = [
        name
        for name, t in zip(table.column_names, table.schema.types)
        if not (
            pa.types.is_nested(t) or pa.types.is_dictionary(t) or pa.types.is_null(t)
        )
    ]
    if not sortable or table.num_rows < 2:
        return table
    return table.sort_by([(name, "ascending") for name in sortable])


def _group_keys(table: "pa.Table", keys: Sequence[str], rows: int) -> Dict[str, Any]:
    """The group's key values repeated for ``rows`` output rows."""
    import pyarrow as pa

    out = {}
    for k in keys:
        column = table.column(k)
        value = column[0] if len(column) else pa.scalar(None, column.type)
        out[k] = pa.repeat(value, rows) if rows else pa.array([], column.type)
    return out


def build_process_tree(
    df: "DataFrame", host_column: Optional[str] = None, schema: str = "auto", **options: Any
) -> "DataFrame":
    """Process trees per host (:func:`huntkit.build_process_tree` on each host's events,
    through ``groupBy(host).applyInArrow``): the input columns plus ``proc_key,
    parent_key, path, parent_index, source_index, IsRoot, IsLeaf, IsBranch, depth,
    EffectiveLogonId, flags, source_row``, each tree top-down. Processes link within a
    host; the positional columns (``path``, ``parent_index``, ``source_index``,
    ``source_row``) count within the host's events, taken in the order of their columns'
    values. ``host_column`` defaults to the known schemas' host column present
    (``Computer``, ``ComputerDnsName``, ``DeviceName``, ``hostname``)."""
    if host_column is None:
        host_column = next((c for c in _HOST_COLUMNS if c in df.columns), None)
        if host_column is None:
            raise ValueError(
                "build_process_tree groups processes by host: name the host column "
                f"(host_column=...); none of {_HOST_COLUMNS} is in the DataFrame"
            )
    probe = _engines.build_process_tree(
        _empty(_arrow_schema(df, df.columns)), schema=schema, **options
    ).table
    # The input columns keep their Spark types; the engine's own are converted.
    inputs = {f.name: f for f in df.schema.fields}
    fields = [
        inputs[n] if n in inputs else _fields(_one(probe.schema, n))[0]
        for n in probe.schema.names
    ]
    out_schema = _struct(fields)
    target = _target(out_schema, df)

    def per_host(table: "pa.Table") -> "pa.Table":
        if table.num_rows == 0:
            return _empty(target)
        tree = _engines.build_process_tree(_canonical(table), schema=schema, **options)
        return _conform(tree.table, target)

    return df.groupBy(host_column).applyInArrow(per_host, out_schema)


def _one(schema: "pa.Schema", name: str) -> "pa.Schema":
    import pyarrow as pa

    return pa.schema([schema.field(name)])


def ts_anomalies(
    df: "DataFrame",
    time_column: str,
    value_column: str,
    key_columns: Names = None,
    **options: Any,
) -> "DataFrame":
    """Time-series anomalies per series (:func:`huntkit.ts_anomalies` on each series,
    through ``groupBy(key_columns).applyInArrow``): the series' ``key_columns``, then the
    local API's columns: the time and value columns, ``residual, trend, seasonal,
    weights, baseline, score, anomalies``. Without ``key_columns`` the whole DataFrame is
    one series."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, LongType, StructField

    keys = _names(key_columns)
    time_column, value_column = str(time_column), str(value_column)
    inputs = {f.name: f for f in df.schema.fields}
    for c in (time_column, value_column):
        if c not in inputs:
            raise ValueError(f"no column {c!r} in the DataFrame; it has {df.columns}")
    # The engine's result columns (it needs a whole series to run, so they are not
    # probed): the time as given, the value as a float, then the decomposition.
    engine = [inputs[time_column], StructField(value_column, DoubleType(), True)]
    engine += [
        StructField(n, DoubleType(), True)
        for n in ("residual", "trend", "seasonal", "weights", "baseline", "score")
    ]
    engine.append(StructField("anomalies", LongType(), True))
    clash = [k for k in keys if k in {f.name for f in engine}]
    if clash:
        raise ValueError(f"the key column(s) {clash} are also the time or value column")
    out_schema = _struct(_key_fields(df, keys) + engine)
    target = _target(out_schema, df)
    needed = list(dict.fromkeys(keys + [time_column, value_column]))

    def per_series(table: "pa.Table") -> "pa.Table":
        import pyarrow as pa

        if table.num_rows == 0:
            return _empty(target)
        out = _engines.ts_anomalies(
            table.select([time_column, value_column]),
            time_column=time_column,
            value_column=value_column,
            **options,
        )
        columns = _group_keys(table, keys, out.num_rows)
        for name in out.column_names:
            columns[name] = out.column(name)
        return _conform(pa.table(columns), target)

    grouped = df.select(*needed)
    if keys:
        return grouped.groupBy(*keys).applyInArrow(per_series, out_schema)
    # One series: one group, whatever the partitioning.
    return (
        grouped.withColumn("__huntkit_series", F.lit(0))
        .groupBy("__huntkit_series")
        .applyInArrow(per_series, out_schema)
    )


# ---------------------------------------------------------------------------- sessions


def _split(options: Dict[str, Any], names: set) -> Dict[str, Any]:
    return {k: v for k, v in options.items() if k in names}


def train_session_model(
    df: "DataFrame",
    user_columns: Names,
    time_column: str,
    event_column: str,
    sample_fraction: float = 0.1,
    seed: int = 0,
    max_sample_rows: int = 1_000_000,
    **options: Any,
) -> "_engines.SessionModel":
    """A session model trained on a sample of users: the events of about
    ``sample_fraction`` of the user keys (whole users, so their sessions stay whole, at
    most ``max_sample_rows`` rows) are brought to the driver, sessionized and trained on
    there (:func:`huntkit.sessionize`, :meth:`huntkit.SessionModel.train`)."""
    from pyspark.sql import functions as F

    users = _names(user_columns)
    if not users:
        raise ValueError("train_session_model needs the user columns: user_columns=[...]")
    if not 0 < sample_fraction <= 1:
        raise ValueError(f"sample_fraction must be in (0, 1], got {sample_fraction!r}")
    params = options.get("params_column")
    needed = list(dict.fromkeys(users + [time_column, event_column] + ([params] if params else [])))
    sample = df.select(*needed)
    if sample_fraction < 1:
        scale = 1_000_000
        bucket = F.pmod(F.xxhash64(F.lit(int(seed)), *[F.col(u) for u in users]), F.lit(scale))
        sample = sample.where(bucket < F.lit(int(sample_fraction * scale)))
    table = sample.limit(int(max_sample_rows)).toArrow()
    sessionize_options = _split(options, _SESSIONIZE_OPTIONS)
    sessions = _engines.sessionize(
        table,
        user_columns=users,
        time_column=time_column,
        event_column=event_column,
        **sessionize_options,
    )
    return _engines.SessionModel.train(sessions, **_split(options, _MODEL_OPTIONS))


def score_sessions(
    df: "DataFrame",
    user_columns: Names,
    time_column: str,
    event_column: str,
    window: int = 3,
    model: Union["_engines.SessionModel", str, bytes, Dict[str, Any], None] = None,
    sample_fraction: float = 0.1,
    seed: int = 0,
    max_sample_rows: int = 1_000_000,
    **options: Any,
) -> "DataFrame":
    """Raw events to sessions ranked by rarity, per user key (``groupBy(user_columns)
    .applyInArrow``): the local :func:`huntkit.score_sessions`' table (``session_id``, the
    user columns, ``<time>_min``, ``<time>_max``, ``<event>_list``, ``duration``,
    ``number_events``, ``likelihood``, ``geomean``, ``rarest_window<N>``,
    ``rarest_window<N>_likelihood``, ``rank``).

    ``model`` (a :class:`huntkit.SessionModel` or its JSON) scores without training;
    without one, a model is trained on a sample of users (:func:`train_session_model`:
    ``sample_fraction=1`` trains on every user, as the local API does). The model's JSON
    is broadcast to the workers once. ``session_id`` (by user key, then time) and ``rank``
    (rarest window first, sessions shorter than the window last) are numbered over the
    whole DataFrame, as locally, by Spark window functions."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    users = _names(user_columns)
    if not users:
        raise ValueError("score_sessions needs the user columns: user_columns=[...]")
    time_column, event_column = str(time_column), str(event_column)
    if model is None:
        model = train_session_model(
            df,
            users,
            time_column,
            event_column,
            sample_fraction=sample_fraction,
            seed=seed,
            max_sample_rows=max_sample_rows,
            **options,
        )
    elif not isinstance(model, _engines.SessionModel):
        model = _engines.SessionModel.from_json(model)
    model_json = model.to_json()
    # Training options stay with the model; the others sessionize and score.
    score_options = {k: v for k, v in options.items() if k == "form" or k not in _MODEL_OPTIONS}
    score_options.update(
        user_columns=users, time_column=time_column, event_column=event_column, window=window
    )
    params = options.get("params_column")
    needed = list(dict.fromkeys(users + [time_column, event_column] + ([params] if params else [])))

    # The result's columns, from the engine on one made-up event with the input's types.
    probe_input = _probe_events(_arrow_schema(df, needed), users, time_column, event_column)
    probe = model.score_events(probe_input, **score_options).table
    inputs = {f.name: f for f in df.schema.fields}
    fields = [
        inputs[n] if n in users else _fields(_one(probe.schema, n))[0]
        for n in probe.schema.names
    ]
    out_schema = _struct(fields)
    target = _target(out_schema, df)

    try:
        shared: Any = df.sparkSession.sparkContext.broadcast(model_json)
    except Exception:  # Spark Connect has no SparkContext: the JSON travels in the closure
        shared = None

    def per_user(table: "pa.Table") -> "pa.Table":
        if table.num_rows == 0:
            return _empty(target)
        text = shared.value if shared is not None else model_json
        scorer = _worker_model(text)
        out = scorer.score_events(table, **score_options).table
        return _conform(out, target)

    scored = df.select(*needed).groupBy(*users).applyInArrow(per_user, out_schema)
    in_order = [F.col(u).asc_nulls_last() for u in users] + [F.col(f"{time_column}_min").asc()]
    rarest = f"rarest_window{int(window)}_likelihood"
    numbered = scored.withColumn(
        "session_id", (F.row_number().over(Window.orderBy(*in_order)) - 1).cast("long")
    )
    return numbered.withColumn(
        "rank",
        F.row_number()
        .over(Window.orderBy(F.col(rarest).asc_nulls_last(), F.col("session_id").asc()))
        .cast("long"),
    ).select(*out_schema.names)


_MODELS: Dict[str, Any] = {}


def _worker_model(text: str) -> "_engines.SessionModel":
    """The model for ``text``, parsed once per worker process."""
    model = _MODELS.get(text)
    if model is None:
        _MODELS.clear()
        model = _MODELS[text] = _engines.SessionModel.from_json(text)
    return model


def _probe_events(
    schema: "pa.Schema", users: Sequence[str], time_column: str, event_column: str
) -> "pa.Table":
    """One event with ``schema``'s types: a value in the user, time and event columns."""
    import pyarrow as pa

    columns = []
    for field in schema:
        t = field.type
        if field.name in users or field.name in (time_column, event_column):
            if pa.types.is_string(t) or pa.types.is_large_string(t):
                value = pa.array(["probe"], t)
            else:
                value = pa.array([0], pa.int64()).cast(t)
        else:
            value = pa.nulls(1, t)
        columns.append(value)
    return pa.Table.from_arrays(columns, schema=schema)

