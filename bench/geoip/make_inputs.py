"""Addresses for the GeoIP benchmark: N addresses drawn (seeded) from the networks of the
source of the test database, half IPv4 and half IPv6, so that every lookup finds a record
as it would in a complete database. Writes a CSV with one column, `ip`.

Usage: make_inputs.py SOURCE_JSON OUT_CSV N
"""

import ipaddress
import json
import random
import sys

source, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
v4, v6 = [], []
for entry in json.load(open(source)):
    for text in entry:
        net = ipaddress.ip_network(text)
        # IPv4 networks written inside ::/96, as the database stores them.
        if net.version == 6 and int(net.network_address) >> 32 == 0 and net.prefixlen >= 96:
            net = ipaddress.ip_network((int(net.network_address), net.prefixlen - 96))
        (v4 if net.version == 4 else v6).append(net)
rnd = random.Random(20261206)
with open(out, "w") as fh:
    fh.write("ip\n")
    for i in range(n):
        net = rnd.choice(v4 if i % 2 == 0 else v6)
        span = min(net.num_addresses, 1 << 24)
        fh.write(f"{net.network_address + rnd.randrange(span)}\n")
