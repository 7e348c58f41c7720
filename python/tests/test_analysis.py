"""proficient.cohort, proficient.equality and proficient.delphi: thin calls
into the engine, returning exactly what the CLI prints with --format json,
and the same results from files and from dicts."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import proficient

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
VECTORS = REPO / "tests" / "vectors"


def run_cli(cli: Optional[str], *args: str) -> Any:
    if cli is None:
        pytest.fail("the proficient CLI binary was not found (set PROFICIENT_CLI or build it)")
    out = subprocess.run([cli, *args], check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout)


def test_delphi_is_the_cli_output(cli: Optional[str]) -> None:
    got = proficient.delphi(EXAMPLES / "delphi-ratings.csv", items=str(EXAMPLES / "delphi-items.csv"))
    want = run_cli(cli, "delphi", "--ratings", "examples/delphi-ratings.csv",
                   "--items", "examples/delphi-items.csv", "--format", "json")
    assert got == want
    assert sum(p["participants"] for p in got["panel"]) == 80


def test_equality_is_the_cli_output_from_a_file_and_from_dicts(cli: Optional[str]) -> None:
    path = EXAMPLES / "staff-cpd.csv"
    kwargs: Dict[str, Any] = dict(group="ethnicity", outcome="accessed_cpd", period="year",
                                  reason="decline_reason", reference="White")
    got = proficient.equality(path, **kwargs)
    want = run_cli(cli, "equality", "--people", "examples/staff-cpd.csv", "--group", "ethnicity",
                   "--outcome", "accessed_cpd", "--period", "year", "--reason", "decline_reason",
                   "--reference", "White", "--format", "json")
    assert got == want
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert proficient.equality(rows, **kwargs) == got
    assert any(c["suppressed"] for c in got["cells"])


def test_cohort_is_the_cli_output(cli: Optional[str]) -> None:
    d = VECTORS / "cohort-01-job-retention"
    got = proficient.cohort("job-retention", str(d / "evidence.jsonl"), as_of="2024-06-30",
                            profile="job-retention-specialist", plans=d / "plans.yaml", min_holders=3)
    want = run_cli(cli, "cohort", "--framework", "job-retention", "--evidence", str(d / "evidence.jsonl"),
                   "--as-of", "2024-06-30", "--profile", "job-retention-specialist",
                   "--plans", str(d / "plans.yaml"), "--min-holders", "3", "--format", "json")
    assert got == want


def test_delphi_from_dicts_and_item_dicts() -> None:
    ratings: List[Dict[str, Any]] = [
        {"participant": f"p{i}", "group": "g", "round": 1, "item": "a", "score": s}
        for i, s in enumerate([8, 9, 10, 6])
    ]
    ratings.append({"participant": "p9", "group": "g", "round": 1, "item": "zz", "score": 5})
    r = proficient.delphi(ratings, items=[{"item": "a", "label": "An item"}])
    item = r["rounds"][0]["items"][0]
    assert (item["mean"], item["median"], item["consensus_band"]) == (8.25, 8.5, "high")
    assert item["label"] == "An item"
    assert [(x["line"], x["reason"]) for x in r["excluded"]] == [(5, "unknown_item")]


def test_malformed_inputs_raise_located_errors(tmp_path: Path) -> None:
    bad = tmp_path / "people.csv"
    bad.write_text("id,ethnicity\n1,White\n", encoding="utf-8")
    with pytest.raises(proficient.EvidenceError) as e:
        proficient.equality(bad, group="ethnicity", outcome="cpd")
    assert (e.value.line, e.value.code, e.value.file) == (1, "missing_column", str(bad))
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("participant,group,round,item,score\np1,g,one,a,5\n", encoding="utf-8")
    with pytest.raises(proficient.EvidenceError) as e:
        proficient.delphi(ratings)
    assert (e.value.line, e.value.column, e.value.path, e.value.code) == (2, 3, "round", "bad_round")
    assert isinstance(e.value, ValueError)
    with pytest.raises(ValueError):
        proficient.delphi([{"participant": "p", "group": "g", "round": 1, "item": "a", "score": 5}],
                          consensus=0.4)


def test_screen_with_people_carries_the_typed_impact_of_the_cli_and_of_adverse_impact(cli: Optional[str]) -> None:
    args = dict(as_of="2026-06-30", attributes=["ethnicity", "sex"], min_cell=3)
    people = EXAMPLES / "job-retention-people.csv"
    evidence = str(EXAMPLES / "job-retention-evidence.csv")
    r = proficient.screen("job-retention-specialist", evidence, people=people, **args)
    want = run_cli(cli, "screen", "--profile", "job-retention-specialist", "--evidence",
                   "examples/job-retention-evidence.csv", "--as-of", "2026-06-30", "--people",
                   "examples/job-retention-people.csv", "--attributes", "ethnicity,sex", "--min-cell", "3",
                   "--format", "json")
    assert r.to_dict() == want
    impact = r.adverse_impact
    assert isinstance(impact, proficient.AdverseImpact)
    assert impact == proficient.AdverseImpact.from_dict(want["adverse_impact"])
    assert impact == proficient.AdverseImpact.from_dict(
        proficient.adverse_impact("job-retention-specialist", evidence, people, **args)["adverse_impact"])
    assert [a.attribute for a in impact.attributes] == ["ethnicity", "sex"]
    assert proficient.screen("job-retention-specialist", evidence, as_of="2026-06-30").adverse_impact is None


def test_report_with_people_has_both_fairness_sections_as_the_cli(tmp_path: Path, cli: Optional[str]) -> None:
    if cli is None:
        pytest.fail("the proficient CLI binary was not found (set PROFICIENT_CLI or build it)")
    html = proficient.report("job-retention", str(EXAMPLES / "job-retention-evidence.csv"), as_of="2026-06-30",
                             profile="job-retention-specialist", people=EXAMPLES / "job-retention-people.csv",
                             min_cell=3)
    out = subprocess.run([cli, "report", "--framework", "job-retention", "--evidence",
                          "examples/job-retention-evidence.csv", "--as-of", "2026-06-30", "--profile",
                          "job-retention-specialist", "--people", "examples/job-retention-people.csv",
                          "--min-cell", "3"], check=True, capture_output=True, text=True, cwd=REPO)
    assert html == out.stdout
    assert '<section id="assessors">' in html and '<section id="adverse-impact">' in html
    with pytest.raises(proficient.ProficientError) as e:
        proficient.report("job-retention", str(EXAMPLES / "job-retention-evidence.csv"), as_of="2026-06-30",
                          people=EXAMPLES / "job-retention-people.csv")
    assert "profile" in str(e.value)
