"""The TimeSeriesAnomalies view: a series decomposed with STL, its anomalies, and a
threshold to move.

Parameters follow MSTICPy's ``timeseries_anomalies_stl`` (the analysis) and
``display_timeseries_anomalies`` (the plot); the differences are listed in the docstring
of :class:`TimeSeriesAnomalies`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, List, Optional, Sequence, Tuple, Union

import traitlets as t

from ._view import Compat, View, require_columns, set_aliases, view_module
from .timeline import pop_references, reference_markers

__all__ = ["TimeSeriesAnomalies"]

KINDS = ["circle_x", "cross", "diamond", "diamond_cross"]


def _iso_time(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


class TimeSeriesAnomalies(View):
    """Time-series anomalies: the observed values, the STL baseline, anomalies above and
    below it, the score with its thresholds, and a range selector.

    ``TimeSeriesAnomalies(data, time_column="TimeGenerated", value_column=None,
    period=None, score_threshold=3.0, ...)``

    * ``data``: pandas or polars DataFrame, pyarrow Table, anything with
      ``__arrow_c_stream__``, or Arrow IPC / CSV / JSON bytes: a series (one row per time)
      or raw events.
    * Analysis (in the browser, by the huntkit engine): ``value_column`` (MSTICPy's
      ``data_column``; also ``y``; default the first numeric column that is not the time)
      is decomposed with STL (``period`` in samples, ``seasonal`` = 7, ``robust`` = False)
      and every point is scored (the residual's z-score): above ``score_threshold`` it is
      a high anomaly (+1), below ``-threshold_low`` (default: the same threshold) a low
      one (-1).
    * Events: with ``bucket`` unset, data whose times are not evenly spaced and distinct
      are counted per interval first (or ``value_column`` summed per interval): the usual
      step when most gaps share one, else "1h" when that gives 48 to 100,000 buckets, else
      the smallest of 1s ... 7d giving at most 1,000. ``bucket="15min"`` (any interval)
      or ``True`` (the automatic interval) always buckets; ``False`` never does.
    * ``analyze=False`` draws the data's own ``baseline``, ``score`` and
      ``anomalies_column`` (KQL's ``series_decompose_anomalies`` output, as MSTICPy's
      ``display_timeseries_anomalies`` does); the slider re-flags its ``score``.
    * The view: the threshold slider re-flags at once without decomposing again; the
      legend hides layers; the range selector, wheel and drag move the time axis; a click
      selects a point, Shift+drag (or Select) a time range, and the arrow keys move from
      anomaly to anomaly; hover shows time, value, baseline and score; PNG and SVG export.
      The anomaly periods (padded by ``anomaly_period``, default the series' step) and
      their KQL filter are shown to copy, and kept in ``anomaly_spans`` and ``kql_filter``.
    * ``result``: the anomalies table at the current threshold (time, value, residual,
      trend, seasonal, weights, baseline, score, ``anomalies_column``), a frame of the
      input's kind; ``anomalies`` its flagged rows; ``selected`` the input rows selected
      (every event of a selected bucket).
    * Plot options as MSTICPy's: ``title``, ``width``, ``height``, ``legend``
      ("top_left", "top_right", "bottom_left", "bottom_right" or "none"), ``xgrid``,
      ``ygrid``, ``yaxis``, ``range_tool``, ``color`` (observed, baseline, high anomalies,
      and a fourth for low ones), ``kind`` (the anomaly marker), ``ref_time`` /
      ``ref_label`` and MSTICPy's other reference keywords.

    Differences from MSTICPy: ``period`` is the STL period (MSTICPy's plot used its
    ``period`` only to size the plot); unset, it is detected from the periodogram, or 24
    with ``compat="msticpy"``. Low anomalies are flagged by the score's sign, not the
    seasonal component's, and drawn; ``compat="msticpy"`` reproduces
    ``timeseries_anomalies_stl`` exactly (integer columns, only high scores flagged, the
    sign taken from the seasonal component), re-flags with ``set_new_anomaly_threshold``'s
    rules, draws only +1 and pads periods by "1h". Events are bucketed (MSTICPy needs a
    series). Unknown keyword arguments raise ``TypeError`` (not ``NameError``); missing
    columns raise ``KeyError``.
    """

    _esm = view_module("ts_anomalies")
    _label = "TimeSeriesAnomalies"

    time_column = t.Unicode("TimeGenerated").tag(sync=True)
    value_column = t.Unicode(None, allow_none=True).tag(sync=True)
    period = t.Int(None, allow_none=True, min=2).tag(sync=True)
    seasonal = t.Int(7, min=3).tag(sync=True)
    robust = t.Bool(False).tag(sync=True)
    score_threshold = t.Float(3.0).tag(sync=True)
    threshold_low = t.Float(None, allow_none=True).tag(sync=True)
    anomalies_column = t.Unicode("anomalies").tag(sync=True)
    analyze = t.Bool(True).tag(sync=True)
    bucket = t.Union([t.Bool(), t.Unicode()], default_value=None, allow_none=True).tag(sync=True)
    anomaly_period = t.Unicode(None, allow_none=True).tag(sync=True)
    pos_only = t.Bool(None, allow_none=True).tag(sync=True)
    compat = Compat().tag(sync=True)
    legend = t.Unicode("top_left").tag(sync=True)
    xgrid = t.Bool(False).tag(sync=True)
    ygrid = t.Bool(False).tag(sync=True)
    yaxis = t.Bool(True).tag(sync=True)
    range_tool = t.Bool(True).tag(sync=True)
    color = t.List(t.Unicode(), ["navy", "green", "firebrick"]).tag(sync=True)
    kind = t.Enum(KINDS, "circle_x").tag(sync=True)
    ref_markers = t.List(t.Dict()).tag(sync=True)
    # Written by the view.
    kql_filter = t.Unicode("").tag(sync=True)
    anomaly_spans = t.List(t.List(t.Unicode())).tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        time_column: str = "TimeGenerated",
        value_column: Optional[str] = None,
        *,
        data_column: Optional[str] = None,
        y: Optional[str] = None,
        x: Optional[str] = None,
        threshold: Optional[float] = None,
        color: Union[str, Sequence[Optional[str]], None] = None,
        **kwargs: Any,
    ) -> None:
        time_column = x or time_column
        value_column = value_column or data_column or y
        set_aliases(kwargs, score_threshold=threshold)
        if color is not None:
            # MSTICPy fills missing entries of the list with its defaults.
            given = [color] if isinstance(color, str) else list(color)
            defaults = ["navy", "green", "firebrick", "darkorange"]
            kwargs["color"] = [str(c) if c else d for c, d in zip(given + [None] * 4, defaults)][: max(3, len(given))]
        wanted: List[Optional[str]] = [time_column, value_column]
        if kwargs.get("analyze") is False:
            wanted += ["baseline", "score", kwargs.get("anomalies_column", "anomalies")]
        markers = reference_markers(time_column=time_column, **pop_references(kwargs))
        if markers and "ref_markers" not in kwargs:
            kwargs["ref_markers"] = markers
        self._refuse_unknown(kwargs)
        require_columns(data, wanted)
        super().__init__(data, time_column=time_column, value_column=value_column, **kwargs)

    @property
    def anomalies(self) -> Any:
        """The flagged rows of ``result`` (anomalies != 0), or None before the view has drawn."""
        frame = self.result
        if frame is None:
            return None
        name = self.anomalies_column
        if hasattr(frame, "iloc"):
            return frame[frame[name] != 0]
        if hasattr(frame, "filter") and hasattr(frame, "to_arrow"):
            import polars as pl

            return frame.filter(pl.col(name) != 0)
        if hasattr(frame, "schema"):
            import pyarrow.compute as pc

            return frame.filter(pc.not_equal(frame.column(name), 0))
        return frame

    @property
    def periods(self) -> List[Tuple[_dt.datetime, _dt.datetime]]:
        """The anomaly periods as ``(start, end)`` UTC datetimes (MSTICPy's ``find_anomaly_periods``)."""
        return [(_iso_time(a), _iso_time(b)) for a, b in self.anomaly_spans]
