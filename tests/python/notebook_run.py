"""Running an example notebook headless (nbclient) for its test: every cell runs, then a
last cell prints what the notebook found as JSON after a marker, which the test reads."""

from __future__ import annotations

import json
import pathlib
from typing import Any, List, Tuple

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "examples" / "notebooks"
WIDGET = "application/vnd.jupyter.widget-view+json"


def run_notebook(name: str, findings: str, marker: str) -> Tuple[List[Any], Any]:
    """Runs ``examples/notebooks/<name>`` with ``findings`` (code printing ``marker`` and
    a JSON text) as a last cell; returns the notebook's own cells, run, and that JSON."""
    import nbclient
    import nbformat

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    cells = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(findings))
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError on any failing cell
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    line = next(l for l in out.splitlines() if l.startswith(f"{marker} "))
    return nb.cells[:cells], json.loads(line[len(marker) + 1 :])


def views_shown(cells: List[Any]) -> List[str]:
    """The text form of every widget the cells displayed, in order."""
    return [
        o.data["text/plain"]
        for cell in cells
        for o in cell.get("outputs", [])
        if o.output_type in ("display_data", "execute_result") and WIDGET in o.data
    ]
