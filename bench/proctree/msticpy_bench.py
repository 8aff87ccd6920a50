"""Times MSTICPy's build_process_tree on benchmark inputs; one JSON line per input.

Inputs are taken in the order given (smallest first per dataset). A dataset's larger
inputs are skipped once a run suggests the next would take more than --budget seconds.
"""

import argparse
import json
import re
import time
import warnings

import pyarrow as pa

warnings.filterwarnings("ignore")

from msticpy.transform import proc_tree_builder  # noqa: E402
from msticpy.transform import process_tree_utils  # noqa: E402


def load(path):
    with pa.memory_map(path) as src:
        return pa.ipc.open_file(src).read_all().to_pandas()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--budget", type=float, default=180.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    last = {}
    for path in args.files:
        m = re.search(r"(\w+)_x(\d+)\.arrow$", path)
        dataset, scale = (m.group(1), int(m.group(2))) if m else (path, 1)
        df = load(path)
        prev = last.get(dataset)
        if prev is not None:
            p_rows, p_secs = prev
            estimate = p_secs * len(df) / max(p_rows, 1)
            if estimate > args.budget:
                print(json.dumps({"file": path, "rows": len(df), "skipped": True, "estimate": estimate}))
                last[dataset] = (len(df), estimate)
                continue
        best = float("inf")
        summary = None
        repeat = args.repeat if len(df) <= 20_000 else 1
        for _ in range(repeat):
            data = df.copy()
            start = time.perf_counter()
            tree = proc_tree_builder.build_process_tree(data)
            best = min(best, time.perf_counter() - start)
            summary = process_tree_utils.get_summary_info(tree)
        last[dataset] = (len(df), best)
        print(
            json.dumps(
                {
                    "file": path,
                    "rows": len(df),
                    "seconds": best,
                    "processes": int(summary["Processes"]),
                    "roots": int(summary["RootProcesses"]),
                    "leaves": int(summary["LeafProcesses"]),
                    "branches": int(summary["BranchProcesses"]),
                    "depth": int(summary["LargestTreeDepth"]),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
