"""Cross-checks of `proficient assessors` against independent libraries, on
generated frameworks and evidence, through the CLI's JSON output:

- Krippendorff's alpha per criterion (ordinal for ratings, nominal for
  yes/no) and overall against the `krippendorff` package (PyPI, version
  pinned in requirements.txt), over at least 1,000 random rating sets;
- leniency (mean of the pairwise differences, recomputed here from the
  generated rows: each assessor's latest value per worker x criterion) and
  its 95% interval against `scipy.stats.t.ppf`; exact and adjacent
  agreement shares and self-assessment differences recomputed.

Every comparison is to 1e-9; the largest differences are printed at the end.
"""

import csv
import json
import math
from collections import defaultdict

import krippendorff
import numpy as np
import pytest
import scipy.stats

from conftest import record

TOL = 1e-9
RATING_CRITERIA = 90
BINARY_CRITERIA = 20
RUNS = 10  # 10 x (90 + 20) = 1,100 rating sets, plus the overall ones
ASSESSORS = ["a1", "a2", "a3", "a4", "a5", "a6"]
WORKERS = [f"w{i:02d}" for i in range(14)]


def close(name, got, want):
    if got is None or want is None or (isinstance(want, float) and math.isnan(want)):
        ok = got is None and (want is None or math.isnan(want))
        assert ok, f"{name}: got {got}, want {want}"
        return
    d = float(got) - float(want)
    record(name, d)
    assert abs(d) <= TOL, f"{name}: got {got!r}, want {want!r}"


def make_framework(rng):
    """A framework of rating criteria (scale 1-5, some with their own
    scale) and yes/no criteria, one competency each; returns the YAML and
    {criterion: (competency, kind, min, max)}."""
    lines = [
        "id: crosscheck", "title: Cross-check", "version: '1'", "source: {citation: Generated}",
        "rating_scale: {min: 1, max: 5}",
        "levels:", "  - {id: low, label: Low, threshold: 0}",
        "evidence_kinds:", "  - {id: obs, label: Observation, weight: 1}",
        "  - {id: self-assessment, label: Self, weight: 1}",
        "categories:", "  - {id: cat, label: Category}",
        "domains:", "  - {id: d, label: D}",
        "competencies:",
    ]
    criteria = {}
    for i in range(RATING_CRITERIA + BINARY_CRITERIA):
        comp, crit = f"c{i:03d}", f"c{i:03d}.x"
        if i < RATING_CRITERIA:
            lo, hi = (0, 10) if rng.random() < 0.2 else (1, 5)
            measure = "{type: rating, min: 0, max: 10}" if (lo, hi) == (0, 10) else "{type: rating}"
            criteria[crit] = (comp, "rating", lo, hi)
        else:
            measure = "{type: binary}"
            criteria[crit] = (comp, "binary", 0, 1)
        lines += [f"  - id: {comp}", "    domain: d", "    category: cat", f"    statement: S{i}",
                  "    criteria:", f"      - {{id: {crit}, statement: S{i}, measure: {measure}}}"]
    return "\n".join(lines) + "\n", criteria


def make_evidence(rng, criteria):
    """Rows `[id, worker, criterion, kind, date, assessor, value]`: each
    worker x criterion rated by 0-4 assessors (some twice: the later value
    counts), with assessor biases and some self-assessments."""
    bias = {a: rng.normal(0, 0.6) for a in ASSESSORS}
    rows = []
    for crit, (_, measure, lo, hi) in criteria.items():
        noise = rng.uniform(0.2, 1.5)
        for w in WORKERS:
            truth = rng.uniform(lo, hi)
            k = int(rng.choice([0, 1, 2, 2, 3, 3, 4]))
            for a in rng.choice(ASSESSORS, size=k, replace=False):
                for _ in range(1 + int(rng.random() < 0.15)):
                    day = int(rng.integers(1, 28))
                    if measure == "rating":
                        v = str(int(np.clip(np.rint(truth + bias[a] * (hi - lo) / 4 + rng.normal(0, noise)), lo, hi)))
                    else:
                        v = "yes" if rng.random() < (0.3 + 0.4 * (truth > 0.5) + 0.1 * bias[a]) else "no"
                    rows.append([crit, w, "obs", f"2025-03-{day:02d}", str(a), v])
            if rng.random() < 0.2:
                v = str(int(rng.integers(lo, hi + 1))) if measure == "rating" else rng.choice(["yes", "no"])
                kind, who = ("self-assessment", "") if rng.random() < 0.5 else ("obs", w)
                rows.append([crit, w, kind, f"2025-04-{int(rng.integers(1, 28)):02d}", who, v])
    return [[f"e{i}", r[1], r[0], r[2], r[3], r[4], r[5]] for i, r in enumerate(rows)]


