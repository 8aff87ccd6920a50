"""Entities and pivot functions, as MSTICPy's pivots.

Each entity type (``huntkit.IpAddress``, ``Dns``, ``Url``, ``FileHash``, ``File``,
``Account``, ``Host``, ``Process``, ``Email``) carries its pivot functions as attributes,
directly and in their container (``huntkit.IpAddress.ip_type`` is
``huntkit.IpAddress.util.ip_type``). Every pivot takes the same input and gives the same
output, whatever runs it:

>>> import huntkit
>>> huntkit.IpAddress.ip_type("104.211.30.1")                            # doctest: +SKIP
>>> huntkit.IpAddress.ip_type(["10.0.0.1", "8.8.8.8"])                    # doctest: +SKIP
>>> huntkit.IpAddress.ip_type(flows, column="SrcIP", join="left")         # doctest: +SKIP
>>> flows.pipe(huntkit.IpAddress.ip_type, column="SrcIP", join="left")    # doctest: +SKIP

**In**: one value (a ``str`` or an entity), a list of values (any iterable, a pandas or
polars Series), or a table (a DataFrame, a pyarrow Table, anything huntkit reads) with
``column=`` naming the column of values (by default the pivot's own input column, such as
``ip``). **Out**: a frame (pandas when installed, or of the input table's kind) whose
rows carry ``src_row_index``, the input row each came from. **Join**: ``join="left"``
keeps every input row and adds the result's columns; ``join="inner"`` keeps only rows with
a result; ``left_on=`` / ``right_on=`` join on values instead, as MSTICPy does.

The built-in pivots and the joins run in huntkit's Rust engines, the same code the npm
package and ``huntkit pivot`` run. ``huntkit.pivots.list()`` lists them,
``huntkit.pivots.help("IpAddress", "ip_type")`` shows one's help, and
``huntkit.pivots.register("IpAddress", "my_lookup", func, help=...)`` adds a Python
function, which is then called and joined the same way. ``huntkit.pivots.pipeline(...)``
chains pivots.

Enrichment pivots are listed from the start and run once configured:
``IpAddress.geoip`` (MSTICPy's ``geoloc``) after ``use_geoip("City.mmdb", asn="ASN.mmdb")``,
``ti.lookup_ioc`` / ``ti.lookup_iocs`` of ``IpAddress``, ``Dns``, ``Url``, ``FileHash``
after ``use_ti(feeds)``, and ``IpAddress.whois`` / ``whois_asn`` over RDAP (settings from
``use_whois(config=...)`` or the call's ``config=``). Called before it is configured,
one raises a ``HuntkitError`` with code ``not_configured`` naming the call it needs.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import engines
from ._errors import error

__all__ = [
    "list",
    "help",
    "register",
    "unregister",
    "pipeline",
    "register_geoip",
    "use_geoip",
    "use_ti",
    "use_whois",
    "entity",
    "entities",
    "Entity",
    "EntityType",
    "Pivot",
    "ip_type",
    "alert_entities",
    "entities_from_column",
    "entities_from_iocs",
    "ENTITY_NAMES",
]

_list = list  # `list` is a public function of this module.

#: The entity types huntkit parses, in the order ``list()`` shows them.
ENTITY_NAMES = (
    "IpAddress",
    "Dns",
    "Url",
    "FileHash",
    "File",
    "Account",
    "Host",
    "Process",
    "Email",
)


@lru_cache(maxsize=1)
def _catalogue() -> Dict[str, Any]:
    return json.loads(engines._native.pivot_catalogue())


def _entity_info(name: str) -> Dict[str, Any]:
    for e in _catalogue()["entities"]:
        if e["name"] == name:
            return e
    raise error("unknown_entity", f"unknown entity type {name!r}; known types: {', '.join(ENTITY_NAMES)}")


_ALIASES = {
    "ip": "IpAddress",
    "ipaddress": "IpAddress",
    "ip-address": "IpAddress",
    "dns": "Dns",
    "dnsresolve": "Dns",
    "dns-resolve": "Dns",
    "domain": "Dns",
    "url": "Url",
    "filehash": "FileHash",
    "file-hash": "FileHash",
    "file": "File",
    "account": "Account",
    "user": "Account",
    "host": "Host",
    "machine": "Host",
    "process": "Process",
    "email": "Email",
}


def _canonical(name: str) -> str:
    if isinstance(name, EntityType):
        return name.name
    found = _ALIASES.get(str(name).strip().lower())
    if found is None:
        raise error(
            "unknown_entity",
            f"unknown entity type {name!r}; known types: {', '.join(ENTITY_NAMES)}",
        )
    return found


# ---------------------------------------------------------------------------- input


def _is_table(data: Any) -> bool:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return True
    module = type(data).__module__.split(".", 1)[0]
    if module == "pandas":
        return hasattr(data, "columns")
    if module == "polars":
        return hasattr(data, "columns")
    if hasattr(data, "__arrow_c_stream__") and hasattr(data, "schema"):
        return not hasattr(data, "type")  # a pyarrow Array/ChunkedArray has `type`
    if module == "pyarrow" and hasattr(data, "num_rows"):
        return True
    import os

    return isinstance(data, os.PathLike)


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN: a missing value in pandas
        return None
    if isinstance(value, Entity):
        return value.value
    return str(value)


def _values(data: Any) -> List[Optional[str]]:
    """A single value or an iterable of values as text (``None`` for missing ones)."""
    if isinstance(data, (str, Entity)) or not hasattr(data, "__iter__"):
        return [_text(data)]
    if hasattr(data, "to_list"):
        data = data.to_list()
    elif hasattr(data, "to_pylist"):
        data = data.to_pylist()
    return [_text(v) for v in data]


def _result_kind(data: Any) -> str:
    if data is not None and _is_table(data):
        return engines._source(data)[1]
    return "pandas" if engines._has("pandas") else "arrow"


def _join_options(
    join: Optional[str], left_on: Optional[str], right_on: Optional[str], options: Dict[str, Any]
) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    if join is not None:
        out["join"] = join
    if left_on is not None:
        out["left_on"] = left_on
    if right_on is not None:
        out["right_on"] = right_on
    for key in ("max_values", "max_rows"):
        if key in options:
            out[key] = options.pop(key)
    return out


def _split_input(data: Any) -> Tuple[Any, Optional[List[Optional[str]]]]:
    if data is not None and _is_table(data):
        return engines._source(data)[0], None
    return None, _values(data)


def _input_arg(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
    """MSTICPy's rule: the first positional argument, else the first of ``data``,
    ``value``, ``input``."""
    if args:
        if len(args) > 1:
            raise TypeError("a pivot takes one input (a value, a list or a table); name the column with column=")
        return args[0]
    for key in ("data", "value", "values", "input"):
        if key in kwargs:
            return kwargs.pop(key)
    raise TypeError("a pivot needs an input: a value, a list of values, or a table with column=")


def _column_arg(kwargs: Dict[str, Any]) -> Optional[str]:
    """The column of a table input, by any of MSTICPy's names for it."""
    for key in ("column", "src_column", "src_col", "input_column", "input_col"):
        if key in kwargs:
            return kwargs.pop(key)
    return None


