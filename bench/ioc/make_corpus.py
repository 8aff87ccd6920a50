"""Builds the IoC corpora: a labelled corpus (every indicator in every line known) and
a benchmark corpus of real log and command lines from examples/data with indicators
planted in them, fanged and defanged.

usage: make_corpus.py labelled OUT.jsonl [LINES]
       make_corpus.py bench OUT.csv MEGABYTES TRUTH.jsonl
"""

import csv
import hashlib
import ipaddress
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "examples", "data")

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    raw = payload + chk
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


WORDS = (
    "the process started a child and then wrote output before the service was stopped "
    "by an operator who checked logs on the host after analysts saw suspicious traffic "
    "from an unknown source while the scheduled task ran again later that night"
).split()
TLDS = ["com", "net", "org", "io", "co.uk", "ru", "info", "xyz", "de", "top"]
LABELS = ["evil", "cdn", "update", "login", "secure", "files", "mail", "api", "static", "portal"]
PIPES = ["msagent_12", "postex_ssh_4f2a", "status_88", "mojo.5688.8052"]
SCHEMES = ["http", "https"]


def rnd_domain(r):
    sub = r.choice(["", r.choice(LABELS) + "."])
    return f"{sub}{r.choice(LABELS)}{r.randint(1, 999)}-{r.choice(LABELS)}.{r.choice(TLDS)}"


def rnd_public_ip(r):
    while True:
        ip = ipaddress.IPv4Address(r.getrandbits(32))
        if ip.is_global and not ip.is_multicast:
            return str(ip)


def defang_dots(r, s, forms=("[.]", "(.)", "[dot]", "{.}")):
    f = r.choice(forms)
    parts = s.split(".")
    return f.join(parts) if r.random() < 0.5 else parts[0] + f + ".".join(parts[1:])


def make_ioc(r, kind, defang):
    """Returns (raw text, [(type, canonical value), ...]) for one planted indicator."""
    if kind == "ipv4":
        ip = rnd_public_ip(r)
        raw = defang_dots(r, ip, ("[.]",)) if defang else ip
        return raw, [("ipv4", ip)]
    if kind == "ipv6":
        ip = ipaddress.IPv6Address((0x2600 << 112) | r.getrandbits(100))
        raw = ip.exploded if r.random() < 0.3 else ip.compressed
        return raw, [("ipv6", ip.compressed)]
    if kind == "dns":
        d = rnd_domain(r)
        return (defang_dots(r, d) if defang else d), [("dns", d)]
    if kind == "url":
        d = rnd_domain(r)
        path = "/" + "/".join(r.choice(LABELS) for _ in range(r.randint(0, 3)))
        if r.random() < 0.3:
            path += f"?id={r.randint(1, 99999)}"
        url = f"{r.choice(SCHEMES)}://{d}{path}"
        raw = url
        if defang:
            raw = raw.replace("http", r.choice(["hxxp", "hXXp"]), 1)
            host_d = defang_dots(r, d, ("[.]",))
            raw = raw.replace(d, host_d, 1)
            if r.random() < 0.3:
                raw = raw.replace("://", "[:]//", 1)
        return raw, [("url", url), ("dns", d)]
    if kind == "email":
        d = rnd_domain(r)
        user = r.choice(["admin", "j.smith", "billing", "noreply", "ops_team"])
        raw = f"{user}@{d}"
        if defang:
            raw = f"{user}{r.choice(['[at]', '[@]', '[AT]'])}{defang_dots(r, d, ('[.]',))}"
        return raw, [("email", f"{user}@{d}"), ("dns", d)]
    if kind in ("md5_hash", "sha1_hash", "sha256_hash", "sha512_hash"):
        n = {"md5_hash": 32, "sha1_hash": 40, "sha256_hash": 64, "sha512_hash": 128}[kind]
        h = "".join(r.choice("0123456789abcdef") for _ in range(n))
        raw = h.upper() if r.random() < 0.2 else h
        return raw, [(kind, h)]
    if kind == "cve":
        v = f"CVE-{r.randint(1999, 2025)}-{r.randint(1000, 99999)}"
        return v, [("cve", v)]
    if kind == "attack_technique":
        v = f"T{r.randint(1001, 1650)}" + (f".{r.randint(1, 15):03d}" if r.random() < 0.5 else "")
        return v, [("attack_technique", v)]
    if kind == "attack_tactic":
        v = f"TA{r.randint(1, 43):04d}"
        return v, [("attack_tactic", v)]
    if kind == "attack_group":
        v = f"G{r.randint(1, 1200):04d}"
        return v, [("attack_group", v)]
    if kind == "registry_key":
        root = r.choice(["HKLM", "HKCU", "HKEY_LOCAL_MACHINE"])
        v = root + r"\Software\Microsoft\Windows\CurrentVersion\Run" + "\\" + r.choice(LABELS)
        return v, [("registry_key", v)]
    if kind == "mac_address":
        b = [r.randint(0, 255) for _ in range(6)]
        v = ":".join(f"{x:02x}" for x in b)
        raw = "-".join(f"{x:02X}" for x in b) if r.random() < 0.3 else v
        return raw, [("mac_address", v)]
    if kind == "ipv4_cidr":
        ip = rnd_public_ip(r).rsplit(".", 1)[0] + ".0"
        v = f"{ip}/24"
        return v, [("ipv4_cidr", v), ("ipv4", ip)]
    if kind == "asn":
        v = f"AS{r.randint(100, 400000)}"
        return v, [("asn", v)]
    if kind == "bitcoin_address":
        v = b58check(bytes([0]) + r.getrandbits(160).to_bytes(20, "big"))
        return v, [("bitcoin_address", v)]
    if kind == "ethereum_address":
        v = "0x" + "".join(r.choice("0123456789abcdef") for _ in range(40))
        return v, [("ethereum_address", v)]
    if kind == "win_named_pipe":
        v = "\\\\.\\pipe\\" + r.choice(PIPES)
        return v, [("win_named_pipe", v)]
    if kind == "windows_path":
        v = "C:\\Users\\Public\\" + r.choice(LABELS) + "\\" + r.choice(LABELS) + ".exe"
        return v, [("windows_path", v)]
    if kind == "linux_path":
        v = "/tmp/." + r.choice(LABELS) + "/" + r.choice(LABELS) + "_run"
        return v, [("linux_path", v)]
    raise ValueError(kind)


