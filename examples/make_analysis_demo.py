#!/usr/bin/env python3
"""Generate the demo data for `proficient delphi` and `proficient equality`.

    python3 examples/make_analysis_demo.py

writes (byte-identical on every run: stdlib only, seeded random.Random, no
set iteration, no clock):

  examples/delphi-items.csv    the items of a Delphi survey shaped like the
                               one behind the job retention skills set: the
                               16 knowledge and skill statements (ids equal
                               to the competency ids of
                               frameworks/job-retention.yaml) and 18 more
                               items on service organisation and approach,
                               all in the survey's 5 categories;
  examples/delphi-ratings.csv  ratings 1-10 by 80 participants in 5 panel
                               groups (52 specialists, 8 employers / HR /
                               occupational health, 7 service users and
                               carers, 9 researchers, 4 others) over 2
                               rounds; after round 1, 4 low-priority items
                               were dropped (as the survey refined its list);
  examples/staff-cpd.csv       one row per member of staff per year
                               2021-2024 of a trust's workforce: ethnicity
                               group (and the WRES two-group split white /
                               BME), sex, disability, pay band, whether they
                               accessed non-mandatory training or CPD that
                               year, and the reason recorded when an
                               application was declined.

and prints a summary, including every deliberately bad row with its line
and what `proficient` must say about it:

  delphi-ratings.csv: a score of 11 and one of 7.5 (invalid_score), an empty
  score (invalid_score), a row entered twice (duplicate), a rating entered
  twice with different scores (conflicting_rating: both), an item id with a
  typo (unknown_item, when the item list is given);
  staff-cpd.csv: an empty outcome (missing_outcome), `maybe`
  (invalid_outcome), an empty ethnicity (missing_group).

The staff groups include small ones (a few people of mixed ethnicity in
some years, staff who did not state their ethnicity), so suppression of
small cells and of the totals that would reveal them shows in the output.
"""

import csv
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

CATEGORIES = [
    "Promoting Engagement and Access",
    "Assessing the Individual Situation",
    "Supporting and Educating Employers and Colleagues",
    "Devising and Implementing a Retention Strategy",
    "Developing and Sustaining Employment",
]
ENG, ASSESS, EMPLOYERS, STRATEGY, SUSTAIN = CATEGORIES

# (item id, label, category, true priority on 1-10, dropped after round 1)
# The 16 statements carry the competency ids of the shipped framework (and
# the categories the framework assigns them).
ITEMS = [
    ("k1-jobs-and-workplaces", "Understanding of a wide range of jobs, organisations and work environments", SUSTAIN, 7.2, False),
    ("k2-legislation", "Knowledge of health and safety legislation, employment law and the DDA in practice", EMPLOYERS, 8.3, False),
    ("k3-partner-roles", "Understanding of the roles of OH, HR, primary and secondary healthcare; working with them", STRATEGY, 8.0, False),
    ("k4-workplace-adjustments", "Knowledge of the full range of potential adjustments in the workplace", STRATEGY, 8.6, False),
    ("k5-early-intervention", "Understanding of the need for early intervention and of clients' complex issues", ENG, 8.4, False),
    ("s1-workplace-assessment", "Conduct a comprehensive workplace assessment", ASSESS, 8.7, False),
    ("s2-return-to-work-planning", "Plan a return to work and adjustments with the client and line manager", STRATEGY, 9.0, False),
    ("s3-talking-to-employers", "Talk confidently to employers, managers and colleagues about health and disability", EMPLOYERS, 8.5, False),
    ("s4-workplace-relationships", "Use relationships in the workplace (mentoring, buddying) to support individuals", EMPLOYERS, 7.4, False),
    ("s5-financial-advice", "Facilitate access to expert advice on benefits, income protection, Access to Work", ENG, 7.0, False),
    ("s6-optimism-and-confidence", "Foster the client's optimism and self-confidence", SUSTAIN, 8.1, False),
    ("s7-interagency-coordination", "Coordinate health, social care and vocational agencies", STRATEGY, 7.8, False),
    ("s8-job-change-advice", "Review jobs and advise when a change of job may be the best solution", SUSTAIN, 7.1, False),
    ("s9-mediation", "Mediate where there is conflict between employer and employee", STRATEGY, 7.3, False),
    ("s10-flexible-response", "Respond flexibly to the changing needs of clients and employers", SUSTAIN, 8.2, False),
    ("s11-employment-rights", "Defend clients' employment rights", STRATEGY, 7.6, False),
    ("org-gp-referral", "Referral route from GPs and primary care staff", ENG, 8.2, False),
    ("org-self-referral", "Self-referral open to employees", ENG, 7.5, False),
    ("org-early-contact", "First contact within two weeks of referral", ENG, 8.0, False),
    ("org-publicity", "Publicity to local employers", ENG, 5.6, True),
    ("org-holistic-assessment", "Bio-psychosocial assessment of the individual", ASSESS, 8.1, False),
    ("org-work-capacity-tools", "Standard work-capacity assessment tools", ASSESS, 5.2, True),
    ("org-confidentiality", "Agreement with the client on what is shared with the employer", ASSESS, 8.8, False),
    ("org-employer-training", "Mental health awareness training for line managers", EMPLOYERS, 7.7, False),
    ("org-employer-helpline", "Telephone advice line for employers", EMPLOYERS, 5.9, True),
    ("org-written-plan", "Written return-to-work plan agreed by all parties", STRATEGY, 8.6, False),
    ("org-graded-return", "Graded (phased) return to work", STRATEGY, 8.5, False),
    ("org-case-review", "Regular case review with a supervisor", STRATEGY, 7.2, False),
    ("org-follow-up", "Follow-up after return to work", SUSTAIN, 8.3, False),
    ("org-peer-support", "Access to peer support", SUSTAIN, 6.6, False),
    ("org-career-guidance", "Onward referral to careers and vocational guidance", SUSTAIN, 6.4, False),
    ("org-outcome-monitoring", "Monitoring of job retention outcomes", SUSTAIN, 7.0, False),
    ("org-home-visits", "Home visits offered", ENG, 4.2, True),
    ("org-group-sessions", "Group sessions for clients", SUSTAIN, 5.0, False),
]

