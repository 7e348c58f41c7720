#!/usr/bin/env python3
"""Generate the demo evidence file for the shipped job retention framework.

    python3 examples/make_demo.py

writes examples/job-retention-evidence.csv (byte-identical on every run:
stdlib only, one seeded random.Random(2026), no set iteration, no clock) and
prints a summary, including every deliberately bad row with its line and the
reason the default policy must give.

The evidence covers 2024-07-01 .. 2026-06-30; score it with as_of 2026-06-30
against frameworks/job-retention.yaml and screen it against the
job-retention-specialist profile.

Workers (personas; their intended strengths are the abilities in C below,
0..1 on the scale of a competency score):

  jr-001  experienced retention specialist, 9 years in the service, formerly
          a disability employment adviser - strong all round
  jr-002  experienced retention specialist, formerly an occupational
          psychologist - strong on assessment and health, weak on welfare
          benefits; mediation registration has lapsed
  jr-003  recent recruit (Jan 2025) from occupational health, registered OH
          nurse - strong on adjustments, assessment and health conditions
  jr-004  recent recruit (Mar 2025) from HR, an HR business partner in retail -
          strong on employment law, mediation and grievances, weak on
          workplace assessment and RtW planning; rates herself generously
  jr-005  recent recruit (Jun 2025) from careers guidance - strong on jobs,
          career reviews and coaching, weak on law and adjustments
  jr-006  newly qualified social worker (Sep 2025, ASYE year) - strong on
          inter-agency work and welfare benefits, little work experience
  jr-007  peer support worker (Oct 2024) with lived experience of mental
          ill-health and returning to work - excellent client satisfaction
          and lay perceptions, weak on legislation; modest self-ratings
  jr-008  employment adviser, 4 years in the service, formerly a Jobcentre
          Plus work coach - solid, but workplace assessments only developing
  jr-009  psychological wellbeing practitioner (Nov 2024) from NHS Talking
          Therapies - excellent on self-help and early intervention, weak
          on law and on the employer side of RtW planning
  jr-010  former trade union workplace representative (Feb 2025) - excellent
          on employment rights, mediation and law, assessments developing
  jr-011  trainee employment adviser (apprentice) starting 1 June 2026 -
          appointment interview and one self-assessment only
  jr-012  agency locum who covered summer 2024 and left in September 2024 -
          a handful of items, one of them from 2021
"""

import csv
import datetime as dt
import random
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "job-retention-evidence.csv"
FRAMEWORK = HERE.parent / "frameworks" / "job-retention.yaml"

AS_OF = dt.date(2026, 6, 30)
WINDOW_START = dt.date(2024, 7, 1)
MAX_AGE_DAYS = 1825
HEADER = ["id", "worker", "criterion", "kind", "date", "assessor", "value",
          "numerator", "denominator", "expires", "note"]

rng = random.Random(2026)

# --------------------------------------------------------------------------
# The framework, as far as the generator needs it. Checked against
# frameworks/job-retention.yaml at start-up (see check_framework), so a
# change there fails loudly instead of silently producing wrong rows.
# criterion: (measure, target, accepted kinds or None for "any kind")
ANY = None
CRITERIA = OrderedDict([
    ("k1.previous-employment", ("count", 3, ["employment-history", "interview"])),
    ("k1.employment-settings", ("count", 5, ["employment-history", "case-audit", "interview"])),
    ("k2.legislation-facts", ("rating", None, ["knowledge-test", "interview", "certificate"])),
    ("k2.legislation-in-practice", ("rating", None, ANY)),
    ("k2.employer-perceptions", ("rating", None, ANY)),
    ("k3.agencies-in-rtw-plans", ("rate", 0.8, ["case-audit"])),
    ("k4.adjustments-knowledge", ("rating", None, ["knowledge-test", "interview", "observation", "self-assessment"])),
    ("k4.adjustments-in-rtw-plans", ("rate", 0.9, ["case-audit"])),
    ("k5.early-intervention-evidence", ("rating", None, ANY)),
    ("s1.assessment-context", ("rating", None, ["observation", "case-audit", "self-assessment"])),
    ("s2.adjustments-implemented", ("rate", 0.8, ["case-audit"])),
    ("s2.collaboration", ("rating", None, ["observation", "case-audit", "feedback", "self-assessment"])),
    ("s3.health-conditions-knowledge", ("rating", None, ["knowledge-test", "interview", "observation"])),
    ("s3.lay-perceptions", ("rating", None, ANY)),
    ("s3.positive-images", ("rating", None, ANY)),
    ("s4.wider-environment", ("rate", 0.7, ["case-audit"])),
    ("s4.personal-information", ("rating", None, ANY)),
    ("s5.financial-adjustments-invoked", ("rate", 0.5, ["case-audit"])),
    ("s5.financial-agency-relationships", ("rating", None, ["observation", "feedback", "case-audit", "self-assessment"])),
    ("s6.counselling-coaching", ("rating", None, ANY)),
    ("s6.self-help-knowledge", ("rating", None, ["knowledge-test", "interview", "certificate", "observation"])),
    ("s6.client-satisfaction", ("rating", None, ["feedback"])),
    ("s7.interagency-partnership", ("rating", None, ["observation", "case-audit", "feedback", "self-assessment"])),
    ("s8.career-reviews", ("rate", 1.0, ["case-audit"])),
    ("s9.mediation-training", ("binary", None, ["certificate"])),
    ("s9.conflict-resolution", ("count", 3, ["case-audit", "interview", "observation"])),
    ("s10.feedback-sought", ("rate", 0.9, ["case-audit"])),
    ("s11.disciplinary-support", ("count", 3, ["case-audit", "observation", "interview"])),
])
KINDS = ["observation", "case-audit", "knowledge-test", "interview",
         "certificate", "feedback", "employment-history", "self-assessment"]
