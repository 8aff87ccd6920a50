"""MSTICPy side of the timeline benchmark: build display_timeline's Bokeh layout for a CSV
of events and serialise it to the standalone HTML a notebook receives.

Usage: python msticpy_timeline.py EVENTS.csv  → one JSON line of seconds and bytes.
"""

import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import pandas as pd  # noqa: E402
from bokeh.embed import file_html  # noqa: E402
from bokeh.resources import CDN  # noqa: E402
from msticpy.vis.timeline import display_timeline  # noqa: E402


def main(path: str) -> None:
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
    main(sys.argv[1])
