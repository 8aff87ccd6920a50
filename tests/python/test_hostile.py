"""The hostile inputs of the Rust tests, fed through every Python engine function.

The corpus is the one the Rust layers are attacked with: the fuzzers' regression files
(crates/huntkit-core/tests/fuzz), and the inputs of the hostile tests of every crate and
of the command line (tests/hostile/cli.rs, crates/*/tests/{read,hostile,bombs,robust,
bad_input}.rs), built here byte for byte. Each input goes to every engine function as
bytes and, where huntkit reads it as a table, as a pyarrow Table, a pandas and a polars
DataFrame; its text goes to the text functions, its numbers to the array functions.

Every call must return or raise a :class:`huntkit.HuntkitError` with a snake_case code
and a message: never another exception, never a crash of the interpreter. The calls run
in a child interpreter that reports each call before making it, so a crash names the
call that caused it, and the sweep goes on after it in a new child.

Run: tests/python/run.sh tests/python/test_hostile.py
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import tarfile
import time
import zipfile
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "data"
FUZZ_REGRESSIONS = REPO / "crates" / "huntkit-core" / "tests" / "fuzz"

#: One call may take this long in the unoptimised build the tests use (the Rust tests'
#: bounds are 5 to 30 seconds on an optimised one).
SLOWEST_CALL_SECONDS = 120.0


# ---------------------------------------------------------------------------- the corpus


def _csv(header: str, rows: Iterator[str]) -> bytes:
    return (header + "\n" + "".join(r + "\n" for r in rows)).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _zip(members: List[Tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, body in members:
            z.writestr(name, body)
    return buf.getvalue()


def _tar(members: List[Tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, body in members:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            t.addfile(info, io.BytesIO(body))
    return buf.getvalue()


# The text every decode test appends after its broken archive (crates/huntkit-decode).
_TAIL = _b64(b"This is a test of base64 encoded string")


def _process_events(rows: List[Tuple[str, str, str, str, str]]) -> bytes:
    """Windows 4688-style events from (time, name, pid, ppid, parent name), as the
    process tree's bad_input.rs builds them."""
    header = (
        "TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName,"
        "CommandLine,SubjectUserName,SubjectLogonId,TargetLogonId,Computer"
    )
    return _csv(
        header,
        (f"{t},{n},{p},{pp},{pn},{n} /c,user,0x3e7,0x0,host1" for t, n, p, pp, pn in rows),
    )


def _piece_soup(seed: int, count: int) -> bytes:
    """Random runs of the pieces that exercise every IoC pattern's edges (robust.rs)."""
    pieces = [
        "[.]", "(.)", "[dot]", "[at]", "(at)", "[:]//", "[://]", "hxxp", "hXXps", "fxp", ".",
        ":", "::", "/", "//", "\\", "\\\\", "@", "%2F", "%3A", "'", '"', "(", ")", "[", "]",
        "é", "𝔘", "中", " ", "\n", "1", "255", "999", "a", "ff", "0x", "com", "co.uk", "xn--",
        "-", "_", "HKLM", "pipe", "CVE-2021-", "T1059", "AS", "bc1q", "http://", "user", "c:",
        "..", "~", "%", "=", "?", "#", '{"', '"}', "\\n", "\\t", '\\"', "\\u00e9",
        "\\ud83d\\ude80", "\\ud83d", "$", "v", "version:",
    ]
    r = random.Random(seed)
    return "".join(r.choice(pieces) for _ in range(count)).encode()