RATING_MIN, RATING_MAX = 1, 5


def check_framework():
    """Compare CRITERIA and KINDS with the YAML (a line-based read: stdlib only)."""
    if not FRAMEWORK.exists():
        return
    found, kinds, cur = OrderedDict(), [], None
    in_kinds = False
    for line in FRAMEWORK.read_text(encoding="utf-8").splitlines():
        if re.match(r"^evidence_kinds:", line):
            in_kinds = True
            continue
        if in_kinds and re.match(r"^\S", line):
            in_kinds = False
        m = re.match(r"^\s+- id: (\S+)\s*$", line)
        if m and in_kinds:
            kinds.append(m.group(1))
        elif m and "." in m.group(1):
            cur = m.group(1)
            found[cur] = [None, None, ANY]
        m = re.match(r"^\s+measure: \{type: (\w+)(?:, target: ([\d.]+))?\}", line)
        if m and cur:
            found[cur][0] = m.group(1)
            found[cur][1] = float(m.group(2)) if m.group(2) else None
        m = re.match(r"^\s+kinds: \[(.*)\]", line)
        if m and cur:
            found[cur][2] = [k.strip() for k in m.group(1).split(",")]
    mine = OrderedDict((c, [m, None if t is None else float(t), k])
                       for c, (m, t, k) in CRITERIA.items())
    if found != mine or kinds != KINDS:
        sys.exit("make_demo.py: CRITERIA/KINDS no longer match %s; update them" % FRAMEWORK)


# --------------------------------------------------------------------------
# People and calendar.

ASSESSORS = {
    "team-lead": "t.okafor",       # team leader: observations, appraisal sign-off
    "supervisor": "m.hughes",      # clinical supervisor: observations
    "audit": "r.brennan",          # quality and audit lead: case-file audits
    "manager": "s.patel",          # service manager: panels, recruitment checks
    "training": "l.adeyemi",       # training lead: knowledge tests
    "external": "j.whitfield",     # external assessor (commissioner's QA visit)
}

# Service-wide events.
AUDITS = [  # case-file audit after each quarter: (date, label)
    (dt.date(2024, 10, 14), "Q3 2024"), (dt.date(2025, 1, 13), "Q4 2024"),
    (dt.date(2025, 4, 14), "Q1 2025"), (dt.date(2025, 7, 14), "Q2 2025"),
    (dt.date(2025, 10, 13), "Q3 2025"), (dt.date(2026, 1, 12), "Q4 2025"),
    (dt.date(2026, 4, 13), "Q1 2026"),
]
SURVEYS = [dt.date(2024, 12, 13), dt.date(2025, 6, 13), dt.date(2025, 12, 12), dt.date(2026, 6, 12)]
REFRESHERS = [dt.date(2024, 9, 18), dt.date(2025, 9, 17)]  # legislation and practice quiz
PORTFOLIO_REVIEWS = [dt.date(2025, 7, 21), dt.date(2026, 6, 22)]
APPRAISALS = [dt.date(2025, 4, 22), dt.date(2026, 4, 21)]
QA_VISIT = dt.date(2025, 11, 19)  # commissioner's external quality visit

C = {  # competency abilities, 0..1 = the normalised score each should earn
    "jr-001": dict(k1=.85, k2=.84, k3=.85, k4=.88, k5=.78, s1=.86, s2=.86, s3=.80,
                   s4=.78, s5=.72, s6=.75, s7=.86, s8=.80, s9=.80, s10=.86, s11=.80),
    "jr-002": dict(k1=.75, k2=.82, k3=.80, k4=.86, k5=.90, s1=.90, s2=.82, s3=.84,
                   s4=.75, s5=.42, s6=.86, s7=.70, s8=.85, s9=.60, s10=.75, s11=.55),
    "jr-003": dict(k1=.60, k2=.82, k3=.80, k4=.88, k5=.80, s1=.86, s2=.82, s3=.86,
                   s4=.70, s5=.40, s6=.60, s7=.65, s8=.50, s9=.30, s10=.70, s11=.40),
    "jr-004": dict(k1=.80, k2=.90, k3=.70, k4=.80, k5=.45, s1=.42, s2=.45, s3=.58,
                   s4=.65, s5=.50, s6=.45, s7=.55, s8=.60, s9=.80, s10=.60, s11=.86),
    "jr-005": dict(k1=.88, k2=.42, k3=.55, k4=.45, k5=.55, s1=.48, s2=.50, s3=.62,
                   s4=.60, s5=.62, s6=.80, s7=.60, s8=.95, s9=.35, s10=.76, s11=.30),
    "jr-006": dict(k1=.30, k2=.45, k3=.76, k4=.80, k5=.80, s1=.80, s2=.48, s3=.74,
                   s4=.76, s5=.86, s6=.65, s7=.86, s8=.50, s9=.40, s10=.70, s11=.50),
    "jr-007": dict(k1=.50, k2=.30, k3=.50, k4=.48, k5=.60, s1=.46, s2=.78, s3=.74,
                   s4=.86, s5=.60, s6=.90, s7=.55, s8=.50, s9=.20, s10=.86, s11=.35),
    "jr-008": dict(k1=.75, k2=.80, k3=.72, k4=.80, k5=.60, s1=.45, s2=.80, s3=.66,
                   s4=.65, s5=.80, s6=.60, s7=.72, s8=.76, s9=.50, s10=.72, s11=.60),
    "jr-009": dict(k1=.45, k2=.45, k3=.65, k4=.80, k5=.90, s1=.80, s2=.48, s3=.82,
                   s4=.70, s5=.40, s6=.92, s7=.60, s8=.45, s9=.30, s10=.80, s11=.30),
    "jr-010": dict(k1=.80, k2=.90, k3=.60, k4=.80, k5=.50, s1=.48, s2=.80, s3=.60,
                   s4=.70, s5=.70, s6=.50, s7=.65, s8=.60, s9=.90, s10=.60, s11=.95),
}
CRIT_OVERRIDE = {  # criterion-level differences inside a competency
    "jr-002": {"s9.conflict-resolution": .75},
    "jr-003": {"s2.adjustments-implemented": .95, "k2.legislation-in-practice": .88},
    "jr-004": {"k2.employer-perceptions": .95, "s3.health-conditions-knowledge": .42},
    "jr-005": {"s6.counselling-coaching": .90, "k1.employment-settings": .95},
    "jr-006": {"k1.previous-employment": .34},
    "jr-007": {"s3.lay-perceptions": .96, "s3.positive-images": .88,
               "s3.health-conditions-knowledge": .50, "s6.client-satisfaction": .95,
               "s4.personal-information": .92},
    "jr-009": {"s6.self-help-knowledge": .96, "s2.adjustments-implemented": .50},
    "jr-010": {"k2.employer-perceptions": .95, "s9.conflict-resolution": .95},
}
# Persona facts: number of previous jobs/sectors, and employment settings.
JOBS = {"jr-001": 4, "jr-002": 3, "jr-003": 3, "jr-004": 4, "jr-005": 5,
        "jr-006": 1, "jr-007": 2, "jr-008": 3, "jr-009": 2, "jr-010": 3}
