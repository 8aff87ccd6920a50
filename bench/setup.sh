#!/usr/bin/env bash
# What the benchmarks compare against: a venv at bench/.venv with MSTICPy and the Python
# peers (bench/requirements.txt), and the npm peers. Skipped when already in place.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# The npm peers (bench/ioc/package.json), beside the Node side of their benchmark.
if [ ! -d "$here/ioc/node_modules/ioc-extractor" ]; then
  (cd "$here/ioc" && npm install --no-audit --no-fund --no-package-lock --quiet)
fi
venv=$here/.venv
stamp=$venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt "$here/requirements.txt" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
touch "$stamp"
