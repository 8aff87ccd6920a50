"""What each engine computes from Python, and that it is what the npm package and the CLI
compute on the same bundled data (examples/data)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import huntkit
from conftest import DATA, assert_same, read

SESSIONS = dict(
    user_columns=["UserId", "ClientIP"], time_column="TimeGenerated", event_column="Operation"
)
FLOWS = dict(time_column="FlowStartTime", group_by=["SrcIP", "DestIP"])


def _ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def _close(a, b) -> bool:
    """JSON values equal, floats to within 1e-12 (see ``assert_same``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0)
    return a == b


# ---------------------------------------------------------------------------- inspect


def test_inspect_is_the_npm_packages(npm) -> None:
    ours = huntkit.inspect(DATA / "host_logons.csv")
    theirs = npm("inspect", file="host_logons.csv")
    assert ours["rows"] == theirs["rows"]
    for a, b in zip(ours["columns"], theirs["columns"]):
        assert (a["name"], a["type"], a["nulls"]) == (b["name"], b["type"], b["nulls"])
        assert a.get("time_range") == b.get("timeRange")


# ---------------------------------------------------------------------------- decode


def test_decode_text_peels_every_layer(npm) -> None:
    text = (DATA / "base64msg.txt").read_text()
    d = huntkit.decode(text)
    assert isinstance(d, huntkit.engines.Decoded)
    assert d.truncated is False and "<decoded" in d.text
    theirs = npm("decode", text, part="records")
    assert_same(d.records, theirs)
    assert d.text == npm("decode", text, part="text")
    msticpy = huntkit.decode(text, compat="msticpy")
    assert msticpy.records.num_rows == 8
    assert msticpy.records.num_columns == 12


def test_decode_table_is_the_clis(cli) -> None:
    ours = huntkit.decode(DATA / "processes_on_host.csv", "CommandLine")
    theirs = _ipc(
        cli(
            "decode", DATA / "processes_on_host.csv", "--column", "CommandLine", "--format", "arrow"
        )
    )
    assert ours.equals(theirs)
    assert ours.num_rows == 2


# ---------------------------------------------------------------------------- IoCs


def test_iocs_in_a_string_with_python_spans() -> None:
    text = "née ≥ café: hxxp://evil[.]example.com/a and 8.8.8.8 😀 198.51.100.7"
    found = huntkit.extract_iocs(text, types=["url", "ipv4"])
    assert set(found["by_type"]) == {"url", "ipv4"}
    for m in found["matches"]:
        assert text[m["start"] : m["end"]] == m["raw"]
    url = next(m for m in found["matches"] if m["ioc_type"] == "url")
    assert url["defanged"] and url["value"] == "http://evil.example.com/a"
    # UTF-16 code units on request, as the npm package gives them.
    utf16 = huntkit.extract_iocs(text, types=["ipv4"], utf16_offsets=True)["matches"]
    last = max(utf16, key=lambda m: m["start"])
    assert (
        text.encode("utf-16-le")[2 * last["start"] : 2 * last["end"]].decode("utf-16-le")
        == last["raw"]
    )


def test_every_occurrence_on_request_in_python_spans() -> None:
    text = "😀 8.8.8.8 née 8.8.8.8, then 8.8.8.8"
    plain = huntkit.extract_iocs(text, types=["ipv4"])["matches"]
    assert len(plain) == 1 and "repeats" not in plain[0]
    (m,) = huntkit.extract_iocs(text, types=["ipv4"], all_occurrences=True)["matches"]
    assert text[m["start"] : m["end"]] == "8.8.8.8"
    assert [text[a:z] for a, z in m["repeats"]] == ["8.8.8.8", "8.8.8.8"]
    assert m["repeats"][0][0] == text.index("8.8.8.8", m["end"])


def test_ioc_table_spans_index_python_strings() -> None:
    frame = pd.DataFrame({"msg": ["😀😀 1.2.3.4 then évil.com", None, "plain 5.6.7.8"]})
    out = huntkit.extract_iocs(frame, "msg", types=["ipv4", "dns"])
    for row in out.itertuples():
        cell = frame.msg[row.SourceIndex]
        assert cell[row.start : row.end] == row.raw
    assert list(out.SourceIndex) == [0, 2] or sorted(set(out.SourceIndex)) == [0, 2]


def test_ioc_string_mode_is_the_npm_packages(npm) -> None:
    text = read("processes_on_host.csv").column("CommandLine").to_pylist()
    text = "\n".join(t for t in text if t)
    ours = huntkit.extract_iocs(text, include_paths=True)
    theirs = npm("extractIocs", text, options={"includePaths": True})
    assert ours["by_type"] == theirs["byType"]
    assert [(m["ioc_type"], m["value"], m["start"]) for m in ours["matches"]] == [
        (m["iocType"], m["value"], m["start"]) for m in theirs["matches"]
    ]


