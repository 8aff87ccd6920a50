#!/usr/bin/env bash
# Sessions benchmark: huntkit native, huntkit wasm under Node (when the npm package is
# built) and MSTICPy on the same synthetic Office 365-style events, written to
# bench/results/sessions.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$ROOT/target/bench-work}
BENCH_PY=${BENCH_PY:-$ROOT/bench/.venv/bin/python}
HUNTKIT_JS=${HUNTKIT_JS:-$ROOT/js}
WORK=$BENCH_WORK/sessions
mkdir -p "$WORK" "$ROOT/bench/results"

if [ "${BENCH_QUICK:-0}" = "1" ]; then
  SIZES="100 1000"
  SESSIONIZE_CAP=2000
  MODEL_CAP=1000
else
  SIZES="1000 10000 100000"
  # MSTICPy's sessionizer is a row loop (about 2 000 rows/s): measure a prefix and
  # extrapolate linearly, so the whole run stays within a few minutes.
  SESSIONIZE_CAP=20000
  MODEL_CAP=100000
fi

FILES=()
for n in $SIZES; do
  f="$WORK/events_${n}.csv"
  [ -s "$f" ] || python3 "$HERE/gen_events.py" "$n" "$f"
  FILES+=("$f")
done

echo "sessions: huntkit native" >&2
(cd "$ROOT" && cargo bench -q -p huntkit-sessions --bench sessions -- "${FILES[@]}") > "$WORK/native.jsonl"

: > "$WORK/wasm.jsonl"
if [ -f "$HUNTKIT_JS/dist/index.js" ] && command -v node >/dev/null; then
  echo "sessions: huntkit wasm (Node)" >&2
  node "$HERE/wasm_bench.mjs" "$HUNTKIT_JS" "${FILES[@]}" > "$WORK/wasm.jsonl" || {
    echo "sessions: wasm run failed; its column is left empty" >&2
    : > "$WORK/wasm.jsonl"
  }
fi

: > "$WORK/msticpy.jsonl"
if [ -x "$BENCH_PY" ] && "$BENCH_PY" -c "import msticpy" 2>/dev/null; then
  for f in "${FILES[@]}"; do
    echo "sessions: MSTICPy on $(basename "$f")" >&2
    "$BENCH_PY" "$HERE/msticpy_bench.py" "$f" "$SESSIONIZE_CAP" "$MODEL_CAP" \
      | sed "s|^{|{\"file\": \"$f\", |" >> "$WORK/msticpy.jsonl"
  done
fi

python3 "$HERE/report.py" "$WORK" > "$ROOT/bench/results/sessions.md"
cat "$ROOT/bench/results/sessions.md"