# ---------------------------------------------------------------------------- pivots


class Pivot:
    """One pivot function of an entity type. Call it with a value, a list or a table
    (see the module's documentation); ``help(pivot)`` or ``pivot.help`` says what it does."""

    def __init__(self, info: Dict[str, Any], func: Optional[Callable[..., Any]] = None) -> None:
        self.entity: str = info["entity"]
        self.name: str = info["name"]
        self.container: str = info["container"]
        self.help: str = info["help"]
        self.input_column: str = info["inputColumn"]
        self.key_column: Optional[str] = info.get("keyColumn")
        self.table_only: bool = bool(info.get("tableOnly", False))
        self.func = func
        self.__name__ = self.name
        self.__qualname__ = f"{self.entity}.{self.container}.{self.name}"
        self.__doc__ = self.help

    #: The ``huntkit.pivots.use_*`` call an enrichment pivot needs first (None: none).
    needs: Optional[str] = None

    @property
    def source(self) -> str:
        if self.needs is not None:
            return "enrichment"
        return "builtin" if self.func is None else "user"

    @property
    def configured(self) -> bool:
        return True

    @property
    def qualified(self) -> str:
        return f"{self.entity}.{self.container}.{self.name}"

    def info(self) -> Dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "container": self.container,
            "help": self.help,
            "input": "table" if self.table_only else "value",
            "output": "DataFrame",
            "input_column": self.input_column,
            "key_column": self.key_column,
            "source": self.source,
            "qualified": self.qualified,
            "needs": self.needs,
            "configured": self.configured,
        }

    def __repr__(self) -> str:
        return f"<{self.qualified} (pivot function)>"

    def __call__(
        self,
        *args: Any,
        join: Optional[str] = None,
        left_on: Optional[str] = None,
        right_on: Optional[str] = None,
        **kwargs: Any,
    ) -> Any:
        data = _input_arg(args, kwargs)
        column = _column_arg(kwargs)
        options = _join_options(join, left_on, right_on, kwargs)
        kind = _result_kind(data)
        source, values = _split_input(data)
        if self.func is None:
            if kwargs:
                options["options"] = kwargs
            stream = engines._native.pivot_run(
                self.entity, self.name, data=source, values=values, column=column, options=options
            )
            return engines._frame(stream, kind)
        return self._call_user(source, values, column, options, kwargs, kind)

    def _call_user(
        self,
        source: Any,
        values: Optional[List[Optional[str]]],
        column: Optional[str],
        options: Dict[str, Any],
        kwargs: Dict[str, Any],
        kind: str,
    ) -> Any:
        import pyarrow as pa

        stream, col = engines._native.pivot_input(
            self.input_column, data=source, values=values, column=column
        )
        given = pa.table(stream)
        items = given.column(0).to_pylist()
        rows = given.column("src_row_index").to_pylist()
        assert self.func is not None
        result = _user_result(self.func(items, **kwargs), items, rows, self.input_column)
        if options.get("join") is None and options.get("left_on") is None:
            return engines._frame(result, kind)
        options.setdefault("join", "left")
        stream = engines._native.pivot_join(
            self.input_column,
            result,
            data=source,
            values=values,
            column=column,
            key_column=self.key_column,
            options=options,
        )
        return engines._frame(stream, kind)