def test_ioc_table_is_the_clis(cli) -> None:
    ours = huntkit.extract_iocs(
        DATA / "processes_on_host.csv", ["CommandLine", "NewProcessName"], include_paths=True
    )
    theirs = _ipc(
        cli(
            "ioc",
            DATA / "processes_on_host.csv",
            "--column",
            "CommandLine",
            "--column",
            "NewProcessName",
            "--include-paths",
            "--format",
            "arrow",
        )
    )
    # The data is ASCII: code points (Python) and bytes (CLI) are the same offsets.
    assert ours.equals(theirs)


def test_ioc_types_and_custom_types() -> None:
    types = huntkit.ioc_types(custom_types=[{"name": "ticket", "pattern": r"TKT-\d{4}"}])
    assert "ticket" in types["all"] and "ipv4" in types["string"]
    found = huntkit.extract_iocs(
        "see TKT-1234", custom_types=[{"name": "ticket", "pattern": r"TKT-\d{4}"}], types=["ticket"]
    )
    assert found["by_type"] == {"ticket": ["TKT-1234"]}


# ---------------------------------------------------------------------------- time series


def test_ts_anomalies_msticpy_mode_matches_msticpy_and_the_cli(cli) -> None:
    options = dict(time_column="TimeGenerated", value_column="TotalBytesSent")
    ours = huntkit.ts_anomalies(DATA / "time_series.csv", compat="msticpy", **options)
    # MSTICPy's own test expects three anomalies on this series.
    assert sum(1 for a in ours.column("anomalies").to_pylist() if a == 1) == 3
    theirs = _ipc(
        cli(
            "ts-anomalies",
            DATA / "time_series.csv",
            "--time-column",
            "TimeGenerated",
            "--value-column",
            "TotalBytesSent",
            "--compat",
            "msticpy",
            "--format",
            "arrow",
        )
    )
    assert ours.equals(theirs)


def test_ts_anomalies_is_the_npm_packages(npm) -> None:
    options = {"timeColumn": "TimeGenerated", "valueColumn": "TotalBytesSent", "periods": [24, 168]}
    theirs = npm("timeSeriesAnomalies", file="time_series.csv", options=options)
    ours = huntkit.ts_anomalies(
        DATA / "time_series.csv",
        time_column="TimeGenerated",
        value_column="TotalBytesSent",
        periods=[24, 168],
    )
    assert_same(ours, theirs)


def test_stl_is_statsmodels_shaped() -> None:
    y = read("time_series.csv").column("TotalBytesSent").to_numpy().astype(float)
    d = huntkit.stl(y, period=24)
    assert isinstance(d.trend, np.ndarray) and d.trend.dtype == np.float64
    assert np.allclose(d.trend + d.seasonal + d.residual, y)
    assert d.params["trend"] == 47 and d.params["low_pass"] == 25
    # pandas, polars and pyarrow series, and plain lists, are the same numbers.
    assert np.array_equal(huntkit.stl(pd.Series(y), period=24).trend, d.trend)
    assert np.array_equal(huntkit.stl(pa.array(y), period=24).trend, d.trend)
    assert np.array_equal(huntkit.stl(list(y), period=24).trend, d.trend)
    m = huntkit.mstl(y, periods=[24, 168])
    assert [s["period"] for s in m["seasonals"]] == [24, 168]
    assert np.allclose(m["trend"] + sum(s["values"] for s in m["seasonals"]) + m["residual"], y)
    assert 24 in huntkit.detect_periods(y, 3)


def test_stl_refuses_what_is_not_numbers() -> None:
    with pytest.raises(huntkit.InvalidInputError) as e:
        huntkit.stl([1.0, float("nan")] * 30, period=4)
    assert e.value.code == "non_finite"
    with pytest.raises(huntkit.InvalidInputError, match="must be numbers"):
        huntkit.stl(["a", "b"], period=2)
    with pytest.raises(huntkit.InvalidOptionError):
        huntkit.stl([1.0] * 50)  # no period


