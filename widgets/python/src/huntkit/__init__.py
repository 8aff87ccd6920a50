"""huntkit notebook views: an interactive event timeline drawn by the huntkit engine.

>>> from huntkit import Timeline            # doctest: +SKIP
>>> view = Timeline(df, group_by="Account")  # doctest: +SKIP
"""

from __future__ import annotations

import sys

from .timeline import Timeline, timeline, timeline_duration, timeline_values

__all__ = ["Timeline", "timeline", "timeline_values", "timeline_duration", "register_pandas_accessor"]
__version__ = "0.1.0"


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
