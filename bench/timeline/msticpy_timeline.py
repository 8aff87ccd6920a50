"""MSTICPy side of the timeline benchmark: build display_timeline's Bokeh layout for a CSV
of events and serialise it to the standalone HTML a notebook receives.

Usage: python msticpy_timeline.py EVENTS.csv [PAGE.html]  → one JSON line of seconds and bytes.

With PAGE.html, also saves the layout as one self-contained page for the browser benchmark
(BokehJS inlined, so it opens offline), with the wheel-zoom and x-pan tools switched on as a
user would by clicking them in the toolbar; that step is not timed.
"""

import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import pandas as pd  # noqa: E402
from bokeh.embed import file_html  # noqa: E402
from bokeh.models import PanTool, Plot, WheelZoomTool  # noqa: E402
from bokeh.resources import CDN, INLINE  # noqa: E402
from msticpy.vis.timeline import display_timeline  # noqa: E402


def save_page(layout, out: str) -> None:
    # MSTICPy leaves scroll inactive and box-zoom on drag; the benchmark zooms with the
    # wheel and pans by dragging, so activate those two tools on the main figure.
    for fig in layout.select({"type": Plot}):
        wheel = [t for t in fig.toolbar.tools if isinstance(t, WheelZoomTool)]
        pan = [t for t in fig.toolbar.tools if isinstance(t, PanTool)]
        if wheel and pan:
            fig.toolbar.active_scroll = wheel[0]
            fig.toolbar.active_drag = pan[0]
    with open(out, "w", encoding="utf-8") as f:
        f.write(file_html(layout, INLINE, "timeline"))


def main(path: str, page: str | None) -> None:
    t0 = time.perf_counter()
    df = pd.read_csv(path, parse_dates=["TimeGenerated"])
    t1 = time.perf_counter()
    layout = display_timeline(
        df,
        time_column="TimeGenerated",
        group_by="Account",
        source_columns=["CommandLine"],
        hide=True,
    )
    t2 = time.perf_counter()
    html = file_html(layout, CDN, "timeline")
    t3 = time.perf_counter()
    if page:
        save_page(layout, page)
    print(
        json.dumps(
            {
                "rows": len(df),
                "read_s": t1 - t0,
                "figure_s": t2 - t1,
                "html_s": t3 - t2,
                "html_bytes": len(html.encode("utf-8")),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
