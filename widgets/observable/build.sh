#!/usr/bin/env bash
# Builds the Observable Framework example into dist/ (offline: the views and their data are
# local files; the page uses only Framework's own client, no npm: imports).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
[ -x node_modules/.bin/observable ] || npm install --no-audit --no-fund
mkdir -p src/components src/data
for f in ../dist/*.js ../dist/huntkit.wasm; do cp "$f" "src/components/$(basename "$f")"; done
for f in processes_on_host.csv win_proc_test.csv time_series.csv o365_sessions.csv base64msg.txt \
  enrich/ti_results.csv enrich/geo_points.csv enrich/pivots.json; do
  cp "../../examples/data/$f" "src/data/$(basename "$f")"
done
rm -rf dist
node_modules/.bin/observable build
