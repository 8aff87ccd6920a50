r"""MSTICPy's process trees (``msticpy.transform.proc_tree_builder``,
``proc_tree_schema`` and ``process_tree_utils``), linked by huntkit's engine.

``build_process_tree`` links process-creation events (Windows 4688, Linux auditd,
Defender for Endpoint, Sysmon, osquery, FireEye HX, or your own columns) into trees and
returns MSTICPy's frame: indexed by ``proc_key``, with ``parent_key``, ``path``,
``parent_index``, ``source_index``, ``IsRoot``, ``IsLeaf``, ``IsBranch``,
``EffectiveLogonId``, ``new_process_lc``, ``parent_proc_lc`` and the parent's columns
(``*_par``), sorted by ``path``. The utilities take that frame.

>>> from huntkit.msticpy import build_process_tree, get_roots, get_descendents, get_summary_info
>>> tree = build_process_tree(events)                          # doctest: +SKIP
>>> get_summary_info(tree)["RootProcesses"]                    # doctest: +SKIP
10
>>> len(get_descendents(tree, get_roots(tree).iloc[4]))        # doctest: +SKIP
25
"""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass
from typing import Any, Dict, List, NamedTuple, Optional, Union

from ._common import is_frame, pandas

__all__ = [
    "ProcSchema",
    "ColNames",
    "WIN_EVENT_SCH",
    "LX_EVENT_SCH",
    "MDE_INT_EVENT_SCH",
    "MDE_EVENT_SCH",
    "SYSMON_PROCESS_CREATE_EVENT_SCH",
    "OSQUERY_EVENT_SCH",
    "HX_PROCESSEVENT_SCH",
    "SUPPORTED_SCHEMAS",
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


class ProcessTreeSchemaException(Exception):
    """A schema lacks what was asked of it."""


@dataclass
class ProcSchema:
    """The column names of one kind of process event (MSTICPy's ``ProcSchema``).

    Equality compares every field (MSTICPy's is asymmetric, quirk Q-P1).
    """

    process_name: str
    process_id: str
    parent_id: str
    time_stamp: str
    cmd_line: Optional[str] = None
    path_separator: str = "\\"
    user_name: Optional[str] = None
    logon_id: Optional[str] = None
    host_name_column: Optional[str] = None
    parent_name: Optional[str] = None
    target_logon_id: Optional[str] = None
    user_id: Optional[str] = None
    event_id_column: Optional[str] = None
    event_id_identifier: Optional[Any] = None

    @property
    def column_map(self) -> Dict[str, str]:
        """Field name to column name, for the fields that name a column."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("path_separator", "event_id_identifier") and getattr(self, f.name)
        }

    @property
    def columns(self) -> List[str]:
        """The columns the schema names."""
        return list(self.column_map.values())

    @property
    def event_type_col(self) -> str:
        """The event-type column."""
        if not self.event_id_column:
            raise ProcessTreeSchemaException("this schema has no event_id_column")
        return self.event_id_column

    @property
    def event_filter(self) -> Any:
        """The event-type value of a process creation."""
        if self.event_id_identifier is None:
            raise ProcessTreeSchemaException("this schema has no event_id_identifier")
        return self.event_id_identifier

    def as_mapping(self) -> Dict[str, Any]:
        """The schema as huntkit's ``mapping`` option."""
        out = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        if "event_id_identifier" in out:
            out["event_id_identifier"] = str(out["event_id_identifier"])
        return out


class ColNames:
    """Names of the columns the builder adds."""

    proc_key = "proc_key"
    parent_key = "parent_key"
    new_process_lc = "new_process_lc"
    parent_proc_lc = "parent_proc_lc"
    timestamp_orig_par = "timestamp_orig_par"
    EffectiveLogonId = "EffectiveLogonId"
    source_index = "source_index"
    source_index_par = "source_index_par"
    new_process_lc_par = "new_process_lc_par"
    EffectiveLogonId_par = "EffectiveLogonId_par"


WIN_EVENT_SCH = ProcSchema(
    time_stamp="TimeGenerated", process_name="NewProcessName", process_id="NewProcessId",
    parent_name="ParentProcessName", parent_id="ProcessId", logon_id="SubjectLogonId",
    target_logon_id="TargetLogonId", cmd_line="CommandLine", user_name="SubjectUserName",
    path_separator="\\", user_id="SubjectUserSid", event_id_column="EventID",
    event_id_identifier=4688, host_name_column="Computer",
)
LX_EVENT_SCH = ProcSchema(
    time_stamp="TimeGenerated", process_name="exe", process_id="pid", parent_name=None,
    parent_id="ppid", logon_id="ses", target_logon_id=None, cmd_line="cmdline",
    user_name="acct", path_separator="/", user_id="uid", event_id_column="EventType",
    event_id_identifier="SYSCALL_EXECVE", host_name_column="Computer",
)
MDE_INT_EVENT_SCH = ProcSchema(
    time_stamp="CreatedProcessCreationTime", process_name="CreatedProcessName",
    process_id="CreatedProcessId", parent_name="ParentProcessName",
    parent_id="CreatedProcessParentId", logon_id="InitiatingProcessLogonId",
    target_logon_id="LogonId", cmd_line="CreatedProcessCommandLine",
    user_name="CreatedProcessAccountName", path_separator="\\",
    user_id="CreatedProcessAccountSid", host_name_column="ComputerDnsName",
)
MDE_EVENT_SCH = ProcSchema(
    time_stamp="Timestamp", process_name="FileName", process_id="ProcessId",
    parent_name="InitiatingProcessFileName", parent_id="InitiatingProcessId",
    logon_id="InitiatingProcessLogonId", target_logon_id="LogonId",
    cmd_line="ProcessCommandLine", user_name="AccountName", path_separator="\\",
    user_id="AccountSid", event_id_column="ActionType", event_id_identifier="ProcessCreated",
    host_name_column="DeviceName",
)
SYSMON_PROCESS_CREATE_EVENT_SCH = ProcSchema(
    time_stamp="UtcTime", process_name="Image", process_id="ProcessId",
    parent_name="ParentImage", parent_id="ParentProcessId", logon_id="LogonId",
    cmd_line="CommandLine", user_name="User", path_separator="\\",
    event_id_column="EventID", event_id_identifier=1, host_name_column="Computer",
)
OSQUERY_EVENT_SCH = ProcSchema(
    time_stamp="calendarTime", process_name="name", process_id="pid", parent_name="pcmdline",
    parent_id="parent", cmd_line="cmdline", user_name="username", path_separator="/",
    user_id="uid",
)
HX_PROCESSEVENT_SCH = ProcSchema(
    time_stamp="starttime", process_name="process", process_id="pid",
    parent_name="parentprocess", parent_id="parentpid", cmd_line="processcmdline",
    user_name="username", path_separator="\\", event_id_column="eventtype",
    event_id_identifier="start", host_name_column="hostname",
)

#: The built-in schemas, in MSTICPy's order, with huntkit's names for them.
SUPPORTED_SCHEMAS = {
    "windows": WIN_EVENT_SCH,
    "linux": LX_EVENT_SCH,
    "mde-internal": MDE_INT_EVENT_SCH,
    "mde": MDE_EVENT_SCH,
    "sysmon": SYSMON_PROCESS_CREATE_EVENT_SCH,
    "osquery": OSQUERY_EVENT_SCH,
    "hx": HX_PROCESSEVENT_SCH,
}


def infer_schema(data: Any) -> Optional[ProcSchema]:
    """The built-in schema naming most of ``data``'s columns (at least four; a tie goes
    to the later schema, as MSTICPy), or ``None``."""
    columns = set(data.columns if hasattr(data, "columns") else data)
    columns |= set(getattr(getattr(data, "index", None), "names", None) or [])
    best, best_count = None, 0
    for schema in SUPPORTED_SCHEMAS.values():
        count = len(columns & set(schema.columns))
        if count >= best_count:
            best, best_count = schema, count
    return best if best_count >= 4 else None


def _native_schema(schema: Any) -> Dict[str, Any]:
    if schema is None or schema == MDE_INT_EVENT_SCH:
        return {"schema": "auto"}
    if isinstance(schema, dict):
        schema = ProcSchema(**schema)
    if isinstance(schema, str):
        return {"schema": schema}
    for name, built_in in SUPPORTED_SCHEMAS.items():
        if schema == built_in:
            return {"schema": name}
    return {"mapping": schema.as_mapping()}


def _schema_of(used: str, schema: Any) -> ProcSchema:
    if isinstance(schema, dict):
        return ProcSchema(**schema)
    if isinstance(schema, ProcSchema) and schema != MDE_INT_EVENT_SCH:
        return schema
    return SUPPORTED_SCHEMAS.get(used, WIN_EVENT_SCH)


def build_process_tree(
    procs: Any,
    schema: Union[ProcSchema, Dict[str, Any], str, None] = None,
    show_summary: bool = False,
    debug: bool = False,
    **kwargs: Any,
) -> Any:
    """Links process events into trees (MSTICPy's ``build_process_tree``).

    Args:
        procs: the process-creation events, a DataFrame.
        schema: a :class:`ProcSchema`, a dict of its fields, the name of a built-in
            schema (``"windows"``, ``"linux"``, ``"mde"``, …) or ``None`` to infer it
            from the column names.
        show_summary: print :func:`get_summary_info`.
        debug: accepted for MSTICPy's signature.
        **kwargs: options of ``huntkit.build_process_tree`` (``compat`` defaults to
            ``"msticpy"``; ``max_depth``, ``missing_time``, …).

    Returns:
        The events plus the tree columns, indexed by ``proc_key``, sorted by ``path``
        and time; parents that are not in the data are added as rows.
    """
    pd = pandas()
    if not is_frame(procs):
        raise TypeError(f"build_process_tree reads a pandas DataFrame, got {type(procs).__name__}")
    import huntkit

    options = {"compat": "msticpy", **kwargs, **_native_schema(schema)}
    built = huntkit.build_process_tree(procs, **options)
    tree = built.table
    used = _schema_of(built.schema, schema)
    tree = tree.drop(columns=[c for c in ("depth", "flags", "source_row") if c in tree.columns])
    if used.time_stamp in tree.columns and not pd.api.types.is_datetime64_any_dtype(tree[used.time_stamp]):
        tree[used.time_stamp] = pd.to_datetime(tree[used.time_stamp], utc=True, format="ISO8601", errors="coerce")
    if used.process_name in tree.columns:
        tree["new_process_lc"] = tree[used.process_name].str.lower()
    parent_lc = (
        tree[used.parent_name].str.lower() if used.parent_name and used.parent_name in tree.columns else None
    )
    tree["parent_proc_lc"] = parent_lc.fillna("unknown") if parent_lc is not None else "unknown"
    _add_parent_columns(tree, used)
    tree = tree.set_index("proc_key")
    tree = tree.sort_values(["path", used.time_stamp] if used.time_stamp in tree.columns else ["path"], kind="stable")
    if show_summary:
        print(get_summary_info(tree))
    return tree


def _add_parent_columns(tree: Any, schema: ProcSchema) -> None:
    """The parent's columns beside each child (``*_par``), as MSTICPy's merge adds them."""
    rows = {key: i for i, key in enumerate(tree["proc_key"])}
    parent_rows = [rows.get(k) if isinstance(k, str) else None for k in tree["parent_key"]]
    wanted = [schema.process_id, "EffectiveLogonId", "new_process_lc", "source_index",
              schema.parent_id, schema.process_name]
    for column in dict.fromkeys(c for c in wanted if c in tree.columns):
        values = tree[column].tolist()
        tree[f"{column}_par"] = [values[r] if r is not None else None for r in parent_rows]
    if schema.time_stamp in tree.columns:
        times = tree[schema.time_stamp]
        tree["timestamp_orig_par"] = [times.iloc[r] if r is not None else pandas().NaT for r in parent_rows]


# ---------------------------------------------------------------------------- utilities


def get_process_key(procs: Any, source_index: Union[int, str]) -> str:
    """The ``proc_key`` of the process with that ``source_index``."""
    wanted = str(source_index).zfill(5) if isinstance(source_index, int) else str(source_index)
    return procs[procs["source_index"] == wanted].iloc[0].name


def get_roots(procs: Any) -> Any:
    """The root processes."""
    return procs[procs["IsRoot"]]


def get_process(procs: Any, source: Any) -> Any:
    """The process row, from its ``proc_key`` or its row (returned as it is)."""
    pd = pandas()
    if isinstance(source, str):
        return procs.loc[source]
    if isinstance(source, pd.Series):
        return source
    raise ValueError("Unknown type for source parameter: give a proc_key or a process row")


def get_parent(procs: Any, source: Any) -> Optional[Any]:
    """The parent row, or ``None`` when the parent is not in the data."""
    proc = get_process(procs, source)
    parent = proc["parent_key"]
    if isinstance(parent, str) and parent in procs.index:
        return procs.loc[parent]
    return None


def get_root(procs: Any, source: Any) -> Any:
    """The root of the tree holding the process."""
    proc = get_process(procs, source)
    root_index = str(proc["path"]).split("/")[0]
    return procs[procs["source_index"] == root_index].iloc[0]


def get_root_tree(procs: Any, source: Any) -> Any:
    """Every process of the tree holding the process (a prefix test on ``path``, as
    MSTICPy)."""
    root = get_root(procs, source)
    return procs[procs["path"].str.startswith(root["source_index"])]


def get_tree_depth(procs: Any) -> int:
    """The depth of the deepest tree."""
    return int(procs["path"].str.count("/").max()) + 1


def _fill_empty_columns(frame: Any) -> Any:
    """All-missing columns filled with ``""`` (text) or 0 (numbers), as MSTICPy does
    for the frames it concatenates."""
    pd = pandas()
    frame = frame.copy()
    for column in frame.columns[frame.isna().all()]:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].astype(object).fillna("")
        elif pd.api.types.is_numeric_dtype(frame[column].dtype):
            frame[column] = frame[column].fillna(0)
    return frame


