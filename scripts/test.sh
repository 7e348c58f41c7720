#!/usr/bin/env bash
# Sets up what the tests need (idempotently) and runs every test:
# formatting, lints, Rust tests (including README examples and shared
# vectors), and the Python, JS and browser tests once those parts exist.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

step() { printf '\n=== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo deny (licences, bans, sources; advisories need the network, see deny.toml)"
cargo deny --locked check bans licenses sources

step "cargo test"
cargo test --workspace --locked

step "cargo test: a core without the feature rules refuses what it would ignore"
cargo test -p proficient --locked --no-default-features --features threads,clock --test needs_feature

for extra in scripts/test-*.sh; do
  [ -e "$extra" ] || continue
  step "$extra"
  bash "$extra"
done

echo
echo "all tests passed"
