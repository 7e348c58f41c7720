#!/usr/bin/env bash
# Output adversaries (bench/output.py): a 65,000-character worker id among
# 60,000 workers, and 1,000,000 workers with one item each, through `score`
# (table, JSON, CSV) and `screen`; wall time, peak RSS and bytes written per
# command. Prints figures, asserts nothing. About 2 minutes (JSON of 1M
# workers is ~10 GB, counted through a pipe, not stored).
#
#   bash bench/output.sh                       # full sizes
#   bash bench/output.sh --quick               # a tenth of the sizes
#   bash bench/output.sh --baseline OLD-BINARY # also run another build
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
echo "building the release CLI" >&2
cargo build --release --locked --quiet -p proficient-cli
exec nice -n 10 python3 bench/output.py --cli "$target/release/proficient" \
  --data "${BENCH_DATA:-$target/bench-data}" "$@"
