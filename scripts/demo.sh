#!/usr/bin/env bash
# Builds huntkit and serves the demo page on 127.0.0.1: inspect of every sample file and
# the interactive views on the bundled data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs "${PORT:-8000}"