SETTINGS = {"jr-001": 7, "jr-002": 5, "jr-003": 4, "jr-004": 4, "jr-005": 6,
            "jr-006": 2, "jr-007": 2, "jr-008": 5, "jr-009": 2, "jr-010": 4}

# start: first day in post (None: in post before the window opened).
WORKERS = OrderedDict([
    ("jr-001", dict(start=None, self_bias=0.0, obs_every=140, panel=dt.date(2025, 3, 4))),
    ("jr-002", dict(start=None, self_bias=-0.1, obs_every=150, panel=None)),
    ("jr-003", dict(start=dt.date(2025, 1, 13), self_bias=0.0, obs_every=115)),
    ("jr-004", dict(start=dt.date(2025, 3, 3), self_bias=0.6, obs_every=120)),
    ("jr-005", dict(start=dt.date(2025, 6, 2), self_bias=0.2, obs_every=110)),
    ("jr-006", dict(start=dt.date(2025, 9, 8), self_bias=0.1, obs_every=90)),
    ("jr-007", dict(start=dt.date(2024, 10, 7), self_bias=-0.4, obs_every=145)),
    ("jr-008", dict(start=None, self_bias=0.2, obs_every=150, panel=dt.date(2025, 10, 7))),
    ("jr-009", dict(start=dt.date(2024, 11, 4), self_bias=0.0, obs_every=130)),
    ("jr-010", dict(start=dt.date(2025, 2, 3), self_bias=0.3, obs_every=120)),
])

# Certificates: (worker, criterion, date, value, expires, note). Valid ones;
# the expired and future-dated certificates are in BAD_ROWS.
CERTIFICATES = [
    ("jr-001", "s9.mediation-training", dt.date(2024, 11, 6), "yes", dt.date(2027, 11, 6),
     "workplace mediation accreditation renewed"),
    ("jr-001", "k2.legislation-facts", dt.date(2025, 5, 21), "5", None,
     "employment law for advisers, distinction"),
    ("jr-002", "s6.self-help-knowledge", dt.date(2024, 8, 28), "5", None,
     "CBT skills for health professionals"),
    ("jr-003", "s6.self-help-knowledge", dt.date(2025, 2, 26), "4", None,
     "guided self-help, two-day course"),
    ("jr-003", "k2.legislation-facts", dt.date(2025, 6, 18), "4", None,
     "Equality Act and reasonable adjustments"),
    ("jr-004", "s9.mediation-training", dt.date(2024, 9, 12), "Yes", dt.date(2027, 9, 12),
     "CIPD workplace mediation certificate"),
    ("jr-004", "k2.legislation-facts", dt.date(2024, 12, 4), "5", None,
     "employment law update (HR)"),
    ("jr-006", "s6.self-help-knowledge", dt.date(2025, 11, 12), "3", None,
     "motivational interviewing foundation"),
    ("jr-007", "s9.mediation-training", dt.date(2025, 10, 15), "false", None,
     "started mediation course, did not complete"),
    ("jr-008", "s9.mediation-training", dt.date(2025, 3, 19), "1", dt.date(2028, 3, 19), ""),
    ("jr-009", "s6.self-help-knowledge", dt.date(2024, 9, 25), "5", None,
     "PWP postgraduate certificate"),
    ("jr-010", "s9.mediation-training", dt.date(2024, 11, 20), "TRUE", dt.date(2027, 11, 20),
     "Acas certificate in internal workplace mediation"),
    ("jr-010", "k2.legislation-facts", dt.date(2024, 7, 24), "4", None,
     "TUC employment law diploma"),
]

OBS_NOTES = [
    "initial assessment, call-centre role", "workplace visit, warehouse shift pattern",
    "RtW meeting at client's workplace", "phone review with line manager",
    "meeting with client, line manager and OH nurse", "observed at GP surgery clinic",
    "joint visit with OH adviser", "three-way meeting with client and HR",
]
AUDIT_NOTES = ["{q} audit sample", "{q} audit, {n} plans", "{q} audit"]
EMPLOYER_NOTES = ["employer feedback form", "line manager feedback", "partner agency survey"]
SELF_NOTES = {"appraisal": "annual appraisal", "probation": "probation review"}

