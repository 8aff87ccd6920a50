"""Lookups that go over the network: online threat-intelligence providers (VirusTotal,
AlienVault OTX, AbuseIPDB, GreyNoise Community, URLhaus) and WhoIs through RDAP.

>>> import huntkit
>>> huntkit.whois(["13.107.4.50"])                       # doctest: +SKIP
>>> huntkit.whois(events, column="SourceIP")              # doctest: +SKIP
>>> huntkit.ti_lookup_online(events, column="ioc", providers=["vt", "otx"])  # doctest: +SKIP

API keys come from ``config`` (``{"providers": {"virustotal": {"api_key": ...}}}``) or,
when it has none for a provider, from the environment: ``HUNTKIT_VT_KEY``,
``HUNTKIT_OTX_KEY``, ``HUNTKIT_ABUSEIPDB_KEY``, ``HUNTKIT_GREYNOISE_KEY``,
``HUNTKIT_URLHAUS_KEY``. Keys are never shown in a ``repr``, a result or an error.

A :class:`NetSession` keeps answers (an hour by default) and paces requests to each
provider's free tier (VirusTotal: 4 a minute) for as long as it lives; the module-level
functions share one session per configuration. The interpreter is released while the
requests run, so other threads go on meanwhile.

Every indicator gives rows, failures included: a TI lookup that fails has ``Result``
false and the error's code (``missing_api_key``, ``unauthorized``, ``rate_limited``,
``malformed_response``, ``transport``...) in ``Details``; a WhoIs lookup that fails has it
in ``status`` (``not_public`` for a private address, which is never sent).
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._errors import InvalidOptionError
from .engines import Data, Frame, NO_NATIVE, _frame, _has, _source

try:
    from . import _native
except ImportError as e:  # an install without the compiled extension
    raise ImportError(NO_NATIVE, name="huntkit._native") from e

__all__ = ["NetSession", "whois", "ti_lookup_online", "WHOIS_COLUMNS", "PROVIDERS"]

#: The columns of a WhoIs lookup, in order (MSTICPy's ``get_whois_df`` names for the
#: AS; its ``nets`` list flattened into ``network_*`` columns).
WHOIS_COLUMNS: Tuple[str, ...] = tuple(_native.whois_columns())

#: The providers, by the names ``providers=`` takes (aliases: ``vt``, ``alienvault``,
#: ``gn``).
PROVIDERS = ("virustotal", "otx", "abuseipdb", "greynoise", "urlhaus")

Config = Optional[Union[Dict[str, Any], str, "os.PathLike[str]"]]


def _config_json(config: Config) -> Optional[str]:
    """The configuration as JSON text: a dict, or the path of a JSON file."""
    if config is None:
        return None
    if isinstance(config, dict):
        return json.dumps(config)
    if isinstance(config, (str, os.PathLike)):
        with open(config, encoding="utf-8") as f:
            return f.read()
    raise TypeError(f"config is a dict or the path of a JSON file, not a {type(config).__name__}")


def _bootstraps(bootstrap: Union[None, str, "os.PathLike[str]", Sequence[Any]]) -> List[str]:
    if bootstrap is None:
        return []
    paths = [bootstrap] if isinstance(bootstrap, (str, os.PathLike)) else list(bootstrap)
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            out.append(f.read())
    return out


def _values(data: Any) -> Tuple[List[Any], str]:
    """A list, Series or array of values, and the frame kind to give back."""
    module = type(data).__module__.split(".", 1)[0]
    if module in ("pandas", "polars") and hasattr(data, "to_list"):
        kind, values = ("polars" if module == "polars" else "pandas"), data.to_list()
    elif module == "pyarrow" and hasattr(data, "to_pylist"):
        kind, values = "arrow", data.to_pylist()
    elif isinstance(data, (list, tuple)):
        kind, values = "pandas", list(data)
    else:
        raise TypeError(
            "takes a table and a column, or a list or Series of values; got "
            f"{type(data).__name__} without a column"
        )
    if kind == "pandas" and not _has("pandas"):
        kind = "arrow"
    return values, kind


def _providers(providers: Union[str, Sequence[str]]) -> List[str]:
    return [providers] if isinstance(providers, str) else [str(p) for p in providers]


class NetSession:
    """A run of network lookups with its own cache and rate limits.

    ``config`` is a dict or the path of a JSON file (keys in snake_case or camelCase):
    ``providers`` (per provider ``api_key``, ``base_url``, ``requests_per_minute``),
    ``cache_ttl_secs`` (3600), ``timeout_secs`` (30), ``max_wait_secs`` (120: the longest
    a lookup waits for a rate limit before its row says ``rate_limited``),
    ``rdap_base`` (send every WhoIs query to this server), ``rdap_requests_per_minute``
    (30), ``rdap_autnum`` (True: a second query names the origin AS), ``max_items``.
    ``bootstrap`` is the path (or paths) of RDAP bootstrap files (IANA's ``ipv4.json``,
    ``ipv6.json``, ``asn.json``) that replace the bundled ones of their kind.
    """

    __slots__ = ("_inner",)

    def __init__(self, config: Config = None, bootstrap: Any = None) -> None:
        self._inner = _native.NetSession(_config_json(config), _bootstraps(bootstrap))

    def whois(self, data: Any, column: Optional[str] = None, asn_db: Any = None) -> Frame:
        """WhoIs of addresses: ``whois(table, column)`` (a frame of the input's kind),
        ``whois([addresses])`` or a Series (a pandas DataFrame), ``whois("1.2.3.4")``
        (one dict). One row per address, in order.

        ``asn_db`` is a :class:`~huntkit.GeoIpDb` holding an ASN database: the ASN of
        each record whose registry names none (RIPE's and APNIC's networks) comes from
        it."""
        fill = _asn_filler(asn_db)
        if isinstance(data, str) and column is None:
            frame = _frame(fill(self._inner.whois_list([data])), "arrow")
            # A pyarrow Table, or a polars DataFrame where pyarrow is missing.
            rows: List[Dict[str, Any]] = (
                frame.to_pylist() if hasattr(frame, "to_pylist") else frame.to_dicts()
            )
            return rows[0]
        if column is None:
            values, kind = _values(data)
            texts = [v if isinstance(v, str) else None for v in values]
            return _frame(fill(self._inner.whois_list(texts)), kind)
        source, kind = _source(data)
        return _frame(fill(self._inner.whois_table(source, column)), kind)

    def lookup(
        self,
        data: Any,
        column: Optional[str] = None,
        providers: Union[str, Sequence[str]] = ("virustotal",),
        ioc_type: Optional[str] = None,
        type_column: Optional[str] = None,
    ) -> Frame:
        """Asks ``providers`` about indicators: MSTICPy's TI result table (``Ioc,
        IocType, Provider, Result, Severity, Details, RawResult, Reference``).

        ``lookup(table, column, type_column=None)`` looks up each distinct value of a
        column (types from ``type_column``, else by shape); ``lookup([values])`` or
        ``lookup("8.8.8.8")`` looks up values (``ioc_type`` for all of them, else by
        shape). A provider adds no row for a type it does not serve."""
        names = _providers(providers)
        if column is None:
            if isinstance(data, str):
                values, kind = [data], ("pandas" if _has("pandas") else "arrow")
            else:
                values, kind = _values(data)
            items = [(v, ioc_type) for v in values if isinstance(v, str) and v.strip()]
            return _frame(self._inner.lookup_list(items, names), kind)
        source, kind = _source(data)
        return _frame(self._inner.lookup_table(source, column, names, type_column), kind)

    def __repr__(self) -> str:
        return "NetSession()"


def _asn_filler(asn_db: Any) -> Any:
    """What fills a WhoIs table's missing ASNs from ``asn_db``: nothing without one."""
    if asn_db is None:
        return lambda table: table
    inner = getattr(asn_db, "_inner", None)
    if not hasattr(inner, "fill_asn"):
        raise InvalidOptionError(
            "invalid_option", "whois's asn_db is a huntkit.GeoIpDb holding an ASN database"
        )
    return lambda table: inner.fill_asn(table, "query", "asn", "asn_description")


