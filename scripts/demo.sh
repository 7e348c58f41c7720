#!/usr/bin/env bash
# The main job: build the CLI, then score the shipped demo evidence against
# the shipped job retention framework and screen the candidates against the
# job retention specialist profile (as of 2026-06-30, the demo's date).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh   # only the Rust toolchain: the demo needs nothing else
cargo build --release --locked -q -p proficient-cli
bin="${CARGO_TARGET_DIR:-target}/release/proficient"
evidence=examples/job-retention-evidence.csv
echo "== proficient score --framework job-retention --evidence $evidence --as-of 2026-06-30"
"$bin" score --framework job-retention --evidence "$evidence" --as-of 2026-06-30
echo
echo "== proficient screen --profile job-retention-specialist --evidence $evidence --as-of 2026-06-30"
"$bin" screen --profile job-retention-specialist --evidence "$evidence" --as-of 2026-06-30