# --------------------------------------------------------------------------
# Value generators.


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def fmt_num(x):
    """3 -> '3', 3.5 -> '3.5', 3.25 -> '3.2' (one decimal at most)."""
    x = round(x, 1)
    return str(int(x)) if x == int(x) else "%.1f" % x


def weekday(d):
    """Move a weekend date to the following Monday."""
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def ability(worker, crit, when):
    a = CRIT_OVERRIDE.get(worker, {}).get(crit, C[worker][crit.split(".")[0]])
    start = WORKERS[worker]["start"]
    if start is not None:  # recruits grow into the job over ~18 months
        months = max(0, (when - start).days) / 30.4
        a -= 0.08 * (1 - min(1.0, months / 18))
    return clamp(a, 0, 1)


def rating_value(worker, crit, kind, when):
    mu = RATING_MIN + (RATING_MAX - RATING_MIN) * ability(worker, crit, when)
    sd = {"observation": .45, "case-audit": .40, "interview": .55, "knowledge-test": .35,
          "feedback": .30, "self-assessment": .35, "certificate": .3}[kind]
    if kind == "self-assessment":
        mu += WORKERS[worker]["self_bias"]
    x = clamp(rng.gauss(mu, sd), RATING_MIN, RATING_MAX)
    if kind in ("feedback", "knowledge-test"):
        return fmt_num(x)                       # means of surveys / test marks
    if kind in ("observation", "case-audit") and rng.random() < .25:
        return fmt_num(round(x * 2) / 2)        # assessor gave a half point
    return str(int(round(x)))


def count_value(worker, crit, when, scale=1.0):
    target = CRITERIA[crit][1]
    x = rng.gauss(ability(worker, crit, when) * target * scale, .7)
    return str(max(0, int(round(x))))


def rate_values(worker, crit, when, plans):
    target = CRITERIA[crit][1]
    p = clamp(ability(worker, crit, when) * target + rng.gauss(0, .06), 0, 1)
    if crit == "s2.adjustments-implemented":
        d = plans + rng.randint(1, plans)         # adjustments written into the plans
    elif crit == "s8.career-reviews":
        d = rng.choice([1, 1, 2, 2, 3])           # clients who left their jobs
    else:
        d = plans
    n = sum(1 for _ in range(d) if rng.random() < p)
    return str(n), str(d)


# --------------------------------------------------------------------------
# Row building.

ROWS = []   # dicts with the CSV fields plus: bad (reason or ""), noid, order


def add(worker, crit, kind, date, assessor="", value="", num="", den="", expires=None,
        note="", bad="", noid=False, why=""):
    ROWS.append(dict(worker=worker, criterion=crit, kind=kind, date=date.isoformat(),
                     assessor=assessor, value=value, numerator=num, denominator=den,
                     expires=expires.isoformat() if expires else "", note=note,
                     bad=bad, why=why, noid=noid, order=len(ROWS)))


def add_rating(worker, crit, kind, date, assessor, note=""):
    add(worker, crit, kind, date, assessor, rating_value(worker, crit, kind, date), note=note)


def pick(pool, k):
    """k distinct items of pool, in pool order (deterministic)."""
    k = min(k, len(pool))
    chosen = rng.sample(range(len(pool)), k)
    return [pool[i] for i in sorted(chosen)]


OBS_POOL = ["s1.assessment-context", "s2.collaboration", "k2.legislation-in-practice",
            "s3.health-conditions-knowledge", "s3.lay-perceptions", "s3.positive-images",
            "k4.adjustments-knowledge", "k2.employer-perceptions", "s4.personal-information",
            "s6.counselling-coaching", "s7.interagency-partnership",
            "s5.financial-agency-relationships", "k5.early-intervention-evidence",
            "s6.self-help-knowledge"]
OBS_WEIGHTS = [5, 4, 3, 2, 2, 2, 3, 2, 1, 2, 2, 1, 1, 1]
SELF_POOL = ["k4.adjustments-knowledge", "s1.assessment-context", "s2.collaboration",
             "k2.legislation-in-practice", "k2.employer-perceptions", "s3.lay-perceptions",
             "s3.positive-images", "s4.personal-information", "s5.financial-agency-relationships",
             "s6.counselling-coaching", "s7.interagency-partnership",
             "k5.early-intervention-evidence"]
TEST_CORE = ["k2.legislation-facts", "k4.adjustments-knowledge", "s3.health-conditions-knowledge"]
TEST_MORE = ["s6.self-help-knowledge", "k5.early-intervention-evidence"]
PANEL_POOL = ["k2.legislation-facts", "k4.adjustments-knowledge", "s3.health-conditions-knowledge",
              "s3.lay-perceptions", "s6.self-help-knowledge", "s6.counselling-coaching",
              "k5.early-intervention-evidence", "k2.employer-perceptions"]
AUDIT_RATES = [  # (criterion, chance it is in a given quarter's audit)
    ("k3.agencies-in-rtw-plans", .35), ("k4.adjustments-in-rtw-plans", .5),
    ("s2.adjustments-implemented", .5), ("s4.wider-environment", .2),
    ("s5.financial-adjustments-invoked", .25), ("s8.career-reviews", .2),
    ("s10.feedback-sought", .2)]
AUDIT_RATINGS = ["s1.assessment-context", "s2.collaboration", "s7.interagency-partnership",
                 "s5.financial-agency-relationships"]
