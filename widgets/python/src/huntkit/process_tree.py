"""The ProcessTree view: process trees from process-creation events, MSTICPy's
``plot_process_tree`` for a hundred thousand processes.

The trees are built in the browser by the huntkit engine (MSTICPy's ``build_process_tree``),
from raw events or from a tree built earlier; the differences from MSTICPy are listed in
the docstring of :class:`ProcessTree`.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, Dict, List, Optional, Union

import traitlets as t

from ._view import Compat, View, require_columns, view_module

__all__ = ["ProcessTree", "plot_process_tree", "build_and_show_process_tree"]

#: Schema names the engine knows; ``None`` and "auto" infer the schema from the columns.
SCHEMAS = ("auto", "windows", "linux", "mde", "mde-internal", "sysmon", "osquery", "hx")

# The required columns of each named schema (process, id, parent id, time); Defender's
# time is ProcessCreationTime or else Timestamp.
_REQUIRED = {
    "windows": ["NewProcessName", "NewProcessId", "ProcessId", "TimeGenerated"],
    "linux": ["exe", "pid", "ppid", "TimeGenerated"],
    "mde": ["FileName", "ProcessId", "InitiatingProcessId"],
    "mde-internal": ["CreatedProcessName", "CreatedProcessId", "CreatedProcessCreationTime"],
    "sysmon": ["Image", "ProcessId", "ParentProcessId", "UtcTime"],
    "osquery": ["name", "pid", "parent", "calendarTime"],
    "hx": ["process", "pid", "parentpid", "starttime"],
}
# A mapping's required fields; its other columns may be absent (MSTICPy's minimal schema
# names columns the data does not have).
_MAPPING_REQUIRED = ("process_name", "process_id", "parent_id", "time_stamp")

#: Columns the engine adds to the input's (a legend may colour by them).
TREE_COLUMNS = (
    "proc_key", "parent_key", "path", "parent_index", "source_index", "IsRoot", "IsLeaf",
    "IsBranch", "depth", "EffectiveLogonId", "flags", "source_row",
)  # fmt: skip

_CAMEL = {
    "processName": "process_name", "processId": "process_id", "parentId": "parent_id",
    "timeStamp": "time_stamp", "cmdLine": "cmd_line", "pathSeparator": "path_separator",
    "userName": "user_name", "logonId": "logon_id", "hostNameColumn": "host_name_column",
    "parentName": "parent_name", "targetLogonId": "target_logon_id", "userId": "user_id",
    "eventIdColumn": "event_id_column", "eventIdIdentifier": "event_id_identifier",
}  # fmt: skip


def schema_value(schema: Any) -> Union[str, Dict[str, Any]]:
    """``schema`` as the view takes it: a schema name, or a column mapping (a dict, or an
    MSTICPy ``ProcSchema``) as a dict of MSTICPy's field names without unset fields."""
    if schema is None:
        return "auto"
    if isinstance(schema, str):
        name = schema.strip().lower().replace("_", "-")
        if name not in SCHEMAS:
            raise ValueError(f"schema must be one of {', '.join(SCHEMAS)} or a column mapping, not {schema[:80]!r}")
        return name
    if dataclasses.is_dataclass(schema) and not isinstance(schema, type):
        schema = dataclasses.asdict(schema)
    elif not isinstance(schema, dict) and hasattr(schema, "__dict__"):
        schema = vars(schema)
    if not isinstance(schema, dict):
        raise TypeError(f"schema must be a name, a dict or an MSTICPy ProcSchema, not {type(schema).__name__}")
    out = {}
    unknown = [str(k)[:80] for k in schema if _CAMEL.get(k, k) not in _CAMEL.values()]
    if unknown:
        raise ValueError(f"unknown schema field(s): {', '.join(unknown)}")
    for key, value in schema.items():
        field = _CAMEL.get(key, key)
        if value is not None and value != "":
            out[field] = value if field == "event_id_identifier" else str(value)
    missing = [f for f in _MAPPING_REQUIRED if f not in out]
    if missing:
        raise ValueError(f"the schema mapping needs {', '.join(missing)}")
    return out


