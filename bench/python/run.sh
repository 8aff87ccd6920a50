#!/usr/bin/env bash
# Python benchmark: huntkit's Python API (the native extension, a release wheel) and
# MSTICPy on the same pandas inputs, step by step (decode, IoCs, time-series anomalies,
# sessions, process trees), written to bench/results/python.md.
#
# The inputs come from the other benchmarks' generators. huntkit runs in a venv of its own
# under $BENCH_WORK (the wheel from `maturin build --release`, with pandas and pyarrow at
# bench/.venv's versions); MSTICPy runs in bench/.venv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$root/bench/work}
BENCH_PY=${BENCH_PY:-$root/bench/.venv/bin/python}
work=$BENCH_WORK/python
mkdir -p "$work" "$root/bench/results"

quick=()
if [ "${BENCH_QUICK:-0}" = "1" ]; then
  quick=(--quick)
  decode_mb=0.2 ioc_mb=0.2 sessions=300 scales=(1 5)
else
  decode_mb=2 ioc_mb=2 sessions=2000 scales=(1 10 50)
fi

# Inputs, made once per size.
tag="$decode_mb-$ioc_mb-$sessions-${scales[*]}"
if [ ! -f "$work/.inputs" ] || [ "$(cat "$work/.inputs")" != "$tag" ]; then
  rm -rf "$work/proctree" "$work"/*.csv
  python3 "$root/bench/decode/make_inputs.py" "$root/examples/data" "$work/decode.csv" "$decode_mb"
  python3 "$root/bench/ioc/make_corpus.py" bench "$work/ioc.csv" "$ioc_mb" "$work/ioc_truth.jsonl"
  python3 "$root/bench/sessions/gen_events.py" "$sessions" "$work/events.csv"
  "$BENCH_PY" "$root/bench/proctree/make_inputs.py" --root "$root" --out "$work/proctree" --scales "${scales[@]}" > /dev/null
  echo "$tag" > "$work/.inputs"
fi
# Only the Windows 4688 inputs: MSTICPy's builder takes minutes on the larger others.
find "$work/proctree" -name '*.arrow' ! -name 'windows_*' -delete

# huntkit: a release wheel in a venv of its own.
venv=$work/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  versions=$("$BENCH_PY" -c 'import pandas, pyarrow, numpy; print(f"pandas=={pandas.__version__} pyarrow=={pyarrow.__version__} numpy=={numpy.__version__}")')
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q maturin $versions
fi
echo "python: building the huntkit wheel (maturin build --release)" >&2
rm -rf "$work/wheels"
(cd "${HUNTKIT_PY_PACKAGE:-$root/widgets/python}" && "$venv/bin/maturin" build --release --quiet -o "$work/wheels" >&2)
"$venv/bin/pip" install -q --force-reinstall "$work"/wheels/huntkit-*.whl

# Two rounds, the sides taking turns, and the best of each kept: a shared machine's
# speed drifts over minutes, and one round of each side would time them at different
# speeds.
rm -f "$work"/huntkit*.jsonl "$work"/msticpy*.jsonl
for round in 1 2; do
  echo "python: huntkit (round $round)" >&2
  "$venv/bin/python" "$here/bench.py" huntkit "$work" "${quick[@]}" > "$work/huntkit-$round.jsonl"
  echo "python: MSTICPy (round $round)" >&2
  "$BENCH_PY" "$here/bench.py" msticpy "$work" "${quick[@]}" > "$work/msticpy-$round.jsonl"
done

python3 "$here/report.py" "$work" > "$root/bench/results/python.md"
cat "$root/bench/results/python.md"
