#!/usr/bin/env python3
"""Independent reference implementation of `cohort`, `equality` and `delphi`.

Reads every analysis vector (`tests/vectors/{cohort,equality,delphi}-*/analysis.json`,
format in `tests/vectors/ANALYSIS.md`), computes its result exactly as
ANALYSIS.md describes, and writes the case's `expected.json`.

    python3 tests/crosscheck/analysis_reference.py            # regenerate
    python3 tests/crosscheck/analysis_reference.py --check    # exit 1 if a committed file differs
    python3 tests/crosscheck/analysis_reference.py delphi-01-hand-worked

It shares no code with the Rust engine: plain Python (standard library, and
PyYAML through `tests/vectors/reference.py`, whose scoring and screening
the cohort cases reuse). Exact arithmetic (fractions) is used wherever the
specification compares numbers exactly (ranks, recoverability).
"""

import argparse
import csv
import io
import json
import math
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VECTORS = ROOT / "tests" / "vectors"
sys.path.insert(0, str(VECTORS))

Z95 = 1.959963984540054
NOT_RECORDED = "(not recorded)"


class CaseError(Exception):
    pass


def require(ok, message):
    if not ok:
        raise CaseError(message)


def read_rows(text):
    """(header, [(line, fields)]) of CSV text; line = physical line where the record starts."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    header = None
    prev_end = 0
    for fields in reader:
        start = prev_end + 1
        prev_end = reader.line_num
        if header is None:
            header = fields
            continue
        if fields == [] or fields == [""]:
            continue
        rows.append((start, fields))
    return header or [], rows


# --------------------------------------------------------------------------
# Equality


def parse_outcome(text):
    t = text.strip().lower()
    if t in ("yes", "true", "y", "1"):
        return True
    if t in ("no", "false", "n", "0"):
        return False
    return None


def find_column(header, name):
    hits = [i for i, h in enumerate(header) if h.strip().lower() == name.strip().lower()]
    require(len(hits) == 1, f"column {name}: {len(hits)} matches")
    return hits[0]


def wilson(count, n):
    p = count / n
    z2 = Z95 * Z95
    denom = 1 + z2 / n
    center = (p + z2 / (2 * n)) / denom
    dist = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, center - dist), min(1.0, center + dist)


def recoverable(suppressed, equations):
    """Suppressed entries whose value the equations and the shown entries determine.

    x_e is determined iff e's unit vector lies in the row space of the
    equations restricted to the suppressed entries: checked by comparing
    ranks (exact fractions)."""
    unknowns = [e for e, s in enumerate(suppressed) if s]
    if not unknowns:
        return []
    pos = {e: i for i, e in enumerate(unknowns)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * len(unknowns)
        for e, c in eq:
            if e in pos:
                row[pos[e]] += c
        rows.append(row)

    def rank(m):
        m = [r[:] for r in m]
        r = 0
        cols = len(m[0]) if m else 0
        for c in range(cols):
            piv = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
            if piv is None:
                continue
            m[r], m[piv] = m[piv], m[r]
            for i in range(len(m)):
                if i != r and m[i][c] != 0:
                    f = m[i][c] / m[r][c]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r])]
            r += 1
        return r

    base = rank(rows)
    out = []
    for i, e in enumerate(unknowns):
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if rank(rows + [unit]) == base:
            out.append(e)
    return out


def closing_path(n, margin, suppressed, rows, cols, target):
    """Entries of the cheapest path from target's row to target's column
    (Dijkstra over rows + columns; cost (cells, totals, people); nodes
    visited by (cost, node), neighbours relaxed in node order, strict
    improvement only), not using target."""
    tr, tc = divmod(target, cols)
    nodes = rows + cols

    def entry(u, v):
        r, c = (u, v - rows) if u < rows else (v, u - rows)
        return r * cols + c

    def weight(e):
        if suppressed[e]:
            return (0, 0, 0)
        return (0, 1, n[e]) if margin[e] else (1, 0, n[e])

    dist = [None] * nodes
    prev = [None] * nodes
    done = [False] * nodes
    dist[tr] = (0, 0, 0)
    goal = rows + tc
    while True:
        cand = [(dist[u], u) for u in range(nodes) if not done[u] and dist[u] is not None]
        if not cand:
            break
        d, u = min(cand)
        done[u] = True
        if u == goal:
            break
        for v in (range(rows, nodes) if u < rows else range(rows)):
            e = entry(u, v)
            if e == target or done[v]:
                continue
            w = weight(e)
            nd = (d[0] + w[0], d[1] + w[1], d[2] + w[2])
            if dist[v] is None or nd < dist[v]:
                dist[v] = nd
                prev[v] = u
    path = []
    v = goal
    while prev[v] is not None:
        path.append(entry(prev[v], v))
        v = prev[v]
    return path if v == tr else []


def suppress(n, margin, equations, min_cell, grid):
    suppressed = [x is not None and x < min_cell for x in n]

    def is_open(e):
        return n[e] is not None and not suppressed[e]

    while True:
        exposed = recoverable(suppressed, equations)
        if not exposed:
            return suppressed
        target = exposed[0]
        added = closing_path(n, margin, suppressed, grid[0], grid[1], target) if grid else []
        added = [e for e in added if is_open(e)]
        if not added:
            cands = [e for eq in equations if any(x == target for x, _ in eq) for e, _ in eq if is_open(e)]
            if not cands:
                cands = [e for e in range(len(n)) if is_open(e)]
            if not cands:
                return suppressed
            added = [min(cands, key=lambda e: (not margin[e], n[e], e))]
        for e in added:
            suppressed[e] = True


def sort_periods(periods):
    def num(p):
        try:
            x = float(p.strip())
        except ValueError:
            return None
        return x if math.isfinite(x) else None

    if all(num(p) is not None for p in periods):
        return sorted(periods, key=lambda p: (num(p), p))
    return sorted(periods)


def estimate(group, period, n, count, shown):
    e = {"group": group, "period": period, "suppressed": not shown,
         "n": n if shown else None, "count": count if shown else None,
         "rate": None, "ci_low": None, "ci_high": None,
         "relative_likelihood": None, "ratio_to_highest": None, "four_fifths": None}
    if shown and n > 0:
        e["rate"] = count / n
        e["ci_low"], e["ci_high"] = wilson(count, n)
    return e


def compare(estimates, reference):
    ref_rate = next((e["rate"] for e in estimates if e["group"] == reference), None)
    rates = [e["rate"] for e in estimates if e["rate"] is not None]
    highest = max(rates) if rates else None
    for e in estimates:
        rate = e["rate"]
        if rate is None:
            continue
        if ref_rate is not None and rate > 0:
            e["relative_likelihood"] = ref_rate / rate
        if highest is not None and highest > 0:
            e["ratio_to_highest"] = rate / highest
            # Decided exactly: a ratio of 4/5 is not below 0.8.
            top = max(Fraction(x["count"], x["n"]) for x in estimates if x["rate"] is not None)
            e["four_fifths"] = Fraction(e["count"], e["n"]) / top < Fraction(4, 5)


def equality(case_dir, case):
    o = dict(case["options"])
    o.setdefault("period", None)
    o.setdefault("reason", None)
    o.setdefault("reference", None)
    o.setdefault("min_cell", 10)
    text = (case_dir / case["people"]).read_text(encoding="utf-8")
    header, rows = read_rows(text)
    gi, oi = find_column(header, o["group"]), find_column(header, o["outcome"])
    pi = find_column(header, o["period"]) if o["period"] else None
    ri = find_column(header, o["reason"]) if o["reason"] else None
    people, rejected, warnings = [], [], []

    def cell(fields, i):
        if i is None or i >= len(fields):
            return None
        v = fields[i].strip()
        return v or None

    for line, fields in rows:
        g, p, out, reason = cell(fields, gi), cell(fields, pi), cell(fields, oi), cell(fields, ri)
        if g is None:
            rejected.append({"line": line, "column": o["group"], "reason": "missing_group", "detail": "x"})
            continue
        if pi is not None and p is None:
            rejected.append({"line": line, "column": o["period"], "reason": "missing_period", "detail": "x"})
            continue
        if out is None:
            rejected.append({"line": line, "column": o["outcome"], "reason": "missing_outcome", "detail": "x"})
            continue
        b = parse_outcome(out)
        if b is None:
            rejected.append({"line": line, "column": o["outcome"], "reason": "invalid_outcome", "detail": "x"})
            continue
        if b and reason is not None:
            warnings.append({"line": line, "message": "x"})
        people.append((g, p if pi is not None else None, b, None if b else reason))

    groups = sorted({x[0] for x in people})
    periods = sort_periods(sorted({x[1] for x in people})) if pi is not None else ["all"]
    if not periods:
        periods = ["all"]
    G, P = len(groups), len(periods)
    cols = P + 1
    n = [[0] * cols for _ in range(G + 1)]
    c = [[0] * cols for _ in range(G + 1)]
    for g, p, b, _ in people:
        r = groups.index(g)
        t = periods.index(p) if pi is not None else 0
        for rr, cc in ((r, t), (r, P), (G, t), (G, P)):
            n[rr][cc] += 1
            c[rr][cc] += int(b)

    if o["reference"] is not None:
        require(o["reference"] in groups, "unknown reference")
        reference = o["reference"]
    else:
        # the largest group; ties: the first in sorted order
        best = max(n[i][P] for i in range(G)) if G else 0
        reference = next((g for i, g in enumerate(groups) if n[i][P] == best), None)

    two_way = P > 1
    ent = lambda r, col: r * cols + col  # noqa: E731
    N = [None] * ((G + 1) * cols)
    margin = [False] * len(N)
    for r in range(G + 1):
        for col in range(cols):
            if two_way or col == 0:
                N[ent(r, col)] = n[r][col]
                margin[ent(r, col)] = r == G or (two_way and col == P)
    equations = []
    if two_way:
        for r in range(G + 1):
            equations.append([(ent(r, col), 1) for col in range(P)] + [(ent(r, P), -1)])
        for col in range(cols):
            equations.append([(ent(r, col), 1) for r in range(G)] + [(ent(G, col), -1)])
    else:
        equations.append([(ent(r, 0), 1) for r in range(G)] + [(ent(G, 0), -1)])
    supp = suppress(N, margin, equations, o["min_cell"], (G + 1, cols) if two_way else None)
    shown = lambda r, col: not supp[ent(r, col)]  # noqa: E731

    cells = []
    for t, period in enumerate(periods):
        row = [estimate(g, period if pi is not None else None, n[i][t], c[i][t], shown(i, t))
               for i, g in enumerate(groups)]
        compare(row, reference)
        cells += row
    tc = P if two_way else 0
    group_totals, period_totals = [], []
    if two_way:
        group_totals = [estimate(g, None, n[i][P], c[i][P], shown(i, P)) for i, g in enumerate(groups)]
        compare(group_totals, reference)
        period_totals = [estimate(None, p, n[G][t], c[G][t], shown(G, t)) for t, p in enumerate(periods)]
    total = estimate(None, None, n[G][tc], c[G][tc], shown(G, tc))

    trends = []
    if two_way:
        for i, g in enumerate(groups):
            series = [(t, cells[t * G + i]) for t in range(P) if cells[t * G + i]["rate"] is not None]
            pts = [(float(t), e["rate"]) for t, e in series]
            slope = None
            if len(pts) >= 2:
                mx = sum(x for x, _ in pts) / len(pts)
                my = sum(y for _, y in pts) / len(pts)
                sxx = sum((x - mx) ** 2 for x, _ in pts)
                sxy = sum((x - mx) * (y - my) for x, y in pts)
                slope = sxy / sxx if sxx > 0 else None
            rl = [e["relative_likelihood"] for _, e in series if e["relative_likelihood"] is not None]
            trends.append({
                "group": g, "periods": len(series),
                "first_period": series[0][1]["period"] if series else None,
                "last_period": series[-1][1]["period"] if series else None,
                "first_rate": series[0][1]["rate"] if series else None,
                "last_rate": series[-1][1]["rate"] if series else None,
                "change": series[-1][1]["rate"] - series[0][1]["rate"] if len(series) > 1 else None,
                "slope": slope,
                "first_relative_likelihood": rl[0] if rl else None,
                "last_relative_likelihood": rl[-1] if rl else None,
            })

    reasons = None
    if ri is not None:
        names = sorted({x[3] for x in people if not x[2] and x[3] is not None})
        if any(not x[2] and x[3] is None for x in people):
            names.append(NOT_RECORDED)
        counts = [[0] * len(names) for _ in groups]
        for g, _, b, reason in people:
            if not b:
                counts[groups.index(g)][names.index(reason if reason is not None else NOT_RECORDED)] += 1
        rrows = []
        for i, g in enumerate(groups):
            ok = shown(i, tc)
            rrows.append({"group": g, "suppressed": not ok,
                          "declined": sum(counts[i]) if ok else None,
                          "counts": counts[i] if ok else None})
        totals = None
        if all(not r["suppressed"] for r in rrows):
            totals = [sum(counts[i][k] for i in range(G)) for k in range(len(names))]
        reasons = {"reasons": names, "groups": rrows, "totals": totals}

    grand = shown(G, tc)
    return {
        "settings": {"group": o["group"], "outcome": o["outcome"], "period": o["period"],
                     "reason": o["reason"], "reference": reference,
                     "reference_chosen_by": "option" if o["reference"] is not None else "largest_group",
                     "min_cell": o["min_cell"], "confidence": 0.95, "z": Z95},
        "counts": {"rows": len(people) + len(rejected) if grand else None,
                   "used": len(people) if grand else None, "rejected": len(rejected)},
        "groups": groups, "periods": periods, "cells": cells,
        "group_totals": group_totals, "period_totals": period_totals, "total": total,
        "trends": trends, "reasons": reasons, "rejected": rejected, "warnings": warnings,
    }


# --------------------------------------------------------------------------
# Delphi

BANDS = ("low", "middle", "high")


def band_of(score):
    return "low" if score <= 3 else ("middle" if score <= 7 else "high")


def quantile(xs, p):
    """NumPy's default (linear) quantile of sorted xs."""
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def check_score(text):
    if text is None:
        return None, "missing"
    try:
        x = float(text)
    except ValueError:
        return None, "not a number"
    if not math.isfinite(x) or x != int(x):
        return None, "not whole"
    if x < 1 or x > 10:
        return None, "outside"
    return int(x), None


