"""Threat-intelligence lookups from Python against the real feeds bundled with
huntkit-ti's tests: MSTICPy's TI result columns, frames of the input's kind, warning-list
matches as Result=False, coded errors for bad feeds."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import huntkit
from conftest import REPO

DATA = REPO / "crates" / "huntkit-ti" / "tests" / "data"
IPSUM = DATA / "ipsum-level3.txt"
RFC1918 = DATA / "misp-warninglists" / "rfc1918.json"
COLUMNS = ["Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference", "SourceIndex"]
LISTED = IPSUM.read_text().split()


@pytest.fixture(scope="module")
def feeds():
    return huntkit.TiFeeds(str(IPSUM), RFC1918, DATA / "misp-event.json", DATA / "stix-bundle.json")


def test_feeds_are_read_and_named(feeds):
    summary = {f["name"]: f for f in feeds.feeds}
    assert summary["ipsum-level3"]["entries"] == len(LISTED) == 14217
    assert summary["ipsum-level3"]["kind"] == "plain"
    assert summary["List of RFC 1918 CIDR blocks"]["benign"] is True
    assert summary["Phishing campaign against finance staff"]["kind"] == "misp-event"
    assert summary["stix-bundle"]["skipped"] == 2
    assert len(feeds) == 4


def test_every_ipsum_address_is_a_hit_in_a_pandas_frame(feeds):
    events = pd.DataFrame({"host": ["h"] * 6, "SrcIp": [LISTED[1], "8.8.8.8", None, "10.9.8.7", LISTED[-1], ""]})
    out = feeds.lookup(events, column="SrcIp")
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == COLUMNS
    hits = out[out["Result"]]
    assert hits["Ioc"].tolist() == [LISTED[1], LISTED[-1]]
    assert set(hits["Provider"]) == {"ipsum-level3"}
    assert set(hits["Severity"]) == {"high"}
    assert hits["SourceIndex"].tolist() == [0, 4]
    benign = out[~out["Result"]]
    assert benign["Ioc"].tolist() == ["10.9.8.7"]
    assert benign["Severity"].tolist() == ["information"]
    assert '"warninglist"' in benign["Details"].iloc[0]
    # Every listed address, as a list.
    every = feeds.lookup(LISTED)
    assert (every["Provider"] == "ipsum-level3").sum() == len(LISTED)


def test_frames_of_the_input_kind(feeds):
    pl_out = feeds.lookup(pl.DataFrame({"ioc": ["203.0.113.66", "x"]}))
    assert isinstance(pl_out, pl.DataFrame)
    assert pl_out["Provider"].to_list() == ["Phishing campaign against finance staff"]
    pa_out = feeds.lookup(pa.table({"Ioc": ["192.0.2.77"], "other": [1]}))
    assert isinstance(pa_out, pa.Table)
    assert pa_out.column("Reference").to_pylist() == ["https://cert.example/advisories/2026-17"]
    assert isinstance(feeds.lookup(pd.Series(["192.0.2.77"])), pd.DataFrame)


def test_single_indicator_and_misses(feeds):
    found = feeds.lookup("77.90.185[.]20")
    assert [r["Provider"] for r in found] == ["ipsum-level3", "Phishing campaign against finance staff"]
    assert found[1]["Details"]["comment"] == "scanner, also on ipsum"
    assert feeds.lookup("192.0.2.1") == []
    out = feeds.lookup(["192.0.2.1"], include_misses=True)
    assert len(out) == 4
    assert set(out["Details"]) == {"Not found."}
    typed = feeds.lookup(["203.0.113.66"], ioc_type="dns")
    assert typed.empty


def test_ti_lookup_reads_feeds_for_one_call():
    out = huntkit.ti_lookup(["login-secure.example", "ok.example"], feeds=[(DATA / "misp-event.json", {"name": "event"})])
    assert out["Provider"].tolist() == ["event"]
    csv_feed = (DATA / "indicators.csv").read_bytes()
    out = huntkit.ti_lookup(
        pd.DataFrame({"Ioc": ["192.0.2.200"]}),
        feeds=(csv_feed, {"kind": "csv", "value_column": "indicator", "score_column": "confidence", "high_score": 95}),
    )
    assert out["Severity"].tolist() == ["warning"]
    assert "Example botnet" in out["Details"].iloc[0]


def test_bad_feeds_are_coded_errors(tmp_path):
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.TiFeeds(b'{"objects": [', kind="stix")
    assert e.value.code == "invalid_feed"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.TiFeeds(IPSUM, max_feed_bytes=100)
    assert e.value.code == "limit_exceeded"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.TiFeeds(b"1.2.3.4\n" + b"a" * 100_000)
    assert e.value.code == "limit_exceeded"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.TiFeeds(IPSUM, kind="nonsense")
    assert e.value.code == "invalid_option"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.TiFeeds(IPSUM, colour="red")
    assert e.value.code == "invalid_option"
    with pytest.raises(TypeError):
        huntkit.TiFeeds(42)
    feeds = huntkit.TiFeeds(IPSUM)
    with pytest.raises(huntkit.HuntkitError) as e:
        feeds.lookup(pd.DataFrame({"a": ["1"], "b": ["2"]}))
    assert e.value.code == "invalid_option"
    with pytest.raises(huntkit.HuntkitError) as e:
        feeds.lookup(pd.DataFrame({"a": ["1"]}), column="nope")
    assert e.value.code == "column_not_found"
    with pytest.raises(huntkit.HuntkitError) as e:
        feeds.lookup("1.2.3.4", ioc_type="bogus")
    assert e.value.code == "unknown_type"