def _with_source(procs: Any, proc: Any, rows: Any) -> Any:
    pd = pandas()
    name = procs.index.name
    out = pd.concat([_fill_empty_columns(pd.DataFrame(proc).T), _fill_empty_columns(rows)])
    out.index.name = name
    return out


def get_children(procs: Any, source: Any, include_source: bool = True) -> Any:
    """The children of the process, the process first unless ``include_source=False``."""
    proc = get_process(procs, source)
    children = procs[procs["parent_key"] == proc.name]
    return _with_source(procs, proc, children) if include_source else children


def get_descendents(procs: Any, source: Any, include_source: bool = True, max_levels: int = -1) -> Any:
    """Every process below the process, level by level down ``max_levels`` levels
    (-1: all), sorted by path; all-missing columns are filled."""
    pd = pandas()
    proc = get_process(procs, source)
    levels = []
    parents = [proc.name]
    remaining = procs
    while max_levels < 0 or len(levels) < max_levels:
        below = remaining["parent_key"].isin(parents)
        children = remaining[below]
        if children.empty:
            break
        remaining = remaining[~below]
        levels.append(children)
        parents = list(children.index)
    found = pd.concat(levels) if levels else procs.iloc[0:0]
    found = _with_source(procs, proc, found) if include_source else _fill_empty_columns(found)
    return found.sort_values("path")


