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


def by_line(name):
    """`n<TAB>md5` lines as {n: {md5, …}}; None when the file is missing."""
    found = items(name)
    if found is None:
        return None
    out = {}
    for line in found:
        if "\t" in line:
            n, md5 = line.split("\t")
            out.setdefault(int(n), set()).add(md5)
    return out


def cyberchef_section():
    """CyberChef beside huntkit on the table's payloads: time and plaintexts recovered."""
    chef = lines("cyberchef.jsonl")
    payloads = lines("payloads.jsonl")
    md = ["", "### CyberChef on the same payloads", ""]
    if not chef:
        return md + ["CyberChef: not run (no result from `bench/decode/run.sh`)."]
    chef = chef[0]
    if "skipped" in chef:
        return md + [f"CyberChef: **not run**: {chef['skipped']}"]
    md.append(
        "CyberChef does not search command lines: it is handed each of the table's "
        f"{chef['payloads']:,} generated payloads ({chef['bytes'] / 1e6:.2f} MB of base64) "
        "with the recipe for its kind — `From Base64`; `From Base64`, `Gunzip`; "
        "`From Base64`, `Raw Inflate` — and bakes them one by one. huntkit is timed on the same "
        "payload strings, told nothing about them, and on the whole table, where it finds the "
        "payloads itself among the other command lines, so the table row does more work than "
        "CyberChef's. MSTICPy's two test files are left out of the payload list (each is a "
        "document with several runs, tar and zip among them). Best of the runs; loading "
        f"CyberChef ({chef['loadSeconds']:.1f} s) is not counted; huntkit's time includes "
        "hashing every item (md5, sha1, sha256), CyberChef's does not."
    )
    md.append("")
    native = {r["engine"]: r for r in lines("native.jsonl")}
    wasm = {r["engine"]: r for r in lines("wasm.jsonl")}
    rows = [(chef["engine"], f"{chef['payloads']:,} payloads, recipe given", chef["bytes"], chef["seconds"])]
    alone = next((r for r in native.values() if r.get("scope") == "payloads"), None)
    if alone:
        rows.append((alone["engine"], f"{alone['payloads']:,} payloads, no recipe", alone["bytes"], alone["seconds"]))
    for engine in ("huntkit native, default", "huntkit wasm (Node), default"):
        r = native.get(engine) or wasm.get(engine)
        if r:
            what = f"{r['rows']:,} command lines" + (", CSV read included" if r.get("includesRead") else "")
            rows.append((f"{engine}, whole table", what, r.get("bytes", py["bytes"]), r["seconds"]))
    md.append("| engine | input | MB | seconds | MB/s | CyberChef's seconds ÷ these |")
    md.append("|---|---|---:|---:|---:|---:|")
    for engine, what, size, seconds in rows:
        ratio = "—" if engine == chef["engine"] else f"{chef['seconds'] / seconds:,.1f}×"
        md.append(f"| {engine} | {what} | {size / 1e6:.2f} | {seconds:.3f} | {size / 1e6 / seconds:,.1f} | {ratio} |")

    chef_items = by_line("items_cyberchef.txt") or {}
    table_items = by_line("items_native_default.txt")
    alone_items = by_line("items_payloads_native.txt")
    kinds = {}
    for i, p in enumerate(payloads):
        k = kinds.setdefault(p["kind"], [0, 0, 0, 0, 0])
        mine = chef_items.get(i, set())
        theirs = (table_items or {}).get(p["row"], set())
        k[0] += 1
        k[1] += p["md5"] in mine
        k[2] += p["md5"] in theirs
        k[3] += p["md5"] in (alone_items or {}).get(i, set())
        k[4] += bool(mine & theirs)
    md += ["", "Plaintexts recovered: the md5 of the plaintext each payload was built from, found among "
           "CyberChef's output and among huntkit's decoded items (default mode) for that row or "
           "payload; the last column counts payloads where CyberChef's output is one of huntkit's items.", ""]
    md.append("| payload kind | payloads | CyberChef | huntkit, whole table | huntkit, payload alone | same plaintext both sides |")
    md.append("|---|---:|---:|---:|---:|---:|")
    na = "n/a"
    totals = [0, 0, 0, 0, 0]
    for kind, k in kinds.items():
        totals = [a + b for a, b in zip(totals, k)]
        md.append(f"| {kind} | {k[0]:,} | {k[1]:,} | {k[2] if table_items is not None else na} | "
                  f"{k[3] if alone_items is not None else na} | {k[4]:,} |")
    t = totals
    md.append(f"| all | {t[0]:,} | {t[1]:,} | {t[2] if table_items is not None else na} | "
              f"{t[3] if alone_items is not None else na} | {t[4]:,} |")
    return md


py = lines("msticpy.jsonl")[0]
py_rate = py["rows"] / py["seconds"]
mb = py["bytes"] / 1e6
reference = items("items_msticpy.txt")
rows = []
for r in lines("native.jsonl") + lines("wasm.jsonl"):
    if r.get("scope") == "payloads":
        continue
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
    "gzip-in-base64 cradles, `echo … | base64 -d | sh`, MSTICPy's two base64 test files; "
    "after about one in eight of them a raw-DEFLATE `DeflateStream` cradle). "
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
md += cyberchef_section()
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
