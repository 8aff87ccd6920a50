"""huntkit.msticpy, the MSTICPy drop-in: MSTICPy's own test expectations (the reference
spec, section 2) asserted through it, on MSTICPy's test data (examples/data).

Run: tests/python/run.sh test_msticpy.py
"""

from __future__ import annotations

import doctest
import gzip
import hashlib
import importlib
import io
import math
import pydoc
import subprocess
import sys
import tarfile
import zipfile

import numpy as np
import pandas as pd
import pyarrow.ipc
import pytest
from conftest import DATA
from pandas.testing import assert_frame_equal

from huntkit.msticpy import (
    LX_EVENT_SCH,
    WIN_EVENT_SCH,
    Cmd,
    IoCExtract,
    IoCType,
    Model,
    MsticpyException,
    StateMatrix,
    TimeSpan,
    build_process_tree,
    create_session_col,
    create_time_period_kqlfilter,
    extract_anomaly_periods,
    find_anomaly_periods,
    get_ancestors,
    get_children,
    get_descendents,
    get_hashes,
    get_items_from_gzip,
    get_items_from_tar,
    get_items_from_zip,
    get_parent,
    get_process,
    get_root,
    get_root_tree,
    get_roots,
    get_siblings,
    get_summary_info,
    infer_schema,
    score_sessions,
    sessionize_data,
    set_new_anomaly_threshold,
    timeseries_anomalies_stl,
    tree_to_text,
    ts_anomalies_stl,
    unpack,
    unpack_df,
    unpack_items,
)

# ---------------------------------------------------------------------------- base64


B64_NESTED = DATA / "base64msg.txt"
B64_ZIP = DATA / "b64text_inzip.txt"
SIMPLE = "VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n"
EMBEDDED = (
    "VGhpcyBpcyBhbiBlbWJlZGRlZCBCNjQgVkdocGN5QnBjeUJoSUhSbGMzUWdiMllnWW1GelpUWTBJR1Z1WTI5a1pXUWdjM1J5YVc1bg=="
)
B64_COLUMNS = [
    "reference", "original_string", "file_name", "file_type", "input_bytes", "decoded_string",
    "encoding_type", "file_hashes", "md5", "sha1", "sha256", "printable_bytes",
]


def test_archive_string() -> None:
    text = B64_ZIP.read_text()
    decoded, frame = unpack_items(input_string=text, trace=True)
    assert decoded is not None and frame.shape == (2, 12)
    assert frame["reference"].tolist() == [("", "1.", "1"), ("1.", "2.", "1")]
    assert frame["file_name"].tolist() == ["txtenc.txt", "unknown"]
    assert frame["md5"].str[:8].tolist() == ["87adcc21", "3414109c"]
    # Q-B1: unpack_items pads the whole input with "A"; unpack does not.
    assert decoded.endswith("A") and not text.endswith("A")
    plain, frame2 = unpack(input_string=text)
    assert not plain.endswith("A") and frame2.shape == (2, 12)


def test_nested_archive_is_stable_across_calls() -> None:
    text = B64_NESTED.read_text()
    for _ in range(3):
        decoded, frame = unpack_items(input_string=text)
        assert frame.shape == (8, 12)
    assert list(frame.columns) == B64_COLUMNS
    assert frame["reference"].tolist() == [("", "1.", "1")] * 3 + [("", "1.", "2")] * 3 + [
        ("2.", "2.", "1"),
        ("2.", "2.", "2"),
    ]
    assert frame["file_type"].tolist() == ["tar"] * 3 + ["zip"] * 3 + [None, None]
    assert frame["encoding_type"].tolist() == ["utf-8", "utf-8", "binary"] * 2 + ["binary"] * 2
    assert frame["md5"].tolist()[-2:] == [
        "69fbfeacd07be73e29b7786f663aba07",
        "3414109cd3c337be290997995549fa96",
    ]
    assert frame.loc[0, "file_hashes"]["md5"] == "9fd687fb66a85f89cc413728a179fb0d"
    assert decoded.startswith(
        "There should be a tar file here:<decoded value='multiple binary' type='multiple' "
        "index='1' depth='1'><decoded type='string' name='[tar] Filename: dllenc.txt' "
        "index='1.1' depth='2'>-----BEGIN CERTIFICATE-----<decoded value='binary'  "
        "name='[None]' type='None' index='2.1' depth='2'>3e 7b f4 bf"
    )
    assert "Followed by a zip file:<decoded value='multiple binary' type='multiple' index='2' depth='1'>" in decoded
    assert decoded.rstrip().endswith("And this is the end.")
    assert unpack(B64_NESTED.read_text())[1].shape == (8, 12)


def test_nested_archive_df() -> None:
    text = B64_NESTED.read_text()
    df = pd.DataFrame({"input": [text, text]}, index=[10, 20])
    for out in (
        unpack_items(data=df, column="input"),
        unpack_df(data=df, column="input"),
        df.mp.b64extract(column="input"),
        df.mp_b64.extract(column="input"),
    ):
        assert out.shape == (16, 15)
        assert list(out.columns) == [*B64_COLUMNS, "src_index", "input", "full_decoded_string"]
        assert out["src_index"].tolist() == [10] * 8 + [20] * 8
    with pytest.raises(ValueError, match="column must be supplied"):
        unpack_items(data=df)
    assert unpack_items() is None


