"""Write bench/results/decode.md from the decode benchmark's outputs.

Usage: report.py WORK_DIR OUT_MD
"""

import json
import os
import re
import sys
from pathlib import Path

work, out = Path(sys.argv[1]), Path(sys.argv[2])


def lines(name):
    path = work / name
    if not path.exists():
        return []
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]


def items(name):
    path = work / name
    return path.read_text().split("\n") if path.exists() else None


py = lines("msticpy.jsonl")[0]
py_rate = py["rows"] / py["seconds"]
mb = py["bytes"] / 1e6
reference = items("items_msticpy.txt")
rows = []
for r in lines("native.jsonl") + lines("wasm.jsonl"):
    same = ""
    if "compat" in r["engine"]:
        mine = items("items_native.txt" if "native" in r["engine"] else "items_wasm.txt")
        same = "yes" if mine == reference else "**no**"
    rows.append((r["engine"], r["seconds"], r["records"], same))
rows.append((py["engine"], py["seconds"], py["records"], "(reference)"))

md = ["## Decode (`unpack_items` table mode)", ""]
md.append(
    f"Input: {py['rows']:,} command lines ({mb:.1f} MB of text) from MSTICPy's Windows and Linux "
    "process events, one row in twenty with an encoded payload (PowerShell `-EncodedCommand`, "
    "gzip-in-base64 cradles, `echo … | base64 -d | sh`, MSTICPy's two base64 test files). "
    "Best of the runs; huntkit's wasm time includes reading the CSV, MSTICPy's does not."
)
md.append("")
md.append("| engine | rows | MB | seconds | rows/s | ratio vs MSTICPy | records | same items as MSTICPy |")
md.append("|---|---:|---:|---:|---:|---:|---:|---|")
for engine, seconds, records, same in rows:
    rate = py["rows"] / seconds
    md.append(
        f"| {engine} | {py['rows']:,} | {mb:.1f} | {seconds:.3f} | {rate:,.0f} | "
        f"{rate / py_rate:,.0f}× | {records:,} | {same} |"
    )
bombs = (work / "bombs.txt").read_text() if (work / "bombs.txt").exists() else ""
found = re.findall(r"^(.*?) \((\w+)\): input (\d+) KiB, (\d+) records, peak (\d+) MiB, (.*)$", bombs, re.M)
if found:
    md += ["", "Decompression bombs (release build, default 64 MiB budget; `tests/bombs.rs`):", ""]
    md.append("| input | mode | input KiB | records | peak memory MiB | time |")
    md.append("|---|---|---:|---:|---:|---|")
    for name, mode, kib, recs, peak, took in found:
        md.append(f"| {name} | {'compat' if mode == 'Msticpy' else 'default'} | {kib} | {recs} | {peak} | {took} |")
load = os.getloadavg()[0]
md += ["", f"Load average when this report was written: {load:.1f} on {os.cpu_count()} cores "
       "(other builds were running; both sides of each ratio ran under it)."]
out.write_text("\n".join(md) + "\n")