# (panel group, size, bias on the 1-10 scale, spread)
PANEL = [
    ("specialist", 52, 0.0, 1.4),
    ("employer-hr-oh", 8, -0.4, 1.6),
    ("service-user-carer", 7, 0.3, 1.8),
    ("researcher", 9, -0.2, 1.2),
    ("other", 4, 0.0, 1.7),
]

# Group-specific views on some items (e.g. employers rate employer-facing
# items higher, service users rate client-facing items higher).
VIEWS = {
    ("employer-hr-oh", "org-employer-helpline"): 1.8,
    ("employer-hr-oh", "org-employer-training"): 1.0,
    ("employer-hr-oh", "s11-employment-rights"): -1.2,
    ("service-user-carer", "s6-optimism-and-confidence"): 1.0,
    ("service-user-carer", "org-peer-support"): 2.0,
    ("service-user-carer", "s11-employment-rights"): 1.0,
    ("researcher", "org-outcome-monitoring"): 1.5,
    ("researcher", "org-work-capacity-tools"): 1.0,
}


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def make_delphi():
    rng = random.Random(80)
    participants = []
    for group, size, bias, spread in PANEL:
        prefix = {"specialist": "sp", "employer-hr-oh": "em", "service-user-carer": "su",
                  "researcher": "re", "other": "ot"}[group]
        for i in range(1, size + 1):
            # each participant has a personal leniency
            participants.append((f"{prefix}-{i:02d}", group, bias + rng.gauss(0, 0.5), spread))
    rows = []
    round1_means = {}
    for rnd in (1, 2):
        for pid, group, lean, spread in participants:
            for item, _label, _cat, mu, dropped in ITEMS:
                if rnd == 2 and dropped:
                    continue
                # a few items left unrated (about 1%)
                if rng.random() < 0.01:
                    continue
                centre = mu + lean + VIEWS.get((group, item), 0.0)
                sd = spread
                if rnd == 2:
                    # Delphi feedback: views move towards the round-1 mean
                    centre = 0.5 * centre + 0.5 * round1_means[item]
                    sd = spread * 0.7
                score = int(clip(round(rng.gauss(centre, sd)), 1, 10))
                rows.append([pid, group, str(rnd), item, str(score), ""])
        if rnd == 1:
            for item, *_ in ITEMS:
                scores = [int(r[4]) for r in rows if r[3] == item]
                round1_means[item] = sum(scores) / len(scores)
    # Deliberately bad rows, at fixed positions.
    bad = []

    def put(index, row, why):
        rows.insert(index, row)
        bad.append((row, why))

    put(120, ["sp-07", "specialist", "1", "org-confidentiality", "11", "typed 11 for 1"], "invalid_score (11: outside 1-10)")
    put(400, ["em-03", "employer-hr-oh", "1", "k2-legislation", "7.5", "between 7 and 8"], "invalid_score (7.5: not a whole number)")
    put(900, ["su-02", "service-user-carer", "1", "s5-financial-advice", "", "not sure"], "invalid_score (empty)")
    # a row entered twice: copy an existing valid rating
    dup = list(rows[1500])
    put(1501, dup, "duplicate (same as the row above)")
    # a rating entered twice with different scores
    orig = rows[2000]
    other = list(orig)
    other[4] = str(clip(int(orig[4]) - 3, 1, 10))
    other[5] = "re-entered from paper form"
    put(2001, other, "conflicting_rating (this row and the row above)")
    bad.append((orig, "conflicting_rating (its re-entry is the next row)"))
    put(2600, ["re-04", "researcher", "2", "s2-return-to-work-plannning", "9", ""], "unknown_item (typo; with --items)")
    return rows, bad


