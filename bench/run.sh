#!/usr/bin/env bash
# The README's performance table in one run: end-to-end CLI time per format
# (CSV, JSON Lines, Parquet), in-memory scoring items/s, peak RSS, Python via
# Arrow against the CLI, and the peers (bench/pandas_baseline.py,
# bench/polars_baseline.py, bench/duckdb_baseline.py: end to end, with peak RSS),
# for 10k to 10M items and 1k to 500k workers. Prints figures, asserts nothing.
#
#   bash bench/run.sh            # the full grid (4.8 min on the quiet 2-core VM before the Polars and DuckDB peers, 6 with its builds)
#   bash bench/run.sh --quick    # small sizes, one repeat (a minute or two)
#   bash bench/run.sh --sizes 1000000x50000,100000x1000   # chosen sizes
#   bash bench/run.sh --quick --peers polars,duckdb       # chosen peers (default: pandas,polars,duckdb)
#
# Builds the release CLI and the scoring bench, and the Python wheel with
# its test environment (scripts/test-python.sh) when missing. Generated data
# goes to $BENCH_DATA (default target/bench-data; up to ~2.5 GB at 10M items,
# deleted after each size); results to target/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"

echo "building the release CLI and the scoring bench" >&2
cargo build --release --locked --quiet -p proficient-cli
bench="$(cargo bench --locked --no-run --message-format=json -p proficient --bench scoring 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "scoring" and m.get("executable"):
        print(m["executable"])')"

py="$target/python-test-venv/bin/python"
if ! "$py" -c 'import proficient, pyarrow, pandas, polars, duckdb' 2>/dev/null; then
  echo "building the Python wheel and its environment (scripts/test-python.sh)" >&2
  bash scripts/test-python.sh -q -k installed_wheel >&2
fi

mkdir -p "$target/bench"
# The scoring bench: only its in-memory phase (the CLI runs are measured
# here), without the explain-all run (it keeps every item, ~8 GiB at 10M).
export BENCH_ONLY=memory BENCH_NO_EXPLAIN_ALL=1
exec nice -n 10 "$py" bench/run.py --cli "$target/release/proficient" --bench "$bench" \
  --python "$py" --data "${BENCH_DATA:-$target/bench-data}" --out "$target/bench/results.json" "$@"