AUDIT_COUNTS = [("s9.conflict-resolution", .85), ("s11.disciplinary-support", .85),
                ("k1.employment-settings", .4)]


def weighted_pick(pool, weights, k):
    out, pool, weights = [], list(pool), list(weights)
    for _ in range(min(k, len(pool))):
        i = rng.choices(range(len(pool)), weights=weights)[0]
        out.append(pool.pop(i))
        weights.pop(i)
    return out


def gen_worker(w):
    spec = WORKERS[w]
    start = spec["start"]
    first = start or WINDOW_START
    recruit = start is not None
    me = w  # self-assessments are signed by the worker

    # Appointment (recruits) or contract-transfer re-verification (existing staff).
    if recruit:
        panel = weekday(start - dt.timedelta(days=rng.randint(28, 45)))
        hist = weekday(start - dt.timedelta(days=rng.randint(7, 20)))
        add(w, "k1.previous-employment", "employment-history", hist, ASSESSORS["manager"],
            str(JOBS[w]), note="CV and references checked")
        add(w, "k1.employment-settings", "employment-history", hist, ASSESSORS["manager"],
            str(SETTINGS[w]))
    else:
        panel = spec.get("panel")
        hist = weekday(WINDOW_START + dt.timedelta(days=rng.randint(3, 14)))
        add(w, "k1.previous-employment", "employment-history", hist, ASSESSORS["manager"],
            str(JOBS[w]), note="records re-verified on contract transfer")
        add(w, "k1.employment-settings", "employment-history", hist, ASSESSORS["manager"],
            str(SETTINGS[w]), note="records re-verified on contract transfer")
    if panel is not None:
        label = "appointment panel" if recruit else "senior practitioner panel"
        if recruit:
            add(w, "k1.previous-employment", "interview", panel, ASSESSORS["manager"],
                str(JOBS[w]))
        for crit in pick(PANEL_POOL, rng.randint(3, 4)):
            add_rating(w, crit, "interview", panel, ASSESSORS["manager"],
                       note=label if rng.random() < .5 else "")
        for crit in ("s9.conflict-resolution", "s11.disciplinary-support"):
            if rng.random() < .6:
                add(w, crit, "interview", panel, ASSESSORS["manager"],
                    count_value(w, crit, panel, .8), note="examples given at " + label)

    # Knowledge tests: induction test for recruits, then the yearly refresher.
    tests = []
    if recruit:
        tests.append((weekday(start + dt.timedelta(days=rng.randint(18, 30))), "induction test"))
    tests += [(d, "legislation and practice refresher") for d in REFRESHERS
              if d > first + dt.timedelta(days=60 if recruit else 0)]
    for when, label in tests:
        crits = TEST_CORE if label == "induction test" else \
            [c for c in TEST_CORE if c != "s3.health-conditions-knowledge" or rng.random() < .5]
        for crit in crits + [c for c in TEST_MORE if rng.random() < .3]:
            add(w, crit, "knowledge-test", when, ASSESSORS["training"],
                rating_value(w, crit, "knowledge-test", when),
                note=label if crit == TEST_CORE[0] else "")

    # Direct observation every ~obs_every days, 2-3 criteria per visit.
    when = first + dt.timedelta(days=rng.randint(20, 40))
    while when <= AS_OF - dt.timedelta(days=3):
        when = weekday(when)
        who = rng.choice([ASSESSORS["team-lead"], ASSESSORS["team-lead"], ASSESSORS["supervisor"]])
        note = rng.choice(OBS_NOTES) if rng.random() < .45 else ""
        for i, crit in enumerate(weighted_pick(OBS_POOL, OBS_WEIGHTS, rng.choice([2, 2, 2, 3]))):
            add_rating(w, crit, "observation", when, who, note=note if i == 0 else "")
        if rng.random() < .15:
            crit = rng.choice(["s9.conflict-resolution", "s11.disciplinary-support"])
            add(w, crit, "observation", when, who, "1",
                note="observed at grievance meeting" if crit.startswith("s11") else
                "observed mediating with line manager")
        when += dt.timedelta(days=spec["obs_every"] + rng.randint(-12, 12))
    # The commissioner's external QA visit sampled a few workers.
    if w in ("jr-001", "jr-003", "jr-007", "jr-010"):
        for crit in ("s1.assessment-context", "s2.collaboration"):
            add_rating(w, crit, "observation", QA_VISIT, ASSESSORS["external"],
                       note="commissioner QA visit" if crit.startswith("s1") else "")

    # Quarterly case-file audits once the worker has a full quarter of cases.
    for when, q in AUDITS:
        if recruit and when < start + dt.timedelta(days=100):
            continue
        when = weekday(when + dt.timedelta(days=rng.randint(0, 9)))
        plans = rng.randint(4, 10)
        notes = iter([rng.choice(AUDIT_NOTES).format(q=q, n=plans)])
        crits = [c for c, p in AUDIT_RATES if rng.random() < p]
        for crit in sorted(crits, key=list(CRITERIA).index):
            num, den = rate_values(w, crit, when, plans)
            add(w, crit, "case-audit", when, ASSESSORS["audit"], num=num, den=den,
                note=next(notes, "") if rng.random() < .5 else "")
        for crit in AUDIT_RATINGS:
            if rng.random() < (.3 if crit.startswith("s1") else .1):
                add_rating(w, crit, "case-audit", when, ASSESSORS["audit"])

    # Counts are kept per year: the annual casework portfolio review.
    for when in PORTFOLIO_REVIEWS:
        if when < first + dt.timedelta(days=150):
            continue
        when = weekday(when + dt.timedelta(days=rng.randint(0, 4)))
        for crit, p in AUDIT_COUNTS:
            if rng.random() < p:
                add(w, crit, "case-audit", when, ASSESSORS["audit"], count_value(w, crit, when),
                    note="annual casework portfolio review" if rng.random() < .3 else "")

    # Client, employer and partner feedback rounds.
    for when in SURVEYS:
        if when < first + dt.timedelta(days=90):
            continue
        n = rng.randint(5, 14)
        # paper questionnaires are typed in by hand, without an item id
        add(w, "s6.client-satisfaction", "feedback", when, "",
            rating_value(w, "s6.client-satisfaction", "feedback", when),
            note="mean of %d client questionnaires" % n if rng.random() < .7 else "",
            noid=rng.random() < .3)
        for crit, p in (("s2.collaboration", .4), ("s7.interagency-partnership", .25),
                        ("s5.financial-agency-relationships", .15), ("s3.positive-images", .15),
                        ("s4.personal-information", .1)):
            if rng.random() < p:
                add(w, crit, "feedback", when, "", rating_value(w, crit, "feedback", when),
                    note=rng.choice(EMPLOYER_NOTES) if rng.random() < .4 else "",
                    noid=rng.random() < .15)

    # Self-assessment at probation review (recruits) and yearly appraisal.
    reviews = []
    if recruit:
        reviews.append((weekday(start + dt.timedelta(days=rng.randint(170, 185))), "probation"))
    reviews += [(d, "appraisal") for d in APPRAISALS if d > first + dt.timedelta(days=60)]
    for when, what in reviews:
        if when > AS_OF:
            continue
        for i, crit in enumerate(pick(SELF_POOL, rng.randint(2, 3))):
            add_rating(w, crit, "self-assessment", when, me, note=SELF_NOTES[what] if i == 0 else "")