@pytest.mark.parametrize(
    "encoded, expected",
    [
        (SIMPLE, "This is a test of base64 encoded string"),
        (
            "QSBLdXN0byBxdWVyeSBpcyBhIHJlYWQtb25seSByZXF1ZXN0IHRvIHByb2Nlc3MgZGF0YSBhbmQgcmV0dXJuIHJlc3VsdHMu",
            "A Kusto query is a read-only request to process data and return results.",
        ),
        (EMBEDDED, "This is an embedded B64 " + SIMPLE),
    ],
)
def test_decoded_strings(encoded: str, expected: str) -> None:
    _, frame = unpack(encoded)
    assert frame["original_string"].iloc[0] == encoded
    assert frame["decoded_string"].iloc[0] == expected


def test_nested_string_tags() -> None:
    text, frame = unpack(SIMPLE)
    assert text == (
        "<decoded type='string' name='[None]' index='1' depth='1'>"
        "This is a test of base64 encoded string</decoded>"
    )
    text, frame = unpack(EMBEDDED)
    assert text == (
        "<decoded type='string' name='[None]' index='1' depth='1'>This is an embedded B64 "
        "<decoded type='string' name='[None]' index='1.1' depth='2'>This is a test of base64 "
        "encoded string</decoded></decoded>"
    )
    assert len(frame) == 2 and frame["reference"].iloc[1] == ("1.", "2.", "1")


def test_archive_helpers() -> None:
    payload = b"hello huntkit"
    assert get_items_from_gzip(gzip.compress(payload)) == ("gz", {"gzip_file": payload})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", payload)
    assert get_items_from_zip(buf.getvalue()) == ("zip", {"a.txt": payload})
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        info = tarfile.TarInfo("b.txt")
        info.size = len(payload)
        t.addfile(info, io.BytesIO(payload))
    assert get_items_from_tar(buf.getvalue()) == ("tar", {"b.txt": payload})
    assert get_hashes(payload) == {
        "md5": hashlib.md5(payload).hexdigest(),
        "sha1": hashlib.sha1(payload).hexdigest(),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }


def test_huntkit_mode_is_one_keyword_away() -> None:
    _, msticpy = unpack(SIMPLE)
    _, huntkit_mode = unpack(SIMPLE, compat="huntkit")
    assert len(msticpy.columns) == 12 and len(huntkit_mode.columns) > 12
    assert huntkit_mode["decoded_string"].iloc[0] == msticpy["decoded_string"].iloc[0]


# ---------------------------------------------------------------------------- IoCs

TEST_CASES = {
    "ipv4_test": r"c:\one\path\or\another\myprocess -ip4:206.123.1.123",
    "ipv6_test": r"""c:\one\path\or\another\myprocess -ip6:(2001:0db8:85a3:0000:0000:8a2e:0370:7334,
        2001:db8:85a3:0:0:8a2e:370:7334,2001:db8:85a3::8a2e:370:7334,::ffff:192.0.2.128)""",
    "url_test": r"""c:\one\path\or\another\myprocess /url:https://some.domain.it/thepath?qry1=abc&qry2=xyz
        /url:https://myuser@some.domain.es:88/thepath?qry1=abc&qry2=xyz"<some other trailing stuff""",
    "windows_path_test": r'c:\one\path\or\another\myprocess -file:"..\another\file" -file:"\\uncpath\file"',
    "linux_path_test": r"/bin/bash --file:./bish --file:/bin/bash --file:../../bosh",
    "md5_hash_test": (
        "00236a2ae558018ed13b5222ef1bd987hash -something-hash=00236a2ae558018ed13b5222ef1bd988hash "
        "-something -hash=00236a2ae558018ed13b5222ef1bd989"
    ),
    "sha1_hash_test": (
        "00236a2ae558018ed13b5222ef1bd98700000001hash -something -hash=00236a2ae558018ed13b5222ef1bd98700000002hash "
        "-something -hash=00236a2ae558018ed13b5222ef1bd98700000003"
    ),
    "sha256_hash_test": (
        "00236a2ae558018ed13b5222ef1bd98700000001424246789042424678901234hash -something "
        "-hash=00236a2ae558018ed13b5222ef1bd98700000001424246789042424678901235hash -something\n"
        "        -hash=00236a2ae558018ed13b5222ef1bd98700000001424246789042424678901236"
    ),
    "url2_test": "curl 'https://www.virustotal.com/en/ip-address/90.156.201.27/information/'",
    "domain1_test": "some text with a domain.like.uk in it",
    "domain_neg_test": "some text with a bad domain.like.iandom in it",
    "domain_short_test": "some text with a microsoft.com in it",
    "domain_ycombinator_test": "some text with a news.ycombinator.com in it",
    "email1_test": "some text with a user@microsoft.com in it",
    "email2_test": "some text with a User <user@microsoft.com> in it",
    "email3_test": "some text with a user@microsoft.com (User XYZ)> in it",
    "email4_test": "some text with a user@abc.def.net> in it",
}


@pytest.fixture()
def extractor() -> IoCExtract:
    return IoCExtract()


