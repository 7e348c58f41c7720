#!/usr/bin/env bash
# The main job: build the CLI, then score the shipped demo evidence against
# the shipped job retention framework and screen the candidates against the
# job retention specialist profile (as of 2026-06-30, the demo's date).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh   # only the Rust toolchain: the demo needs nothing else
# A debug build without the Parquet reader (the demo evidence is CSV): about
# half the compile time of the optimised CLI with every format, which
# `cargo build --release -p proficient-cli` builds (target/release/proficient).
cargo build --locked -q -p proficient-cli --no-default-features
bin="${CARGO_TARGET_DIR:-target}/debug/proficient"
evidence=examples/job-retention-evidence.csv
echo "== proficient score --framework job-retention --evidence $evidence --as-of 2026-06-30"
"$bin" score --framework job-retention --evidence "$evidence" --as-of 2026-06-30
echo
echo "== proficient screen --profile job-retention-specialist --evidence $evidence --as-of 2026-06-30"
"$bin" screen --profile job-retention-specialist --evidence "$evidence" --as-of 2026-06-30
