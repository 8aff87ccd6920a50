"""Network lookups from Python against a local HTTP server on 127.0.0.1 that answers as
each service documents (the fixtures of crates/huntkit-net/tests/fixtures): WhoIs through
RDAP, the online TI providers, keys never shown, the interpreter released meanwhile."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pandas as pd
import pytest

import huntkit
from conftest import REPO

FIXTURES = REPO / "crates" / "huntkit-net" / "tests" / "fixtures"
KEY = "PY-K3Y-very-secret-0123456789"

ROUTES = {
    ("GET", "/ip/13.107.4.50"): (200, "rdap_ip_arin.json"),
    ("GET", "/autnum/8068"): (200, "rdap_autnum_8068.json"),
    ("GET", "/ip/193.0.6.139"): (200, "rdap_ip_ripe.json"),
    # A network object that names no origin AS, as RIPE's and APNIC's do not.
    ("GET", "/ip/1.128.0.1"): (200, "rdap_ip_ripe.json"),
    ("GET", "/v3/community/203.0.113.9"): (200, "greynoise_community.json"),
    ("GET", "/api/v2/check?ipAddress=203.0.113.9&maxAgeInDays=90"): (200, "abuseipdb_check.json"),
    ("GET", "/api/v3/ip_addresses/203.0.113.9"): (200, "vt_ip.json"),
    ("GET", "/api/v3/domains/example.com"): (429, "vt_429.json"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        Handler.seen.append((self.command, self.path, dict(self.headers), body))
        if self.path.startswith("/slow/"):
            time.sleep(0.5)
            self.path = self.path[len("/slow") :]
        status, name = ROUTES.get((self.command, self.path), (404, "rdap_404.json"))
        data = (FIXTURES / name).read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _providers(base: str, **extra) -> dict:
    cfg = {
        name: {"api_key": KEY, "base_url": base, "requests_per_minute": 0}
        for name in ("virustotal", "greynoise", "abuseipdb")
    }
    return {"providers": cfg, **extra}


def test_whois_one_address(server):
    row = huntkit.whois("13.107.4.50", config={"rdap_base": server})
    assert row["asn_description"] == "MICROSOFT-CORP-MSN-AS-BLOCK"
    assert row["asn"] == "8068, 8075"
    assert row["network_cidr"] == "13.104.0.0/14"
    assert row["registrant"] == "Microsoft Corporation"
    assert row["abuse_contact"] == "abuse@microsoft.com"
    assert row["status"] == "ok"


def test_whois_column_of_a_dataframe(server):
    df = pd.DataFrame({"ip": ["193.0.6.139", "10.1.1.1", None, "13.107.4.50"], "n": [1, 2, 3, 4]})
    out = huntkit.whois(df, column="ip", config={"rdap_base": server, "cache_ttl_secs": 0})
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(huntkit.net.WHOIS_COLUMNS)
    assert len(out) == 4
    assert out["abuse_contact"][0] == "abuse@ripe.net"
    assert list(out["status"]) == ["ok", "not_public", "invalid_ip", "ok"]


def test_whois_with_a_bootstrap_file(server, tmp_path):
    boot = tmp_path / "ipv4.json"
    boot.write_text(
        json.dumps({"version": "1.0", "publication": "x", "services": [[["193.0.0.0/8"], [server]]]})
    )
    out = huntkit.NetSession(bootstrap=str(boot)).whois(["193.0.6.139"])
    assert out["country"][0] == "NL"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.NetSession(bootstrap=[str(tmp_path / "ipv4.json"), __file__])
    assert e.value.code == "invalid_bootstrap"


def test_whois_fills_missing_asns_from_an_asn_database(server):
    db = huntkit.GeoIpDb(REPO / "crates" / "huntkit-geoip" / "tests" / "data" / "GeoLite2-ASN-Test.mmdb")
    config = {"rdap_base": server, "cache_ttl_secs": 0}
    assert huntkit.whois("1.128.0.1", config=config)["asn"] is None
    out = huntkit.whois(["1.128.0.1", "13.107.4.50"], config=config, asn_db=db)
    assert list(out["asn"]) == ["1221", "8068, 8075"]
    assert out["asn_description"][0] == "Telstra Pty Ltd"
    assert out["abuse_contact"][0] == "abuse@ripe.net"
    one = huntkit.NetSession(config).whois("1.128.0.1", asn_db=db)
    assert one["asn"] == "1221"
    with pytest.raises(huntkit.InvalidOptionError):
        huntkit.whois("1.128.0.1", config=config, asn_db="GeoLite2-ASN.mmdb")
    # The whois pivot takes the database from its settings.
    huntkit.pivots.use_whois(config=config, asn_db=db)
    try:
        assert huntkit.IpAddress.whois(["1.128.0.1"])["asn"][0] == "1221"
        with pytest.raises(huntkit.InvalidOptionError):
            huntkit.pivots.use_whois(asn_db="GeoLite2-ASN.mmdb")
    finally:
        huntkit.pivots.use_whois()


def test_providers_answer_in_msticpy_columns(server):
    Handler.seen.clear()
    out = huntkit.ti_lookup_online(
        ["203.0.113.9", "example.com"],
        providers=["gn", "abuseipdb", "vt"],
        config=_providers(server),
    )
    assert list(out.columns) == [
        "Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference"
    ]
    rows = {(r.Ioc, r.Provider): r for r in out.itertuples()}
    assert rows[("203.0.113.9", "GreyNoise")].Severity == "high"
    assert rows[("203.0.113.9", "AbuseIPDB")].Result
    assert json.loads(rows[("203.0.113.9", "AbuseIPDB")].Details)["abuseConfidenceScore"] == 100
    assert rows[("203.0.113.9", "VirusTotal")].Reference.endswith("/ip-address/203.0.113.9")
    limited = rows[("example.com", "VirusTotal")]
    assert not limited.Result
    assert json.loads(limited.Details)["error"] == "rate_limited"
    # Neither GreyNoise nor AbuseIPDB serve domains: no rows for them.
    assert ("example.com", "GreyNoise") not in rows
    # The key went in the documented header, and nowhere in the results.
    headers = {path: h for _, path, h, _ in Handler.seen}
    assert headers["/v3/community/203.0.113.9"]["key"] == KEY
    assert headers["/api/v3/ip_addresses/203.0.113.9"]["x-apikey"] == KEY
    assert KEY not in out.to_csv()


def test_missing_key_and_unknown_provider(server, monkeypatch):
    monkeypatch.delenv("HUNTKIT_VT_KEY", raising=False)
    session = huntkit.NetSession({"providers": {"virustotal": {"base_url": server}}})
    out = session.lookup("203.0.113.9", providers="vt")
    assert json.loads(out["Details"][0])["error"] == "missing_api_key"
    with pytest.raises(huntkit.HuntkitError) as e:
        session.lookup("203.0.113.9", providers="nosuch")
    assert e.value.code == "unknown_provider"


def test_key_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("HUNTKIT_ABUSEIPDB_KEY", KEY)
    session = huntkit.NetSession({"providers": {"abuseipdb": {"base_url": server}}})
    out = session.lookup(["203.0.113.9"], providers=["abuseipdb"])
    assert bool(out["Result"][0])
    assert KEY not in repr(session)


def test_bad_config_does_not_echo_the_key():
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.NetSession({"providers": {"vt": {"base_url": KEY}}})
    assert e.value.code == "invalid_config"
    assert KEY not in str(e.value)


def test_interpreter_is_released_during_requests(server):
    session = huntkit.NetSession(_providers(server + "/slow", cache_ttl_secs=0))
    done = threading.Event()
    ticks = 0

    def work():
        session.lookup(["203.0.113.9"], providers=["gn"])
        done.set()

    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    # The 0.5 s answer left this thread free to run.
    assert ticks > 50
