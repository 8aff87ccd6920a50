"""The TI browser: MSTICPy's ``browse_results`` for threat-intelligence lookups.

The view lists one entry per indicator (``Ioc``) with every provider's result under it,
coloured by severity, with the raw response as an expandable JSON tree and filters by
severity, provider, verdict and text. The differences from MSTICPy are listed in the
docstring of :class:`TiBrowser`.
"""

from __future__ import annotations

import re
from typing import Any, List, Optional, Sequence, Union

import traitlets as t

from ._view import View, require_columns, view_module

__all__ = ["TiBrowser", "browse_results"]

#: Severity names the view knows (MSTICPy's ``ResultSeverity``; "warning" is its medium).
SEVERITIES = ("unknown", "information", "low", "medium", "high")
_ALIASES = {
    "warning": "medium",
    "warn": "medium",
    "info": "information",
    "informational": "information",
    "critical": "high",
}


def _severity_list(value: Union[str, Sequence[str], None]) -> Optional[List[str]]:
    if value is None:
        return None
    names = [value] if isinstance(value, str) else list(value)
    out: List[str] = []
    for name in names:
        key = str(name).strip().lower()
        key = _ALIASES.get(key, key)
        if key not in SEVERITIES:
            raise ValueError(
                f"unknown severity {str(name)[:60]!r}: use {', '.join(SEVERITIES)} (or 'warning' for medium)"
            )
        if key not in out:
            out.append(key)
    return out


def _pixels(value: Any) -> Optional[int]:
    """A height as MSTICPy gives it ("300px") or as a number of pixels."""
    if value is None:
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(px)?\s*", value)
        if not match:
            raise ValueError(f"height must be a number of pixels (or 'NNNpx'), not {value[:40]!r}")
        return int(match.group(1))
    return int(value)


class TiBrowser(View):
    """Threat-intelligence results, one entry per indicator with each provider's verdict.

    ``TiBrowser(data, severities=None, *, providers=None, search="", positive_only=False,
    height=500, title=None, width=None, theme="auto", group="")``

    * ``data``: the result of a TI lookup (MSTICPy's ``lookup_iocs`` columns: ``Ioc``,
      ``IocType``, ``Provider``, ``Result``, ``Severity``, ``Details``, ``RawResult``,
      ``Reference``); only ``Ioc`` and ``Provider`` are required.
    * ``severities``: the severities to show (``information``, ``low``, ``medium`` —
      MSTICPy's ``warning`` —, ``high``, ``unknown``); default all. ``providers``: the
      providers to show; default all. ``search``: text the indicator, its type or a
      provider's details must contain. ``positive_only``: only results a provider flagged.
      The toggles and the search box in the view write these traits back.
    * Indicators are listed most severe first; each opens to its results (severity
      colour, verdict, details — JSON shown as a tree —, the reference as text with a copy
      button, and "Raw result" as an expandable JSON tree). Click selects a result,
      Ctrl/Cmd+click or Space adds one, an indicator's "Select" takes all its results,
      Escape clears.

    Read back: ``result`` is the rows shown (after the filters, in input order) as a frame
    of the input's kind; ``selected_indices`` the selected rows' input positions and
    ``selected`` those rows.

    Differences from MSTICPy: MSTICPy shows ``warning`` and ``high`` by default and one
    indicator at a time in a drop-down; here every severity shows unless ``severities``
    says otherwise, and all indicators are listed. References are never made into links
    (MSTICPy renders them as HTML anchors): they are text to copy, whatever their scheme.
    """

    _esm = view_module("ti_browser")
    _label = "TI browser"

    severities = t.List(t.Unicode(), default_value=None, allow_none=True).tag(sync=True)
    providers = t.List(t.Unicode(), default_value=None, allow_none=True).tag(sync=True)
    search = t.Unicode("").tag(sync=True)
    positive_only = t.Bool(False).tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        severities: Union[str, Sequence[str], None] = None,
        *,
        providers: Union[str, Sequence[str], None] = None,
        height: Any = None,
        **kwargs: Any,
    ) -> None:
        self._refuse_unknown(kwargs)
        require_columns(data, ["Ioc", "Provider"])
        super().__init__(
            data,
            severities=_severity_list(severities),
            providers=None
            if providers is None
            else ([providers] if isinstance(providers, str) else [str(p) for p in providers]),
            height=_pixels(height),
            **kwargs,
        )


def browse_results(data: Any, severities: Union[str, Sequence[str], None] = None, **kwargs: Any) -> TiBrowser:
    """MSTICPy's ``browse_results``: a :class:`TiBrowser` of ``data`` (MSTICPy's
    ``height="300px"`` is accepted)."""
    return TiBrowser(data, severities, **kwargs)
