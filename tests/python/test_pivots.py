"""Entities and pivot functions from Python: MSTICPy's homogeneous input rules (value,
list, table), joins, discovery, user functions, pipelines, Sentinel alert entities.

Run: tests/python/run.sh test_pivots.py
"""

from __future__ import annotations

import json
import pathlib

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import huntkit

REPO = pathlib.Path(__file__).resolve().parents[2]
ALERT = REPO / "crates" / "huntkit-entities" / "tests" / "data" / "sentinel_alert.json"

IP_TYPES = {
    "104.211.30.1": "Public",
    "104.211.30.2": "Public",
    "192.168.0.1": "Private",
    "127.0.0.1": "Loopback",
}


def pairs(frame: pd.DataFrame, key: str = "ip", value: str = "result"):
    return dict(zip(frame[key], frame[value]))


def test_ip_type_value_list_and_table_agree():
    for ip, want in IP_TYPES.items():
        out = huntkit.IpAddress.ip_type(ip)
        assert isinstance(out, pd.DataFrame)
        assert pairs(out) == {ip: want}
        assert huntkit.ip_type(ip) == want
    assert pairs(huntkit.IpAddress.ip_type(list(IP_TYPES))) == IP_TYPES
    assert pairs(huntkit.IpAddress.ip_type(pd.Series(list(IP_TYPES)))) == IP_TYPES
    frame = pd.DataFrame({"SrcIP": list(IP_TYPES), "Port": range(4)})
    out = huntkit.IpAddress.ip_type(frame, src_column="SrcIP")
    assert pairs(out) == IP_TYPES
    assert out["src_row_index"].tolist() == [0, 1, 2, 3]
    # The container path and the shortcut are the same function.
    assert huntkit.IpAddress.util.ip_type is huntkit.IpAddress.ip_type
    assert "(pivot function)" in repr(huntkit.IpAddress.ip_type)


@pytest.mark.parametrize("how", ["left", "inner"])
def test_joins_keep_the_column_count_rule(how):
    frame = pd.DataFrame({"SrcIP": list(IP_TYPES) + [None], "Port": range(5)})
    result = huntkit.IpAddress.ip_type(frame, column="SrcIP")
    joined = huntkit.IpAddress.ip_type(frame, column="SrcIP", join=how)
    assert list(joined.columns) == ["SrcIP", "Port", "ip", "result"]
    assert len(joined.columns) <= len(frame.columns) + len(result.columns)
    assert len(joined) == (5 if how == "left" else 4)
    assert dict(zip(joined["SrcIP"][:4], joined["result"][:4])) == IP_TYPES
    # df.pipe and polars frames work the same way.
    piped = frame.pipe(huntkit.IpAddress.ip_type, column="SrcIP", join=how)
    assert piped.equals(joined)
    polars = huntkit.IpAddress.ip_type(pl.from_pandas(frame), column="SrcIP", join=how)
    assert isinstance(polars, pl.DataFrame)
    assert polars["result"].to_list()[:4] == list(IP_TYPES.values())


def test_msticpy_pivot_register_expectations():
    url = "https://www.contoso.com/path?p1=test"
    assert huntkit.IpAddress.ip_type("13.107.4.50")["result"][0] == "Public"
    proc = huntkit.Process(CommandLine="VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n")
    decoded = huntkit.Process.b64decode(proc)
    assert decoded["decoded_string"][0] == "This is a test of base64 encoded string"
    assert "www.contoso.com" in set(huntkit.Url.extract_iocs(url)["Observable"])
    assert huntkit.Url.dns_components(url)["subdomain"][0] == "www"
    assert huntkit.Url.url_components(url)["host"][0] == "www.contoso.com"
    parts = huntkit.Url.url_components("https://www.contoso.com/path#frag?query=xxx")
    assert (parts["scheme"][0], parts["path"][0], parts["fragment"][0]) == ("https", "/path", "frag?query=xxx")
    # Engine options pass through; an unknown one is refused by name.
    only = huntkit.Url.extract_iocs(url, types=["url"])
    assert only["IoCType"].tolist() == ["url"]
    with pytest.raises(huntkit.InvalidOptionError):
        huntkit.Url.extract_iocs(url, typo=1)


