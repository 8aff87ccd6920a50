#!/usr/bin/env bash
# GeoIP benchmark: 1M addresses looked up in MaxMind's GeoIP2-City-Test.mmdb by huntkit
# native, huntkit wasm under Node, huntkit's Python API, the Python maxminddb reader in a
# plain loop and MSTICPy's GeoLiteLookup, in the same run; checks MSTICPy's answers
# against huntkit's row by row and writes bench/results/geoip.md.
# BENCH_QUICK=1 shrinks the input.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$root/bench/work}
work=$BENCH_WORK/geoip
py=${BENCH_PY:-$root/bench/.venv/bin/python}
js=${HUNTKIT_JS:-$root/js}/dist
db=$root/crates/huntkit-geoip/tests/data/GeoIP2-City-Test.mmdb
mkdir -p "$work" "$root/bench/results"
if [ "${BENCH_QUICK:-0}" = 1 ]; then n=20000; runs=1; else n=1000000; runs=3; fi

"$py" "$here/make_inputs.py" "$root/crates/huntkit-geoip/tests/data/GeoIP2-City-Test.json" "$work/ips.csv" "$n"

(cd "$root" && HUNTKIT_BENCH_FILE="$work/ips.csv" HUNTKIT_BENCH_DB="$db" HUNTKIT_BENCH_RUNS=$runs \
  cargo bench -q -p huntkit-geoip --bench geoip) > "$work/native.jsonl"

: > "$work/wasm.jsonl"
if [ -f "$js/index.js" ] && node --input-type=module -e \
  "const m = await import('$js/index.js'); process.exit(typeof m.GeoIpDb === 'function' ? 0 : 1)"; then
  node "$here/wasm.mjs" "$js/index.js" "$runs" "$work/ips.csv" "$db" > "$work/wasm.jsonl"
else
  echo "geoip bench: $js has no GeoIpDb yet; skipping the wasm rows" >&2
fi

# huntkit's Python API: the release wheel bench/python/run.sh installs in its venv, built
# here the same way when that venv lacks GeoIpDb.
venv=$BENCH_WORK/python/venv
if ! "$venv/bin/python" -c "import huntkit; huntkit.GeoIpDb" 2>/dev/null; then
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    versions=$("$py" -c 'import pandas, pyarrow, numpy; print(f"pandas=={pandas.__version__} pyarrow=={pyarrow.__version__} numpy=={numpy.__version__}")')
    # shellcheck disable=SC2086
    "$venv/bin/pip" install -q maturin $versions
  fi
  echo "geoip bench: building the huntkit wheel (maturin build --release)" >&2
  rm -rf "$work/wheels"
  (cd "$root/widgets/python" && "$venv/bin/maturin" build --release --quiet -o "$work/wheels" >&2)
  "$venv/bin/pip" install -q --force-reinstall --no-deps "$work"/wheels/huntkit-*.whl
fi
"$venv/bin/python" "$here/python_run.py" huntkit "$work/ips.csv" "$db" "$work/huntkit_py.csv" "$runs" > "$work/huntkit_py.jsonl"
"$py" "$here/python_run.py" maxminddb "$work/ips.csv" "$db" "$work/maxminddb.csv" "$runs" > "$work/maxminddb.jsonl"
"$py" "$here/python_run.py" msticpy "$work/ips.csv" "$db" "$work/msticpy.csv" 1 > "$work/msticpy.jsonl"

"$py" "$here/report.py" "$work" "$root/bench/results/geoip.md"
cat "$root/bench/results/geoip.md"
