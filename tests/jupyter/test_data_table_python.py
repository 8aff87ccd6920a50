"""The DataTable view's Python side: options named after MSTICPy's DataViewer, checks,
filters given as Python values, and reading back the rows shown and the selection.

Run: tests/jupyter/.venv/bin/python -m pytest -q tests/jupyter/test_data_table_python.py
"""

import datetime as dt
import json

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest

import huntkit
from huntkit import DataTable
from views_support import DATA, ipc_bytes as _ipc, read_ipc as _read



@pytest.fixture(scope="module")
def logons():
    return pd.read_csv(DATA / "host_logons.csv", parse_dates=["TimeGenerated"])


@pytest.fixture(scope="module")
def alerts():
    return pd.DataFrame(
        {
            "AlertName": ["Suspicious PowerShell", "Rare logon"],
            "Entities": [
                json.dumps([{"Type": "host", "HostName": "web01"}, {"Type": "account", "Name": "bob"}]),
                json.dumps([{"Type": "ip", "Address": "10.0.0.5"}]),
            ],
        }
    )


def test_lazy_import_and_module():
    assert huntkit.DataTable is DataTable
    assert "data_table" in str(DataTable._esm) or "missing" in str(DataTable._esm)


def test_defaults_follow_msticpy(logons):
    view = DataTable(logons)
    assert _read(view.data).num_rows == 25
    assert view.selected_cols is None
    assert view.hidden_cols == []
    assert view.show_tenant_id is False
    assert view.show_index is False
    assert view.max_col_width == 500
    assert view.header_filters is True
    assert view.selectable == "multi"
    assert view.sort_by == [] and view.ascending == [] and view.filters == {}


def test_options_and_their_normal_forms(logons):
    view = DataTable(
        logons,
        ["Account", "TimeGenerated", "LogonType"],
        hidden_cols=["NotThere"],  # hiding an absent column is harmless, as in MSTICPy
        detail_cols=["Account", "IpAddress"],
        selectable="single",
        sort_by="TimeGenerated",
        ascending=False,
        filters={
            "Account": "admin",
            "LogonType": (3, None),
            "EventID": 4624,
            "TimeGenerated": (dt.datetime(2019, 2, 12, 4, 37), pd.Timestamp("2019-02-12 04:40")),
            "IpAddress": "",
        },
        height=300,
        title="Logons",
    )
    assert view.selected_cols == ["Account", "TimeGenerated", "LogonType"]
    assert view.detail_cols == ["Account", "IpAddress"]
    assert view.selectable == "single"
    assert view.sort_by == ["TimeGenerated"] and view.ascending == [False]
    assert view.filters == {
        "Account": "admin",
        "LogonType": "3..",
        "EventID": "=4624",
        "TimeGenerated": "2019-02-12 04:37:00..2019-02-12 04:40:00",
    }
    assert view.height == 300 and view.title == "Logons"
    assert DataTable(logons, selectable=False).selectable == "none"
    assert DataTable(logons, selectable="checkbox").selectable == "multi"
    assert DataTable(logons, sort_by=["Account", "EventID"], ascending=[True, False]).ascending == [True, False]


def test_refuses_unknown_options_and_missing_columns(logons):
    with pytest.raises(TypeError, match="page_size"):
        DataTable(logons, page_size=20)
    with pytest.raises(KeyError, match="Nope"):
        DataTable(logons, selected_cols=["Account", "Nope"])
    with pytest.raises(KeyError, match="Gone"):
        DataTable(logons, detail_cols=["Gone"])
    with pytest.raises(KeyError, match="Missing"):
        DataTable(logons, sort_by="Missing")
    with pytest.raises(KeyError, match="Absent"):
        DataTable(logons, filters={"Absent": "x"})
    with pytest.raises(ValueError, match="ascending"):
        DataTable(logons, sort_by=["Account"], ascending=[True, False])
    with pytest.raises(ValueError, match="selectable"):
        DataTable(logons, selectable="lasso")
    with pytest.raises(ValueError, match="range"):
        DataTable(logons, filters={"LogonType": (1, 2, 3)})


def test_result_and_selection_read_back_in_the_input_kind(logons):
    view = DataTable(logons)
    # The browser writes the positions of the rows it shows (here: rows 4, 2 and 0, as
    # after a sort and a filter) and the selection; the rows come from the kernel's frame,
    # index and all.
    view.result = _ipc(pa.table({"SourceIndex": pa.array([4, 2, 0], pa.uint32())}))
    assert isinstance(view.result, pd.DataFrame)
    assert view.result["TargetLogonId"].tolist() == logons["TargetLogonId"].iloc[[4, 2, 0]].tolist()
    assert view.result.index.tolist() == logons.index[[4, 2, 0]].tolist()
    assert view.current_view is view.result
    assert view.filtered_data is view.result
    view.selected_indices = [2, 4]
    assert view.selection == [2, 4]
    assert view.selected["TargetLogonId"].tolist() == logons["TargetLogonId"].iloc[[2, 4]].tolist()
    assert view.selected_dataframe["Account"].tolist() == view.selected["Account"].tolist()
    assert view.value is logons


def test_polars_and_pyarrow_inputs(logons):
    table = pa.Table.from_pandas(logons, preserve_index=False)
    view = DataTable(pl.from_arrow(table))
    view.result = _ipc(pa.table({"SourceIndex": pa.array([2, 0, 1], pa.uint32())}))
    assert isinstance(view.result, pl.DataFrame) and view.result.height == 3
    assert view.result["TargetLogonId"].to_list() == logons["TargetLogonId"].iloc[[2, 0, 1]].tolist()
    view = DataTable(table)
    view.result = _ipc(pa.table({"SourceIndex": pa.array([1], pa.uint32())}))
    assert isinstance(view.result, pa.Table) and view.result.num_rows == 1
    view = DataTable(table, show_index=True)
    view.selected_indices = [1]
    assert isinstance(view.selected, pa.Table) and view.selected.num_rows == 1


def test_nested_json_column_and_bytes_input(alerts):
    view = DataTable(alerts, detail_cols=["Entities"])
    entities = _read(view.data).column("Entities").to_pylist()
    assert json.loads(entities[0])[1]["Name"] == "bob"
    csv = (DATA / "processes_on_host.csv").read_bytes()
    view = DataTable(csv, sort_by="CommandLine")  # columns unknown until the view parses the bytes
    assert view.data == csv and view.sort_by == ["CommandLine"]


def test_set_data_resets_the_selection(logons, alerts):
    view = DataTable(logons)
    view.selected_indices = [1, 2]
    view.set_data(alerts)
    assert view.selected_indices == []
    assert _read(view.data).num_rows == 2
