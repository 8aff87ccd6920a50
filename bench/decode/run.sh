#!/usr/bin/env bash
# Decode benchmark: a >= 10 MB table of real command lines with encoded payloads mixed in,
# decoded by huntkit native, huntkit wasm under Node and MSTICPy's unpack_items (table
# mode) in the same run; checks that compat mode finds the same items as MSTICPy and
# writes bench/results/decode.md. Also runs the decompression-bomb test in release mode.
# CyberChef (under Node 24, installed by bench/setup.sh) bakes the payloads of the same
# table, each with the recipe for its kind, beside huntkit decoding the same payloads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_WORK:-$root/bench/work}/decode
py=${BENCH_PY:-$root/bench/.venv/bin/python}
js=${HUNTKIT_JS:-$root/js}/dist
mkdir -p "$work" "$root/bench/results"
if [ "${BENCH_QUICK:-0}" = 1 ]; then mb=1; runs=1; else mb=10; runs=5; fi

"$py" "$here/make_inputs.py" "$root/examples/data" "$work/commands.csv" "$mb" "$work/payloads.jsonl"

(cd "$root" && HUNTKIT_BENCH_FILE="$work/commands.csv" HUNTKIT_BENCH_ITEMS="$work/items_native.txt" \
  HUNTKIT_BENCH_ITEMS_DEFAULT="$work/items_native_default.txt" \
  HUNTKIT_BENCH_PAYLOADS="$work/payloads.txt" HUNTKIT_BENCH_PAYLOAD_ITEMS="$work/items_payloads_native.txt" \
  HUNTKIT_BENCH_RUNS=$runs cargo bench -q -p huntkit-decode --bench decode) > "$work/native.jsonl"

# CyberChef: run when bench/setup.sh installed it; otherwise its row in the report says
# why it did not run.
chef=$here/cyberchef
node24=${BENCH_NODE24:-$(dirname "$py")/node24}
chef_skip=
rm -f "$work/cyberchef.jsonl" "$work/items_cyberchef.txt"
if [ -f "$chef/setup-error.txt" ]; then
  chef_skip="bench/setup.sh could not install it: $(tail -n 3 "$chef/setup-error.txt" | tr '\n' ' ')"
elif [ ! -x "$node24" ]; then
  chef_skip="no Node 24 at $node24 (bench/setup.sh installs it)"
elif [ ! -f "$chef/node_modules/.huntkit-ready" ]; then
  chef_skip="CyberChef is not installed in bench/decode/cyberchef (bench/setup.sh installs it)"
elif ! "$node24" "$here/cyberchef.mjs" "$chef" "$runs" "$work/payloads.jsonl" "$work/items_cyberchef.txt" \
  > "$work/cyberchef.jsonl" 2> "$work/cyberchef.err"; then
  cat "$work/cyberchef.err" >&2
  chef_skip="cyberchef.mjs failed: $(tail -n 3 "$work/cyberchef.err" | tr '\n' ' ')"
fi
if [ -n "$chef_skip" ]; then
  echo "decode bench: CyberChef not run: $chef_skip" >&2
  "$py" -c 'import json, sys; print(json.dumps({"engine": "CyberChef", "skipped": sys.argv[1]}))' \
    "$chef_skip" > "$work/cyberchef.jsonl"
fi

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
