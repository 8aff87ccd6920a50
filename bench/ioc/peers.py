"""Runs MSTICPy, ioc-finder and iocextract on the IoC benchmark corpus, scores every
tool's recall per type against the planted indicators, and compares huntkit's
`compat: msticpy` output with MSTICPy's row by row.

usage: peers.py CORPUS.csv TRUTH.jsonl WORKDIR PEER_MEGABYTES
Writes WORKDIR/peers.json.
"""

import collections
import ipaddress
import json
import sys
import time

import pandas as pd

corpus, truth_path, work, peer_mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
df = pd.read_csv(corpus, keep_default_na=False, dtype=str)
texts = df["text"].tolist()
mb = sum(len(t.encode()) + 1 for t in texts) / 1e6
truth = collections.defaultdict(set)  # row -> {(type, value)}
for line in open(truth_path, encoding="utf-8"):
    rec = json.loads(line)
    for ty, val in rec["iocs"]:
        truth[rec["row"]].add((ty, val))


def refang(ty, v):
    """Canonical form of a peer's value, so defanged or differently written output
    still counts as found."""
    v = v.replace("[.]", ".").replace("(.)", ".").replace("[dot]", ".")
    v = v.replace("[AT]", "@").replace("[at]", "@").replace("[@]", "@")
    if ty == "url":
        for a, b in (("hXXp", "http"), ("hxxp", "http"), ("[:]//", "://")):
            v = v.replace(a, b)
    if ty in ("dns",):
        v = v.lower()
    if ty == "email" and "@" in v:
        u, d = v.rsplit("@", 1)
        v = u + "@" + d.lower()
    if ty == "ipv6":
        try:
            v = ipaddress.IPv6Address(v).compressed
        except ValueError:
            pass
    if ty.endswith("_hash"):
        v = v.lower()
    return v


def recall(found_rows, limit_rows=None):
    """found_rows: row -> {(type, value)}. Recall per type over planted indicators."""
    hit = collections.Counter()
    tot = collections.Counter()
    for row, labels in truth.items():
        if limit_rows is not None and row >= limit_rows:
            continue
        got = found_rows.get(row, set())
        for ty, val in labels:
            tot[ty] += 1
            if (ty, val) in got:
                hit[ty] += 1
    return {ty: round(hit[ty] / tot[ty], 4) for ty in sorted(tot)}


report = {"mb": mb, "rows": len(texts)}

# --- MSTICPy extract_df over the whole corpus -------------------------------------
from msticpy.transform.iocextract import IoCExtract

ie = IoCExtract()
ie.extract("warm up example.com")  # loads the suffix list outside the timing
t = time.perf_counter()
out = ie.extract_df(df, columns=["text"])
secs = time.perf_counter() - t
mp_rows = collections.defaultdict(set)
for ty, obs, idx in zip(out["IoCType"], out["Observable"], out["SourceIndex"]):
    mp_rows[int(idx)].add((ty, refang(ty, obs)))
report["msticpy"] = {
    "seconds": secs,
    "mb_per_s": mb / secs,
    "counts": out["IoCType"].value_counts().to_dict(),
    "recall": recall(mp_rows),
}

# --- huntkit outputs written by the Rust bench -----------------------------------
for name in ("huntkit", "huntkit_compat"):
    try:
        h = pd.read_csv(f"{work}/{name}_out.csv", keep_default_na=False, dtype=str)
    except FileNotFoundError:
        continue
    rows = collections.defaultdict(set)
    for ty, obs, idx in zip(h["IoCType"], h["Observable"], h["SourceIndex"]):
        rows[int(idx)].add((ty, refang(ty, obs)))
    report[name] = {"recall": recall(rows)}
    if name == "huntkit_compat":
        # Row-by-row agreement with MSTICPy (exact observables, as written).
        mine = set(zip(h["SourceIndex"].astype(int), h["IoCType"], h["Observable"]))
        theirs = set(zip(out["SourceIndex"].astype(int), out["IoCType"], out["Observable"]))
        both = len(mine & theirs)
        report["compat_agreement"] = {
            "msticpy_rows": len(theirs),
            "huntkit_rows": len(mine),
            "common": both,
            "only_msticpy": sorted(map(list, theirs - mine))[:15],
            "only_huntkit": sorted(map(list, mine - theirs))[:15],
        }

# --- peers on a leading slice of the corpus (they are slow) -----------------------
n = 0
size = 0
while n < len(texts) and size < peer_mb * 1e6:
    size += len(texts[n].encode()) + 1
    n += 1
slice_mb = size / 1e6
report["peer_slice"] = {"rows": n, "mb": slice_mb}

import iocextract

t = time.perf_counter()
c = collections.Counter()
ie_rows = collections.defaultdict(set)
for i, s in enumerate(texts[:n]):
    for kind, fn in (
        ("url", lambda s: iocextract.extract_urls(s, refang=True)),
        ("ip", lambda s: iocextract.extract_ips(s, refang=True)),
        ("email", lambda s: iocextract.extract_emails(s, refang=True)),
        ("hash", iocextract.extract_hashes),
    ):
        for v in fn(s):
            c[kind] += 1
            if kind == "ip":
                ty = "ipv6" if ":" in v else "ipv4"
            elif kind == "hash":
                ty = {32: "md5_hash", 40: "sha1_hash", 64: "sha256_hash", 128: "sha512_hash"}.get(len(v), "hash")
            else:
                ty = kind
            ie_rows[i].add((ty, refang(ty, v)))
secs = time.perf_counter() - t
report["iocextract"] = {"seconds": secs, "mb_per_s": slice_mb / secs, "counts": dict(c), "recall": recall(ie_rows, n)}

from ioc_finder import find_iocs

FINDER_TYPES = {
    "ipv4s": "ipv4", "ipv6s": "ipv6", "domains": "dns", "urls": "url",
    "email_addresses": "email", "md5s": "md5_hash", "sha1s": "sha1_hash",
    "sha256s": "sha256_hash", "sha512s": "sha512_hash", "cves": "cve",
    "mac_addresses": "mac_address", "ipv4_cidrs": "ipv4_cidr", "asns": "asn",
    "bitcoin_addresses": "bitcoin_address", "registry_key_paths": "registry_key",
    "windows_file_paths": "windows_path",
}
t = time.perf_counter()
c = collections.Counter()
f_rows = collections.defaultdict(set)
for i, s in enumerate(texts[:n]):
    r = find_iocs(s)
    for k, vals in r.items():
        if not isinstance(vals, (list, set)):
            continue
        ty = FINDER_TYPES.get(k)
        c[k] += len(vals)
        if ty:
            for v in vals:
                v = v if isinstance(v, str) else str(v)
                if ty == "asn":
                    v = "AS" + v.upper().replace("ASN", "").replace("AS", "").strip()
                f_rows[i].add((ty, refang(ty, v)))
    attack = r.get("attack_techniques") or {}
    for _, vals in (attack.items() if isinstance(attack, dict) else []):
        for v in vals:
            f_rows[i].add(("attack_technique", v))
secs = time.perf_counter() - t
report["ioc_finder"] = {"seconds": secs, "mb_per_s": slice_mb / secs, "counts": {k: v for k, v in c.items() if v}, "recall": recall(f_rows, n)}

json.dump(report, open(f"{work}/peers.json", "w"), indent=1, default=str)
print(json.dumps({k: (v.get("mb_per_s") if isinstance(v, dict) else v) for k, v in report.items()}))
