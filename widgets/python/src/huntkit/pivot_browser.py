"""The pivot browser: the entities, their pivot functions and each one's help.

The catalogue is what ``huntkit.pivots.list()`` returns (a list of ``{entity, name,
container, help, input, output}``), or one given to the view.
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Dict, List, Optional

import traitlets as t

from ._view import View, view_module

__all__ = ["PivotBrowser"]

_FIELDS = ("entity", "name", "container", "help", "input", "output")
# The engine's catalogue names the input and key columns; the view shows them.
_KEPT = (*_FIELDS, "inputColumn", "keyColumn")


def _entry(item: Any, entity: Optional[str] = None) -> Dict[str, Any]:
    if isinstance(item, dict):
        record = dict(item)
    else:
        record = {f: getattr(item, f) for f in _KEPT if hasattr(item, f)}
    if entity is not None:
        record.setdefault("entity", entity)
    return {f: record.get(f) for f in _KEPT if record.get(f) is not None}


def catalogue_json(catalogue: Any) -> str:
    """A catalogue as the view reads it (JSON text of a list of entries). Takes JSON text,
    a list of dicts (or of objects with those attributes), ``{entity: [functions]}``, the
    engine's ``{"entities": [...], "pivots": [...]}``, or a pandas or polars frame with the
    columns."""
    if isinstance(catalogue, (bytes, bytearray)):
        catalogue = bytes(catalogue).decode("utf-8")
    if isinstance(catalogue, str):
        try:
            json.loads(catalogue)
        except ValueError as e:
            raise ValueError(f"the pivot catalogue is not JSON: {e}") from None
        return catalogue
    if hasattr(catalogue, "to_dicts"):  # polars
        catalogue = catalogue.to_dicts()
    elif hasattr(catalogue, "to_dict") and hasattr(catalogue, "columns"):  # pandas
        catalogue = catalogue.to_dict("records")
    if isinstance(catalogue, dict) and isinstance(catalogue.get("pivots"), list):
        entries: List[Dict[str, Any]] = [_entry(item) for item in catalogue["pivots"]]
    elif isinstance(catalogue, dict):
        entries = []
        for entity, functions in catalogue.items():
            for f in functions or []:
                entries.append(_entry(f, str(entity)))
    else:
        entries = [_entry(item) for item in catalogue]
    return json.dumps(entries, default=str)


def _default_catalogue() -> Any:
    """``huntkit.pivots.list()``, else the engine's own catalogue of built-in pivots."""
    try:
        pivots = importlib.import_module(".pivots", __package__)
    except ImportError:
        pivots = None
    if pivots is not None and hasattr(pivots, "list"):
        return pivots.list()
    try:
        native = importlib.import_module("._native", __package__)
        return native.pivot_catalogue()
    except (ImportError, AttributeError):
        raise TypeError("PivotBrowser needs a catalogue: huntkit.pivots is not available in this install") from None


def _entries(parsed: Any) -> List[Dict[str, Any]]:
    """The entries of a parsed catalogue, as the view numbers them."""
    if isinstance(parsed, dict) and isinstance(parsed.get("pivots"), list):
        parsed = parsed["pivots"]
    elif isinstance(parsed, dict):
        parsed = [
            {"entity": k, **f} for k, fs in parsed.items() if isinstance(fs, list) for f in fs if isinstance(f, dict)
        ]
    return [e for e in parsed if isinstance(e, dict) and e.get("entity") and e.get("name")]


class PivotBrowser(View):
    """The pivot functions of each entity, with their help and a search.

    ``PivotBrowser(catalogue=None, *, search="", entity=None, height=420, title=None,
    width=None, theme="auto", group="")``

    * ``catalogue``: the functions to list; by default ``huntkit.pivots.list()`` (or,
      without that module, the engine's catalogue of built-in pivots). JSON
      text, a list of ``{entity, name, container, help, input, output}`` dicts, a dict of
      entity → functions, or a frame with those columns.
    * ``search``: words every listed function must contain (in its entity, name,
      container or help); the box in the view writes it back. ``entity``: the entity
      shown first.
    * Choosing a function (click, or Enter on it) shows its help and publishes it:
      ``selected_pivot`` is ``{"entity", "name", "container", "qualified"}``
      (``qualified`` as a notebook calls it: ``IpAddress.util.geoloc``) and
      ``selected_indices`` its position in the catalogue.

    Read back: ``result`` is the catalogue's entries matching the search (a pyarrow
    Table); ``selected_pivot`` the chosen function.
    """

    _esm = view_module("pivot_browser")
    _label = "pivot browser"

    catalogue = t.Unicode("").tag(sync=True)
    search = t.Unicode("").tag(sync=True)
    entity = t.Unicode(None, allow_none=True).tag(sync=True)
    #: The chosen function (written by the view).
    selected_pivot = t.Dict(default_value=None, allow_none=True).tag(sync=True)

    def __init__(self, catalogue: Any = None, **kwargs: Any) -> None:
        kwargs.pop("selected_pivot", None)  # the view's output, never an input
        self._refuse_unknown(kwargs)
        text = catalogue_json(_default_catalogue() if catalogue is None else catalogue)
        super().__init__(None, catalogue=text, **kwargs)

    @property
    def selected(self) -> Any:
        """The chosen catalogue entry as a dict (None when none is chosen)."""
        rows = list(self.selected_indices)
        if not rows:
            return None
        entries = _entries(json.loads(self.catalogue or "[]"))
        return entries[rows[0]] if 0 <= rows[0] < len(entries) else None
