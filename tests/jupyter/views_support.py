"""What the views' Python tests share: where the repository, its data and the built CLI are,
and Arrow IPC bytes in and out (what a view's `data` and `result` traits hold)."""

import pathlib

import pyarrow as pa

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "data"
# The CLI gives some tests a real engine result to feed a view; `cargo test` builds it.
CLI = next((p for p in (REPO / "target" / "release" / "huntkit", REPO / "target" / "debug" / "huntkit") if p.exists()), None)


def ipc_bytes(table: pa.Table) -> bytes:
    """`table` as Arrow IPC stream bytes."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def read_ipc(ipc: bytes) -> pa.Table:
    """Arrow IPC stream bytes as a table."""
    return pa.ipc.open_stream(ipc).read_all()
