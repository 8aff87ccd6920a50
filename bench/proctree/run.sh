#!/usr/bin/env bash
# Process-tree benchmark: huntkit native, huntkit wasm under Node and MSTICPy on the same
# inputs, in one run. Writes bench/results/proctree.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$root/bench/work}
BENCH_PY=${BENCH_PY:-$root/bench/.venv/bin/python}
HUNTKIT_JS=${HUNTKIT_JS:-$root/js}
work="$BENCH_WORK/proctree"
mkdir -p "$work" "$root/bench/results"

scales="1 10 100 1000"
if [ "${BENCH_QUICK:-0}" = "1" ]; then scales="1 10"; fi

inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <("$BENCH_PY" "$here/make_inputs.py" --root "$root" --out "$work" --scales $scales)
# make_inputs.py lists each dataset smallest first, so MSTICPy can stop before sizes it
# would take minutes on.

echo "proctree: huntkit native" >&2
(cd "$root" && cargo bench -q -p huntkit-proctree --bench proctree -- "${inputs[@]}") > "$work/native.jsonl"

: > "$work/wasm.jsonl"
if [ -f "$HUNTKIT_JS/dist/index.js" ]; then
  echo "proctree: huntkit wasm (node)" >&2
  node "$here/wasm_bench.mjs" "$HUNTKIT_JS" "${inputs[@]}" > "$work/wasm.jsonl" || echo "proctree: wasm run failed" >&2
fi

echo "proctree: MSTICPy" >&2
"$BENCH_PY" "$here/msticpy_bench.py" --budget "${PROCTREE_MSTICPY_BUDGET:-180}" "${inputs[@]}" > "$work/msticpy.jsonl"

"$BENCH_PY" "$here/report.py" "$work" > "$root/bench/results/proctree.md"
cat "$root/bench/results/proctree.md"