@pytest.mark.parametrize(
    "case, expected",
    [
        ("ipv4_test", {"ipv4": 1}),
        ("ipv6_test", {"ipv6": 3}),
        ("url_test", {"url": 2, "dns": 2, "ipv4": 0}),
        ("url2_test", {"url": 1, "dns": 1, "ipv4": 1}),
        ("windows_path_test", {"windows_path": 3}),
        ("linux_path_test", {"linux_path": 3}),
        ("md5_hash_test", {"md5_hash": 3}),
        ("sha1_hash_test", {"sha1_hash": 3}),
        ("sha256_hash_test", {"sha256_hash": 3}),
        ("domain1_test", {"dns": 1}),
        ("domain_neg_test", {"dns": 0}),
        ("domain_short_test", {"dns": 1}),
        ("domain_ycombinator_test", {"dns": 1}),
        ("email1_test", {"email": 1}),
        ("email2_test", {"email": 1}),
        ("email3_test", {"email": 1}),
        ("email4_test", {"email": 1}),
    ],
)
def test_extract_string(extractor: IoCExtract, case: str, expected: dict) -> None:
    found = extractor.extract(TEST_CASES[case], include_paths=True)
    for ioc_type, count in expected.items():
        assert len(found[ioc_type]) == count, (case, ioc_type, found)
    assert all(isinstance(v, set) for v in found.values())


def test_extract_string_values(extractor: IoCExtract) -> None:
    found = extractor.extract(TEST_CASES["url2_test"])
    assert found["url"] == {"https://www.virustotal.com/en/ip-address/90.156.201.27/information/'"}
    found = extractor.extract(TEST_CASES["ipv6_test"])
    assert found["ipv4"] == {"192.0.2.128"}
    # Q-I1: a string is scanned for paths without include_paths, as MSTICPy does.
    assert extractor.extract(TEST_CASES["ipv4_test"])["windows_path"] == {r"c:\one\path\or\another\myprocess"}


@pytest.fixture()
def cases_frame() -> pd.DataFrame:
    return pd.DataFrame.from_dict(TEST_CASES, orient="index", columns=["input"])


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        (
            {"include_paths": True},
            {"ipv4": 3, "ipv6": 3, "url": 3, "windows_path": 6, "linux_path": 0, "md5_hash": 3,
             "sha1_hash": 3, "sha256_hash": 3, "dns": 10, "email": 5},
        ),
        (
            {"include_paths": True,
             "ioc_types": ["ipv4", "ipv6", "url", "linux_path", "md5_hash", "sha1_hash", "sha256_hash"]},
            {"ipv4": 3, "ipv6": 3, "url": 3, "windows_path": 0, "linux_path": 8, "md5_hash": 3,
             "sha1_hash": 3, "sha256_hash": 3},
        ),
        (
            {"ioc_types": ["ipv4", "url", "md5_hash"]},
            {"ipv4": 3, "ipv6": 0, "url": 3, "windows_path": 0, "linux_path": 0, "md5_hash": 3,
             "sha1_hash": 0, "sha256_hash": 0},
        ),
    ],
)
def test_extract_df(extractor: IoCExtract, cases_frame: pd.DataFrame, kwargs: dict, expected: dict) -> None:
    out = extractor.extract(data=cases_frame, columns=["input"], **kwargs)
    assert_frame_equal(out, extractor.extract_df(data=cases_frame, columns=["input"], **kwargs))
    assert list(out.columns) == ["IoCType", "Observable", "SourceIndex", "Input"]
    counts = out["IoCType"].value_counts()
    for ioc_type, count in expected.items():
        assert counts.get(ioc_type, 0) == count, (ioc_type, counts)
    # SourceIndex is the row's index label.
    assert set(out["SourceIndex"]) <= set(TEST_CASES)
    row = out.iloc[0]
    assert row["Input"] == TEST_CASES[row["SourceIndex"]]


def test_extract_df_linux_paths(extractor: IoCExtract, cases_frame: pd.DataFrame) -> None:
    out = extractor.extract_df(cases_frame, ["input"], ioc_types=["linux_path"])
    assert set(out["Observable"]) == {
        "//some.domain.it/thepath?qry1=abc&qry2=xyz",
        "//myuser@some.domain.es:88",
        '/thepath?qry1=abc&qry2=xyz"',
        "/url:https:",
        "./bish",
        "../../bosh",
        "/bin/bash",
        "//www.virustotal.com/en/ip-address/90.156.201.27/information/'",
    }


def test_extract_df_rows_and_accessors(extractor: IoCExtract) -> None:
    df = pd.DataFrame({"a": ["1.2.3.4 x", "nothing"], "b": ["evil.com", "5.6.7.8"]}, index=["r1", "r2"])
    expected = [
        ["ipv4", "1.2.3.4", "r1", "1.2.3.4 x"],
        ["dns", "evil.com", "r1", "evil.com"],
        ["ipv4", "5.6.7.8", "r2", "5.6.7.8"],
    ]
    assert extractor.extract_df(df, ["a", "b"]).values.tolist() == expected
    assert df.mp.ioc_extract(columns=["a", "b"]).values.tolist() == expected
    assert df.mp_ioc.extract(columns=["a", "b"]).values.tolist() == expected
    with pytest.raises(LookupError):
        extractor.extract_df(df, ["a", "missing"])
    with pytest.raises(ValueError):
        extractor.extract(data=df, columns=["missing"])
    with pytest.raises(ValueError):
        extractor.extract(data=df)
    with pytest.raises(ValueError):
        extractor.extract("   ")


