#!/usr/bin/env bash
# Browser tests of the timeline view (headless Chromium): the plain page with the AFM host
# shim (render, hover, zoom, pan, brush, legend, themes, a million events, hostile text) and
# the Observable Framework page, offline. Needs js/pkg (scripts/build.sh) and Chromium.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo/widgets"
[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund
node build.mjs
cd "$repo"
node --test tests/browser/timeline.test.mjs tests/browser/observable.test.mjs