def gen_sparse():
    # jr-011: trainee starting 2026-06-01, appointment panel and induction day.
    panel = dt.date(2026, 4, 21)
    add("jr-011", "k1.previous-employment", "interview", panel, ASSESSORS["manager"], "1",
        note="appointment panel; one retail job")
    add("jr-011", "k2.legislation-facts", "interview", panel, ASSESSORS["manager"], "2")
    add("jr-011", "s3.health-conditions-knowledge", "interview", panel, ASSESSORS["manager"], "3")
    add("jr-011", "s6.counselling-coaching", "self-assessment", dt.date(2026, 6, 26), "jr-011",
        "3", note="induction week")
    # jr-012: agency locum, July-September 2024.
    add("jr-012", "k1.previous-employment", "employment-history", dt.date(2024, 7, 2),
        ASSESSORS["manager"], "6", note="agency CV, six placements")
    add("jr-012", "s1.assessment-context", "observation", dt.date(2024, 7, 30),
        ASSESSORS["team-lead"], "4")
    add("jr-012", "s2.collaboration", "observation", dt.date(2024, 7, 30),
        ASSESSORS["team-lead"], "3.5")
    add("jr-012", "k4.adjustments-knowledge", "self-assessment", dt.date(2024, 9, 6),
        "jr-012", "4", note="exit review")
    add("jr-012", "s6.client-satisfaction", "feedback", dt.date(2024, 9, 6), "", "4.2",
        noid=True)


