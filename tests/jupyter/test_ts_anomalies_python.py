"""The TimeSeriesAnomalies view's Python side: keywords (and MSTICPy's aliases), checks of
columns and options, the result as a frame of the input's kind, its anomalies and
periods, and the selection.

Run: tests/jupyter/.venv/bin/python -m pytest tests/jupyter/test_ts_anomalies_python.py
"""

import datetime as dt
import subprocess

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest
import traitlets

import huntkit
from huntkit import TimeSeriesAnomalies
from views_support import CLI, DATA as EXAMPLES

DATA = EXAMPLES / "time_series.csv"


@pytest.fixture(scope="module")
def frame():
    return pd.read_csv(DATA, parse_dates=["TimeGenerated"])


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The anomalies table the engine computes (the CLI runs the same engine as the view)."""
    if CLI is None:
        pytest.skip("the huntkit CLI is not built (cargo build --release -p huntkit-cli)")
    out = tmp_path_factory.mktemp("ts") / "scored.arrow"
    args = [str(CLI), "ts-anomalies", str(DATA), "--time-column", "TimeGenerated", "--value-column", "TotalBytesSent",
            "--period", "24", "--format", "arrow", "-o", str(out)]
    subprocess.run(args, check=True, capture_output=True)
    return out.read_bytes()


def test_lazy_import_and_defaults(frame):
    assert huntkit.TimeSeriesAnomalies is TimeSeriesAnomalies
    view = TimeSeriesAnomalies(frame, value_column="TotalBytesSent")
    assert (view.time_column, view.value_column) == ("TimeGenerated", "TotalBytesSent")
    assert view.period is None and view.seasonal == 7 and view.robust is False
    assert view.score_threshold == 3.0 and view.threshold_low is None
    assert view.anomalies_column == "anomalies" and view.analyze is True and view.bucket is None
    assert view.compat == "huntkit" and view.legend == "top_left" and view.kind == "circle_x"
    assert view.color == ["navy", "green", "firebrick"]
    assert (view.xgrid, view.ygrid, view.yaxis, view.range_tool) == (False, False, True, True)
    assert pa.ipc.open_stream(view.data).read_all().num_rows == 840
    assert view._esm  # the built module, or a message naming the missing build
    assert view.result is None and view.anomalies is None and view.periods == []


def test_msticpy_keywords(frame):
    view = TimeSeriesAnomalies(frame, data_column="TotalBytesSent", period=24, score_threshold=2.5, seasonal=9)
    assert (view.value_column, view.period, view.score_threshold, view.seasonal) == ("TotalBytesSent", 24, 2.5, 9)
    view = TimeSeriesAnomalies(frame, y="TotalBytesSent", x="TimeGenerated", threshold=2, threshold_low=1)
    assert (view.value_column, view.time_column, view.score_threshold, view.threshold_low) == ("TotalBytesSent", "TimeGenerated", 2.0, 1.0)
    # MSTICPy fills a short or partly empty colour list with its defaults.
    assert TimeSeriesAnomalies(frame, color=["red", None]).color == ["red", "green", "firebrick"]
    assert TimeSeriesAnomalies(frame, color=["a", "b", "c", "d"]).color == ["a", "b", "c", "d"]
    assert TimeSeriesAnomalies(frame, compat="none").compat == "huntkit"
    assert TimeSeriesAnomalies(frame, compat="msticpy").compat == "msticpy"


def test_bucket_and_analyze_options(frame):
    assert TimeSeriesAnomalies(frame, bucket="15min").bucket == "15min"
    assert TimeSeriesAnomalies(frame, bucket=True).bucket is True
    assert TimeSeriesAnomalies(frame, bucket=False).bucket is False
    view = TimeSeriesAnomalies(frame, analyze=False, value_column="TotalBytesSent")
    assert view.analyze is False
    with pytest.raises(KeyError, match="flags"):
        TimeSeriesAnomalies(frame, analyze=False, anomalies_column="flags")
    with pytest.raises(KeyError, match="baseline"):
        TimeSeriesAnomalies(frame[["TimeGenerated", "TotalBytesSent", "score", "anomalies"]], analyze=False)


def test_unknown_keywords_and_missing_columns(frame):
    with pytest.raises(TypeError, match="frobnicate"):
        TimeSeriesAnomalies(frame, frobnicate=1)
    with pytest.raises(KeyError, match="Nope"):
        TimeSeriesAnomalies(frame, value_column="Nope")
    with pytest.raises(KeyError, match="When"):
        TimeSeriesAnomalies(frame, time_column="When")
    with pytest.raises(traitlets.TraitError):
        TimeSeriesAnomalies(frame, kind="star")
    with pytest.raises(traitlets.TraitError):
        TimeSeriesAnomalies(frame, period=1)


def test_reference_keywords(frame):
    view = TimeSeriesAnomalies(frame, ref_time=dt.datetime(2019, 5, 20, tzinfo=dt.timezone.utc), ref_label="Alert")
    assert view.ref_markers == [{"time": "2019-05-20T00:00:00+00:00", "label": "Alert"}]
    view = TimeSeriesAnomalies(frame, ref_times=[("2019-05-10T00:00:00Z", "one"), ("2019-05-11T00:00:00Z", "two")])
    assert [m["label"] for m in view.ref_markers] == ["one", "two"]


def test_result_anomalies_and_periods(frame, scored):
    view = TimeSeriesAnomalies(frame, value_column="TotalBytesSent", period=24)
    view.result = scored  # what the browser writes back
    result = view.result
    assert isinstance(result, pd.DataFrame)
    assert len(result) == 840
    assert list(result.columns) == ["TimeGenerated", "TotalBytesSent", "residual", "trend", "seasonal", "weights", "baseline", "score", "anomalies"]
    flagged = view.anomalies
    assert len(flagged) == int((result["anomalies"] != 0).sum())
    assert set(flagged["anomalies"]) <= {-1, 1}
    # MSTICPy's three high anomalies at period 24 are among them.
    highs = set(flagged[flagged["anomalies"] == 1]["TimeGenerated"].dt.strftime("%Y-%m-%d %H:%M"))
    assert {"2019-05-13 17:00", "2019-05-17 21:00", "2019-05-26 05:00"} <= highs
    view.anomaly_spans = [["2019-05-13T16:00:00.000Z", "2019-05-13T18:00:00.000Z"]]
    assert view.periods == [(dt.datetime(2019, 5, 13, 16, tzinfo=dt.timezone.utc), dt.datetime(2019, 5, 13, 18, tzinfo=dt.timezone.utc))]


def test_polars_and_pyarrow_inputs_keep_their_kind(frame, scored):
    pview = TimeSeriesAnomalies(pl.from_pandas(frame), value_column="TotalBytesSent")
    pview.result = scored
    assert isinstance(pview.result, pl.DataFrame)
    assert pview.anomalies.height == pview.result.filter(pl.col("anomalies") != 0).height
    aview = TimeSeriesAnomalies(pa.Table.from_pandas(frame), value_column="TotalBytesSent")
    aview.result = scored
    assert isinstance(aview.result, pa.Table)
    assert aview.anomalies.num_rows == pview.anomalies.height


def test_selection_is_input_rows(frame):
    view = TimeSeriesAnomalies(frame, value_column="TotalBytesSent")
    view.selected_indices = [3, 4, 5]
    assert list(view.selected["TotalBytesSent"]) == list(frame["TotalBytesSent"][3:6])
    view.set_data(frame.iloc[:100])
    assert view.selected_indices == []
