#!/usr/bin/env bash
# Builds the WASM package if needed and serves the browser page on
# http://127.0.0.1:8080/ (another port: `bash scripts/serve-page.sh 9000`).
# The page loads only its own files; nothing is sent anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f wasm/www/pkg/proficient_wasm_bg.wasm ]; then
  source scripts/setup.sh
  bash wasm/build.sh
fi
exec node wasm/serve.mjs "${1:-8080}"
