"""A framework with no competencies (and then possibly no domains) is valid:
a shell being authored, or a CASE package with no items imported. Loading
it, scoring against it (every item an unknown criterion), its tables, the
report and its CASE export work, with the CLI's results (core/tests/empty.rs
and cli/tests/empty.rs check the same in Rust and on the command line)."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path
from typing import Any, List, Optional

import pytest

import proficient

from conftest import REPO
from test_case import case_errors, without_case

FRAMEWORKS = [REPO / "tests" / "frameworks" / "empty.yaml", REPO / "tests" / "frameworks" / "empty-competencies.yaml"]
IDS = [p.name for p in FRAMEWORKS]
EVIDENCE = "worker,criterion,kind,date,value\nw1,c1,obs,2024-01-01,4\nw2,c2,obs,2024-02-01,3\n"


def finite(v: Any) -> bool:
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, dict):
        return all(finite(x) for x in v.values())
    if isinstance(v, list):
        return all(finite(x) for x in v)
    return True


@pytest.mark.parametrize("path", FRAMEWORKS, ids=IDS)
def test_a_framework_with_no_competencies_loads(path: Path) -> None:
    fw = proficient.load_framework(path)
    assert fw.competencies == () and fw.criteria == ()
    assert proficient.Framework.from_yaml(path.read_text(encoding="utf-8")) == fw
    # What `show --format json` prints.
    assert fw.to_dict()["competencies"] == []


def test_competencies_must_still_be_there() -> None:
    text = FRAMEWORKS[0].read_text(encoding="utf-8").replace("competencies: []\n", "")
    with pytest.raises(proficient.FrameworkError) as e:
        proficient.Framework.from_yaml(text)
    assert [(x["code"], x["message"]) for x in e.value.errors] == [
        ("shape", "missing field `competencies`, which is required")
    ]


def run_cli(cli: Optional[str], *args: str) -> str:
    if cli is None:
        pytest.fail("the proficient CLI binary was not found (set PROFICIENT_CLI or build it)")
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True, cwd=REPO).stdout


@pytest.mark.parametrize("path", FRAMEWORKS, ids=IDS)
def test_scoring_rejects_every_item_as_an_unknown_criterion(path: Path, tmp_path: Path, cli: Optional[str]) -> None:
    fw = proficient.load_framework(path)
    csv = tmp_path / "evidence.csv"
    csv.write_text(EVIDENCE, encoding="utf-8")
    result = proficient.score(fw, csv, as_of="2024-06-30")
    assert result.counts == proficient.Counts(items=2, used=0, rejected=2)
    assert [r.reason for r in result.rejected] == ["unknown_criterion"] * 2
    assert [(w.worker, w.overall, w.competencies) for w in result.workers] == [("w1", None, ()), ("w2", None, ())]
    assert finite(result.to_dict())
    # The CLI's JSON, byte for byte.
    assert result.to_json() == run_cli(
        cli, "score", "--framework", str(path), "--evidence", str(csv), "--as-of", "2024-06-30", "--format", "json"
    )
    # The same items as dicts.
    rows = [
        {"worker": "w1", "criterion": "c1", "kind": "obs", "date": "2024-01-01", "value": 4},
        {"worker": "w2", "criterion": "c2", "kind": "obs", "date": "2024-02-01", "value": 3},
    ]
    assert proficient.score(fw, rows, as_of="2024-06-30").counts == result.counts
    # Tidy tables: no rows where there is nothing, the rejections listed.
    assert result.columns("competencies")["worker"] == []
    assert result.columns("criteria")["worker"] == []
    assert len(result.columns("rejected")["worker"]) == 2
    pandas = pytest.importorskip("pandas")
    frame = result.to_pandas("competencies")
    assert isinstance(frame, pandas.DataFrame) and len(frame) == 0 and "competency" in frame.columns
    assert len(result.to_pandas("rejected")) == 2
    polars = pytest.importorskip("polars")
    pframe = result.to_polars("competencies")
    assert isinstance(pframe, polars.DataFrame) and pframe.height == 0 and "competency" in pframe.columns


@pytest.mark.parametrize("path", FRAMEWORKS, ids=IDS)
def test_the_report_is_well_formed(path: Path, tmp_path: Path) -> None:
    fw = proficient.load_framework(path)
    csv = tmp_path / "evidence.csv"
    csv.write_text(EVIDENCE, encoding="utf-8")
    plans = {"framework": fw.id, "plans": []}
    html = proficient.report(fw, csv, plans=plans, as_of="2024-06-30")
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert 'points=""' not in html and "()" not in html
    words = set(re.split(r"[^A-Za-z0-9]+", html))
    assert not words & {"NaN", "inf", "Infinity"}
    for tag in ("svg", "table", "section", "article", "p", "div"):
        assert html.count(f"<{tag}>") + html.count(f"<{tag} ") == html.count(f"</{tag}>"), tag
    assert "The framework has no competencies yet." in html


def exports() -> List[Any]:
    imported = proficient.import_case(REPO / "tests" / "case" / "empty.json")
    assert imported.notes == ()
    return [proficient.load_framework(p) for p in FRAMEWORKS] + [imported.framework]


def test_empty_frameworks_export_valid_case_1_1_and_round_trip() -> None:
    for fw in exports():
        exp = proficient.export_case(fw)
        assert case_errors(exp.package) == [], fw.id
        assert len(exp.package["CFItems"]) == len(fw.domains)
        back = proficient.import_case(exp.package)
        assert without_case(back.framework.to_dict()) == without_case(fw.to_dict())
        assert back.framework.competencies == ()
        assert proficient.export_case(fw).json == exp.json
        assert proficient.export_case(back.framework).json == exp.json
