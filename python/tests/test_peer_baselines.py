"""The Polars and DuckDB peers of the benchmarks (bench/polars_baseline.py,
bench/duckdb_baseline.py) give the engine's numbers: on every shared
scoring vector (against its independently worked expected.json) and on
generated workloads in every file format (against the installed package),
to the tolerance of test_pandas_baseline.py, and on spellings of numbers
and yes/no beyond the vectors; and the worker × competency
CSV each writes (as the pandas baseline does with --out) is the CLI's
`score --format csv`, numbers within 1e-9."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import proficient
from conftest import REPO, baseline_dirs, load_case
from test_pandas_baseline import assert_same, framework_json, generated_workload, tables_of_result

PEERS = ["polars", "duckdb"]


def baseline(name: str) -> Any:
    """bench/NAME_baseline.py, or a skip when NAME is not installed (both
    are pinned in python/requirements-dev.txt: a skip means the tools
    environment is not the locked one)."""
    pytest.importorskip(name, reason=f"{name} is not installed (python/requirements-dev.txt "
                                     "pins it: run scripts/setup-python.sh)")
    path = REPO / "bench" / f"{name}_baseline.py"
    spec = importlib.util.spec_from_file_location(f"{name}_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_of(name: str, module: Any, fw: Dict[str, Any], evidence: Path, as_of: dt.date,
            policy: Optional[Dict[str, Any]] = None) -> Dict[str, List[Any]]:
    """Each table of the peer's score() as a list of row tuples."""
    if name == "polars":
        import polars as pl

        tables = module.score(fw, module.read_evidence(evidence), as_of, policy)
        frames = pl.collect_all(list(tables.values()))
        return {k: df.rows() for k, df in zip(tables, frames)}
    rows: Dict[str, List[Any]] = module.score(fw, evidence, as_of, policy)
    return rows


def tables_of_peer(r: Dict[str, List[Any]]) -> Dict[str, Any]:
    """The peer's tables keyed as test_pandas_baseline's tables_of_baseline."""
    (items, used, rejected), = r["counts"]
    out: Dict[str, Any] = {"counts": {"items": items, "used": used, "rejected": rejected},
                           "comp": {}, "crit": {}, "dom": {}, "overall": {}}
    for w, o in r["overall"]:
        out["overall"][w] = o
    for w, d, s in r["domains"]:
        out["dom"][(w, d)] = s
    for w, c, _domain, s, lv, st, cov, n in r["competencies"]:
        out["comp"][(w, c)] = (s, lv, st, cov, int(n))
    for w, k, s, n, wt in r["criteria"]:
        out["crit"][(w, k)] = (s, int(n), wt)
    out["rejected"] = collections.Counter(
        (i, w, k, reason) for i, _, w, k, reason in r["rejected"])
    return out


@pytest.mark.parametrize("peer", PEERS)
@pytest.mark.parametrize("case_dir", baseline_dirs(),
                         ids=lambda d: d.name)
def test_peer_matches_the_expected_vector(peer: str, case_dir: Path) -> None:
    module = baseline(peer)
    case = load_case(case_dir)
    path = case_dir / case["framework"]
    fw = framework_json(path if path.exists() else case["framework"])
    got = rows_of(peer, module, fw, case_dir / case["evidence"],
                  dt.date.fromisoformat(case["as_of"]), case.get("policy"))
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    assert_same(tables_of_result(expected), tables_of_peer(got), f"{peer} {case_dir.name}")


