#!/usr/bin/env bash
# The Python engine tests: builds the huntkit package from widgets/python (maturin compiles
# its extension, crates/huntkit-py), installs it into tests/python/.venv and runs pytest.
# The parity tests compare with the CLI (built here) and the npm package (js/dist, skipped
# when it is not built).
#
# The extension is built in the dev profile: it builds in about a third of the time of a
# release build, and the tests' inputs are small. HUNTKIT_PY_PROFILE=release tests what a
# wheel ships.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${HUNTKIT_PYTHON_VENV:-$here/.venv}"
package="${HUNTKIT_PY_PACKAGE:-$repo/widgets/python}"
if [ ! -x "$venv/bin/maturin" ] || [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q maturin pandas pyarrow polars pytest anywidget nbclient ipykernel
fi
# The hunt notebook's test runs it in a kernel: a venv made before it gets nbclient too.
if [ ! -x "$venv/bin/jupyter-execute" ] || ! "$venv/bin/python" -c "import ipykernel" 2>/dev/null; then
  "$venv/bin/pip" install -q nbclient ipykernel
fi
(cd "$repo" && cargo build -q -p huntkit-cli)
export HUNTKIT_CLI="$repo/target/debug/huntkit"
# No build isolation: maturin is in the venv already (its build backend runs the `maturin`
# on PATH), and nothing is fetched per run.
PATH="$venv/bin:$PATH" MATURIN_PEP517_ARGS="--profile ${HUNTKIT_PY_PROFILE:-dev}" \
  "$venv/bin/pip" install -q --no-build-isolation --force-reinstall --no-deps "$package"
cd "$here"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
