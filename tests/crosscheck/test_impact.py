"""Cross-checks of `proficient screen --people` (adverse impact of a
screening) on generated evidence and people files, through the CLI:

- counts recomputed from the screening's candidates and the people file;
- Wilson intervals against statsmodels' `proportion_confint(method="wilson")`;
- Fisher's exact test (group against the other candidates) against
  `scipy.stats.fisher_exact`, given exactly when an expected count is below 5;
- relative likelihood, ratio to the most selected group and the four-fifths
  flag recomputed (exact fractions);
- suppression: in every output format no group under `min_cell` shows a
  number, never exactly one group of an attribute is withheld (the total
  is public), and the withheld groups' numbers appear nowhere.

At least 1,000 group tables; every comparison to 1e-9.
"""

import csv
import io
import json
from fractions import Fraction

import numpy as np
import pytest
import scipy.stats
from statsmodels.stats.proportion import proportion_confint

from conftest import record

TOL = 1e-9
RUNS = 50
PROFILE = """id: crosscheck-profile
title: Cross-check profile
framework: job-retention
requirements:
  - competency: k2-legislation
    level: developing
    importance: essential
  - competency: s1-workplace-assessment
    level: competent
    importance: essential
"""


def close(name, got, want):
    d = float(got) - float(want)
    record(name, d)
    assert abs(d) <= TOL, f"{name}: got {got!r}, want {want!r}"


@pytest.fixture(scope="module")
def shortlist(cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("impact")
    ev, profile = d / "ev.csv", d / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    cli("generate", "--items", "20000", "--workers", "400", "--seed", "7", "--out", ev)
    r = json.loads(cli("screen", "--profile", profile, "--evidence", ev, "--as-of", "2026-06-30",
                       "--format", "json").stdout)
    meets = {c["worker"]: c["meets_essential"] for c in r["candidates"]}
    assert 20 < sum(meets.values()) < len(meets) - 20
    return d, ev, profile, meets


def people_file(rng, workers, path):
    """Attributes a0..a7, each one large group and a few small ones (some
    empty cells); a few workers have no row. Returns {attribute: {worker: group}}."""
    attrs = {}
    for a in range(8):
        k = int(rng.integers(1, 5))
        small = rng.integers(1, 30, size=k)
        col = {}
        order = rng.permutation(len(workers))
        pos = 0
        for g, size in enumerate(small):
            for i in order[pos: pos + size]:
                col[workers[i]] = f"g{g}"
            pos += size
        for i in order[pos:]:
            col[workers[i]] = "" if rng.random() < 0.01 else "big"
        attrs[f"a{a}"] = col
    rows = [w for w in workers if rng.random() > 0.01]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["worker", *attrs])
        for w in rows:
            out.writerow([w, *(attrs[a][w] for a in attrs)])
    groups = {a: {w: (col[w] if w in rows and col[w] else "(not recorded)") for w in workers}
              for a, col in attrs.items()}
    return groups


def expected(meets, groups):
    """{group: (n, meeting)} of one attribute."""
    out = {}
    for w, g in groups.items():
        n, c = out.get(g, (0, 0))
        out[g] = (n + 1, c + int(meets[w]))
    return out


@pytest.mark.parametrize("seed", range(RUNS))
def test_adverse_impact_matches_statsmodels_and_scipy(cli, shortlist, tmp_path, seed):
    _, ev, profile, meets = shortlist
    rng = np.random.default_rng(500 + seed)
    workers = sorted(meets)
    people = tmp_path / "people.csv"
    groups = people_file(rng, workers, people)
    base = ["screen", "--profile", profile, "--evidence", ev, "--as-of", "2026-06-30", "--people", people]
    r = json.loads(cli(*base, "--min-cell", "1", "--format", "json").stdout)["adverse_impact"]
    tn, tc = len(meets), sum(meets.values())
    for attr in r["attributes"]:
        want = expected(meets, groups[attr["attribute"]])
        assert [g["group"] for g in attr["groups"]] == sorted(want)
        assert (attr["total"]["candidates"], attr["total"]["meeting_essentials"]) == (tn, tc)
        shown = {g: v for g, v in want.items()}
        best = max(sorted(shown), key=lambda g: Fraction(shown[g][1], shown[g][0]))
        assert attr["most_selected"] == best
        bn, bc = shown[best]
        for g in attr["groups"]:
            n, c = want[g["group"]]
            assert (g["candidates"], g["meeting_essentials"], g["suppressed"]) == (n, c, False)
            lo, hi = proportion_confint(c, n, alpha=0.05, method="wilson")
            close("adverse impact: Wilson interval (statsmodels)", g["ci_low"], max(lo, 0.0))
            close("adverse impact: Wilson interval (statsmodels)", g["ci_high"], min(hi, 1.0))
            if bc > 0:
                close("adverse impact: ratio to the most selected group", g["ratio_to_most_selected"],
                      (c / n) / (bc / bn))
                assert g["four_fifths"] == (Fraction(c, n) < Fraction(4, 5) * Fraction(bc, bn))
                if c > 0:
                    close("adverse impact: relative likelihood", g["relative_likelihood"], (bc / bn) / (c / n))
            rest_n, rest_c = tn - n, tc - c
            table = [[c, n - c], [rest_c, rest_n - rest_c]]
            small = rest_n > 0 and any(
                row * col / tn < 5 for row in (n, rest_n) for col in (tc, tn - tc))
            if small:
                p = scipy.stats.fisher_exact(table, alternative="two-sided").pvalue
                close("adverse impact: Fisher exact p (scipy.stats.fisher_exact)", g["fisher_p"], p)
            else:
                assert g["fisher_p"] is None

    # Suppression at the default minimum (10): every format.
    r10 = json.loads(cli(*base, "--format", "json").stdout)["adverse_impact"]
    csv_text = cli(*base, "--format", "csv").stdout
    table_text = cli(*base).stdout
    csv_rows = list(csv.DictReader(io.StringIO(csv_text)))
    for attr in r10["attributes"]:
        want = expected(meets, groups[attr["attribute"]])
        hidden = [g for g in attr["groups"] if g["suppressed"]]
        assert len(hidden) != 1, attr["attribute"]
        for g in attr["groups"]:
            n, c = want[g["group"]]
            if n < 10:
                assert g["suppressed"]
            if g["suppressed"]:
                assert all(g[k] is None for k in ("candidates", "meeting_essentials", "selection_rate",
                                                  "ci_low", "ci_high", "fisher_p"))
                row = next(x for x in csv_rows if x["attribute"] == attr["attribute"] and x["group"] == g["group"])
                assert row["suppressed"] == "true"
                assert all(row[k] == "" for k in ("candidates", "meeting_essentials", "selection_rate", "fisher_p"))
        # The table shows `*` for each withheld group of this attribute.
        section = table_text.split(f"\n{attr['attribute']} (most selected:")[1].split("\n\n")[0]
        for g in hidden:
            line = next(x for x in section.splitlines() if x.startswith(g["group"] + " "))
            assert set(line[len(g["group"]):].split()) == {"*"}
