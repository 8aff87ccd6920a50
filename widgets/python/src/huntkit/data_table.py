"""The data table view: MSTICPy's DataViewer, virtualised for a million rows.

Parameters follow MSTICPy's ``DataViewer`` (``msticpy.vis.data_viewer_panel``) where it
has them; the differences are listed in the docstring of :class:`DataTable`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import traitlets as t

from ._data import positions_from_ipc, take_rows
from ._view import View, require_columns, view_module

__all__ = ["DataTable"]

_SELECTABLE = {
    True: "multi",
    "checkbox": "multi",
    "checkbox-single": "single",
    "toggle": "multi",
    "multi": "multi",
    "single": "single",
    "radio": "single",
    False: "none",
    None: "none",
    "none": "none",
}


def _bound(value: Any) -> str:
    """One end of a range filter as the view reads it (times as ``YYYY-MM-DD hh:mm:ss``)."""
    if value is None:
        return ""
    if isinstance(value, (_dt.datetime, _dt.date)) or hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text.replace("T", " ")
    return str(value)


def _filter_text(column: str, value: Any) -> str:
    """A filter given in Python as the view's expression text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"filter on {column!r}: a range is (low, high); got {len(value)} values")
        return f"{_bound(value[0])}..{_bound(value[1])}"
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"={str(value).lower()}"
    return f"={_bound(value)}"


