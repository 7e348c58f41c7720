"""Progress against development plans, for the reference (reference.py).

A transcription of docs/scoring.md section 14 on top of reference.py's
scoring: each target's trajectory is the reference score of the evidence at
each of its dates. Run through reference.py, which writes (or with
`--check` compares) `expected-progress.json` of every case folder with a
`case.progress.json` that says `"reference": true` (the older progress
cases were worked by hand and are kept as they are).
"""

import reference as ref

PROGRESS_KEYS = {"description", "framework", "evidence", "plans", "as_of", "min_gain",
                 "reference", "cpd", "period"}
EXPLANATION = "(checked by its first word)"


def stops(plan, as_of):
    """The trajectory's dates: the earlier of baseline and as_of, each review
    after the baseline up to as_of, and as_of; sorted, each once."""
    dates = {min(plan["baseline"], as_of), as_of}
    dates.update(r for r in plan["reviews"] if plan["baseline"] < r <= as_of)
    return sorted(dates)


def level_rank(fw, level):
    return None if level is None else [lv["id"] for lv in fw["levels"]].index(level)


def point(fw, result, worker, competency, date):
    """A trajectory point: the competency's score, level and status at `date`
    (a worker with no evidence then: insufficient evidence, no score)."""
    entry = next((w for w in result["workers"] if w["worker"] == worker), None)
    comp = None if entry is None else next(c for c in entry["competencies"] if c["id"] == competency)
    return {"date": date.isoformat(),
            "score": None if comp is None else comp["score"],
            "level": None if comp is None else comp["level"],
            "status": "insufficient_evidence" if comp is None else comp["status"]}


def target_progress(fw, plan, target, results, as_of, min_gain):
    trajectory = [point(fw, results[d], plan["worker"], target["competency"], d)
                  for d in stops(plan, as_of)]
    base, now = trajectory[0], trajectory[-1]
    due = ref.parse_date(str(target["due"]), "due")
    # The baseline's rank is the level its score implies, assessed or not.
    base_rank = -1 if base["score"] is None else level_rank(fw, ref.level_of(fw["levels"], base["score"]))
    gain = None if now["score"] is None else now["score"] - (base["score"] or 0.0)
    now_rank = level_rank(fw, now["level"])
    achieved = now_rank is not None and now_rank >= level_rank(fw, target["level"])
    if achieved:
        status = "achieved"
    elif (gain is not None and gain >= min_gain - ref.LEVEL_EPSILON) or (
            now_rank is not None and now_rank > base_rank):
        status = "progressing"
    else:
        status = "no_progress"
    overdue = not achieved and as_of > due
    return {"worker": plan["worker"], "competency": target["competency"],
            "target_level": target["level"], "due": due.isoformat(),
            "lead": target.get("lead"), "status": status, "overdue": overdue,
            "days_overdue": (as_of - due).days if overdue else 0,
            "gain": gain, "trajectory": trajectory, "explanation": EXPLANATION}


def progress(fw, plans, items, as_of, min_gain):
    policy = ref.effective_policy(fw, None)
    results = {}
    targets = []
    for plan in plans["plans"]:
        plan = dict(plan, baseline=ref.parse_date(str(plan["baseline"]), "baseline"),
                    reviews=[ref.parse_date(str(r), "review") for r in plan.get("reviews", [])])
        for d in stops(plan, as_of):
            if d not in results:
                results[d] = ref.score(fw, policy, d, items)
        for target in plan["targets"]:
            targets.append(target_progress(fw, plan, target, results, as_of, min_gain))
    counts = {s: sum(1 for t in targets if t["status"] == s)
              for s in ("achieved", "progressing", "no_progress")}
    counts["overdue"] = sum(1 for t in targets if t["overdue"])
    at_as_of = results.get(as_of) or ref.score(fw, policy, as_of, items)
    return {"framework": fw["id"], "as_of": as_of.isoformat(), "min_gain": float(min_gain),
            "counts": counts, "targets": targets, "rejected": at_as_of["rejected"]}


def run_case(case_dir, case):
    """{file name: text} of the expected progress of a case folder."""
    ref.check_keys(case, PROGRESS_KEYS, {"description", "framework", "evidence", "plans",
                                         "as_of", "min_gain"}, f"{case_dir.name}/case.progress.json")
    fw = ref.load_yaml(case_dir / case["framework"])
    ref.check_framework(fw)
    plans = ref.load_yaml(case_dir / case["plans"])
    ref.require(plans["framework"] == fw["id"], "plans name another framework")
    items = ref.read_evidence(case_dir / case["evidence"])
    as_of = ref.parse_date(case["as_of"], "as_of")
    return {"expected-progress.json": ref.render(progress(fw, plans, items, as_of, case["min_gain"]))}
