#!/usr/bin/env bash
# Idempotent setup for this repository's builds and tests: installs only
# what is missing. Sourced by the other scripts. On top of the Rust
# toolchain (scripts/toolchain.sh, all that scripts/demo.sh needs) the
# tests need rustfmt and clippy, cargo-deny (setup-deny.sh), the Python
# tools (setup-python.sh: maturin, pytest, mypy, pandas, polars, duckdb, pyarrow),
# wasm-bindgen-cli and the npm packages (setup-wasm.sh), and Debian's
# Chromium and ChromeDriver for the browser test.
set -euo pipefail
source scripts/toolchain.sh
# A CI run starts cold and never reuses cargo's incremental cache, which
# would only take disk (gigabytes across the test binaries).
if [ "${CI:-}" = true ]; then
  export CARGO_INCREMENTAL=0
fi
if command -v rustup >/dev/null 2>&1; then
  for comp in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$comp" || rustup component add "$comp"
  done
fi
for extra in scripts/setup-*.sh; do
  [ -e "$extra" ] || continue
  source "$extra"
done
