"""The timeline view: events as markers per lane, values over time, or durations.

Parameters follow MSTICPy's ``display_timeline`` family so notebooks port with few edits;
the differences are listed in the docstring of :class:`Timeline`.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import traitlets as t

from ._data import _can_import, column_names, take_rows, to_ipc
from ._view import Compat, View, require_columns, view_module

__all__ = ["Timeline", "timeline", "timeline_values", "timeline_duration"]

#: Selected rows the view sends as cells when the kernel cannot read the data itself.
SELECTED_ROWS_LIMIT = 10_000


def _available(name: str) -> bool:
    """Whether module ``name`` can be imported (the tests replace this to play a bare kernel)."""
    return _can_import(name)


def _is_ipc(data: bytes) -> bool:
    return data[:6] == b"ARROW1" or data[:4] == b"\xff\xff\xff\xff"


def _frame(columns: List[str], cells: List[list]) -> Any:
    """Rows of cells as the best frame the kernel has: pyarrow, pandas, polars, else a list
    of dicts (one per row, column name to value)."""
    if _available("pyarrow"):
        import pyarrow as pa

        try:
            return pa.table({c: [row[i] for row in cells] for i, c in enumerate(columns)})
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass  # a column of mixed kinds: a frame that takes objects
    if _available("pandas"):
        import pandas as pd

        return pd.DataFrame(cells, columns=columns)
    if _available("polars"):
        import polars as pl

        return pl.DataFrame(cells, schema=columns, orient="row")
    return [dict(zip(columns, row)) for row in cells]


def _iso(value: Any) -> Optional[str]:
    """A time as ISO text (naive times are read as UTC by the view)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return _dt.datetime.fromtimestamp(value / 1000, tz=_dt.timezone.utc).isoformat()
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return str(iso())
    return str(value)


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(key)
    try:
        return obj[key]
    except (KeyError, TypeError, IndexError):
        return getattr(obj, key, None)


def _event_time(event: Any) -> Any:
    for key in ("StartTimeUtc", "TimeGenerated"):
        value = _get(event, key)
        if value is not None:
            return value
    return None


def _rows(frame: Any) -> Iterable[Dict[str, Any]]:
    if hasattr(frame, "to_dict") and hasattr(frame, "iloc"):
        return frame.to_dict("records")
    if hasattr(frame, "to_dicts"):
        return frame.to_dicts()
    if hasattr(frame, "to_pylist"):
        return frame.to_pylist()
    return list(frame)


def series_table(
    series: Dict[str, Any], time_column: str, source_columns: Sequence[str], size: Any
) -> Tuple[Any, Dict[str, Any]]:
    """MSTICPy's dict input, ``{name: {data, time_column?, source_columns?, color?, size?}}``,
    as one pyarrow Table with a ``series`` column naming each row's entry.

    Each entry's time column becomes ``time_column``; source columns are the union of all
    entries' (missing ones are null). Returns the table and ``{source_columns, colors,
    size_column}`` for the view.
    """
    import pyarrow as pa

    from ._data import to_table

    if not series:
        raise ValueError("the series dict is empty")
    tables = []
    sources: List[str] = list(source_columns)
    colors: Dict[str, str] = {}
    sizes = []
    for name, spec in series.items():
        if not isinstance(spec, dict) or "data" not in spec:
            raise TypeError(f"series {name!r} must be a dict with a 'data' entry")
        table = to_table(spec["data"])
        tcol = spec.get("time_column", time_column)
        cols = list(spec.get("source_columns") or source_columns)
        missing = [c for c in [tcol, *cols] if c not in table.schema.names]
        if missing:
            raise KeyError(f"series {name!r}: column(s) not in the data: {', '.join(missing)}")
        for c in cols:
            if c not in sources:
                sources.append(c)
        times = table.column(tcol)
        if pa.types.is_timestamp(times.type):
            times = times.cast(pa.timestamp("ns", tz="UTC"))
        arrays = {time_column: times, "series": pa.array([str(name)] * table.num_rows, pa.string())}
        for c in cols:
            if c != tcol:
                arrays[c] = table.column(c)
        s = spec.get("size", size)
        if isinstance(s, str):
            s = table.column(s).cast(pa.float64()) if s in table.schema.names else 10.0
        sizes.append(s)
        arrays["_size"] = s if isinstance(s, (pa.Array, pa.ChunkedArray)) else pa.array([float(s)] * table.num_rows)
        tables.append(pa.table(arrays))
        if spec.get("color"):
            colors[str(name)] = str(spec["color"])
    combined = pa.concat_tables(tables, promote_options="permissive")
    uniform = all(not isinstance(s, (pa.Array, pa.ChunkedArray)) and float(s) == 10.0 for s in sizes)
    if uniform:
        combined = combined.drop_columns(["_size"])
    sources = [c for c in sources if c != time_column]
    return combined, {"source_columns": sources, "colors": colors, "size_column": None if uniform else "_size"}


