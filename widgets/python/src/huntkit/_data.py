"""Converting notebook data to Arrow IPC bytes for the view, and selections back.

pandas, pyarrow and polars are imported only when the input is one of theirs, so the
package imports (and works on raw bytes) where none of them is installed.
"""

from __future__ import annotations

import io
import sys
from typing import Any, List, Optional, Sequence, Tuple

__all__ = ["to_ipc", "to_table", "from_ipc", "take_rows", "positions_from_ipc", "column_names"]


def _module_of(obj: Any) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _is_pandas(obj: Any) -> bool:
    return _module_of(obj) == "pandas" and hasattr(obj, "iloc") and hasattr(obj, "columns")


def _is_polars(obj: Any) -> bool:
    return _module_of(obj) == "polars" and hasattr(obj, "write_ipc_stream")


def _is_pyarrow_table(obj: Any) -> bool:
    return _module_of(obj) == "pyarrow" and hasattr(obj, "schema") and hasattr(obj, "take")


def _plain_strings(table: Any) -> Any:
    """Casts view-encoded strings and binaries to their large forms, which every Arrow
    reader in the browser understands."""
    import pyarrow as pa

    fields = []
    changed = False
    for field in table.schema:
        t = field.type
        if hasattr(pa.types, "is_string_view") and pa.types.is_string_view(t):
            fields.append(field.with_type(pa.large_string()))
            changed = True
        elif hasattr(pa.types, "is_binary_view") and pa.types.is_binary_view(t):
            fields.append(field.with_type(pa.large_binary()))
            changed = True
        else:
            fields.append(field)
    return table.cast(pa.schema(fields, metadata=table.schema.metadata)) if changed else table


def _arrow_to_ipc(table: Any) -> bytes:
    import pyarrow as pa

    table = _plain_strings(table)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def to_ipc(data: Any) -> Tuple[bytes, str]:
    """Returns ``(bytes, kind)`` where kind names the input's family, for ``take_rows``."""
    if data is None:
        return b"", "none"
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data), "bytes"
    if isinstance(data, str):
        return data.encode("utf-8"), "bytes"
    if _is_pandas(data):
        from . import register_pandas_accessor

        register_pandas_accessor()
        return _arrow_to_ipc(to_table(data)), "pandas"
    if _is_polars(data):
        import polars as pl

        buf = io.BytesIO()
        try:
            data.write_ipc_stream(buf, compat_level=pl.CompatLevel.oldest())
        except (AttributeError, TypeError):
            data.write_ipc_stream(buf)
        return buf.getvalue(), "polars"
    if _is_pyarrow_table(data) or hasattr(data, "__arrow_c_stream__") or (
        _module_of(data) == "pyarrow" and hasattr(data, "schema") and hasattr(data, "num_rows")
    ):
        return _arrow_to_ipc(to_table(data)), "pyarrow"
    raise TypeError(
        "data must be a pandas or polars DataFrame, a pyarrow Table, an object with "
        f"__arrow_c_stream__, or Arrow IPC / CSV / JSON bytes; got {type(data).__name__}"
    )


def to_table(data: Any) -> Any:
    """A frame or table as a pyarrow Table (needs pyarrow)."""
    pa = require("pyarrow", "a huntkit view reads a DataFrame through pyarrow")

    if _is_pandas(data):
        frame = data.reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]
        return pa.Table.from_pandas(frame, preserve_index=False)
    if _is_polars(data):
        return data.to_arrow()
    if _is_pyarrow_table(data):
        return data
    if isinstance(data, (bytes, bytearray, memoryview)):
        return pa.ipc.open_stream(bytes(data)).read_all()
    if _module_of(data) == "pyarrow" and hasattr(data, "schema") and hasattr(data, "num_rows"):
        return pa.Table.from_batches([data])
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise TypeError(f"cannot read {type(data).__name__} as a table")


def from_ipc(ipc: bytes, kind: str) -> Any:
    """Arrow IPC bytes (a view's result) as a frame of ``kind``: pandas, polars, else a
    pyarrow Table. Without pyarrow (a bare JupyterLite kernel) pandas cannot read Arrow,
    so the bytes are returned as they are."""
    if kind == "polars":
        import polars as pl

        return pl.read_ipc_stream(io.BytesIO(ipc))
    if not _can_import("pyarrow"):
        return ipc
    import pyarrow as pa

    table = pa.ipc.open_stream(ipc).read_all()
    if kind == "pandas":
        return table.to_pandas()
    return table


def column_names(data: Any) -> List[str] | None:
    """Column names of a frame or table, or None when they are not known without parsing."""
    if _is_pandas(data):
        return [str(c) for c in data.columns]
    if _is_polars(data):
        return list(data.columns)
    if _module_of(data) == "pyarrow" and hasattr(data, "schema"):
        return list(data.schema.names)
    return None


def take_rows(data: Any, kind: str, ipc: bytes, rows: Sequence[int]) -> Any:
    """The rows at ``rows`` (positions) of the input, in the input's own kind."""
    rows = [int(r) for r in rows]
    if kind == "pandas":
        return data.iloc[rows]
    if kind == "polars":
        return data[rows]
    if kind == "pyarrow":
        import pyarrow as pa

        table = data if _is_pyarrow_table(data) else None
        if table is None:
            table = pa.ipc.open_stream(ipc).read_all()
        return table.take(pa.array(rows, type=pa.int64()))
    if kind == "bytes":
        if "pyarrow" in sys.modules or _can_import("pyarrow"):
            import pyarrow as pa

            try:
                table = pa.ipc.open_stream(ipc).read_all()
            except pa.ArrowInvalid:
                return rows
            return table.take(pa.array(rows, type=pa.int64()))
        return rows
    return rows


def positions_from_ipc(ipc: bytes, kind: str) -> Optional[Sequence[int]]:
    """The ``SourceIndex`` column of an Arrow IPC stream (a view's row positions), or None
    when nothing here reads Arrow (a bare JupyterLite kernel)."""
    if kind == "polars":
        import polars as pl

        return pl.read_ipc_stream(io.BytesIO(ipc))["SourceIndex"].to_list()
    if not _can_import("pyarrow"):
        return None
    import pyarrow as pa

    return pa.ipc.open_stream(ipc).read_all().column("SourceIndex").to_pylist()


def _can_import(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def require(name: str, why: str) -> Any:
    """Imports the frame library ``name``, or raises ``ModuleNotFoundError`` saying what
    to install: pandas and pyarrow are the ``pandas`` extra of huntkit's install, not its
    dependencies, so that the package also runs where they cannot be installed."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise ModuleNotFoundError(
            f"{why}, and {name} cannot be imported ({e}): install it with `pip install "
            f"{name}`, or install huntkit with its pandas extra, which brings pandas and "
            'pyarrow: `pip install "huntkit[pandas]"` (from a checkout, '
            '`pip install "./widgets/python[pandas]"`)',
            name=name,
        ) from e
