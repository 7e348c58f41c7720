"""Frameworks authored in a workbook: the template ``export_sheet`` writes
is read by openpyxl (an independent reader) with the values of the
framework's YAML (read by PyYAML, another independent reader), numbers as
numbers; ``import_sheet`` reads it back into the same framework; a
template written by openpyxl reads as its hand-written YAML; mistakes are
located at their sheet and cell; ``workbook`` gives any operation's
workbook bytes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Dict, List

import openpyxl
import pytest
import yaml

import proficient

from conftest import DEMO_CSV, REPO


def rows(wb: Any, name: str) -> List[Dict[str, Any]]:
    """The sheet's rows as dicts by its header."""
    ws = wb[name]
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, r)) for r in values[1:]]


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@pytest.mark.parametrize("name", ["job-retention", "job-coach", "ips-fidelity"])
def test_the_template_holds_the_framework_yaml_values(name: str) -> None:
    doc = yaml.safe_load((REPO / "frameworks" / f"{name}.yaml").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(io.BytesIO(proficient.export_sheet(name)))
    assert wb.sheetnames == ["Framework", "Policy", "Evidence", "Domains", "Categories", "Levels",
                             "Competencies", "Sections", "Anchors", "Scales"]
    fields = {r["field"]: r["value"] for r in rows(wb, "Framework")}
    assert fields["id"] == doc["id"]
    assert fields["title"] == doc["title"]
    assert fields["citation"] == doc["source"]["citation"]
    assert fields["rating_min"] == doc["rating_scale"]["min"] and is_number(fields["rating_min"])
    kinds = rows(wb, "Evidence")
    assert [(k["kind"], k["weight"]) for k in kinds] == [(k["id"], k["weight"]) for k in doc["evidence_kinds"]]
    assert all(is_number(k["weight"]) for k in kinds)
    levels = [r for r in rows(wb, "Levels") if r["band"] == "competency"]
    assert [(r["level"], r["threshold"]) for r in levels] == [(l["id"], l["threshold"]) for l in doc["levels"]]
    overall = [(r["level"], r["threshold"]) for r in rows(wb, "Levels") if r["band"] == "overall"]
    assert overall == [(l["id"], l["threshold"]) for l in doc.get("overall_levels", [])]
    criteria = rows(wb, "Competencies")
    expected = [(c["id"], k["id"], k["statement"], k.get("weight", 1), k["measure"]["type"],
                 k["measure"].get("target"), True if k.get("required") else None)
                for c in doc["competencies"] for k in c["criteria"]]
    got = [(r["competency"], r["criterion"], r["statement"], r["weight"], r["measure"], r["target"],
            r["required"]) for r in criteria]
    assert got == expected
    # A competency's own cells are on its first row only.
    first = {c["id"]: c for c in doc["competencies"]}
    seen = set()
    for r in criteria:
        if r["competency"] in seen:
            assert r["competency_statement"] is None
        else:
            assert r["competency_statement"] == first[r["competency"]]["statement"]
            rule = first[r["competency"]].get("rule")
            assert (r["rule"] is None) == (rule is None)
            seen.add(r["competency"])


def test_no_text_cell_of_the_template_is_a_formula() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(proficient.export_sheet("ips-fidelity")))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"


@pytest.mark.parametrize("name", ["job-retention", "job-coach", "ips-fidelity"])
def test_the_template_reads_back_into_the_same_framework(name: str, tmp_path: Path) -> None:
    data = proficient.export_sheet(name)
    assert proficient.import_sheet(data) == proficient.load_framework(name)
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(data)
    assert proficient.import_sheet(path).to_dict() == proficient.load_framework(name).to_dict()


def test_the_shipped_example_workbook_is_the_job_retention_framework() -> None:
    fw = proficient.import_sheet(REPO / "examples" / "job-retention-framework.xlsx")
    assert fw == proficient.load_framework("job-retention")


def test_a_template_written_by_openpyxl_reads_as_its_yaml() -> None:
    fw = proficient.import_sheet(REPO / "tests" / "sheets" / "framework.xlsx")
    expected = proficient.load_framework(REPO / "tests" / "sheets" / "framework.expected.yaml")
    assert fw == expected
    assert fw.criterion("c1.tone").weight == 0.5


def test_mistakes_are_located_at_their_sheet_and_cell() -> None:
    with pytest.raises(proficient.FrameworkError) as e:
        proficient.import_sheet(REPO / "tests" / "sheets" / "framework-errors.xlsx")
    where = [(d["sheet"], d["line"], d["column"], d["code"]) for d in e.value.errors]
    # Evidence!C1, Levels!D3, Competencies!F3 (make_fixtures.py).
    assert where == [("Evidence", 1, 3, "unknown_column"), ("Levels", 3, 4, "error_cell"),
                     ("Competencies", 3, 6, "invalid_value")]


def test_any_operation_gives_its_workbook_bytes() -> None:
    data = proficient.workbook("score", framework="job-retention", evidence=DEMO_CSV, as_of="2026-01-01")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Scores", "Levels", "Rejected"]
    result = proficient.score("job-retention", DEMO_CSV, as_of="2026-01-01")
    workers = {r["worker"] for r in rows(wb, "Levels")}
    assert workers == {w.worker for w in result.workers}
    with pytest.raises(proficient.ProficientError):
        proficient.workbook("delphi", ratings=REPO / "examples" / "delphi-ratings.csv")
