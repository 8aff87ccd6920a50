"""Turn the Python benchmark's JSON lines into bench/results/python.md."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from report_lines import fmt_rate, fmt_s, load  # noqa: E402

STEPS = {
    "decode": (
        "decode",
        '`huntkit.decode(df, column, compat="msticpy")` vs `unpack_items(data=df, column=…)`',
    ),
    "ioc": (
        "IoCs",
        '`huntkit.extract_iocs(df, columns, compat="msticpy")` vs `IoCExtract().extract_df`',
    ),
    "ts_anomalies": (
        "time-series anomalies",
        '`huntkit.ts_anomalies(df, …, compat="msticpy")` vs `timeseries_anomalies_stl`',
    ),
    "sessionize": ("sessionize", "`huntkit.sessionize` vs `sessionize_data`"),
    "sessions_model": (
        "session model",
        "`SessionModel.train` + `score(window=3)` vs `Model.train` + `compute_scores` + "
        "`compute_rarest_windows(3)`, both given the sessions as Python lists of commands "
        "(so no Arrow column)",
    ),
    "score_sessions": (
        "score sessions",
        "`huntkit.score_sessions(df, …, window=3)` vs `sessionize_data` then "
        "`anomalous_sequence.score_sessions(…, window_length=3)`: events in, sessions "
        "ranked by their rarest window out",
    ),
    "score_session_column": (
        "score sessions, drop-in",
        '`huntkit.msticpy.score_sessions(df, "Operation_list", 3)` vs MSTICPy\'s '
        "`score_sessions` on the same frame of session lists (one Python list per row, "
        "so no Arrow column on either side)",
    ),
    "process_tree": (
        "process tree",
        "`huntkit.build_process_tree(df)` vs `proc_tree_builder.build_process_tree`",
    ),
}


def best_rows(work, side):
    """Each (step, input) of `side`'s rounds (``<side>-<round>.jsonl``), its fastest
    run kept, in the order of the first round."""
    best = {}
    names = sorted(n for n in os.listdir(work) if n.startswith(side) and n.endswith(".jsonl"))
    for name in names:
        for r in load(os.path.join(work, name)):
            key = (r["step"], r["input"])
            kept = best.get(key)
            if kept is None:
                best[key] = r
                continue
            for field in ("seconds", "seconds_arrow"):
                if r.get(field) is not None and (kept.get(field) is None or r[field] < kept[field]):
                    kept[field] = r[field]
    return best


def main():
    work = sys.argv[1]
    ours = list(best_rows(work, "huntkit").values())
    theirs = best_rows(work, "msticpy")
    out = ["## Python API", ""]
    out.append(
        "huntkit's Python package (`import huntkit`: the engines as a native extension, a "
        "release wheel) against MSTICPy in the same kind of Python session, on the same "
        "pandas DataFrames. *huntkit s* times the call as a notebook makes it, from a "
        "DataFrame to a DataFrame, converting the frame to Arrow and the result back "
        "(columns of Python strings are read by the extension itself; time-series "
        "anomalies and process trees convert only the columns the engine reads; a process "
        "tree takes the other text columns, and those it read, from the input frame by "
        "row, and its parent columns from its parents' strings); *Arrow in/out* times the same call on a pyarrow Table, which "
        'the engine reads without a copy. huntkit runs in MSTICPy\'s mode (`compat="msticpy"`) where it has '
        "one, so both sides return the same rows. Inputs: the decode, IoC, sessions and "
        "process-tree benchmarks' generators; hourly series with a daily cycle. Best of "
        "ten runs for calls under 1 s, of three up to 5 s, one run above, in each of two "
        "rounds where the two sides take turns (the best of both rounds kept); each run's "
        "previous result is freed before its clock starts. Ratio = "
        "MSTICPy seconds ÷ huntkit seconds "
        "(pandas in and out)."
    )
    out.append("")
    out.append(
        "| step | input | rows | huntkit s | rows/s | Arrow in/out s | MSTICPy s | ratio "
        "| found (huntkit / MSTICPy) |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|")
    for r in ours:
        p = theirs.get((r["step"], r["input"]))
        label = STEPS.get(r["step"], (r["step"], ""))[0]
        py_s = p["seconds"] if p else None
        ratio = f"{py_s / r['seconds']:,.0f}×" if py_s and r["seconds"] > 0 else "—"
        found = f"{r['result']:,} / {p['result']:,}" if p else f"{r['result']:,} / —"
        out.append(
            f"| {label} | {r['input']} | {r['rows']:,} | {fmt_s(r['seconds'])} | "
            f"{fmt_rate(r['rows'], r['seconds'])} | {fmt_s(r.get('seconds_arrow'))} | "
            f"{fmt_s(py_s)} | {ratio} | {found} |"
        )
    out.append("")
    out.append("What each step calls:")
    out.append("")
    for key, (label, calls) in STEPS.items():
        out.append(f"- *{label}*: {calls}.")
    out.append("")
    out.append(
        "*found* counts decoded items, IoC rows, flagged anomalies, sessions, scored "
        "sessions and processes. Where the counts differ, the difference is MSTICPy's "
        "own (its sessionizer's and tree builder's quirks are listed in each engine's "
        'README, "Differences from MSTICPy").'
    )
    print("\n".join(out))


if __name__ == "__main__":
    main()
