"""One side of the TI feed-matching benchmark, from Python; prints JSON lines.

usage: python_run.py huntkit|peers DIR RUNS [MSTICPY_SLICE]

huntkit  huntkit's Python API: TiFeeds(feed.txt), then lookup(indicators, column="ioc")
         on a pandas DataFrame (the result is a pandas DataFrame of the hits).
peers    what MSTICPy's local providers amount to, in the same process:
         - a Python set of the feed's addresses and a loop over the indicators;
         - pandas: the indicators' column `isin` the feed's, and a `merge` with the feed
           (the hits with their score, as a result table needs);
         - MSTICPy's own local provider: the Tor exit-node provider
           (msticpy.context.tiproviders.tor_exit_nodes.Tor), whose lookups are a dict
           lookup per indicator, with its node list filled from the feed instead of being
           downloaded, run through `lookup_iocs` on the first MSTICPY_SLICE indicators
           (it takes about a millisecond per indicator).
"""

import json
import sys
import time

mode, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
msticpy_slice = int(sys.argv[4]) if len(sys.argv) > 4 else 5000

import pandas as pd  # noqa: E402

indicators = pd.read_csv(f"{work}/indicators.csv", dtype=str)
truth = json.load(open(f"{work}/truth.json"))
n = len(indicators)


def best(f):
    out, secs = None, float("inf")
    for _ in range(max(1, runs)):
        t = time.perf_counter()
        out = f()
        secs = min(secs, time.perf_counter() - t)
    return secs, out


def emit(tool, secs, count, hits, **extra):
    print(json.dumps({"tool": tool, "seconds": secs, "indicators": count, "hits": hits, "per_s": count / secs, **extra}))


if mode == "huntkit":
    import huntkit

    load, feeds = best(lambda: huntkit.TiFeeds(f"{work}/feed.txt"))
    secs, out = best(lambda: feeds.lookup(indicators, column="ioc"))
    hits = int(out["Result"].sum())
    assert hits == truth["hits"], (hits, truth["hits"])
    emit("huntkit_python", secs, n, hits, feed_load_seconds=load)
elif mode == "peers":
    def read_feed():
        s = {}
        with open(f"{work}/feed.txt") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                ip, count = line.rstrip("\n").split("\t")
                s[ip] = int(count)
        return s

    load, feed = best(read_feed)
    values = indicators["ioc"].tolist()
    secs, hits = best(lambda: sum(1 for v in values if v in feed))
    assert hits == truth["hits"]
    emit("python_set", secs, n, hits, feed_load_seconds=load)

    feed_df = pd.read_csv(f"{work}/feed.csv", dtype={"ip": str, "count": int})
    secs, hits = best(lambda: int(indicators["ioc"].isin(feed_df["ip"]).sum()))
    assert hits == truth["hits"]
    emit("pandas_isin", secs, n, hits)
    secs, merged = best(lambda: indicators.reset_index().merge(feed_df, left_on="ioc", right_on="ip", how="inner"))
    assert len(merged) == truth["hits"]
    emit("pandas_merge", secs, n, len(merged))

    from datetime import datetime, timezone

    from msticpy.context.tiproviders.tor_exit_nodes import Tor

    Tor._nodelist = {ip: {"ExitNode": ip, "LastStatus": str(c), "ExitAddress": ip} for ip, c in feed.items()}
    Tor._last_cached = datetime.now(timezone.utc)
    provider = Tor()
    head = indicators.head(msticpy_slice)
    secs, out = best(lambda: provider.lookup_iocs(data=head, ioc_col="ioc"))
    # A hit's Details is the node's record; misses say "Not found.", and addresses
    # MSTICPy's checks refuse (private, reserved) carry the reason instead.
    hits = int(out["Details"].map(lambda d: isinstance(d, dict)).sum())
    refused = int((out["Status"] != 0).sum())
    expected = sum(1 for v in head["ioc"] if v in feed)
    assert hits <= expected, (hits, expected)
    emit("msticpy_tor_provider", secs, len(head), hits, refused=refused, set_hits=expected)
else:
    raise SystemExit(f"unknown mode {mode}")