def test_entities_parse_and_normalise():
    ip = huntkit.IpAddress("8[.]8[.]8[.]8")
    assert ip.Address == "8.8.8.8" and ip["IpType"] == "Public"
    acct = huntkit.Account("CONTOSO\\alice")
    assert (acct.Name, acct.NTDomain) == ("alice", "CONTOSO")
    assert huntkit.Dns("WWW.Contoso.COM.").DomainName == "www.contoso.com"
    assert huntkit.Url("hxxps://Evil[.]com/x").Host == "evil.com"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.IpAddress("not-an-ip")
    assert e.value.code == "invalid_input"
    # An entity given to a pivot stands for its value.
    assert huntkit.IpAddress.ip_type(ip)["result"][0] == "Public"
    users = pd.DataFrame({"User": ["CONTOSO\\bob", "carol@contoso.com", None]})
    ents = huntkit.entities_from_column(users, "User", "user")
    assert ents["NTDomain"][0] == "CONTOSO" and ents["UPNSuffix"][1] == "contoso.com"
    created = huntkit.Account.create(users, column="User", join="left")
    assert created["Name"].tolist()[:2] == ["bob", "carol"]


def test_discovery_lists_every_entity_and_pivot():
    listed = huntkit.pivots.list()
    names = {(p["entity"], p["name"]) for p in listed}
    assert ("IpAddress", "ip_type") in names and ("Process", "extract_iocs") in names
    assert all(set(p) >= {"entity", "name", "container", "help", "input", "output"} for p in listed)
    assert {p["entity"] for p in huntkit.pivots.list("ip")} == {"IpAddress"}
    assert "Link Local" in huntkit.pivots.help("IpAddress", "ip_type")
    assert [e["name"] for e in huntkit.pivots.entities()][:3] == ["IpAddress", "Dns", "Url"]
    assert huntkit.pivots.IpAddress is huntkit.IpAddress
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.pivots.entity("TestEntity")
    assert e.value.code == "unknown_entity"
    with pytest.raises(AttributeError):
        huntkit.IpAddress.no_such_pivot


def test_user_functions_register_call_and_join():
    calls = []

    def reputation(values):
        """A made-up reputation per address."""
        calls.append(list(values))
        return [{"score": len(v), "verdict": "bad" if v.startswith("104.") else "ok"} for v in values]

    huntkit.pivots.register("IpAddress", "reputation", reputation)
    try:
        assert huntkit.IpAddress.custom.reputation is huntkit.IpAddress.reputation
        assert "made-up" in huntkit.pivots.help("IpAddress", "reputation")
        out = huntkit.IpAddress.reputation(list(IP_TYPES))
        assert list(out.columns) == ["ip", "score", "verdict", "src_row_index"]
        frame = pd.DataFrame({"SrcIP": ["104.1.1.1", None, "10.0.0.1"]})
        joined = huntkit.IpAddress.reputation(frame, column="SrcIP", join="left")
        assert list(joined.columns) == ["SrcIP", "ip", "score", "verdict"]
        verdicts = joined["verdict"].tolist()
        assert (verdicts[0], verdicts[2]) == ("bad", "ok") and pd.isna(verdicts[1])
        assert calls[-1] == ["104.1.1.1", "10.0.0.1"]  # missing values are not passed
        inner = huntkit.IpAddress.reputation(frame, column="SrcIP", join="inner")
        assert len(inner) == 2
        with pytest.raises(AttributeError):
            huntkit.pivots.register("IpAddress", "reputation", reputation)
        # A function returning the wrong number of rows is a coded error.
        huntkit.pivots.register("IpAddress", "broken", lambda values: [1], overwrite=True)
        with pytest.raises(huntkit.HuntkitError) as e:
            huntkit.IpAddress.broken(["1.1.1.1", "2.2.2.2"])
        assert e.value.code == "invalid_input"
        # A function returning a table.
        huntkit.pivots.register(
            "IpAddress",
            "as_table",
            lambda values: pa.table({"ip": values, "n": list(range(len(values)))}),
        )
        t = huntkit.IpAddress.as_table(frame, column="SrcIP", join="left")
        assert t["n"].tolist()[0] == 0 and pd.isna(t["n"].tolist()[1])
    finally:
        for name in ("reputation", "broken", "as_table"):
            try:
                huntkit.pivots.unregister("IpAddress", name)
            except AttributeError:
                pass
    assert all(p["name"] != "reputation" for p in huntkit.pivots.list("IpAddress"))
    with pytest.raises(ValueError):
        huntkit.pivots.unregister("IpAddress", "ip_type")


