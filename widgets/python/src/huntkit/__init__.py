"""huntkit notebook views, drawn client-side by the huntkit engine (WebAssembly).

>>> from huntkit import Timeline, ProcessTree, link      # doctest: +SKIP
>>> tree = ProcessTree(events)                           # doctest: +SKIP
>>> tl = Timeline(events, group_by="Account")            # doctest: +SKIP
>>> link(tree, tl)   # selecting processes highlights their events  # doctest: +SKIP
>>> tree.result      # the engine's output, a frame of the input's kind  # doctest: +SKIP

Each view is imported when first used, so ``import huntkit`` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from ._view import View, link
from .timeline import Timeline, timeline, timeline_duration, timeline_values

# View classes by the module that holds them, imported on first use.
_LAZY = {
    "ProcessTree": "process_tree",
    "TimeSeriesAnomalies": "ts_anomalies",
    "SessionRarity": "session_rarity",
    "PayloadView": "payload",
    "DataTable": "data_table",
}

__all__ = [
    "View",
    "link",
    "Timeline",
    "timeline",
    "timeline_values",
    "timeline_duration",
    "register_pandas_accessor",
    *_LAZY,
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'huntkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def register_pandas_accessor() -> None:
    """Adds ``df.huntkit.timeline(...)`` (and ``timeline_values``, ``timeline_duration``)."""
    import pandas as pd

    if hasattr(pd.DataFrame, "huntkit"):
        return

    @pd.api.extensions.register_dataframe_accessor("huntkit")
    class _HuntkitAccessor:
        def __init__(self, frame: "pd.DataFrame") -> None:
            self._frame = frame

        def timeline(self, **kwargs):
            return timeline(self._frame, **kwargs)

        def timeline_values(self, **kwargs):
            return timeline_values(self._frame, **kwargs)

        def timeline_duration(self, **kwargs):
            return timeline_duration(self._frame, **kwargs)


# pandas is not imported for this: the accessor is added now when pandas is already
# loaded, otherwise on the first pandas frame a view receives.
if "pandas" in sys.modules:
    register_pandas_accessor()
