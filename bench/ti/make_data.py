"""Makes the TI feed-matching benchmark's inputs.

usage: make_data.py IPSUM_LEVEL3 OUTDIR FEED_ENTRIES INDICATORS

OUTDIR/feed.txt       an ipsum-shaped plain list (`IP<TAB>count`, `#` header) of
                      FEED_ENTRIES distinct IPv4 addresses: the real ipsum level-3
                      addresses first, then random public addresses.
OUTDIR/feed.csv       the same feed as CSV (`ip,count`), for CSV-reading peers.
OUTDIR/indicators.csv INDICATORS addresses in column `ioc`: 10% drawn from the feed,
                      the rest random (a few of which may land on the feed too).
OUTDIR/mixed_feed.txt, OUTDIR/mixed.csv  the same sizes with a type mix (60% IPv4, 20%
                      domains, 20% SHA-256 digests), some written in upper case or
                      defanged in the indicators.
OUTDIR/truth.json     how many indicators are on each feed (Python set membership).
"""

import hashlib
import json
import os
import random
import sys

ipsum, out, n_feed, n_ind = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out, exist_ok=True)
rng = random.Random(20260822)


def rand_ip():
    while True:
        a = rng.randrange(1, 224)
        if a not in (10, 127):
            return f"{a}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


feed = []
seen = set()
for line in open(ipsum):
    ip = line.strip()
    if ip and not ip.startswith("#") and ip not in seen and len(feed) < n_feed:
        seen.add(ip)
        feed.append(ip)
while len(feed) < n_feed:
    ip = rand_ip()
    if ip not in seen:
        seen.add(ip)
        feed.append(ip)
counts = [rng.choice([1, 1, 2, 3, 3, 4, 5, 8]) for _ in feed]
with open(f"{out}/feed.txt", "w") as fh:
    fh.write("# IPsum-shaped benchmark feed\n#\n# IP\tnumber of (black)lists\n#\n")
    for ip, c in zip(feed, counts):
        fh.write(f"{ip}\t{c}\n")
with open(f"{out}/feed.csv", "w") as fh:
    fh.write("ip,count\n")
    for ip, c in zip(feed, counts):
        fh.write(f"{ip},{c}\n")

indicators = [rng.choice(feed) if rng.random() < 0.1 else rand_ip() for _ in range(n_ind)]
with open(f"{out}/indicators.csv", "w") as fh:
    fh.write("ioc\n")
    fh.write("\n".join(indicators))
    fh.write("\n")


def rand_domain():
    words = ["cdn", "mail", "login", "update", "secure", "files", "api", "portal", "web", "app"]
    return f"{rng.choice(words)}{rng.randrange(10**6)}.{rng.choice(words)}-{rng.randrange(10**4)}.{rng.choice(['com', 'net', 'org', 'io', 'example'])}"


def rand_hash():
    return hashlib.sha256(rng.randbytes(16)).hexdigest()


def rand_mixed():
    r = rng.random()
    return rand_ip() if r < 0.6 else rand_domain() if r < 0.8 else rand_hash()


mixed_feed = list(dict.fromkeys(rand_mixed() for _ in range(int(n_feed * 1.01))))[:n_feed]
with open(f"{out}/mixed_feed.txt", "w") as fh:
    fh.write("\n".join(mixed_feed))
    fh.write("\n")
mixed_set = set(mixed_feed)


def disguise(v):
    r = rng.random()
    if r < 0.1:
        return v.upper() if not v[0].isdigit() else v
    if r < 0.2:
        return v.replace(".", "[.]")
    return v


mixed = [disguise(rng.choice(mixed_feed)) if rng.random() < 0.1 else rand_mixed() for _ in range(n_ind)]
with open(f"{out}/mixed.csv", "w") as fh:
    fh.write("ioc\n")
    fh.write("\n".join(mixed))
    fh.write("\n")

truth = {
    "feed_entries": n_feed,
    "indicators": n_ind,
    "hits": sum(1 for v in indicators if v in seen),
    "mixed_hits": sum(1 for v in mixed if v.replace("[.]", ".").lower() in mixed_set),
}
json.dump(truth, open(f"{out}/truth.json", "w"))
print(json.dumps(truth))
