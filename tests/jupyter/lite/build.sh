#!/usr/bin/env bash
# Builds the offline JupyterLite site for tests/jupyter/lite.test.mjs into _output/.
# Needs: widgets/dist/timeline.js built; network access to the package registries the
# first time (venv, npm pyodide, wheels), none afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
venv="${HUNTKIT_LITE_VENV:-$here/../.venv-lite}"
cd "$here"
if [ ! -x "$venv/bin/jupyter-lite" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q jupyterlite-core==0.8.6 jupyterlite-pyodide-kernel==0.8.6 anywidget jupyter-server
fi
[ -d node_modules/pyodide ] || npm install --no-audit --no-fund
mkdir -p wheels
if ! ls wheels/micropip-*.whl >/dev/null 2>&1; then
  # Pure-Python wheels the Pyodide kernel installs with piplite instead of fetching them.
  python3 -m pip download -q --only-binary=:all: --platform any --implementation py --abi none \
    --python-version 3.14 -d wheels anywidget ipywidgets comm ipython jedi micropip==0.11.1
fi
rm -f wheels/huntkit-*.whl
# Pyodide cannot load the native engines (the wheel maturin builds is for this machine):
# the views' pure-Python wheel, the same package without its extension, goes to the site.
pure="$(mktemp -d)"
trap 'rm -rf "$pure"' EXIT
mkdir -p "$pure/src"
cp -r "$repo/widgets/python/src/huntkit" "$pure/src/"
rm -f "$pure"/src/huntkit/_native*.so "$pure"/src/huntkit/_native*.pyd
cp "$repo/widgets/python/README.md" "$pure/"
cat > "$pure/pyproject.toml" <<'TOML'
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "huntkit"
version = "0.1.0"
description = "huntkit's notebook views, without the native engines (for Pyodide)"
readme = "README.md"
requires-python = ">=3.9"
dependencies = ["anywidget>=0.9", "traitlets>=5"]

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
huntkit = ["static/*", "py.typed", "*.pyi"]
TOML
python3 -m pip wheel -q --no-deps -w wheels "$pure"
mkdir -p files
for f in processes_on_host.csv win_proc_test.csv time_series.csv o365_sessions.csv base64msg.txt host_logons.csv \
  enrich/ti_results.csv enrich/geo_points.csv enrich/pivots.json; do
  cp "$repo/examples/data/$f" files/
done
rm -rf _output .jupyterlite.doit.db
"$venv/bin/jupyter" lite build --contents files --piplite-wheels wheels --output-dir _output
python3 finish.py