@pytest.mark.parametrize(
    "text, ioc_type, found",
    [
        (r"c:\one\path\or\another\myprocess -ip4:206[.]123.1.123", "ipv4", True),
        ("206[.]123[.]1[.]123", "ipv4", True),
        ("206.123[.]1[.]123", "ipv4", True),
        ("206.123[.]1[.]com", "ipv4", False),
        ("hXXps://www.virustotal.com/en/ip-address/90.156.201.27/information/", "url", True),
        ("ftp://www.virustotal.com/en/ip-address/90.156.201.27/information/", "url", True),
        ("ftp://www[.]virustotal[.]com/en/ip-address/90.156.201.27/information/", "url", True),
        ("sftp://www.virustotal.com/en/ip-address", "url", True),
        ("ftps://www.virustotal.com/en/ip-address", "url", True),
        ("fXp://www[.]virustotal.com/en/ip-address", "url", True),
        ("sfXp://www.virustotal[.]com/en/ip-address", "url", True),
        ("fXps://www.virustotal.com/en/ip-address", "url", True),
        ("file://www.virustotal.com/en/ip-address", "url", True),
        ("telnet://www.virustotal.com/en/ip-address", "url", True),
        ("telnet://www[.]virustotal[.]com/en/ip-address", "url", True),
        ("some text with a domain[.]like.uk in it", "dns", True),
        ("some text with a domain.like[.]uk in it", "dns", True),
        ("some text with a domain[.]like[.]uk in it", "dns", True),
        ("some text with a user@domain[.]like.uk in it", "email", True),
        ("some text with a user[AT]domain[.]like.uk in it", "email", True),
        ("some text with a user@domain.like.uk in it", "email", True),
    ],
)
def test_defanged(extractor: IoCExtract, text: str, ioc_type: str, found: bool) -> None:
    assert bool(extractor.extract(text).get(ioc_type)) == found


def test_defanged_iocs_no_defang() -> None:
    plain = IoCExtract(defanged=False)
    for text in (
        r"c:\one\path\or\another\myprocess -ip4:206[.]123.1.123",
        "206[.]123[.]1[.]123",
        "206.123[.]1[.]123",
        "206.123[.]1[.]com",
    ):
        assert len(plain.extract(text).get("ipv4", ())) == 0
    # Q-I2: observables of defanged matches come back as written.
    assert IoCExtract().extract("206[.]123.1.123")["ipv4"] == {"206[.]123.1.123"}


@pytest.mark.parametrize(
    "url, hashes",
    [
        ("https://www.contoso.com/path?p1=test&p2=10.2.4.5&hash=00236a2ae558018ed13b5222ef1bd987",
         ("md5_hash", "00236a2ae558018ed13b5222ef1bd987")),
        ("https://www.microsoft.com/path?p1=test&p2=10.2.4.5&hash=EE35D33B6F6A069CE82E45C83FBDE97A267261E9",
         ("sha1_hash", "EE35D33B6F6A069CE82E45C83FBDE97A267261E9")),
    ],
)
def test_pivot_url_iocs(extractor: IoCExtract, url: str, hashes: tuple) -> None:
    found = extractor.extract(url)
    host = url.split("/")[2]
    assert host in found["dns"] and url in found["url"] and "10.2.4.5" in found["ipv4"]
    assert hashes[1] in found[hashes[0]]


def test_validate_and_types(extractor: IoCExtract) -> None:
    assert extractor.validate("00236a2ae558018ed13b5222ef1bd987", "md5_hash")
    assert extractor.validate("00236a2ae558018ed13b5222ef1bd98700000001", "file_hash")
    assert extractor.validate("www.microsoft.com", "hostname")
    assert extractor.validate("https://www.contoso.com/path?p1=test", "url")
    assert not extractor.validate("domain.like.iandom", "dns")
    assert extractor.validate("domain.like.iandom", "dns", ignore_tlds=True)
    assert not extractor.validate("1.2.3.4 and more", "ipv4")
    assert extractor.validate("206[.]123.1.123", "ipv4")
    assert not extractor.validate("206[.]123.1.123", "ipv4", defanged=False)
    with pytest.raises(KeyError):
        extractor.validate("x", "no_such_type")
    assert IoCExtract.file_hash_type("a" * 32) == IoCType.md5_hash
    assert IoCExtract.file_hash_type("a" * 40) == IoCType.sha1_hash
    assert IoCExtract.file_hash_type(" " + "a" * 64 + " ") == IoCType.sha256_hash
    assert IoCExtract.file_hash_type("a" * 33) == IoCType.unknown
    assert IoCType.parse("IPV4") == IoCType.ipv4 and IoCType.parse("nope") == IoCType.unknown
    assert extractor.get_ioc_type("10.2.4.5") == "ipv4"
    assert extractor.get_ioc_type("www.contoso.com") == "dns"
    assert extractor.get_ioc_type("/bin/bash") == "linux_path"
    assert extractor.get_ioc_type("nothing here") == "unknown"
    assert list(extractor.ioc_types)[:4] == ["ipv4", "ipv6", "dns", "url"]
    assert extractor.ioc_types["ipv4"].priority == 0 and extractor.ioc_types["dns"].priority == 2


def test_custom_types_stay_with_their_instance() -> None:
    a, b = IoCExtract(), IoCExtract()
    a.add_ioc_type("win_named_pipe", r"(?P<pipe>\\\\\.\\pipe\\[^\s\\]+)", group="pipe")
    text = r"opened \\.\pipe\evil then"
    assert a.extract(text, ioc_types=["win_named_pipe"])["win_named_pipe"] == {r"\\.\pipe\evil"}
    assert "win_named_pipe" in a.ioc_types and "win_named_pipe" not in b.ioc_types
    assert "win_named_pipe" not in b.extract(text)
    with pytest.raises(ValueError):
        a.add_ioc_type("empty", "  ")