def _user_result(out: Any, items: Sequence[Any], rows: Sequence[int], key: str) -> Any:
    """A user function's return value as a pyarrow Table with ``src_row_index``.

    A table (pandas, polars, pyarrow) is taken as it is; without ``src_row_index`` it
    must have one row per value, in order. A list (or other iterable) must have one item
    per value: a dict becomes that row's columns, anything else the ``result`` column.
    """
    import pyarrow as pa

    if _is_table(out):
        table = pa.table(engines._source(out)[0]) if not hasattr(out, "column_names") else out
        if "src_row_index" not in table.column_names and "SourceIndex" in table.column_names:
            # A lookup that reports the position of each value it was given (TI feeds).
            positions = table.column("SourceIndex").to_pylist()
            table = table.drop_columns(["SourceIndex"]).append_column(
                "src_row_index", pa.array([rows[int(i)] for i in positions], pa.uint64())
            )
        if "src_row_index" not in table.column_names:
            if table.num_rows != len(rows):
                raise error(
                    "invalid_input",
                    f"the pivot function returned {table.num_rows} rows for {len(rows)} values "
                    "and no src_row_index column: return one row per value, or src_row_index",
                )
            table = table.append_column("src_row_index", pa.array(rows, pa.uint64()))
        return table
    out = _list(out) if not isinstance(out, (str, bytes, dict)) and hasattr(out, "__iter__") else [out]
    if len(out) != len(items):
        raise error(
            "invalid_input",
            f"the pivot function returned {len(out)} items for {len(items)} values: "
            "return one per value (a dict of columns, or a value), or a table",
        )
    columns: Dict[str, List[Any]] = {key: _list(items)}
    for i, item in enumerate(out):
        fields = item if isinstance(item, dict) else {"result": item}
        for name, value in fields.items():
            columns.setdefault(str(name), [None] * len(items))[i] = value
    columns["src_row_index"] = _list(rows)
    arrays = {
        n: pa.array(v, pa.uint64()) if n == "src_row_index" else pa.array(v)
        for n, v in columns.items()
    }
    return pa.table(arrays)


