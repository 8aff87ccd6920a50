"""huntkit notebook views, drawn client-side by the huntkit engine (WebAssembly).

>>> from huntkit import Timeline, ProcessTree, link      # doctest: +SKIP
>>> tree = ProcessTree(events)                           # doctest: +SKIP
>>> tl = Timeline(events, group_by="Account")            # doctest: +SKIP
>>> link(tree, tl)   # selecting processes highlights their events  # doctest: +SKIP
>>> tree.result      # the engine's output, a frame of the input's kind  # doctest: +SKIP

Each view and engine is imported when first used, so ``import huntkit`` costs next to
nothing: the notebook widgets' libraries load with the first view, the extension with
the first engine.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

# Views and their helpers by the module that holds them, imported on first use: the
# notebook widgets' libraries (anywidget, ipywidgets) load with the first view, not with
# the package, so scripts and Spark workers that only call engines never load them.
_LAZY = {
    "View": "_view",
    "link": "_view",
    "Timeline": "timeline",
    "timeline": "timeline",
    "timeline_values": "timeline",
    "timeline_duration": "timeline",
    "ProcessTree": "process_tree",
    "TimeSeriesAnomalies": "ts_anomalies",
    "SessionRarity": "session_rarity",
    "PayloadView": "payload",
    "DataTable": "data_table",
    "TiBrowser": "ti_browser",
    "browse_results": "ti_browser",
    "GeoMap": "geo_map",
    "PivotBrowser": "pivot_browser",
}

# The engines, run natively (huntkit._native), and their errors: imported on first use,
# so the extension module loads only when an engine is called.
_LAZY.update(
    dict.fromkeys(
        [
            "inspect",
            "to_arrow",
            "decode",
            "extract_iocs",
            "ioc_types",
            "ts_anomalies",
            "stl",
            "mstl",
            "detect_periods",
            "apply_threshold",
            "rethreshold",
            "anomaly_periods",
            "kql_periods",
            "bucket",
            "detect_polling",
            "sessionize",
            "score_sessions",
            "SessionModel",
            "build_process_tree",
        ],
        "engines",
    )
)
_LAZY.update(dict.fromkeys(["GeoIpDb"], "geoip"))
# Threat intelligence from local feeds, offline.
_LAZY.update(dict.fromkeys(["TiFeeds", "ti_lookup"], "ti"))
# Network lookups: online TI providers and WhoIs through RDAP.
_LAZY.update(dict.fromkeys(["NetSession", "whois", "ti_lookup_online"], "net"))
# Entities and their pivot functions (huntkit.IpAddress.ip_type, huntkit.pivots.list()).
_LAZY.update(
    dict.fromkeys(
        [
            "pivots",
            "IpAddress",
            "Dns",
            "Url",
            "FileHash",
            "File",
            "Account",
            "Host",
            "Process",
            "Email",
            "ip_type",
            "alert_entities",
            "entities_from_column",
            "entities_from_iocs",
        ],
        "pivots",
    )
)
_LAZY.update(
    dict.fromkeys(
        [
            "HuntkitError",
            "InvalidInputError",
            "InvalidOptionError",
            "UnknownOptionError",
            "ColumnNotFoundError",
            "UnknownProcessError",
            "LimitExceededError",
        ],
        "_errors",
    )
)

__all__ = ["register_pandas_accessor", *_LAZY]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'huntkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    # The public names only: not the helpers this module imports, nor its private modules.
    return sorted({*__all__, "__version__"})


class _Package(types.ModuleType):
    """``ts_anomalies`` names both the engine function and the module of the
    ``TimeSeriesAnomalies`` view, ``timeline`` the function and the module of the
    ``Timeline`` view. The package attribute is the function, whichever of the two is
    imported first: importing the module does not rebind it (``from huntkit.timeline
    import Timeline`` still works)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("ts_anomalies", "timeline") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
            from .timeline import timeline

            return timeline(self._frame, **kwargs)

        def timeline_values(self, **kwargs):
            from .timeline import timeline_values

            return timeline_values(self._frame, **kwargs)

        def timeline_duration(self, **kwargs):
            from .timeline import timeline_duration

            return timeline_duration(self._frame, **kwargs)


# pandas is not imported for this: the accessor is added now when pandas is already
# loaded, otherwise on the first pandas frame a view receives.
if "pandas" in sys.modules:
    register_pandas_accessor()
