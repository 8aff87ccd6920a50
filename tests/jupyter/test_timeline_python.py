"""The Python host package: input kinds, selections back in the input's kind, options.

Run: tests/jupyter/.venv/bin/python -m pytest tests/jupyter/test_timeline_python.py
"""

import importlib
import io

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest

import huntkit
from huntkit import Timeline, timeline_duration, timeline_values
from views_support import DATA, read_ipc as _read

# The module (``huntkit.timeline`` is also the name of a function in the package).
timeline_module = importlib.import_module("huntkit.timeline")


@pytest.fixture(scope="module")
def frame():
    return pd.read_csv(DATA / "processes_on_host.csv", parse_dates=["TimeGenerated"])


def test_pandas_input_round_trips_and_selects(frame):
    view = Timeline(frame, group_by="Account", source_columns=["CommandLine"])
    table = _read(view.data)
    assert table.num_rows == 363
    assert table.column("Account").to_pylist() == frame["Account"].tolist()
    view.selected_indices = [3, 7, 11]
    picked = view.selected
    assert isinstance(picked, pd.DataFrame)
    assert picked["CommandLine"].tolist() == frame["CommandLine"].iloc[[3, 7, 11]].tolist()


def test_polars_pyarrow_stream_and_bytes_inputs(frame):
    arrow_table = pa.Table.from_pandas(frame, preserve_index=False)
    polars_frame = pl.from_arrow(arrow_table)

    view = Timeline(polars_frame, group_by="Account")
    assert not any("view" in str(f.type) for f in _read(view.data).schema)
    view.selected_indices = [0, 5]
    assert isinstance(view.selected, pl.DataFrame)
    assert view.selected["NewProcessName"].to_list() == frame["NewProcessName"].iloc[[0, 5]].tolist()

    view = Timeline(arrow_table)
    view.selected_indices = [2]
    assert isinstance(view.selected, pa.Table)
    assert view.selected.column("EventID").to_pylist() == [int(frame["EventID"].iloc[2])]

    class Stream:  # any producer of the Arrow C stream interface
        def __arrow_c_stream__(self, requested_schema=None):
            return arrow_table.__arrow_c_stream__(requested_schema)

    view = Timeline(Stream())
    assert _read(view.data).num_rows == 363

    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, arrow_table.schema) as writer:
        writer.write_table(arrow_table)
    view = Timeline(sink.getvalue())
    view.selected_indices = [1]
    assert view.selected.num_rows == 1

    assert view.selected_rows_limit == 0, "Arrow bytes and pyarrow: the kernel takes the rows itself"

    # CSV text: the kernel cannot read it as the view does, so the view sends the cells.
    csv_bytes = (DATA / "processes_on_host.csv").read_bytes()
    view = Timeline(csv_bytes)
    assert view.selected_rows_limit == timeline_module.SELECTED_ROWS_LIMIT
    _send_rows(view, frame, [1])
    assert isinstance(view.selected, pa.Table)
    assert view.selected.column("CommandLine").to_pylist() == [frame["CommandLine"].iloc[1]]


def _send_rows(view, frame, rows):
    """Plays the view: a selection of `rows`, their cells sent as the view sends them."""
    columns = ["TimeGenerated", "Account", "EventID", "CommandLine"]
    cells = [
        [frame["TimeGenerated"].iloc[r].isoformat() + "Z", frame["Account"].iloc[r], int(frame["EventID"].iloc[r]), frame["CommandLine"].iloc[r]]
        for r in rows
    ]
    view.selected_indices = list(rows)
    view.selected_rows = {"columns": columns, "rows": cells, "total": len(rows)}


def _kernel_with(monkeypatch, *have):
    """Makes the view see only the modules `have` (a JupyterLite kernel has none of them)."""
    monkeypatch.setattr(timeline_module, "_available", lambda name: name in have)


def test_selected_without_pandas_or_pyarrow_is_a_list_of_records(monkeypatch, frame):
    _kernel_with(monkeypatch)
    ipc = Timeline(frame).data  # Arrow bytes, but no pyarrow in the kernel to read them
    for data in (ipc, (DATA / "processes_on_host.csv").read_text()):
        view = Timeline(data, group_by="Account")
        assert view.selected_rows_limit == timeline_module.SELECTED_ROWS_LIMIT
        assert view.selected == []
        _send_rows(view, frame, [3, 7])
        picked = view.selected
        assert isinstance(picked, list)
        assert [r["CommandLine"] for r in picked] == frame["CommandLine"].iloc[[3, 7]].tolist()
        assert list(picked[0]) == ["TimeGenerated", "Account", "EventID", "CommandLine"], "the data's column order"
        assert picked[0]["TimeGenerated"].endswith("Z")


def test_selected_from_the_views_cells_in_the_frame_the_kernel_has(monkeypatch, frame):
    csv_text = (DATA / "processes_on_host.csv").read_text()
    _kernel_with(monkeypatch, "pandas")
    view = Timeline(csv_text)
    _send_rows(view, frame, [5])
    assert isinstance(view.selected, pd.DataFrame)
    assert view.selected["EventID"].tolist() == [4688]
    _kernel_with(monkeypatch, "polars")
    assert isinstance(view.selected, pl.DataFrame)
    assert view.selected["Account"].to_list() == [frame["Account"].iloc[5]]


def test_selected_before_the_view_sent_its_rows_warns(monkeypatch, frame):
    _kernel_with(monkeypatch)
    view = Timeline((DATA / "processes_on_host.csv").read_bytes())
    view.selected_indices = [2, 4]  # set from Python: the view sends nothing
    with pytest.warns(UserWarning, match="has not sent"):
        assert view.selected == [2, 4]
    _send_rows(view, frame, [2, 4])
    view.selected_rows = {**view.selected_rows, "rows": view.selected_rows["rows"][:1]}
    with pytest.warns(UserWarning, match="only the first 1 of 2"):
        assert len(view.selected) == 1
    # New data: the cells of the old selection are dropped.
    view.set_data((DATA / "processes_on_host.csv").read_bytes())
    assert (view.selected_rows, view.selected_indices) == ({}, [])


