r"""MSTICPy's ``msticpy.transform.iocextract``, scanned by huntkit's engine.

``IoCExtract`` finds IP addresses, domains, URLs, e-mail addresses, hashes and paths,
defanged ones too (``hxxp``, ``[.]``, ``[at]``), in a string or in columns of a
DataFrame, with MSTICPy's results: a ``{type: set}`` dict for a string, a frame with
``IoCType, Observable, SourceIndex, Input`` for a DataFrame.

>>> from huntkit.msticpy import IoCExtract
>>> ioc = IoCExtract()
>>> ioc.extract("connect to 206.123.1.123 and https://evil.example.com/x")["ipv4"]
{'206.123.1.123'}
>>> ioc.validate("00236a2ae558018ed13b5222ef1bd987", "md5_hash")
True
>>> IoCExtract.file_hash_type("00236a2ae558018ed13b5222ef1bd98700000001").name
'sha1_hash'

``compat="msticpy"`` (the default here) reproduces MSTICPy's choices and quirks (string
mode scans paths, defanged observables come back defanged, …); ``compat="huntkit"``
uses huntkit's fixes (see ``huntkit.extract_iocs``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from enum import Enum
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Set, Union

from ._common import check_compat, is_frame, names, pandas

__all__ = ["IoCExtract", "IoCType", "IoCPattern", "refang_ioc", "defang_ioc"]


class IoCType(Enum):
    """The IoC types MSTICPy names."""

    unknown = "unknown"
    ipv4 = "ipv4"
    ipv6 = "ipv6"
    dns = "dns"
    url = "url"
    md5_hash = "md5_hash"
    sha1_hash = "sha1_hash"
    sha256_hash = "sha256_hash"
    file_hash = "file_hash"
    email = "email"
    windows_path = "windows_path"
    linux_path = "linux_path"
    hostname = "hostname"

    @classmethod
    def parse(cls, value: str) -> "IoCType":
        """The type named ``value`` (any case), or ``unknown``."""
        try:
            return cls(value.lower())
        except (ValueError, AttributeError):
            return cls.unknown


class IoCPattern(NamedTuple):
    """One IoC type: its name, regex (Python syntax, as MSTICPy compiles it), priority
    (lower wins when one string matches two types) and the group reported."""

    ioc_type: str
    comp_regex: "re.Pattern[str]"
    priority: int
    group: Optional[str]


# MSTICPy's regexes, for inspection (``ioc_types``): the scanning itself is done by
# huntkit's engine, whose patterns follow these.
_IPV4 = r"(?P<ipaddress>(?:[0-9]{1,3}\.){3}[0-9]{1,3})"
_IPV4_DF = r"(?P<ipaddress>(?:[0-9]{1,3}\[?\.\]?){3}[0-9]{1,3})"
_IPV6 = r"(?<![:.\w])(?:[A-F0-9]{0,4}:){2,7}[A-F0-9]{0,4}(?![:.\w])"
_DNS = r"((?=[a-z0-9-]{1,63}\.)[a-z0-9]+(-[a-z0-9]+)*\.){1,126}[a-z]{2,63}"
_DNS_DF = r"((?=[a-z0-9-]{1,63}\[?\.\]?)[a-z0-9]+(-[a-z0-9]+)*\[?\.\]?){1,126}[a-z]{2,63}"
_EMAIL_USER = r"(?P<user>[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+)"
_EMAIL = _EMAIL_USER + "@(?P<domain>" + _DNS + ")"
_EMAIL_DF = _EMAIL_USER + r"(@|\[at\])" + "(?P<domain>" + _DNS_DF + ")"
_URL = r"""
        (?P<protocol>(https?|s?ftps?|telnet|ldap|file)://)
        (?P<userinfo>([a-z0-9-._~!$&\'()*+,;=:]|%[0-9A-F]{2})*@)?
        (?P<host>([a-z0-9-._~!$&\'()*+,;=]|%[0-9A-F]{2})*)
        (:(?P<port>\d*))?
        (/(?P<path>([^?\#"<>\s]|%[0-9A-F]{2})*/?))?
        (\?(?P<query>([a-z0-9-._~!$&'()*+,;=:/?@]|%[0-9A-F]{2})*))?
        (\#(?P<fragment>([a-z0-9-._~!$&'()*+,;=:/?@]|%[0-9A-F]{2})*))?"""
_URL_DF = (
    _URL.replace("(https?|s?ftps?|telnet|ldap|file)", "(https?|hXXps?|s?ftps?|s?fXps?|telnet|ldap|file)")
    .replace(r"(?P<host>([a-z0-9-._~!$&\'()*+,;=]", r"(?P<host>([a-z0-9-._~!$&\'()*+,;=\[\]]")
)
_WINPATH = r"""
        (?P<root>[a-z]:|\\\\[a-z0-9_.$-]+||[.]+)
        (?P<folder>\\(?:[^\/:*?"\'<>|\r\n]+\\)*)
        (?P<file>[^\\/*?""<>|\r\n ]+)"""
_LXPATH = r"""(?P<root>/+||[.]+)
        (?P<folder>/(?:[^\\/:*?<>|\r\n]+/)*)
        (?P<file>[^/\0<>|\r\n ]+)"""
_HASH = r"(?:^|[^A-Fa-f0-9])(?P<hash>[A-Fa-f0-9]{%d})(?:$|[^A-Fa-f0-9])"

# name: (plain regex, defanged regex, priority, group), in MSTICPy's registration order.
_BUILT_IN = {
    "ipv4": (_IPV4, _IPV4_DF, 0, "ipaddress"),
    "ipv6": (_IPV6, _IPV6, 0, None),
    "dns": (_DNS, _DNS_DF, 2, None),
    "url": (_URL, _URL_DF, 0, None),
    "email": (_EMAIL, _EMAIL_DF, 1, None),
    "windows_path": (_WINPATH, _WINPATH, 3, None),
    "linux_path": (_LXPATH, _LXPATH, 4, None),
    "md5_hash": (_HASH % 32, _HASH % 32, 1, "hash"),
    "sha1_hash": (_HASH % 40, _HASH % 40, 1, "hash"),
    "sha256_hash": (_HASH % 64, _HASH % 64, 1, "hash"),
}
_FLAGS = re.IGNORECASE | re.VERBOSE | re.MULTILINE


def _compile(pattern: str) -> "re.Pattern[str]":
    try:
        return re.compile(pattern, _FLAGS)
    except re.error:  # a custom pattern in the engine's syntax only
        return re.compile(re.escape(pattern))


def refang_ioc(ioc: str, ioc_type: str) -> str:
    """MSTICPy's ``refang_ioc``: ``[AT]`` → ``@`` (email), ``hXXp`` → ``http`` and ``fXp``
    → ``ftp`` (url), then ``[.]`` → ``.``."""
    if ioc_type == "email":
        ioc = ioc.replace("[AT]", "@")
    elif ioc_type == "url":
        ioc = ioc.replace("hXXp", "http").replace("fXp", "ftp")
    return ioc.replace("[.]", ".")


def defang_ioc(ioc: str, ioc_type: str) -> str:
    """MSTICPy's ``defang_ioc``, the inverse of :func:`refang_ioc`."""
    if ioc_type == "email":
        ioc = ioc.replace("@", "[AT]")
    elif ioc_type == "url":
        ioc = ioc.replace("http", "hXXp").replace("ftp", "fXp")
    return ioc.replace(".", "[.]")


class IoCExtract:
    r"""IoC extractor with MSTICPy's API (``msticpy.transform.iocextract.IoCExtract``).

    Args:
        defanged: also find defanged IoCs (``hxxp://``, ``1.2.3[.]4``, ``user[at]x``);
            default True, as MSTICPy.
        compat: ``"msticpy"`` (default) or ``"huntkit"``.

    Custom types added with :meth:`add_ioc_type` belong to this instance (MSTICPy shares
    them between all instances, quirk Q-I3, fixed here).

    >>> ioc = IoCExtract()
    >>> ioc.add_ioc_type("win_named_pipe", r"(?P<pipe>\\\\\.\\pipe\\[^\s\\]+)", group="pipe")
    >>> ioc.extract(r"open \\.\pipe\evil now", ioc_types=["win_named_pipe"])["win_named_pipe"]
    {'\\\\.\\pipe\\evil'}
    """

    def __init__(self, defanged: bool = True, *, compat: Optional[str] = None) -> None:
        self.defanged = defanged
        self.compat = check_compat(compat)
        # name: (regex, priority, group, defang_pattern)
        self._custom: Dict[str, Any] = {}

    # ------------------------------------------------------------------ types

    def _patterns(self, defanged: bool) -> Dict[str, IoCPattern]:
        out = {
            name: IoCPattern(name, _compile(df if defanged else plain), pri, group)
            for name, (plain, df, pri, group) in _BUILT_IN.items()
        }
        for name, (regex, pri, group, where) in self._custom.items():
            if where is None or where == defanged:
                out[name] = IoCPattern(name, _compile(regex), pri, group)
        return out

    @property
    def ioc_types(self) -> Dict[str, IoCPattern]:
        """The types of the plain (fanged) set, by name, in scanning order."""
        return self._patterns(False)

    @property
    def ioc_df_types(self) -> Dict[str, IoCPattern]:
        """The types of the defang-tolerant set, by name, in scanning order."""
        return self._patterns(True)

    def add_ioc_type(
        self,
        ioc_type: str,
        ioc_regex: str,
        priority: int = 0,
        group: Optional[str] = None,
        defang_pattern: Optional[bool] = None,
    ) -> None:
        """Adds an IoC type.

        Args:
            ioc_type: the type name (a built-in name replaces that type).
            ioc_regex: the regex; matched case-insensitively, with whitespace in the
                pattern ignored (Python's VERBOSE), as MSTICPy compiles it. The engine's
                regex syntax has no look-around or back-references.
            priority: lower wins when one string matches two types (built-ins: 0 to 4).
            group: report this named group instead of the whole match.
            defang_pattern: ``None`` both sets, ``False`` the plain set only, ``True``
                the defang-tolerant set only.
        """
        if not ioc_type or not ioc_type.strip():
            raise ValueError("No value supplied for ioc_type parameter")
        if not ioc_regex or not ioc_regex.strip():
            raise ValueError("No value supplied for ioc_regex parameter")
        self._custom[ioc_type] = (ioc_regex, int(priority), group, defang_pattern)

    def _options(
        self,
        defanged: Optional[bool],
        ignore_tlds: bool,
        types: Optional[List[str]] = None,
        include_paths: bool = False,
        extra: Optional[Dict[str, Any]] = None,
    ) -> Dict[str, Any]:
        use_defanged = self.defanged if defanged is None else defanged
        options: Dict[str, Any] = dict(extra or {})
        options["compat"] = self.compat
        options["defang"] = "all" if use_defanged else "fanged"
        if ignore_tlds:
            options["ignore_tlds"] = True
        if include_paths:
            options["include_paths"] = True
        custom = [
            {
                "name": name,
                # MSTICPy's flags: compat mode adds them itself.
                "pattern": regex if self.compat == "msticpy" else "(?imx)" + regex,
                "priority": pri,
                **({"group": group} if group else {}),
            }
            for name, (regex, pri, group, where) in self._custom.items()
            if where is None or where == use_defanged
        ]
        if custom:
            options["custom_types"] = custom
        if types is not None:
            options["types"] = types
        return options

    @staticmethod
    def _type_names(ioc_types: Union[str, Sequence[Any], None]) -> Optional[List[str]]:
        if ioc_types is None:
            return None
        values = [ioc_types] if isinstance(ioc_types, (str, IoCType)) else list(ioc_types)
        return [v.name if isinstance(v, IoCType) else str(v) for v in values]

    # ------------------------------------------------------------------ extract

    def extract(
        self,
        src: Optional[str] = None,
        data: Any = None,
        columns: Optional[List[str]] = None,
        *,
        ioc_types: Optional[List[str]] = None,
        include_paths: bool = False,
        ignore_tlds: bool = False,
        defanged: Optional[bool] = None,
        **kwargs: Any,
    ) -> Any:
        """Extracts IoCs from a string, or from columns of a DataFrame.

        Args:
            src: the text to scan; returns ``{ioc_type: {observables}}``.
            data: a DataFrame to scan ``columns`` of; returns a frame (see
                :meth:`extract_df`).
            columns: the columns of ``data``.
            ioc_types: only these types (names or :class:`IoCType`). Default: every
                type for a string (paths included, as MSTICPy), every type but paths
                for a DataFrame.
            include_paths: DataFrame mode: add ``windows_path`` to the default types.
            ignore_tlds: accept domains whatever their top-level domain.
            defanged: find defanged forms too; default the instance's setting.
            **kwargs: more options of ``huntkit.extract_iocs`` (``ignore_domains``,
                ``exclude_private_ips``, ``max_matches``, …).

        >>> IoCExtract().extract("mail user@microsoft.com now")["email"]
        {'user@microsoft.com'}
        """
        if src is not None and src.strip():
            import huntkit

            found = huntkit.extract_iocs(
                src,
                **self._options(defanged, ignore_tlds, self._type_names(ioc_types), False, kwargs),
            )
            out: Dict[str, Set[str]] = defaultdict(set)
            for ioc_type, values in found["by_type"].items():
                out[ioc_type].update(values)
            return out
        if data is None:
            raise ValueError("No source data was supplied to extract")
        if columns is None:
            raise ValueError("No values were supplied for the columns parameter")
        return self._extract_frame(
            data, columns, ValueError, ioc_types, include_paths, ignore_tlds, defanged, kwargs
        )

    def extract_df(
        self,
        data: Any,
        columns: Union[str, List[str]],
        *,
        ioc_types: Optional[List[str]] = None,
        include_paths: bool = False,
        ignore_tlds: bool = False,
        defanged: Optional[bool] = None,
        **kwargs: Any,
    ) -> Any:
        """Extracts IoCs from columns of a DataFrame: one row per (row, column,
        observable) with ``IoCType``, ``Observable``, ``SourceIndex`` (the row's index
        label) and ``Input`` (the whole cell).

        Options as :meth:`extract`; by default every type but paths is scanned
        (``include_paths=True`` adds ``windows_path``; ``linux_path`` only when listed
        in ``ioc_types``), as MSTICPy does.

        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": ["1.2.3.4 x", "nothing"], "b": ["evil.com", "5.6.7.8"]})
        >>> IoCExtract().extract_df(df, ["a", "b"]).values.tolist()
        [['ipv4', '1.2.3.4', 0, '1.2.3.4 x'], ['dns', 'evil.com', 0, 'evil.com'], ['ipv4', '5.6.7.8', 1, '5.6.7.8']]
        """
        return self._extract_frame(
            data, names(columns), LookupError, ioc_types, include_paths, ignore_tlds, defanged, kwargs
        )

    def _extract_frame(
        self,
        data: Any,
        columns: List[str],
        missing_error: type,
        ioc_types: Any,
        include_paths: bool,
        ignore_tlds: bool,
        defanged: Optional[bool],
        kwargs: Dict[str, Any],
    ) -> Any:
        pd = pandas()
        if not is_frame(data):
            raise TypeError(f"extract reads a pandas DataFrame, got {type(data).__name__}")
        # MSTICPy only notices when every column is missing (quirk Q-I5): any is refused here.
        missing = [c for c in columns if c not in data.columns]
        if missing:
            raise missing_error(f"Source column(s) {', '.join(missing)} not found in supplied DataFrame")
        import pyarrow as pa

        import huntkit

        cells = pa.table(
            {c: pa.array([v if isinstance(v, str) else None for v in data[c]], pa.string()) for c in columns}
        )
        options = self._options(defanged, ignore_tlds, self._type_names(ioc_types), include_paths, kwargs)
        if self.compat == "msticpy":
            options["include_input"] = True
        found = huntkit.extract_iocs(cells, columns, **options).to_pandas()
        labels = list(data.index)
        out = pd.DataFrame(
            {
                "IoCType": found["IoCType"].astype(object),
                "Observable": found["Observable"].astype(object),
                "SourceIndex": [labels[int(i)] for i in found["SourceIndex"]],
                "Input": (
                    found["Input"].astype(object)
                    if "Input" in found
                    else [data[c].iloc[int(i)] for c, i in zip(found["Column"], found["SourceIndex"])]
                ),
            },
            columns=["IoCType", "Observable", "SourceIndex", "Input"],
        )
        return out.reset_index(drop=True)

    # ------------------------------------------------------------------ checks

    def validate(
        self,
        input_str: str,
        ioc_type: str,
        ignore_tlds: bool = False,
        defanged: Optional[bool] = None,
    ) -> bool:
        """Whether the whole of ``input_str`` is an IoC of ``ioc_type`` (``file_hash``
        picks md5/sha1/sha256 by length, ``hostname`` means ``dns``; a domain needs a
        known top-level domain unless ``ignore_tlds``). An unknown type raises
        ``KeyError``.

        >>> IoCExtract().validate("www.microsoft.com", "dns")
        True
        >>> IoCExtract().validate("domain.like.iandom", "dns")
        False
        """
        if ioc_type == IoCType.file_hash.name:
            ioc_type = self.file_hash_type(input_str).name
        elif ioc_type == IoCType.hostname.name:
            ioc_type = IoCType.dns.name
        known = self._patterns(True if defanged is None else defanged)
        if ioc_type not in known and ioc_type not in _BUILT_IN and ioc_type != "unknown":
            raise KeyError(f"Unknown type {ioc_type}. Valid types are: {list(known)}")
        if ioc_type == "unknown" or not input_str:
            return False
        import huntkit

        found = huntkit.extract_iocs(
            input_str, **self._options(defanged, ignore_tlds, [ioc_type], False, None)
        )
        return any(
            m["ioc_type"] == ioc_type and m["raw"] == input_str for m in found["matches"]
        )

    @staticmethod
    def file_hash_type(input_str: str) -> IoCType:
        """The hash type a string's length implies: 32 md5, 40 sha1, 64 sha256, else
        ``unknown``."""
        return {32: IoCType.md5_hash, 40: IoCType.sha1_hash, 64: IoCType.sha256_hash}.get(
            len(input_str.strip()), IoCType.unknown
        )

    def get_ioc_type(self, observable: str) -> str:
        """The type ``observable`` is found as, whole, or ``"unknown"``.

        >>> IoCExtract().get_ioc_type("10.2.4.5")
        'ipv4'
        """
        found = self.extract(observable)
        if not found:
            found = self.extract(observable, ioc_types=["linux_path"])
        for ioc_type in self._patterns(True):
            if observable in found.get(ioc_type, ()):
                return ioc_type
        return IoCType.unknown.name
