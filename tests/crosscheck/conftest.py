"""Shared fixtures of the cross-checks: the CLI binary, and a record of the
largest differences found, printed at the end of the run."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {}


def record(name, value, count=1):
    """Keeps the largest |difference| seen for `name` and how many values were compared."""
    worst, n = FIGURES.get(name, (0.0, 0))
    FIGURES[name] = (max(worst, abs(value)), n + count)


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("PROFICIENT_BIN") or str(ROOT / "target" / "debug" / "proficient")
    assert Path(path).is_file(), f"no CLI at {path}: build it with `cargo build -p proficient-cli`"

    def run(*args, check=True):
        out = subprocess.run([path, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
        if check:
            assert out.returncode == 0, f"proficient {' '.join(map(str, args))}: {out.stderr}"
        return out

    return run


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("cross-check figures (largest |difference|, values compared)")
    for name in sorted(FIGURES):
        worst, n = FIGURES[name]
        terminalreporter.write_line(f"{name:<58} {worst:.3e}  ({n})")
