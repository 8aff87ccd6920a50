"""Write bench/results/geoip.md from the GeoIP benchmark's outputs.

Usage: report.py WORK_DIR OUT_MD
"""

import os
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from report_lines import fmt_rate, fmt_s, load  # noqa: E402

work, out = Path(sys.argv[1]), Path(sys.argv[2])
native = load(work / "native.jsonl")
wasm = load(work / "wasm.jsonl")
py = load(work / "huntkit_py.jsonl")
msticpy = load(work / "msticpy.jsonl")
reader = load(work / "maxminddb.jsonl")
rows = native + wasm + py + reader + msticpy
base = msticpy[0]["seconds"] if msticpy else None
n = rows[0]["rows"] if rows else 0

md = ["## GeoIP lookups", ""]
md.append(
    f"{n:,} addresses (half IPv4, half IPv6, each drawn from a network of MaxMind's "
    "`GeoIP2-City-Test.mmdb`, so every lookup finds a record, as in a complete database) "
    "looked up in that database. MSTICPy is its own `GeoLiteLookup.lookup_ips`, pointed at "
    "a local copy of the file with updates off (nothing downloaded). huntkit native times "
    "`GeoIpDb::lookup_column` on a table already read; the wasm times `GeoIpDb.lookup` on "
    "the CSV bytes (reading included) and `lookupAddresses` on an array of strings; the "
    "Python rows take a pandas DataFrame in and give one out. Opening a database (with "
    "huntkit's whole-file check) is timed apart. Best of the runs (MSTICPy: one run)."
)
md.append("")
md.append("| engine | addresses | seconds | addresses/s | open (s) | MSTICPy's seconds ÷ these |")
md.append("|---|---:|---:|---:|---:|---:|")
for r in rows:
    ratio = "—" if base is None or r in msticpy else f"{base / r['seconds']:,.0f}×"
    md.append(
        f"| {r['engine']} | {r['rows']:,} | {fmt_s(r['seconds'])} | {fmt_rate(r['rows'], r['seconds'])} "
        f"| {fmt_s(r.get('openSeconds'))} | {ratio} |"
    )
if not wasm:
    md += ["", "The wasm rows are missing: the npm package (`js/dist`) was not built with `GeoIpDb`."]

# Row by row: MSTICPy's result against huntkit's Python result for the same address.
hk_csv, ms_csv = work / "huntkit_py.csv", work / "msticpy.csv"
if hk_csv.exists() and ms_csv.exists():
    hk = pd.read_csv(hk_csv, dtype=str, keep_default_na=False).drop_duplicates("IpAddress").set_index("IpAddress")
    ms = pd.read_csv(ms_csv, dtype=str, keep_default_na=False)
    joined = ms.join(hk, on="IpAddress", rsuffix="_hk")
    cols = ["CountryCode", "CountryOrRegionName", "State", "City", "Longitude", "Latitude"]
    differ = {c: int((joined[c] != joined[c + "_hk"]).sum()) for c in cols}
    md.append("")
    dropped = n - len(ms)
    md.append(
        f"Same answers: of MSTICPy's {len(ms):,} rows, the number whose value differs from "
        f"huntkit's for the same address, per column: "
        + ", ".join(f"{c} {v}" for c, v in differ.items())
        + f". MSTICPy returns no row for {dropped:,} of the {n:,} addresses (those its "
        "reader does not find, and private or otherwise non-public ones); huntkit returns "
        "one row per address, with nulls where the database holds nothing."
    )
os.makedirs(out.parent, exist_ok=True)
out.write_text("\n".join(md) + "\n")
