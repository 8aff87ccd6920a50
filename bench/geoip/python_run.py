"""One Python side of the GeoIP benchmark, on the same addresses and database.

Usage: python_run.py huntkit|msticpy|maxminddb CSV DB OUT_CSV [RUNS]

* ``huntkit``: ``huntkit.GeoIpDb(DB).lookup(frame, column="ip")``, a pandas DataFrame in
  and out (run from the venv with the huntkit wheel).
* ``msticpy``: MSTICPy's own ``GeoLiteLookup.lookup_ips(frame, "ip")``, pointed at a
  folder holding a copy of DB named as the GeoLite2 City file it expects, with updates
  off, so nothing is downloaded: its per-address loop (``get_ip_type``, the ``geoip2``
  reader's ``city()``, an ``IpAddress`` entity per address) and its frame.
* ``maxminddb``: the Python ``maxminddb`` reader (its C extension) alone, looking each
  address up and taking the same seven fields into a pandas DataFrame: the least a
  Python loop over the reader costs.

The addresses are read into a pandas DataFrame first (not timed), as a notebook has
them. Prints one JSON line; writes the result's location columns to OUT_CSV for the
report to compare row by row.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

warnings.filterwarnings("ignore")
# MSTICPy logs a warning per address its reader does not find; none here, but the log
# must not be what is measured.
logging.disable(logging.WARNING)

side, csv, db, out_csv = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 1
frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
COLS = ["IpAddress", "CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude"]


def best(fn):
    seconds, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, out


open_seconds = None
if side == "huntkit":
    import huntkit

    start = time.perf_counter()
    geo = huntkit.GeoIpDb(db)
    open_seconds = time.perf_counter() - start
    seconds, out = best(lambda: geo.lookup(frame, column="ip"))
    engine = "huntkit Python API (GeoIpDb.lookup, pandas in and out)"
elif side == "msticpy":
    from msticpy.context.geoip import GeoLiteLookup

    folder = Path(tempfile.mkdtemp())
    shutil.copy(db, folder / "GeoLite2-City.mmdb")
    lookup = GeoLiteLookup(db_folder=str(folder), auto_update=False)
    start = time.perf_counter()
    lookup.lookup_ip("81.2.69.142")  # opens the reader
    open_seconds = time.perf_counter() - start
    seconds, out = best(lambda: lookup.lookup_ips(frame, "ip"))
    engine = "MSTICPy GeoLiteLookup.lookup_ips"
elif side == "maxminddb":
    import maxminddb

    start = time.perf_counter()
    reader = maxminddb.open_database(db)
    open_seconds = time.perf_counter() - start

    def loop():
        rows = []
        for ip in frame["ip"]:
            r = reader.get(ip) or {}
            country = r.get("country", {})
            subs = r.get("subdivisions") or [{}]
            loc = r.get("location", {})
            rows.append((
                ip,
                country.get("iso_code"),
                country.get("names", {}).get("en"),
                subs[0].get("names", {}).get("en"),
                r.get("city", {}).get("names", {}).get("en"),
                loc.get("longitude"),
                loc.get("latitude"),
            ))
        return pd.DataFrame(rows, columns=COLS)

    seconds, out = best(loop)
    engine = f"Python maxminddb {maxminddb.__version__} reader (C extension), per-address loop"
else:
    sys.exit(f"unknown side {side}")

out[COLS].to_csv(out_csv, index=False)
found = int(out["CountryCode"].notna().sum())
print(json.dumps({"engine": engine, "rows": len(frame), "outRows": len(out), "seconds": seconds,
                  "openSeconds": open_seconds, "found": found}))
