#!/usr/bin/env bash
# View benchmarks: each view in headless Chromium (bench/views/<view>.mjs; the process
# tree beside MSTICPy's Bokeh tree in the same run), and what a notebook carries per view
# in a real JupyterLab (delivery.mjs). Writes bench/results/views.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$root/bench/work}
work="$BENCH_WORK/views"
mkdir -p "$work" "$root/bench/results"
rm -f "$work"/*.jsonl

for script in "$here"/*.mjs; do
  name=$(basename "$script" .mjs)
  # Modules the benchmarks import, not benchmarks.
  case "$name" in common | page | process_tree_events) continue ;; esac
  echo "views: $name" >&2
  if ! node "$script" > "$work/$name.jsonl"; then
    echo "views: $name failed" >&2
  fi
done
python3 "$here/report.py" "$work" > "$root/bench/results/views.md"