def test_pipeline_chains_pivots():
    events = pd.DataFrame({"Url": ["https://www.contoso.com/a", "hxxp://evil[.]example.co.uk/b"]})
    run = huntkit.pivots.pipeline(
        (huntkit.Url.url_components, {"column": "Url", "join": "left"}),
        (huntkit.Dns.dns_components, {"column": "host", "join": "left"}),
    )
    out = run(events)
    assert out["registered_domain"].tolist() == ["contoso.com", "example.co.uk"]
    assert out["Url"].tolist() == events["Url"].tolist()


def test_sentinel_alert_entities():
    text = ALERT.read_text()
    ents = huntkit.alert_entities(text)
    assert ents["Type"].tolist()[:3] == ["Alert", "Host", "Account"]
    assert ents["Value"][0] == "f1ce87ca-8863-4a66-a0bd-a4d3776a7c64"
    account = json.loads(ents[ents["Type"] == "Account"]["Properties"].iloc[0])
    assert account["Host"] == {"$ref": "2", "Type": "Host", "Value": "msticalertswin1.contoso.com"}
    # A dict (a pandas row) and the Entities column alone read too.
    assert len(huntkit.alert_entities(json.loads(text))) == len(ents)
    assert len(huntkit.alert_entities(json.loads(text)["Entities"])) == len(ents) - 1
    with pytest.raises(huntkit.LimitExceededError):
        huntkit.alert_entities(text, max_entities=2)
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.alert_entities("[1]")
    assert e.value.code == "invalid_json"


def test_entities_from_iocs():
    events = pd.DataFrame({"CommandLine": ["curl hxxp://evil[.]example.com/x", "ping 8.8.8.8"]})
    iocs = huntkit.extract_iocs(events, columns=["CommandLine"])
    ents = huntkit.entities_from_iocs(iocs)
    got = set(zip(ents["Type"], ents["Value"], ents["src_row_index"]))
    assert ("Url", "http://evil.example.com/x", 0) in got
    assert ("IpAddress", "8.8.8.8", 1) in got


def test_errors_are_coded():
    with pytest.raises(huntkit.ColumnNotFoundError):
        huntkit.IpAddress.ip_type(pd.DataFrame({"a": ["1.1.1.1"]}), column="b")
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.Process.process_tree(["cmd.exe"])
    assert e.value.code == "invalid_input"
    with pytest.raises(huntkit.InvalidOptionError):
        huntkit.IpAddress.ip_type(["1.1.1.1"], join="outer")
    with pytest.raises(TypeError):
        huntkit.IpAddress.ip_type()


def test_geoip_database_as_a_pivot():
    db = huntkit.GeoIpDb(REPO / "crates" / "huntkit-geoip" / "tests" / "data" / "GeoLite2-City-Test.mmdb")
    huntkit.pivots.register_geoip(db)
    try:
        assert any(p["name"] == "geoloc" and p["container"] == "util" for p in huntkit.pivots.list("IpAddress"))
        flows = pd.DataFrame({"SrcIP": ["81.2.69.142", None, "10.0.0.1"], "Bytes": [1, 2, 3]})
        joined = huntkit.IpAddress.geoloc(flows, column="SrcIP", join="left")
        assert len(joined) == 3 and joined["Bytes"].tolist() == [1, 2, 3]
        assert joined["CountryCode"][0] == "GB"
        assert pd.isna(joined["CountryCode"][2])
    finally:
        huntkit.pivots.unregister("IpAddress", "geoloc")
