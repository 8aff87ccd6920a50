"""What every huntkit view shares: the view contract and its Python side.

Every view module reads its input from the ``data`` trait (Arrow IPC bytes), its options
from traits named as the Python keywords, publishes the engine's output in ``result``
(Arrow IPC) and its selection in ``selected_indices`` (positions of input rows), and marks
its root ``data-ready="1"`` once drawn. In Python, ``view.result`` is that output as a
frame of the input's kind (pandas in, pandas out; polars in, polars out; pyarrow
otherwise) and ``view.selected`` the selected input rows.

Here too: the traits and keyword helpers the views' constructors share (``compat``, frames
read back from Arrow IPC, unknown keywords refused by name, columns checked, MSTICPy's
names for options).
"""

from __future__ import annotations

import pathlib
from typing import Any, Dict, Iterable, Optional

import anywidget
import traitlets as t
from ipywidgets import widget_serialization

from ._data import column_names, from_ipc, take_rows, to_ipc
from ._engine import Engine, engine

__all__ = ["View", "link"]

_STATIC = pathlib.Path(__file__).parent / "static"


def view_module(name: str) -> Any:
    """The built module of a view, or one that says it is missing (a source checkout
    before ``scripts/build.sh``) instead of failing silently."""
    path = _STATIC / f"{name}.js"
    if path.exists():
        return path
    return (
        "export default { render({ el }) { el.textContent = "
        f"'huntkit: the {name} view is missing from this install; build it with scripts/build.sh "
        "and reinstall the package.'; } };"
    )


class FrameTrait(t.Bytes):
    """A trait holding Arrow IPC bytes on the wire and read in Python as a frame of the
    input's kind (the views' ``result``, the payload view's ``indicators``). What is synced
    is always the stored bytes (use ``frame_trait()``, which tags it so)."""

    def get(self, obj: Any, cls: Any = None) -> Any:
        raw = super().get(obj, cls)
        if obj is None:
            return raw
        return obj._frame_of(self.name, raw)

    def validate(self, obj: Any, value: Any) -> bytes:
        # Buffers from the browser arrive as memoryviews; traitlets re-validates what `get`
        # returned (the frame) after a held sync, which stands for the stored bytes.
        if isinstance(value, (memoryview, bytearray)):
            return bytes(value)
        cache = getattr(obj, "_frames", {}).get(self.name)
        if cache is not None and value is cache[1]:
            return cache[0]
        if value is None:
            return b""
        return super().validate(obj, value)


def frame_trait() -> FrameTrait:
    """A synced ``FrameTrait``: the kernel sends the stored bytes, never the frame."""
    trait = FrameTrait(b"")
    return trait.tag(sync=True, to_json=lambda _value, widget: widget._trait_values.get(trait.name, b""))


class Compat(t.Enum):
    """``compat``, as every huntkit engine takes it: ``"huntkit"`` (the default; ``"none"``
    is read as another name for it) or ``"msticpy"`` (MSTICPy's behaviour, quirks included)."""

    def __init__(self) -> None:
        super().__init__(["huntkit", "msticpy"], "huntkit")

    def validate(self, obj: Any, value: Any) -> Any:
        return super().validate(obj, "huntkit" if value == "none" else value)


# Keyword helpers for the views' constructors, which take MSTICPy's keywords.


def require_columns(data: Any, names: Iterable[Optional[str]]) -> None:
    """Raises KeyError naming the columns of ``names`` (unset ones skipped) that ``data``
    does not have, when its columns are known without parsing it."""
    have = column_names(data)
    if have is None:
        return
    missing = [n for n in names if n and n not in have]
    if missing:
        raise KeyError(f"column(s) not in the data: {', '.join(missing)}")


def set_aliases(kwargs: Dict[str, Any], **options: Any) -> None:
    """Options given under MSTICPy's names for them: each of ``options`` (``option=value``,
    the value of the MSTICPy keyword) that was given (not None) goes into ``kwargs``, unless
    the option's own keyword is there already."""
    for option, value in options.items():
        if value is not None:
            kwargs.setdefault(option, value)


class View(anywidget.AnyWidget):
    """The common part of every huntkit view (see the module's docstring)."""

    data = t.Bytes(b"").tag(sync=True)
    result = frame_trait()
    selected_indices = t.List(t.Int()).tag(sync=True)
    group = t.Unicode("").tag(sync=True)
    theme = t.Enum(["auto", "light", "dark"], "auto").tag(sync=True)
    title = t.Unicode(None, allow_none=True).tag(sync=True)
    width = t.Int(None, allow_none=True).tag(sync=True)
    height = t.Int(None, allow_none=True).tag(sync=True)
    _engine = t.Instance(Engine).tag(sync=True, **widget_serialization)

    #: What the view is called in error messages (unknown keywords are refused by name).
    _label = "view"

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        self._refuse_unknown(kwargs)
        ipc, kind = to_ipc(data)
        self._source = data
        self._source_kind = kind
        self._frames: Dict[str, tuple] = {}  # trait name -> (bytes, frame) last read
        super().__init__(data=ipc, _engine=engine(), **kwargs)

    @classmethod
    def _refuse_unknown(cls, kwargs: Dict[str, Any]) -> None:
        """Raises TypeError naming the keywords that are not options of the view (MSTICPy
        passes unknown keywords on; a view says which it does not know)."""
        options = set(cls.class_trait_names(sync=True)) - {"data", "result", "_engine", "_esm", "_css"}
        unknown = set(kwargs) - options
        if unknown:
            raise TypeError(f"unknown {cls._label} option(s): {', '.join(sorted(unknown))}")

    # Input and output -------------------------------------------------------------------

    def _frame_of(self, name: str, raw: bytes) -> Any:
        """Trait ``name``'s bytes ``raw`` as a frame of the input's kind (None when empty),
        read once per value."""
        if not raw:
            return None
        cache = self._frames.get(name)
        if cache is not None and cache[0] is raw:
            return cache[1]
        frame = from_ipc(bytes(raw), self._source_kind)
        self._frames[name] = (raw, frame)
        return frame

    @property
    def selected(self) -> Any:
        """The selected input rows, as a frame (or table) of the input's kind."""
        return take_rows(self._source, self._source_kind, bytes(self.data), self.selected_indices)

    def set_data(self, data: Any) -> None:
        """Replaces the data (the view recomputes and redraws)."""
        ipc, kind = to_ipc(data)
        self._source = data
        self._source_kind = kind
        self.selected_indices = []
        self.data = ipc


def link(*views: View, group: Optional[str] = None) -> str:
    """Links views in the browser: selecting rows in one highlights the same rows in the
    others, with no round-trip through the kernel. The views must show the same data (the
    selection is a set of input row positions). Returns the group name."""
    if len(views) < 2:
        raise ValueError("link needs two views or more")
    name = group or next((v.group for v in views if v.group), "") or f"huntkit-{id(views[0]):x}"
    for v in views:
        v.group = name
    return name


def options_of(view: View) -> Dict[str, Any]:
    """The option traits of a view and their values (for tests and repr)."""
    skip = {"data", "result", "_engine", "_esm", "_css", "selected_indices", "layout", "tabbable", "tooltip"}
    return {k: getattr(view, k) for k in view.class_trait_names(sync=True) if k not in skip and not k.startswith("_")}
