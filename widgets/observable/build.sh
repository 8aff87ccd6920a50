#!/usr/bin/env bash
# Builds the Observable Framework example into dist/ (offline: the view and its data are
# local files; the page uses only Framework's own client, no npm: imports).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
[ -x node_modules/.bin/observable ] || npm install --no-audit --no-fund
mkdir -p src/components src/data
for f in timeline.js host.js engine.js huntkit.wasm; do cp "../dist/$f" "src/components/$f"; done
cp ../../examples/data/processes_on_host.csv src/data/processes_on_host.csv
rm -rf dist
node_modules/.bin/observable build
