"""Cross-check of `proficient equality --profile-shares` (representation
against reference shares) on generated people files: each group's count
with the outcome and the total recomputed, the share's Wilson interval
against statsmodels' `proportion_confint(method="wilson")`, the ratio to the
reference share and the under/over flag recomputed; a group whose count or
the total is suppressed shows no share. Over 1,000 group tables, to 1e-9.
"""

import csv
import json

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from conftest import record

TOL = 1e-9
RUNS = 260


def close(name, got, want):
    d = float(got) - float(want)
    record(name, d)
    assert abs(d) <= TOL, f"{name}: got {got!r}, want {want!r}"


@pytest.mark.parametrize("seed", range(RUNS))
def test_representation_matches_statsmodels(cli, tmp_path, seed):
    rng = np.random.default_rng(7000 + seed)
    groups = [f"g{i}" for i in range(int(rng.integers(2, 8)))]
    sizes = {g: int(rng.integers(1, 120)) for g in groups}
    rates = {g: rng.uniform(0.05, 0.9) for g in groups}
    rows = []
    for g in groups:
        rows += [[f"{g}-{k}", g, "yes" if rng.random() < rates[g] else "no"] for k in range(sizes[g])]
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "group", "outcome"])
        w.writerows(rows)
    # Reference shares for some groups, one that does not occur, some as percentages.
    named = [g for g in groups if rng.random() < 0.8] + ["absent"]
    shares = {g: float(rng.uniform(0.01, 0.6)) for g in named}
    ref = tmp_path / "shares.csv"
    with ref.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["group", "share"])
        for g in named:
            w.writerow([g, repr(shares[g])])
    min_cell = int(rng.choice([1, 10]))
    r = json.loads(cli("equality", "--people", people, "--group", "group", "--outcome", "outcome",
                       "--profile-shares", ref, "--min-cell", min_cell, "--format", "json").stdout)
    yes = {g: sum(1 for x in rows if x[1] == g and x[2] == "yes") for g in groups}
    total = sum(yes.values())
    shown = {e["group"]: not e["suppressed"] for e in r["cells"]}
    assert [x["group"] for x in r["representation"]] == named
    for x in r["representation"]:
        g = x["group"]
        assert x["reference_share"] == shares[g]
        visible = not r["total"]["suppressed"] and shown.get(g, True)
        assert x["suppressed"] == (not visible)
        if not visible:
            assert all(x[k] is None for k in ("count", "total", "share", "ci_low", "ci_high", "ratio", "flag"))
            continue
        c = yes.get(g, 0)
        assert (x["count"], x["total"]) == (c, total)
        close("representation: share", x["share"], c / total)
        lo, hi = proportion_confint(c, total, alpha=0.05, method="wilson")
        close("representation: Wilson interval of the share (statsmodels)", x["ci_low"], max(lo, 0.0))
        close("representation: Wilson interval of the share (statsmodels)", x["ci_high"], min(hi, 1.0))
        close("representation: ratio to the reference share", x["ratio"], (c / total) / shares[g])
        want = "under" if shares[g] > x["ci_high"] else "over" if shares[g] < x["ci_low"] else None
        assert x["flag"] == want