class ProcessTree(View):
    """Process trees: one box per process (name, PID, command line), laid out by level.

    ``ProcessTree(data, schema="auto", output_var=None, legend_col=None, show_table=False,
    *, max_depth=None, height=700, width=None, title="ProcessTree", hide_legend=False,
    pid_fmt="hex", compat="huntkit", group="", theme="auto")``

    * ``data``: process-creation events (pandas or polars DataFrame, pyarrow Table, an object
      with ``__arrow_c_stream__``, or Arrow IPC / CSV / JSON bytes), or a tree built earlier
      (MSTICPy's ``build_process_tree`` output, or a view's ``result``): the engine builds
      the trees again from it.
    * ``schema``: "auto" (inferred from the columns, as MSTICPy's ``None``), a name
      ("windows", "linux", "mde", "mde-internal", "sysmon", "osquery", "hx"), a dict of
      MSTICPy's schema fields, or an MSTICPy ``ProcSchema``.
    * Boxes are coloured by level, or by ``legend_col``: a legend of its values for text and
      booleans, a colour bar for numbers and times. Hover shows Process, PID, CmdLine,
      SubjUser, SubjLgnId, TgtLgnId and Time. ``pid_fmt``: "hex", "dec" or "guid".
    * Beyond MSTICPy: each box's arrow (or Left/Right, or a double click) collapses and
      expands its subtree; the search box highlights the processes whose name, PID, command
      line or account match and expands to them; "Only this tree" shows the focused
      process's tree alone; arrows, Home/End and PageUp/PageDown move in the tree, Enter
      selects; click selects (Ctrl/⌘ adds), Shift+drag selects the boxes it covers; the
      overview strip on the right moves through the tree; PNG and SVG export. Only the rows
      on screen are drawn, so 100,000 processes scroll at frame rate.
    * ``selected_indices`` holds the selected processes as input row positions (the
      engine's ``source_row``; parents the engine synthesised have none), ``selected`` the
      input rows, ``selected_keys`` their ``proc_key`` values. Views linked with
      ``huntkit.link`` share the selection.
    * ``result`` is the engine's tree table: the input rows plus ``proc_key``,
      ``parent_key``, ``path``, ``parent_index``, ``source_index``, ``IsRoot``, ``IsLeaf``,
      ``IsBranch``, ``depth``, ``EffectiveLogonId``, ``flags`` and ``source_row``, each tree
      top-down (available once the view has been displayed).

    Differences from MSTICPy: the view is returned (not ``(figure, layout)``) and shown when
    it is the cell's value; ``output_var`` names a variable of the notebook's namespace that
    receives the selected ``proc_key`` values in every host (MSTICPy's works only in classic
    Notebook); ``max_depth`` limits the levels under a root, a process deeper than it
    starting a tree of its own (MSTICPy's builder stops there); unknown keyword arguments
    raise ``TypeError`` naming them, and a ``legend_col`` or schema column the data lacks
    raises ``KeyError``; PIDs that are numbers or decimal text are shown in hex (MSTICPy
    shows "NA"; ``compat="msticpy"`` does too); long command lines are cut to the box, not
    to ``500 // levels`` characters; the title's colour-bar note names the column (MSTICPy
    prints ``{legend_col}`` literally); ``width=None`` fills the container; trees are built
    with huntkit's differences from MSTICPy's builder unless ``compat="msticpy"`` (see
    crates/huntkit-proctree/README.md).
    """

    _esm = view_module("process_tree")
    _label = "process tree"

    schema = t.Any("auto").tag(sync=True)
    legend_col = t.Unicode(None, allow_none=True).tag(sync=True)
    show_table = t.Bool(False).tag(sync=True)
    max_depth = t.Int(None, allow_none=True).tag(sync=True)
    hide_legend = t.Bool(False).tag(sync=True)
    pid_fmt = t.Enum(["hex", "dec", "guid"], "hex").tag(sync=True)
    compat = Compat().tag(sync=True)
    #: The notebook variable that receives the selected proc_keys (not synced).
    output_var = t.Unicode(None, allow_none=True)

    def __init__(
        self,
        data: Any = None,
        schema: Any = "auto",
        output_var: Optional[str] = None,
        legend_col: Optional[str] = None,
        show_table: bool = False,
        **kwargs: Any,
    ) -> None:
        if output_var is not None and not (isinstance(output_var, str) and output_var.isidentifier()):
            raise ValueError(f"output_var must be a Python variable name, not {str(output_var)[:80]!r}")
        schema = schema_value(schema)
        if isinstance(schema, dict):
            require_columns(data, [schema[f] for f in _MAPPING_REQUIRED])
        elif schema in _REQUIRED:
            require_columns(data, _REQUIRED[schema])
        if legend_col not in TREE_COLUMNS:
            require_columns(data, [legend_col])
        super().__init__(data, schema=schema, legend_col=legend_col, show_table=show_table, **kwargs)
        self.output_var = output_var
        self.observe(self._write_output_var, names=["selected_indices", "result"])

    @property
    def selected_keys(self) -> List[str]:
        """The ``proc_key`` of each selected process (MSTICPy's ``output_var`` value), read
        from ``result``; empty before the view has drawn or without pyarrow."""
        raw = self._trait_values.get("result", b"")
        rows = set(self.selected_indices)
        if not raw or not rows:
            return []
        try:
            import pyarrow as pa
        except ImportError:
            return []
        table = pa.ipc.open_stream(bytes(raw)).read_all()
        source = table.column("source_row").to_pylist()
        keys = table.column("proc_key").to_pylist()
        return [k for k, r in zip(keys, source) if r is not None and r in rows]

    def _write_output_var(self, _change: Any = None) -> None:
        if not self.output_var:
            return
        namespace = _user_namespace()
        if namespace is not None:
            namespace[self.output_var] = self.selected_keys


def _user_namespace() -> Optional[Dict[str, Any]]:
    """The notebook's namespace (IPython's), else the main module's."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        return shell.user_ns
    main = sys.modules.get("__main__")
    return vars(main) if main is not None else None


def plot_process_tree(
    data: Any,
    schema: Any = None,
    output_var: Optional[str] = None,
    legend_col: Optional[str] = None,
    show_table: bool = False,
    **kwargs: Any,
) -> ProcessTree:
    """MSTICPy's ``plot_process_tree`` signature; returns the :class:`ProcessTree` view."""
    return ProcessTree(data, schema, output_var, legend_col, show_table, **kwargs)


def build_and_show_process_tree(
    data: Any,
    schema: Any = None,
    output_var: Optional[str] = None,
    legend_col: Optional[str] = None,
    **kwargs: Any,
) -> ProcessTree:
    """MSTICPy's ``build_and_show_process_tree`` signature; the view builds the tree."""
    return ProcessTree(data, schema, output_var, legend_col, **kwargs)
