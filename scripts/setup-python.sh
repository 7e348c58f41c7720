#!/usr/bin/env bash
# Sourced by scripts/setup.sh: makes sure python/.venv holds maturin and the
# Python test dependencies locked in python/requirements-dev.lock (every
# package, transitive ones included, at an exact version with its sha256
# hashes; pip refuses anything else). The lock is compiled from
# python/requirements-dev.txt for Python 3.11 (the command is in its header).
# A fast no-op when the environment is there and the lock has not changed
# since it was made.
proficient_setup_python() {
  local venv=python/.venv req=python/requirements-dev.lock
  local stamp=python/.venv/.requirements.sha256
  local want py
  # Every pin of requirements-dev.txt must be in the lock: else it is stale.
  local pin
  for pin in $(grep -E '^[A-Za-z0-9_.-]+==' python/requirements-dev.txt); do
    if ! grep -qix "$pin \\\\" "$req"; then
      echo "$req lacks $pin: regenerate it with the pip-compile command in its header" >&2
      return 2
    fi
  done
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  py="${PYTHON:-python3}"
  if ! command -v "$py" >/dev/null 2>&1; then
    echo "python3 not found: install Python 3.9 or later and re-run" >&2
    return 2
  fi
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "$py is older than Python 3.9: install a newer Python and re-run" >&2
    return 2
  fi
  echo "setting up $venv: maturin and the Python test dependencies" >&2
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$req"
  echo "$want" >"$stamp"
}
proficient_setup_python
unset -f proficient_setup_python
