#!/usr/bin/env bash
# JupyterLab tests of the huntkit notebook package: the Python host tests (pytest) and the
# example notebook run with "Run All Cells" in headless Chromium.
# Needs widgets/node_modules (npm install in widgets/) and widgets/dist/timeline.js.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${HUNTKIT_JUPYTER_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/jupyter-lab" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q jupyterlab anywidget pyarrow pandas polars pytest
fi
# The views' tests need the package, not fast engines: build the extension unoptimised.
MATURIN_PEP517_ARGS="--profile dev" "$venv/bin/pip" install -q --force-reinstall --no-deps "$repo/widgets/python"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$here"/test_*_python.py
node --test "$here/timeline.test.mjs" "$here/views.test.mjs"
# JupyterLite, offline (HUNTKIT_SKIP_LITE=1 skips it).
if [ "${HUNTKIT_SKIP_LITE:-0}" != 1 ]; then
  "$here/lite/build.sh"
  node --test "$here/lite.test.mjs"
fi