# ---------------------------------------------------------------------------- time series


@pytest.fixture()
def series() -> pd.DataFrame:
    return pd.read_csv(DATA / "time_series.csv", parse_dates=["TimeGenerated"])


def test_ts_anomalies_stl(series: pd.DataFrame) -> None:
    out = ts_anomalies_stl(series, time_column="TimeGenerated", data_column="TotalBytesSent")
    assert len(out.query("anomalies != 0")) == 3
    for column in ("residual", "trend", "seasonal", "weights", "baseline", "score", "anomalies"):
        assert column in out.columns
    flagged = out.query("anomalies != 0")
    assert flagged["residual"].tolist() == [261330284, 295773799, 353181952]
    assert flagged["baseline"].tolist() == [655437109, 1259512902, 1415729535]
    assert flagged["score"].round(6).tolist() == [3.153751, 3.569475, 4.262376]
    assert str(out["trend"].dtype) == "int64" and str(out["anomalies"].dtype) == "int64"
    via_accessor = series.mp_timeseries.analyze(time_column="TimeGenerated", data_column="TotalBytesSent")
    assert len(via_accessor.query("anomalies != 0")) == 3
    assert timeseries_anomalies_stl is ts_anomalies_stl


def test_ts_anomalies_stl_arguments(series: pd.DataFrame) -> None:
    with pytest.raises(NameError, match="time_column"):
        ts_anomalies_stl(series, time_col="TimeGenerated")
    with pytest.raises(MsticpyException):
        ts_anomalies_stl(series["TotalBytesSent"])


def test_anomaly_periods(series: pd.DataFrame) -> None:
    out = ts_anomalies_stl(series, time_column="TimeGenerated", data_column="TotalBytesSent")
    periods = find_anomaly_periods(out)
    assert len(periods) == 3 and all(isinstance(p, TimeSpan) for p in periods)
    assert periods[0].start == pd.Timestamp("2019-05-13 16:00:00+00:00")
    assert periods[0].period == pd.Timedelta(hours=2)
    assert len(out.mp_timeseries.anomaly_periods()) == 3
    spans = extract_anomaly_periods(out)
    assert list(spans.items())[0] == (
        pd.Timestamp("2019-05-13 16:00:00+00:00"),
        pd.Timestamp("2019-05-13 18:00:00+00:00"),
    )


def test_kql_periods(series: pd.DataFrame) -> None:
    kql = series.mp_timeseries.kql_periods()
    assert kql.startswith(
        "| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. "
        "datetime(2019-05-13 18:00:00+00:00)) or"
    )
    assert kql.count("between") == 3
    assert create_time_period_kqlfilter(extract_anomaly_periods(series)) == kql
    # Q-T3 kept: no periods give "| where ".
    assert create_time_period_kqlfilter({}) == "| where "
    assert create_time_period_kqlfilter({}, compat="huntkit") == ""


def test_apply_threshold(series: pd.DataFrame) -> None:
    assert len(series[series["anomalies"] == 1]) == 3
    out = series.mp_timeseries.apply_threshold(threshold=2)
    assert len(out[out["anomalies"] == 1]) == 3 and len(out[out["anomalies"] == -1]) == 4
    out = set_new_anomaly_threshold(series, threshold=2, threshold_low=1)
    assert out.query("anomalies != 0").shape == (12, 5)
    assert list(out.columns)[-1] == "anomalies"


def test_ts_anomalies_seasonal_zero() -> None:
    rng = np.random.default_rng(42)
    values = 100 + 0.1 * np.arange(100) + rng.normal(0, 5, 100)
    values[50] = 200
    df = pd.DataFrame({"value": values}, index=pd.date_range("2024-01-01", periods=100, freq="h"))
    out = ts_anomalies_stl(df, seasonal=7, period=24)
    assert out["anomalies"].dtype == np.int64
    assert set(out["anomalies"].unique()) <= {-1, 0, 1}
    assert not out["anomalies"].isna().any()
    assert out.columns[0] == "index"


def test_pd_accessors_have_docstrings(series: pd.DataFrame) -> None:
    for name in ("analyze", "anomaly_periods", "apply_threshold", "kql_periods", "plot"):
        assert len(getattr(series.mp_timeseries, name).__doc__.split("\n")) > 2


# ---------------------------------------------------------------------------- sessions


def _times(*values: str) -> list:
    return [pd.to_datetime(v, utc=True) for v in values]


@pytest.fixture()
def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "UserId": [1, 1, 2, 3, 1, 2, 2],
            "time": _times(
                "2020-01-03 00:00:00", "2020-01-03 00:01:00", "2020-01-05 00:00:00",
                "2020-01-06 11:06:00", "2020-01-03 01:00:00", "2020-01-05 00:21:00",
                "2020-01-05 00:25:00",
            ),
            "operation": ["A", "B", "C", "A", "A", "B", "C"],
        }
    )


SORTED_TIMES = _times(
    "2020-01-03 00:00:00", "2020-01-03 00:01:00", "2020-01-03 01:00:00", "2020-01-05 00:00:00",
    "2020-01-05 00:21:00", "2020-01-05 00:25:00", "2020-01-06 11:06:00",
)


