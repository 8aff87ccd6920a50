"""Threat-intelligence lookups against local feeds, offline.

A :class:`TiFeeds` reads feeds once — plain indicator lists (ipsum), CSV with a column
mapping, MISP warning lists, MISP events, STIX 2.1 bundles — and then looks indicators
up, answering with MSTICPy's TI result columns (``Ioc``, ``IocType``, ``Provider``,
``Result``, ``Severity``, ``Details``, ``RawResult``, ``Reference``) and ``SourceIndex``,
the input row:

>>> import huntkit
>>> feeds = huntkit.TiFeeds("ipsum.txt", "rfc1918.json")          # doctest: +SKIP
>>> feeds.lookup(events, column="SrcIp")   # a frame of the input's kind  # doctest: +SKIP
>>> feeds.lookup(["77.90.185.20", "10.0.0.1"])   # a pandas DataFrame     # doctest: +SKIP
>>> feeds.lookup("77.90.185[.]20")         # a list of dicts              # doctest: +SKIP
>>> huntkit.ti_lookup(events, column="SrcIp", feeds=["ipsum.txt"])        # doctest: +SKIP

Only matches are listed (``include_misses=True`` adds MSTICPy's ``Result = False`` row
per indicator and feed). A MISP warning list's match is ``Result = False`` with severity
``information``: a known-benign value, not a hit.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from .engines import NO_NATIVE, Data, Frame, _frame, _has, _source

try:
    from . import _native
except ImportError as e:  # an install without the compiled extension
    raise ImportError(NO_NATIVE, name="huntkit._native") from e

__all__ = ["TiFeeds", "ti_lookup", "TI_COLUMNS"]

#: MSTICPy's TI result columns, in order; a table lookup adds ``SourceIndex``.
TI_COLUMNS = ("Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference")

#: A feed: its file's path, its bytes, or either with its options as a pair.
Feed = Union[str, "os.PathLike[str]", bytes, Tuple[Any, Dict[str, Any]]]


def _feed(feed: Any) -> Union[bytes, str]:
    if isinstance(feed, bytes):
        return feed
    if isinstance(feed, (bytearray, memoryview)):
        return bytes(feed)
    if isinstance(feed, (str, os.PathLike)):
        path = os.fspath(feed)
        return os.fsdecode(path) if isinstance(path, bytes) else path
    raise TypeError(f"a feed is a file's path or its bytes, not a {type(feed).__name__}")


class TiFeeds:
    """Feeds read into one lookup index. Each of ``feeds`` is a path, the bytes of a
    feed, or a ``(feed, {options})`` pair; ``options`` apply to every feed given here.

    Feed options: ``kind`` (``plain``, ``csv``, ``misp-warninglist``, ``misp-event``,
    ``stix``; told from the content when not given), ``name`` (the ``Provider``
    column; default the list's or event's own name, else the file name), ``severity``
    of a listed value without score (default ``high``), ``high_score`` (a score at or
    above it is ``high``, a lower positive one ``warning``; default 3, as ipsum's count
    of blocklists), ``ioc_type``, CSV columns ``value_column``, ``type_column``,
    ``score_column``, ``severity_column``, ``reference_column``, and the limits
    ``max_feed_bytes``, ``max_entries``, ``max_line_bytes``.

    A feed that cannot be read raises a :class:`~huntkit.HuntkitError` with code
    ``invalid_feed`` (naming the line) or ``limit_exceeded``.
    """

    __slots__ = ("_inner",)

    def __init__(self, *feeds: Feed, **options: Any) -> None:
        self._inner = _native.TiFeeds()
        for feed in feeds:
            if isinstance(feed, tuple):
                source, own = feed
                self.add(source, **{**options, **own})
            else:
                self.add(feed, **options)

    def add(self, feed: Any, **options: Any) -> Dict[str, Any]:
        """Reads one more feed; returns ``{name, kind, entries, skipped, benign}``."""
        summary: Dict[str, Any] = self._inner.add(_feed(feed), options)
        return summary

    @property
    def feeds(self) -> List[Dict[str, Any]]:
        """What each feed holds: ``{name, kind, entries, skipped, benign}``."""
        out: List[Dict[str, Any]] = self._inner.feeds()
        return out

    def lookup(self, data: Any, column: Optional[str] = None, **options: Any) -> Any:
        """Looks indicators up.

        ``lookup(table, column)`` looks up a column of a table (a pandas or polars
        DataFrame, a pyarrow Table, bytes or a path) and returns a frame of the input's
        kind; without ``column`` the table's only column, or its ``Ioc`` column, is read.
        ``lookup(values)`` takes a list (or Series, or pyarrow array) of strings and
        returns a pandas DataFrame (a pyarrow Table where pandas is missing).
        ``lookup("1.2.3.4")`` returns a list of dicts, one per feed listing it.

        Options: ``ioc_type`` (the type of every value; default inferred per value),
        ``type_column``, ``include_misses``, ``max_results``; ``read=`` for a table
        given as bytes or a path.
        """
        if isinstance(data, str) and column is None:
            unknown = set(options) - {"ioc_type"}
            if unknown:
                raise TypeError(f"lookup(indicator) takes only ioc_type, not {sorted(unknown)}")
            found: List[Dict[str, Any]] = self._inner.lookup(data, options.get("ioc_type"))
            return found
        values = _values(data) if column is None else None
        if values is not None:
            kind, texts = values
            if "type_column" in options:
                raise TypeError("type_column needs a table")
            return _frame(self._inner.lookup_list(texts, options), kind)
        source, kind = _source(data)
        return _frame(self._inner.lookup_table(source, _with_column(options, column)), kind)

    def __len__(self) -> int:
        return len(self.feeds)

    def __repr__(self) -> str:
        names = ", ".join(f"{f['name']} ({f['kind']}, {f['entries']})" for f in self.feeds)
        return f"TiFeeds({names})"


def _with_column(options: Dict[str, Any], column: Optional[str]) -> Dict[str, Any]:
    return options if column is None else {**options, "column": column}


def _values(data: Any) -> Optional[Tuple[str, List[Optional[str]]]]:
    """A list-like of indicators as (frame kind, texts); ``None`` for a table."""
    module = type(data).__module__.split(".", 1)[0]
    if module in ("pandas", "polars") and hasattr(data, "to_list") and not hasattr(data, "columns"):
        kind, values = ("polars" if module == "polars" else "pandas"), data.to_list()
    elif module == "pyarrow" and hasattr(data, "to_pylist") and not hasattr(data, "schema"):
        kind, values = "arrow", data.to_pylist()
    elif isinstance(data, (list, tuple)):
        kind, values = "pandas", list(data)
    else:
        return None
    if kind == "pandas" and not _has("pandas"):
        kind = "arrow"
    return kind, [v if isinstance(v, str) else None for v in values]


def ti_lookup(
    data: Any,
    column: Optional[str] = None,
    *,
    feeds: Union[TiFeeds, Feed, Sequence[Feed]],
    **options: Any,
) -> Any:
    """Looks ``data`` up in ``feeds`` (a :class:`TiFeeds`, or feeds to read: paths,
    bytes or ``(feed, {options})`` pairs): as :meth:`TiFeeds.lookup`. Feeds read here
    are read for this call only; build a :class:`TiFeeds` to look up many times."""
    if not isinstance(feeds, TiFeeds):
        given: Iterable[Feed] = (
            [feeds] if isinstance(feeds, (str, bytes, os.PathLike, tuple)) else list(feeds)
        )
        feeds = TiFeeds(*given)
    return feeds.lookup(data, column, **options)