def test_thresholds_periods_and_kql() -> None:
    scored = huntkit.ts_anomalies(
        DATA / "time_series.csv", time_column="TimeGenerated", value_column="TotalBytesSent"
    )
    flags = huntkit.apply_threshold(scored.column("score"), 2.5)
    assert flags.dtype == np.int8 and set(np.unique(flags)) <= {-1, 0, 1}
    again = huntkit.rethreshold(scored, threshold=2.5)
    assert again.column("anomalies").to_pylist() == flags.tolist()
    periods = huntkit.anomaly_periods(again)
    assert periods and periods[0].start.tzinfo is not None and periods[0].start < periods[0].end
    kql = huntkit.kql_periods(again)
    assert kql.startswith("| where") and "TimeGenerated" in kql
    with pytest.raises(huntkit.InvalidOptionError):
        huntkit.apply_threshold([1.0], 3, compat="pandas")


def test_bucket_counts_every_event() -> None:
    out = huntkit.bucket(
        DATA / "processes_on_host.csv", time_column="TimeGenerated", interval="15min"
    )
    assert sum(out.column("count").to_pylist()) == read("processes_on_host.csv").num_rows


def test_polling_is_the_clis(cli) -> None:
    ours = huntkit.detect_polling(DATA / "az_net_flows.csv", summary=True, **FLOWS)
    theirs = _ipc(
        cli(
            "beacon",
            DATA / "az_net_flows.csv",
            "--time-column",
            "FlowStartTime",
            "--group-by",
            "SrcIP,DestIP",
            "--format",
            "arrow",
        )
    )
    assert ours.equals(theirs)


# ---------------------------------------------------------------------------- sessions


def test_score_sessions_and_its_model_are_the_clis(cli, tmp_path) -> None:
    model_path = tmp_path / "cli.json"
    theirs = _ipc(
        cli(
            "sessions",
            DATA / "o365_sessions.csv",
            "--user-columns",
            "UserId,ClientIP",
            "--time-column",
            "TimeGenerated",
            "--event-column",
            "Operation",
            "--params-column",
            "Parameters",
            "--model-out",
            model_path,
            "--format",
            "arrow",
        )
    )
    ranked = huntkit.score_sessions(
        DATA / "o365_sessions.csv", params_column="Parameters", **SESSIONS
    )
    assert ranked.table.equals(theirs)
    # The same JSON, byte for byte.
    assert ranked.model.to_json() == model_path.read_text()
    # The CLI's saved model scores the same from Python (its --model-in).
    loaded = huntkit.SessionModel.load(model_path)
    again = loaded.score_events(DATA / "o365_sessions.csv", params_column="Parameters", **SESSIONS)
    assert again.table.equals(ranked.table)


def test_model_json_is_the_npm_packages(npm, tmp_path) -> None:
    options = {
        "userColumns": ["UserId", "ClientIP"],
        "timeColumn": "TimeGenerated",
        "eventColumn": "Operation",
        "paramsColumn": "Parameters",
    }
    theirs = npm("scoreSessions", file="o365_sessions.csv", options=options, part="model")
    ranked = huntkit.score_sessions(
        DATA / "o365_sessions.csv", params_column="Parameters", **SESSIONS
    )
    # The same model: counts exactly, probabilities to the last bit or so.
    assert _close(ranked.model.to_dict(), theirs)
    assert_same(
        ranked.table, npm("scoreSessions", file="o365_sessions.csv", options=options, part="table")
    )
    # The npm package's saved model loads here, and round-trips unchanged.
    path = tmp_path / "npm.json"
    path.write_text(json.dumps(theirs))
    model = huntkit.SessionModel.load(path)
    assert model.to_dict() == theirs
    model.save(tmp_path / "again.json")
    assert huntkit.SessionModel.load(tmp_path / "again.json").to_json() == model.to_json()
    assert huntkit.SessionModel.from_json(theirs).form == "values"


def test_sessionize_train_score() -> None:
    s = huntkit.sessionize(DATA / "o365_sessions.csv", params_column="Parameters", **SESSIONS)
    assert s.form == "values" and len(s.commands) == s.sessions.num_rows == 300
    assert isinstance(s.commands[0][0], dict) and "params" in s.commands[0][0]
    kept = huntkit.SessionModel.train(s)
    given = huntkit.SessionModel.train(s.commands)
    assert kept.to_json() == given.to_json()
    assert kept.sessions_trained == 300 and kept.form == "values"
    a, b = kept.score(s, window=2), kept.score(s.commands, window=2)
    assert a == b
    first = a["scores"][0]
    assert set(first) == {"likelihood", "geomean", "rarest_window"}
    assert set(first["rarest_window"]) == {"start", "commands", "likelihood"}


