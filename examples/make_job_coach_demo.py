"""Writes examples/job-coach-evidence.csv: demo evidence for the shipped
`job-coach` framework and the `job-coach-supported-employment` profile
(five job coaches of a supported employment service, 2025-01 ... 2026-06).

Stdlib only, no randomness: each coach's evidence is listed below by hand,
so the file is the same on every run. Run from the repository root:

    python3 examples/make_job_coach_demo.py
"""

import csv
import io
from pathlib import Path

OUT = Path(__file__).with_name("job-coach-evidence.csv")

# (worker, criterion, kind, date, assessor, value, numerator, denominator, note)
# Ratings are 1-5; rates are numerator/denominator; counts a number.
ROWS = [
    # jc-001: experienced job coach, strong all round.
    ("jc-001", "t1.formal-training", "certificate", "2025-02-10", "", "yes", "", "", "supported employment diploma"),
    ("jc-001", "t1.system-knowledge", "observation", "2025-09-15", "a.lund", "5", "", "", ""),
    ("jc-001", "t2.placements-matched", "case-audit", "2025-06-30", "k.berg", "", "9", "10", ""),
    ("jc-001", "t2.preferences-and-needs", "observation", "2026-03-02", "a.lund", "4", "", "", ""),
    ("jc-001", "t3.jobs-developed", "case-audit", "2025-12-31", "k.berg", "6", "", "", "six jobs developed with employers in 2025"),
    ("jc-001", "t3.employer-feedback", "feedback", "2026-01-20", "", "5", "", "", "employer survey"),
    ("jc-001", "t4.sustained-jobs", "case-audit", "2025-12-31", "k.berg", "", "7", "10", ""),
    ("jc-001", "t4.career-development", "interview", "2025-09-15", "a.lund", "4", "", "", ""),
    ("jc-001", "t5.external-cooperation", "observation", "2025-09-15", "a.lund", "4", "", "", ""),
    ("jc-001", "t5.external-cooperation", "feedback", "2026-04-10", "", "5", "", "", "partner survey"),
    ("jc-001", "q1.client-feedback", "feedback", "2025-10-01", "", "5", "", "", "client survey"),
    ("jc-001", "q1.client-feedback", "feedback", "2026-04-01", "", "4", "", "", "client survey"),
    ("jc-001", "q2.paperwork-support", "case-audit", "2025-12-31", "k.berg", "5", "", "", ""),
    ("jc-001", "q2.paperwork-support", "case-audit", "2024-12-31", "k.berg", "4", "", "", ""),
    ("jc-001", "q3.on-the-job-support", "observation", "2026-02-12", "a.lund", "5", "", "", ""),
    ("jc-001", "q3.on-the-job-support", "feedback", "2026-04-10", "", "4", "", "", "employer survey"),
    # jc-002: knows clients better than workplaces (the talk's finding).
    ("jc-002", "t1.formal-training", "certificate", "2024-11-04", "", "yes", "", "", ""),
    ("jc-002", "t1.system-knowledge", "observation", "2025-10-06", "a.lund", "4", "", "", ""),
    ("jc-002", "t2.placements-matched", "case-audit", "2025-06-30", "k.berg", "", "5", "10", ""),
    ("jc-002", "t2.preferences-and-needs", "observation", "2026-03-09", "a.lund", "3", "", "", "client preferences well known, employer needs less so"),
    ("jc-002", "t3.jobs-developed", "case-audit", "2025-12-31", "k.berg", "1", "", "", ""),
    ("jc-002", "t3.employer-feedback", "feedback", "2026-01-20", "", "2", "", "", "employer survey"),
    ("jc-002", "t4.sustained-jobs", "case-audit", "2025-12-31", "k.berg", "", "3", "8", ""),
    ("jc-002", "t4.career-development", "interview", "2025-10-06", "a.lund", "4", "", "", ""),
    ("jc-002", "q1.client-feedback", "feedback", "2025-10-01", "", "5", "", "", "client survey"),
    ("jc-002", "q1.client-feedback", "feedback", "2026-04-01", "", "5", "", "", "client survey"),
    ("jc-002", "q3.on-the-job-support", "observation", "2026-02-19", "a.lund", "3", "", "", ""),
    ("jc-002", "q3.on-the-job-support", "feedback", "2026-04-10", "", "2", "", "", "employer survey"),
    # jc-003: former recruitment consultant, strong with employers; little
    # work yet with external services or paperwork; training not finished.
    ("jc-003", "t1.system-knowledge", "interview", "2025-05-05", "k.berg", "3", "", "", "appointment interview"),
    ("jc-003", "t1.system-knowledge", "observation", "2026-01-26", "a.lund", "3", "", "", ""),
    ("jc-003", "t2.placements-matched", "case-audit", "2025-12-31", "k.berg", "", "8", "9", ""),
    ("jc-003", "t2.preferences-and-needs", "observation", "2026-01-26", "a.lund", "5", "", "", ""),
    ("jc-003", "t3.jobs-developed", "case-audit", "2025-12-31", "k.berg", "7", "", "", ""),
    ("jc-003", "t3.employer-feedback", "feedback", "2026-01-20", "", "5", "", "", "employer survey"),
    ("jc-003", "t4.sustained-jobs", "case-audit", "2025-12-31", "k.berg", "", "4", "9", ""),
    ("jc-003", "t4.career-development", "interview", "2025-05-05", "k.berg", "3", "", "", ""),
    ("jc-003", "t5.external-cooperation", "self-assessment", "2026-01-26", "jc-003", "2", "", "", ""),
    ("jc-003", "q1.client-feedback", "feedback", "2025-10-01", "", "4", "", "", "client survey"),
    ("jc-003", "q1.client-feedback", "feedback", "2026-04-01", "", "4", "", "", "client survey"),
    ("jc-003", "q2.paperwork-support", "case-audit", "2025-12-31", "k.berg", "1", "", "", ""),
    ("jc-003", "q3.on-the-job-support", "observation", "2026-01-26", "a.lund", "4", "", "", ""),
    ("jc-003", "q3.on-the-job-support", "feedback", "2026-04-10", "", "5", "", "", "employer survey"),
    # jc-004: came from a sheltered workshop ("train then place"), in post
    # since 2025-09; developing.
    ("jc-004", "t1.system-knowledge", "interview", "2025-08-18", "k.berg", "4", "", "", "appointment interview"),
    ("jc-004", "t1.system-knowledge", "observation", "2026-03-16", "a.lund", "3", "", "", ""),
    ("jc-004", "t2.preferences-and-needs", "observation", "2026-03-16", "a.lund", "2", "", "", "job search started from workshop tasks"),
    ("jc-004", "t2.preferences-and-needs", "self-assessment", "2026-03-20", "jc-004", "4", "", "", ""),
    ("jc-004", "t3.employer-feedback", "feedback", "2026-04-10", "", "3", "", "", "employer survey"),
    ("jc-004", "t3.jobs-developed", "case-audit", "2026-06-30", "k.berg", "2", "", "", "first half of 2026"),
    ("jc-004", "q1.client-feedback", "feedback", "2026-04-01", "", "4", "", "", "client survey"),
    ("jc-004", "q1.client-feedback", "feedback", "2026-06-01", "", "4", "", "", "client survey"),
    ("jc-004", "q3.on-the-job-support", "observation", "2026-03-16", "a.lund", "3", "", "", ""),
    ("jc-004", "q3.on-the-job-support", "feedback", "2026-04-10", "", "3", "", "", "employer survey"),
    # jc-005: applicant, appointment interview and a self-assessment only.
    ("jc-005", "t2.preferences-and-needs", "interview", "2026-06-15", "k.berg", "4", "", "", "appointment interview"),
    ("jc-005", "t3.employer-feedback", "self-assessment", "2026-06-15", "jc-005", "4", "", "", "kind not accepted: employer feedback only"),
]


def main() -> None:
    rows = sorted(ROWS, key=lambda r: (r[3], r[0], r[1]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "worker", "criterion", "kind", "date", "assessor", "value",
                "numerator", "denominator", "expires", "note"])
    for i, (worker, crit, kind, date, assessor, value, num, den, note) in enumerate(rows, 1):
        w.writerow([f"jc-ev-{i:03d}", worker, crit, kind, date, assessor, value, num, den, "", note])
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"{OUT.name}: {len(rows)} items, {len({r[0] for r in rows})} workers")


if __name__ == "__main__":
    main()
