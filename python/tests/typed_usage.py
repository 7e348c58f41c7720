"""Typed use of the public API, checked with `mypy --strict` by test_typing.py
(never imported by the tests themselves)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

import proficient
from proficient import Framework, Profile, ScoreResult, ScreenResult


def levels(fw: Framework) -> List[str]:
    return [level.id for level in fw.levels]


def measures(fw: Framework) -> Dict[str, Optional[float]]:
    return {c.id: c.measure.target for c in fw.criteria}


def statements(fw: Framework) -> Tuple[str, ...]:
    return tuple(c.statement for c in fw.competencies)


def run() -> None:
    fw: Framework = proficient.load_framework("job-retention")
    profile: Profile = proficient.load_profile("job-retention-specialist", framework=fw)
    rows = [
        {"worker": "ana", "criterion": "k2.legislation-facts", "kind": "knowledge-test",
         "date": dt.date(2026, 3, 1), "value": 4},
    ]
    result: ScoreResult = proficient.score(
        fw, rows, as_of=dt.date(2026, 6, 30), policy={"min_items": 1}, explain="ana"
    )
    as_of: dt.date = result.as_of
    overall: Optional[float] = result.workers[0].overall
    k2: proficient.CompetencyScore = result.worker("ana").competency("k2-legislation")
    level: Optional[str] = k2.level
    evidence_dates: List[dt.date] = [e.date for k in k2.criteria for e in k.evidence]
    reasons: List[str] = [r.reason for r in result.rejected]
    counts: proficient.Counts = result.counts
    data: Dict[str, object] = result.to_dict()
    text: str = result.to_json(pretty=False)
    screened: ScreenResult = proficient.screen(profile, "examples/job-retention-evidence.csv", as_of="2026-06-30")
    ranks: List[Tuple[int, str, bool]] = [(c.rank, c.worker, c.meets_essential) for c in screened.shortlist]
    gaps: List[str] = [g.competency for c in screened.candidates for g in c.gaps if g.status == "no_evidence"]
    try:
        proficient.Framework.from_yaml("id: [")
    except proficient.FrameworkError as e:
        where: Tuple[Optional[str], Optional[int], Optional[int], str] = (e.file, e.line, e.column, e.path)
        every: List[Dict[str, object]] = e.errors
        print(where, every)
    print(as_of, overall, level, evidence_dates, reasons, counts, data, text, ranks, gaps)
    print(levels(fw), measures(fw), statements(fw))


def trainer() -> None:
    plans = "examples/job-retention-plans.yaml"
    progress: Dict[str, Any] = proficient.progress("job-retention", [], plans, as_of=dt.date(2026, 6, 30), min_gain=0.1)
    html: str = proficient.report("job-retention", [], plans=plans, cpd={"activities": []}, as_of="2026-06-30")
    made: List[Dict[str, Any]] = proficient.cpd_evidence("job-retention", "examples/job-retention-cpd.yaml")
    exported: proficient.CaseExport = proficient.export_case("job-retention")
    imported: proficient.CaseImport = proficient.import_case(exported.package, lenient=True)
    fw: Framework = imported.framework
    try:
        proficient.badge("job-retention", [], worker="w", competency="c", issuer={"id": "x:y", "name": "N"})
    except proficient.BadgeError as e:
        print(e.code)
    print(progress, html, made, exported.replaced, fw.id)


if __name__ == "__main__":
    run()
