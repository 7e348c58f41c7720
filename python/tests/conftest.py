"""Shared helpers of the Python tests.

These tests run against the INSTALLED wheel (scripts/test-python.sh builds
it with maturin and installs it in a fresh virtual environment); the
first test checks that ``proficient`` is not imported from the source tree.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
INVALID = REPO / "tests" / "invalid"
DEMO_CSV = REPO / "examples" / "job-retention-evidence.csv"


def vector_dirs() -> List[Path]:
    return sorted(p for p in VECTORS.iterdir() if (p / "case.json").exists())


def baseline_dirs() -> List[Path]:
    """The scoring vectors the dataframe baselines (bench/*_baseline.py)
    cover: the default policy without a profile, so without the rules,
    aggregates and level bands of issue 18, which they do not implement."""
    extensions = ("rule:", "required: true", "aggregate:", "overall_levels:", "    levels:")
    out = []
    for d in vector_dirs():
        case = load_case(d)
        fw = d / case["framework"]
        text = fw.read_text(encoding="utf-8") if fw.exists() else ""
        if "profile" in case or "aggregate" in (case.get("policy") or {}):
            continue
        if any(e in text for e in extensions):
            continue
        out.append(d)
    return out


def progress_dirs() -> List[Path]:
    return sorted(p for p in VECTORS.iterdir() if (p / "case.progress.json").exists())


def load_case(d: Path) -> Dict[str, Any]:
    case: Dict[str, Any] = json.loads((d / "case.json").read_text(encoding="utf-8"))
    return case


def framework_of(d: Path, case: Dict[str, Any]) -> Any:
    import proficient

    name = case["framework"]
    path = d / name
    return proficient.load_framework(path if path.exists() else name)


def diff(path: str, expected: Any, got: Any) -> Optional[str]:
    """The first difference, as core/tests/common/mod.rs compares: numbers
    within 1e-9, ``detail`` and ``explanation`` only checked to be
    non-empty strings, every other field and list order exactly."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return None if expected is got else f"{path}: expected {expected!r}, got {got!r}"
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return None if abs(expected - got) <= 1e-9 else f"{path}: expected {expected}, got {got}"
    if isinstance(expected, dict) and isinstance(got, dict):
        for k in sorted(set(expected) | set(got)):
            p = f"{path}.{k}"
            if k not in expected or k not in got:
                return f"{p}: expected {expected.get(k)!r}, got {got.get(k)!r}"
            if k in ("detail", "explanation"):
                if not (isinstance(expected[k], str) and isinstance(got[k], str) and got[k]):
                    return f"{p}: empty {k}"
                continue
            d = diff(p, expected[k], got[k])
            if d:
                return d
        return None
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return f"{path}: expected {len(expected)} elements, got {len(got)}"
        for i, (x, y) in enumerate(zip(expected, got)):
            d = diff(f"{path}[{i}]", x, y)
            if d:
                return d
        return None
    return None if expected == got else f"{path}: expected {expected!r}, got {got!r}"


def item_lines(result: Dict[str, Any]) -> List[int]:
    """Every item's line in a score result (used and rejected)."""
    lines = [r["line"] for r in result["rejected"]]
    for w in result["workers"]:
        for c in w["competencies"]:
            for k in c["criteria"]:
                lines.extend(e["line"] for e in k["evidence"])
    return lines


def as_positions(result: Dict[str, Any]) -> Dict[str, Any]:
    """``result`` with each item's file line replaced by its position among
    the items (1, 2, ...): what a DataFrame of the same rows gives (for
    files with one item per line at most)."""
    order = {line: i + 1 for i, line in enumerate(sorted(set(item_lines(result))))}
    out = json.loads(json.dumps(result))
    for r in out["rejected"]:
        r["line"] = order[r["line"]]
    for w in out["workers"]:
        for c in w["competencies"]:
            for k in c["criteria"]:
                for e in k["evidence"]:
                    e["line"] = order[e["line"]]
    return out


def without_details(result: Dict[str, Any]) -> Dict[str, Any]:
    """``result`` with rejection details reduced to empty or not (their
    wording may quote a value as read: `4` from a number, `4` from text)."""
    out = json.loads(json.dumps(result))
    for r in out["rejected"]:
        r["detail"] = "(detail)" if r["detail"] else ""
    return out


@pytest.fixture(scope="session")
def cli() -> Optional[str]:
    """The `proficient` CLI binary (PROFICIENT_CLI, else target/{release,debug})."""
    env = os.environ.get("PROFICIENT_CLI")
    if env:
        return env
    for profile in ("release", "debug"):
        p = REPO / "target" / profile / "proficient"
        if p.exists():
            return str(p)
    return None