def latest_units(rows, criteria):
    """{(worker, criterion): ({assessor: normalised}, self or None)}, each the latest (date, line)."""
    units = defaultdict(lambda: [{}, None])
    best = {}
    for line, (_, w, crit, kind, date, assessor, v) in enumerate(rows, start=2):
        _, measure, lo, hi = criteria[crit]
        x = (int(v) - lo) / (hi - lo) if measure == "rating" else (1.0 if v == "yes" else 0.0)
        is_self = kind == "self-assessment" or assessor == w
        key = (w, crit, "self" if is_self else assessor)
        if key not in best or (date, line) > best[key]:
            best[key] = (date, line)
            if is_self:
                units[(w, crit)][1] = x
            else:
                units[(w, crit)][0][assessor] = x
    return units


def alpha_ref(units, level):
    """krippendorff.alpha of units (lists of values) as reliability data (coders x units, NaN missing)."""
    pairable = [u for u in units if len(u) >= 2]
    width = max(len(u) for u in pairable)
    data = np.full((width, len(pairable)), np.nan)
    for j, u in enumerate(pairable):
        data[: len(u), j] = u
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    except ValueError:
        return None  # one value in the domain: nothing varies


def t_interval(d):
    m = float(np.mean(d))
    if len(d) < 2:
        return m, None, None
    half = scipy.stats.t.ppf(0.975, len(d) - 1) * float(np.std(d, ddof=1)) / math.sqrt(len(d))
    return m, m - half, m + half


@pytest.mark.parametrize("seed", range(RUNS))
def test_assessors_match_krippendorff_and_scipy(cli, tmp_path, seed):
    rng = np.random.default_rng(9000 + seed)
    text, criteria = make_framework(rng)
    fw = tmp_path / "framework.yaml"
    fw.write_text(text, encoding="utf-8")
    rows = make_evidence(rng, criteria)
    ev = tmp_path / "evidence.csv"
    with ev.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "worker", "criterion", "kind", "date", "assessor", "value"])
        w.writerows(rows)
    r = json.loads(cli("assessors", "--framework", fw, "--evidence", ev, "--as-of", "2026-01-01",
                       "--format", "json").stdout)
    units = latest_units(rows, criteria)
    assert r["counts"]["items"] == len(rows)

    # Agreement per criterion and overall.
    by_crit = {a["criterion"]: a for a in r["criteria"]}
    pooled = {"ordinal": [], "nominal": []}
    for crit, (comp, measure, lo, hi) in criteria.items():
        shared = [list(v[0].values()) for (w, c), v in sorted(units.items()) if c == crit and len(v[0]) >= 2]
        if not shared:
            assert crit not in by_crit
            continue
        level = "ordinal" if measure == "rating" else "nominal"
        got = by_crit[crit]
        assert (got["level"], got["units"], got["competency"]) == (level, len(shared), comp)
        close(f"assessors: Krippendorff's alpha ({level}) per criterion", got["alpha"], alpha_ref(shared, level))
        pooled[level] += shared
        pairs = exact = adjacent = 0
        for u in shared:
            raw = [lo + x * (hi - lo) for x in u]
            for i in range(len(raw)):
                for j in range(i + 1, len(raw)):
                    pairs += 1
                    exact += abs(raw[i] - raw[j]) < 1e-9
                    adjacent += abs(raw[i] - raw[j]) <= (1 + 1e-9 if level == "ordinal" else 1e-9)
        assert got["pairs"] == pairs
        close("assessors: exact agreement share", got["exact"], exact / pairs)
        close("assessors: adjacent agreement share", got["adjacent"], adjacent / pairs)
    overall = {a["level"]: a for a in r["overall"]}
    for level, shared in pooled.items():
        if shared:
            close(f"assessors: Krippendorff's alpha ({level}) overall", overall[level]["alpha"], alpha_ref(shared, level))

    # Leniency: pairwise differences of latest values on shared units.
    diffs = defaultdict(list)
    for (w, c), (raters, _) in units.items():
        for a, x in raters.items():
            for b, y in raters.items():
                if a != b:
                    diffs[a].append(x - y)
    for row in r["assessors"]:
        d = diffs.get(row["assessor"], [])
        assert row["pairs"] == len(d)
        if not d:
            continue
        m, lo, hi = t_interval(d)
        close("assessors: leniency (mean difference)", row["leniency"], m)
        close("assessors: leniency 95% t interval (scipy.stats.t)", row["ci_low"], lo)
        close("assessors: leniency 95% t interval (scipy.stats.t)", row["ci_high"], hi)
        flagged = lo is not None and len(d) >= 5 and (lo > 0 or hi < 0)
        assert (row["flag"] is not None) == flagged
        assert len(row["flagged_pairs"]) == (len(d) if flagged else 0)

    # Self-assessment against the assessors' mean, per competency.
    per_comp = defaultdict(list)
    for (w, c), (raters, own) in units.items():
        if own is not None and raters:
            per_comp[criteria[c][0]].append(own - float(np.mean(list(raters.values()))))
    got = {s["competency"]: s for s in r["self_assessment"]}
    assert set(got) == set(per_comp)
    for comp, d in per_comp.items():
        m, lo, hi = t_interval(d)
        close("assessors: self - assessors mean difference", got[comp]["mean_difference"], m)
        close("assessors: self - assessors 95% t interval", got[comp]["ci_low"], lo)
