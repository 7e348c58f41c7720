"""Every shared vector (tests/vectors/) through the Python API: the same
expected results as core/tests/vectors.rs, compared the same way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import proficient

from conftest import REPO, diff, framework_of, load_case, vector_dirs

VECTORS = vector_dirs()


def test_the_installed_wheel_is_tested() -> None:
    installed = Path(proficient.__file__).resolve()
    assert REPO / "python" / "python" not in installed.parents, installed
    assert "site-packages" in installed.parts, installed
    assert len(VECTORS) >= 20


@pytest.mark.parametrize("case_dir", VECTORS, ids=[d.name for d in VECTORS])
def test_vector(case_dir: Path) -> None:
    case = load_case(case_dir)
    fw = framework_of(case_dir, case)
    as_of = dt.date.fromisoformat(case["as_of"])
    result = proficient.score(
        fw, case_dir / case["evidence"], as_of=as_of, policy=case.get("policy")
    )
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    assert diff("", expected, result.to_dict()) is None
    if "profile" in case:
        path = case_dir / case["profile"]
        profile = proficient.load_profile(
            path if path.exists() else case["profile"], framework=fw
        )
        screened = proficient.screen(
            profile, case_dir / case["evidence"], as_of=as_of, policy=case.get("policy")
        )
        expected = json.loads((case_dir / "expected-screen.json").read_text(encoding="utf-8"))
        assert diff("", expected, screened.to_dict()) is None


@pytest.mark.parametrize("case_dir", VECTORS, ids=[d.name for d in VECTORS])
def test_typed_attributes_match_the_dict(case_dir: Path) -> None:
    case = load_case(case_dir)
    fw = framework_of(case_dir, case)
    r = proficient.score(fw, case_dir / case["evidence"], as_of=case["as_of"], policy=case.get("policy"))
    d = r.to_dict()
    assert r.framework == d["framework"] and r.framework_version == d["framework_version"]
    assert r.as_of == dt.date.fromisoformat(d["as_of"])
    assert (r.counts.items, r.counts.used, r.counts.rejected) == tuple(
        d["counts"][k] for k in ("items", "used", "rejected")
    )
    assert r.policy.min_items == d["policy"]["min_items"]
    assert dict(r.policy.kind_weights) == d["policy"]["kind_weights"]
    assert [w.worker for w in r.workers] == [w["worker"] for w in d["workers"]]
    for w, wd in zip(r.workers, d["workers"]):
        assert w.overall == wd["overall"]
        for c, cd in zip(w.competencies, wd["competencies"]):
            assert (c.id, c.score, c.level, c.status, c.items) == (
                cd["id"],
                cd["score"],
                cd["level"],
                cd["status"],
                cd["items"],
            )
            for k, kd in zip(c.criteria, cd["criteria"]):
                assert [e.line for e in k.evidence] == [e["line"] for e in kd["evidence"]]
                assert all(isinstance(e.date, dt.date) for e in k.evidence)
    assert [(x.line, x.reason) for x in r.rejected] == [
        (x["line"], x["reason"]) for x in d["rejected"]
    ]
