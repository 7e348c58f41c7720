#!/usr/bin/env bash
# Idempotent setup for this repository's builds and tests: installs only
# what is missing. Sourced by the other scripts.
set -euo pipefail
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust (https://rustup.rs) and re-run" >&2
  exit 2
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
