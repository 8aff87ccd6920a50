"""Every table function with every input kind (pandas, polars, pyarrow Table and
RecordBatchReader, a bare ``__arrow_c_stream__`` object, bytes, a path; CSV, Arrow IPC and
Parquet files), and the frame each gives back."""

from __future__ import annotations

import ctypes
from typing import Any, Callable, Dict, Tuple

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import huntkit
from conftest import DATA, KINDS, OUT, as_kind, read, to_arrow

# name → (file, call, a column whose values every kind must agree on)
ENGINES: Dict[str, Tuple[str, Callable[[Any], Any], str]] = {
    "to_arrow": ("host_logons.csv", lambda d: huntkit.to_arrow(d), "EventID"),
    "decode": ("processes_on_host.csv", lambda d: huntkit.decode(d, "CommandLine"), "src_index"),
    "extract_iocs": (
        "processes_on_host.csv",
        lambda d: huntkit.extract_iocs(d, columns=["CommandLine"]),
        "Observable",
    ),
    "ts_anomalies": (
        "time_series.csv",
        lambda d: huntkit.ts_anomalies(
            d, time_column="TimeGenerated", value_column="TotalBytesSent"
        ),
        "score",
    ),
    "rethreshold": (
        "time_series.csv",
        lambda d: huntkit.rethreshold(d, threshold=0.2),
        "anomalies",
    ),
    "bucket": (
        "processes_on_host.csv",
        lambda d: huntkit.bucket(
            d, time_column="TimeGenerated", group_by=["Account"], interval="1h"
        ),
        "count",
    ),
    "detect_polling": (
        "az_net_flows.csv",
        lambda d: huntkit.detect_polling(
            d, time_column="FlowStartTime", group_by=["SrcIP", "DestIP"]
        ),
        "p_value",
    ),
    "detect_polling_summary": (
        "az_net_flows.csv",
        lambda d: huntkit.detect_polling(
            d, summary=True, time_column="FlowStartTime", group_by=["SrcIP", "DestIP"]
        ),
        "p_value",
    ),
    "sessionize": (
        "o365_sessions.csv",
        lambda d: (
            huntkit.sessionize(
                d,
                user_columns=["UserId", "ClientIP"],
                time_column="TimeGenerated",
                event_column="Operation",
            ).sessions
        ),
        "number_events",
    ),
    "score_sessions": (
        "o365_sessions.csv",
        lambda d: (
            huntkit.score_sessions(
                d,
                user_columns=["UserId", "ClientIP"],
                time_column="TimeGenerated",
                event_column="Operation",
                params_column="Parameters",
            ).table
        ),
        "likelihood",
    ),
    "build_process_tree": (
        "win_proc_test.csv",
        lambda d: huntkit.build_process_tree(d).table,
        "proc_key",
    ),
}


def _values(frame: Any, column: str) -> list:
    values = to_arrow(frame).column(column).to_pylist()
    return [None if isinstance(v, float) and v != v else v for v in values]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_kind_in_gives_its_kind_out(engine: str, kind: str) -> None:
    file, call, column = ENGINES[engine]
    expected = call(DATA / file)
    out = call(as_kind(file, kind))
    # to_arrow gives Arrow whatever it reads; every other function the input's kind.
    assert isinstance(out, pa.Table if engine == "to_arrow" else OUT[kind]), type(out)
    assert len(out) == expected.num_rows
    assert (
        list(out.columns if not isinstance(out, pa.Table) else out.column_names)
        == expected.column_names
    )
    assert _values(out, column) == _values(expected, column)
    if isinstance(out, pa.Table) and kind not in ("pandas", "polars"):
        # Arrow in, Arrow out: the very same table whatever carried it.
        assert out.equals(expected)


@pytest.mark.parametrize("kind", KINDS)
def test_inspect_reads_every_kind(kind: str) -> None:
    info = huntkit.inspect(as_kind("host_logons.csv", kind))
    assert info["rows"] == 25
    assert [c["name"] for c in info["columns"]][:3] == ["TenantId", "Account", "EventID"]
    timed = {c["name"]: c["time_range"] for c in info["columns"] if "time_range" in c}
    assert timed["TimeGenerated"]["start"].startswith("2019-02-12T04:37:25")


def test_arrow_ipc_files_and_streams_as_bytes_and_paths() -> None:
    by_path = huntkit.build_process_tree(DATA / "win_proc_test.arrow")
    by_bytes = huntkit.build_process_tree((DATA / "win_proc_test.arrow").read_bytes())
    assert by_path.summary == by_bytes.summary
    assert by_path.summary["Processes"] == 1010
    stream = pa.BufferOutputStream()
    table = read("win_proc_test.arrow")
    with pa.ipc.new_stream(stream, table.schema) as w:
        w.write_table(table)
    assert huntkit.build_process_tree(stream.getvalue().to_pybytes()).summary == by_path.summary


