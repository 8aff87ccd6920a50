"""MSTICPy's ``msticpy.analysis.timeseries``, decomposed by huntkit's engine.

STL decomposition of an hourly (or any evenly spaced) series, z-scores of the
residual, anomaly flags, the periods around the anomalies and a KQL filter selecting
them.

>>> import pandas as pd
>>> from huntkit.msticpy import timeseries_anomalies_stl, find_anomaly_periods
>>> df = pd.read_csv("time_series.csv", parse_dates=["TimeGenerated"])     # doctest: +SKIP
>>> out = timeseries_anomalies_stl(df, time_column="TimeGenerated",
...                                data_column="TotalBytesSent")             # doctest: +SKIP
>>> len(out.query("anomalies != 0")), len(find_anomaly_periods(out))       # doctest: +SKIP
(3, 3)

``compat="msticpy"`` (the default here) gives MSTICPy's numbers exactly (integer
columns, only high scores flagged, the sign from the seasonal component);
``compat="huntkit"`` flags high and low scores by the score's sign (see
``huntkit.ts_anomalies``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional

from ._common import MsticpyException, check_compat, check_kwargs, is_frame, pandas

__all__ = [
    "timeseries_anomalies_stl",
    "ts_anomalies_stl",
    "extract_anomaly_periods",
    "find_anomaly_periods",
    "create_time_period_kqlfilter",
    "set_new_anomaly_threshold",
    "TimeSpan",
]

_STL_ARGS = ["seasonal", "period", "score_threshold", "time_column", "data_column", "compat"]


class TimeSpan:
    """A span of time (MSTICPy's ``msticpy.common.timespan.TimeSpan``): ``start``,
    ``end`` and ``period`` (their difference), as pandas Timestamps.

    >>> TimeSpan(start="2019-05-13 16:00:00+00:00", end="2019-05-13 18:00:00+00:00").period
    Timedelta('0 days 02:00:00')
    """

    def __init__(
        self,
        timespan: Any = None,
        start: Any = None,
        end: Any = None,
        period: Any = None,
    ) -> None:
        pd = pandas()
        if isinstance(timespan, TimeSpan):
            start, end = timespan.start, timespan.end
        elif isinstance(timespan, tuple) and len(timespan) == 2:
            start, end = timespan
        if start is not None:
            start = pd.Timestamp(start)
        if end is not None:
            end = pd.Timestamp(end)
        if period is not None:
            period = pd.Timedelta(period)
            if start is None and end is not None:
                start = end - period
            elif end is None and start is not None:
                end = start + period
            elif start is None and end is None:
                end = pd.Timestamp.now(tz="UTC")
                start = end - period
        if start is None or end is None:
            raise ValueError("A TimeSpan needs a start and an end, or one of them and a period")
        if start > end:
            start, end = end, start
        self._start = start
        self._end = end

    @property
    def start(self) -> Any:
        """The start."""
        return self._start

    @property
    def end(self) -> Any:
        """The end."""
        return self._end

    @property
    def period(self) -> Any:
        """``end - start``."""
        return self._end - self._start

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeSpan) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"TimeSpan(start={self.start}, end={self.end}, period={self.period})"

    __str__ = __repr__


def timeseries_anomalies_stl(data: Any, **kwargs: Any) -> Any:
    """Decomposes a series with STL and flags anomalies (MSTICPy's
    ``ts_anomalies_stl``).

    Keyword Args:
        seasonal (int): length of the seasonal smoother, odd; default 7.
        period (int): season length in samples; default 24.
        score_threshold (float): z-score above which a point is an anomaly; default 3.0.
        time_column (str): the time column; without it the frame's index is the time.
        data_column (str): the value column; default the first (other) column.
        compat (str): ``"msticpy"`` (default) or ``"huntkit"``.

    Any other keyword raises ``NameError``; a non-DataFrame raises
    :class:`MsticpyException`.

    Returns:
        The time and value columns, ``residual, trend, seasonal, weights, baseline``
        (int64 under ``compat="msticpy"``), ``score`` and ``anomalies`` (-1, 0, 1),
        sorted by time.
    """
    pd = pandas()
    if not isinstance(data, pd.DataFrame):
        raise MsticpyException("input data should be a pandas dataframe")
    check_kwargs(kwargs, _STL_ARGS, "timeseries_anomalies_stl")
    compat = check_compat(kwargs.get("compat"))
    time_column = kwargs.get("time_column")
    frame = data
    if time_column is None:
        frame = data.reset_index()
        time_column = frame.columns[0]
        if data.index.name is None and time_column != "index":
            frame = frame.rename(columns={time_column: "index"})
            time_column = "index"
    value_column = kwargs.get("data_column")
    if value_column is None:
        value_column = next(c for c in frame.columns if c != time_column)
    options: Dict[str, Any] = {
        "compat": compat,
        "seasonal": kwargs.get("seasonal", 7),
        "period": kwargs.get("period", 24),
        "threshold": kwargs.get("score_threshold", 3.0),
    }
    import huntkit

    timed = pd.api.types.is_datetime64_any_dtype(frame[time_column])
    if timed:
        out = huntkit.ts_anomalies(
            frame[[time_column, value_column]], time_column, value_column, **options
        )
        if getattr(frame[time_column].dt, "tz", None) is None:
            out[time_column] = out[time_column].dt.tz_localize(None)
    else:
        # An index that is not time: the series is taken in index order, as STL does.
        ordered = frame[[time_column, value_column]].sort_values(time_column, kind="stable")
        out = huntkit.ts_anomalies(ordered[[value_column]], None, value_column, **options)
        out.insert(0, time_column, ordered[time_column].to_numpy())
    return out.reset_index(drop=True)


#: MSTICPy's short name for :func:`timeseries_anomalies_stl`.
ts_anomalies_stl = timeseries_anomalies_stl


def _periods(data: Any, time_column: str, period: str, pos_only: bool, anomalies_column: str) -> List[Any]:
    pd = pandas()
    if not is_frame(data):
        raise MsticpyException("input data should be a pandas dataframe")
    import huntkit

    frame = data[[time_column, anomalies_column]]
    if not pd.api.types.is_datetime64_any_dtype(frame[time_column]):
        frame = frame.assign(**{time_column: pd.to_datetime(frame[time_column], utc=True)})
    spans = huntkit.anomaly_periods(
        frame,
        time_column=time_column,
        period=period,
        pos_only=pos_only,
        anomalies_column=anomalies_column,
        compat="msticpy",
    )
    return [(pd.Timestamp(s.start), pd.Timestamp(s.end)) for s in spans]


def extract_anomaly_periods(
    data: Any,
    time_column: str = "TimeGenerated",
    period: str = "1h",
    pos_only: bool = True,
    anomalies_column: str = "anomalies",
) -> Dict[Any, Any]:
    """The periods around the anomalies of a scored frame, ``{start: end}``: flagged
    times are binned by ``period``, each opens ``[t - period, t + period]`` and a bin at
    most two periods after the previous one extends the current period.

    Args:
        data: a frame scored by :func:`timeseries_anomalies_stl`.
        time_column: its time column.
        period: bin width and padding (a pandas offset, e.g. ``"1h"``).
        pos_only: only ``+1`` anomalies (default), or ``-1`` ones too.
        anomalies_column: the flag column.
    """
    return dict(_periods(data, time_column, period, pos_only, anomalies_column))


def find_anomaly_periods(
    data: Any,
    time_column: str = "TimeGenerated",
    period: str = "1h",
    pos_only: bool = True,
    anomalies_column: str = "anomalies",
) -> List[TimeSpan]:
    """The periods of :func:`extract_anomaly_periods` as a list of :class:`TimeSpan`."""
    return [
        TimeSpan(start=s, end=e)
        for s, e in _periods(data, time_column, period, pos_only, anomalies_column)
    ]


def create_time_period_kqlfilter(periods: Dict[Any, Any], *, compat: Optional[str] = None) -> str:
    """A KQL ``where`` clause selecting the periods (``{start: end}``, as
    :func:`extract_anomaly_periods` gives them).

    As MSTICPy, the column is ``TimeGenerated`` and no periods give ``"| where "``
    (quirk Q-T3); ``compat="huntkit"`` gives ``""`` for no periods.

    >>> import pandas as pd
    >>> create_time_period_kqlfilter({pd.Timestamp("2019-05-13 16:00", tz="UTC"):
    ...                               pd.Timestamp("2019-05-13 18:00", tz="UTC")})
    '| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. datetime(2019-05-13 18:00:00+00:00))'
    """
    if check_compat(compat) != "msticpy" and not periods:
        return ""
    pd = pandas()

    def text(t: Any) -> str:
        return str(pd.Timestamp(t)) if isinstance(t, (datetime, str)) else str(t)

    return "| where " + " or ".join(
        f"TimeGenerated between (datetime({text(s)}) .. datetime({text(e)}))"
        for s, e in periods.items()
    )


def set_new_anomaly_threshold(
    data: Any,
    threshold: float,
    threshold_low: Optional[float] = None,
    anomalies_column: str = "anomalies",
) -> Any:
    """Flags a scored frame again: ``1`` where ``score >= threshold``, ``-1`` where
    ``score <= -threshold_low`` (default ``threshold``), else 0. The flag column is
    replaced and moved to the end; the other columns are kept as they are.
    """
    pd = pandas()
    if not isinstance(data, pd.DataFrame):
        raise MsticpyException("input data should be a pandas dataframe")
    import huntkit

    flags = huntkit.apply_threshold(
        data["score"], threshold=threshold, threshold_low=threshold_low, compat="msticpy"
    )
    out = data.drop(columns=[anomalies_column], errors="ignore").copy()
    out[anomalies_column] = pd.Series(flags, index=data.index).astype("int64")
    return out
