"""Inputs, the Python side and the report of the time-series benchmark.

    bench.py gen DIR N...          write DIR/hourly_N.csv (TimeGenerated,Value)
    bench.py run FILE...           time statsmodels STL and MSTICPy, JSON lines on stdout
    bench.py report JSONL OUT.md   write the results table
"""

import json
import os
import sys
import time

import numpy as np
import pandas as pd


def gen(out_dir, sizes):
    for n in sizes:
        rng = np.random.default_rng(n)
        t = np.arange(n)
        y = (
            1000
            + 0.001 * t
            + 100 * np.sin(2 * np.pi * t / 24)
            + 30 * np.sin(2 * np.pi * t / 168)
            + rng.normal(0, 20, n)
        )
        spikes = rng.choice(n, max(1, n // 1000), replace=False)
        y[spikes] += 400
        times = pd.date_range("2000-01-01", periods=n, freq="h", tz="UTC")
        df = pd.DataFrame({"TimeGenerated": times.strftime("%Y-%m-%dT%H:%M:%SZ"), "Value": np.round(y, 3)})
        df.to_csv(f"{out_dir}/hourly_{n}.csv", index=False)


def best_of(runs, fn):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(files):
    from statsmodels.tsa.seasonal import STL
    from msticpy.analysis.timeseries import timeseries_anomalies_stl

    for path in files:
        df = pd.read_csv(path, parse_dates=["TimeGenerated"])
        n = len(df)
        y = df["Value"].to_numpy(dtype=float)
        runs = 1 if n >= 1_000_000 else 3
        secs = best_of(runs, lambda: STL(y, period=24, seasonal=7).fit())
        print(json.dumps({"impl": "statsmodels", "op": "stl", "n": n, "seconds": secs}), flush=True)
        secs = best_of(
            runs,
            lambda: timeseries_anomalies_stl(df, time_column="TimeGenerated", data_column="Value"),
        )
        print(json.dumps({"impl": "msticpy", "op": "anomalies", "n": n, "seconds": secs}), flush=True)


LABELS = {
    "native": "huntkit native",
    "wasm": "huntkit wasm (Node)",
    "statsmodels": "statsmodels STL(...).fit()",
    "msticpy": "MSTICPy timeseries_anomalies_stl",
}
PEER = {"stl": "statsmodels", "anomalies": "msticpy"}
OPS = {
    "stl": "STL decomposition (period 24, seasonal 7)",
    "anomalies": "anomaly pipeline (STL, int64 cast, z-score, flags; compat msticpy)",
}


def report(jsonl, out):
    rows = [json.loads(line) for line in open(jsonl) if line.strip().startswith("{")]
    by = {(r["impl"], r["op"], r["n"]): r["seconds"] for r in rows}
    sizes = sorted({r["n"] for r in rows if r["op"] != "work"})
    lines = [
        "## Time series (STL, anomalies)",
        "",
        "Hourly series with daily and weekly cycles, noise and spikes; best of several runs",
        "(one run at 1M points for the Python peers). Ratio: the peer's time over huntkit's.",
        "",
    ]
    for op, title in OPS.items():
        lines += [f"### {title}", "", "| input | rows | implementation | seconds | rows/s | ratio |", "|---|---:|---|---:|---:|---:|"]
        for n in sizes:
            peer = by.get((PEER[op], op, n))
            for impl in ("native", "wasm", PEER[op]):
                secs = by.get((impl, op, n))
                if secs is None:
                    continue
                ratio = f"{peer / secs:.1f}×" if peer and impl != PEER[op] else "1×" if impl == PEER[op] else "–"
                lines.append(f"| hourly_{n}.csv | {n:,} | {LABELS[impl]} | {secs:.4f} | {n / secs:,.0f} | {ratio} |")
        lines.append("")
    for r in rows:
        if r["op"] == "work":
            lines.append(
                f"Work limit: STL of {r['n']:,} points with period {r['period']:,} is estimated at "
                f"{r['work']:.2e} window points and took {r['seconds']:.2f} s natively "
                f"({r['work'] / r['seconds']:.2e} points/s), so the default `maxWork` of 2e11 "
                f"allows about {r['limit_seconds']:.0f} s here (crates/huntkit-timeseries/README.md)."
            )
            lines.append("")
    native = [(n, by[("native", "stl", n)]) for n in sizes if ("native", "stl", n) in by]
    if len(native) >= 2:
        per_million = ", ".join(f"{s / n * 1e6:.2f} s at {n:,}" for n, s in native)
        lines.append(
            "Scaling: STL's work is linear in the length for fixed windows; native seconds per "
            f"million points: {per_million}."
        )
        lines.append("")
    try:
        load = open("/proc/loadavg").read().split()[:3]
        cpus = os.cpu_count()
        lines.append(f"Machine: {cpus} CPUs, load average {' '.join(load)} when the report was written.")
        lines.append("")
    except OSError:
        pass
    open(out, "w").write("\n".join(lines))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "gen":
        gen(args[0], [int(a) for a in args[1:]])
    elif cmd == "run":
        run(args)
    elif cmd == "report":
        report(args[0], args[1])
    else:
        sys.exit(f"unknown command {cmd}")
