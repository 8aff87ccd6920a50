"""The payload view: CyberChef's "magic + extract" in the notebook.

A payload (a text, or each cell of a column of a frame) is decoded layer by layer by
huntkit's decoder (MSTICPy's ``base64unpack``: base64, hex, UTF-16, gzip, zlib, DEFLATE,
zip, tar, nested), and every layer is scanned by the IoC extractor (MSTICPy's
``IoCExtract``). The view shows the layers as a tree (type, file name, hashes, text or a
hex dump) with the indicators highlighted by type, and a filterable table of the
indicators with their raw and refanged values.
"""

from __future__ import annotations

import importlib.util
from typing import Any, Optional, Sequence

import traitlets as t

from ._data import column_names
from ._view import Compat, View, frame_trait, require_columns, view_module

__all__ = ["PayloadView"]


def _frame_kind() -> str:
    # A single text has no frame to follow: pandas when it is there, as MSTICPy returns.
    return "pandas" if importlib.util.find_spec("pandas") else "pyarrow"


class PayloadView(View):
    """Decodes a payload and shows its layers and indicators.

    ``PayloadView(text)`` for one text, or ``PayloadView(frame, column="CommandLine")`` for a
    column of a frame (pandas, polars, pyarrow, anything with ``__arrow_c_stream__``): then
    the view lists the rows that decoded to something, most layers first.

    Parameters follow MSTICPy's ``unpack_items(input_string=, data=, column=, utf16=)`` and
    ``IoCExtract.extract(ioc_types=, include_paths=, ignore_tlds=)``:

    * ``text_or_data``: the text (``str``, or ``bytes`` read as UTF-8 when no ``column`` is
      given), or a frame.
    * ``column``: the column of payloads; required for a frame of several columns
      (``ValueError``, as MSTICPy), ``KeyError`` when the frame has no such column.
    * ``utf16``: ``None`` (huntkit recognises UTF-16LE text by itself), ``True``/``False``.
    * ``compat``: ``"huntkit"`` (default) or ``"msticpy"`` (MSTICPy's decoder and extractor,
      quirks included: then the layers are a flat list under the payload).
    * ``max_depth``, ``min_length``: the decoder's nesting limit and shortest base64 run.
    * ``ioc_types``, ``include_paths``, ``ignore_tlds``: the indicators looked for.
    * ``max_chars``: characters of a layer's text shown before "Show more" (64 K).
    * ``title``, ``width``, ``height`` (of the layer area; the indicator table is below),
      ``theme``, ``group`` as every view.

    Results, once the view has drawn in a notebook:

    * ``view.result``: the decoder's record table (one row per decoded item: MSTICPy's
      ``unpack_items`` columns, ``reference, original_string, file_name, file_type,
      input_bytes, decoded_string, encoding_type, file_hashes, md5, sha1, sha256,
      printable_bytes``, then huntkit's ``depth, source_encoding, status, detail``; a frame
      adds ``src_index``, the column and ``full_decoded_string`` as ``unpack_df``).
    * ``view.indicators``: every indicator of every layer, ``IoCType, Observable``
      (refanged), ``raw`` (as written), ``defanged``, ``SourceIndex`` (the input row),
      ``Layer`` (``"source"`` or the item's ``reference``), ``start, end`` (UTF-16 offsets in
      that layer's text). The engine reports each distinct observable once per layer.
    * ``view.selected_indices`` / ``view.selected``: the input rows of the payloads picked in
      the tree (Ctrl/Cmd+click adds one). A single text has no input rows: ``selected`` is
      ``None`` then.

    Both frames are pandas for pandas input (and for a text, when pandas is installed),
    polars for polars, pyarrow otherwise.
    """

    _esm = view_module("payload")
    _label = "payload view"

    text = t.Unicode(None, allow_none=True).tag(sync=True)
    column = t.Unicode(None, allow_none=True).tag(sync=True)
    compat = Compat().tag(sync=True)
    utf16 = t.Bool(None, allow_none=True).tag(sync=True)
    max_depth = t.Int(None, allow_none=True).tag(sync=True)
    min_length = t.Int(None, allow_none=True).tag(sync=True)
    ioc_types = t.List(t.Unicode(), default_value=None, allow_none=True).tag(sync=True)
    include_paths = t.Bool(False).tag(sync=True)
    ignore_tlds = t.Bool(False).tag(sync=True)
    max_chars = t.Int(65536).tag(sync=True)
    indicators = frame_trait()

    def __init__(self, text_or_data: Any = None, column: Optional[str] = None, **kwargs: Any) -> None:
        if "text" in kwargs or "data" in kwargs:
            raise TypeError("give the payload as the first argument (a text or a frame)")
        text, data = self._split(text_or_data, column)
        super().__init__(data, text=text, column=self._column_for(data, column), **kwargs)
        if text is not None:
            self._source_kind = _frame_kind()

    # Input --------------------------------------------------------------------------------

    @staticmethod
    def _split(value: Any, column: Optional[str]) -> tuple:
        """``(text, data)``: a text goes to the ``text`` trait, anything else to ``data``."""
        if isinstance(value, str) and column is None:
            return value, None
        if isinstance(value, (bytes, bytearray, memoryview)) and column is None:
            return bytes(value).decode("utf-8", errors="replace"), None
        return None, value

    @staticmethod
    def _column_for(data: Any, column: Optional[str]) -> Optional[str]:
        if data is None:
            return None
        names = column_names(data)
        if column is None:
            if names is not None and len(names) == 1:
                return names[0]
            raise ValueError("column must be supplied if the input is a DataFrame")
        require_columns(data, [column])
        return column

    def set_data(self, text_or_data: Any, column: Optional[str] = None) -> None:  # type: ignore[override]
        """Replaces the payload: a text, or a frame and its column."""
        text, data = self._split(text_or_data, column)
        col = self._column_for(data, column if column is not None or data is None else self.column)
        with self.hold_trait_notifications():
            super().set_data(data)
            self.column = col
            self.text = text
        if text is not None:
            self._source_kind = _frame_kind()

    # Output -------------------------------------------------------------------------------

    @property
    def selected(self) -> Any:
        """The input rows of the payloads picked in the view (``None`` for a single text)."""
        if self.text is not None and not self.data:
            return None
        return super().selected

    def refanged(self, types: Optional[Sequence[str]] = None) -> list:
        """The distinct refanged values of the indicators found (of ``types`` when given)."""
        frame = self.indicators
        if frame is None:
            return []
        table = frame if hasattr(frame, "column") and hasattr(frame, "num_rows") else None
        if table is not None:
            kinds, values = table.column("IoCType").to_pylist(), table.column("Observable").to_pylist()
        else:
            kinds, values = list(frame["IoCType"]), list(frame["Observable"])
        wanted = set(types) if types else None
        return list(dict.fromkeys(v for k, v in zip(kinds, values) if wanted is None or k in wanted))
