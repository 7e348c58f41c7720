"""Plans, CPD, progress, the trainer's report, CASE and badges through the
Python API: every plan/CPD vector (tests/vectors/*/case.progress.json) and
the CASE and badge fixtures give what core/tests/{progress,case,badge}.rs
expect, and the JSON, HTML and packages equal the CLI's."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional

import jsonschema
import pytest

import proficient

from conftest import DEMO_CSV, REPO, diff, progress_dirs

PROGRESS = progress_dirs()
CASE = REPO / "tests" / "case"
ISSUER = REPO / "tests" / "badge" / "issuer.yaml"
EXAMPLES = REPO / "examples"
DEMO_PLANS = EXAMPLES / "job-retention-plans.yaml"
DEMO_CPD = EXAMPLES / "job-retention-cpd.yaml"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def cli_out(cli: Optional[str], *args: str) -> str:
    if cli is None:
        pytest.skip("the proficient CLI is not built")
    r = subprocess.run([cli, *args], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("case_dir", PROGRESS, ids=[d.name for d in PROGRESS])
def test_progress_vector(case_dir: Path) -> None:
    case = read(case_dir / "case.progress.json")
    fw = proficient.load_framework(case_dir / case["framework"])
    result = proficient.progress(
        fw,
        case_dir / case["evidence"],
        case_dir / case["plans"],
        as_of=case["as_of"],
        min_gain=case["min_gain"],
    )
    assert diff("", read(case_dir / "expected-progress.json"), result) is None
    for t in result["targets"]:
        assert t["explanation"].startswith(t["status"].replace("_", " ") + ":"), t
        if t["overdue"]:
            assert f"overdue by {t['days_overdue']} days" in t["explanation"], t
    if "cpd" in case:
        cpd = case_dir / case["cpd"]
        summary = proficient.cpd_summary(fw, cpd, period=case["period"])
        assert diff("", read(case_dir / "expected-cpd.json"), summary) is None
        made = proficient.cpd_evidence(fw, cpd)
        assert diff("", read(case_dir / "expected-cpd-evidence.json"), made) is None


def test_the_vectors_cover_every_status_overdue_and_period() -> None:
    statuses, periods, overdue, reviews = set(), set(), False, False
    for d in PROGRESS:
        case = read(d / "case.progress.json")
        periods.add(case.get("period"))
        for t in read(d / "expected-progress.json")["targets"]:
            statuses.add(t["status"])
            overdue = overdue or t["overdue"]
            reviews = reviews or len(t["trajectory"]) > 2
    assert statuses == {"achieved", "progressing", "no_progress"}
    assert {"month", "quarter", "year"} <= periods
    assert overdue and reviews


def test_plans_and_cpd_load_from_files_and_dicts() -> None:
    d = PROGRESS[0]
    fw = proficient.load_framework(d / "framework.yaml")
    plans = proficient.load_plans(d / "plans.yaml", framework=fw)
    assert plans["framework"] == "mini-plans" and len(plans["plans"]) == 3
    # A dict (with datetime.date values) gives the same plans and progress.
    as_dict = json.loads(json.dumps(plans))
    as_dict["plans"][0]["baseline"] = dt.date(2024, 2, 1)
    assert proficient.load_plans(as_dict, framework=fw) == plans
    by_file = proficient.progress(fw, d / "evidence.csv", d / "plans.yaml", as_of="2024-06-30")
    by_dict = proficient.progress(fw, d / "evidence.csv", as_dict, as_of=dt.date(2024, 6, 30))
    assert by_file == by_dict
    cpd = proficient.load_cpd(d / "cpd.yaml", framework=fw)
    assert len(cpd["activities"]) == 5 and cpd["evidence_rules"][0]["criterion"] == "c4.cert"
    assert proficient.cpd_summary(fw, cpd) == proficient.cpd_summary(fw, d / "cpd.yaml")


def test_cpd_reads_csv_like_yaml(tmp_path: Path) -> None:
    fw = proficient.load_framework(PROGRESS[0] / "framework.yaml")
    csv = tmp_path / "cpd.csv"
    csv.write_text(
        "worker,date,title,provider,hours,competencies,certificate\n"
        "w1,2024-01-15,Mediation skills,ACAS,14,c1,M-1\n"
        'w2,2024-04-02,"Team away day, all staff",,6,,\n',
        encoding="utf-8",
    )
    cpd = proficient.load_cpd(csv, framework=fw)
    assert [a["title"] for a in cpd["activities"]] == ["Mediation skills", "Team away day, all staff"]
    assert cpd["activities"][0]["competencies"] == ["c1"]
    summary = proficient.cpd_summary(fw, csv, period="month")
    assert [(w["worker"], w["period"], w["hours"]) for w in summary["by_worker"]] == [
        ("w1", "2024-01", 14.0),
        ("w2", "2024-04", 6.0),
    ]
    assert [u["title"] for u in summary["unmapped"]] == ["Team away day, all staff"]
    bad = tmp_path / "bad.csv"
    bad.write_text("worker,date,title,hours,competencies\nw1,2024-02-30,X,3,c1\n", encoding="utf-8")
    with pytest.raises(proficient.CpdError) as e:
        proficient.load_cpd(bad, framework=fw)
    assert (e.value.file, e.value.line, e.value.column, e.value.path) == (str(bad), 2, 2, "date")
    with pytest.raises(ValueError, match="period"):
        proficient.cpd_summary(fw, csv, period="week")


def test_plan_errors_are_located() -> None:
    fw = proficient.load_framework(PROGRESS[0] / "framework.yaml")
    plans = {
        "framework": "mini-plans",
        "plans": [
            {
                "worker": "w1",
                "baseline": "2024-02-01",
                "reviews": ["2024-01-01"],
                "targets": [
                    {"competency": "c9", "level": "mid", "due": "2024-12-31"},
                    {"competency": "c1", "level": "expert", "due": "2023-12-31"},
                ],
            }
        ],
    }
    with pytest.raises(proficient.PlansError) as e:
        proficient.load_plans(plans, framework=fw)
    got = [(x["line"], x["path"], x["code"]) for x in e.value.errors]
    assert got == [
        (None, "plans[0].reviews[0]", "date_order"),
        (None, "plans[0].targets[0].competency", "unknown_reference"),
        (None, "plans[0].targets[1].level", "unknown_reference"),
        (None, "plans[0].targets[1].due", "date_order"),
    ]
    assert isinstance(e.value, ValueError)
    with pytest.raises(ValueError, match="min_gain"):
        proficient.progress(fw, [], PROGRESS[0] / "plans.yaml", as_of="2024-06-30", min_gain=2)


def demo_args() -> List[str]:
    return [
        "--framework", "job-retention", "--evidence", str(DEMO_CSV),
        "--plans", str(DEMO_PLANS), "--cpd", str(DEMO_CPD), "--as-of", "2026-06-30",
    ]  # fmt: skip


def test_progress_and_cpd_equal_the_cli(cli: Optional[str]) -> None:
    got = proficient.progress(
        "job-retention", DEMO_CSV, DEMO_PLANS, cpd=DEMO_CPD, as_of="2026-06-30"
    )
    assert got == json.loads(cli_out(cli, "progress", *demo_args(), "--format", "json"))
    summary = proficient.cpd_summary("job-retention", DEMO_CPD, period="year")
    assert summary == json.loads(
        cli_out(cli, "cpd", "--framework", "job-retention", "--cpd", str(DEMO_CPD), "--period", "year", "--format", "json")
    )


def test_report_equals_the_cli_and_is_written_atomically(cli: Optional[str], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    html = proficient.report(
        "job-retention", DEMO_CSV, plans=DEMO_PLANS, cpd=DEMO_CPD, as_of="2026-06-30", out=out
    )
    assert out.read_text(encoding="utf-8") == html
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"], "no temporary file left"
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    cli_file = tmp_path / "cli.html"
    cli_out(cli, "report", *demo_args(), "--out", str(cli_file))
    assert cli_file.read_text(encoding="utf-8") == html
    # Without plans and CPD: the matrix and rejected evidence only.
    bare = proficient.report("job-retention", DEMO_CSV, as_of="2026-06-30")
    assert 'href="#plans"' not in bare and 'id="matrix"' in bare


def test_case_import_maps_the_multilevel_package_and_exports_it_back(cli: Optional[str]) -> None:
    imp = proficient.import_case(CASE / "multilevel.json")
    fw = imp.framework
    assert (fw.title, fw.version) == ("Example Workforce Standards", "2.0")
    assert (len(fw.domains), len(fw.competencies), len(fw.criteria)) == (4, 48, 240)
    assert [lv.id for lv in fw.levels] == ["beginning", "developing", "proficient", "exemplary"]
    assert any(n["code"] == "shared_item" and n["path"] == "CFItems[3]" for n in imp.notes)
    assert all(n["file"] == str(CASE / "multilevel.json") for n in imp.notes)
    exp = proficient.export_case(fw)
    original = read(CASE / "multilevel.json")

    def ids(pkg: Dict[str, Any]) -> set[str]:
        out = {pkg["CFDocument"]["identifier"]}
        for key in ("CFItems", "CFAssociations"):
            out |= {x["identifier"] for x in pkg[key]}
        return out

    assert ids(exp.package) == ids(original)
    assert exp.package["CFRubrics"] == original["CFRubrics"]
    assert exp.replaced == ()
    assert json.loads(exp.json) == exp.package
    back = proficient.import_case(exp.package)
    assert proficient.export_case(back.framework).json == exp.json
    # The shipped frameworks: the package the CLI writes, stable UUIDs.
    shipped = proficient.export_case("job-retention")
    assert shipped.json == cli_out(cli, "export-case", "job-retention")
    assert proficient.export_case("job-retention").json == shipped.json


def malformed() -> List[List[str]]:
    lines = (CASE / "malformed" / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [ln.split(": ", 1) for ln in lines if ln.strip() and not ln.startswith("#")]


@pytest.mark.parametrize("name,want", malformed(), ids=[m[0] for m in malformed()])
def test_malformed_case_packages_give_located_errors(name: str, want: str) -> None:
    path = CASE / "malformed" / name
    with pytest.raises(proficient.CaseError) as e:
        proficient.import_case(path)
    got = [f"{x['line'] or 0}:{x['column'] or 0}: {x['path']}: {x['code']}" for x in e.value.errors]
    assert want in got, got
    assert all(x["file"] == str(path) for x in e.value.errors)


def test_legacy_case_package_is_lenient_and_exports_as_valid_case_1_1() -> None:
    legacy = CASE / "legacy.json"
    with pytest.raises(proficient.CaseError) as e:
        proficient.import_case(legacy)
    codes = {x["code"] for x in e.value.errors}
    assert {"not_uuid", "unknown_property", "sequence_string"} <= codes
    imp = proficient.import_case(legacy, lenient=True)
    assert len(imp.framework.competencies) == 1 and len(imp.framework.criteria) == 3
    assert all(n["message"].startswith("tolerated: ") for n in imp.notes)
    fixed = proficient.export_case(imp.framework)
    assert len(fixed.replaced) == 9
    assert "CFDocumentURI" not in fixed.json and "CFPackageURI" not in fixed.json
    assert fixed.replaced[0] == {
        "old": "LEGACY-DOC-1",
        "new": fixed.package["CFDocument"]["identifier"],
        "path": "CFDocument",
    }
    assert all(f'"{r["old"]}"' not in fixed.json for r in fixed.replaced)
    back = proficient.import_case(fixed.package)
    assert not any(n["message"].startswith("tolerated: ") for n in back.notes)
    assert proficient.export_case(back.framework).json == fixed.json
    assert proficient.export_case(back.framework).replaced == ()


def test_every_case_rubric_is_read_and_written_back() -> None:
    imp = proficient.import_case(CASE / "rubrics.json")
    codes = [(n["path"], n["code"]) for n in imp.notes]
    assert ("CFRubrics[1]", "rubric") in codes and ("CFRubrics[0].CFRubricCriteria[1]", "rubric_levels_differ") in codes
    exp = proficient.export_case(imp.framework)
    assert exp.package["CFRubrics"] == read(CASE / "rubrics.json")["CFRubrics"]


def ob_validator() -> Any:
    schema = read(REPO / "tests" / "schemas" / "ob-v3p0-achievementcredential-schema-vcdm2.json")
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker())


def test_badge_validates_against_the_open_badges_3_schema(cli: Optional[str]) -> None:
    args: Dict[str, Any] = dict(worker="jr-001", competency="k1-jobs-and-workplaces", issuer=ISSUER)
    cred = proficient.badge("job-retention", DEMO_CSV, level="competent", as_of="2025-06-30", **args)
    errors = sorted(str(e.message) for e in ob_validator().iter_errors(cred))
    assert errors == []
    assert cred["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cred["validFrom"] == "2025-06-30T00:00:00Z" and "proof" not in cred
    assert cred["credentialSubject"]["result"][0]["value"] == "Excellent"
    expected = cli_out(
        cli, "badge", "--framework", "job-retention", "--evidence", str(DEMO_CSV),
        "--as-of", "2025-06-30", "--worker", "jr-001", "--competency", "k1-jobs-and-workplaces",
        "--level", "competent", "--issuer", str(ISSUER),
    )  # fmt: skip
    assert cred == json.loads(expected)
    issuer = {"id": "https://training.example.org/issuer", "name": "Example"}
    from_dict = proficient.badge("job-retention", DEMO_CSV, level="competent", as_of="2025-06-30",
                                 worker="jr-001", competency="k1-jobs-and-workplaces", issuer=issuer)  # fmt: skip
    assert from_dict["issuer"]["name"] == "Example"
    broken = dict(cred)
    del broken["validFrom"]
    assert any("validFrom" in e.message for e in ob_validator().iter_errors(broken))


def test_badge_is_refused_saying_why() -> None:
    with pytest.raises(proficient.BadgeError) as e:
        proficient.badge("job-retention", DEMO_CSV, worker="jr-001", competency="k1-jobs-and-workplaces",
                         level="nope", issuer=ISSUER, as_of="2025-06-30")  # fmt: skip
    assert e.value.code == "unknown_level"
    with pytest.raises(proficient.BadgeError) as e:
        proficient.badge("job-retention", [], worker="nobody", competency="k1-jobs-and-workplaces",
                         issuer=ISSUER, as_of="2025-06-30")  # fmt: skip
    assert e.value.code == "unknown_worker" and "no badge" in str(e.value)
    with pytest.raises(proficient.BadgeError) as e:
        proficient.badge("job-retention", DEMO_CSV, worker="jr-001", competency="k1-jobs-and-workplaces",
                         issuer={"id": "not a uri", "name": "X"}, as_of="2025-06-30")  # fmt: skip
    assert e.value.path == "id" and e.value.line is None
