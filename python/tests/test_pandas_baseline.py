"""The pandas baseline of the benchmarks (bench/pandas_baseline.py) gives the
engine's numbers: on every shared scoring vector (against its independently
worked expected.json) and on generated workloads in every file format
(against the installed package)."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.util
import json
import math
import subprocess
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import pytest

import proficient
from conftest import REPO, baseline_dirs, load_case

spec = importlib.util.spec_from_file_location("pandas_baseline", REPO / "bench" / "pandas_baseline.py")
assert spec is not None and spec.loader is not None
baseline: Any = importlib.util.module_from_spec(spec)
spec.loader.exec_module(baseline)


def _num(x: Any) -> Optional[float]:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def tables_of_result(result: Dict[str, Any]) -> Dict[str, Any]:
    """A score result's JSON (engine or expected.json) as keyed tables."""
    out: Dict[str, Any] = {"counts": result["counts"], "comp": {}, "crit": {}, "dom": {},
                           "overall": {}}
    for w in result["workers"]:
        out["overall"][w["worker"]] = _num(w["overall"])
        for d in w["domains"]:
            out["dom"][(w["worker"], d["id"])] = _num(d["score"])
        for c in w["competencies"]:
            out["comp"][(w["worker"], c["id"])] = (
                _num(c["score"]), c["level"], c["status"], c["coverage"], c["items"])
            for k in c["criteria"]:
                out["crit"][(w["worker"], k["id"])] = (_num(k["score"]), k["items"], k["weight"])
    out["rejected"] = collections.Counter(
        (r["id"], r["worker"], r["criterion"], r["reason"]) for r in result["rejected"])
    return out


def tables_of_baseline(r: Dict[str, Any]) -> Dict[str, Any]:
    def rows(df: Any) -> Any:
        return df.astype(object).where(df.notna(), None).itertuples(index=False)

    out: Dict[str, Any] = {"counts": r["counts"], "comp": {}, "crit": {}, "dom": {},
                           "overall": {}}
    for w, o in rows(r["overall"]):
        out["overall"][w] = _num(o)
    for w, d, s in rows(r["domains"]):
        out["dom"][(w, d)] = _num(s)
    for w, c, s, lv, st, cov, n in rows(r["competencies"]):
        out["comp"][(w, c)] = (_num(s), lv, st, cov, int(n))
    for w, k, s, n, wt in rows(r["criteria"]):
        out["crit"][(w, k)] = (_num(s), int(n), wt)
    out["rejected"] = collections.Counter(
        (i, w, k, reason) for i, _, w, k, reason in rows(r["rejected"]))
    return out


def close(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9
    return bool(a == b)


def assert_same(expected: Dict[str, Any], got: Dict[str, Any], what: str) -> None:
    assert got["counts"] == expected["counts"], what
    assert got["rejected"] == expected["rejected"], what
    for table in ("overall", "dom", "comp", "crit"):
        assert set(got[table]) == set(expected[table]), f"{what}: {table} keys"
        bad: Tuple[Any, ...] = tuple(
            (k, expected[table][k], got[table][k]) for k in expected[table]
            if not close(expected[table][k], got[table][k]))
        assert not bad, f"{what}: {table} differs, first: {bad[0]}"


def framework_json(name_or_path: Any) -> Dict[str, Any]:
    fw: Dict[str, Any] = proficient.load_framework(name_or_path).to_dict()
    return fw


@pytest.mark.parametrize("case_dir", baseline_dirs(),
                         ids=lambda d: d.name)
def test_baseline_matches_the_expected_vector(case_dir: Path) -> None:
    case = load_case(case_dir)
    path = case_dir / case["framework"]
    fw = framework_json(path if path.exists() else case["framework"])
    items = baseline.read_evidence(case_dir / case["evidence"])
    got = baseline.score(fw, items, dt.date.fromisoformat(case["as_of"]), case.get("policy"))
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    assert_same(tables_of_result(expected), tables_of_baseline(got), case_dir.name)


def generated_workload(cli: Optional[str], tmp_path: Path, ext: str,
                       competencies: Optional[int]) -> Tuple[Any, Path, dt.date, Dict[str, Any]]:
    """A generated workload (6,000 items over 150 workers, seed 11; with
    ``competencies``, over a generated framework of that many) written as
    ``ext``: ``(framework, file, as_of, the engine's result as JSON)``."""
    assert cli, "the proficient CLI is needed to generate workloads"
    out = tmp_path / f"items.{ext}"
    args = [cli, "generate", "--items", "6000", "--workers", "150", "--seed", "11",
            "--out", str(out)]
    fw_path = tmp_path / "fw.yaml"
    if competencies:
        args += ["--competencies", str(competencies), "--framework-out", str(fw_path)]
    subprocess.run(args, check=True, capture_output=True)
    fw = proficient.load_framework(fw_path if competencies else "job-retention")
    as_of = dt.date(2026, 6, 30)
    engine = json.loads(proficient.score(fw, str(out), as_of=as_of).to_json())
    return fw, out, as_of, engine


@pytest.mark.parametrize("ext", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("competencies", [None, 9])
def test_baseline_matches_the_engine_on_generated_workloads(
        cli: Optional[str], tmp_path: Path, ext: str, competencies: Optional[int]) -> None:
    fw, out, as_of, engine = generated_workload(cli, tmp_path, ext, competencies)
    got = baseline.score(fw.to_dict(), baseline.read_evidence(out), as_of)
    assert engine["counts"]["rejected"] > 0
    assert_same(tables_of_result(engine), tables_of_baseline(got), f"{ext} {competencies}")
