#!/usr/bin/env bash
# Builds everything: the native CLI, the wasm module, the npm package (js/dist) and the
# widgets (widgets/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
# --no-cli: skip the native CLI (the tests build their own); --browser: install Chromium too.
cli=1
setup_args=()
for a in "$@"; do
  case $a in
    --no-cli) cli=0 ;;
    *) setup_args+=("$a") ;;
  esac
done
bash scripts/setup.sh "${setup_args[@]}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ $cli = 1 ]; then
  say "building the huntkit CLI"
  cargo build --release -p huntkit-cli
fi

say "building the wasm module"
cargo build -p huntkit-wasm --target wasm32-unknown-unknown --profile wasm
wasm=target/wasm32-unknown-unknown/wasm/huntkit_wasm.wasm
stamp=js/pkg/.built-from
if [ ! -f "$stamp" ] || [ "$wasm" -nt "$stamp" ]; then
  rm -rf js/pkg
  # No wasm-opt: its -Oz saved little once compressed and slowed the module down.
  # The reset function lets the npm package replace an instance that trapped (out of
  # memory) with a fresh one, and marks objects of the old instance as stale.
  wasm-bindgen --target web --experimental-reset-state-function --remove-name-section --remove-producers-section --out-dir js/pkg "$wasm"
  node js/scripts/async-reset.mjs js/pkg/huntkit_wasm.js
  touch "$stamp"
fi

say "building the npm package"
node js/scripts/build.mjs

if [ -f widgets/package.json ]; then
  say "building the widgets"
  (cd widgets && npm run --silent build)
fi
say "built: js/dist/ ($(du -h js/dist/huntkit_wasm_bg.wasm | cut -f1) of wasm)"