def item_stats(item, info, scores, consensus):
    xs = sorted(scores)
    n = len(xs)
    s = sum(xs)
    q = sum(x * x for x in xs)
    mean = s / n
    sd = math.sqrt((n * q - s * s) / (n * (n - 1))) if n > 1 else None
    counts = {b: sum(1 for x in xs if band_of(x) == b) for b in BANDS}
    top = max(counts.values())
    modal = [b for b in BANDS if counts[b] == top]
    cons = next((b for b in BANDS if counts[b] / n >= consensus), None)
    q1, med, q3 = quantile(xs, 0.25), quantile(xs, 0.5), quantile(xs, 0.75)
    return {
        "item": item, "label": (info or {}).get("label"), "category": (info or {}).get("category"),
        "n": n, "mean": mean, "sd": sd, "median": med, "q1": q1, "q3": q3, "iqr": q3 - q1,
        "low": counts["low"], "middle": counts["middle"], "high": counts["high"],
        "low_share": counts["low"] / n, "middle_share": counts["middle"] / n,
        "high_share": counts["high"] / n,
        "modal_band": modal[0] if len(modal) == 1 else None,
        "consensus": cons is not None, "consensus_band": cons,
        "rank": None, "high_share_change": None, "stable": None,
    }


def rank_key(scores):
    n = len(scores)
    s = sum(scores)
    q = sum(x * x for x in scores)
    var = Fraction(n * q - s * s, n * (n - 1)) if n > 1 else None
    return (-Fraction(s, n), var is None, var if var is not None else 0)


