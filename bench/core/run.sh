#!/usr/bin/env bash
# Foundation benchmark: wasm size (raw and gzip), init() time in Node and Chromium, and
# read + inspect throughput on ~100 MB of CSV and of Arrow, huntkit native and wasm
# beside pyarrow and pandas. Writes bench/results/core.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_WORK:-$root/bench/work}/core
py=${BENCH_PY:-$root/bench/.venv/bin/python}
js=${HUNTKIT_JS:-$root/js}/dist
mkdir -p "$work" "$root/bench/results"
if [ "${BENCH_QUICK:-0}" = 1 ]; then mb=5; runs=1; else mb=100; runs=3; fi

"$py" "$here/make_inputs.py" "$root/examples/data/processes_on_host.csv" "$work/events.csv" "$work/events.arrow" "$mb"

# Sizes: the shipped module and the inline one.
"$py" - "$js/huntkit_wasm_bg.wasm" "$js/inline.js" > "$work/sizes.json" <<'PY'
import gzip, json, sys
names = ["huntkit_wasm_bg.wasm", "inline.js (wasm inlined, with apache-arrow)"]
out = {}
for name, path in zip(names, sys.argv[1:]):
    data = open(path, "rb").read()
    out[name] = {"raw": len(data), "gzip": len(gzip.compress(data, 9))}
print(json.dumps(out))
PY
(cd "$root" && HUNTKIT_BENCH_FILES="$work/events.csv:$work/events.arrow" HUNTKIT_BENCH_RUNS=$runs \
  cargo bench -q -p huntkit-core --bench inspect) > "$work/native.jsonl"
node "$here/wasm.mjs" "$js/index.js" "$runs" "$work/events.csv" "$work/events.arrow" > "$work/wasm.jsonl"
node "$here/browser.mjs" > "$work/browser.jsonl"
"$py" "$here/peers.py" "$work/events.csv" "$work/events.arrow" "$runs" > "$work/peers.jsonl"
"$py" "$here/report.py" "$work" "$root/bench/results/core.md"
cat "$root/bench/results/core.md"