def _corpus() -> Dict[str, Callable[[], bytes]]:
    """Every hostile input by name, built on demand (some are tens of megabytes)."""
    cases: Dict[str, Callable[[], bytes]] = {}

    # The fuzzers' regressions: Arrow IPC whose buffers point past the body.
    for path in sorted(FUZZ_REGRESSIONS.glob("*")):
        cases[f"fuzz/{path.name}"] = path.read_bytes

    # tests/hostile/cli.rs: garbage of every format.
    for i, garbage in enumerate(
        [
            b"ARROW1\0\0\xff\xff\xff\xff",
            b"\xff\xff\xff\xff\x10\0\0\0garbage",
            b'[{"a":',
            b'{"a":1}\n{"a":',
            b"a,b\n\xff\xfe,1\n",
            b"\0\0\0\0",
            b"[" * 68 + b"]" * 68,
            b"{}",
        ]
    ):
        cases[f"cli/garbage-{i}"] = lambda g=garbage: g

    # crates/huntkit-core/tests/read.rs: garbage gets a coded error.
    arrow = (DATA / "host_logons.arrow").read_bytes()
    for name, garbage in {
        "empty": b"",
        "blank": b"   \n\t",
        "half-an-arrow-file": arrow[: len(arrow) // 2],
        "arrow-magic-then-garbage": b"ARROW1\0\0garbage",
        "ipc-continuation-then-garbage": bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0, 0, 0, 1, 2, 3]),
        "binary": b"\x00\x01\x02binary",
        "parquet-magic": b"PAR1....",
        "csv-short-record": b"a,b\n1,2\n3\n",
        "csv-invalid-utf8": b"a,b\n1,\xff\xfe\n",
        "json-cut": b'[{"a":1},',
        "json-not-records": b"[1,2,3]",
        "ndjson-bad-line": b'{"a":1}\n{oops}\n',
        "json-100-deep": ('[{"a":' + "[" * 100 + "1" + "]" * 100 + "}]").encode(),
        "json-records-numbers-as-text": b'[{"v":1e308},{"v":"x"}]',
        "csv-quote-inside": b'a,b\n"say ""hi""",x"y\n',
        "csv-quote-closed-lines-later": b'a,b\n1,"x\n2,3\n4,5"\n6,7\n"8",9,10\n',
    }.items():
        cases[f"read/{name}"] = lambda g=garbage: g
    # One field past maxFieldBytes (16 MiB).
    cases["read/one-17-MiB-field"] = lambda: b"A" * (17 << 20)
    cases["read/csv-quote-left-open"] = lambda: _csv(
        "host,cmd",
        iter(
            ["web01,ok", 'web02,"never closed']
            + [f"web{i},http://10.0.0.{i % 250}/x" for i in range(1000)]
        ),
    )
    for stamp in ["1677-01-01T00:00:00Z", "2262-04-11 23:47:17", "0001-01-01", "yesterday"]:
        cases[f"read/time-{stamp}"] = lambda s=stamp: _csv(
            "TimeGenerated,v", iter([f"{s},1", "2024-01-01T00:00:00Z,2"])
        )
    cases["read/hex-and-float-pids"] = lambda: b"pid,f\n0x1f4,500.0\n1234,\n"

    # tests/hostile/cli.rs: records with distinct keys (maxTableBytes), values at the end
    # of the f64 range, times that are not numbers.
    cases["cli/ndjson-distinct-keys"] = lambda: (
        "".join(f'{{"k{k}":1}}\n' for k in range(9_999)) + "{}\n" * 15_000
    ).encode()
    cases["cli/values-at-the-f64-limit"] = lambda: _csv(
        "v", ("1e308" if i % 2 == 0 else "-1e308" for i in range(96))
    )
    cases["cli/times-nan-and-inf"] = lambda: _csv(
        "t,src",
        iter([f"{1_700_000_000 + i * 60},a" for i in range(200)] + ["NaN,a", "inf,a", "-inf,a"]),
    )
    cases["cli/utf16-with-a-stray-byte"] = lambda: _b64(
        "IEX (New-Object Net.WebClient)".encode("utf-16-le") + b"A"
    ).encode()

    def nested() -> bytes:
        text = b"powershell -c whoami /all; net user administrator"
        for _ in range(3):
            text = base64.b64encode(text)
        return text

    cases["cli/base64-three-deep"] = nested

    # crates/huntkit-decode/tests/hostile.rs and bombs.rs.
    two = _zip([("a.txt", b"first member, plain text"), ("b.txt", b"second member, also text")])
    cases["decode/broken-zip"] = lambda: (
        f"one UEsDBBQAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA two {_TAIL} end".encode()
    )
    cases["decode/truncated-zip"] = lambda: f"x {_b64(two[:-30])} y {_TAIL}".encode()
    gz = gzip.compress(b"a line of text that was gzipped and then cut short, badly")
    cases["decode/truncated-gzip"] = lambda: f"x {_b64(gz[:-10])} y {_TAIL}".encode()
    half = len(_b64(two)) // 2
    cases["decode/space-split-zip"] = lambda: (
        f"{_b64(two)[:half]} {_b64(two)[half:]} then {_TAIL}".encode()
    )
    cases["decode/attacker-member-name"] = lambda: _b64(
        _zip([("x' onload='y<>.txt", b"hello there, text member")])
    ).encode()
    cases["decode/tar-in-zip-in-gzip"] = lambda: _b64(
        gzip.compress(_zip([("inner.tar", _tar([("cmd.txt", b"powershell -enc " + b"QQ==" * 8)]))]))
    ).encode()
    cases["decode/fifty-items"] = lambda: " ".join(
        _b64(f"item number {i} of a long list".encode()) for i in range(50)
    ).encode()

    def bombs() -> bytes:
        bomb = _b64(gzip.compress(bytes(16 << 20), compresslevel=9))
        return _csv("CommandLine", (f"powershell -c {bomb}" for _ in range(12)))

    cases["decode/a-column-of-gzip-bombs"] = bombs

    # crates/huntkit-ioc/tests/robust.rs: runs that make patterns backtrack, JSON escapes,
    # random piece soup.
    for unit in [".", ":", "a.", "1.", "a1:", "[.]", "a[.]", "\\", "/a", "hxxp[:]//", "%2F",
                 "@a.", '"C:\\a ', "'HKLM\\a b"]:
        cases[f"ioc/run-of-{unit}"] = lambda u=unit: (u * (200_000 // len(u))).encode()
    for i, body in enumerate(
        [
            "\\\\" * 100_000,
            "\\u00e9" * 30_000,
            "C:\\\\a\\\\" * 30_000,
            '\\"C:\\\\x y\\" ' * 20_000,
        ]
    ):
        cases[f"ioc/json-escapes-{i}"] = lambda b=body: f'{{"a":"{b}"}}\n'.encode()
    cases["ioc/piece-soup"] = lambda: _piece_soup(7, 40_000)

    # crates/huntkit-proctree/tests/bad_input.rs.
    t0 = "2024-01-01T00:00:00Z"
    cases["proctree/own-parent"] = lambda: _process_events(
        [(t0, "a.exe", "0x10", "0x10", "a.exe"), ("2024-01-01T00:00:01Z", "b.exe", "0x11", "0x10", "a.exe")]
    )
    cases["proctree/cycle"] = lambda: _process_events(
        [(t0, "a.exe", "0x10", "0x11", "b.exe"), (t0, "b.exe", "0x11", "0x10", "a.exe")]
    )
    cases["proctree/missing-times"] = lambda: _process_events(
        [("", "a.exe", "0x10", "0x4", "s.exe"), ("", "b.exe", "0x11", "0x10", "a.exe"), (t0, "c.exe", "0x12", "0x4", "s.exe")]
    )
    cases["proctree/pids-hex-decimal-float"] = lambda: _process_events(
        [(t0, "a.exe", "16", "4", "s.exe"), ("2024-01-01T00:00:01Z", "b.exe", "0x11", "16.0", "a.exe")]
    )
    cases["proctree/no-matching-schema"] = lambda: b"Foo,Bar\n1,2\n"
    cases["proctree/chain-20000-deep"] = lambda: _process_events(
        [(f"2024-01-01T00:00:{i // 1000:02d}.{i % 1000:03d}Z", "p.exe", hex(i + 16), hex(i + 15), "p.exe")
         for i in range(20_000)]
    )
    cases["proctree/50000-share-id-name-time"] = lambda: _process_events(
        [(t0, "a.exe", "0x10", hex(0x1000 + i), "s.exe") for i in range(50_000)]
    )
    cases["proctree/one-parent-120000-children"] = lambda: _process_events(
        [(t0, "s.exe", "0x4", "0x0", "init")]
        + [("2024-01-01T00:00:01Z", "c.exe", hex(0x10 + i), "0x4", "s.exe") for i in range(120_000)]
    )

    # crates/huntkit-timeseries/tests/hostile.rs: extreme times and spans, odd series.
    cases["timeseries/extreme-epoch-times"] = lambda: _csv(
        "TimeGenerated,v", iter([f"{-(2**63)},1", f"{2**63 - 1},2", "0,3"])
    )
    cases["timeseries/two-centuries-apart"] = lambda: _csv(
        "TimeGenerated,v", iter(["1970-01-01T00:00:00Z,1", "2200-01-01T00:00:00Z,2"])
    )
    cases["timeseries/constant"] = lambda: _csv(
        "TimeGenerated,v", (f"2024-01-{1 + i // 24:02d}T{i % 24:02d}:00:00Z,5" for i in range(96))
    )
    cases["timeseries/nan-and-inf-values"] = lambda: _csv(
        "TimeGenerated,v",
        (f"2024-01-{1 + i // 24:02d}T{i % 24:02d}:00:00Z,{['1', 'NaN', 'inf', '-inf', ''][i % 5]}"
         for i in range(96)),
    )
    cases["timeseries/three-points"] = lambda: _csv(
        "TimeGenerated,v", iter(["2024-01-01T00:00:00Z,1", "2024-01-01T01:00:00Z,2", "2024-01-01T02:00:00Z,3"])
    )
    cases["timeseries/duplicate-times"] = lambda: _csv(
        "TimeGenerated,v", ("2024-01-01T00:00:00Z," + str(i) for i in range(500))
    )

    # Sessions: one user's endless session, users that are empty, commands that are JSON.
    cases["sessions/one-session-of-100000-events"] = lambda: _csv(
        "UserId,TimeGenerated,Operation",
        (f"u1,2024-01-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z,op{i % 7}" for i in range(100_000)),
    )
    cases["sessions/empty-users-and-ops"] = lambda: _csv(
        "UserId,TimeGenerated,Operation",
        iter([",2024-01-01T00:00:00Z,", ",2024-01-01T00:00:01Z,", "u,,Login", "u,2024-01-01T00:00:02Z,"]),
    )
    cases["sessions/params-not-json"] = lambda: _csv(
        "UserId,TimeGenerated,Operation,Parameters",
        iter(['u,2024-01-01T00:00:00Z,Set-X,"{""a"":"', "u,2024-01-01T00:00:01Z,Set-Y,[1,2", 'u,2024-01-01T00:00:02Z,Set-Z,"{""' + "x" * 5000 + '"":1}"']),
    )
    cases["sessions/model-json-tampered"] = lambda: json.dumps(
        {"format": "huntkit.sessions.model", "version": 1, "form": "commands",
         "counts": {"seq1": {"a": -1e308}, "seq2": [[1, 2, 3]]}}
    ).encode()
    return cases


CORPUS = _corpus()


# ---------------------------------------------------------------------------- the calls


def _roles(table: Any) -> Dict[str, str]:
    """Columns to name in the calls: a time column, a value column, a user and an event."""
    import pyarrow as pa

    names = list(table.column_names)
    if not names:
        return {}
    time_col = next(
        (f.name for f in table.schema if pa.types.is_timestamp(f.type)),
        next((n for n in names if "time" in n.lower()), names[0]),
    )
    value_col = next(
        (f.name for f in table.schema if f.name != time_col and (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))),
        names[-1],
    )
    rest = [n for n in names if n not in (time_col, value_col)] or names
    return {"time": time_col, "value": value_col, "user": rest[0], "event": rest[-1]}


def _table_calls(huntkit: Any, model: Any, roles: Dict[str, str]) -> Dict[str, Callable[[Any], Any]]:
    """Every engine function that reads a table, by name, with the columns it needs."""
    calls: Dict[str, Callable[[Any], Any]] = {
        "inspect": lambda d: huntkit.inspect(d),
        "to_arrow": lambda d: huntkit.to_arrow(d),
        "to_arrow(lenient)": lambda d: huntkit.to_arrow(d, read={"lenient": True}),
        "inspect(max_rows=5)": lambda d: huntkit.inspect(d, read={"max_rows": 5}),
        "ts_anomalies()": lambda d: huntkit.ts_anomalies(d),
        "rethreshold": lambda d: huntkit.rethreshold(d),
        "anomaly_periods": lambda d: huntkit.anomaly_periods(d),
        "kql_periods": lambda d: huntkit.kql_periods(d),
        "build_process_tree": lambda d: _walk_tree(huntkit.build_process_tree(d)),
        "build_process_tree(msticpy)": lambda d: huntkit.build_process_tree(d, compat="msticpy").summary,
    }
    if not roles:
        return calls
    t, v, u, e = roles["time"], roles["value"], roles["user"], roles["event"]
    calls.update(
        {
            "decode(column)": lambda d: huntkit.decode(d, e),
            "extract_iocs(columns)": lambda d: huntkit.extract_iocs(d, columns=[u, e, v], include_paths=True),
            "ts_anomalies(columns)": lambda d: huntkit.ts_anomalies(d, time_column=t, value_column=v),
            "ts_anomalies(msticpy)": lambda d: huntkit.ts_anomalies(d, time_column=t, value_column=v, compat="msticpy"),
            "bucket": lambda d: huntkit.bucket(d, time_column=t, interval="1s"),
            "bucket(value)": lambda d: huntkit.bucket(d, time_column=t, value_column=v, interval="1h", group_by=[u]),
            "detect_polling": lambda d: huntkit.detect_polling(d, time_column=t, group_by=[u]),
            "detect_polling(summary)": lambda d: huntkit.detect_polling(d, summary=True, time_column=t),
            "sessionize": lambda d: huntkit.sessionize(d, user_columns=[u], time_column=t, event_column=e),
            "score_sessions": lambda d: huntkit.score_sessions(d, user_columns=[u], time_column=t, event_column=e),
            "score_sessions(params)": lambda d: huntkit.score_sessions(
                d, user_columns=[u], time_column=t, event_column=e, params_column=v
            ),
            "model.score_events": lambda d: model.score_events(d, user_columns=[u], time_column=t, event_column=e),
        }
    )
    return calls


def _walk_tree(tree: Any) -> int:
    """Every operation of a built tree, on its first root and its deepest process."""
    seen = len(tree)
    roots = tree.roots()
    _ = tree.nested, tree.to_text(max_bytes=1 << 20), tree.summary, tree.report
    if roots:
        first = roots[0]
        for op in (tree.children, tree.descendants, tree.ancestors, tree.siblings, tree.root_tree):
            op(first)
        tree.parent(first), tree.root_of(first)
        if seen:
            last = seen - 1
            tree.ancestors(last), tree.root_of(last)
    return seen


def _text_calls(huntkit: Any) -> Dict[str, Callable[[str], Any]]:
    return {
        "decode(text)": lambda s: huntkit.decode(s),
        "decode(text, msticpy)": lambda s: huntkit.decode(s, compat="msticpy"),
        "extract_iocs(text)": lambda s: huntkit.extract_iocs(s, include_paths=True),
        "SessionModel.from_json": lambda s: huntkit.SessionModel.from_json(s),
    }


def _value_calls(huntkit: Any) -> Dict[str, Callable[[Any], Any]]:
    return {
        "stl": lambda v: huntkit.stl(v, period=7),
        "stl(robust)": lambda v: huntkit.stl(v, period=2, robust=True),
        "mstl": lambda v: huntkit.mstl(v, periods=[2, 7]),
        "detect_periods": lambda v: huntkit.detect_periods(v, 3),
        "apply_threshold": lambda v: huntkit.apply_threshold(v, 2.0, 1.0),
    }


# ---------------------------------------------------------------------------- the child


def _child(names: List[str]) -> None:
    """Runs every call on the named corpus entries, reporting each call (``start``)
    before making it and its outcome after, one JSON object a line."""
    import numpy as np
    import polars as pl

    import huntkit

    out = sys.stdout

    def report(**fields: Any) -> None:
        out.write(json.dumps(fields) + "\n")
        out.flush()

    model = huntkit.SessionModel.train([["Login", "Read", "Logout"], ["Login", "Write"]])

    def run(case: str, call: str, form: str, fn: Callable[[Any], Any], arg: Any) -> None:
        report(start=[case, call, form])
        t = time.perf_counter()
        try:
            fn(arg)
        except huntkit.HuntkitError as e:
            report(case=case, call=call, form=form, outcome="coded", code=e.code,
                   message=str(e)[:300], seconds=time.perf_counter() - t)
        except BaseException as e:  # noqa: BLE001 - anything else is what the test looks for
            report(case=case, call=call, form=form, outcome="other", type=type(e).__name__,
                   message=str(e)[:300], seconds=time.perf_counter() - t)
        else:
            report(case=case, call=call, form=form, outcome="ok", seconds=time.perf_counter() - t)

    for case in names:
        data = CORPUS[case]()
        # How huntkit reads it as a table, if it does; the frames built from that.
        forms: Dict[str, Any] = {"bytes": data}
        table = None
        try:
            table = huntkit.to_arrow(data)
        except huntkit.HuntkitError:
            pass
        if table is not None:
            forms["pyarrow"] = table
            try:
                forms["pandas"] = table.to_pandas()
            except Exception:  # noqa: BLE001 - pandas cannot hold it (a time out of its range)
                pass
            try:
                forms["polars"] = pl.from_arrow(table)
            except Exception:  # noqa: BLE001 - polars cannot hold it
                pass
        calls = _table_calls(huntkit, model, _roles(table) if table is not None else {})
        for form, arg in forms.items():
            for call, fn in calls.items():
                run(case, call, form, fn, arg)
        text = data.decode("utf-8", "replace")
        for call, fn in _text_calls(huntkit).items():
            run(case, call, "text", fn, text)
        # Numbers: the bytes as float64s (NaN, infinities, subnormals, the extremes), and
        # every numeric column of the table.
        values: Dict[str, Any] = {}
        whole = len(data) // 8 * 8
        if whole:
            values["float64-bytes"] = np.frombuffer(data[:whole][: 8 * 200_000], dtype=np.float64)
        if table is not None:
            import pyarrow as pa

            for field in table.schema:
                if pa.types.is_integer(field.type) or pa.types.is_floating(field.type):
                    values[f"column {field.name}"[:60]] = table.column(field.name)
        for form, arg in values.items():
            for call, fn in _value_calls(huntkit).items():
                run(case, call, form, fn, arg)
        if table is not None and table.num_rows:
            sessions = [[str(v) for v in row.values()] for row in table.slice(0, 5000).to_pylist()]
            run(case, "SessionModel.train", "rows", lambda s: huntkit.SessionModel.train(s), sessions)
            run(case, "model.score", "rows", lambda s: model.score(s), sessions)
    report(done=True)


# ---------------------------------------------------------------------------- the test


def _sweep(names: List[str]) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Runs the child over ``names``; a child that dies is reported as a crash of the call
    it started last, and a new child goes on with the entries after it."""
    results: List[Dict[str, Any]] = []
    crashes: List[Dict[str, Any]] = []
    todo = list(names)
    env = dict(os.environ, PYTHONFAULTHANDLER="1")
    while todo:
        done = subprocess.run(
            [sys.executable, __file__, "--child", *todo],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            cwd=str(pathlib.Path(__file__).parent),
        )
        last = None
        finished = False
        for line in done.stdout.splitlines():
            record = json.loads(line)
            if "start" in record:
                last = record["start"]
            elif record.get("done"):
                finished = True
            else:
                results.append(record)
        if finished and done.returncode == 0:
            break
        crashes.append(
            {"call": last, "returncode": done.returncode, "stderr": done.stderr[-2000:]}
        )
        if last is None:
            break
        todo = todo[todo.index(last[0]) + 1 :]
    return results, crashes


@pytest.fixture(scope="module")
def sweep() -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    return _sweep(list(CORPUS))


def test_no_input_crashes_the_interpreter(sweep) -> None:
    _, crashes = sweep
    assert crashes == [], crashes


@pytest.mark.parametrize("case", list(CORPUS))
def test_every_call_returns_or_raises_a_coded_error(sweep, case: str) -> None:
    results, _ = sweep
    mine = [r for r in results if r["case"] == case]
    assert mine, f"{case}: no call ran"
    other = [r for r in mine if r["outcome"] == "other"]
    assert other == [], other
    for r in mine:
        if r["outcome"] == "coded":
            assert re.fullmatch(r"[a-z][a-z0-9_]*", r["code"]), r
            assert r["message"], r
        assert r["seconds"] < SLOWEST_CALL_SECONDS, r


def test_the_corpus_is_refused_as_the_rust_tests_refuse_it(sweep) -> None:
    """The codes the Rust tests expect for the same bytes reach Python unchanged."""
    results, _ = sweep
    code = {
        (r["case"], r["call"], r["form"]): r.get("code", "ok")
        for r in results
    }
    expected = {
        "fuzz/ipc-buffer-past-body.bin": "invalid_arrow",
        "fuzz/ipc-offsets-not-whole-values.bin": "invalid_arrow",
        "read/empty": "empty_input",
        "read/half-an-arrow-file": "invalid_arrow",
        "read/binary": "unknown_format",
        "read/csv-short-record": "invalid_csv",
        "read/csv-invalid-utf8": "invalid_utf8",
        "read/json-not-records": "invalid_json",
        "read/json-100-deep": "limit_exceeded",
        "read/one-17-MiB-field": "limit_exceeded",
        "read/csv-quote-left-open": "invalid_csv",
        "cli/ndjson-distinct-keys": "limit_exceeded",
    }
    for case, want in expected.items():
        assert code[(case, "inspect", "bytes")] == want, case
        assert code[(case, "build_process_tree", "bytes")] == want, case
    # The read limits are keyword options: five rows are too many for max_rows=5... only
    # where there are more than five.
    assert code[("read/csv-quote-closed-lines-later", "inspect(max_rows=5)", "bytes")] in (
        "invalid_csv",
        "limit_exceeded",
    )
    assert code[("proctree/chain-20000-deep", "inspect(max_rows=5)", "bytes")] == "limit_exceeded"
    # Lenient reading reads the open quote, as in the Rust tests.
    assert code[("read/csv-quote-left-open", "to_arrow(lenient)", "bytes")] == "ok"
    # Values at the end of the f64 range are not finite once decomposed.
    assert code[("cli/values-at-the-f64-limit", "stl", "column v")] == "non_finite"
    # The decoders' damaged archives and bombs decode what they can.
    for case in ("decode/broken-zip", "decode/truncated-zip", "decode/a-column-of-gzip-bombs"):
        assert code[(case, "decode(text)", "text")] == "ok", case
    assert code[("decode/a-column-of-gzip-bombs", "decode(column)", "pandas")] == "ok"
    # A per-second bucket over two centuries is beyond the bucket limit.
    assert code[("timeseries/two-centuries-apart", "bucket", "bytes")] == "limit_exceeded"


def test_the_sweep_made_every_kind_of_call(sweep) -> None:
    results, _ = sweep
    forms = {r["form"] for r in results}
    assert {"bytes", "pyarrow", "pandas", "polars", "text", "float64-bytes"} <= forms, forms
    calls = {r["call"] for r in results}
    for name in ("decode(column)", "extract_iocs(columns)", "ts_anomalies(columns)", "bucket",
                 "detect_polling", "score_sessions", "model.score_events", "build_process_tree",
                 "decode(text)", "extract_iocs(text)", "stl", "mstl", "detect_periods",
                 "apply_threshold", "SessionModel.train", "SessionModel.from_json"):
        assert name in calls, name
    # Most of the corpus is refused, but not all: the sweep reaches the engines.
    outcomes = [r["outcome"] for r in results]
    assert outcomes.count("ok") > 100 and outcomes.count("coded") > 100


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    _child(sys.argv[2:])