class DataTable(View):
    """An interactive table of a DataFrame (or any data the views take): virtualised, so
    a million rows scroll smoothly; sortable, filterable per column, with a column chooser,
    a row-detail pane that shows nested JSON as an expandable tree, and a selection.

    ``DataTable(data, selected_cols=None, *, hidden_cols=None, show_tenant_id=False,
    show_index=False, max_col_width=500, detail_cols=None, header_filters=True,
    selectable=True, height=550, sort_by=None, ascending=True, filters=None,
    show_details=True, title=None, width=None, theme="auto", group="")``

    * ``selected_cols``: the columns to show, in that order (default: all);
      ``hidden_cols``: columns never shown; ``TenantId`` is hidden unless
      ``show_tenant_id=True`` or ``selected_cols`` names it (as MSTICPy means to).
    * ``show_index``: a ``#`` column with each row's position in the input.
    * ``max_col_width``: the widest a column starts (pixels; drag a header edge to resize).
    * ``detail_cols``: the fields the detail pane shows for the focused row (default: all).
      Cells holding JSON text, structs, lists or maps show as an expandable tree.
    * ``header_filters``: a filter box under each header. Text: ``abc`` contains (ASCII
      letters in either case), ``=abc`` equals, ``!abc`` does not contain, ``!=abc``
      differs. Numbers: ``5``, ``>5``, ``<=5``, ``1..10``. Times (UTC):
      ``2019-02-12`` (that day), ``>=2019-02-12 04:30``, ``2019-02-12 04:00..2019-02-12 05``.
    * ``filters``: ``{column: expression}``, as typed in the boxes; a value may also be a
      ``(low, high)`` tuple (either end None; datetimes accepted) or a number (equals).
    * ``sort_by`` (a column or a list) and ``ascending`` (a bool or one per column): the
      order; clicking a header sorts by it, again reverses, a third time clears;
      Shift+click adds a further key.
    * ``selectable``: True / "checkbox" (any number of rows), "single", or False.
      Click, Ctrl+click, Shift+click; keys: arrows, PageUp/PageDown, Home/End move the
      focused row, Space or Enter select it, Shift extends, Ctrl+A selects all, Escape
      clears.

    Read back: ``result`` (also ``current_view`` and ``filtered_data``) is the table as
    shown, after the filters and the sort, as a frame of the input's kind;
    ``selected_indices`` (also ``selection``) the selected rows' positions in the input
    and ``selected`` (also ``selected_dataframe``) those rows; ``filters``, ``sort_by``,
    ``ascending`` and ``selected_cols`` follow what the user does in the view.

    Differences from MSTICPy: unknown keyword arguments raise ``TypeError`` (MSTICPy
    passes them to Panel's Tabulator); columns named in ``selected_cols``,
    ``detail_cols``, ``sort_by`` or ``filters`` that the data lacks raise ``KeyError``;
    empty data shows an empty table instead of raising ``ValueError``; columns that are
    entirely null are kept (MSTICPy drops them); there is no pagination (the grid is
    virtualised); ``show_index`` shows input positions (the index is not carried);
    ``detail_cols`` defaults to every column and shows in a side pane rather than
    under each row; ``show_tenant_id=True`` shows TenantId (in MSTICPy it has the opposite
    effect when ``selected_cols`` is given).
    """

    _esm = view_module("data_table")
    _label = "data table"

    selected_cols = t.List(t.Unicode(), default_value=None, allow_none=True).tag(sync=True)
    hidden_cols = t.List(t.Unicode()).tag(sync=True)
    show_tenant_id = t.Bool(False).tag(sync=True)
    show_index = t.Bool(False).tag(sync=True)
    max_col_width = t.Int(500).tag(sync=True)
    detail_cols = t.List(t.Unicode(), default_value=None, allow_none=True).tag(sync=True)
    show_details = t.Bool(True).tag(sync=True)
    header_filters = t.Bool(True).tag(sync=True)
    selectable = t.Enum(["multi", "single", "none"], "multi").tag(sync=True)
    sort_by = t.List(t.Unicode()).tag(sync=True)
    ascending = t.List(t.Bool()).tag(sync=True)
    filters = t.Dict(value_trait=t.Unicode(), key_trait=t.Unicode()).tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        selected_cols: Optional[Sequence[str]] = None,
        *,
        hidden_cols: Optional[Sequence[str]] = None,
        detail_cols: Optional[Sequence[str]] = None,
        selectable: Union[bool, str, None] = True,
        sort_by: Union[str, Sequence[str], None] = None,
        ascending: Union[bool, Sequence[bool]] = True,
        filters: Optional[Mapping[str, Any]] = None,
        **kwargs: Any,
    ) -> None:
        if selectable not in _SELECTABLE:
            raise ValueError(f"selectable must be True, False, 'checkbox', 'single' or 'none'; got {selectable!r}")
        sort_list: List[str] = [sort_by] if isinstance(sort_by, str) else list(sort_by or [])
        if isinstance(ascending, bool):
            asc_list = [ascending] * len(sort_list)
        else:
            asc_list = [bool(a) for a in ascending]
            if len(asc_list) != len(sort_list):
                raise ValueError(f"ascending has {len(asc_list)} values for {len(sort_list)} sort column(s)")
        filter_texts: Dict[str, str] = {str(k): _filter_text(str(k), v) for k, v in (filters or {}).items()}
        super().__init__(
            data,
            selected_cols=list(selected_cols) if selected_cols else None,
            hidden_cols=list(hidden_cols or []),
            detail_cols=list(detail_cols) if detail_cols else None,
            selectable=_SELECTABLE[selectable],
            sort_by=sort_list,
            ascending=asc_list,
            filters={k: v for k, v in filter_texts.items() if v.strip()},
            **kwargs,
        )
        require_columns(data, [*(selected_cols or []), *(detail_cols or []), *sort_list, *filter_texts])

    def _frame_of(self, name: str, raw: bytes) -> Any:
        # The view publishes the positions of the rows shown (not a copy of them): the
        # rows are taken here from the input the kernel already holds.
        if name != "result" or not raw:
            return super()._frame_of(name, raw)
        cache = self._frames.get(name)
        if cache is not None and cache[0] is raw:
            return cache[1]
        positions = positions_from_ipc(bytes(raw), self._source_kind)
        frame = raw if positions is None else take_rows(self._source, self._source_kind, bytes(self.data), positions)
        self._frames[name] = (raw, frame)
        return frame

    # MSTICPy's DataViewer names for what the base class already offers.

    @property
    def current_view(self) -> Any:
        """The rows shown (after the filters and the sort), as a frame of the input's kind."""
        return self.result

    @property
    def filtered_data(self) -> Any:
        """Same as :attr:`current_view` (the name in MSTICPy's Bokeh DataViewer)."""
        return self.result

    @property
    def selected_dataframe(self) -> Any:
        """The selected rows, as a frame of the input's kind (same as ``selected``)."""
        return self.selected

    @property
    def selection(self) -> List[int]:
        """Positions in the input of the selected rows (same as ``selected_indices``)."""
        return list(self.selected_indices)

    @property
    def value(self) -> Any:
        """The data as given."""
        return self._source
