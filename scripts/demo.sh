#!/usr/bin/env bash
# The main job: build the CLI, then validate and show the shipped job
# retention framework.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --locked -q -p proficient-cli
bin=target/release/proficient
"$bin" validate frameworks/job-retention.yaml frameworks/profiles/job-retention-specialist.yaml
"$bin" show job-retention