class _Container:
    """The pivots of one container (``util``, ``entity``, ``custom``, ``ti``) of an entity."""

    def __init__(self, entity: str, name: str) -> None:
        self._entity = entity
        self._name = name
        self._pivots: Dict[str, Pivot] = {}

    def __getattr__(self, name: str) -> Pivot:
        try:
            return self.__dict__["_pivots"][name]
        except KeyError:
            raise AttributeError(
                f"{self._entity}.{self._name} has no pivot {name!r}; it has {', '.join(self._pivots)}"
            ) from None

    def __dir__(self) -> List[str]:
        return sorted(self._pivots)

    def __iter__(self):
        return iter(self._pivots.values())

    def __len__(self) -> int:
        return len(self._pivots)

    def __repr__(self) -> str:
        return f"<{self._entity}.{self._name}: {', '.join(self._pivots)}>"


class Entity(dict):
    """One entity: its type and its properties, normalised (``Address``, ``IpType``, …).
    A pivot given an entity uses its value (``Address`` of an IP address, ...)."""

    def __init__(self, type_name: str, properties: Dict[str, Any], value_property: str) -> None:
        super().__init__(properties)
        self.type = type_name
        self._value_property = value_property

    @property
    def value(self) -> Optional[str]:
        return self.get(self._value_property)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __repr__(self) -> str:
        props = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"{self.type}({props})"


class EntityType:
    """An entity type with its pivot functions as attributes. Calling it parses a value
    into an :class:`Entity`: ``huntkit.Account("CONTOSO\\\\alice").NTDomain``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._containers: Dict[str, _Container] = {}

    @property
    def info(self) -> Dict[str, Any]:
        return _entity_info(self.name)

    def __call__(self, value: Any = None, **properties: Any) -> Entity:
        info = self.info
        if value is None:
            value = properties.get(info["valueProperty"])
        if value is None:
            return Entity(self.name, dict(properties), info["valueProperty"])
        import pyarrow as pa

        table = pa.table(
            engines._native.pivot_run(self.name, "create", values=[_text(value)], options={})
        )
        row = {k: v[0] for k, v in table.to_pydict().items()}
        props = {
            k: v
            for k, v in row.items()
            if k in info["properties"] and v is not None
        }
        if not row.get("Valid"):
            raise error("invalid_input", f"{value!r} is not a valid {self.name}")
        props.update({k: v for k, v in properties.items() if v is not None})
        return Entity(self.name, props, info["valueProperty"])

    def _add(self, pivot: Pivot, overwrite: bool = True) -> None:
        container = self._containers.setdefault(pivot.container, _Container(self.name, pivot.container))
        if not overwrite and pivot.name in container._pivots:
            raise AttributeError(f"{self.name}.{pivot.container}.{pivot.name} exists already")
        container._pivots[pivot.name] = pivot

    def _remove(self, name: str, container: Optional[str]) -> bool:
        removed = False
        for cname, c in _list(self._containers.items()):
            if (container is None or container == cname) and name in c._pivots:
                del c._pivots[name]
                removed = True
        return removed

    def pivots(self) -> List[Pivot]:
        """This entity's pivot functions."""
        return [p for c in self._containers.values() for p in c]

    def __getattr__(self, name: str) -> Any:
        containers = self.__dict__.get("_containers", {})
        if name in containers:
            return containers[name]
        # A pivot by its name alone; user containers before the built-in ones.
        for cname in sorted(containers, key=lambda c: c in ("util", "entity")):
            found = containers[cname]._pivots.get(name)
            if found is not None:
                return found
        raise AttributeError(
            f"entity {self.name} has no pivot {name!r}; its pivots: "
            f"{', '.join(p.name for p in self.pivots())}"
        )

    def __dir__(self) -> List[str]:
        return sorted({*self._containers, *(p.name for p in self.pivots()), "pivots", "info"})

    def __repr__(self) -> str:
        return f"<entity {self.name}: {', '.join(p.qualified for p in self.pivots())}>"