def get_ancestors(procs: Any, source: Any, include_source: bool = True) -> Any:
    """The processes from the root down to the process, sorted by path."""
    proc = get_process(procs, source)
    indexes = str(proc["path"]).split("/")
    if not include_source:
        indexes = [i for i in indexes if i != proc["source_index"]]
    return procs[procs["source_index"].isin(indexes)].sort_values("path")


def get_siblings(procs: Any, source: Any, include_source: bool = True) -> Any:
    """The children of the process's parent (the process itself unless
    ``include_source=False``). For a root, the other roots (MSTICPy raises)."""
    proc = get_process(procs, source)
    parent = get_parent(procs, proc)
    if parent is None:
        siblings = procs[procs["IsRoot"]]
    else:
        siblings = get_children(procs, parent, include_source=False)
    if not include_source:
        siblings = siblings[siblings.index != proc.name]
    return siblings


def get_summary_info(procs: Any) -> Dict[str, int]:
    """``Processes``, ``RootProcesses``, ``LeafProcesses``, ``BranchProcesses``,
    ``IsolatedProcesses`` (root and leaf) and ``LargestTreeDepth``."""
    return {
        "Processes": len(procs),
        "RootProcesses": int(procs["IsRoot"].sum()),
        "LeafProcesses": int(procs["IsLeaf"].sum()),
        "BranchProcesses": int(procs["IsBranch"].sum()),
        "IsolatedProcesses": int((procs["IsRoot"] & procs["IsLeaf"]).sum()),
        "LargestTreeDepth": get_tree_depth(procs),
    }


