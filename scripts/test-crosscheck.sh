#!/usr/bin/env bash
# Cross-checks (run by scripts/test.sh):
# 1. the scoring vectors' and the analysis vectors' expected results are what
#    the independent Python references (tests/vectors/reference.py, for the
#    policy of docs/scoring.md, and tests/crosscheck/analysis_reference.py for
#    cohort, equality and Delphi) compute;
# 2. pytest compares the CLI's outputs on generated data with NumPy, SciPy,
#    statsmodels, krippendorff and the statistics module (to 1e-9), and
#    checks that no output format lets a suppressed cell be recovered.
# The libraries are pinned in tests/crosscheck/requirements.txt and
# installed (once, from PyPI) into target/crosscheck-venv.
# pytest's exit code 5 (no tests collected) counts as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/crosscheck-venv
req=tests/crosscheck/requirements.txt
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if ! [ -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  py="${PYTHON:-python3}"
  command -v "$py" >/dev/null 2>&1 || { echo "python3 not found: install Python 3.9 or later" >&2; exit 2; }
  echo "setting up $venv (numpy, scipy, statsmodels, krippendorff, pytest)" >&2
  rm -rf "$venv"
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" >"$stamp"
fi

cargo build --locked --quiet -p proficient-cli

echo "scoring vectors against the independent reference (docs/scoring.md)"
"$venv/bin/python" tests/vectors/reference.py --check
echo "analysis vectors against the independent reference"
"$venv/bin/python" tests/crosscheck/analysis_reference.py --check

set +e
PROFICIENT_BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/proficient" \
  "$venv/bin/python" -m pytest tests/crosscheck -q -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