@lru_cache(maxsize=1)
def _registry() -> Dict[str, EntityType]:
    types = {name: EntityType(name) for name in ENTITY_NAMES}
    for info in _catalogue()["pivots"]:
        types[info["entity"]]._add(Pivot(info))
    for pivot in _enrichment_pivots():
        types[pivot.entity]._add(pivot)
    return types


def entity(name: str) -> EntityType:
    """The entity type ``name`` (or an alias: ``ip``, ``machine``, ``user``, …)."""
    return _registry()[_canonical(name)]


def entities() -> List[Dict[str, Any]]:
    """The entity types: ``name``, ``description``, ``valueProperty``,
    ``idProperties`` and ``properties``."""
    return [dict(e) for e in _catalogue()["entities"]]


def list(entity: Optional[str] = None, search: Optional[str] = None) -> List[Dict[str, Any]]:  # noqa: A001
    """Every pivot function (of one entity type, or whose name or help contains
    ``search``): ``entity``, ``name``, ``container``, ``help``, ``input``, ``output``,
    ``input_column``, ``key_column``, ``source`` (``builtin`` or ``user``),
    ``qualified``."""
    names = ENTITY_NAMES if entity is None else (_canonical(entity),)
    out = []
    for n in names:
        for p in _registry()[n].pivots():
            if search is None or search.lower() in (p.name + " " + p.help).lower():
                out.append(p.info())
    return out


def help(entity: str, name: str) -> str:  # noqa: A001
    """The help text of a pivot function."""
    return getattr(globals()["entity"](entity), name).help


def register(
    entity: str,
    name: str,
    func: Callable[..., Any],
    help: str = "",  # noqa: A002
    container: str = "custom",
    input_column: Optional[str] = None,
    overwrite: bool = False,
) -> Pivot:
    """Adds a Python function as pivot ``name`` of ``entity``.

    ``func(values, **kwargs)`` is given the list of input values (missing ones left out)
    and returns one item per value (a dict of result columns, or a value for the
    ``result`` column), or a table (one row per value, or with ``src_row_index``). The
    pivot is then called like the built-in ones: a value, a list or a table with
    ``column=`` in; ``join="left" | "inner"`` to join its columns onto the input.
    """
    if not callable(func):
        raise TypeError(f"register() needs a callable, got {type(func).__name__}")
    if not name.isidentifier():
        raise ValueError(f"a pivot name must be a Python identifier, got {name!r}")
    etype = globals()["entity"](entity)
    key = input_column or _catalogue_value_column(etype.name)
    info = {
        "entity": etype.name,
        "name": name,
        "container": container,
        "help": help or (func.__doc__ or "").strip() or f"The user function {name}.",
        "inputColumn": key,
        "keyColumn": key,
        "tableOnly": False,
    }
    pivot = Pivot(info, func)
    etype._add(pivot, overwrite=overwrite)
    return pivot


def _catalogue_value_column(entity_name: str) -> str:
    for p in _catalogue()["pivots"]:
        if p["entity"] == entity_name and p["name"] == "create":
            return p["inputColumn"]
    return "value"


def unregister(entity: str, name: str, container: Optional[str] = None) -> None:
    """Removes a pivot function added with :func:`register`."""
    etype = globals()["entity"](entity)
    if any(p.name == name and p.source in ("builtin", "enrichment") for p in etype.pivots()) and container in (
        None,
        "util",
        "entity",
        "ti",
    ):
        raise ValueError(f"{etype.name}.{name} is built in and cannot be removed")
    if not etype._remove(name, container):
        raise AttributeError(f"entity {etype.name} has no pivot {name!r}")


