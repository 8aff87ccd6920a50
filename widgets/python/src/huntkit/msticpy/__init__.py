"""MSTICPy's analysis API, run by huntkit's engines: a drop-in for notebooks.

Replace MSTICPy's imports with this module and the cells run unchanged::

    # from msticpy.transform.base64unpack import unpack_items
    # from msticpy.transform.iocextract import IoCExtract
    # from msticpy.analysis.timeseries import timeseries_anomalies_stl
    from huntkit.msticpy import unpack_items, IoCExtract, timeseries_anomalies_stl

Matched: MSTICPy 3.0.2's signatures, output columns and values (its own tests'
expectations hold through this module), with ``compat="msticpy"`` the default of every
function. Each function also takes ``compat="huntkit"`` for huntkit's fixes of
MSTICPy's quirks. Importing this module registers MSTICPy's pandas accessors
(``df.mp``, ``df.mp_timeseries``, ``df.mp_b64``, ``df.mp_ioc``) unless MSTICPy already
did (see :mod:`huntkit.msticpy.accessors`).

Submodules follow MSTICPy's: ``base64unpack``, ``iocextract``, ``timeseries``,
``anomalous_sequence``, ``process_tree``.
"""

from __future__ import annotations

from ._common import MsticpyException
from .accessors import register_accessors
from .anomalous_sequence import (
    Cmd,
    Model,
    SessionType,
    StateMatrix,
    create_session_col,
    score_sessions,
    sessionize_data,
)
from .base64unpack import (
    BinaryRecord,
    get_hashes,
    get_items_from_gzip,
    get_items_from_tar,
    get_items_from_zip,
    unpack,
    unpack_df,
    unpack_items,
)
from .iocextract import IoCExtract, IoCPattern, IoCType, defang_ioc, refang_ioc
from .process_tree import (
    HX_PROCESSEVENT_SCH,
    LX_EVENT_SCH,
    MDE_EVENT_SCH,
    MDE_INT_EVENT_SCH,
    OSQUERY_EVENT_SCH,
    SYSMON_PROCESS_CREATE_EVENT_SCH,
    WIN_EVENT_SCH,
    ColNames,
    ProcSchema,
    TemplateLine,
    build_process_tree,
    get_ancestors,
    get_children,
    get_descendents,
    get_parent,
    get_process,
    get_process_key,
    get_root,
    get_root_tree,
    get_roots,
    get_siblings,
    get_summary_info,
    get_tree_depth,
    infer_schema,
    tree_to_text,
)
from .timeseries import (
    TimeSpan,
    create_time_period_kqlfilter,
    extract_anomaly_periods,
    find_anomaly_periods,
    set_new_anomaly_threshold,
    timeseries_anomalies_stl,
    ts_anomalies_stl,
)

from . import anomalous_sequence, base64unpack, iocextract, process_tree, timeseries

# MSTICPy's module names, for ``from huntkit.msticpy import process_tree_utils as ptutil``
# and the like: each names the module above that holds its functions.
anomalous = sessionize = model = anomalous_sequence
proc_tree_builder = proc_tree_schema = process_tree_utils = process_tree

__all__ = [
    "MsticpyException",
    "register_accessors",
    # base64unpack
    "unpack_items",
    "unpack",
    "unpack_df",
    "get_items_from_gzip",
    "get_items_from_zip",
    "get_items_from_tar",
    "get_hashes",
    "BinaryRecord",
    # iocextract
    "IoCExtract",
    "IoCType",
    "IoCPattern",
    "refang_ioc",
    "defang_ioc",
    # timeseries
    "timeseries_anomalies_stl",
    "ts_anomalies_stl",
    "extract_anomaly_periods",
    "find_anomaly_periods",
    "create_time_period_kqlfilter",
    "set_new_anomaly_threshold",
    "TimeSpan",
    # anomalous_sequence
    "Cmd",
    "Model",
    "SessionType",
    "StateMatrix",
    "score_sessions",
    "sessionize_data",
    "create_session_col",
    # process trees
    "ProcSchema",
    "ColNames",
    "WIN_EVENT_SCH",
    "LX_EVENT_SCH",
    "MDE_INT_EVENT_SCH",
    "MDE_EVENT_SCH",
    "SYSMON_PROCESS_CREATE_EVENT_SCH",
    "OSQUERY_EVENT_SCH",
    "HX_PROCESSEVENT_SCH",
    "build_process_tree",
    "infer_schema",
    "get_process_key",
    "get_roots",
    "get_process",
    "get_parent",
    "get_root",
    "get_root_tree",
    "get_tree_depth",
    "get_children",
    "get_descendents",
    "get_ancestors",
    "get_siblings",
    "get_summary_info",
    "tree_to_text",
    "TemplateLine",
]
