"""examples/notebooks/hunt.ipynb, run headless in a kernel (nbclient): every cell runs,
every step ends in a view, and the hunt finds what the bundled data holds."""

from __future__ import annotations

import pytest

pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

from notebook_run import run_notebook, views_shown  # noqa: E402

# Run after the notebook's cells, in its kernel: what the hunt found, as JSON.
FINDINGS = """
import json as _json
print("HK-HUNT", _json.dumps({
    "host": host,
    "decoded": payload.text,
    "encoding": decoded["encoding_type"].tolist(),
    "account": suspect["SubjectUserName"],
    "session_processes": len(session),
    "ioc_types": iocs.groupby("IoCType").size().to_dict(),
    "urls": urls,
    "summary": tree.summary,
    "chain": chain["NewProcessName"].tolist(),
    "siblings": len(siblings),
    "spikes": [t.isoformat() for t in spikes["TimeGenerated"]],
    "periods": len(periods),
    "top": [top["UserId"], top["ClientIP"], _json.loads(top["Operation_list"])],
    "sessions": len(ranked.table),
}))
"""


@pytest.fixture(scope="module")
def executed():
    return run_notebook("hunt.ipynb", FINDINGS, "HK-HUNT")


def test_every_step_ends_in_a_view(executed) -> None:
    cells, _ = executed
    views = views_shown(cells)
    kinds = [v.split(".")[-1].split(" ")[0] for v in views]
    assert kinds == ["PayloadView", "DataTable", "ProcessTree", "TimeSeriesAnomalies", "SessionRarity"], views


def test_the_encoded_command_is_decoded(executed) -> None:
    cells, found = executed
    assert found["host"] == "MSTICAlertsWin1"
    assert found["encoding"] == ["utf-16"]
    assert "$t = 'dir';" in found["decoded"]
    assert "& ('Invoke'+'-Expression') $t" in found["decoded"]
    printed = "".join(o.get("text", "") for c in cells for o in c.get("outputs", []))
    assert "<decoded type='string'" in printed


def test_the_sessions_indicators(executed) -> None:
    _, found = executed
    assert found["account"] == "MSTICAdmin" and found["session_processes"] == 160
    assert found["ioc_types"] == {
        "dns": 3, "email": 6, "ipv4": 2, "md5_hash": 1, "registry_key": 7, "url": 7, "win_named_pipe": 1,
    }
    for url in ("http://badguyserver/pwnme", "http://somedomain/best-kitten-names-1.jpg", "https://blah/png"):
        assert url in found["urls"]


def test_the_process_tree(executed) -> None:
    _, found = executed
    assert found["summary"]["Processes"] == 369
    assert found["summary"]["RootProcesses"] == 6
    assert found["summary"]["LargestTreeDepth"] == 5
    assert found["chain"] == [
        "C:\\Windows\\System32\\svchost.exe",
        "C:\\Windows\\System32\\cmd.exe",
        "C:\\Diagnostics\\UserTmp\\powershell.exe",
    ]
    assert found["siblings"] == 116


def test_the_traffic_anomalies(executed) -> None:
    _, found = executed
    assert found["spikes"] == [
        "2019-05-26T05:00:00+00:00",
        "2019-05-17T21:00:00+00:00",
        "2019-05-13T17:00:00+00:00",
    ]
    assert found["periods"] == 3


def test_the_rarest_office_365_session(executed) -> None:
    _, found = executed
    assert found["sessions"] == 300
    assert found["top"] == [
        "user000028",
        "10.0.0.88",
        ["Remove-MailboxPermission", "Get-MailboxStatistics", "Add-MailboxPermission", "Get-MailboxPermission"],
    ]
