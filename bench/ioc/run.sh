#!/usr/bin/env bash
# IoC extraction benchmark: a >= 10 MB corpus of real log and command lines from
# examples/data with planted indicators (a third of them defanged); huntkit native
# (default and compat modes), huntkit wasm under Node when the npm build exists,
# MSTICPy extract_df on the whole corpus, ioc-finder and iocextract on a leading slice;
# recall per type against the planted indicators, huntkit compat vs MSTICPy row by row,
# and hostile inputs against ordinary text of the same size.
# Writes bench/results/ioc.md. BENCH_QUICK=1 shrinks the inputs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}/ioc"
py="${BENCH_PY:-$root/bench/.venv/bin/python}"
js="${HUNTKIT_JS:-$root/js}/dist"
mkdir -p "$work" "$root/bench/results"

if [ "${BENCH_QUICK:-0}" = "1" ]; then
  mb=1; peer_mb=0.1; runs=1
else
  mb=10.5; peer_mb=1; runs=3
fi

"$py" "$here/make_corpus.py" bench "$work/corpus.csv" "$mb" "$work/truth.jsonl"

(cd "$root" && IOC_BENCH_CORPUS="$work/corpus.csv" IOC_BENCH_OUT="$work" IOC_BENCH_RUNS="$runs" \
  cargo bench -q -p huntkit-ioc --bench ioc) > "$work/native.json"

if [ -f "$js/index.js" ] && grep -q extractIocsTable "$js/index.js"; then
  node "$here/bench.mjs" "$js/index.js" "$work/corpus.csv" > "$work/wasm.json" || rm -f "$work/wasm.json"
else
  echo "no npm build with extractIocsTable at $js/index.js: the wasm column is left out" >&2
fi

"$py" "$here/peers.py" "$work/corpus.csv" "$work/truth.jsonl" "$work" "$peer_mb"
"$py" "$here/report.py" "$work" "$root/bench/results/ioc.md"
cat "$root/bench/results/ioc.md"
