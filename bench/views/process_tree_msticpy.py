"""MSTICPy's side of the process tree view benchmark: for each events_N.csv in WORK, builds
the Bokeh process tree with msticpy.vis.process_tree.plot_process_tree and saves it as a
standalone page (BokehJS inlined) msticpy_N.html, as a notebook would show it.

Usage: bench/.venv/bin/python process_tree_msticpy.py WORK N...
Prints one JSON line per size: {"tool": "msticpy", "rows", "processes", "build_s", "html_mb"}.
"""

import json
import sys
import time
from pathlib import Path

import pandas as pd
from bokeh.embed import file_html
from bokeh.resources import INLINE

import msticpy.vis.process_tree as vis

# The plot is saved as a page, not shown in a notebook.
vis.show = lambda *args, **kwargs: None
vis.output_notebook = lambda *args, **kwargs: None


def main() -> None:
    work = Path(sys.argv[1])
    for n in sys.argv[2:]:
        events = pd.read_csv(work / f"events_{n}.csv", parse_dates=["TimeGenerated", "TimeCreatedUtc"])
        start = time.perf_counter()
        _, layout = vis.plot_process_tree(events)
        html = file_html(layout, INLINE, "MSTICPy process tree")
        build_s = time.perf_counter() - start
        out = work / f"msticpy_{n}.html"
        out.write_text(html, encoding="utf-8")
        processes = len(layout.children[0].renderers[0].data_source.data["index"]) if hasattr(layout, "children") else None
        print(json.dumps({"tool": "msticpy", "rows": int(n), "processes": processes, "build_s": round(build_s, 3), "html_mb": round(len(html) / 1e6, 2)}), flush=True)


if __name__ == "__main__":
    main()
