"""The package is typed: mypy --strict accepts the package itself and a
typed use of the API (typed_usage.py) against the installed package's
annotations and stubs, and stubtest finds the native module's stub
(_native.pyi) true to the module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import proficient

HERE = Path(__file__).resolve().parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=HERE.parent.parent
    )


def test_package_ships_py_typed_and_stubs() -> None:
    pkg = Path(proficient.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_native.pyi").exists()


def test_mypy_strict_accepts_typed_usage() -> None:
    r = run("mypy", "--strict", "--no-incremental", str(HERE / "typed_usage.py"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_accepts_the_package_itself() -> None:
    r = run("mypy", "--strict", "--no-incremental", "-p", "proficient")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_rejects_wrong_types(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import proficient\n"
        "fw = proficient.load_framework('job-retention')\n"
        "x: int = fw.competencies\n"
        "proficient.score(fw, [], as_of=3.5)\n",
        encoding="utf-8",
    )
    r = run("mypy", "--strict", "--no-incremental", str(bad))
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout.count("error:") == 2, r.stdout


def test_stubtest_native_module() -> None:
    r = run("mypy.stubtest", "proficient._native")
    assert r.returncode == 0, r.stdout + r.stderr