KINDS = [
    "ipv4", "ipv6", "dns", "url", "email", "md5_hash", "sha1_hash", "sha256_hash",
    "sha512_hash", "cve", "attack_technique", "attack_tactic", "attack_group",
    "registry_key", "mac_address", "ipv4_cidr", "asn", "bitcoin_address",
    "ethereum_address", "win_named_pipe", "windows_path", "linux_path",
]
DEFANGABLE = {"ipv4", "dns", "url", "email"}

# Things an extractor should not report.
DECOYS = [
    "at 12:30:45", "version 1.2.3.4.5", "value 999.12.1.300", "ran script.ps1",
    "opened readme.txt", "saved def.zip", "build 10.0.19041.1", "ratio 3/4",
    "called std::vector", "e.g. this", "Foo::Bar", "flag 0x1f4", "node.js runtime",
    "index.html page", "at 23:59:59.999", "::", "pid 4294967295",
]


def labelled_line(r):
    parts = [" ".join(r.choice(WORDS) for _ in range(r.randint(2, 6)))]
    truth = []
    for _ in range(r.randint(1, 3)):
        kind = r.choice(KINDS)
        defang = kind in DEFANGABLE and r.random() < 0.35
        raw, labels = make_ioc(r, kind, defang)
        parts.append(raw)
        parts.append(" ".join(r.choice(WORDS) for _ in range(r.randint(1, 4))))
        truth.extend(labels)
    if r.random() < 0.5:
        parts.append(r.choice(DECOYS))
    return " ".join(parts), truth


def real_lines():
    lines = []
    for name, cols in [
        ("processes_on_host.csv", ["CommandLine"]),
        ("win_proc_test.csv", ["CommandLine"]),
        ("linux_proc_test.csv", ["cmdline"]),
        ("linux_events.csv", ["AuditdMessage"]),
        ("az_net_flows.csv", ["AllExtIPs", "FlowType", "L7Protocols"]),
        ("host_logons.csv", ["Account", "IpAddress"]),
    ]:
        with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                text = " ".join(row.get(c) or "" for c in cols).strip()
                if text:
                    lines.append(text)
    return lines


def main():
    mode, out = sys.argv[1], sys.argv[2]
    r = random.Random(20261129)
    if mode == "labelled":
        n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
        with open(out, "w", encoding="utf-8") as f:
            for _ in range(n):
                text, truth = labelled_line(r)
                f.write(json.dumps({"text": text, "iocs": truth}) + "\n")
        return
    megabytes = float(sys.argv[3])
    truth_out = sys.argv[4]
    base = real_lines()
    target = int(megabytes * 1_000_000)
    size = 0
    with open(out, "w", newline="", encoding="utf-8") as f, open(truth_out, "w", encoding="utf-8") as t:
        w = csv.writer(f)
        w.writerow(["text"])
        row = 0
        while size < target:
            text = r.choice(base)
            if r.random() < 0.3:
                planted, labels = labelled_line(r)
                text = text + " " + planted
                t.write(json.dumps({"row": row, "iocs": labels}) + "\n")
            w.writerow([text])
            size += len(text.encode("utf-8")) + 1
            row += 1


if __name__ == "__main__":
    main()
