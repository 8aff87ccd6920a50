"""The interpreter is released while an engine works: other Python threads run meanwhile."""

from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pyarrow as pa

import huntkit


def _series(n: int) -> pa.Table:
    t0 = np.datetime64("2024-01-01T00:00:00", "ns")
    times = t0 + np.arange(n) * np.timedelta64(3600, "s")
    hours = np.arange(n) % 24
    values = 100 + 10 * np.sin(2 * np.pi * hours / 24) + np.random.default_rng(1).normal(0, 1, n)
    return pa.table({"TimeGenerated": pa.array(times), "value": values})


def _ticks_during(call) -> tuple[int, float]:
    """How many times the main thread ran while `call` ran in another thread, and how long
    the call took. The switch interval is raised so that a thread holding the interpreter
    keeps it: the main thread only runs if the call lets go of it."""
    ticks: list[float] = []
    span: list[float] = []

    def work() -> None:
        span.append(time.perf_counter())
        call()
        span.append(time.perf_counter())

    old = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        while worker.is_alive():
            ticks.append(time.perf_counter())
            time.sleep(0)  # lets the worker take the interpreter when it wants it
        worker.join()
    finally:
        sys.setswitchinterval(old)
    start, end = span
    return sum(1 for t in ticks if start < t < end), end - start


def test_other_threads_run_while_an_engine_works() -> None:
    n = 20_000
    while True:
        table = _series(n)
        began = time.perf_counter()
        huntkit.ts_anomalies(table, time_column="TimeGenerated", value_column="value", period=24)
        if time.perf_counter() - began > 0.2 or n >= 4_000_000:
            break
        n *= 2
    ticks, took = _ticks_during(
        lambda: huntkit.ts_anomalies(
            table, time_column="TimeGenerated", value_column="value", period=24
        )
    )
    assert took > 0.1
    assert ticks > 100, f"the main thread ran {ticks} times in {took:.2f} s"


def test_engines_run_side_by_side_in_threads() -> None:
    table = _series(50_000)
    results: list = [None] * 4

    def run(i: int) -> None:
        results[i] = huntkit.ts_anomalies(
            table, time_column="TimeGenerated", value_column="value", period=24
        )

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.equals(results[0]) for r in results)
