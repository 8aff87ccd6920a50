"""What the benchmark reports share: reading a run's JSON lines and writing seconds and
rates the same way in every section of BENCHMARKS.md."""

import json
import os


def load(path):
    """The JSON lines of `path` (other lines, such as warnings, skipped); [] when absent."""
    if not os.path.exists(path):
        return []
    with open(path) as fh:
        return [json.loads(line) for line in fh if line.startswith("{")]


def fmt_s(x):
    """Seconds: four decimals below 10, one above; a dash when not measured."""
    return "—" if x is None else (f"{x:.4f}" if x < 10 else f"{x:.1f}")


def fmt_rate(n, s):
    """`n` items in `s` seconds as a rate in thousands or millions per second."""
    if s is None or s <= 0:
        return "—"
    r = n / s
    return f"{r / 1e6:.2f} M" if r >= 1e6 else f"{r / 1e3:.1f} k"