# Deliberately bad rows: realistic slips, each with the reason the default
# policy must give. (worker, criterion, kind, date, assessor, value, num, den,
# expires, note, reason, why)
BAD_ROWS = [
    # unknown_kind: a kind the framework does not define (and one more in MISTYPED)
    ("jr-009", "s6.counselling-coaching", "supervision", dt.date(2025, 8, 20), "m.hughes", "5",
     "", "", None, "supervision notes", "unknown_kind", "'supervision' is not a kind"),
    ("jr-010", "k1.previous-employment", "reference", dt.date(2025, 1, 20), "s.patel", "3", "",
     "", None, "union branch secretary's reference", "unknown_kind",
     "'reference' is not a kind (employment-history)"),
    # kind_not_accepted: a real kind the criterion does not accept
    ("jr-003", "s6.client-satisfaction", "observation", dt.date(2025, 7, 9), "t.okafor", "5",
     "", "", None, "client seemed very happy", "kind_not_accepted",
     "client satisfaction accepts feedback only"),
    ("jr-005", "s9.mediation-training", "interview", dt.date(2025, 4, 28), "s.patel", "yes", "",
     "", None, "says she did a mediation module", "kind_not_accepted",
     "mediation training needs a certificate"),
    ("jr-007", "k3.agencies-in-rtw-plans", "self-assessment", dt.date(2025, 4, 22), "jr-007",
     "", "4", "5", None, "annual appraisal", "kind_not_accepted",
     "RtW plan rates come from case-file audits only"),
    # invalid_value: outside the scale, not binary, zero denominator, negative count
    ("jr-002", "k5.early-intervention-evidence", "observation", dt.date(2025, 2, 18), "m.hughes",
     "7", "", "", None, "scored on the 1-10 Delphi sheet", "invalid_value",
     "rating 7 on the 1-5 scale"),
    ("jr-006", "s9.mediation-training", "certificate", dt.date(2026, 3, 11), "", "maybe", "", "",
     None, "certificate not yet received", "invalid_value", "binary value 'maybe'"),
    ("jr-005", "s8.career-reviews", "case-audit", dt.date(2026, 1, 14), "r.brennan", "", "0",
     "0", None, "no leavers this quarter", "invalid_value", "denominator 0"),
    ("jr-004", "s11.disciplinary-support", "case-audit", dt.date(2025, 10, 15), "r.brennan",
     "-1", "", "", None, "correction to previous audit", "invalid_value", "negative count"),
    ("jr-008", "s11.disciplinary-support", "interview", dt.date(2025, 10, 7), "s.patel", "two",
     "", "", None, "senior practitioner panel", "invalid_value", "count written as a word"),
    ("jr-009", "s1.assessment-context", "observation", dt.date(2025, 6, 4), "t.okafor", "", "",
     "", None, "client did not attend, not rated", "invalid_value", "rating missing"),
    # future: dated after as_of 2026-06-30
    ("jr-003", "s1.assessment-context", "observation", dt.date(2026, 7, 15), "m.hughes", "4", "",
     "", None, "joint visit booked in advance", "future", "dated 2026-07-15"),
    ("jr-010", "s9.mediation-training", "certificate", dt.date(2026, 9, 30), "", "yes", "", "",
     None, "advanced mediation course booked", "future", "dated 2026-09-30"),
    ("jr-001", "s2.collaboration", "feedback", dt.date(2026, 7, 3), "", "4.5", "", "",
     None, "line manager feedback", "future",
     "dated 2026-07-03: day and month swapped for 2026-03-07"),
    # expired: expires before as_of, or older than max_age_days (1825)
    ("jr-008", "s6.self-help-knowledge", "certificate", dt.date(2024, 10, 3), "", "4", "", "",
     dt.date(2025, 10, 3), "mental health first aid refresher, valid 1 year", "expired",
     "expires 2025-10-03"),
    ("jr-002", "s9.mediation-training", "certificate", dt.date(2024, 7, 15), "", "yes", "", "",
     dt.date(2025, 7, 15), "mediation register, annual renewal lapsed", "expired",
     "expires 2025-07-15"),
    ("jr-001", "k1.previous-employment", "employment-history", dt.date(2021, 4, 12), "s.patel",
     "4", "", "", None, "CV on file from internal move", "expired",
     "dated 2021-04-12, 1905 days before as_of"),
    ("jr-012", "k2.legislation-facts", "certificate", dt.date(2021, 2, 8), "", "4", "", "", None,
     "employment law certificate, 2021", "expired", "dated 2021-02-08, 1968 days before as_of"),
]
# Generated rows that were mistyped on entry: the first row of worker, kind
# and criterion (None: any) dated on or after the date gets field = text.
MISTYPED = [
    ("jr-008", "observation", "s2.collaboration", dt.date(2025, 5, 1), "criterion",
     "s2.colaboration", "unknown_criterion", "typo: s2.colaboration for s2.collaboration"),
    ("jr-006", "knowledge-test", "k4.adjustments-knowledge", dt.date(2025, 9, 20), "criterion",
     "k4.adjustment-knowledge", "unknown_criterion", "typo: adjustment- for adjustments-"),
    ("jr-007", "feedback", "s6.client-satisfaction", dt.date(2025, 12, 1), "criterion",
     "s6.client-satisfation", "unknown_criterion", "typo: satisfation for satisfaction"),
    ("jr-004", "self-assessment", None, dt.date(2025, 8, 1), "kind", "appraisal",
     "unknown_kind", "'appraisal' (the form's name) for self-assessment"),
]


def build():
    check_framework()
    for w in WORKERS:
        gen_worker(w)
    for c in CERTIFICATES:
        w, crit, when, value, expires, note = c
        add(w, crit, "certificate", when, "", value, expires=expires, note=note)
    gen_sparse()
    # A few rows typed in from paper without an item id.
    for r in ROWS:
        if r["kind"] in ("observation", "self-assessment") and rng.random() < .07:
            r["noid"] = True
    for w, kind, crit, after, field, text, reason, why in MISTYPED:
        row = min((r for r in ROWS if r["worker"] == w and r["kind"] == kind and not r["bad"]
                   and crit in (None, r["criterion"]) and r["date"] >= after.isoformat()),
                  key=lambda r: (r["date"], r["order"]))
        row[field], row["bad"], row["why"] = text, reason, why
    for b in BAD_ROWS:
        w, crit, kind, when, who, value, num, den, expires, note, reason, why = b
        add(w, crit, kind, when, who, value, num, den, expires, note, bad=reason, why=why,
            noid=(reason == "unknown_kind" and w == "jr-009"))

    # A client's words copied into a note (quotes and a comma in the CSV).
    max((r for r in ROWS if r["worker"] == "jr-007" and r["criterion"] == "s6.client-satisfaction"
         and not r["bad"]), key=lambda r: r["date"])["note"] = \
        'client wrote "she got me back to work, and kept me there"'
    # jr-005's first survey mean was typed in from paper, without an id.
    next(r for r in ROWS if r["worker"] == "jr-005"
         and r["criterion"] == "s6.client-satisfaction")["noid"] = True

    rows = sorted(ROWS, key=lambda r: (r["date"], r["worker"], list(CRITERIA).index(r["criterion"])
                                       if r["criterion"] in CRITERIA else 99, r["kind"], r["order"]))
    n = 0
    for r in rows:
        if r["noid"]:
            r["id"] = ""
        else:
            n += 1
            r["id"] = "ev-%04d" % n

    # Double submissions: the same item, with its id, saved twice.
    for w, crit, after, why in (
            ("jr-001", "s2.adjustments-implemented", "2025-07-01", "double submission of %s"),
            ("jr-009", "s6.client-satisfaction", "2025-12-01",
             "%s: survey batch imported twice")):
        i = next(i for i, r in enumerate(rows) if r["worker"] == w and r["criterion"] == crit
                 and r["date"] > after and r["id"] and not r["bad"])
        rows.insert(i + 1, dict(rows[i], bad="duplicate", why=why % rows[i]["id"]))
    # The same without an id: not a duplicate for the engine, it counts twice.
    i = next(i for i, r in enumerate(rows)
             if r["worker"] == "jr-005" and r["criterion"] == "s6.client-satisfaction"
             and r["id"] == "")
    rows.insert(i + 1, dict(rows[i], bad="", why="repeat without id: counted twice"))
    # A moderated score re-entered under the original id, appended at the end:
    # both items of the id are rejected.
    i = next(i for i, r in enumerate(rows)
             if r["worker"] == "jr-004" and r["criterion"] == "s2.collaboration"
             and r["kind"] == "observation" and r["id"] and not r["bad"])
    orig = rows[i]
    old = float(orig["value"])
    new_value = fmt_num(old + 1 if old <= RATING_MAX - 1 else old - 1)
    orig["bad"], orig["why"] = "conflicting_id", "original of a re-entered id"
    rows.append(dict(orig, value=new_value, note="moderated score, re-entered",
                     why="%s re-entered with value %s (was %s)" % (orig["id"], new_value,
                                                                  orig["value"])))
    return rows


