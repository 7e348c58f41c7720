#!/usr/bin/env bash
# The Python package's tests, run by scripts/test.sh (and so by .ci/run):
# builds the release wheel (abi3, CPython >= 3.9) with maturin, installs it
# in a fresh virtual environment, and runs pytest against the installed
# wheel: every shared vector and malformed input, DataFrame/Arrow inputs,
# the README's Python example, the GIL test, mypy --strict and stubtest.
# pytest's exit code 5 (no tests collected) counts as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-python.sh

tools=python/.venv
wheels=target/python-wheels
venv=target/python-test-venv

echo "building the wheel (maturin build --release)"
rm -rf "$wheels"
"$tools/bin/maturin" build --release --locked --quiet -m python/Cargo.toml -o "$wheels"
wheel="$(ls "$wheels"/proficient-*.whl)"
echo "built $wheel ($(du -k "$wheel" | cut -f1) KB)"

# The CLI, whose JSON output the tests compare with to_json().
cargo build --locked --quiet -p proficient-cli

# A fresh environment with only the wheel installed in it; the test tools
# (pytest, mypy, pandas, polars, duckdb, pyarrow, numpy) are read from the tools
# environment through a .pth file, so they are not reinstalled every run.
rm -rf "$venv"
"$tools/bin/python" -m venv --without-pip "$venv"
"$tools/bin/python" -m pip --python "$venv/bin/python" install --quiet \
  --disable-pip-version-check --no-deps --no-index "$wheel"
tools_site="$("$tools/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
test_site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
echo "$(cd "$tools_site" && pwd)" >"$test_site/_proficient_test_tools.pth"

set +e
PROFICIENT_CLI="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/proficient" \
  "$venv/bin/python" -m pytest python/tests -q -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