def make_staff():
    rng = random.Random(2021)
    years = [2021, 2022, 2023, 2024]
    # ethnicity group -> (share of workforce, base CPD access rate 2021, yearly change)
    ethnic = [
        ("White", 0.617, 0.56, -0.015),
        ("Asian or Asian British", 0.17, 0.36, 0.045),
        ("Black or Black British", 0.14, 0.32, 0.050),
        ("Mixed", 0.014, 0.40, 0.03),
        ("Other ethnic group", 0.026, 0.35, 0.04),
        ("Not stated", 0.033, 0.45, 0.0),
    ]
    bands = [("Band 2-4", 0.40, -0.06), ("Band 5-6", 0.38, 0.0), ("Band 7", 0.15, 0.05), ("Band 8a+", 0.07, 0.08)]
    reasons = [
        ("not approved by manager", 0.34),
        ("not in appraisal or development plan", 0.22),
        ("course full", 0.14),
        ("no funding", 0.18),
        ("", 0.12),  # not recorded
    ]

    def pick(options):
        x = rng.random()
        acc = 0.0
        for value, weight, *_ in options:
            acc += weight
            if x < acc:
                return value
        return options[-1][0]

    staff = []
    next_id = 1
    for _ in range(420):
        staff.append({"id": f"st-{next_id:04d}", "eth": pick(ethnic), "sex": "F" if rng.random() < 0.77 else "M",
                      "dis": "yes" if rng.random() < 0.06 else ("not declared" if rng.random() < 0.05 else "no"),
                      "band": pick(bands), "from": 2021, "to": 2024})
        next_id += 1
    rows = []
    for year in years:
        # turnover: about 10% leave each year and are replaced
        for s in staff:
            if s["from"] <= year <= s["to"] and year < 2024 and rng.random() < 0.10 and s["to"] == 2024:
                s["to"] = year
        joiners = sum(1 for s in staff if s["to"] == year - 1)
        for _ in range(joiners):
            staff.append({"id": f"st-{next_id:04d}", "eth": pick(ethnic), "sex": "F" if rng.random() < 0.77 else "M",
                          "dis": "yes" if rng.random() < 0.06 else ("not declared" if rng.random() < 0.05 else "no"),
                          "band": pick(bands), "from": year, "to": 2024})
            next_id += 1
        for s in staff:
            if not (s["from"] <= year <= s["to"]):
                continue
            base = next(e for e in ethnic if e[0] == s["eth"])
            band_shift = next(b for b in bands if b[0] == s["band"])[2]
            rate = clip(base[2] + base[3] * (year - 2021) + band_shift, 0.02, 0.95)
            accessed = rng.random() < rate
            reason = "" if accessed else pick(reasons)
            wres = "White" if s["eth"] == "White" else ("Not stated" if s["eth"] == "Not stated" else "BME")
            rows.append([s["id"], str(year), s["eth"], wres, s["sex"], s["dis"], s["band"],
                         "yes" if accessed else "no", reason])
    bad = []

    def put(index, row, why):
        rows.insert(index, row)
        bad.append((row, why))

    put(200, ["st-9001", "2021", "White", "White", "F", "no", "Band 5-6", "", ""], "missing_outcome")
    put(700, ["st-9002", "2022", "Asian or Asian British", "BME", "M", "no", "Band 7", "maybe", ""], "invalid_outcome (`maybe`)")
    put(1300, ["st-9003", "2023", "", "", "F", "no", "Band 2-4", "no", "course full"], "missing_group (ethnicity empty)")
    return rows, bad


def write(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main():
    items_rows = [[i, label, cat, i if not i.startswith("org-") else ""] for i, label, cat, _mu, _d in ITEMS]
    write(HERE / "delphi-items.csv", ["item", "label", "category", "competency"], items_rows)
    ratings, bad = make_delphi()
    write(HERE / "delphi-ratings.csv", ["participant", "group", "round", "item", "score", "comment"], ratings)
    print(f"delphi-items.csv: {len(items_rows)} items in {len(CATEGORIES)} categories "
          f"({sum(1 for i in ITEMS if i[4])} dropped after round 1)")
    print(f"delphi-ratings.csv: {len(ratings)} rows, {sum(p[1] for p in PANEL)} participants")
    lines = {id(r): n + 2 for n, r in enumerate(ratings)}
    for row, why in sorted(bad, key=lambda b: lines[id(b[0])]):
        print(f"  line {lines[id(row)]}: {row[0]} round {row[2]} {row[3]} score {row[4]!r}: {why}")
    staff, bad = make_staff()
    write(HERE / "staff-cpd.csv",
          ["staff_id", "year", "ethnicity", "wres_group", "sex", "disability", "band", "accessed_cpd", "decline_reason"],
          staff)
    print(f"staff-cpd.csv: {len(staff)} rows (staff x year)")
    lines = {id(r): n + 2 for n, r in enumerate(staff)}
    for row, why in sorted(bad, key=lambda b: lines[id(b[0])]):
        print(f"  line {lines[id(row)]}: {row[0]} {row[1]}: {why}")


if __name__ == "__main__":
    main()
