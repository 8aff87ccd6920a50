"""The ProcessTree view's Python side: MSTICPy's parameters, schemas (names, dicts,
ProcSchema-like dataclasses), errors naming what is wrong, selection back as input rows
and proc_keys, output_var, and the engine's tree table as ``result``.

Run: tests/jupyter/.venv/bin/python -m pytest -q tests/jupyter/test_process_tree_python.py
"""

import dataclasses
import sys
from typing import Optional

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest

import huntkit
from huntkit import ProcessTree
from huntkit.process_tree import build_and_show_process_tree, plot_process_tree, schema_value
from views_support import DATA, ipc_bytes as _ipc, read_ipc as _read



@pytest.fixture(scope="module")
def win():
    return pd.read_csv(DATA / "win_proc_test.csv", parse_dates=["TimeGenerated", "TimeCreatedUtc"])


@dataclasses.dataclass
class ProcSchema:  # the shape of MSTICPy's msticpy.transform.proc_tree_schema.ProcSchema
    process_name: str
    process_id: str
    parent_id: str
    time_stamp: str
    cmd_line: Optional[str] = None
    path_separator: str = "\\"
    user_name: Optional[str] = None
    logon_id: Optional[str] = None
    host_name_column: Optional[str] = None
    parent_name: Optional[str] = None
    target_logon_id: Optional[str] = None
    user_id: Optional[str] = None
    event_id_column: Optional[str] = None
    event_id_identifier: Optional[int] = None


def test_lazy_import_and_module():
    assert huntkit.ProcessTree is ProcessTree
    assert "process_tree" in str(ProcessTree._esm) or "process tree view is missing" in str(ProcessTree._esm)


def test_msticpy_parameters_become_traits(win):
    view = ProcessTree(win, None, None, "SubjectUserName", True, height=500, title="T", hide_legend=True, pid_fmt="dec")
    assert view.schema == "auto"
    assert view.legend_col == "SubjectUserName"
    assert view.show_table is True
    assert (view.height, view.title, view.hide_legend, view.pid_fmt) == (500, "T", True, "dec")
    assert _read(view.data).num_rows == 1000
    assert view.result is None  # the engine builds the tree in the browser
    view = plot_process_tree(win, schema="windows", legend_col="NewProcessName", max_depth=4)
    assert (view.schema, view.max_depth) == ("windows", 4)
    view = build_and_show_process_tree(win, legend_col="NewProcessName")
    assert view.legend_col == "NewProcessName"


def test_schemas_by_name_dict_and_dataclass(win):
    assert schema_value("MDE_Internal") == "mde-internal"
    assert schema_value(None) == "auto"
    win_schema = ProcSchema(
        process_name="NewProcessName", process_id="NewProcessId", parent_id="ProcessId",
        time_stamp="TimeGenerated", cmd_line="CommandLine", user_name="SubjectUserName",
        target_logon_id="TargetLogonId", user_id="NoSuchColumn", event_id_column="EventID",
        event_id_identifier=4688,
    )  # fmt: skip
    view = ProcessTree(win, schema=win_schema)
    assert view.schema["process_name"] == "NewProcessName"
    assert view.schema["event_id_identifier"] == 4688
    assert "logon_id" not in view.schema  # unset fields are left out
    # A column the mapping names for an optional field may be absent (MSTICPy's minimal schema).
    assert view.schema["user_id"] == "NoSuchColumn"
    view = ProcessTree(win, schema={"processName": "NewProcessName", "processId": "NewProcessId", "parentId": "ProcessId", "timeStamp": "TimeGenerated"})
    assert view.schema["process_name"] == "NewProcessName"


def test_errors_name_what_is_wrong(win):
    with pytest.raises(TypeError, match="bogus"):
        ProcessTree(win, bogus=1)
    with pytest.raises(KeyError, match="Nope"):
        ProcessTree(win, legend_col="Nope")
    with pytest.raises(KeyError, match="exe, pid, ppid"):
        ProcessTree(win, schema="linux")
    with pytest.raises(KeyError, match="Image"):
        ProcessTree(win, schema={"process_name": "Image", "process_id": "NewProcessId", "parent_id": "ProcessId", "time_stamp": "TimeGenerated"})
    with pytest.raises(ValueError, match="time_stamp"):
        ProcessTree(win, schema={"process_name": "NewProcessName", "process_id": "NewProcessId", "parent_id": "ProcessId"})
    with pytest.raises(ValueError, match="unknown schema field"):
        ProcessTree(win, schema={"process_name": "a", "process_id": "b", "parent_id": "c", "time_stamp": "d", "colour": "e"})
    with pytest.raises(ValueError, match="schema must be one of"):
        ProcessTree(win, schema="<img src=x>")
    with pytest.raises(ValueError, match="output_var"):
        ProcessTree(win, output_var="not a name")
    with pytest.raises(t_error()):
        ProcessTree(win, pid_fmt="oct")
    # A tree column may colour the boxes although the input lacks it.
    assert ProcessTree(win, legend_col="depth").legend_col == "depth"


def t_error():
    import traitlets

    return traitlets.TraitError


def _fake_result(win) -> bytes:
    """A tree table as the view publishes it: a synthesised root, then the input rows."""
    n = len(win)
    table = pa.table({
        "NewProcessId": ["0x270", *win["NewProcessId"].astype(str)],
        "proc_key": ["root", *[f"key{i}" for i in range(n)]],
        "source_row": pa.array([None, *range(n)], pa.uint64()),
    })  # fmt: skip
    return _ipc(table)


def test_selection_is_input_rows_and_keys(win):
    view = ProcessTree(win)
    view.selected_indices = [852, 3]
    picked = view.selected
    assert isinstance(picked, pd.DataFrame)
    assert picked["NewProcessId"].tolist() == win["NewProcessId"].iloc[[852, 3]].tolist()
    assert view.selected_keys == []  # no result before the view has drawn
    view.result = _fake_result(win)
    assert sorted(view.selected_keys) == ["key3", "key852"]
    assert isinstance(view.result, pd.DataFrame)
    assert len(view.result) == 1001

    polars_view = ProcessTree(pl.from_pandas(win))
    polars_view.selected_indices = [1]
    assert isinstance(polars_view.selected, pl.DataFrame)


def test_output_var_receives_selected_proc_keys(win, monkeypatch):
    namespace = {}
    monkeypatch.setattr("huntkit.process_tree._user_namespace", lambda: namespace)
    view = ProcessTree(win, output_var="chosen")
    view.result = _fake_result(win)
    view.selected_indices = [5, 7]
    assert namespace["chosen"] == ["key5", "key7"]
    view.selected_indices = []
    assert namespace["chosen"] == []


def test_output_var_without_ipython_goes_to_main(win):
    view = ProcessTree(win, output_var="hk_process_tree_selection")
    view.result = _fake_result(win)
    view.selected_indices = [0]
    assert vars(sys.modules["__main__"])["hk_process_tree_selection"] == ["key0"]
    del vars(sys.modules["__main__"])["hk_process_tree_selection"]


def test_other_inputs(win):
    linux = pd.read_csv(DATA / "linux_proc_test.csv", parse_dates=["TimeGenerated"])
    view = ProcessTree(linux, schema="linux", legend_col="uid", pid_fmt="dec")
    assert _read(view.data).num_rows == 1000
    view = ProcessTree((DATA / "process_tree.csv").read_bytes())
    view.selected_indices = [1]
    assert view.selected == [1]  # CSV bytes: the kernel cannot read them as rows; positions are all there is
    view = ProcessTree(pa.Table.from_pandas(win, preserve_index=False), legend_col="Account")
    assert view.legend_col == "Account"
