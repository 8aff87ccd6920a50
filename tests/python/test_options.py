"""Options: the npm package's names in snake_case, a misspelt one named as written, read
options under ``read``, ``None`` meaning the default; errors as coded exceptions."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

import huntkit
from conftest import DATA

TS = DATA / "time_series.csv"
PROCS = DATA / "processes_on_host.csv"
O365 = DATA / "o365_sessions.csv"

# Every function that takes options, called with a misspelt one.
CALLS: Dict[str, Callable[..., Any]] = {
    "inspect": lambda **o: huntkit.inspect(TS, **o),
    "to_arrow": lambda **o: huntkit.to_arrow(TS, **o),
    "decode": lambda **o: huntkit.decode("text", **o),
    "decode(table)": lambda **o: huntkit.decode(PROCS, "CommandLine", **o),
    "extract_iocs": lambda **o: huntkit.extract_iocs("1.2.3.4", **o),
    "extract_iocs(table)": lambda **o: huntkit.extract_iocs(PROCS, "CommandLine", **o),
    "ioc_types": lambda **o: huntkit.ioc_types(**o),
    "ts_anomalies": lambda **o: huntkit.ts_anomalies(TS, **o),
    "stl": lambda **o: huntkit.stl([1.0, 2.0, 3.0, 4.0] * 10, period=4, **o),
    "mstl": lambda **o: huntkit.mstl([1.0, 2.0, 3.0, 4.0] * 10, periods=[4], **o),
    "rethreshold": lambda **o: huntkit.rethreshold(TS, **o),
    "anomaly_periods": lambda **o: huntkit.anomaly_periods(TS, **o),
    "kql_periods": lambda **o: huntkit.kql_periods(TS, **o),
    "bucket": lambda **o: huntkit.bucket(PROCS, **o),
    "detect_polling": lambda **o: huntkit.detect_polling(PROCS, **o),
    "sessionize": lambda **o: huntkit.sessionize(O365, **o),
    "score_sessions": lambda **o: huntkit.score_sessions(O365, **o),
    "SessionModel.train": lambda **o: huntkit.SessionModel.train([["a"]], **o),
    "SessionModel.score": lambda **o: huntkit.SessionModel.train([["a"]]).score([["a"]], **o),
    "SessionModel.score_events": lambda **o: huntkit.SessionModel.train([["a"]]).score_events(
        O365, **o
    ),
    "build_process_tree": lambda **o: huntkit.build_process_tree(PROCS, **o),
    "ProcessTree.to_text": lambda **o: huntkit.build_process_tree(PROCS).to_text(**o),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_misspelt_option_is_named(call: str) -> None:
    with pytest.raises(huntkit.UnknownOptionError) as e:
        CALLS[call](max_rowz=3)
    err = e.value
    assert err.code == "invalid_option"
    assert (
        isinstance(err, TypeError)
        and isinstance(err, ValueError)
        and isinstance(err, huntkit.HuntkitError)
    )
    assert "'max_rowz'" in str(err)


def test_suggestions_and_the_npm_spelling() -> None:
    with pytest.raises(
        huntkit.UnknownOptionError, match="'max_deph' \\(did you mean 'max_depth'\\?\\)"
    ):
        huntkit.decode("x", max_deph=2)
    # camelCase is the npm package's spelling, not Python's.
    with pytest.raises(
        huntkit.UnknownOptionError, match="'maxDepth' \\(did you mean 'max_depth'\\?\\)"
    ):
        huntkit.decode("x", maxDepth=2)
    with pytest.raises(
        huntkit.UnknownOptionError,
        match="unexpected read option 'lenint' \\(did you mean 'lenient'",
    ):
        huntkit.inspect(TS, read={"lenint": True})
    # Options of one part of a flattened struct are all accepted by the one-call scorer.
    huntkit.score_sessions(
        O365, event_column="Operation", max_gap_minutes=5, geo_mean=True, smoothing="laplace"
    )


def test_bad_values_name_the_option() -> None:
    with pytest.raises(huntkit.InvalidOptionError, match="invalid max_depth: invalid type: string"):
        huntkit.decode("x", max_depth="deep")
    with pytest.raises(huntkit.InvalidOptionError, match="compat"):
        huntkit.decode("x", compat="pandas")
    with pytest.raises(huntkit.InvalidOptionError, match="`read` must be a dict"):
        huntkit.inspect(TS, read=3)
    with pytest.raises(TypeError, match="not a finite number"):
        huntkit.ts_anomalies(TS, threshold=float("nan"))


def test_none_is_the_default_and_compat_spellings() -> None:
    base = huntkit.ts_anomalies(TS, time_column="TimeGenerated", value_column="TotalBytesSent")
    same = huntkit.ts_anomalies(
        TS, time_column="TimeGenerated", value_column="TotalBytesSent", threshold=None, period=None
    )
    assert base.equals(same)
    none = huntkit.ts_anomalies(
        TS, time_column="TimeGenerated", value_column="TotalBytesSent", compat="none"
    )
    assert none.equals(base)


def test_read_options_apply_to_every_kind() -> None:
    import pyarrow as pa

    for data in (
        TS,
        TS.read_bytes(),
        huntkit.to_arrow(TS),
        pa.RecordBatchReader.from_batches(*_reader(TS)),
    ):
        with pytest.raises(huntkit.LimitExceededError) as e:
            huntkit.inspect(data, read={"max_rows": 10})
        assert e.value.code == "limit_exceeded"
        # The message names the read option as Python spells it.
        assert "max_rows" in str(e.value), str(e.value)
    assert huntkit.inspect(TS, read={"infer_types": False})["columns"][1]["type"] == "Utf8"
    with pytest.raises(huntkit.LimitExceededError):
        huntkit.inspect(TS, read={"max_bytes": 100})


def _reader(path):
    t = huntkit.to_arrow(path)
    return t.schema, t.to_batches()


def test_error_classes_by_code() -> None:
    cases = [
        (lambda: huntkit.inspect(b""), huntkit.InvalidInputError, "empty_input", ValueError),
        (
            lambda: huntkit.inspect(b"a,b\n1\n"),
            huntkit.InvalidInputError,
            "invalid_csv",
            ValueError,
        ),
        (
            lambda: huntkit.inspect(b"\x00\x01\x02garbage"),
            huntkit.InvalidInputError,
            None,
            ValueError,
        ),
        (
            lambda: huntkit.decode(PROCS, "Nope"),
            huntkit.ColumnNotFoundError,
            "column_not_found",
            LookupError,
        ),
        (
            lambda: huntkit.extract_iocs("x", types=["nope"]),
            huntkit.InvalidOptionError,
            "unknown_type",
            ValueError,
        ),
        (lambda: huntkit.inspect(DATA / "missing.csv"), FileNotFoundError, None, OSError),
    ]
    for call, cls, code, base in cases:
        with pytest.raises(cls) as e:
            call()
        assert isinstance(e.value, base)
        if code:
            assert e.value.code == code
    import pickle

    err = huntkit.InvalidInputError("invalid_csv", "bad line 3")
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), again.code, str(again)) == (
        huntkit.InvalidInputError,
        "invalid_csv",
        "bad line 3",
    )


def test_names_may_be_one_string() -> None:
    one = huntkit.extract_iocs(PROCS, "CommandLine", types="ipv4")
    many = huntkit.extract_iocs(PROCS, ["CommandLine"], types=["ipv4"])
    assert one.equals(many)
    ranked = huntkit.score_sessions(
        O365, user_columns="UserId", event_column="Operation", time_column="TimeGenerated"
    )
    assert ranked.table.num_rows > 0
