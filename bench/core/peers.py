"""Reads the same files with pyarrow and pandas; prints one JSON object per measurement."""
import json
import sys
import time

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc

csv_path, arrow_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])


def best(f):
    t = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = f()
        t = min(t, time.perf_counter() - t0)
    return rows, t


for name, path, f in [
    ("pyarrow.csv.read_csv", csv_path, lambda: pacsv.read_csv(csv_path).num_rows),
    ("pandas.read_csv", csv_path, lambda: len(pd.read_csv(csv_path))),
    ("pyarrow.ipc read_all", arrow_path, lambda: ipc.open_file(pa.memory_map(arrow_path)).read_all().num_rows),
    ("pandas.read_feather", arrow_path, lambda: len(pd.read_feather(arrow_path))),
]:
    rows, seconds = best(f)
    print(json.dumps({"tool": name, "file": path, "rows": rows, "seconds": seconds}))
