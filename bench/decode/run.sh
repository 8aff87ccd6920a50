#!/usr/bin/env bash
# Decode benchmark: a >= 10 MB table of real command lines with encoded payloads mixed in,
# decoded by huntkit native, huntkit wasm under Node and MSTICPy's unpack_items (table
# mode) in the same run; checks that compat mode finds the same items as MSTICPy and
# writes bench/results/decode.md. Also runs the decompression-bomb test in release mode.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_WORK:-$root/bench/work}/decode
py=${BENCH_PY:-$root/bench/.venv/bin/python}
js=${HUNTKIT_JS:-$root/js}/dist
mkdir -p "$work" "$root/bench/results"
if [ "${BENCH_QUICK:-0}" = 1 ]; then mb=1; runs=1; else mb=10; runs=5; fi

"$py" "$here/make_inputs.py" "$root/examples/data" "$work/commands.csv" "$mb"

(cd "$root" && HUNTKIT_BENCH_FILE="$work/commands.csv" HUNTKIT_BENCH_ITEMS="$work/items_native.txt" \
  HUNTKIT_BENCH_RUNS=$runs cargo bench -q -p huntkit-decode --bench decode) > "$work/native.jsonl"

: > "$work/wasm.jsonl"
if [ -f "$js/index.js" ] && node --input-type=module -e \
  "const m = await import('$js/index.js'); process.exit(typeof m.decodeTable === 'function' ? 0 : 1)"; then
  node "$here/wasm.mjs" "$js/index.js" "$runs" "$work/commands.csv" "$work/items_wasm.txt" > "$work/wasm.jsonl"
else
  echo "decode bench: $js has no decodeTable yet; skipping the wasm column" >&2
fi

"$py" "$here/msticpy_run.py" "$work/commands.csv" "$work/items_msticpy.txt" > "$work/msticpy.jsonl"

(cd "$root" && cargo test -q --release -p huntkit-decode --test bombs -- --nocapture) 2> "$work/bombs.txt" >&2 || {
  cat "$work/bombs.txt" >&2
  exit 1
}

"$py" "$here/report.py" "$work" "$root/bench/results/decode.md"
cat "$root/bench/results/decode.md"