def test_sessions_by_hand() -> None:
    sessions = [["Set-User", "Get-User"], ["Get-User", "Set-User", "Set-User"], ["Get-User"]]
    model = huntkit.SessionModel.train(sessions)
    assert model.form == "commands" and model.modellable_params is None
    scored = model.score([["Set-User", "New-Thing"]], window=2)
    assert scored["too_short"] == 0 and scored["scores"][0]["likelihood"] > 0
    params = huntkit.SessionModel.train([[{"name": "Set-User", "params": {"Identity": "a"}}]])
    assert params.form == "values"
    with pytest.raises(huntkit.InvalidInputError) as e:
        huntkit.SessionModel.train([[1, 2]])
    assert e.value.code == "invalid_input"
    with pytest.raises(huntkit.InvalidInputError):
        huntkit.SessionModel.from_json("{}")
    with pytest.raises(TypeError):
        huntkit.SessionModel()


def test_models_pickle_as_their_json() -> None:
    import pickle

    model = huntkit.SessionModel.train([["a", "b"], ["b", "a"]])
    assert pickle.loads(pickle.dumps(model)).to_json() == model.to_json()


# ---------------------------------------------------------------------------- process trees


def test_process_tree_matches_msticpy_and_the_npm_package(npm) -> None:
    tree = huntkit.build_process_tree(DATA / "win_proc_test.arrow")
    assert tree.schema == "windows"
    assert tree.summary == {
        "Processes": 1010,
        "RootProcesses": 10,
        "LeafProcesses": 815,
        "BranchProcesses": 185,
        "IsolatedProcesses": 0,
        "LargestTreeDepth": 7,
    }
    assert tree.summary == npm("buildProcessTree", file="win_proc_test.arrow", part="summary")
    assert_same(tree.table, npm("buildProcessTree", file="win_proc_test.arrow", part="table"))
    assert tree.roots() == npm("buildProcessTree", file="win_proc_test.arrow", part="roots")
    linux = huntkit.build_process_tree(DATA / "linux_proc_test.csv")
    assert (linux.schema, linux.summary["Processes"], linux.summary["RootProcesses"]) == (
        "linux",
        1029,
        29,
    )


def test_process_tree_is_the_clis(cli) -> None:
    tree = huntkit.build_process_tree(DATA / "win_proc_test.csv")
    assert tree.table.equals(_ipc(cli("proctree", DATA / "win_proc_test.csv", "--format", "arrow")))


def test_tree_utilities() -> None:
    frame = pd.read_csv(DATA / "win_proc_test.csv")
    tree = huntkit.build_process_tree(frame, schema="windows")
    table = tree.table
    assert isinstance(table, pd.DataFrame) and len(tree) == len(table) == 1010
    root = tree.roots()[0]
    kids = tree.children(root, include_source=False)
    assert kids and all(tree.parent(k) == root for k in kids)
    assert tree.children(root)[0] == root
    below = tree.descendants(root)
    assert set(kids) <= set(below) and tree.descendants(root, max_levels=1) == tree.children(root)
    leaf = below[-1]
    path = tree.ancestors(leaf)
    assert path[0] == root and path[-1] == leaf
    assert tree.root_of(leaf) == root and set(tree.root_tree(leaf)) == set(below)
    key = table.proc_key.iloc[leaf]
    assert tree.row_of(key) == leaf and tree.ancestors(key) == path
    assert all(table.IsRoot.iloc[r] for r in tree.roots())
    assert tree.siblings(kids[0], include_source=False) == kids[1:]
    nested = tree.nested
    assert len(nested) == len(tree.roots()) and "cmd_line" in nested[0] and "children" in nested[0]
    text = tree.to_text(wrap=60, root_of=table.proc_key.iloc[root])
    assert text and len(text.splitlines()) >= len(below)
    assert tree.report["rows_in"] == 1000
    with pytest.raises(huntkit.UnknownProcessError) as e:
        tree.children(10_000)
    assert e.value.code == "unknown_process" and isinstance(e.value, LookupError)
    with pytest.raises(huntkit.UnknownProcessError):
        tree.parent("no such key")
    assert tree.row_of("no such key") is None


def test_process_tree_mapping_in_snake_case() -> None:
    frame = pd.DataFrame(
        {
            "exe": ["init", "bash", "ls"],
            "pid": [1, 2, 3],
            "ppid": [0, 1, 2],
            "when": pd.to_datetime(
                ["2024-01-01 00:00", "2024-01-01 00:01", "2024-01-01 00:02"], utc=True
            ),
        }
    )
    mapping = {
        "process_name": "exe",
        "process_id": "pid",
        "parent_id": "ppid",
        "time_stamp": "when",
        "path_separator": "/",
    }
    tree = huntkit.build_process_tree(frame, mapping=mapping)
    assert tree.summary["LargestTreeDepth"] >= 2 and tree.schema == "custom"
    assert not math.isnan(float(tree.table.depth.max()))