def pipeline(*steps: Union[Callable[..., Any], Tuple[Callable[..., Any], Dict[str, Any]]]) -> Callable[[Any], Any]:
    """Chains pivots: each step is a pivot (or any function of a frame), or a pair
    ``(pivot, {keyword arguments})``; the output of one step is the next one's input.

    >>> run = pipeline((huntkit.Url.url_components, {"column": "Url", "join": "left"}),
    ...                (huntkit.Dns.dns_components, {"column": "host", "join": "left"}))  # doctest: +SKIP
    >>> run(events)                                                                       # doctest: +SKIP
    """
    normalised = []
    for step in steps:
        if isinstance(step, tuple):
            func, kwargs = step
        else:
            func, kwargs = step, {}
        if not callable(func):
            raise TypeError(f"a pipeline step must be callable, got {type(func).__name__}")
        normalised.append((func, dict(kwargs)))

    def run(data: Any) -> Any:
        for func, kwargs in normalised:
            data = func(data, **kwargs)
        return data

    return run


# ---------------------------------------------------------------------------- enrichment
#
# GeoIP, local TI feeds and RDAP WhoIs are pivots like the others: listed from the start,
# called and joined the same way, and backed by what ``use_geoip`` / ``use_ti`` /
# ``use_whois`` configured. One not yet configured says which call it needs.

_ENRICHMENT: Dict[str, Any] = {"geoip": None, "ti": None, "whois": {"config": None, "bootstrap": None}}

#: The entity types with TI pivots and the IoC type each looks its values up as (None:
#: told from each value, as an address or a hash by its length).
_TI_TYPES = {"IpAddress": None, "Dns": "dns", "Url": "url", "FileHash": None}

#: The columns of ``whois_asn``: the origin AS of each address (MSTICPy's ``get_asn_from_ip``).
_ASN_COLUMNS = ("query", "asn", "asn_description", "asn_registry", "asn_country_code", "network_cidr", "status")


class _EnrichmentPivot(Pivot):
    """A pivot backed by a GeoIP database, TI feeds or RDAP, as configured."""

    def __init__(self, info: Dict[str, Any], lookup: Callable[..., Any], needs: str, service: str) -> None:
        super().__init__(info, lookup)
        self.needs = needs
        self._service = service

    @property
    def configured(self) -> bool:
        return self._service == "whois" or _ENRICHMENT[self._service] is not None


def _configured(service: str, pivot: str, needs: str) -> Any:
    found = _ENRICHMENT[service]
    if found is None:
        raise error("not_configured", f"{pivot} needs {needs} first")
    return found


def _geoip_lookup(values: Sequence[str], **kwargs: Any) -> Any:
    import pyarrow as pa

    if kwargs:
        raise TypeError(f"IpAddress.geoip takes no options, got {sorted(kwargs)}")
    db = _configured("geoip", "IpAddress.geoip", "huntkit.pivots.use_geoip(city_db, asn=None)")
    return pa.table(db._inner.lookup_list([str(v) for v in values]))


def _ti_lookup(entity: str) -> Callable[..., Any]:
    def lookup(values: Sequence[str], **kwargs: Any) -> Any:
        import pyarrow as pa

        feeds = _configured("ti", f"{entity}.ti.lookup_ioc", "huntkit.pivots.use_ti(feeds)")
        options = dict(kwargs)
        if _TI_TYPES[entity] is not None:
            options.setdefault("ioc_type", _TI_TYPES[entity])
        return pa.table(feeds._inner.lookup_list([str(v) for v in values], options))

    return lookup


def _whois_lookup(columns: Optional[Sequence[str]]) -> Callable[..., Any]:
    def lookup(values: Sequence[str], config: Any = None, bootstrap: Any = None) -> Any:
        import pyarrow as pa

        from . import net

        settings = _ENRICHMENT["whois"]
        session = net._session(
            settings["config"] if config is None else config,
            settings["bootstrap"] if bootstrap is None else bootstrap,
        )
        fill = net._asn_filler(settings.get("asn_db"))
        table = pa.table(fill(session._inner.whois_list([str(v) for v in values])))
        return table if columns is None else table.select(_list(columns))

    return lookup