_SESSIONS: Dict[Tuple[Optional[str], Tuple[str, ...]], NetSession] = {}


def _session(config: Config, bootstrap: Any) -> NetSession:
    text = _config_json(config)
    boots = tuple(_bootstraps(bootstrap))
    key = (text, boots)
    found = _SESSIONS.get(key)
    if found is None:
        found = NetSession.__new__(NetSession)
        found._inner = _native.NetSession(text, list(boots))
        _SESSIONS[key] = found
    return found


def whois(
    data: Any,
    column: Optional[str] = None,
    *,
    config: Config = None,
    bootstrap: Any = None,
    asn_db: Any = None,
) -> Any:
    """MSTICPy's ``whois`` pivot through RDAP: see :meth:`NetSession.whois`. Sessions
    are shared by configuration, so repeated calls use the cache."""
    return _session(config, bootstrap).whois(data, column, asn_db=asn_db)


def ti_lookup_online(
    data: Any,
    column: Optional[str] = None,
    *,
    providers: Union[str, Sequence[str]] = ("virustotal",),
    ioc_type: Optional[str] = None,
    type_column: Optional[str] = None,
    config: Config = None,
) -> Frame:
    """MSTICPy's ``TILookup.lookup_iocs`` against online providers: see
    :meth:`NetSession.lookup`."""
    return _session(config, None).lookup(
        data, column, providers=providers, ioc_type=ioc_type, type_column=type_column
    )
