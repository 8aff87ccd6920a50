#!/usr/bin/env bash
# TI feed-matching benchmark: 1M indicators against a 100,000-entry ipsum-shaped feed
# (the real ipsum level-3 addresses plus random ones), matched by huntkit native,
# huntkit's Python API, a Python set, pandas isin/merge and MSTICPy's own local provider
# (the Tor exit-node provider with its node list filled from the feed, on a slice);
# native also runs a mixed feed (addresses, domains, SHA-256 digests; some indicators
# upper-cased or defanged). Every tool's hit count is checked against the generator's.
# Writes bench/results/ti.md. BENCH_QUICK=1 shrinks the inputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$root/bench/work}
work=$BENCH_WORK/ti
py=${BENCH_PY:-$root/bench/.venv/bin/python}
mkdir -p "$work" "$root/bench/results"
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  feed=10000; n=100000; runs=1; slice=500
else
  feed=100000; n=1000000; runs=3; slice=5000
fi

tag="$feed-$n"
if [ ! -f "$work/.inputs" ] || [ "$(cat "$work/.inputs")" != "$tag" ]; then
  python3 "$here/make_data.py" "$root/crates/huntkit-ti/tests/data/ipsum-level3.txt" "$work" "$feed" "$n" >&2
  echo "$tag" > "$work/.inputs"
fi

(cd "$root" && TI_BENCH_DIR="$work" TI_BENCH_RUNS=$runs cargo bench -q -p huntkit-ti --bench ti) > "$work/native.json"

# huntkit's Python API: the release wheel bench/python/run.sh installs in its venv, built
# here the same way when that venv lacks TiFeeds.
venv=$BENCH_WORK/python/venv
if ! "$venv/bin/python" -c "import huntkit; huntkit.TiFeeds" 2>/dev/null; then
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    versions=$("$py" -c 'import pandas, pyarrow, numpy; print(f"pandas=={pandas.__version__} pyarrow=={pyarrow.__version__} numpy=={numpy.__version__}")')
    # shellcheck disable=SC2086
    "$venv/bin/pip" install -q maturin $versions
  fi
  echo "ti bench: building the huntkit wheel (maturin build --release)" >&2
  rm -rf "$work/wheels"
  (cd "$root/widgets/python" && "$venv/bin/maturin" build --release --quiet -o "$work/wheels" >&2)
  "$venv/bin/pip" install -q --force-reinstall --no-deps "$work"/wheels/huntkit-*.whl
fi
"$venv/bin/python" "$here/python_run.py" huntkit "$work" "$runs" > "$work/python.jsonl"
"$py" "$here/python_run.py" peers "$work" "$runs" "$slice" > "$work/peers.jsonl"

python3 "$here/report.py" "$work" "$root/bench/results/ti.md"
cat "$root/bench/results/ti.md"
