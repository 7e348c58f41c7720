"""The result and model classes are generated from the Rust types
(core/tests/python_types.rs writes proficient/_types.py and fails when it is
stale). Here: each class's ``from_dict`` reads what the engine writes for
every shared vector, example and fixture, and written back as JSON gives
exactly the engine's JSON (no key unknown to a class, none missing), with
dates as ``datetime.date``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import keyword
from pathlib import Path
from typing import Any, Dict, List

import pytest

import proficient
from proficient import types

from conftest import DEMO_CSV, REPO, load_case, progress_dirs, vector_dirs

EXAMPLES = REPO / "examples"
AS_OF = dt.date(2026, 6, 30)


def default(f: "dataclasses.Field[Any]") -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def plain(x: Any) -> Any:
    """A generated object as the JSON it was read from (a field at its
    default left out, as the engine leaves it out)."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        out = {}
        for f in dataclasses.fields(x):
            value = getattr(x, f.name)
            if value == default(f):
                continue
            name = f.name[:-1] if f.name.endswith("_") and keyword.iskeyword(f.name[:-1]) else f.name
            out[name] = plain(value)
        return out
    if isinstance(x, tuple):
        return [plain(v) for v in x]
    if isinstance(x, dt.date):
        return x.isoformat()
    if hasattr(x, "items"):
        return {k: plain(v) for k, v in x.items()}
    return x


def pruned(x: Any) -> Any:
    """``x`` without the keys whose value is null or empty ([] or {}),
    which the engine writes for some fields and leaves out for others."""
    if isinstance(x, dict):
        out = {k: pruned(v) for k, v in x.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}
    if isinstance(x, list):
        return [pruned(v) for v in x]
    return x


def round_trip(cls: Any, data: Any) -> Any:
    value = cls.from_dict(data)
    assert pruned(plain(value)) == pruned(json.loads(json.dumps(data))), cls.__name__
    return value


def test_score_and_screen_results_of_every_vector() -> None:
    for d in vector_dirs():
        round_trip(types.ScoreResultData, json.loads((d / "expected.json").read_text(encoding="utf-8")))
        if (d / "expected-screen.json").exists():
            round_trip(types.ScreenResultData, json.loads((d / "expected-screen.json").read_text(encoding="utf-8")))
    demo = proficient.score("job-retention", DEMO_CSV, as_of=AS_OF)
    assert round_trip(types.ScoreResultData, demo.to_dict()) == demo._fields()
    assert isinstance(demo.workers[0], types.WorkerScore) and isinstance(demo.as_of, dt.date)
    assert all(isinstance(e.date, dt.date) for c in demo.workers[0].competencies for k in c.criteria for e in k.evidence)
    screened = proficient.screen("job-retention-specialist", DEMO_CSV, as_of=AS_OF)
    round_trip(types.ScreenResultData, screened.to_dict())
    assert screened.candidates and isinstance(screened.candidates[0], types.Candidate)


def test_frameworks_and_profiles() -> None:
    paths: List[Any] = list(proficient.shipped_frameworks())
    paths += sorted((REPO / "tests" / "frameworks").glob("*.yaml"))
    paths += [d / load_case(d)["framework"] for d in vector_dirs() if (d / load_case(d)["framework"]).exists()]
    for p in paths:
        fw = proficient.load_framework(p)
        round_trip(types.FrameworkData, fw.to_dict())
        assert all(k.competency == c.id for c in fw.competencies for k in c.criteria)
        assert fw.criteria == tuple(k for c in fw.competencies for k in c.criteria)
    for name in proficient.shipped_profiles():
        round_trip(types.ProfileData, proficient.load_profile(name).to_dict())
    # A framework imported from CASE keeps every identity in typed classes.
    imported = proficient.import_case(REPO / "tests" / "case" / "multilevel.json")
    data = round_trip(types.FrameworkData, imported.framework.to_dict())
    assert data.case is not None and data.competencies[0].case is not None
    assert isinstance(imported.framework.competencies[0], types.Competency)


