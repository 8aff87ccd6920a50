"""MSTICPy notebook cells run unchanged on huntkit.msticpy: each cell below is written as
in MSTICPy's documentation notebooks, with MSTICPy's imports; only the import lines are
rewritten to ``from huntkit.msticpy import ...`` before the cell runs.

Run: tests/python/run.sh test_msticpy_cell.py
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, Dict

import pandas as pd
import pytest
from conftest import DATA

#: ``from msticpy.<module path> import`` — the start of the import statements a cell
#: rewrites (the names imported, on one line or in parentheses, stay as written).
_IMPORT = re.compile(r"^(\s*)from\s+msticpy(?:\.[\w.]+)?\s+import\b", re.MULTILINE)


def rewrite(cell: str) -> str:
    """The cell with each MSTICPy import line replaced by the same names imported from
    ``huntkit.msticpy``; every other line is left exactly as it was."""
    rewritten = _IMPORT.sub(r"\1from huntkit.msticpy import", cell)
    assert "msticpy." not in rewritten.replace("huntkit.msticpy", ""), rewritten
    return rewritten


def run(cell: str, **namespace: Any) -> Dict[str, Any]:
    """Runs a cell (after :func:`rewrite`) and returns its namespace."""
    scope: Dict[str, Any] = {"pd": pd, "DATA": DATA, **namespace}
    exec(compile(rewrite(textwrap.dedent(cell)), "<cell>", "exec"), scope)
    return scope


def test_rewrite_touches_only_msticpy_imports() -> None:
    cell = (
        "import pandas as pd\n"
        "from msticpy.transform.iocextract import IoCExtract\n"
        "from msticpy.transform import base64unpack as b64\n"
        "x = 'from msticpy import nothing'  # a string is not an import line\n"
    )
    out = rewrite(cell).splitlines()
    assert out[0] == "import pandas as pd"
    assert out[1] == "from huntkit.msticpy import IoCExtract"
    assert out[2] == "from huntkit.msticpy import base64unpack as b64"
    assert out[3] == cell.splitlines()[3]


def test_base64_cell() -> None:
    scope = run(
        """
        from msticpy.transform import base64unpack as b64

        base64_text = (DATA / "base64msg.txt").read_text()
        base64_dec_str, base64_items = b64.unpack_items(input_string=base64_text)
        print(base64_dec_str[:200])
        summary = base64_items[["reference", "file_name", "file_type", "encoding_type", "md5"]]

        cmd_df = pd.DataFrame({"CommandLine": [base64_text, "no base64 here"]})
        dec_df = b64.unpack_items(data=cmd_df, column="CommandLine")
        by_accessor = cmd_df.mp.b64extract(column="CommandLine")
        """
    )
    assert scope["summary"].shape == (8, 5)
    assert scope["summary"]["file_name"].tolist()[:3] == ["dllenc.txt", "txtenc.txt", "txtenc.txt.gz"]
    assert scope["base64_dec_str"].startswith("There should be a tar file here:<decoded")
    assert scope["dec_df"].shape == (8, 15) and set(scope["dec_df"]["src_index"]) == {0}
    assert scope["by_accessor"].shape == (8, 15)


def test_ioc_extract_cell() -> None:
    scope = run(
        r"""
        from msticpy.transform.iocextract import IoCExtract

        ioc_extractor = IoCExtract()
        ioc_str = r'''
        netsh  start capture=yes IPv4.Address=1.2.3.4 tracefile=C:\Users\user\AppData\Local\Temp\bzzzzzz.txt
        hostname customers-service.ddns.net , xyz.ddns.net; hxxp://evil[.]example[.]com/a/b
        curl 'https://www.virustotal.com/en/ip-address/90.156.201.27/information/'
        00236a2ae558018ed13b5222ef1bd987hash
        '''
        iocs_found = ioc_extractor.extract(ioc_str)
        for ioc_type, iocs in iocs_found.items():
            print(f"{ioc_type}: {sorted(iocs)}")

        process_tree = pd.read_csv(DATA / "processes_on_host.csv")
        ioc_df = ioc_extractor.extract(
            data=process_tree, columns=["CommandLine"], ioc_types=["ipv4", "ipv6", "url", "md5_hash"]
        )
        same = process_tree.mp.ioc_extract(columns=["CommandLine"], ioc_types=["ipv4", "ipv6", "url", "md5_hash"])
        is_valid = ioc_extractor.validate("1.2.3.4", "ipv4")
        """
    )
    found = scope["iocs_found"]
    assert {"1.2.3.4", "90.156.201.27"} <= found["ipv4"]
    assert {"customers-service.ddns.net", "xyz.ddns.net"} <= found["dns"]
    assert "hxxp://evil[.]example[.]com/a/b" in found["url"]
    assert found["md5_hash"] == {"00236a2ae558018ed13b5222ef1bd987"}
    assert found["windows_path"]  # string mode scans paths, as MSTICPy does
    ioc_df = scope["ioc_df"]
    assert list(ioc_df.columns) == ["IoCType", "Observable", "SourceIndex", "Input"]
    assert set(ioc_df["IoCType"]) <= {"ipv4", "ipv6", "url", "md5_hash"} and len(ioc_df) > 0
    procs = scope["process_tree"]
    for _, row in ioc_df.iterrows():
        assert row["Observable"].lower() in str(procs.loc[row["SourceIndex"], "CommandLine"]).lower()
    pd.testing.assert_frame_equal(ioc_df, scope["same"])
    assert scope["is_valid"] is True


def test_time_series_cell() -> None:
    scope = run(
        """
        from msticpy.analysis.timeseries import (
            timeseries_anomalies_stl, find_anomaly_periods, extract_anomaly_periods,
            create_time_period_kqlfilter,
        )

        stldemo = pd.read_csv(DATA / "time_series.csv", index_col=["TimeGenerated"],
                              usecols=["TimeGenerated", "TotalBytesSent"], parse_dates=["TimeGenerated"])
        output = timeseries_anomalies_stl(data=stldemo)
        anomalies = output[output["anomalies"] == 1]
        periods = find_anomaly_periods(output)
        kql = create_time_period_kqlfilter(extract_anomaly_periods(output))
        analyzed = stldemo.reset_index().mp_timeseries.analyze(
            data_column="TotalBytesSent", time_column="TimeGenerated"
        )
        """
    )
    assert len(scope["anomalies"]) == 3
    assert list(scope["output"].columns)[:2] == ["TimeGenerated", "TotalBytesSent"]
    assert len(scope["periods"]) == 3
    assert scope["kql"].count("between") == 3 and scope["kql"].startswith("| where TimeGenerated between")
    assert len(scope["analyzed"].query("anomalies != 0")) == 3


def test_anomalous_sequence_cell() -> None:
    scope = run(
        """
        import json
        from msticpy.analysis.anomalous_sequence.utils.data_structures import Cmd
        from msticpy.analysis.anomalous_sequence import anomalous
        from msticpy.analysis.anomalous_sequence.sessionize import sessionize_data
        from msticpy.analysis.anomalous_sequence.model import Model

        data = pd.read_csv(DATA / "o365_sessions.csv", parse_dates=["TimeGenerated"])
        sessions_df = sessionize_data(
            data=data,
            user_identifier_cols=["UserId", "ClientIP"],
            time_col="TimeGenerated",
            max_session_time_mins=20,
            max_event_separation_mins=2,
            event_col="Operation",
        )
        modelled_df = anomalous.score_sessions(
            data=sessions_df, session_column="Operation_list", window_length=3
        )
        rarest = modelled_df.sort_values("rarest_window3_likelihood").head()

        data["param_dict"] = data["Parameters"].apply(json.loads)
        data["cmd_param"] = data.apply(
            lambda x: Cmd(name=x["Operation"], params=set(x["param_dict"].keys())), axis=1
        )
        param_sessions = sessionize_data(
            data=data,
            user_identifier_cols=["UserId", "ClientIP"],
            time_col="TimeGenerated",
            max_session_time_mins=20,
            max_event_separation_mins=2,
            event_col="cmd_param",
        )
        param_scores = anomalous.score_sessions(
            data=param_sessions, session_column="cmd_param_list", window_length=3
        )

        model = Model(sessions=sessions_df["Operation_list"].tolist())
        model.train()
        model.compute_scores(use_start_end_tokens=True)
        """
    )
    sessions = scope["sessions_df"]
    assert list(sessions.columns) == [
        "UserId", "ClientIP", "TimeGenerated_min", "TimeGenerated_max", "Operation_list", "duration", "number_events",
    ]
    assert sessions["number_events"].sum() == len(scope["data"])
    assert all(isinstance(s, list) and s for s in sessions["Operation_list"])
    modelled = scope["modelled_df"]
    assert {"rarest_window3", "rarest_window3_likelihood"} <= set(modelled.columns)
    scored = modelled["rarest_window3_likelihood"].dropna()
    assert len(scored) > 0 and ((scored > 0) & (scored <= 1)).all()
    rarest = scope["rarest"]
    assert rarest["rarest_window3_likelihood"].iloc[0] == scored.min()
    params = scope["param_scores"]
    assert all(isinstance(c, scope["Cmd"]) for w in params["rarest_window3"] for c in w)
    assert params["cmd_param_list"].map(len).tolist() == sessions["Operation_list"].map(len).tolist()
    model = scope["model"]
    assert model.rare_window_likelihoods[3] == pytest.approx(modelled["rarest_window3_likelihood"].tolist(), nan_ok=True)


def test_process_tree_cell() -> None:
    scope = run(
        """
        from msticpy.transform.proc_tree_builder import build_process_tree
        from msticpy.transform import process_tree_utils as ptutil
        from msticpy.transform.proc_tree_schema import WIN_EVENT_SCH

        win_procs = pd.read_csv(DATA / "win_proc_test.csv")
        p_tree_win = build_process_tree(win_procs, show_summary=True)
        roots = ptutil.get_roots(p_tree_win)
        t_root = roots.iloc[4]
        full_tree = ptutil.get_descendents(p_tree_win, t_root)
        children = ptutil.get_children(p_tree_win, t_root)
        summary = ptutil.get_summary_info(p_tree_win)
        text = ptutil.tree_to_text(p_tree_win, schema=WIN_EVENT_SCH)
        by_accessor = win_procs.mp.build_process_tree()
        """
    )
    assert scope["summary"] == {
        "Processes": 1010, "RootProcesses": 10, "LeafProcesses": 815, "BranchProcesses": 185,
        "IsolatedProcesses": 0, "LargestTreeDepth": 7,
    }
    assert len(scope["roots"]) == 10 and len(scope["full_tree"]) == 25 and len(scope["children"]) == 13
    assert len(scope["text"].split("\n")) == 5028
    assert scope["by_accessor"].shape == scope["p_tree_win"].shape
