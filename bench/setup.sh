#!/usr/bin/env bash
# The Python side of the benchmarks: a venv at bench/.venv with MSTICPy and the peers
# huntkit is measured against (bench/requirements.txt). Skipped when already in place.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$here/.venv
stamp=$venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt "$here/requirements.txt" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
touch "$stamp"