def test_trainer_results() -> None:
    plans, cpd = EXAMPLES / "job-retention-plans.yaml", EXAMPLES / "job-retention-cpd.yaml"
    fw = proficient.load_framework("job-retention")
    progress = round_trip(types.ProgressResult, proficient.progress(fw, DEMO_CSV, plans, cpd=cpd, as_of=AS_OF))
    assert isinstance(progress.as_of, dt.date) and progress.targets
    for d in progress_dirs():
        round_trip(types.ProgressResult, json.loads((d / "expected-progress.json").read_text(encoding="utf-8")))
        if (d / "expected-cpd.json").exists():
            round_trip(types.CpdSummary, json.loads((d / "expected-cpd.json").read_text(encoding="utf-8")))
            for item in json.loads((d / "expected-cpd-evidence.json").read_text(encoding="utf-8")):
                round_trip(types.EvidenceItem, item)
    for period in ("month", "quarter", "year"):
        round_trip(types.CpdSummary, proficient.cpd_summary(fw, cpd, period=period))
    round_trip(types.Plans, proficient.load_plans(plans, framework=fw))
    round_trip(types.Cpd, proficient.load_cpd(cpd, framework=fw))
    for item in proficient.cpd_evidence(fw, cpd):
        round_trip(types.EvidenceItem, item)


def test_analyses() -> None:
    analyses = {"cohort": types.CohortResult, "equality": types.EqualityResult, "delphi": types.DelphiResult}
    for d in sorted(p for p in (REPO / "tests" / "vectors").iterdir() if (p / "analysis.json").exists()):
        cls = analyses[d.name.split("-")[0]]
        round_trip(cls, json.loads((d / "expected.json").read_text(encoding="utf-8")))
    d = REPO / "tests" / "vectors" / "cohort-01-job-retention"
    round_trip(types.CohortResult, proficient.cohort("job-retention", str(d / "evidence.jsonl"), as_of="2024-06-30",
                                                     profile="job-retention-specialist", plans=d / "plans.yaml"))
    round_trip(types.CohortResult, proficient.cohort("job-retention", DEMO_CSV, as_of=AS_OF))
    for reference in ("White", None):
        round_trip(types.EqualityResult, proficient.equality(
            EXAMPLES / "staff-cpd.csv", group="ethnicity", outcome="accessed_cpd", period="year",
            reason="decline_reason", reference=reference))
    round_trip(types.EqualityResult, proficient.equality(EXAMPLES / "staff-cpd.csv", group="ethnicity",
                                                         outcome="accessed_cpd"))
    round_trip(types.DelphiResult, proficient.delphi(EXAMPLES / "delphi-ratings.csv",
                                                     items=EXAMPLES / "delphi-items.csv"))
    round_trip(types.DelphiResult, proficient.delphi(EXAMPLES / "delphi-ratings.csv"))


def test_case_notes_replacements_and_errors() -> None:
    legacy = proficient.import_case(REPO / "tests" / "case" / "legacy.json", lenient=True)
    assert legacy.notes
    for n in legacy.notes:
        round_trip(types.Diagnostic, n)
    exported = proficient.export_case(legacy.framework)
    assert exported.replaced
    for r in exported.replaced:
        round_trip(types.Replacement, r)
    with pytest.raises(proficient.FrameworkError) as info:
        proficient.Framework.from_yaml("id: [")
    for e in info.value.errors:
        round_trip(types.Diagnostic, e)


def test_numbers_the_engine_writes_are_floats() -> None:
    # from_dict converts no number (for speed): the engine writes every f64
    # with a fraction, so they read as float.
    demo = proficient.score("job-retention", DEMO_CSV, as_of=AS_OF)
    c = demo.workers[0].competencies[0]
    assert all(isinstance(x, float) for x in (c.coverage, c.criteria[0].weight, demo.policy.min_coverage))
    fw = proficient.load_framework("job-retention")
    assert all(isinstance(x, float) for x in (fw.levels[0].threshold, fw.criteria[0].weight, fw.rating_scale.min))


def test_generated_classes_are_frozen_and_typed() -> None:
    counts = types.Counts.from_dict({"items": 3, "used": 2, "rejected": 1})
    assert counts == proficient.Counts(items=3, used=2, rejected=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        counts.items = 4  # type: ignore[misc]
    policy = types.ScoringPolicy.from_dict(
        {"half_life_days": None, "max_age_days": 10, "min_items": 1, "min_coverage": 0, "kind_weights": {"a": 1}}
    )
    assert policy.min_coverage == 0.0 and policy.half_life_days is None and policy.max_age_days == 10
    with pytest.raises(TypeError):
        policy.kind_weights["a"] = 2.0  # type: ignore[index]
    assert proficient.Policy is types.ScoringPolicy
    m = types.Measure.from_dict({"type": "rating", "min": 0})
    assert (m.type, m.min, m.max, m.target) == ("rating", 0.0, None, None)
    header = (Path(proficient.__file__).parent / "_types.py").read_text(encoding="utf-8")
    assert "do not edit" in header.splitlines()[2]