@pytest.mark.parametrize("gap, sessions", [(2, [0, 0, 1, 2, 3, 4, 5]), (5, [0, 0, 1, 2, 3, 3, 4])])
def test_create_session_col(events: pd.DataFrame, gap: int, sessions: list) -> None:
    actual = create_session_col(events, ["UserId"], "time", 20, gap)
    expected = pd.DataFrame(
        {
            "UserId": [1, 1, 1, 2, 2, 2, 3],
            "time": SORTED_TIMES,
            "operation": ["A", "B", "A", "C", "B", "C", "A"],
            "session_ind": sessions,
        }
    )
    assert_frame_equal(actual, expected, check_dtype=False)


def test_sessionize_data(events: pd.DataFrame) -> None:
    actual = sessionize_data(events, ["UserId"], "time", 20, 2, "operation")
    expected = pd.DataFrame(
        {
            "UserId": [1, 1, 2, 2, 2, 3],
            "time_min": [SORTED_TIMES[i] for i in (0, 2, 3, 4, 5, 6)],
            "time_max": [SORTED_TIMES[i] for i in (1, 2, 3, 4, 5, 6)],
            "operation_list": [["A", "B"], ["A"], ["C"], ["B"], ["C"], ["A"]],
            "duration": pd.to_timedelta([1, 0, 0, 0, 0, 0], "min"),
            "number_events": [2, 1, 1, 1, 1, 1],
        }
    )
    assert_frame_equal(actual, expected, check_dtype=False)
    actual = sessionize_data(events, ["UserId"], "time", 20, 5, "operation")
    assert actual["operation_list"].tolist() == [["A", "B"], ["A"], ["C"], ["B", "C"], ["A"]]
    assert actual["duration"].tolist() == list(pd.to_timedelta([1, 0, 0, 4, 0], "min"))


def test_sessionize_nan_users_and_empty() -> None:
    df = pd.DataFrame(
        {"UserId": [np.nan, np.nan], "time": _times("2020-01-03 00:00:00", "2020-01-03 00:01:00"),
         "operation": ["A", "B"]}
    )
    with_col = create_session_col(df, ["UserId"], "time", 20, 2)
    assert with_col["session_ind"].tolist() == [0, 0] and with_col["UserId"].isna().all()
    out = sessionize_data(df, ["UserId"], "time", 20, 2, "operation")
    assert out["operation_list"].tolist() == [["A", "B"]] and out["UserId"].isna().all()
    assert out["duration"].tolist() == [pd.Timedelta(minutes=1)]
    empty = pd.DataFrame({"UserId": [], "time": [], "operation": []})
    assert create_session_col(empty, ["UserId"], "time", 20, 2).shape == (0, 4)
    assert sessionize_data(empty, ["UserId"], "time", 20, 2, "operation").shape == (0, 6)


SESSIONS1 = [["Set-User", "Set-User"], ["Set-Mailbox", "Set-User", "Set-User"]]
SESSIONS2 = [
    [Cmd("Set-User", {"Identity"}), Cmd("Set-User", {"Identity", "City", "Name"})],
    [Cmd("Set-Mailbox", {"Identity"}), Cmd("Set-User", {"Identity", "City"}), Cmd("Set-User", {"Identity"})],
]
SESSIONS3 = [
    [Cmd("Set-User", {"Identity": "blahblah"}), Cmd("Set-User", {"Identity": "haha", "City": "york", "Name": "bob"})],
    [
        Cmd("Set-Mailbox", {"Identity": "blahblah"}),
        Cmd("Set-User", {"Identity": "blahblah", "City": "london"}),
        Cmd("Set-User", {"Identity": "haha"}),
    ],
]


def test_model_commands() -> None:
    model = Model(SESSIONS1)
    with pytest.raises(MsticpyException):
        model.compute_scores(use_start_end_tokens=True)
    model.train()
    assert model.seq1_counts == {"##START##": 6, "Set-User": 12, "##END##": 6, "Set-Mailbox": 9, "##UNK##": 8}
    assert model.prior_probs["Set-User"] == pytest.approx(0.292683, abs=1e-6)
    assert model.trans_probs["##START##"]["Set-User"] == pytest.approx(1 / 3)
    assert model.trans_probs["Set-User"] == pytest.approx(
        {"Set-User": 0.375, "##END##": 0.375, "Set-Mailbox": 0.125, "##UNK##": 0.125}
    )
    assert model.trans_probs["never-seen"]["x"] == 0.25  # StateMatrix falls back to UNK
    assert model.param_counts is None and model.value_counts is None and model.modellable_params is None
    with pytest.raises(MsticpyException):
        model.compute_setof_params_cond_cmd(use_geo_mean=False)
    model.compute_scores(use_start_end_tokens=True)
    assert model.session_likelihoods == pytest.approx([0.046875, 0.01875])
    assert model.session_geomean_likelihoods == pytest.approx([0.21650635094610965, 0.2656646422956528])
    assert model.rare_window_likelihoods[2] == pytest.approx([0.1097560975609756, 0.1097560975609756])
    assert model.rare_window_likelihoods[3] == pytest.approx([0.046875, 0.04115853658536585])
    # Q-S1: the rarest window of 2 that ends with the end token comes back one short.
    assert model.rare_windows[2][0] == ["Set-User"]
    model.compute_rarest_windows(3, True, use_geo_mean=True)
    assert 3 in model.rare_window_likelihoods_geo and 3 in model.rare_windows_geo


