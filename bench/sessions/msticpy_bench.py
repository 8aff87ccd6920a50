"""MSTICPy side of the sessions benchmark.

Usage: msticpy_bench.py EVENTS.csv MAX_SESSIONIZE_ROWS MAX_MODEL_SESSIONS
Prints one JSON object per measurement: the step, the form, how much input was
measured, the seconds it took, and the full input size (for extrapolation).
"""

import json
import sys
import time
import warnings

import pandas as pd

warnings.filterwarnings("ignore")

from msticpy.analysis.anomalous_sequence.model import Model  # noqa: E402
from msticpy.analysis.anomalous_sequence.sessionize import sessionize_data  # noqa: E402
from msticpy.analysis.anomalous_sequence.utils.data_structures import Cmd  # noqa: E402


def emit(**kw):
    print(json.dumps(kw), flush=True)


def main():
    path, max_rows, max_sessions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    df = pd.read_csv(path)
    df["TimeGenerated"] = pd.to_datetime(df["TimeGenerated"], utc=True)
    total_rows = len(df)

    part = df.head(max_rows)
    t0 = time.perf_counter()
    out = sessionize_data(
        part, ["UserId", "ClientIP"], "TimeGenerated", 20, 2, "Operation"
    )
    emit(step="sessionize", form="commands", measured=len(part), total=total_rows,
         unit="rows", seconds=time.perf_counter() - t0, sessions=len(out))

    # The generated sessions: consecutive rows of one (user, client IP).
    key = df["UserId"] + "|" + df["ClientIP"]
    starts = (key != key.shift()).cumsum()
    params = [json.loads(p) for p in df["Parameters"]]
    ops = list(df["Operation"])
    groups = []
    cur, last = [], None
    for i, g in enumerate(starts):
        if g != last and cur:
            groups.append(cur)
            cur = []
        cur.append(i)
        last = g
    if cur:
        groups.append(cur)
    total_sessions = len(groups)
    groups = groups[:max_sessions]
    forms = {
        "commands": [[ops[i] for i in g] for g in groups],
        "params": [[Cmd(ops[i], set(params[i])) for i in g] for g in groups],
        "values": [[Cmd(ops[i], dict(params[i])) for i in g] for g in groups],
    }
    for form, sessions in forms.items():
        t0 = time.perf_counter()
        model = Model(sessions)
        model.train()
        model.compute_scores(use_start_end_tokens=True)
        secs = time.perf_counter() - t0
        emit(step="model", form=form, measured=len(sessions), total=total_sessions,
             unit="sessions", seconds=secs,
             check=[model.session_likelihoods[0], model.rare_window_likelihoods[3][0]])


if __name__ == "__main__":
    main()