def _enrichment_pivots() -> List[Pivot]:
    def info(entity: str, name: str, container: str, key: str, help: str) -> Dict[str, Any]:  # noqa: A002
        return {
            "entity": entity,
            "name": name,
            "container": container,
            "help": help,
            "inputColumn": _catalogue_value_column(entity),
            "keyColumn": key,
            "tableOnly": False,
        }

    geo_help = (
        "The geographic location and ASN of each address from the GeoIP databases "
        "(MaxMind DB files): IpAddress, CountryCode, CountryOrRegionName, State, City, "
        "Longitude, Latitude, Asn, AsnOrganization. Needs huntkit.pivots.use_geoip(city_db, asn=None)."
    )
    out: List[Pivot] = [
        _EnrichmentPivot(info("IpAddress", name, "util", "IpAddress", geo_help), _geoip_lookup, "use_geoip", "geoip")
        for name in ("geoip", "geoloc")
    ]
    for entity in _TI_TYPES:
        ti_help = (
            f"Looks each {entity} value up in the local threat-intelligence feeds: MSTICPy's TI "
            "result columns Ioc, IocType, Provider, Result, Severity, Details, RawResult, "
            "Reference, one row per feed listing it (include_misses=True: every feed). "
            "Needs huntkit.pivots.use_ti(feeds)."
        )
        for name in ("lookup_ioc", "lookup_iocs"):
            out.append(_EnrichmentPivot(info(entity, name, "ti", "Ioc", ti_help), _ti_lookup(entity), "use_ti", "ti"))
    out.append(
        _EnrichmentPivot(
            info(
                "IpAddress",
                "whois",
                "util",
                "query",
                "WhoIs of each address through RDAP (over the network): query, asn, "
                "asn_description, asn_registry, asn_country_code, network_*, country, "
                "registrant, abuse_contact, status. Configure with "
                "huntkit.pivots.use_whois(config=None, bootstrap=None) or config=.",
            ),
            _whois_lookup(None),
            "use_whois",
            "whois",
        )
    )
    out.append(
        _EnrichmentPivot(
            info(
                "IpAddress",
                "whois_asn",
                "util",
                "query",
                "The origin AS of each address through RDAP (over the network): query, asn, "
                "asn_description, asn_registry, asn_country_code, network_cidr, status. "
                "Configure with huntkit.pivots.use_whois(config=None, bootstrap=None) or config=.",
            ),
            _whois_lookup(_ASN_COLUMNS),
            "use_whois",
            "whois",
        )
    )
    return out


def use_geoip(db: Any, asn: Any = None) -> Any:
    """Backs ``IpAddress.geoip`` (and MSTICPy's name for it, ``geoloc``) with GeoIP
    databases: a :class:`huntkit.GeoIpDb`, or the path (or bytes) of a City or Country
    ``.mmdb`` file with ``asn`` an ASN one. ``None`` forgets the databases. Returns the
    :class:`huntkit.GeoIpDb` in use."""
    if db is None:
        _ENRICHMENT["geoip"] = None
        return None
    if not hasattr(db, "_inner") or not hasattr(db, "lookup"):
        from .geoip import GeoIpDb

        db = GeoIpDb(db, asn)
    elif asn is not None:
        raise TypeError("use_geoip(db, asn=...): give asn with a database path, not with a GeoIpDb")
    _ENRICHMENT["geoip"] = db
    return db


def register_geoip(db: Any, name: str = "geoloc", overwrite: bool = True) -> Pivot:
    """Backs the GeoIP pivots with a :class:`huntkit.GeoIpDb` (as :func:`use_geoip`) and
    returns ``IpAddress.util.<name>`` (``geoloc``, MSTICPy's name, or ``geoip``); another
    name registers a further pivot of the same lookup."""
    if not hasattr(db, "lookup"):
        raise TypeError(f"register_geoip() needs a huntkit.GeoIpDb, got {type(db).__name__}")
    use_geoip(db)
    if name in ("geoip", "geoloc"):
        return getattr(entity("IpAddress").util, name)
    return register(
        "IpAddress",
        name,
        lambda values: db.lookup(_list(values)),
        help="The geographic location of each address from the GeoIP databases loaded "
        "(huntkit.GeoIpDb): country, city, coordinates, ASN.",
        container="util",
        overwrite=overwrite,
    )


