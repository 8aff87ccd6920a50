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


def test_host_process_tree_by_a_host_column():
    # Process 0x10 runs on both hosts: by host, h2's notepad is not h1's cmd's child.
    events = pd.DataFrame(
        {
            "TimeGenerated": ["2024-01-01 10:00:00", "2024-01-01 10:00:02"],
            "Host": ["h1", "h2"],
            "NewProcessName": ["C:\\Windows\\cmd.exe", "C:\\Windows\\notepad.exe"],
            "NewProcessId": ["0x10", "0x30"],
            "ProcessId": ["0x4", "0x10"],
            "ParentProcessName": ["C:\\Windows\\explorer.exe", "C:\\Windows\\cmd.exe"],
        }
    )

    def child_of_cmd(**options):
        t = huntkit.Host.process_tree(events, join="left", **options).set_index("NewProcessName")
        return t.loc["C:\\Windows\\notepad.exe", "parent_key"] == t.loc["C:\\Windows\\cmd.exe", "proc_key"]

    assert child_of_cmd()
    assert not child_of_cmd(column="Host")
    with pytest.raises(huntkit.ColumnNotFoundError):
        huntkit.Host.process_tree(events, column="Computer")


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
        huntkit.pivots.use_geoip(None)


# ---------------------------------------------------------------------------- enrichment

GEOIP = REPO / "crates" / "huntkit-geoip" / "tests" / "data"
TI = REPO / "crates" / "huntkit-ti" / "tests" / "data"
NET = REPO / "crates" / "huntkit-net" / "tests" / "fixtures"


def test_enrichment_pivots_are_listed_with_what_they_need():
    listed = {(p["entity"], p["container"], p["name"]): p for p in huntkit.pivots.list()}
    for key in [
        ("IpAddress", "util", "geoip"),
        ("IpAddress", "util", "geoloc"),
        ("IpAddress", "util", "whois"),
        ("IpAddress", "util", "whois_asn"),
        *[(e, "ti", n) for e in ("IpAddress", "Dns", "Url", "FileHash") for n in ("lookup_ioc", "lookup_iocs")],
    ]:
        assert key in listed, key
        assert listed[key]["source"] == "enrichment"
        assert listed[key]["needs"] in listed[key]["help"]
    assert "use_geoip" in huntkit.pivots.help("IpAddress", "geoip")
    # The browser lists them with that help.
    view = huntkit.PivotBrowser()
    shown = {(e["entity"], e["name"]): e for e in json.loads(view.catalogue)}
    assert "use_ti" in shown[("Url", "lookup_ioc")]["help"]
    assert huntkit.IpAddress.lookup_ioc is huntkit.IpAddress.ti.lookup_ioc


def test_geoip_pivot_needs_a_database_then_joins():
    huntkit.pivots.use_geoip(None)
    assert not [p for p in huntkit.pivots.list("IpAddress") if p["name"] == "geoip"][0]["configured"]
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.IpAddress.geoip(["81.2.69.142"])
    assert e.value.code == "not_configured" and "use_geoip" in str(e.value)
    huntkit.pivots.use_geoip(GEOIP / "GeoLite2-City-Test.mmdb", asn=GEOIP / "GeoLite2-ASN-Test.mmdb")
    try:
        assert [p for p in huntkit.pivots.list("IpAddress") if p["name"] == "geoip"][0]["configured"]
        flows = pd.DataFrame({"SrcIP": ["81.2.69.142", None, "10.0.0.1", "1.128.0.0"], "Bytes": [1, 2, 3, 4]})
        joined = huntkit.IpAddress.geoip(flows, column="SrcIP", join="left")
        assert joined["Bytes"].tolist() == [1, 2, 3, 4]
        assert joined["CountryCode"][0] == "GB" and joined["City"][0] == "London"
        assert pd.isna(joined["CountryCode"][1]) and pd.isna(joined["CountryCode"][2])
        assert joined["Asn"][3] == 1221
        inner = huntkit.IpAddress.geoip(flows, column="SrcIP", join="inner")
        assert inner["Bytes"].tolist() == [1, 3, 4]  # a row per address given, nulls where none found
        alone = huntkit.IpAddress.util.geoloc("81.2.69.142")
        assert alone["IpAddress"].tolist() == ["81.2.69.142"] and alone["src_row_index"].tolist() == [0]
    finally:
        huntkit.pivots.use_geoip(None)


