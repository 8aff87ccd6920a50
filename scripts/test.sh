#!/usr/bin/env bash
# Runs every huntkit test: formatting, clippy, the Rust tests (the CLI's hostile-input
# suite among them), the wasm tests under Node, the npm package's tests, the Python
# engines' tests, the views' module
# tests, the bundler test, the browser tests in headless Chromium, the hostile-input tests
# of the npm package and the views, and the notebook tests in a real JupyterLab. Installs
# what it needs first.
set -uo pipefail
cd "$(dirname "$0")/.."
# A clean run gains nothing from incremental state, and it costs gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

failed=()
step() {
  local name=$1
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local t0=$SECONDS
  if "$@"; then
    printf '\033[1m<== %s: ok (%ss)\033[0m\n' "$name" $((SECONDS - t0))
  else
    printf '\033[1;31m<== %s: FAILED (%ss)\033[0m\n' "$name" $((SECONDS - t0))
    failed+=("$name")
  fi
}

step "setup" bash scripts/setup.sh --browser || true
[ ${#failed[@]} -eq 0 ] || { echo "setup failed"; exit 1; }

step "rustfmt" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "rust tests" cargo test --workspace --quiet
step "build wasm + npm package + widgets" bash scripts/build.sh --browser --no-cli
step "wasm tests (Node)" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p huntkit-wasm --target wasm32-unknown-unknown
step "npm package tests (Node)" node --test js/test/
step "Python engine tests (pytest)" tests/python/run.sh
step "view module tests (Node)" node --test widgets/test/
step "bundler tests" node --test tests/bundler/
step "browser tests (Chromium)" node --test tests/browser/
step "hostile-input tests (Node and Chromium)" node --test tests/hostile/
step "Spark tests (local[2] and a loopback cluster)" tests/spark/run.sh
if [ -x tests/jupyter/run.sh ]; then
  step "notebook tests (JupyterLab)" tests/jupyter/run.sh
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  printf '\033[1;31mFAILED: %s\033[0m\n' "${failed[*]}"
  exit 1
fi
echo "all huntkit tests passed"