@pytest.mark.parametrize("peer", PEERS)
@pytest.mark.parametrize("ext", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("competencies", [None, 9])
def test_peer_matches_the_engine_on_generated_workloads(
        cli: Optional[str], tmp_path: Path, peer: str, ext: str,
        competencies: Optional[int]) -> None:
    module = baseline(peer)
    fw, out, as_of, engine = generated_workload(cli, tmp_path, ext, competencies)
    got = rows_of(peer, module, fw.to_dict(), out, as_of)
    assert engine["counts"]["rejected"] > 0
    assert_same(tables_of_result(engine), tables_of_peer(got), f"{peer} {ext} {competencies}")


def read_csv(path: Path) -> List[List[Any]]:
    """A worker × competency CSV with numbers as floats (empty cells: None)."""
    def cell(x: str) -> Any:
        if x == "":
            return None
        try:
            return float(x)
        except ValueError:
            return x

    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return [rows[0]] + [[cell(x) for x in r] for r in rows[1:]]


@pytest.mark.parametrize("peer", ["pandas"] + PEERS)
def test_peer_writes_the_cli_csv(cli: Optional[str], tmp_path: Path, peer: str) -> None:
    """`bench/PEER_baseline.py ... --out` (what bench/run.sh times) writes
    the rows of `proficient score --format csv`, numbers within 1e-9."""
    pytest.importorskip(peer, reason=f"{peer} is not installed (python/requirements-dev.txt "
                                     "pins it: run scripts/setup-python.sh)")
    assert cli, "the proficient CLI is needed to generate workloads"
    items, fw_json = tmp_path / "items.csv", tmp_path / "fw.json"
    subprocess.run([cli, "generate", "--items", "5000", "--workers", "120", "--seed", "7",
                    "--as-of", "2026-06-30", "--out", str(items)], check=True, capture_output=True)
    fw_json.write_text(subprocess.run([cli, "show", "job-retention", "--format", "json"],
                                      check=True, capture_output=True, text=True).stdout)
    expected = subprocess.run([cli, "score", "--framework", "job-retention", "--evidence",
                               str(items), "--as-of", "2026-06-30", "--format", "csv"],
                              check=True, capture_output=True, text=True).stdout
    (tmp_path / "cli.csv").write_text(expected, encoding="utf-8")
    out = tmp_path / f"{peer}.csv"
    run = subprocess.run([sys.executable, str(REPO / "bench" / f"{peer}_baseline.py"),
                          str(fw_json), str(items), "2026-06-30", "--out", str(out)],
                         check=True, capture_output=True, text=True)
    assert json.loads(run.stdout)["workers"] == 120
    want, got = read_csv(tmp_path / "cli.csv"), read_csv(out)
    assert got[0] == want[0]
    assert len(got) == len(want) == 1 + 120 * len(json.loads(fw_json.read_text())["competencies"])
    for i, (w, g) in enumerate(zip(want, got)):
        assert len(w) == len(g), f"row {i}"
        for x, y in zip(w, g):
            ok = abs(x - y) <= 1e-9 if isinstance(x, float) and isinstance(y, float) else x == y
            assert ok, f"row {i}: expected {w}, got {g}"


EDGE_FRAMEWORK = """\
id: edge
title: Spellings of numbers and yes/no
version: "1"
source: {citation: test_peer_baselines.py}
rating_scale: {min: 1, max: 5}
levels: [{id: low, label: Low, threshold: 0}, {id: high, label: High, threshold: 0.5}]
evidence_kinds: [{id: obs, label: Observation, weight: 1}]
domains: [{id: skills, label: Skills}]
competencies:
  - id: c1
    domain: skills
    statement: Do the thing
    criteria:
      - {id: r, statement: rating, measure: {type: rating, min: 0, max: 2000}}
      - {id: b, statement: binary, measure: {type: binary}}
      - {id: n, statement: count, measure: {type: count, target: 3}}
"""
# Texts that a number or a yes/no may or may not be (docs/scoring.md,
# section 2), and JSON values.
EDGE_TEXTS = ["4", " 4 ", ".5", "1e3", "+4", "1_000", "0x10", "4.", "Infinity", "inf", "-0",
              "1.0", " YES ", "nan", "1,5", "4e", "e4", "--4", "0.0", "00", "TRUE", "True", "y",
              "1.", "+1", "01", "no", "N"]
EDGE_JSON: List[Any] = [1, 0, 1.0, 0.0, 2.5, 1e3, -1, True, False, None, "yes", " 0 ", 3]


@pytest.mark.parametrize("peer", PEERS)
@pytest.mark.parametrize("ext", ["csv", "jsonl"])
def test_peer_reads_numbers_and_yes_no_as_the_engine(tmp_path: Path, peer: str, ext: str) -> None:
    """Beyond the vectors: every spelling above, on a rating, a binary and a
    count criterion, is read (or refused) as the engine reads it."""
    module = baseline(peer)
    fw_path = tmp_path / "fw.yaml"
    fw_path.write_text(EDGE_FRAMEWORK, encoding="utf-8")
    evidence = tmp_path / f"items.{ext}"
    values: List[Any] = EDGE_TEXTS if ext == "csv" else EDGE_TEXTS + EDGE_JSON
    items = [{"id": f"{c}{i}", "worker": f"w{i}", "criterion": c, "kind": "obs",
              "date": "2024-01-01", "value": v} for i, v in enumerate(values) for c in "rbn"]
    if ext == "csv":
        with evidence.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(items[0]))
            writer.writeheader()
            writer.writerows(items)
    else:
        evidence.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    fw = proficient.load_framework(fw_path)
    as_of = dt.date(2024, 6, 30)
    engine = json.loads(proficient.score(fw, str(evidence), as_of=as_of).to_json())
    assert 0 < engine["counts"]["rejected"] < engine["counts"]["items"]
    got = rows_of(peer, module, fw.to_dict(), evidence, as_of)
    assert_same(tables_of_result(engine), tables_of_peer(got), f"{peer} {ext}")
