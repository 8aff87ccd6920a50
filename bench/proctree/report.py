"""Writes bench/results/proctree.md from the JSON lines of the three runs."""

import json
import re
import sys
from pathlib import Path


def load(path):
    out = {}
    p = Path(path)
    if not p.exists():
        return out
    for line in p.read_text().splitlines():
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            out[Path(r["file"]).name] = r
    return out


def key(name):
    m = re.match(r"(\w+)_x(\d+)\.arrow$", name)
    order = {"windows": 0, "linux": 1, "mde": 2}
    return (order.get(m.group(1), 9), int(m.group(2))) if m else (9, 0)


def main():
    work = Path(sys.argv[1])
    rows_of = {}
    native = load(work / "native.jsonl")
    wasm = load(work / "wasm.jsonl")
    mp = load(work / "msticpy.jsonl")
    for src in (native, mp):
        for k, r in src.items():
            rows_of.setdefault(k, r["rows"])
    lines = [
        "## Process trees (`build_process_tree`)",
        "",
        "Windows 4688 (`win_proc_test`), Linux auditd (`linux_proc_test`) and Defender",
        "DeviceProcessEvents (MSTICPy's `mde_proc_cs1` test data in the public schema), each",
        "repeated ×N with process ids made unique per copy. Time to build the trees from a",
        "loaded table (best of 3; one run above 20 000 rows for MSTICPy). Ratios are rows per",
        "second over MSTICPy's. Native huntkit makes the output's columns (the input's, copied",
        "into tree order, and the tree's own) on two threads when the machine has a second",
        "core and the table has 262,144 cells or more; the rest of native, all of wasm and",
        "MSTICPy run on one thread. The wasm is",
        "given `read.maxBytes` of 1 GiB (by default it refuses inputs over 256 MiB); its time",
        "includes reading the Arrow input, writing the Arrow output and handing it to JS.",
        "\"huntkit wasm\" is the best of 3 builds in one Node process that builds every input",
        "in turn. \"wasm first\" is the first build in a Node process of its own: a page's first,",
        "the one a notebook user waits for, before the engine has optimised the wasm's code",
        "and while its memory is still growing.",
        "",
        "| input | rows | huntkit native s | rows/s | huntkit wasm s | rows/s | wasm first s | MSTICPy s | rows/s | native × | wasm × | wasm first × | same counts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    notes = []
    for name in sorted(rows_of, key=key):
        rows = rows_of[name]
        n = native.get(name)
        w = wasm.get(name)
        m = mp.get(name)

        def cell(r):
            if not r or "seconds" not in r:
                return "–", "–"
            return f"{r['seconds']:.4f}", f"{rows / r['seconds']:,.0f}"

        ns, nr = cell(n)
        ws, wr = cell(w)
        if w and w.get("error"):
            ws, wr = "refused", f"`{w['error']}`"
            notes.append(f"The wasm refused {name} ({w.get('bytes', 0) / 2**20:.0f} MiB): {w.get('message', w['error'])}")
        ms, mr = cell(m)
        if m and m.get("skipped"):
            ms, mr = "skipped", f"(est. {m['estimate']:.0f} s)"
            notes.append(f"MSTICPy skipped on {name}: estimated {m['estimate']:.0f} s from the previous size.")
        times = lambda r: f"{r:.1f}×" if r < 10 else f"{r:.0f}×"
        ratio = lambda a: times(m["seconds"] / a["seconds"]) if a and m and "seconds" in m and "seconds" in a else "–"
        counts = lambda r: (r["processes"], r["roots"], r["leaves"], r["branches"], r["depth"]) if r and "processes" in r else None
        same = "–"
        if counts(n) and counts(m):
            same = "yes" if counts(n) == counts(m) else f"no {counts(n)} vs {counts(m)}"
        first = f"{w['first']:.4f}" if w and "first" in w else "–"
        first_ratio = (
            times(m["seconds"] / w["first"]) if w and "first" in w and m and "seconds" in m else "–"
        )
        lines.append(
            f"| {name.removesuffix('.arrow')} | {rows:,} | {ns} | {nr} | {ws} | {wr} | {first} | {ms} | {mr} | {ratio(n)} | {ratio(w)} | {first_ratio} | {same} |"
        )
    if not wasm:
        notes.append("The wasm column is empty: the npm package (`$HUNTKIT_JS/dist`) was not built.")
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
