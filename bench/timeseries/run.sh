#!/usr/bin/env bash
# Time-series benchmark: STL and the anomaly pipeline on hourly series of 10k, 100k and
# 1M points, huntkit native and wasm against statsmodels' STL(...).fit() and MSTICPy's
# timeseries_anomalies_stl, all on the same CSV files in one run.
# Writes bench/results/timeseries.md. BENCH_QUICK=1 shrinks the inputs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}/timeseries"
py="${BENCH_PY:-$root/bench/.venv/bin/python}"
js="${HUNTKIT_JS:-$root/js}/dist"
mkdir -p "$work" "$root/bench/results"

if [ "${BENCH_QUICK:-0}" = "1" ]; then
  sizes="2000 10000"
else
  sizes="10000 100000 1000000"
fi

"$py" "$here/bench.py" gen "$work" $sizes
files=()
for n in $sizes; do files+=("$work/hourly_$n.csv"); done

results="$work/results.jsonl"
: > "$results"

(cd "$root" && cargo bench -q -p huntkit-timeseries --bench timeseries -- "${files[@]}") >> "$results"

if [ -f "$js/index.js" ]; then
  node "$here/bench.mjs" "$js/index.js" "${files[@]}" >> "$results"
else
  echo "no npm build at $js/index.js: the wasm column is left out" >&2
fi

"$py" "$here/bench.py" run "${files[@]}" >> "$results"
"$py" "$here/bench.py" report "$results" "$root/bench/results/timeseries.md"
cat "$root/bench/results/timeseries.md"