def test_result_is_read_as_a_frame_of_the_inputs_kind(frame):
    import datetime as dt

    view = Timeline(frame, group_by="Account")
    summary = pa.table(
        {
            "lane": ["a", "b"],
            "source": ["primary", "primary"],
            "events": pa.array([3, 4], pa.int32()),
            "first": pa.array([0, 1000], pa.timestamp("ms", tz="UTC")),
            "last": pa.array([5000, 6000], pa.timestamp("ms", tz="UTC")),
        }
    )
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, summary.schema) as writer:
        writer.write_table(summary)
    view.result = memoryview(sink.getvalue())  # as the view's bytes arrive
    result = view.result
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == ["lane", "source", "events", "first", "last"]
    assert result["last"].iloc[1].to_pydatetime() == dt.datetime(1970, 1, 1, 0, 0, 6, tzinfo=dt.timezone.utc)


def test_string_views_become_plain_strings():
    table = pa.table({"TimeGenerated": pa.array([0], pa.timestamp("ns")), "s": pa.array(["x"], pa.string_view())})
    view = Timeline(table)
    assert _read(view.data).schema.field("s").type == pa.large_string()


def test_missing_columns_and_unknown_options_raise(frame):
    with pytest.raises(KeyError):
        Timeline(frame, source_columns=["OtherCol"])
    with pytest.raises(KeyError):
        Timeline(frame, time_column="Nope")
    with pytest.raises(TypeError):
        Timeline(frame, colour_by="Account")
    # MSTICPy's ylabel_cols is accepted (it has no effect there either).
    assert Timeline(frame, ylabel_cols=["Computer"]).group_by is None
    assert Timeline(frame).color is None  # the view's palette, not navy
    with pytest.raises(TypeError):
        Timeline(42)
    with pytest.raises(ValueError):
        timeline_values(frame)


def test_reference_parameters_become_markers(frame):
    alert = {"StartTimeUtc": pd.Timestamp("2019-01-15 05:00:00"), "TimeGenerated": pd.Timestamp("2019-01-15 06:00:00")}
    view = Timeline(
        frame,
        alert=alert,
        ref_events=frame.head(2),
        ref_col="Computer",
        ref_times=[(pd.Timestamp("2019-01-15 04:30:00"), "note")],
    )
    labels = [m["label"] for m in view.ref_markers]
    assert labels == ["Alert time", "MSTICAlertsWin1", "MSTICAlertsWin1", "note"]
    assert view.ref_markers[0]["time"].startswith("2019-01-15T05:00:00")
    view = Timeline(frame, ref_time=pd.Timestamp("2019-01-15 05:10:00"), ref_label="Pivot")
    assert (view.ref_time, view.ref_label) == ("2019-01-15T05:10:00", "Pivot")
    view = Timeline(frame, ref_event={"TimeGenerated": "2019-01-15 05:01:00"})
    assert view.ref_markers == [{"time": "2019-01-15 05:01:00", "label": "Event time"}]


def test_modes_and_accessor(frame):
    v = timeline_values(frame, y="EventID", kind=["circle", "line"], group_by="Account")
    assert (v.mode, v.value_column, v.kind) == ("values", "EventID", ["circle", "line"])
    d = timeline_duration(frame, group_by=["Account", "Computer"])
    assert (d.mode, d.group_by) == ("duration", ["Account", "Computer"])
    huntkit.register_pandas_accessor()
    view = frame.huntkit.timeline(group_by="Account", legend="right")
    assert isinstance(view, Timeline) and view.legend == "right"


def test_size_column(frame):
    frame = frame.assign(Weight=(frame["EventID"] % 7 + 4).astype("int64"))
    view = Timeline(frame, group_by="Account", size="Weight")
    assert (view.size_column, view.size) == ("Weight", 10)
    with pytest.raises(KeyError):
        Timeline(frame, size="NoSuchColumn")
    # MSTICPy draws a missing size column at the default size.
    view = Timeline(frame, size="NoSuchColumn", compat="msticpy")
    assert (view.size_column, view.size) == (None, 10)


def test_dict_input_is_one_lane_per_series(frame):
    flows = pd.read_csv(DATA / "az_net_flows.csv", parse_dates=["FlowStartTime"]).head(50)
    view = Timeline(
        {
            "processes": {"data": frame.head(40), "source_columns": ["CommandLine"], "color": "navy"},
            "flows": {"data": flows, "time_column": "FlowStartTime", "source_columns": ["L7Protocol"], "size": 6},
        }
    )
    table = _read(view.data)
    assert view.group_by == ["series"]
    assert table.column("series").to_pylist() == ["processes"] * 40 + ["flows"] * 50
    assert view.source_columns == ["CommandLine", "L7Protocol"]
    assert view.lane_colors == {"processes": "navy"}
    assert view.size_column == "_size"
    assert table.column("_size").to_pylist() == [10.0] * 40 + [6.0] * 50
    times = table.column("TimeGenerated")
    assert str(times.type) == "timestamp[ns, tz=UTC]"
    assert times[40].as_py().replace(tzinfo=None) == flows["FlowStartTime"].iloc[0].to_pydatetime()
    with pytest.raises(KeyError):
        Timeline({"bad": {"data": frame, "time_column": "Nope"}})
    with pytest.raises(TypeError):
        Timeline({"bad": frame})


def test_bundle_is_the_esm():
    assert "hk-tl" in str(Timeline._esm)