def test_ti_pivots_over_local_feeds():
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.Dns.lookup_ioc(["example.com"])
    assert e.value.code == "not_configured" and "use_ti" in str(e.value)
    ipsum = (TI / "ipsum-level3.txt").read_text().split()
    listed = [line for line in ipsum if line and not line.startswith("#")][0]
    huntkit.pivots.use_ti([TI / "ipsum-level3.txt"])
    try:
        events = pd.DataFrame({"SrcIP": ["10.0.0.1", listed, None], "n": [1, 2, 3]})
        joined = huntkit.IpAddress.ti.lookup_iocs(events, column="SrcIP", join="left")
        assert joined["n"].tolist() == [1, 2, 3]
        assert bool(joined["Result"][1]) and joined["Ioc"][1] == listed
        assert joined["Provider"][1] and pd.isna(joined["Result"][0])
        hits = huntkit.IpAddress.lookup_ioc(["10.0.0.1", listed])
        assert hits["src_row_index"].tolist() == [1]
        assert list(hits.columns)[:8] == ["Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference"]
        inner = huntkit.IpAddress.lookup_iocs(events, column="SrcIP", join="inner")
        assert inner["n"].tolist() == [2]
    finally:
        huntkit.pivots.use_ti(None)


@pytest.fixture(scope="module")
def rdap():
    import http.server
    import threading

    routes = {
        "/ip/13.107.4.50": "rdap_ip_arin.json",
        "/autnum/8068": "rdap_autnum_8068.json",
        "/ip/193.0.6.139": "rdap_ip_ripe.json",
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            name = routes.get(self.path)
            body = (NET / (name or "rdap_404.json")).read_bytes()
            self.send_response(200 if name else 404)
            self.send_header("content-type", "application/rdap+json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_whois_pivots_over_rdap(rdap):
    config = {"rdap_base": rdap, "rdap_requests_per_minute": 0, "cache_ttl_secs": 0}
    flows = pd.DataFrame({"IP": ["13.107.4.50", "10.0.0.1", "193.0.6.139"], "n": [1, 2, 3]})
    joined = huntkit.IpAddress.whois(flows, column="IP", join="left", config=config)
    assert joined["n"].tolist() == [1, 2, 3]
    assert joined["asn_description"][0] == "MICROSOFT-CORP-MSN-AS-BLOCK"
    assert joined["status"].tolist() == ["ok", "not_public", "ok"]
    assert joined["country"][2] == "NL"
    huntkit.pivots.use_whois(config=config)
    try:
        asn = huntkit.IpAddress.whois_asn(["13.107.4.50"])
        assert list(asn.columns) == ["query", "asn", "asn_description", "asn_registry", "asn_country_code", "network_cidr", "status", "src_row_index"]
        assert asn["asn"][0] == "8068, 8075"
    finally:
        huntkit.pivots.use_whois()


def test_ti_pivots_of_dns_url_and_file_hash():
    huntkit.pivots.use_ti((TI / "indicators.csv", {"value_column": "indicator", "type_column": "type"}))
    try:
        dns = huntkit.Dns.lookup_ioc(["bad-updates.example", "good.example"])
        assert dns["Ioc"].tolist() == ["bad-updates.example"] and dns["IocType"].tolist() == ["dns"]
        events = pd.DataFrame({"Url": ["http://bad-updates.example/payload.bin", "https://ok.example/"]})
        url = huntkit.Url.ti.lookup_iocs(events, column="Url", join="left")
        assert bool(url["Result"][0])
        assert url["IocType"][0] == "url" and pd.isna(url["Result"][1])
        empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        hashes = huntkit.FileHash.lookup_ioc([empty.upper()])
        assert hashes["IocType"].tolist() == ["sha256_hash"] and hashes["src_row_index"].tolist() == [0]
    finally:
        huntkit.pivots.use_ti(None)
