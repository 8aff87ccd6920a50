"""The engine every view of a kernel shares, delivered to the browser once.

A view's module carries only its own code. The huntkit engine (its JavaScript module and
its WebAssembly, gzipped) travels in one hidden ``Engine`` widget per kernel, as binary
buffers; every view references it in its ``_engine`` trait, and the browser loads it once
per page (``widgets/src/common/engine.js``). A notebook saved with widget state therefore
stores the engine once, however many views it shows.
"""

from __future__ import annotations

import pathlib
from typing import Optional

import anywidget
import traitlets as t

__all__ = ["Engine", "engine"]

_STATIC = pathlib.Path(__file__).parent / "static"

# The engine widget is never displayed: its module has nothing to draw.
_NOTHING = "export default { render() {} };"


def _static(name: str) -> bytes:
    path = _STATIC / name
    return path.read_bytes() if path.exists() else b""


class Engine(anywidget.AnyWidget):
    """The huntkit engine for the views: ``module`` (JavaScript) and ``wasm``, both gzipped."""

    _esm = _NOTHING
    module = t.Bytes(b"").tag(sync=True)
    wasm = t.Bytes(b"").tag(sync=True)


_shared: Optional[Engine] = None


def engine() -> Engine:
    """The kernel's one Engine widget, created (and its files read) on first use."""
    global _shared
    if _shared is None or getattr(_shared, "comm", True) is None:
        _shared = Engine(module=_static("engine.js.gz"), wasm=_static("huntkit.wasm.gz"))
    return _shared
