#!/usr/bin/env bash
# Runs one fuzz target for a fixed time:
#   scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-OPTION...]
# (e.g. -max_len=16384 to explore small inputs faster).
# Targets: framework_yaml, documents, evidence, scoring, case_import
# (fuzz/fuzz_targets/). Not part of scripts/test.sh: run by hand, one at a
# time, under `nice`. Installs cargo-fuzz when missing. Runs on the pinned
# stable toolchain with `--sanitizer none` (sanitizers need nightly; the
# core has no unsafe code). The corpus grows in fuzz/corpus/TARGET (not
# committed); crashes land in fuzz/artifacts/TARGET: turn each into a
# regression test (core/tests/fuzz_regressions.rs) before fixing it.
# Dictionaries of a format's tokens are in fuzz/dicts/TARGET.dict.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-OPTION...]" >&2
  exit 2
fi
target="$1" seconds="$2"
shift 2
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi
# Seeds: the repository's own valid and invalid inputs of the target's
# kinds (for targets whose first byte picks the reader, with that byte).
seeds="fuzz/corpus/$target"
if [ ! -d "$seeds" ]; then
  mkdir -p "$seeds"
  seed() { # BYTE FILE...
    local byte="$1" f
    shift
    for f in "$@"; do
      [ -f "$f" ] || continue
      { [ -z "$byte" ] || printf "\\x$byte"; cat "$f"; } >"$seeds/$(printf '%s' "$byte$f" | sha1sum | cut -c1-16)"
    done
  }
  case "$target" in
    framework_yaml) seed "" frameworks/*.yaml tests/invalid/*.yaml ;;
    documents)
      seed 00 frameworks/profiles/*.yaml tests/invalid/profile-*.yaml
      seed 02 examples/*plans.yaml tests/invalid/plans/*
      seed 03 examples/*cpd.yaml tests/invalid/cpd/*.yaml
      seed 04 examples/*cpd.csv tests/invalid/cpd/*.csv
      seed 06 tests/vectors/equality-*/*.csv tests/invalid/analysis/people-*.csv
      seed 07 examples/delphi-*.csv tests/invalid/analysis/ratings-*.csv
      seed 08 tests/vectors/delphi-*/*.json tests/invalid/analysis/*.json ;;
    evidence)
      seed 00 examples/*evidence.csv tests/vectors/*/*.csv tests/invalid/evidence/*.csv
      seed 01 tests/vectors/*/*.jsonl tests/invalid/evidence/*.jsonl
      seed 02 tests/vectors/*/evidence*.json tests/invalid/evidence/*.json ;;
    case_import) seed "" tests/case/*.json tests/invalid/case/*.json ;;
  esac
fi
# A dictionary of the format's tokens (keys, keywords), where there is one.
dict=()
if [ -f "fuzz/dicts/$target.dict" ]; then
  dict=("-dict=fuzz/dicts/$target.dict")
fi
exec nice -n 10 cargo fuzz run --sanitizer none --fuzz-dir fuzz "$target" "$seeds" -- \
  -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 "${dict[@]}" "$@"
