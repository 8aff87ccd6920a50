"""Shared fixtures of the Python engine tests: the bundled data in every input kind, and
the npm package and the CLI run on the same data for comparison.

Run: tests/python/run.sh (it builds and installs the package from widgets/python).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
from typing import Any, Callable, Dict

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.ipc
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "data"
JS = REPO / "js"

#: The input kinds every table function takes, and the frame type each gives back.
KINDS = ["pandas", "polars", "pyarrow", "reader", "stream", "bytes", "path"]
OUT = {
    "pandas": pd.DataFrame,
    "polars": pl.DataFrame,
    "pyarrow": pa.Table,
    "reader": pa.Table,
    "stream": pa.Table,
    "bytes": pa.Table,
    "path": pa.Table,
}


class Stream:
    """Only the Arrow PyCapsule interface, as a DuckDB relation or another library has."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._table.__arrow_c_stream__(requested_schema)


def read(name: str) -> pa.Table:
    """A bundled file as huntkit reads it (types inferred the same way for every kind)."""
    import huntkit

    return huntkit.to_arrow(DATA / name)


def as_kind(name: str, kind: str) -> Any:
    """The bundled file ``name`` as input of ``kind``."""
    path = DATA / name
    if kind == "path":
        return path
    if kind == "bytes":
        return path.read_bytes()
    table = read(name)
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        return pl.from_arrow(table)
    if kind == "pyarrow":
        return table
    if kind == "reader":
        return pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=100))
    if kind == "stream":
        return Stream(table)
    raise ValueError(kind)


def to_arrow(frame: Any) -> pa.Table:
    """A result of any kind as a pyarrow Table, to compare results across kinds."""
    if isinstance(frame, pa.Table):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.to_arrow()
    return pa.Table.from_pandas(frame, preserve_index=False)


def assert_same(ours: pa.Table, theirs: pa.Table, rel: float = 1e-12) -> None:
    """The same table, floats to within `rel`: the wasm's math library and the native one
    may round a logarithm or a power differently in the last bit."""
    import numpy as np

    assert ours.schema.equals(theirs.schema), (ours.schema, theirs.schema)
    for name in ours.column_names:
        a, b = ours.column(name), theirs.column(name)
        if pa.types.is_floating(a.type):
            x = a.to_numpy(zero_copy_only=False).astype(float)
            y = b.to_numpy(zero_copy_only=False).astype(float)
            assert np.allclose(x, y, rtol=rel, atol=0, equal_nan=True), name
        else:
            assert a.equals(b), name


@pytest.fixture(scope="session")
def cli() -> Callable[..., bytes]:
    """Runs the huntkit command line (built by run.sh, or by `cargo test`), returning its
    standard output."""
    exe = os.environ.get("HUNTKIT_CLI")
    if not exe:
        for profile in ("debug", "release"):
            candidate = REPO / "target" / profile / "huntkit"
            if candidate.exists():
                exe = str(candidate)
                break
    if not exe:
        pytest.skip("the huntkit CLI is not built (cargo build -p huntkit-cli)")

    def run(*args: str) -> bytes:
        done = subprocess.run([exe, *map(str, args)], capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout

    return run


@pytest.fixture(scope="session")
def npm() -> Callable[..., Any]:
    """Runs one call of the npm package under Node (tests/python/npm.mjs): a table comes
    back as a pyarrow Table, anything else as the JSON value."""
    node = shutil.which("node")
    if node is None or not (JS / "dist" / "index.js").exists():
        pytest.skip("Node.js or the built npm package (js/dist) is missing")

    def call(
        fn: str,
        *args: Any,
        file: str | None = None,
        options: Dict[str, Any] | None = None,
        part: str | None = None,
    ) -> Any:
        spec = {
            "fn": fn,
            "args": list(args),
            "file": None if file is None else str(DATA / file),
            "options": options or {},
            "part": part,
        }
        done = subprocess.run(
            [node, str(pathlib.Path(__file__).with_name("npm.mjs")), str(JS), json.dumps(spec)],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        tag, body = done.stdout[:1], done.stdout[1:]
        return json.loads(body) if tag == b"J" else pa.ipc.open_stream(body).read_all()

    return call
