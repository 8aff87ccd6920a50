"""MSTICPy's ``msticpy.transform.base64unpack``, decoded by huntkit's engine.

Finds base64 runs in text, decodes them recursively, unpacks zip, tar and gzip
archives and hashes every item, with MSTICPy's output: the text with each decoded run
replaced by a ``<decoded …>`` tag and a frame of 12 columns (``reference,
original_string, file_name, file_type, input_bytes, decoded_string, encoding_type,
file_hashes, md5, sha1, sha256, printable_bytes``), 15 in table mode (``src_index``,
the column, ``full_decoded_string``).

>>> from huntkit.msticpy import unpack
>>> text, frame = unpack("VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n")
>>> text
"<decoded type='string' name='[None]' index='1' depth='1'>This is a test of base64 encoded string</decoded>"
>>> frame.loc[0, "reference"], frame.loc[0, "decoded_string"]
(('', '1.', '1'), 'This is a test of base64 encoded string')

``compat="msticpy"`` (the default here) follows MSTICPy step for step, quirks included;
``compat="huntkit"`` uses huntkit's decoder (also hex, URL-safe base64, UTF-16, zlib,
nested archives; see ``huntkit.decode``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import zipfile
from collections import namedtuple
from typing import Any, Dict, Optional, Tuple

from ._common import check_compat, pandas

__all__ = [
    "unpack_items",
    "unpack",
    "unpack_df",
    "get_items_from_gzip",
    "get_items_from_zip",
    "get_items_from_tar",
    "get_hashes",
    "BinaryRecord",
]

#: The 12 record columns, in MSTICPy's order (the fields of its ``BinaryRecord``).
RECORD_COLUMNS = [
    "reference",
    "original_string",
    "file_name",
    "file_type",
    "input_bytes",
    "decoded_string",
    "encoding_type",
    "file_hashes",
    "md5",
    "sha1",
    "sha256",
    "printable_bytes",
]

#: One decoded item: a row of the record frame (MSTICPy's ``BinaryRecord``).
BinaryRecord = namedtuple("BinaryRecord", RECORD_COLUMNS)  # type: ignore[misc]


def _reference(value: Any) -> Any:
    """huntkit's ``"2.2.1"`` as MSTICPy's ``(prefix, "depth.", "index")`` tuple."""
    if not isinstance(value, str):
        return value
    parts = value.rsplit(".", 2)
    if len(parts) == 2:
        return ("", f"{parts[0]}.", parts[1])
    if len(parts) == 3:
        return (f"{parts[0]}.", f"{parts[1]}.", parts[2])
    return value


def _records(frame: Any, compat: str) -> Any:
    """huntkit's record table (pandas) with MSTICPy's value types: ``reference`` a
    tuple, ``file_hashes`` a dict, missing values ``None``."""
    pd = pandas()
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype != object:
            out[name] = out[name].astype(object)
        out[name] = out[name].where(out[name].notna(), None)
    if compat == "msticpy" and "reference" in out:
        out["reference"] = [_reference(v) for v in out["reference"]]
    if "file_hashes" in out:
        out["file_hashes"] = [
            json.loads(v) if isinstance(v, str) and v.startswith("{") else v
            for v in out["file_hashes"]
        ]
    return out.reset_index(drop=True) if isinstance(out, pd.DataFrame) else out


def _empty_records() -> Any:
    pd = pandas()
    return pd.DataFrame(columns=RECORD_COLUMNS)


def _options(utf16: bool, compat: str, options: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(options)
    out["compat"] = compat
    if utf16:
        out["utf16"] = True
    return out


def unpack_items(
    input_string: Optional[str] = None,
    data: Any = None,
    column: Optional[str] = None,
    trace: bool = False,
    utf16: bool = False,
    *,
    compat: Optional[str] = None,
    **options: Any,
) -> Any:
    """Decodes base64 in a string, or in a column of a DataFrame.

    Args:
        input_string: the text to decode; returns ``(decoded_text, frame)``. As MSTICPy
            does, the whole input is first padded with ``A`` to a multiple of four
            characters (quirk Q-B1, kept under ``compat="msticpy"``).
        data: a DataFrame to decode ``column`` of, row by row; returns the record
            frame with ``src_index`` (the row's index label), the column and
            ``full_decoded_string``.
        column: the column of ``data`` (required with ``data``).
        trace: accepted for MSTICPy's signature; huntkit prints no trace.
        utf16: try UTF-16 before UTF-8 for decoded bytes (PowerShell ``-enc``).
        compat: ``"msticpy"`` (default) or ``"huntkit"``.
        **options: more options of ``huntkit.decode`` (``max_depth``, ``max_items``, …).

    Returns:
        ``(str, DataFrame)`` for a string, a DataFrame for ``data``, ``None`` when
        neither is given.

    >>> text, frame = unpack_items(input_string=open("base64msg.txt").read())  # doctest: +SKIP
    >>> frame.shape                                                           # doctest: +SKIP
    (8, 12)
    """
    compat = check_compat(compat)
    if input_string is not None:
        import huntkit

        decoded = huntkit.decode(input_string, **_options(utf16, compat, options))
        return decoded.text, _records(decoded.records.to_pandas(), compat)
    if data is not None:
        if not column:
            raise ValueError("column must be supplied if the input is a DataFrame")
        return unpack_df(data, column, trace=trace, utf16=utf16, compat=compat, **options)
    return None


def unpack(
    input_string: str,
    trace: bool = False,
    utf16: bool = False,
    *,
    compat: Optional[str] = None,
    **options: Any,
) -> Tuple[str, Any]:
    """Decodes base64 in one string, without padding the input first: ``(decoded_text,
    frame)``, the frame with MSTICPy's 12 record columns.

    >>> text, frame = unpack("VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n")
    >>> frame.shape
    (1, 12)
    """
    compat = check_compat(compat)
    import pyarrow as pa

    import huntkit

    table = huntkit.decode(
        pa.table({"input": pa.array([input_string], pa.string())}),
        "input",
        **_options(utf16, compat, options),
    ).to_pandas()
    if len(table) == 0:
        return input_string, _empty_records()
    text = table["full_decoded_string"].iloc[0]
    keep = [c for c in table.columns if c not in ("src_index", "input", "full_decoded_string")]
    return text, _records(table[keep], compat)


def unpack_df(
    data: Any,
    column: str,
    trace: bool = False,
    utf16: bool = False,
    *,
    compat: Optional[str] = None,
    **options: Any,
) -> Any:
    """Decodes base64 in ``data[column]``, row by row: the record frame of every row
    (15 columns: the 12 record columns, ``src_index`` (the row's index label), the
    column with the row's text, ``full_decoded_string``). Rows with nothing encoded
    give no records.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"cmd": ["VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n"]})
    >>> unpack_df(df, "cmd").shape
    (1, 15)
    """
    compat = check_compat(compat)
    pd = pandas()
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"unpack_df reads a pandas DataFrame, got {type(data).__name__}")
    if column not in data.columns:
        raise KeyError(column)
    import pyarrow as pa

    import huntkit

    cells = [v if isinstance(v, str) else None for v in data[column]]
    table = huntkit.decode(
        pa.table({column: pa.array(cells, pa.string())}),
        column,
        **_options(utf16, compat, options),
    ).to_pandas()
    if "src_index" in table:
        labels = list(data.index)
        table["src_index"] = [labels[int(i)] for i in table["src_index"]]
    return _records(table, compat)


def get_items_from_gzip(binary: bytes) -> Tuple[str, Dict[str, bytes]]:
    """The content of a gzip stream: ``("gz", {"gzip_file": bytes})``."""
    return "gz", {"gzip_file": gzip.decompress(binary)}


def get_items_from_zip(binary: bytes) -> Tuple[str, Dict[str, bytes]]:
    """The members of a zip archive: ``("zip", {name: bytes})``."""
    with zipfile.ZipFile(io.BytesIO(binary)) as archive:
        return "zip", {name: archive.read(name) for name in archive.namelist()}


def get_items_from_tar(binary: bytes) -> Tuple[str, Dict[str, bytes]]:
    """The members of a tar archive: ``("tar", {name: bytes})`` (``b""`` for members
    that are not files)."""
    items: Dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(binary), mode="r") as archive:
        for member in archive.getmembers():
            f = archive.extractfile(member) if member.isfile() else None
            items[member.name] = f.read() if f is not None else b""
    return "tar", items


def get_hashes(binary: bytes) -> Dict[str, str]:
    """``{"md5", "sha1", "sha256"}`` of ``binary``, as lowercase hex."""
    return {
        "md5": hashlib.md5(binary).hexdigest(),
        "sha1": hashlib.sha1(binary).hexdigest(),
        "sha256": hashlib.sha256(binary).hexdigest(),
    }