@pytest.mark.parametrize("sessions", [SESSIONS2, SESSIONS3], ids=["params", "values"])
def test_model_params(sessions: list) -> None:
    model = Model(sessions)
    model.train()
    assert model.param_counts is not None and model.param_cond_cmd_probs is not None
    if sessions is SESSIONS2:
        assert model.value_counts is None and model.value_probs is None
    else:
        assert model.value_counts is not None and model.modellable_params is not None
    model.compute_scores(use_start_end_tokens=True)
    assert model.session_likelihoods == pytest.approx([0.01163746997083396, 0.0030937024955351305])
    assert model.session_geomean_likelihoods == pytest.approx([0.10787710586975328, 0.14571117127634903])
    assert model.rare_window_likelihoods[2] == pytest.approx([0.031033253255557225, 0.03147356647949678])
    assert model.rare_window_likelihoods[3] == pytest.approx([0.01163746997083396, 0.008249873321427015])
    model.compute_setof_params_cond_cmd(use_geo_mean=False)
    assert model.set_params_cond_cmd_probs and "Set-User" in model.set_params_cond_cmd_probs


@pytest.mark.parametrize(
    "bad", [[], [[]], ["Set-User"], [["Set-User"], []], [[{"Set-User": {"Identity"}}]]]
)
def test_model_refuses(bad: list) -> None:
    with pytest.raises(MsticpyException):
        Model(bad)


@pytest.mark.parametrize(
    "sessions, kind, likelihoods",
    [
        (SESSIONS1, str, [0.046875, 0.04115853658536585]),
        (SESSIONS2, Cmd, [0.01163746997083396, 0.008249873321427015]),
        (SESSIONS3, Cmd, [0.01163746997083396, 0.008249873321427015]),
    ],
)
def test_score_sessions(sessions: list, kind: type, likelihoods: list) -> None:
    data = pd.DataFrame({"session": sessions})
    out = score_sessions(data, session_column="session", window_length=3)
    assert out.shape == (2, data.shape[1] + 2)
    assert list(out.columns) == ["session", "rarest_window3_likelihood", "rarest_window3"]
    assert out["rarest_window3_likelihood"].tolist() == pytest.approx(likelihoods)
    assert all(isinstance(c, kind) for window in out["rarest_window3"] for c in window)
    out = score_sessions(data, session_column="session", window_length=5)
    assert out["rarest_window5"].tolist() == [[], []]
    assert all(math.isnan(v) for v in out["rarest_window5_likelihood"])
    with pytest.raises(MsticpyException):
        score_sessions(sessions, "session", 3)
    with pytest.raises(MsticpyException):
        score_sessions(data, "nope", 3)


def test_state_matrix() -> None:
    with pytest.raises(MsticpyException):
        StateMatrix({"haha": 1}, "##UNK##")
    with pytest.raises(MsticpyException):
        StateMatrix({}, "##UNK##")
    with pytest.raises(MsticpyException):
        StateMatrix({"haha": {"hehe": 1}, "##UNK##": {"##UNK##": 1}}, "##UNK##")
    sm = StateMatrix({"haha": {"hehe": 1, "##UNK##": 2}, "##UNK##": {"##UNK##": 3}}, "##UNK##")
    assert sm["unseen"] == sm["##UNK##"] and sm["kidhf"]["kfji"] == 3
    assert sm["haha"]["kjdff"] == sm["haha"]["##UNK##"] and sm["haha"]["hehe"] == 1


# ---------------------------------------------------------------------------- process trees


def _read(name: str, kind: str) -> pd.DataFrame:
    if kind == "csv":
        return pd.read_csv(DATA / f"{name}.csv")
    with pyarrow.ipc.open_file(DATA / f"{name}.arrow") as f:
        return f.read_all().to_pandas()


WIN_SUMMARY = {"Processes": 1010, "RootProcesses": 10, "LeafProcesses": 815, "BranchProcesses": 185,
               "IsolatedProcesses": 0, "LargestTreeDepth": 7}
LX_SUMMARY = {"Processes": 1029, "RootProcesses": 29, "LeafProcesses": 497, "BranchProcesses": 503,
              "IsolatedProcesses": 0, "LargestTreeDepth": 5}


@pytest.mark.parametrize("kind", ["csv", "arrow"])
def test_build_win_tree(kind: str) -> None:
    procs = _read("win_proc_test", kind)
    tree = build_process_tree(procs, show_summary=True)
    assert get_summary_info(tree) == WIN_SUMMARY
    assert tree.index.name == "proc_key"
    for column in ("EffectiveLogonId", "new_process_lc", "parent_proc_lc", "source_index", "parent_key",
                   "IsRoot", "IsLeaf", "IsBranch", "path", "parent_index", "NewProcessId_par",
                   "source_index_par", "timestamp_orig_par"):
        assert column in tree.columns, column
    root = tree.loc["c:\\windows\\system32\\svchost.exe|0x270|1970-01-01 00:00:00.000000"]
    assert root["path"] == "01000" and bool(root["IsRoot"])
    child = tree.loc["c:\\windows\\system32\\wbem\\wmiprvse.exe|0xda4|2019-02-09 20:04:38.017000"]
    assert child["path"] == "01000/00000" and child["source_index_par"] == "01000"
    assert tree["path"].is_monotonic_increasing
    assert get_summary_info(build_process_tree(procs, schema=WIN_EVENT_SCH.__dict__.copy())) == WIN_SUMMARY
    assert get_summary_info(procs.mp.build_process_tree()) == WIN_SUMMARY