#: MSTICPy's keywords for reference lines (``display_timeline``'s and the anomaly plot's).
REFERENCE_KEYWORDS = ("ref_time", "ref_label", "ref_event", "alert", "ref_events", "ref_col", "ref_time_col", "ref_times")


def pop_references(kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """MSTICPy's reference keywords (``REFERENCE_KEYWORDS``) taken out of ``kwargs``, unset
    ones as None: the keywords of ``reference_markers``."""
    return {k: kwargs.pop(k, None) for k in REFERENCE_KEYWORDS}


def reference_markers(
    *,
    time_column: str,
    ref_time: Any = None,
    ref_label: Optional[str] = None,
    ref_event: Any = None,
    alert: Any = None,
    ref_events: Any = None,
    ref_col: Optional[str] = None,
    ref_time_col: Optional[str] = None,
    ref_times: Optional[Sequence[Tuple[Any, str]]] = None,
) -> List[Dict[str, Optional[str]]]:
    """MSTICPy's reference parameters as a list of ``{time, label}`` markers."""
    markers: List[Dict[str, Optional[str]]] = []
    if alert is not None or ref_event is not None:
        event = alert if alert is not None else ref_event
        label = ref_label or ("Alert time" if alert is not None else "Event time")
        markers.append({"time": _iso(_event_time(event)), "label": label})
    elif ref_time is not None:
        markers.append({"time": _iso(ref_time), "label": ref_label or "Ref time"})
    if ref_events is not None:
        tcol = ref_time_col or time_column
        for i, row in enumerate(_rows(ref_events)):
            label = row.get(ref_col) if ref_col else None
            markers.append(
                {
                    "time": _iso(row.get(tcol)),
                    "label": str(label) if label is not None else f"reference {i}",
                }
            )
    for time, label in ref_times or []:
        markers.append({"time": _iso(time), "label": str(label)})
    return [m for m in markers if m["time"] is not None]


class Timeline(View):
    """An interactive event timeline.

    ``Timeline(data, time_column="TimeGenerated", group_by=None, source_columns=None, ...)``

    * ``data``: pandas or polars DataFrame, pyarrow Table, an object with
      ``__arrow_c_stream__``, or Arrow IPC / CSV / JSON bytes; or MSTICPy's dict of series,
      ``{name: {"data", "time_column"?, "source_columns"?, "color"?, "size"?}}`` (one lane
      per entry; needs pyarrow).
    * ``size``: marker pixels, or a column of them (``size_column``).
    * One lane per ``group_by`` value (a column name or a list of them), markers coloured
      per lane, or per ``color_column`` value.
    * Hover shows the time plus ``source_columns`` (default: NewProcessName, EventID and
      CommandLine when all three exist). Wheel zooms, drag pans, the range selector below
      moves the view, Shift+drag (or the Select button) selects a time range.
    * ``selected`` returns the selected rows as a frame of the input's kind (a pyarrow
      Table for Arrow IPC bytes); ``selected_indices`` holds their positions and
      ``selected_range`` the brushed range. For input the kernel cannot read itself (CSV or
      JSON text, or any bytes without pyarrow, as in JupyterLite) the view sends the
      selected rows' cells (``selected_rows``, at most 10,000 rows, times as ISO-8601 UTC
      text) and ``selected`` builds from them a pyarrow Table, else a pandas DataFrame, else
      a polars DataFrame, else a list of dicts (column name to value), whichever the kernel
      has.
    * ``result`` is the lane summary, one row per lane: ``lane`` (label), ``source``
      ("primary" or "overlay"), ``events`` (count), ``first`` and ``last`` (UTC times).
    * Lanes are named once, on the y axis (click a label to hide the lane); a legend is
      drawn where the axis cannot name them (values mode, ``yaxis=False``, lanes too many to
      label) or for ``color_column``'s values.
    * References: ``ref_time``/``ref_label``, ``ref_event``, ``alert``, ``ref_events`` with
      ``ref_col``/``ref_time_col``, ``ref_times=[(time, label), ...]``.
    * ``mode="values"`` with ``value_column`` and ``kind`` ("vbar", "line", "circle" or a
      list) plots a value over time; ``mode="duration"`` draws each lane's first-to-last
      span (``end_time_column`` optional).

    Differences from MSTICPy: unknown keyword arguments raise ``TypeError`` (not
    ``NameError``); ``ylabel_cols`` is accepted and, as in MSTICPy, has no effect; a ``size`` column that does not exist raises ``KeyError`` (MSTICPy
    draws at size 10, as ``compat="msticpy"`` does); rows whose group key is null get a lane of their own unless
    ``compat="msticpy"``; with ``compat="msticpy"`` the values-mode external legend is left
    empty (MSTICPy quirk Q-V1); ``width=None`` fills the container; lanes take ten colours
    that hold 3:1 contrast on light and dark pages, not viridis, and ``color`` defaults to
    the first of them, not navy; a lone event is drawn at 0.9 opacity, not 0.5; when an
    overlay lies far from the data (showing both would squeeze the data into less than a
    third of the width) the first view fits the data and the overlay is a zoom out or a
    range-selector drag away; the time axis is labelled "Time (UTC)" and its ticks carry
    the date where it changes; Escape does not clear a selection (the Clear button does).
    """

    _esm = view_module("timeline")
    _label = "timeline"

    overlay_data = t.Bytes(b"").tag(sync=True)
    time_column = t.Unicode("TimeGenerated").tag(sync=True)
    group_by = t.Any(None).tag(sync=True)
    source_columns = t.List(t.Unicode()).tag(sync=True)
    color_column = t.Unicode(None, allow_none=True).tag(sync=True)
    color = t.Unicode(None, allow_none=True).tag(sync=True)
    size = t.Float(10).tag(sync=True)
    size_column = t.Unicode(None, allow_none=True).tag(sync=True)
    lane_colors = t.Dict(None, allow_none=True).tag(sync=True)
    yaxis = t.Bool(True).tag(sync=True)
    range_tool = t.Bool(True).tag(sync=True)
    legend = t.Unicode(None, allow_none=True).tag(sync=True)
    xgrid = t.Bool(True).tag(sync=True)
    ygrid = t.Bool(False).tag(sync=True)
    hide = t.Bool(False).tag(sync=True)
    mode = t.Enum(["events", "values", "duration"], "events").tag(sync=True)
    value_column = t.Unicode(None, allow_none=True).tag(sync=True)
    kind = t.Any("vbar").tag(sync=True)
    end_time_column = t.Unicode(None, allow_none=True).tag(sync=True)
    overlay_time_column = t.Unicode(None, allow_none=True).tag(sync=True)
    overlay_columns = t.List(t.Unicode()).tag(sync=True)
    overlay_color = t.Unicode(None, allow_none=True).tag(sync=True)
    ref_markers = t.List(t.Dict()).tag(sync=True)
    ref_time = t.Unicode(None, allow_none=True).tag(sync=True)
    ref_label = t.Unicode("Ref time").tag(sync=True)
    compat = Compat().tag(sync=True)
    selected_overlay = t.List(t.Int()).tag(sync=True)
    selected_range = t.List(t.Unicode()).tag(sync=True)
    #: Written by the view when ``selected_rows_limit`` > 0: ``{columns, rows, total}``,
    #: the cells of the first ``selected_rows_limit`` selected rows.
    selected_rows = t.Dict().tag(sync=True)
    #: How many selected rows the view sends as cells (0: none; set when the kernel cannot
    #: read the data itself).
    selected_rows_limit = t.Int(0).tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        time_column: str = "TimeGenerated",
        source_columns: Optional[Sequence[str]] = None,
        *,
        group_by: Union[str, Sequence[str], None] = None,
        overlay_data: Any = None,
        overlay_columns: Optional[Sequence[str]] = None,
        value_column: Optional[str] = None,
        y: Optional[str] = None,
        value_col: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        # MSTICPy accepts `ylabel_cols` but never draws with it; notebooks pass it anyway.
        kwargs.pop("ylabel_cols", None)
        refs = pop_references(kwargs)
        self._refuse_unknown(kwargs)
        if isinstance(data, dict):
            data, series = series_table(data, time_column, source_columns or [], kwargs.get("size", 10))
            group_by = "series"
            source_columns = series["source_columns"]
            kwargs.setdefault("lane_colors", series["colors"])
            if series["size_column"]:
                kwargs["size_column"] = series["size_column"]
                kwargs.pop("size", None)
        # MSTICPy's `size` may name a column; MSTICPy falls back to 10 when it is missing.
        size = kwargs.get("size")
        if isinstance(size, str):
            kwargs.pop("size")
            names = column_names(data)
            if names is None or size in names or kwargs.get("compat") != "msticpy":
                kwargs["size_column"] = size
        source_columns = list(source_columns or [])
        group_list = [group_by] if isinstance(group_by, str) else list(group_by or [])
        value_column = value_column or y or value_col
        if kwargs.get("mode") == "values" and not value_column:
            raise ValueError("values mode needs a value column (value_column, y or value_col)")
        columns = [kwargs.get(k) for k in ("color_column", "end_time_column", "size_column")]
        require_columns(data, [time_column, *source_columns, *group_list, *columns, value_column])
        overlay_ipc, overlay_kind = to_ipc(overlay_data)
        self._overlay_source = overlay_data
        self._overlay_kind = overlay_kind
        # `ref_time` is a trait of its own here (with `ref_label`), unless an alert or event
        # gives the reference time.
        ref_time = refs.pop("ref_time")
        markers = reference_markers(time_column=time_column, **refs)
        extra: Dict[str, Any] = {}
        if ref_time is not None and refs["alert"] is None and refs["ref_event"] is None:
            extra["ref_time"] = _iso(ref_time)
            extra["ref_label"] = refs["ref_label"] or "Ref time"
        super().__init__(
            data,
            overlay_data=overlay_ipc,
            time_column=time_column,
            source_columns=source_columns,
            group_by=group_list or None,
            overlay_columns=list(overlay_columns or []),
            ref_markers=kwargs.pop("ref_markers", markers) or markers,
            value_column=value_column,
            **extra,
            **kwargs,
        )
        self._want_rows()

    def _want_rows(self) -> None:
        """Asks the view for the selected rows' cells when the kernel cannot take the rows
        from the data itself: text input, or Arrow bytes without pyarrow."""
        kind = self._source_kind
        own = kind in ("pandas", "polars", "pyarrow", "none") or (
            kind == "bytes" and _is_ipc(bytes(self.data)) and _available("pyarrow")
        )
        self.selected_rows_limit = 0 if own else SELECTED_ROWS_LIMIT

    def set_data(self, data: Any) -> None:
        """Replaces the data (the view recomputes and redraws)."""
        super().set_data(data)
        self.selected_rows = {}
        self._want_rows()

    @property
    def selected(self) -> Any:
        """The selected rows: a frame of the input's kind, or, for input the kernel cannot
        read itself, built from the cells the view sent (see the class's docstring)."""
        if not self.selected_rows_limit:
            return super().selected
        indices = list(self.selected_indices)
        sent = self.selected_rows or {}
        columns = [str(c) for c in sent.get("columns") or []]
        cells = list(sent.get("rows") or []) if indices else []
        if indices and sent.get("total") != len(indices):
            warnings.warn(
                "the view has not sent the selected rows (is it displayed? a selection set "
                "from Python is not sent); returning their positions",
                stacklevel=2,
            )
            return indices
        if len(cells) < len(indices):
            warnings.warn(
                f"only the first {len(cells)} of {len(indices)} selected rows were sent by the view "
                "(install pyarrow to get them all)",
                stacklevel=2,
            )
        return _frame(columns, cells)

    @property
    def selected_overlay_rows(self) -> Any:
        """The selected rows of the overlay data."""
        return take_rows(
            self._overlay_source, self._overlay_kind, bytes(self.overlay_data), self.selected_overlay
        )


def timeline(data: Any, time_column: str = "TimeGenerated", source_columns=None, **kwargs: Any) -> Timeline:
    """``display_timeline``: events as markers, one lane per ``group_by`` value."""
    return Timeline(data, time_column, source_columns, **kwargs)


def timeline_values(
    data: Any,
    value_column: Optional[str] = None,
    time_column: str = "TimeGenerated",
    source_columns=None,
    **kwargs: Any,
) -> Timeline:
    """``display_timeline_values``: a value column over time (``kind`` vbar, line, circle)."""
    value_column = value_column or kwargs.pop("y", None) or kwargs.pop("value_col", None)
    if not value_column:
        raise ValueError("a value column is needed (value_column, y or value_col)")
    return Timeline(data, time_column, source_columns, mode="values", value_column=value_column, **kwargs)


def timeline_duration(
    data: Any,
    group_by: Union[str, Sequence[str]],
    time_column: str = "TimeGenerated",
    end_time_column: Optional[str] = None,
    **kwargs: Any,
) -> Timeline:
    """``display_timeline_duration``: one bar per group from its first to its last event."""
    return Timeline(
        data,
        time_column,
        group_by=group_by,
        mode="duration",
        end_time_column=end_time_column,
        **kwargs,
    )
