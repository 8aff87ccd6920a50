"""Writes bench/results/ioc.md from the JSON the IoC benchmark steps left in WORKDIR.

usage: report.py WORKDIR OUT.md
"""

import json
import os
import sys

work, out_path = sys.argv[1], sys.argv[2]


def load(name):
    p = os.path.join(work, name)
    return json.load(open(p)) if os.path.exists(p) else None


native = load("native.json")
wasm = load("wasm.json")
peers = load("peers.json")
mp = peers["msticpy"]
base = mp["mb_per_s"]
L = ["## IoC extraction", ""]
L.append(
    f"Corpus: {native['mb']:.1f} MB, {native['rows']:,} rows of real log and command lines "
    "from examples/data with planted indicators (a third of the defangable ones defanged). "
    "Table mode over one column. ioc-finder and iocextract run on the first "
    f"{peers['peer_slice']['mb']:.1f} MB ({peers['peer_slice']['rows']:,} rows): they are too slow "
    "for the whole corpus in one run."
)
L += ["", "| tool | input MB | seconds | MB/s | × MSTICPy |", "|---|---:|---:|---:|---:|"]
rows = [
    ("huntkit native", native["mb"], native["huntkit"]["seconds"], native["huntkit"]["mb_per_s"]),
    ("huntkit native, compat: msticpy", native["mb"], native["huntkit_compat"]["seconds"], native["huntkit_compat"]["mb_per_s"]),
]
if wasm:
    for k in ("huntkit", "huntkit_compat"):
        if k in wasm:
            label = "huntkit wasm (Node)" + (", compat: msticpy" if k.endswith("compat") else "")
            rows.append((label, wasm["mb"], wasm[k]["seconds"], wasm["mb"] / wasm[k]["seconds"]))
    if "ioc_extractor" in wasm:
        w = wasm["ioc_extractor"]
        rows.append(("npm ioc-extractor (same Node process)", wasm["mb"], w["seconds"], wasm["mb"] / w["seconds"]))
rows.append(("MSTICPy extract_df", peers["mb"], mp["seconds"], mp["mb_per_s"]))
for k, label in (("ioc_finder", "ioc-finder find_iocs per row"), ("iocextract", "iocextract (urls, ips, emails, hashes)")):
    rows.append((label, peers["peer_slice"]["mb"], peers[k]["seconds"], peers[k]["mb_per_s"]))
for label, mb, s, r in rows:
    L.append(f"| {label} | {mb:.2f} | {s:.3f} | {r:.2f} | {r / base:.1f} |")

types = sorted(set(native["huntkit"]["counts"]) | set(mp["counts"]))
L += ["", "Observables per type (table rows: one per row, type and distinct value):", ""]
L.append("| type | huntkit | huntkit compat | MSTICPy |")
L.append("|---|---:|---:|---:|")
for t in types:
    L.append(f"| {t} | {native['huntkit']['counts'].get(t, 0)} | {native['huntkit_compat']['counts'].get(t, 0)} | {mp['counts'].get(t, 0)} |")

rec_types = sorted(set(peers.get("huntkit", {}).get("recall", {})) | set(mp["recall"]))
L += ["", "Recall of the planted indicators per type (peers on their slice; `–`: the tool has no such type):", ""]
L.append("| type | huntkit | huntkit compat | MSTICPy | ioc-finder | iocextract |")
L.append("|---|---:|---:|---:|---:|---:|")
finder_types = {"ipv4", "ipv6", "dns", "url", "email", "md5_hash", "sha1_hash", "sha256_hash", "sha512_hash", "cve", "mac_address", "ipv4_cidr", "asn", "bitcoin_address", "registry_key", "attack_technique"}
iocextract_types = {"ipv4", "ipv6", "url", "email", "md5_hash", "sha1_hash", "sha256_hash", "sha512_hash"}
msticpy_types = {"ipv4", "ipv6", "dns", "url", "email", "md5_hash", "sha1_hash", "sha256_hash", "windows_path", "linux_path"}
for t in rec_types:
    if t in ("windows_path", "linux_path"):
        continue  # not scanned by default in table mode, by any tool here

    def g(src):
        v = (src or {}).get("recall", {}).get(t)
        return "–" if v is None else f"{v:.3f}"
    mpv = g(mp) if t in msticpy_types else "–"
    L.append(f"| {t} | {g(peers.get('huntkit'))} | {g(peers.get('huntkit_compat')) if t in msticpy_types else '–'} | {mpv} | {g(peers['ioc_finder']) if t in finder_types else '–'} | {g(peers['iocextract']) if t in iocextract_types else '–'} |")

ag = peers.get("compat_agreement")
if ag:
    L += ["", f"`compat: msticpy` against MSTICPy, row by row (SourceIndex, IoCType, Observable): "
          f"MSTICPy {ag['msticpy_rows']:,} rows, huntkit {ag['huntkit_rows']:,}, in common {ag['common']:,}."]
    if ag["only_msticpy"] or ag["only_huntkit"]:
        L.append("")
        L.append("First differences: only MSTICPy " + json.dumps(ag["only_msticpy"][:5]) + "; only huntkit " + json.dumps(ag["only_huntkit"][:5]))

L += ["", "Hostile input, string mode (all types, paths included), against ordinary text of the same size:", ""]
L.append("| input | MB | seconds | × ordinary | found |")
L.append("|---|---:|---:|---:|---:|")
for h in native["hostile"]:
    L.append(f"| {h['input']} | {h['mb']:.1f} | {h['seconds']:.3f} | {h['ratio_to_ordinary']:.2f} | {h['found']} |")
L.append("")
open(out_path, "w").write("\n".join(L))