def ranked(by_item, info, consensus):
    order = sorted(by_item, key=lambda it: (rank_key(by_item[it]), it))
    out = []
    prev = None
    for i, it in enumerate(order):
        key = rank_key(by_item[it])
        rank = out[-1]["rank"] if prev == key else i + 1
        st = item_stats(it, info.get(it), by_item[it], consensus)
        st["rank"] = rank
        out.append(st)
        prev = key
    return out


def delphi(case_dir, case):
    opts = {"consensus": 0.7, "stability": 0.15}
    opts.update(case.get("options") or {})
    info = None
    if case.get("items"):
        header, rows = read_rows((case_dir / case["items"]).read_text(encoding="utf-8"))
        cols = {h.strip().lower(): i for i, h in enumerate(header)}
        info = {}
        for _, f in rows:
            get = lambda k: (f[cols[k]].strip() or None) if k in cols and cols[k] < len(f) else None  # noqa: E731
            info[get("item")] = {"item": get("item"), "label": get("label"),
                                 "category": get("category"), "competency": get("competency")}
    path = case_dir / case["ratings"]
    ratings = []
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        lines = [i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
                 for _ in range(line.count("{"))]
        for k, r in enumerate(data):
            sc = r.get("score")
            ratings.append({"line": lines[k], "participant": r["participant"], "group": r["group"],
                            "round": r["round"], "item": r["item"],
                            "score": None if sc is None else str(sc)})
    else:
        header, rows = read_rows(path.read_text(encoding="utf-8"))
        cols = {h.strip().lower(): i for i, h in enumerate(header)}
        for line, f in rows:
            get = lambda k: (f[cols[k]].strip() or None) if cols[k] < len(f) else None  # noqa: E731
            ratings.append({"line": line, "participant": get("participant"), "group": get("group"),
                            "round": int(get("round")), "item": get("item"), "score": get("score")})
    ratings.sort(key=lambda r: r["line"])
    groups_of = {}
    for r in ratings:
        groups_of.setdefault(r["participant"], set()).add(r["group"])
    excluded = []

    def exclude(r, reason):
        excluded.append({"line": r["line"], "participant": r["participant"], "round": r["round"],
                         "item": r["item"], "reason": reason, "detail": "x"})

    cand = {}
    for r in ratings:
        if info is not None and r["item"] not in info:
            exclude(r, "unknown_item")
            continue
        score, bad = check_score(r["score"])
        if bad:
            exclude(r, "invalid_score")
            continue
        if len(groups_of[r["participant"]]) > 1:
            exclude(r, "conflicting_group")
            continue
        cand.setdefault((r["participant"], r["round"], r["item"]), []).append((r, score))
    kept = []
    for lst in cand.values():
        if len(lst) == 1:
            kept.append(lst[0])
        elif all(s == lst[0][1] for _, s in lst):
            kept.append(lst[0])
            for r, _ in lst[1:]:
                exclude(r, "duplicate")
        else:
            for r, _ in lst:
                exclude(r, "conflicting_rating")
    order = ["unknown_item", "invalid_score", "conflicting_group", "duplicate", "conflicting_rating"]
    excluded.sort(key=lambda x: (x["line"], order.index(x["reason"])))

    rounds_list = sorted({r["round"] for r, _ in kept})
    last = {}
    rounds = []
    info_map = info or {}
    for k, rnd in enumerate(rounds_list):
        prev = rounds_list[k - 1] if k > 0 else None
        in_round = [(r, s) for r, s in kept if r["round"] == rnd]

        def change(scope, st):
            key = (scope, st["item"])
            if key in last and last[key][0] == prev:
                d = st["high_share"] - last[key][1]
                st["high_share_change"] = d
                st["stable"] = abs(d) <= opts["stability"]
            last[key] = (rnd, st["high_share"])

        by_item = {}
        for r, s in in_round:
            by_item.setdefault(r["item"], []).append(s)
        items = ranked(by_item, info_map, opts["consensus"])
        for st in items:
            change(None, st)
        groups = []
        for g in sorted({r["group"] for r, _ in in_round}):
            gi = {}
            for r, s in in_round:
                if r["group"] == g:
                    gi.setdefault(r["item"], []).append(s)
            its = ranked(gi, info_map, opts["consensus"])
            for st in its:
                change(g, st)
            groups.append({"group": g,
                           "participants": len({r["participant"] for r, _ in in_round if r["group"] == g}),
                           "items": its})
        rounds.append({"round": rnd, "previous_round": prev,
                       "participants": len({r["participant"] for r, _ in in_round}),
                       "ratings": len(in_round), "items": items, "groups": groups})
    panel = []
    for g in sorted({r["group"] for r, _ in kept}):
        panel.append({"group": g,
                      "participants": len({r["participant"] for r, _ in kept if r["group"] == g}),
                      "by_round": [len({r["participant"] for r, _ in kept
                                        if r["group"] == g and r["round"] == rnd}) for rnd in rounds_list]})
    rated = {r["item"] for r, _ in kept}
    unrated = [i for i in (info or {}) if i not in rated]
    return {"options": opts,
            "counts": {"ratings": len(ratings), "used": len(kept), "excluded": len(excluded)},
            "rounds": rounds, "panel": panel, "unrated_items": unrated, "excluded": excluded}