def test_parquet_paths_and_bytes(tmp_path) -> None:
    path = tmp_path / "flows.parquet"
    pq.write_table(read("az_net_flows.csv"), path)
    options = dict(time_column="FlowStartTime", group_by=["SrcIP", "DestIP"], summary=True)
    expected = huntkit.detect_polling(DATA / "az_net_flows.csv", **options)
    assert huntkit.detect_polling(path, **options).equals(expected)
    assert huntkit.detect_polling(path.read_bytes(), **options).equals(expected)
    assert huntkit.inspect(str(path))["rows"] == read("az_net_flows.csv").num_rows


def test_json_and_ndjson_bytes() -> None:
    rows = [{"t": "2024-01-01T00:00:00Z", "cmd": "a"}, {"t": "2024-01-01T00:01:00Z", "cmd": "b"}]
    import json

    as_json = json.dumps(rows).encode()
    as_ndjson = "\n".join(json.dumps(r) for r in rows).encode()
    for data in (as_json, as_ndjson, bytearray(as_json), memoryview(as_ndjson)):
        info = huntkit.inspect(data)
        assert info["rows"] == 2
        assert info["columns"][0]["type"].startswith("Timestamp")


def test_pandas_index_and_column_names() -> None:
    frame = pd.read_csv(DATA / "time_series.csv", parse_dates=["TimeGenerated"])[
        ["TimeGenerated", "TotalBytesSent"]
    ]
    indexed = frame.set_index("TimeGenerated")
    out = huntkit.ts_anomalies(indexed, time_column="TimeGenerated")
    # A named index is a column to the engine, and to the result.
    assert list(out.columns[:2]) == ["TimeGenerated", "TotalBytesSent"]
    assert len(out) == 840
    numbered = frame.set_axis([0, 1], axis=1)
    assert huntkit.inspect(numbered)["columns"][1]["name"] == "1"


def test_polars_lazy_frames_and_record_batches() -> None:
    lazy = pl.read_csv(DATA / "o365_sessions.csv").lazy()
    s = huntkit.sessionize(
        lazy, user_columns=["UserId"], time_column="TimeGenerated", event_column="Operation"
    )
    assert isinstance(s.sessions, pl.DataFrame)
    batch = read("host_logons.csv").to_batches()[0]
    assert huntkit.inspect(batch)["rows"] == 25


def test_other_inputs_are_refused_by_name() -> None:
    with pytest.raises(TypeError, match="got dict"):
        huntkit.inspect({"a": [1]})
    with pytest.raises(TypeError, match="decode\\(text\\) decodes one str"):
        huntkit.decode(b"SGVsbG8=")
    with pytest.raises(TypeError, match="name its columns"):
        huntkit.extract_iocs(read("host_logons.csv"))


def test_arrow_input_is_read_where_it_lies() -> None:
    # Rows the engine passes through keep the caller's buffers: nothing was copied in or out.
    flows = read("az_net_flows.csv").combine_chunks()
    out = huntkit.detect_polling(flows, time_column="FlowStartTime", group_by=["SrcIP", "DestIP"])
    src = flows.column("TenantId").chunk(0).buffers()[2].address
    assert out.column("TenantId").chunk(0).buffers()[2].address == src
    # Arrow IPC bytes too: the result's column lies inside the bytes object.
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, flows.schema) as w:
        w.write_table(flows)
    data = sink.getvalue().to_pybytes()
    start = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value
    out = huntkit.detect_polling(data, time_column="FlowStartTime", group_by=["SrcIP", "DestIP"])
    address = out.column("TenantId").chunk(0).buffers()[2].address
    assert start <= address < start + len(data)


def test_bytes_held_by_a_result_outlive_the_caller_reference() -> None:
    data = (DATA / "win_proc_test.arrow").read_bytes()
    table = huntkit.to_arrow(data)
    del data
    import gc

    gc.collect()
    assert table.column("NewProcessName").to_pylist()[0]


def test_lenient_read_warns() -> None:
    broken = b'a,b\n1,"open\n2,3\n'
    with pytest.raises(huntkit.InvalidInputError) as e:
        huntkit.inspect(broken)
    assert e.value.code == "invalid_csv"
    with pytest.warns(UserWarning, match="huntkit:"):
        info = huntkit.inspect(broken, read={"lenient": True})
    assert info["warnings"]


