"""Turns the views' benchmark lines (bench/work/views/<view>.jsonl) into the views section
of BENCHMARKS.md: one table per view, its measurements as they were printed."""

import json
import pathlib
import sys

TITLES = {
    "process_tree": "Process tree (beside MSTICPy's Bokeh `plot_process_tree`)",
    "data_table": "Data table",
    "ts_anomalies": "Time-series anomalies",
    "session_rarity": "Session rarity",
    "payload": "Decoded payloads",
    "timeline": "Timeline",
    "delivery": "What a notebook carries per view (JupyterLab)",
}

NOTES = {
    "delivery": (
        "Bytes the page received over the kernel websocket and the widget state a notebook "
        "saves (`ipywidgets.Widget.get_manager_state`), for notebooks of 1 and 10 views. "
        "The engine (its module and wasm, gzipped) travels once per kernel in one `Engine` "
        "widget that every view references; each view's module carries only its own code "
        "(the views' data travel with them)."
    ),
}


def cell(v):
    if isinstance(v, dict):
        return " · ".join(f"{k} {cell(x)}" for k, x in v.items())
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def table(rows):
    keys = []
    for r in rows:
        for k in r:
            if k not in keys:
                keys.append(k)
    out = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        out.append("| " + " | ".join(cell(r.get(k, "")) for k in keys) + " |")
    return "\n".join(out)


def main(work):
    print("## Views (headless Chromium)")
    print()
    print("Measured by `bench/views/run.sh`: main-thread milliseconds in headless Chromium on")
    print("this machine (`performance.now()` around the action and the frame it draws).")
    print()
    for path in sorted(pathlib.Path(work).glob("*.jsonl"), key=lambda p: list(TITLES).index(p.stem) if p.stem in TITLES else 99):
        rows = [json.loads(l) for l in path.read_text().splitlines() if l.strip().startswith("{")]
        if not rows:
            continue
        print(f"### {TITLES.get(path.stem, path.stem)}")
        print()
        if path.stem in NOTES:
            print(NOTES[path.stem])
            print()
        # Lines of one shape (the same keys) make one table, so none is mostly empty.
        shapes = {}
        for r in rows:
            shapes.setdefault(tuple(r), []).append(r)
        for group in shapes.values():
            print(table(group))
            print()


if __name__ == "__main__":
    main(sys.argv[1])
