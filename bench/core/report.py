"""Writes bench/results/core.md from the measurements in the work folder."""
import json
import sys
from pathlib import Path

work, out = Path(sys.argv[1]), Path(sys.argv[2])


def lines(name):
    p = work / name
    return [json.loads(l) for l in p.read_text().splitlines() if l.strip()] if p.exists() else []


sizes = json.loads((work / "sizes.json").read_text())
native = lines("native.jsonl")
wasm = lines("wasm.jsonl")
peers = lines("peers.jsonl")
browser = lines("browser.jsonl")

md = ["## Foundation: wasm size, start-up, reading tables", ""]
md += [
    "### wasm size",
    "",
    "The module is built for speed (`opt-level = 3`, no wasm-opt). Built for size",
    "(`opt-level = \"s\"` and `wasm-opt -Oz`) it was 7,134 KiB, 1,964 KiB gzipped, and",
    "built process trees about 20% slower (a fresh page's first build 25-35% slower).",
    "",
    "| module | raw | gzip |",
    "|---|---:|---:|",
]
for k, v in sizes.items():
    md.append(f"| {k} | {v['raw'] / 1024:,.0f} KiB | {v['gzip'] / 1024:,.0f} KiB |")
md += ["", "### `init()` time", "", "| where | build | ms |", "|---|---|---:|"]
for w in wasm:
    if w["measure"] == "init":
        md.append(f"| Node 20 (fresh process) | `index.js` + `.wasm` | {w['ms']:.0f} |")
for b in browser:
    md.append(f"| headless Chromium (median of 5 pages) | {b['build']} | {b['ms']:.0f} |")

md += ["", "### read + `inspect` throughput", "",
       "Best of the runs; the same file for every reader. huntkit reads, types and describes the table",
       "(nulls, time ranges); the peers only read. huntkit is handed the file's bytes, as its CLI and",
       "its wasm functions are, and reads Arrow where it lies, as pyarrow reads a memory-mapped file;",
       "the wasm's time includes copying the bytes into the wasm's memory.", "",
       "| input | reader | seconds | MB/s | huntkit native vs this |", "|---|---|---:|---:|---:|"]
for kind, ext in [("CSV", ".csv"), ("Arrow IPC file", ".arrow")]:
    nat = next((n for n in native if n["file"].endswith(ext)), None)
    if not nat:
        continue
    mb = nat["bytes"] / 1e6
    rows = [("huntkit native", nat["seconds"])]
    rows += [("huntkit wasm (Node)", w["seconds"]) for w in wasm if w["measure"] == "inspect" and w["file"].endswith(ext)]
    rows += [(p["tool"], p["seconds"]) for p in peers if p["file"].endswith(ext)]
    for tool, s in rows:
        md.append(f"| {kind}, {mb:,.0f} MB, {nat['rows']:,} rows | {tool} | {s:.3f} | {mb / s:,.0f} | {s / nat['seconds']:.2f}× |")
md.append("")
out.write_text("\n".join(md) + "\n")
