"""The Python API: models, results, tables, errors and argument checking."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle
import subprocess
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv
import pytest

import proficient

from conftest import DEMO_CSV, REPO, VECTORS

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def fw() -> proficient.Framework:
    return proficient.load_framework("job-retention")


@pytest.fixture(scope="module")
def demo(fw: proficient.Framework) -> proficient.ScoreResult:
    return proficient.score(fw, DEMO_CSV, as_of=AS_OF)


# ---------------------------------------------------------------- models


def test_framework_attributes(fw: proficient.Framework) -> None:
    assert (fw.id, fw.version) == ("job-retention", "1.0.0")
    assert len(fw.competencies) == 16 and len(fw.criteria) == 28
    assert [d.id for d in fw.domains] == ["knowledge", "skills"]
    assert [lv.id for lv in fw.levels] == ["not-yet-evident", "developing", "competent", "excellent"]
    assert fw.levels[0].threshold == 0.0
    assert fw.rating_scale.min == 1.0 and fw.rating_scale.max == 5.0
    k1 = fw.competency("k1-jobs-and-workplaces")
    assert k1.domain == "knowledge" and k1.criteria[0].id == "k1.previous-employment"
    c = fw.criterion("k1.previous-employment")
    assert c.competency == k1.id
    assert c.measure == proficient.Measure(type="count", target=3.0)
    assert c.kinds == ("employment-history", "interview")
    assert fw.evidence_policy.half_life_days == 730.0
    assert fw.source.citation
    assert fw.to_dict()["id"] == "job-retention"
    with pytest.raises(KeyError):
        fw.competency("nope")
    assert "16 competencies" in repr(fw)
    assert proficient.Framework.load(REPO / "frameworks" / "job-retention.yaml") == fw


def test_aggregate_keyword_overrides_the_framework_policy() -> None:
    reviews = REPO / "examples" / "ips-fidelity-reviews.csv"

    def north(r: proficient.ScoreResult) -> Any:
        return next(w for w in r.to_dict()["workers"] if w["worker"] == "team-north")

    # Totals 82 then 104: the framework's `latest` gives (104 - 25)/100, good.
    latest = proficient.score("ips-fidelity", reviews, as_of=AS_OF)
    assert north(latest)["overall"] == pytest.approx(0.79, abs=1e-9)
    assert north(latest)["overall_level"] == "good"
    # Both reviews averaged: (93 - 25)/100, fair.
    mean = proficient.score("ips-fidelity", reviews, as_of=AS_OF, aggregate="weighted_mean")
    assert north(mean)["overall"] == pytest.approx(0.68, abs=1e-9)
    assert north(mean)["overall_level"] == "fair"
    with pytest.raises(ValueError, match="newest"):
        proficient.score("ips-fidelity", reviews, as_of=AS_OF, aggregate="newest")


def test_framework_is_read_only(fw: proficient.Framework) -> None:
    with pytest.raises(AttributeError):
        fw.id = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fw.competencies[0].statement = "x"  # type: ignore[misc]
    assert isinstance(fw.competencies, tuple) and isinstance(fw.criteria, tuple)
    with pytest.raises(TypeError):
        proficient.Framework(object())  # type: ignore[arg-type]


def test_framework_from_yaml_and_shipped_names() -> None:
    text = (REPO / "frameworks" / "job-coach.yaml").read_text(encoding="utf-8")
    fw = proficient.Framework.from_yaml(text)
    assert fw.id == "job-coach"
    assert "job-retention" in proficient.shipped_frameworks()
    assert proficient.shipped_profiles() == [
        "job-retention-specialist",
        "job-coach-supported-employment",
    ]
    coach = proficient.load_profile("job-coach-supported-employment")
    assert coach.framework.id == "job-coach"


def test_profile(fw: proficient.Framework) -> None:
    p = proficient.load_profile("job-retention-specialist")
    assert p.framework_id == "job-retention" and p.framework == fw
    assert sum(r.importance == "essential" for r in p.requirements) == 5
    assert sum(r.importance == "desirable" for r in p.requirements) == 7
    assert p.to_dict()["id"] == "job-retention-specialist"
    text = (REPO / "frameworks" / "profiles" / "job-retention-specialist.yaml").read_text(encoding="utf-8")
    assert proficient.Profile.from_yaml(text, framework=fw).id == p.id
    coach = proficient.load_framework("job-coach")
    with pytest.raises(proficient.ProfileError) as info:
        proficient.load_profile("job-retention-specialist", framework=coach)
    assert info.value.code in {"framework_mismatch", "unknown_reference"}


# ---------------------------------------------------------------- results


def test_score_result_typed(demo: proficient.ScoreResult) -> None:
    assert demo.as_of == AS_OF and isinstance(demo.as_of, dt.date)
    assert demo.counts == proficient.Counts(items=570, used=544, rejected=26)
    assert [w.worker for w in demo.workers] == [f"jr-{i:03}" for i in range(1, 13)]
    w = demo.worker("jr-001")
    assert len(w.competencies) == 16 and [d.id for d in w.domains] == ["knowledge", "skills"]
    used = [e for c in w.competencies for k in c.criteria for e in k.evidence]
    assert used and all(isinstance(e.date, dt.date) and 0 < e.weight for e in used)
    assert {r.reason for r in demo.rejected} == {
        "unknown_criterion",
        "unknown_kind",
        "kind_not_accepted",
        "invalid_value",
        "future",
        "expired",
        "duplicate",
        "conflicting_id",
    }
    assert demo.rejected[0] == proficient.Rejection(
        id="ev-0001",
        line=2,
        worker="jr-012",
        criterion="k2.legislation-facts",
        reason="expired",
        detail=demo.rejected[0].detail,
    )
    assert demo.policy.kind_weights["observation"] > 0
    with pytest.raises(TypeError):
        demo.policy.kind_weights["observation"] = 2.0  # type: ignore[index]
    assert "570 items" in repr(demo)


def run_cli(cli: Optional[str], *args: str) -> str:
    if cli is None:
        pytest.fail("the proficient CLI binary was not found (set PROFICIENT_CLI or build it)")
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True, cwd=REPO).stdout


def test_to_json_is_the_cli_output(demo: proficient.ScoreResult, cli: Optional[str]) -> None:
    out = run_cli(
        cli, "score", "--framework", "job-retention", "--evidence", str(DEMO_CSV),
        "--as-of", "2026-06-30", "--format", "json",
    )
    assert demo.to_json() == out
    assert demo.to_dict() == json.loads(out)
    screened = proficient.screen("job-retention-specialist", DEMO_CSV, as_of=AS_OF)
    out = run_cli(
        cli, "screen", "--profile", "job-retention-specialist", "--evidence", str(DEMO_CSV),
        "--as-of", "2026-06-30", "--format", "json",
    )
    assert screened.to_json() == out
    assert screened.to_dict() == json.loads(out)


def test_policy_overrides_match_the_cli(fw: proficient.Framework, cli: Optional[str], tmp_path: Path) -> None:
    policy = {"half_life_days": None, "max_age_days": 3650, "min_items": 1, "kind_weights": {"self-assessment": 0.25}}
    (tmp_path / "policy.json").write_text(json.dumps(policy), encoding="utf-8")
    out = run_cli(
        cli, "score", "--framework", "job-retention", "--evidence", str(DEMO_CSV),
        "--as-of", "2026-06-30", "--format", "json", "--policy", str(tmp_path / "policy.json"),
    )
    by_dict = proficient.score(fw, DEMO_CSV, as_of=AS_OF, policy=policy)
    by_file = proficient.score(fw, DEMO_CSV, as_of=AS_OF, policy=tmp_path / "policy.json")
    assert by_dict.to_json() == out == by_file.to_json()
    assert by_dict.policy.half_life_days is None and by_dict.policy.min_items == 1


def test_explain_modes(fw: proficient.Framework, demo: proficient.ScoreResult) -> None:
    def used(r: proficient.ScoreResult) -> int:
        return sum(len(k.evidence) for w in r.workers for c in w.competencies for k in c.criteria)

    assert used(demo) == 544
    none = proficient.score(fw, DEMO_CSV, as_of=AS_OF, explain=False)
    assert used(none) == 0
    assert [w.overall for w in none.workers] == [w.overall for w in demo.workers]
    one = proficient.score(fw, DEMO_CSV, as_of=AS_OF, explain="jr-003")
    assert used(one) == sum(len(k.evidence) for c in one.worker("jr-003").competencies for k in c.criteria) > 0


def test_tidy_tables(demo: proficient.ScoreResult, fw: proficient.Framework) -> None:
    df = demo.to_pandas()
    assert list(df.columns) == ["worker", "competency", "domain", "score", "level", "status", "coverage", "items"]
    assert len(df) == 12 * 16 and df["score"].dtype == "float64" and df["items"].dtype == "int64"
    row = df[(df.worker == "jr-001") & (df.competency == "k2-legislation")].iloc[0]
    c = demo.worker("jr-001").competency("k2-legislation")
    assert (row.score, row.level, row.status, row["items"]) == (c.score, c.level, c.status, c.items)
    rejected = demo.to_pandas("rejected")
    assert len(rejected) == 26 and list(rejected["line"])[:2] == [2, 3]
    evidence = demo.to_pandas("evidence")
    assert len(evidence) == 544 and str(evidence["date"].dtype).startswith("datetime64")
    pdf = demo.to_polars()
    assert pdf.shape == (192, 8) and pdf.schema["score"] == pl.Float64
    assert demo.to_polars("evidence").schema["date"] == pl.Date
    assert demo.to_polars("rejected").height == 26
    assert len(demo.to_pandas("workers")) == 12 and len(demo.to_pandas("domains")) == 24
    assert len(demo.to_pandas("criteria")) == 12 * 28
    assert demo.columns("workers")["worker"][0] == "jr-001"
    with pytest.raises(ValueError, match="unknown table"):
        demo.to_pandas("nope")


def test_screen_result(fw: proficient.Framework) -> None:
    profile = proficient.load_profile("job-retention-specialist")
    s = proficient.screen(profile, pd.read_csv(DEMO_CSV), as_of=AS_OF)
    assert [c.worker for c in s.shortlist] == ["jr-001", "jr-002", "jr-003"]
    assert [c.rank for c in s.candidates] == list(range(1, 13))
    assert s.profile == "job-retention-specialist" and s.framework == "job-retention"
    assert s.counts.rejected == len(s.rejected) == 26
    gaps = s.to_pandas("gaps")
    assert set(gaps["status"]) == {"below_level", "insufficient_evidence", "no_evidence"}
    assert len(gaps) == sum(len(c.gaps) for c in s.candidates)
    cands = s.to_polars()
    assert cands["worker"].to_list()[:3] == ["jr-001", "jr-002", "jr-003"]
    assert cands.schema["meets_essential"] == pl.Boolean
    # A profile given by name, with a framework object.
    by_name = proficient.screen("job-retention-specialist", DEMO_CSV, as_of=AS_OF, framework=fw)
    assert by_name.to_dict() == proficient.screen(profile, DEMO_CSV, as_of=AS_OF).to_dict()


def test_results_do_not_depend_on_row_order(fw: proficient.Framework) -> None:
    table = pyarrow.csv.read_csv(DEMO_CSV)
    shuffled = table.take(pc.sort_indices(table, [("note", "descending"), ("id", "ascending")]))
    a = proficient.score(fw, table, as_of=AS_OF, explain=False).to_dict()
    b = proficient.score(fw, shuffled, as_of=AS_OF, explain=False).to_dict()
    assert a["workers"] == b["workers"]
    assert sorted((r["id"] or "", r["reason"]) for r in a["rejected"]) == sorted(
        (r["id"] or "", r["reason"]) for r in b["rejected"]
    )


def test_as_of_accepts_dates_datetimes_and_iso_text(fw: proficient.Framework) -> None:
    a = proficient.score(fw, DEMO_CSV, as_of=AS_OF, explain=False)
    b = proficient.score(fw, DEMO_CSV, as_of="2026-06-30", explain=False)
    c = proficient.score(fw, DEMO_CSV, as_of=dt.datetime(2026, 6, 30, 23, 59), explain=False)
    assert a.to_json() == b.to_json() == c.to_json()
    today = proficient.score(fw, [], explain=False)
    assert abs((today.as_of - dt.datetime.now(dt.timezone.utc).date()).days) <= 1


# ---------------------------------------------------------------- errors


def test_evidence_errors_carry_locations(fw: proficient.Framework, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("worker,criterion,kind,date\nw1,k2.legislation-facts,interview,2024-02-30\n", encoding="utf-8")
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, bad, as_of=AS_OF)
    e = info.value
    assert (e.file, e.line, e.column, e.path, e.code) == (str(bad), 2, 4, "date", "bad_date")
    assert isinstance(e, ValueError)
    assert str(bad) + ":2:4: date:" in str(e)


def test_missing_column_in_a_dataframe(fw: proficient.Framework) -> None:
    df = pd.DataFrame({"worker": ["w1"], "criterion": ["k2.legislation-facts"], "date": ["2024-01-01"]})
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, df, as_of=AS_OF)
    assert (info.value.code, info.value.path, info.value.line) == ("missing_column", "kind", None)
    extra = pl.from_pandas(df).with_columns(pl.lit("x").alias("colour"), pl.lit("interview").alias("kind"))
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, extra, as_of=AS_OF)
    assert (info.value.code, info.value.path, info.value.column) == ("unknown_column", "colour", 4)


def test_bad_rows_in_a_dataframe_name_row_and_column(fw: proficient.Framework) -> None:
    df = pl.DataFrame(
        {
            "worker": ["w1", None, "w3", "w4"],
            "criterion": ["k2.legislation-facts"] * 4,
            "kind": ["interview"] * 4,
            "date": ["2024-01-01", "2024-01-02", "01/02/2024", "2024-01-04"],
            "value": [3, 4, 5, 6],
        }
    )
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, df, as_of=AS_OF)
    errors = [(x["line"], x["column"], x["path"], x["code"]) for x in info.value.errors]
    assert errors == [(2, 1, "worker", "missing_field"), (3, 4, "date", "bad_date")]


def test_bad_dicts_name_their_position(fw: proficient.Framework) -> None:
    rows: Any = [
        {"worker": "w1", "criterion": "k2.legislation-facts", "kind": "interview", "date": "2024-01-01", "value": 4},
        {"worker": "w1", "criterion": "k2.legislation-facts", "kind": "interview", "date": "2024-13-01"},
        {"worker": "w1", "criterion": "k2.legislation-facts", "kind": "interview", "date": "2024-01-01", "colour": 1},
        {"criterion": "k2.legislation-facts", "kind": "interview", "date": "2024-01-01"},
    ]
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, rows, as_of=AS_OF)
    got = [(x["line"], x["path"]) for x in info.value.errors]
    assert got == [(2, "date"), (3, "colour"), (4, "")], info.value.errors
    assert all(x["column"] is None for x in info.value.errors)
    assert "colour" in info.value.errors[1]["message"]
    assert "worker" in info.value.errors[2]["message"]
    assert str(info.value).splitlines()[0].startswith("evidence item 2: date: ")


def test_policy_errors(fw: proficient.Framework, tmp_path: Path) -> None:
    with pytest.raises(proficient.PolicyError) as info:
        proficient.score(fw, [], as_of=AS_OF, policy={"min_coverage": 2})
    assert (info.value.path, info.value.code, info.value.line) == ("min_coverage", "out_of_range", None)
    with pytest.raises(proficient.PolicyError) as info:
        proficient.score(fw, [], as_of=AS_OF, policy={"kind_weights": {"telepathy": 1}, "half_life_days": -1})
    # In the dict's order, as a policy file's problems are in document order.
    assert [x["path"] for x in info.value.errors] == ["kind_weights.telepathy", "half_life_days"]
    with pytest.raises(proficient.PolicyError) as info:
        proficient.score(fw, [], as_of=AS_OF, policy={"half_life": 10})
    assert "half_life" in str(info.value)
    f = tmp_path / "p.yaml"
    f.write_text("min_items: 1\nmin_items: 2\n", encoding="utf-8")
    with pytest.raises(proficient.PolicyError) as info:
        proficient.score(fw, [], as_of=AS_OF, policy=f)
    assert (info.value.file, info.value.line, info.value.code) == (str(f), 2, "duplicate_key")
    with pytest.raises(proficient.PolicyError) as info:
        proficient.score(fw, [], as_of=AS_OF, policy=tmp_path / "missing.yaml")
    assert info.value.code == "io"


def test_missing_files(fw: proficient.Framework, tmp_path: Path) -> None:
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score(fw, tmp_path / "missing.csv", as_of=AS_OF)
    assert info.value.code == "io"
    with pytest.raises(proficient.FrameworkError) as info2:
        proficient.load_framework(tmp_path / "missing.yaml")
    assert info2.value.code == "io"
    with pytest.raises(proficient.FrameworkError) as info2:
        proficient.load_framework("job-retension")
    assert info2.value.code == "unknown_name" and "job-retention" in str(info2.value)


def test_errors_pickle_and_subclass_value_error() -> None:
    with pytest.raises(proficient.FrameworkError) as info:
        proficient.Framework.from_yaml("id: [")
    e = pickle.loads(pickle.dumps(info.value))
    assert type(e) is proficient.FrameworkError and e.errors == info.value.errors
    for cls in (proficient.FrameworkError, proficient.ProfileError, proficient.EvidenceError, proficient.PolicyError):
        assert issubclass(cls, proficient.ProficientError) and issubclass(cls, ValueError)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda fw: proficient.score(fw, 42, as_of=AS_OF), "evidence must be"),
        (lambda fw: proficient.score(fw, b"worker,criterion", as_of=AS_OF), "not bytes"),
        (lambda fw: proficient.score(fw, {"worker": "w"}, as_of=AS_OF), "not a single dict"),
        (lambda fw: proficient.score(fw, [1, 2], as_of=AS_OF), "evidence item 1 is a int"),
        (lambda fw: proficient.score(fw, [{"worker": object()}], as_of=AS_OF), "`worker` is a object"),
        (lambda fw: proficient.score(fw, [], as_of=20260630), "as_of must be"),
        (lambda fw: proficient.score(fw, [], as_of=AS_OF, policy=3), "policy must be"),
        (lambda fw: proficient.score(fw, [], as_of=AS_OF, explain=1), "explain must be"),
        (lambda fw: proficient.score(42, [], as_of=AS_OF), "framework must be"),
        (lambda fw: proficient.screen(42, [], as_of=AS_OF), "profile must be"),
        (lambda fw: proficient.load_framework(42), "name_or_path must be"),
        (lambda fw: proficient.Framework.from_yaml(b"id: x"), "text must be a str"),
        (lambda fw: proficient.load_profile("job-retention-specialist", framework="job-retention"), "framework must be"),
        (lambda fw: proficient.score(fw, [], as_of=AS_OF, policy={"min_items": object()}), "policy values"),
    ],
)
def test_wrong_argument_types_raise_type_error(fw: proficient.Framework, call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call(fw)


def test_bad_as_of_text_is_a_value_error(fw: proficient.Framework) -> None:
    # The engine's message for the `as_of` option (a ProficientError, a ValueError).
    with pytest.raises(ValueError, match="as_of: `2026-02-30` is not a valid date"):
        proficient.score(fw, [], as_of="2026-02-30")


def test_options_are_keyword_only(fw: proficient.Framework) -> None:
    with pytest.raises(TypeError):
        proficient.score(fw, [], AS_OF)  # type: ignore[misc]


def test_hostile_inputs_raise_errors_not_panics(fw: proficient.Framework) -> None:
    weird = pa.table(
        {
            "worker": pa.array(["w"] * 3),
            "criterion": pa.array(["k2.legislation-facts"] * 3),
            "kind": pa.array(["interview"] * 3),
            "date": pa.array(
                [dt.datetime(9999, 12, 31), dt.datetime(1, 1, 1), dt.datetime(2024, 1, 1)], pa.timestamp("s")
            ),
            "value": pa.array([float("inf"), float("nan"), -0.0]),
        }
    )
    r = proficient.score(fw, weird, as_of=AS_OF)
    assert r.counts.items == 3 and r.counts.rejected == 3
    nested = pa.table({"worker": pa.array([["w"]]), "criterion": ["c"], "kind": ["k"], "date": ["2024-01-01"]})
    with pytest.raises(proficient.EvidenceError, match="Arrow type"):
        proficient.score(fw, nested, as_of=AS_OF)
    huge = "x" * 100_000
    r = proficient.score(fw, [{"worker": huge, "criterion": huge, "kind": huge, "date": "2024-01-01"}], as_of=AS_OF)
    assert r.rejected[0].reason == "unknown_criterion" and len(r.rejected[0].detail) < 1000
    with pytest.raises(proficient.FrameworkError):
        proficient.Framework.from_yaml("a: &a [" + "*a, " * 10 + "]\n" + "\x00")


def test_vectors_dir_is_shared_with_rust() -> None:
    assert (VECTORS / "README.md").exists()


def test_generate_validate_catalogue_and_schema_go_through_the_core() -> None:
    fw = proficient.load_framework("job-retention")
    by_name = proficient.generate(items=20, workers=2, format="csv")
    assert proficient.generate(items=20, workers=2, format="csv", framework=fw) == by_name
    assert by_name.splitlines()[0].startswith("id,worker,criterion")
    assert len(by_name.splitlines()) == 21
    with pytest.raises(proficient.ProficientError) as info:
        proficient.generate(items=1, workers=1, format="csv", reject_per_mille=999)
    assert info.value.errors[0]["path"] == "reject_per_mille"
    [checked] = proficient.validate(REPO / "frameworks" / "job-retention.yaml")
    assert (checked["kind"], checked["readable"], checked["errors"]) == ("framework", True, [])
    names = [f["name"] for f in proficient.catalogue()["frameworks"]]
    assert names == proficient.shipped_frameworks()
    assert proficient.schema("framework")["title"] == "Framework"
