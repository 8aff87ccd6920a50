"""GeoIP lookups from Python: MSTICPy's GeoLocation columns, one row per input row, frames
of the input's kind, every network of the test databases' sources, coded errors for
corrupt databases."""

from __future__ import annotations

import ipaddress
import json
import math

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import huntkit
from conftest import REPO

GEO = REPO / "crates" / "huntkit-geoip" / "tests" / "data"
CITY = GEO / "GeoIP2-City-Test.mmdb"
ASN = GEO / "GeoLite2-ASN-Test.mmdb"
COLUMNS = [
    "IpAddress",
    "CountryCode",
    "CountryOrRegionName",
    "State",
    "City",
    "Longitude",
    "Latitude",
    "Asn",
    "AsnOrganization",
]


def _texts(series):
    """A pandas column of text with its missing values (NaN or None) as None."""
    return [v if isinstance(v, str) else None for v in series.tolist()]


@pytest.fixture(scope="module")
def geo():
    return huntkit.GeoIpDb(CITY, asn=ASN)


def test_one_address(geo):
    row = geo.lookup("81.2.69.142")
    assert list(row) == COLUMNS
    assert row["CountryCode"] == "GB"
    assert row["CountryOrRegionName"] == "United Kingdom"
    assert row["State"] == "England"
    assert row["City"] == "London"
    assert (row["Latitude"], row["Longitude"]) == (51.5142, -0.0931)
    assert geo.lookup("1.128.0.1")["Asn"] == 1221
    assert geo.lookup("1.128.0.1")["AsnOrganization"] == "Telstra Pty Ltd"
    assert geo.lookup("not an address") is None


def test_table_column_gives_a_frame_of_the_input_kind_row_for_row(geo):
    ips = ["81.2.69.142", " 2001:218::1 ", None, "10.0.0.1", "bogus", "1.128.0.1"]
    df = pd.DataFrame({"src": ips, "n": range(len(ips))})
    out = geo.lookup(df, column="src")
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == COLUMNS
    assert len(out) == len(ips)
    assert out["IpAddress"].tolist()[:2] == ["81.2.69.142", "2001:218::1"]
    assert out["CountryCode"].tolist()[:2] == ["GB", "JP"]
    assert out.loc[2:4, "CountryCode"].isna().all()
    assert out.loc[5, "Asn"] == 1221
    pl_out = geo.lookup(pl.from_pandas(df), column="src")
    assert isinstance(pl_out, pl.DataFrame)
    assert pl_out["CountryCode"].to_list() == _texts(out["CountryCode"])
    pa_out = geo.lookup(pa.Table.from_pandas(df), column="src")
    assert isinstance(pa_out, pa.Table)
    assert pa_out.column_names == COLUMNS
    csv = df.to_csv(index=False).encode()
    assert geo.lookup(csv, column="src").column("City").to_pylist()[0] == "London"


def test_lists_and_series_of_addresses(geo):
    out = geo.lookup(["81.2.69.142", None, 3, "2001:218::1"])
    assert isinstance(out, pd.DataFrame)
    assert out["CountryCode"].tolist()[0] == "GB"
    assert out["CountryCode"].tolist()[3] == "JP"
    assert _texts(out["IpAddress"])[1] is None
    assert isinstance(geo.lookup(pl.Series(["81.2.69.142"])), pl.DataFrame)
    assert geo.lookup(pa.array(["81.2.69.142"])).column("City").to_pylist() == ["London"]


def _networks(name):
    for entry in json.loads((GEO / name).read_text()):
        for text, record in entry.items():
            yield ipaddress.ip_network(text), record


def test_every_network_of_the_city_source_answers_as_the_source_says():
    geo = huntkit.GeoIpDb(CITY.read_bytes())
    nets = list(_networks("GeoIP2-City-Test.json"))
    # The most specific network holding an address wins, as in the database.
    addrs = [str(n.network_address) for n, _ in nets]
    out = geo.lookup(addrs)
    for i, addr in enumerate(addrs):
        ip = ipaddress.ip_address(addr)
        best = max((n for n in nets if ip in n[0]), key=lambda n: n[0].prefixlen)
        rec = best[1]
        row = out.iloc[i]
        want_cc = rec.get("country", {}).get("iso_code")
        assert _texts(out["CountryCode"])[i] == want_cc, addr
        want_city = rec.get("city", {}).get("names", {}).get("en")
        assert _texts(out["City"])[i] == want_city, addr
        lat = rec.get("location", {}).get("latitude")
        assert (None if math.isnan(row["Latitude"]) else row["Latitude"]) == lat, addr


def test_language_and_database_info():
    geo = huntkit.GeoIpDb(CITY, language="de")
    assert geo.lookup("81.2.69.142")["CountryOrRegionName"] == "Vereinigtes Königreich"
    (info,) = geo.databases
    assert info["kind"] == "location"
    assert info["database_type"] == "GeoIP2-City"
    assert "en" in info["languages"]
    assert "location: GeoIP2-City" in repr(geo)


@pytest.mark.parametrize(
    "name",
    [
        "MaxMind-DB-test-broken-pointers-24.mmdb",
        "MaxMind-DB-test-broken-search-tree-24.mmdb",
        "GeoIP2-City-Test-Invalid-Node-Count.mmdb",
    ],
)
def test_corrupt_databases_raise_a_coded_error(name):
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.GeoIpDb(GEO / name)
    assert e.value.code == "invalid_geoip_db"


def test_refusals_are_coded():
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.GeoIpDb(b"not a database")
    assert e.value.code == "invalid_geoip_db"
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.GeoIpDb(CITY, asn=CITY)
    assert e.value.code == "unsupported_geoip_db"
    with pytest.raises(huntkit.UnknownOptionError):
        huntkit.GeoIpDb(CITY, lang="de")
    with pytest.raises(huntkit.HuntkitError) as e:
        huntkit.GeoIpDb(CITY, language="<b>")
    assert e.value.code == "invalid_option"
    with pytest.raises(FileNotFoundError):
        huntkit.GeoIpDb(GEO / "missing.mmdb")
    with pytest.raises(TypeError):
        huntkit.GeoIpDb(42)
    geo = huntkit.GeoIpDb(CITY)
    with pytest.raises(huntkit.ColumnNotFoundError):
        geo.lookup(pd.DataFrame({"a": ["1.2.3.4"]}), column="ip")
    with pytest.raises(TypeError):
        geo.lookup(42)