# --------------------------------------------------------------------------
# Cohort


def cohort(case_dir, case):
    import reference as ref  # tests/vectors/reference.py

    fw = ref.load_yaml(ref.resolve(case_dir, case["framework"], ref.SHIPPED_FRAMEWORKS))
    policy = ref.effective_policy(fw, case.get("policy"))
    as_of = ref.parse_date(case["as_of"], "as_of")
    result = ref.score(fw, policy, as_of, ref.read_evidence(case_dir / case["evidence"]))
    opts = {"level": "competent", "min_holders": 2}
    opts.update(case.get("options") or {})
    levels = [lv["id"] for lv in fw["levels"]]
    holder = levels.index(opts["level"])
    profile = screened = None
    if case.get("profile"):
        profile = ref.load_yaml(ref.resolve(case_dir, case["profile"], ref.SHIPPED_PROFILES))
        screened = ref.screen(fw, profile, result)
    plans = ref.load_yaml(case_dir / case["plans"]) if case.get("plans") else None
    matrix = []
    for w in result["workers"]:
        cand = next((c for c in screened["candidates"] if c["worker"] == w["worker"]), None) if screened else None
        cells = []
        for comp in fw["competencies"]:
            c = next(x for x in w["competencies"] if x["id"] == comp["id"])
            status = ("no_evidence" if c["score"] is None
                      else "assessed" if c["status"] == "assessed" else "insufficient_evidence")
            cur = levels.index(c["level"]) if c["level"] is not None else None
            gap = next((g["status"] for g in cand["gaps"] if g["competency"] == comp["id"]), None) if cand else None
            target = None
            if plans is not None:
                open_t = [t for p in plans["plans"] if p["worker"] == w["worker"] for t in p["targets"]
                          if t["competency"] == comp["id"]
                          and not (cur is not None and cur >= levels.index(t["level"]))]
                if open_t:
                    target = max(open_t, key=lambda t: levels.index(t["level"]))["level"]
            cells.append({"competency": comp["id"], "level": c["level"], "score": c["score"],
                          "status": status, "holds": cur is not None and cur >= holder,
                          "gap": gap, "target": target})
        matrix.append({"worker": w["worker"], "overall": w["overall"],
                       "meets_essential": (cand is not None and cand["meets_essential"]) if screened else None,
                       "cells": cells})
    workers = [m["worker"] for m in matrix]
    comps = []
    for k, comp in enumerate(fw["competencies"]):
        cells = [(m["worker"], m["cells"][k]) for m in matrix]
        holders = [wk for wk, c in cells if c["holds"]]
        req = next((r for r in profile["requirements"] if r["competency"] == comp["id"]), None) if profile else None
        gaps = {"no_evidence": 0, "insufficient_evidence": 0, "below_level": 0}
        who = set()
        opened = 0
        for wk, c in cells:
            if c["gap"]:
                gaps[c["gap"]] += 1
                who.add(wk)
            if c["target"]:
                opened += 1
                who.add(wk)
        comps.append({
            "id": comp["id"], "domain": comp["domain"], "category": comp.get("category"),
            "holders": len(holders), "holder_workers": holders,
            "not_held": len(workers) - len(holders), "thin": len(holders) < opts["min_holders"],
            "by_level": [{"level": lv, "workers": sum(1 for _, c in cells if c["level"] == lv)} for lv in levels],
            "insufficient_evidence": sum(1 for _, c in cells if c["status"] == "insufficient_evidence"),
            "no_evidence": sum(1 for _, c in cells if c["status"] == "no_evidence"),
            "requirement": {"level": req["level"], "importance": req["importance"]} if req else None,
            "demand": {"screening_gaps": sum(gaps.values()) if screened else None,
                       "gaps_by_status": gaps if screened else None,
                       "open_targets": opened if plans is not None else None,
                       "workers": len(who), "who": sorted(who, key=lambda s: s.encode("utf-8"))},
        })
    return {"framework": fw["id"], "as_of": case["as_of"],
            "profile": profile["id"] if profile else None,
            "level": opts["level"], "min_holders": opts["min_holders"], "workers": workers,
            "competencies": comps, "thin": [c["id"] for c in comps if c["thin"]], "matrix": matrix}


# --------------------------------------------------------------------------

RUNNERS = {"equality": equality, "delphi": delphi, "cohort": cohort}


def render(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    dirs = sorted(p for p in VECTORS.iterdir()
                  if p.is_dir() and (p / "analysis.json").is_file())
    if args.cases:
        dirs = [d for d in dirs if d.name in args.cases]
    require(dirs, "no analysis cases found")
    failures = 0
    for d in dirs:
        case = json.loads((d / "analysis.json").read_text(encoding="utf-8"))
        try:
            text = render(RUNNERS[case["command"]](d, case))
        except (CaseError, KeyError, ValueError) as e:
            print(f"{d.name}: ERROR {e!r}", file=sys.stderr)
            failures += 1
            continue
        path = d / case.get("expected", "expected.json")
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                print(f"{d.name}: expected.json differs from the reference", file=sys.stderr)
                failures += 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{d.name}: written")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
