"""Cross-surface check on generated inputs: for every seeded evidence file
in tests/generated/ (see make_generated.py there), the Python package gives
exactly the CLI's JSON (wasm/tests/generated.test.mjs checks JS the same
way)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional

import pytest

import proficient

from conftest import REPO

FILES = sorted((REPO / "tests" / "generated").glob("evidence-*.csv"))


def test_there_are_generated_inputs() -> None:
    assert len(FILES) >= 8


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_python_gives_the_cli_json(path: Path, cli: Optional[str]) -> None:
    if cli is None:
        pytest.fail("the proficient CLI binary was not found (set PROFICIENT_CLI or build it)")
    out = subprocess.run(
        [cli, "score", "--framework", "job-retention", "--evidence", str(path),
         "--as-of", "2026-06-30", "--format", "json"],
        check=True, capture_output=True, text=True, cwd=REPO,
    ).stdout
    assert proficient.score("job-retention", path, as_of="2026-06-30").to_json() == out
