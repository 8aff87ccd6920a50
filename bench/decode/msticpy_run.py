"""Time MSTICPy's unpack_items in table mode on the benchmark table; print one JSON line.

Usage: msticpy_run.py CSV ITEMS_OUT
ITEMS_OUT receives the decoded items found, one `row<TAB>md5` line each, sorted.
"""

import json
import sys
import time

import pandas as pd
from msticpy.transform.base64unpack import unpack_items

data = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
start = time.perf_counter()
out = unpack_items(data=data, column="CommandLine")
seconds = time.perf_counter() - start
items = sorted(f"{int(r)}\t{m}" for r, m in zip(out["src_index"], out["md5"]))
with open(sys.argv[2], "w") as f:
    f.write("\n".join(items) + "\n")
print(json.dumps({"engine": "MSTICPy unpack_items (table mode)", "rows": len(data),
                  "bytes": int(data["CommandLine"].str.len().sum()), "seconds": seconds,
                  "records": len(out)}))