def use_ti(feeds: Any) -> Any:
    """Backs the ``ti`` pivots (``lookup_ioc``, ``lookup_iocs`` of ``IpAddress``, ``Dns``,
    ``Url``, ``FileHash``) with local feeds: a :class:`huntkit.TiFeeds`, or feeds to read
    (a path, bytes, a ``(feed, {options})`` pair, or a list of them). ``None`` forgets
    them. Returns the :class:`huntkit.TiFeeds` in use."""
    if feeds is None:
        _ENRICHMENT["ti"] = None
        return None
    from .ti import TiFeeds

    if not isinstance(feeds, TiFeeds):
        import os

        given = [feeds] if isinstance(feeds, (str, bytes, os.PathLike, tuple)) else _list(feeds)
        feeds = TiFeeds(*given)
    _ENRICHMENT["ti"] = feeds
    return feeds


def use_whois(config: Any = None, bootstrap: Any = None, asn_db: Any = None) -> None:
    """The network settings of ``IpAddress.whois`` and ``whois_asn`` (as
    :class:`huntkit.NetSession` takes them: ``config`` a dict or a JSON file's path, e.g.
    ``{"rdap_base": ...}``; ``bootstrap`` RDAP bootstrap files), and ``asn_db``, a
    :class:`huntkit.GeoIpDb` holding an ASN database for the records whose registry
    names no ASN. A call's own ``config=`` / ``bootstrap=`` win over these."""
    if asn_db is not None:
        from . import net

        net._asn_filler(asn_db)  # refuses anything but a GeoIpDb now, not at the lookup
    _ENRICHMENT["whois"] = {"config": config, "bootstrap": bootstrap, "asn_db": asn_db}


# ---------------------------------------------------------------------------- entities


def ip_type(ip: str) -> str:
    """MSTICPy's ``get_ip_type``: ``Public``, ``Private``, ``Loopback``, ``Multicast``,
    ``Link Local``, ``Reserved``, ``Unspecified``, or ``Invalid``."""
    return engines._native.ip_type(str(ip))


def alert_entities(alert: Union[str, bytes, Dict[str, Any], Sequence[Any]], **options: Any) -> Any:
    """The entities of a Microsoft Sentinel alert — a SecurityAlert row (JSON text, or a
    dict such as a pandas row's ``to_dict()``), or its ``Entities`` array — one row per
    entity, nested ones included: ``Id, Type, Value, Properties`` (JSON text, each
    ``$ref`` resolved to ``{"$ref", "Type", "Value"}``). Options: ``max_bytes``,
    ``max_entities``, ``max_depth``."""
    if isinstance(alert, bytes):
        alert = alert.decode("utf-8")
    if not isinstance(alert, str):
        alert = json.dumps(alert, default=str)
    return engines._frame(engines._native.alert_entities(alert, options), _result_kind(None))


def entities_from_column(data: Any, column: str, entity: str) -> Any:
    """Every value of ``column`` parsed as an entity of type ``entity``: the entity's
    properties, ``Valid`` and ``src_row_index``, one row per input row."""
    source, kind = engines._source(data)
    return engines._frame(
        engines._native.entities_from_column(source, column, _canonical(entity)), kind
    )


def entities_from_iocs(iocs: Any) -> Any:
    """Entities from :func:`huntkit.extract_iocs`' table: ``Type, Value, Properties,
    IoCType, src_row_index`` for each observable an entity stands for."""
    source, kind = engines._source(iocs)
    return engines._frame(engines._native.entities_from_iocs(source), kind)


def __getattr__(name: str) -> Any:
    # huntkit.pivots.IpAddress, as the npm package's pivots.IpAddress.
    if name in ENTITY_NAMES:
        return _registry()[name]
    raise AttributeError(f"module 'huntkit.pivots' has no attribute {name!r}")


# `huntkit.pivots` is imported on first use through the package's lazy attributes, which
# look the name up in its module: the module answers for itself.
pivots = sys.modules[__name__]