# --------------------------------------------------------------------------
# Checks: the per-item and id rules of tests/vectors/README.md, applied to the
# written file, must reject exactly the rows meant to be bad.


def reason_for(r):
    crit = CRITERIA.get(r["criterion"])
    if crit is None:
        return "unknown_criterion"
    if r["kind"] not in KINDS:
        return "unknown_kind"
    measure, _, kinds = crit
    if kinds is not None and r["kind"] not in kinds:
        return "kind_not_accepted"

    def num(s):
        try:
            x = float(s)
        except ValueError:
            return None
        return x if x == x and abs(x) != float("inf") else None
    v = num(r["value"])
    if measure == "rating" and (v is None or not RATING_MIN <= v <= RATING_MAX):
        return "invalid_value"
    if measure == "binary" and r["value"].lower() not in ("true", "false", "yes", "no", "1", "0"):
        return "invalid_value"
    if measure == "rate":
        n, d = num(r["numerator"]), num(r["denominator"])
        if n is None or d is None or d <= 0 or n < 0:
            return "invalid_value"
    if measure == "count" and (v is None or v < 0 or v != int(v)):
        return "invalid_value"
    date = dt.date.fromisoformat(r["date"])
    if date > AS_OF:
        return "future"
    if (r["expires"] and dt.date.fromisoformat(r["expires"]) < AS_OF) or \
            (AS_OF - date).days > MAX_AGE_DAYS:
        return "expired"
    return ""


def check(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == HEADER, reader.fieldnames
        read = list(reader)
    reasons = [reason_for(r) for r in read]
    groups = OrderedDict()
    for i, r in enumerate(read):
        if not reasons[i] and r["id"]:
            groups.setdefault(r["id"], []).append(i)
    for ids in groups.values():
        if len(ids) > 1:
            # values compared as text here; the generator never varies the spelling
            same = all(read[j] == read[ids[0]] for j in ids)
            for j in ids[1:] if same else ids:
                reasons[j] = "duplicate" if same else "conflicting_id"
    return read, reasons


def main():
    rows = build()
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        for r in rows:
            writer.writerow([r[k] for k in HEADER])

    read, reasons = check(OUT)
    intended = [r["bad"] for r in rows]
    if reasons != intended:
        for line, (got, want) in enumerate(zip(reasons, intended), start=2):
            if got != want:
                print("line %d: checker says %r, generator meant %r" % (line, got, want))
        sys.exit("make_demo.py: bad rows do not come out as intended")
    # ordinary rows keep to the window
    for r, why in zip(read, reasons):
        assert why or "2024-07-01" <= r["date"] <= "2026-06-30", r

    def table(title, counter, keys=None):
        print(title)
        for k in keys or sorted(counter):
            print("  %-34s %4d" % (k, counter[k]))

    used = [r for r, why in zip(read, reasons) if not why]
    print("wrote %s: %d rows (%d used, %d rejected), %d without id"
          % (OUT.relative_to(HERE.parent), len(read), len(used), len(read) - len(used),
             sum(1 for r in read if not r["id"])))
    per_worker = Counter(r["worker"] for r in read)
    bad_worker = Counter(r["worker"] for r, why in zip(read, reasons) if why)
    print("rows per worker (all / rejected)")
    for w in sorted(per_worker):
        print("  %-34s %4d %4d" % (w, per_worker[w], bad_worker[w]))
    table("rows per kind", Counter(r["kind"] for r in read))
    table("rows per measure (known criteria)",
          Counter(CRITERIA[r["criterion"]][0] for r in read if r["criterion"] in CRITERIA),
          ["rating", "binary", "rate", "count"])
    print("criteria with used evidence: %d of %d"
          % (len({r["criterion"] for r in used}), len(CRITERIA)))
    order = ["unknown_criterion", "unknown_kind", "kind_not_accepted", "invalid_value",
             "future", "expired", "duplicate", "conflicting_id"]
    table("rejected rows by reason", Counter(why for why in reasons if why), order)
    print("rejected rows (line: id worker criterion kind - cause)")
    for line, (r, why, g) in enumerate(zip(read, reasons, rows), start=2):
        if why:
            print("  %3d: %-17s %-7s %-7s %-33s %-18s - %s"
                  % (line, why, r["id"] or "(no id)", r["worker"], r["criterion"], r["kind"],
                     g["why"]))
    for line, g in enumerate(rows, start=2):
        if not g["bad"] and g["why"]:
            print("  note, line %d (not rejected): %s" % (line, g["why"]))


if __name__ == "__main__":
    main()
