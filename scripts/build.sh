#!/usr/bin/env bash
# Builds everything: the native CLI, the wasm module, the npm package (js/dist) and the
# widgets (widgets/dist). HUNTKIT_WASM_OPT=0 skips wasm-opt for a quicker, larger build.
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
if [ ! -f "$stamp" ] || [ "$wasm" -nt "$stamp" ] || [ "${HUNTKIT_WASM_OPT:-1}" != "$(cat "$stamp")" ]; then
  rm -rf js/pkg
  wasm-bindgen --target web --out-dir js/pkg "$wasm"
  if [ "${HUNTKIT_WASM_OPT:-1}" != 0 ]; then
    say "shrinking the wasm with wasm-opt -Oz"
    # npm's binaryen: Debian's older wasm-opt emits modules that fail to load.
    js/node_modules/.bin/wasm-opt -Oz js/pkg/huntkit_wasm_bg.wasm -o js/pkg/huntkit_wasm_bg.wasm
  fi
  echo "${HUNTKIT_WASM_OPT:-1}" > "$stamp"
fi

say "building the npm package"
node js/scripts/build.mjs

if [ -f widgets/package.json ]; then
  say "building the widgets"
  (cd widgets && npm run --silent build)
fi
say "built: js/dist/ ($(du -h js/dist/huntkit_wasm_bg.wasm | cut -f1) of wasm)"