class TemplateLine(NamedTuple):
    """One line of a :func:`tree_to_text` template: ``(label, column)`` items."""

    items: List[Any] = []
    wrap: int = 80


def _default_template(schema: ProcSchema) -> List[TemplateLine]:
    lines = [
        TemplateLine(items=[("Process", schema.process_name), ("PID", schema.process_id)]),
        TemplateLine(items=[("Time", schema.time_stamp)]),
    ]
    if schema.cmd_line:
        lines.append(TemplateLine(items=[("Cmdline", schema.cmd_line)]))
    # Both labels are "Account", as MSTICPy writes them.
    account = [("Account", c) for c in (schema.user_id, schema.logon_id) if c]
    if account:
        lines.append(TemplateLine(items=account))
    return lines


def tree_to_text(
    procs: Any,
    schema: Union[ProcSchema, Dict[str, Any], None] = None,
    template: Optional[List[TemplateLine]] = None,
    sort_column: str = "path",
    wrap_column: int = 0,
) -> str:
    """The trees as indented text, one block per process, the layout of MSTICPy's
    ``tree_to_text``: ``+`` before a root, ``+--`` indented three spaces per level
    before the others, each template line wrapped at its ``wrap`` (80) or
    ``wrap_column``.

    Args:
        procs: a tree from :func:`build_process_tree`.
        schema: the schema whose columns the default template shows.
        template: the lines to show instead: :class:`TemplateLine` items of
            ``(label, column)``.
        sort_column: the order of the blocks (``path``: each tree top-down).
        wrap_column: a width for every line, instead of each line's ``wrap``.
    """
    if not schema and not template:
        raise ValueError("One of 'schema' and 'template' must be supplied as parameters.")
    if isinstance(schema, dict):
        schema = ProcSchema(**schema)
    lines_of = template or _default_template(schema)  # type: ignore[arg-type]
    out: List[str] = []
    for _, row in procs.sort_values(sort_column).iterrows():
        depth = str(row["path"]).count("/")
        header = "+ " if depth == 0 else "   " * depth + "+-- "
        indent = " " * (len(header) + 1)
        first, rest = lines_of[0], lines_of[1:]
        text = "  ".join(f"{label}: {row[col]}" if label else f"{row[col]}" for label, col in first.items)
        wrapped = textwrap.wrap(text, width=wrap_column or first.wrap, subsequent_indent=indent)
        out.append(f"{header} " + "\n".join(wrapped) + "\n")
        for line in rest:
            text = "  ".join(f"{label}: {row[col]}" for label, col in line.items)
            wrapped = textwrap.wrap(
                text,
                width=wrap_column or line.wrap,
                initial_indent=indent,
                subsequent_indent=indent + "   ",
            )
            out.append("\n".join(wrapped) + "\n")
    return "".join(out)