def test_build_win_tree_no_logon_id() -> None:
    procs = _read("win_proc_test", "csv").drop(columns=["SubjectLogonId", "TargetLogonId"])
    schema = {**WIN_EVENT_SCH.__dict__, "logon_id": None, "target_logon_id": None}
    assert get_summary_info(build_process_tree(procs, schema=schema)) == WIN_SUMMARY


@pytest.mark.parametrize("kind", ["csv", "arrow"])
def test_build_lx_tree(kind: str) -> None:
    tree = build_process_tree(_read("linux_proc_test", kind))
    assert get_summary_info(tree) == LX_SUMMARY
    assert "unknown|22536|1970-01-01 00:00:00.000000" in tree.index


def test_tree_utils_win() -> None:
    tree = build_process_tree(_read("win_proc_test", "csv"))
    roots = get_roots(tree)
    assert len(roots) == 10
    t_root = roots.iloc[4]
    descendents = get_descendents(tree, t_root)
    assert len(descendents) == 25
    children = get_children(tree, t_root)
    assert len(children) == 13
    depth = descendents["path"].str.count("/")
    bottom = descendents[depth == depth.max()].iloc[0]
    assert len(get_ancestors(tree, bottom)) == 3
    assert len(get_ancestors(tree, bottom, include_source=False)) == 2
    assert isinstance(get_parent(tree, bottom), pd.Series)
    assert get_parent(tree, t_root) is None
    assert get_process(tree, bottom.name).name == bottom.name
    assert get_process(tree, bottom) is bottom
    assert get_root(tree, bottom).name == t_root.name
    assert len(get_root_tree(tree, bottom)) == len(descendents)
    child = get_children(tree, t_root, include_source=False).iloc[0]
    children_only = get_children(tree, t_root, include_source=False)
    assert len(get_siblings(tree, child, include_source=True)) == len(children_only)
    assert len(get_siblings(tree, child, include_source=False)) == len(children_only) - 1
    assert len(get_descendents(tree, t_root, max_levels=1)) == len(children)
    assert infer_schema(tree) == WIN_EVENT_SCH
    with pytest.raises(ValueError):
        get_process(tree, 12)


def test_tree_utils_lx() -> None:
    tree = build_process_tree(_read("linux_proc_test", "csv"))
    roots = get_roots(tree)
    assert len(roots) == 29
    t_root = roots.iloc[0]
    descendents = get_descendents(tree, t_root)
    assert len(descendents) == 901 and len(get_children(tree, t_root)) == 452
    depth = descendents["path"].str.count("/")
    assert len(get_ancestors(tree, descendents[depth == depth.max()].iloc[0])) == 3
    assert infer_schema(tree) == LX_EVENT_SCH


def test_text_process_tree() -> None:
    tree = build_process_tree(_read("win_proc_test", "csv"))
    text = tree_to_text(tree, schema=WIN_EVENT_SCH.__dict__.copy())
    assert len(text.split("\n")) == 5028
    assert text.startswith("+  Process: C:\\Windows\\System32\\svchost.exe  PID: 0x270\n")
    assert "\n   +--  Process: C:\\Windows\\System32\\wbem\\WmiPrvSE.exe  PID: 0xda4\n" in text
    with pytest.raises(ValueError):
        tree_to_text(tree)


# ---------------------------------------------------------------------------- the package


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_huntkit_does_not_import_the_drop_in() -> None:
    out = _python("import sys, huntkit; print('huntkit.msticpy' in sys.modules, 'pandas' in sys.modules)")
    assert out == "False False"
    assert _python("from huntkit.msticpy import IoCExtract; import pandas as pd; print(hasattr(pd.DataFrame, 'mp'))") == "True"


def test_accessors_never_replace_msticpys() -> None:
    code = (
        "import pandas as pd\n"
        "@pd.api.extensions.register_dataframe_accessor('mp')\n"
        "class Theirs:\n"
        "    def __init__(self, df): pass\n"
        "import huntkit.msticpy as hm\n"
        "print(pd.DataFrame.mp is Theirs, hasattr(pd.DataFrame, 'mp_timeseries'))\n"
        "hm.register_accessors(force=True)\n"
        "print(pd.DataFrame.mp is Theirs)\n"
    )
    assert _python(code).split() == ["True", "True", "False"]


@pytest.mark.parametrize(
    "module", ["base64unpack", "iocextract", "timeseries", "anomalous_sequence", "process_tree"]
)
def test_docstring_examples(module: str) -> None:
    mod = importlib.import_module(f"huntkit.msticpy.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_custom_types_in_huntkit_mode() -> None:
    ioc = IoCExtract(compat="huntkit")
    ioc.add_ioc_type("ticket", r"TCK - \d{4}", priority=1)
    assert ioc.extract("see tck-1234 and TCK-9")["ticket"] == {"tck-1234"}


def test_help_shows_the_options() -> None:
    assert "include_paths" in pydoc.render_doc(IoCExtract.extract)
    assert "score_threshold" in pydoc.render_doc(ts_anomalies_stl)
    assert "window_length" in pydoc.render_doc(score_sessions)
    assert "show_summary" in pydoc.render_doc(build_process_tree)
    assert "utf16" in pydoc.render_doc(unpack_items)
