"""GeoIP and ASN lookups, offline, from MaxMind DB files the user supplies.

A :class:`GeoIpDb` opens a GeoLite2 / GeoIP2 City or Country database and, beside it,
an ASN database (DB-IP's Lite editions share the format), once; lookups then return
MSTICPy's GeoLocation columns, plus the AS number and organisation:

>>> import huntkit
>>> geo = huntkit.GeoIpDb("GeoLite2-City.mmdb", asn="GeoLite2-ASN.mmdb")  # doctest: +SKIP
>>> geo.lookup(events, column="SourceIP")       # a frame of the input's kind  # doctest: +SKIP
>>> geo.lookup(["81.2.69.142", "10.0.0.1"])     # a pandas DataFrame            # doctest: +SKIP
>>> geo.lookup("81.2.69.142")                   # one dict, or None               # doctest: +SKIP

Every input row gives one output row, in order (MSTICPy's ``lookup_ips`` drops the
addresses it cannot place): an address that does not parse, is private, or that no
database lists has nulls in every column but ``IpAddress``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Union

from .engines import Data, Frame, NO_NATIVE, _frame, _has, _source

try:
    from . import _native
except ImportError as e:  # an install without the compiled extension
    raise ImportError(NO_NATIVE, name="huntkit._native") from e

__all__ = ["GeoIpDb", "GEO_COLUMNS"]

#: The columns of a lookup, in order. All but ``Asn`` and ``AsnOrganization`` are
#: MSTICPy's ``GeoLiteLookup.lookup_ips`` columns; ``Asn`` is a GeoLocation property.
GEO_COLUMNS = (
    "IpAddress",
    "CountryCode",
    "CountryOrRegionName",
    "State",
    "City",
    "Longitude",
    "Latitude",
    "Asn",
    "AsnOrganization",
)

#: A database: the bytes of a ``.mmdb`` file, or its path.
Database = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]


def _database(db: Database) -> Union[bytes, str]:
    if isinstance(db, bytes):
        return db
    if isinstance(db, (bytearray, memoryview)):
        return bytes(db)
    if isinstance(db, (str, os.PathLike)):
        path = os.fspath(db)
        return os.fsdecode(path) if isinstance(path, bytes) else path
    raise TypeError(
        f"a GeoIP database is the bytes of a .mmdb file or its path, not a {type(db).__name__}"
    )


class GeoIpDb:
    """Opened GeoIP databases: ``db`` (a City or Country database, or an ASN database
    alone) and, optionally, ``asn`` (an ASN database), each the bytes of a ``.mmdb`` file
    or its path. Options: ``language`` (names' locale, default ``"en"``), ``verify``
    (check the whole file when opened, default ``True``), ``max_database_bytes``.

    A corrupt file raises a :class:`~huntkit.HuntkitError` with code
    ``invalid_geoip_db``; a database holding neither locations nor ASNs, code
    ``unsupported_geoip_db``.
    """

    __slots__ = ("_inner",)

    def __init__(self, db: Database, asn: Optional[Database] = None, **options: Any) -> None:
        dbs = [_database(db)] + ([] if asn is None else [_database(asn)])
        self._inner = _native.GeoIpDb(dbs, options)

    @property
    def databases(self) -> List[Dict[str, Any]]:
        """What each database is: ``{kind, database_type, build_epoch, ip_version,
        languages, bytes}``, the location database first."""
        out: List[Dict[str, Any]] = self._inner.databases()
        return out

    def lookup(self, data: Any, column: Optional[str] = None, **options: Any) -> Any:
        """Looks addresses up.

        ``lookup(table, column)`` looks up a column of a table (a pandas or polars
        DataFrame, a pyarrow Table, bytes or a path, as the other engines read) and
        returns a frame of the input's kind. ``lookup(addresses)`` takes a list (or a
        pandas / polars Series, or a pyarrow array) of strings and returns a pandas
        DataFrame (a pyarrow Table where pandas is missing). ``lookup("1.2.3.4")`` returns
        one row as a dict, or ``None`` when the text is not an address.

        ``read=`` holds the read options of a table given as bytes or a path.
        """
        if isinstance(data, str) and column is None:
            if options:
                raise TypeError("lookup(address) takes no options")
            found: Optional[Dict[str, Any]] = self._inner.lookup(data)
            return found
        if column is None:
            return self._lookup_list(data, options)
        source, kind = _source(data)
        return _frame(self._inner.lookup_table(source, column, options), kind)

    def fill_asn(
        self,
        data: Any,
        ip_column: str = "query",
        asn_column: str = "asn",
        org_column: str = "asn_description",
    ) -> Frame:
        """Fills the ASN (and, where empty, its organisation) of the rows of ``data``
        whose ``asn_column`` is empty, from the address in ``ip_column``: WhoIs records
        whose registry names no origin AS (RIPE's and APNIC's networks). A frame of the
        input's kind; the two columns come back as text. ``whois(..., asn_db=db)`` calls
        it."""
        source, kind = _source(data)
        return _frame(self._inner.fill_asn(source, ip_column, asn_column, org_column), kind)

    def _lookup_list(self, data: Any, options: Dict[str, Any]) -> Frame:
        if options:
            raise TypeError("lookup(addresses) takes no options")
        module = type(data).__module__.split(".", 1)[0]
        if module in ("pandas", "polars") and hasattr(data, "to_list"):
            kind, values = ("polars" if module == "polars" else "pandas"), data.to_list()
        elif module == "pyarrow" and hasattr(data, "to_pylist"):
            kind, values = "arrow", data.to_pylist()
        elif isinstance(data, (list, tuple)):
            kind, values = "pandas", list(data)
        else:
            raise TypeError(
                "lookup() takes a table and a column, a list or Series of addresses, or one "
                f"address; got {type(data).__name__} without a column"
            )
        if kind == "pandas" and not _has("pandas"):
            kind = "arrow"
        texts = [v if isinstance(v, str) else None for v in values]
        return _frame(self._inner.lookup_list(texts), kind)

    def __repr__(self) -> str:
        kinds = ", ".join(f"{d['kind']}: {d['database_type']}" for d in self.databases)
        return f"GeoIpDb({kinds})"
