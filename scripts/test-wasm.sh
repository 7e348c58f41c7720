#!/usr/bin/env bash
# Builds the WASM package (printing each .wasm size, raw and gzipped, and
# failing when the main module is over its size budget), checks
# its TypeScript declarations with tsc, and runs its Node tests: the shared
# vectors, the malformed corpus, the API, and the page in Chromium (the
# browser test also compares the page with the CLI's JSON, so the CLI is
# built first; it is usually already built by `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

cargo build --locked -q -p proficient-cli
export PROFICIENT_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/proficient"

# A main module over its budget (400 KB, 150 KB gzipped: wasm/README.md,
# "Size and speed") fails the build, and so the tests.
PROFICIENT_WASM_ENFORCE_BUDGET=1 bash wasm/build.sh

cd wasm
echo "tsc --noEmit (Node types, then DOM types)"
node_modules/.bin/tsc --noEmit -p tsconfig.json
node_modules/.bin/tsc --noEmit -p tsconfig.dom.json

echo "node --test"
node --test tests/