def test_pandas_text_columns_read_as_pyarrow_reads_them() -> None:
    # Columns of Python strings are read by the native module; a column holding anything
    # else is left to pyarrow. Either way the table is pyarrow's own conversion.
    from huntkit.engines import _pandas_columns_to_arrow

    frame = pd.DataFrame(
        {
            "ascii": ["a", "bc", None, float("nan")],
            "wide": ["é", "日本語", "😀 x", None],
            "empty": ["", "", "", ""],
            "nothing": [None, None, float("nan"), None],
            "bytes": [b"a", None, b"b", b"c"],
            "na": ["a", pd.NA, "b", "c"],
            "subclass": [np.str_("a"), "b", "c", "d"],
            "number": [1, 2, 3, 4],
        }
    )
    names = list(frame.columns)
    got = _pandas_columns_to_arrow(frame, names)
    want = pa.Table.from_pandas(frame, preserve_index=False).select(names)
    assert got.schema.remove_metadata() == want.schema.remove_metadata()
    for name in names:
        assert got.column(name).equals(want.column(name)), name
    assert got.column("ascii").to_pylist() == ["a", "bc", None, None]
    assert got.column("wide").to_pylist() == ["é", "日本語", "😀 x", None]
    # The extension reads NumPy's object arrays where they lie: views with any stride.
    from huntkit import _native

    values = np.array(["a", None, "ß", "d", float("nan"), "f"], dtype=object)
    block = np.array([values, values[::-1]], dtype=object)  # pandas' 2-D blocks
    for array in (values, values[::-1], values[::2], block[1], block[:, 2], values.tolist()):
        table, left = _native.text_columns([("c", array)])
        assert left == []
        assert pa.table(table).column("c").to_pylist() == pa.array(
            array, from_pandas=True
        ).to_pylist()
    for other in (np.array([1, 2]), np.array([["a"]], dtype=object), "text", [1, "a"]):
        assert _native.text_columns([("c", other)])[1] == ["c"]
    # Text Python cannot encode as UTF-8 is pyarrow's to refuse, as it was.
    with pytest.raises(Exception):
        _pandas_columns_to_arrow(pd.DataFrame({"bad": ["a", "\ud800"]}), ["bad"])


@pytest.mark.parametrize("compat", ["huntkit", "msticpy"])
def test_process_trees_from_pandas_are_those_from_arrow(compat: str) -> None:
    # The pandas path converts only the columns the build reads and shares Python strings
    # (text columns taken from the frame, parent keys and indexes from their parents):
    # the frame is still the Arrow result's own conversion.
    table = read("win_proc_test.csv")
    frame = table.to_pandas()
    # Missing text where the build reads it and where it does not.
    frame.loc[3, "CommandLine"] = None
    frame.loc[5, "SubjectUserName"] = float("nan")
    frame.loc[7, "TenantId"] = None
    via_pandas = huntkit.build_process_tree(frame, compat=compat)
    via_arrow = huntkit.build_process_tree(
        pa.Table.from_pandas(frame, preserve_index=False), compat=compat
    )
    assert via_pandas.summary == via_arrow.summary
    expected = via_arrow.table.to_pandas()
    pd.testing.assert_frame_equal(via_pandas.table, expected)
    assert via_pandas.table["parent_key"].notna().sum() >= 900


def test_pandas_columns_an_engine_does_not_read_are_not_converted() -> None:
    # decode, extract_iocs and ts_anomalies read only the columns they are given and
    # return none of the others: a column pyarrow cannot convert does not stop them.
    frame = pd.read_csv(DATA / "processes_on_host.csv")
    frame["mixed"] = ["text", 1] * (len(frame) // 2) + ["text"] * (len(frame) % 2)
    with pytest.raises(huntkit.InvalidInputError):
        huntkit.inspect(frame)
    clean = frame.drop(columns="mixed")
    for call in (
        lambda d: huntkit.decode(d, "CommandLine"),
        lambda d: huntkit.extract_iocs(d, ["CommandLine", "CommandLine"]),
    ):
        pd.testing.assert_frame_equal(call(frame), call(clean))
    series = pd.read_csv(DATA / "time_series.csv", parse_dates=["TimeGenerated"])
    series["mixed"] = ["x", 2.5] * (len(series) // 2) + ["x"] * (len(series) % 2)
    out = huntkit.ts_anomalies(series, time_column="TimeGenerated", value_column="TotalBytesSent")
    assert len(out) == 840 and "mixed" not in out.columns
