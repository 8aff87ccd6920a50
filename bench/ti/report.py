"""Writes bench/results/ti.md from what bench/ti/run.sh left in WORKDIR.

usage: report.py WORKDIR OUT.md
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from report_lines import fmt_rate, fmt_s, load  # noqa: E402

work, out_path = sys.argv[1], sys.argv[2]
native = json.load(open(os.path.join(work, "native.json")))
rows = load(os.path.join(work, "python.jsonl")) + load(os.path.join(work, "peers.jsonl"))
truth = json.load(open(os.path.join(work, "truth.json")))
ip = native["ipv4"]

L = ["## Threat intelligence: local-feed matching", ""]
L.append(
    f"{truth['indicators']:,} IPv4 indicators (10% drawn from the feed, {truth['hits']:,} hits) "
    f"against a {truth['feed_entries']:,}-entry plain feed shaped as ipsum (`IP<TAB>count`: the "
    "real ipsum level-3 addresses, then random public ones). Best of the runs; the feed is "
    "read once beforehand (its load time is shown apart). Every tool's hit count equals the "
    "generator's. Goal: at least 1M indicators a second natively. The Python set and pandas "
    "rows compare the strings as written (no refanging, case folding or ranges, which huntkit "
    "applies to every indicator), and Python caches each string's hash after the first run."
)
L += ["", "| tool | indicators | seconds | indicators/s | feed load (s) |", "|---|---:|---:|---:|---:|"]
L.append(f"| huntkit native, matching only (`count_hits`) | {ip['indicators']:,} | {fmt_s(ip['match_seconds'])} | {fmt_rate(ip['indicators'], ip['match_seconds'])} | {fmt_s(ip['feed_load_seconds'])} |")
L.append(f"| huntkit native, result rows (`lookup_values`) | {ip['indicators']:,} | {fmt_s(ip['lookup_seconds'])} | {fmt_rate(ip['indicators'], ip['lookup_seconds'])} | |")
L.append(f"| huntkit native, table in, result table out (`lookup_table`) | {ip['indicators']:,} | {fmt_s(ip['table_seconds'])} | {fmt_rate(ip['indicators'], ip['table_seconds'])} | |")
labels = {
    "huntkit_python": "huntkit Python API (`TiFeeds.lookup`, pandas in and out)",
    "python_set": "Python set, loop over the indicators",
    "pandas_isin": "pandas `isin` (hit flags only)",
    "pandas_merge": "pandas `merge` with the feed (hits and scores)",
    "msticpy_tor_provider": "MSTICPy local provider (`Tor.lookup_iocs`, node list from the feed)",
}
for r in rows:
    load_s = fmt_s(r["feed_load_seconds"]) if "feed_load_seconds" in r else ""
    L.append(f"| {labels.get(r['tool'], r['tool'])} | {r['indicators']:,} | {fmt_s(r['seconds'])} | {fmt_rate(r['indicators'], r['seconds'])} | {load_s} |")
mixed = native.get("mixed")
if mixed:
    L += [
        "",
        f"Mixed types, natively: {mixed['indicators']:,} indicators (60% IPv4, 20% domains, 20% "
        f"SHA-256; a fifth of the listed ones upper-cased or defanged) against a "
        f"{mixed['feed_entries']:,}-entry plain feed of the same mix: matching "
        f"{fmt_rate(mixed['indicators'], mixed['match_seconds'])}/s, result rows "
        f"{fmt_rate(mixed['indicators'], mixed['lookup_seconds'])}/s, table "
        f"{fmt_rate(mixed['indicators'], mixed['table_seconds'])}/s, {mixed['hits']:,} hits "
        f"(the generator counts {truth['mixed_hits']:,} after refanging and lower-casing).",
    ]
mt = next((r for r in rows if r["tool"] == "msticpy_tor_provider"), None)
if mt:
    L += [
        "",
        f"MSTICPy runs on the first {mt['indicators']:,} indicators: its provider builds a "
        "one-row DataFrame per indicator. It also refuses private and reserved addresses "
        f"({mt.get('refused', 0)} of them here) and reports `Result = True` for every "
        "indicator once its node list is loaded (a hit shows only in `Details`).",
    ]
open(out_path, "w").write("\n".join(L) + "\n")
