"""Cross-checks of `proficient delphi`, `proficient equality` and
`proficient cohort` against independent Python statistics libraries, on
generated data, through the CLI's outputs:

- Delphi: n, mean, sample SD, median, quartiles and IQR against NumPy
  (`mean`, `std(ddof=1)`, `median`, `quantile(method="linear")`), the
  standard library's `statistics` and `scipy.stats.iqr`; band shares,
  consensus, ranks (exact fractions) and stability recomputed; JSON and CSV
  outputs agree; every deliberately bad row is excluded with its line.
- Equality: counts recomputed from the generated people; Wilson intervals
  against `statsmodels.stats.proportion.proportion_confint(method="wilson")`;
  z against `scipy.stats.norm.ppf(0.975)`; relative likelihoods, ratios to
  the highest rate and the four-fifths flag recomputed; trend slopes against
  `numpy.polyfit`.
- Suppression (by period, and of intersectional groups, `--cross`): the
  JSON, CSV, table, HTML and xlsx (openpyxl) outputs are each parsed back,
  and from each on its own no suppressed number can be worked out from the
  others (rank test with NumPy on the table's linear relations), small
  cells are never shown, and no format shows what another hides.

Every numeric comparison is to 1e-9; the largest differences are printed at
the end of the run.
"""

import csv
import io
import json
import math
import statistics
from fractions import Fraction
from html.parser import HTMLParser

import numpy as np
import openpyxl
import pytest
import scipy.stats
from statsmodels.stats.proportion import proportion_confint

from conftest import ROOT, record

TOL = 1e-9


def close(name, got, want):
    if got is None or want is None:
        assert got is None and want is None, f"{name}: got {got}, want {want}"
        return
    d = float(got) - float(want)
    record(name, d)
    assert abs(d) <= TOL, f"{name}: got {got!r}, want {want!r}"


# ---------------------------------------------------------------------------
# Delphi

GROUPS = [("specialist", 30, 0.0), ("employer", 6, -0.5), ("user", 5, 0.4), ("researcher", 7, -0.2), ("other", 3, 0.0)]


def make_ratings(rng, rounds=3, items=14):
    """Ratings of generated panels; returns (rows, bad lines)."""
    means = rng.uniform(3.0, 9.0, size=items)
    rows = []
    for rnd in range(1, rounds + 1):
        for g, size, bias in GROUPS:
            for k in range(size):
                pid = f"{g[:2]}{k:02d}"
                for i in range(items):
                    if rnd > 1 and i == items - 1:
                        continue  # an item dropped after round 1
                    if rng.random() < 0.03:
                        continue  # not rated
                    sd = 2.0 / rnd
                    s = int(np.clip(np.rint(rng.normal(means[i] + bias, sd)), 1, 10))
                    rows.append([pid, g, str(rnd), f"item-{i:02d}", str(s)])
    bad = []
    # Deliberately bad rows, inserted at random positions.
    specials = [
        (["sp00", "specialist", "1", "item-00", "0"], "invalid_score"),
        (["sp01", "specialist", "2", "item-01", "6.5"], "invalid_score"),
        (["sp02", "specialist", "1", "item-02", ""], "invalid_score"),
        (["sp03", "specialist", "2", "item-03", "ten"], "invalid_score"),
    ]
    for row, reason in specials:
        pos = int(rng.integers(0, len(rows)))
        rows.insert(pos, row)
    # A duplicate of an existing rating.
    pos = int(rng.integers(0, len(rows) - 1))
    while rows[pos][4] in ("0", "6.5", "", "ten"):
        pos += 1
    rows.insert(pos + 1, list(rows[pos]))
    lines = {id(r): n + 2 for n, r in enumerate(rows)}
    for row, reason in specials:
        bad.append((lines[id(row)], reason))
    bad.append((lines[id(rows[pos + 1])], "duplicate"))
    return rows, bad


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def band(s):
    return "low" if s <= 3 else "middle" if s <= 7 else "high"


def check_item(name, st, scores, consensus):
    x = np.array(scores, dtype=float)
    assert st["n"] == len(scores)
    close(f"delphi mean vs numpy.mean", st["mean"], np.mean(x))
    close(f"delphi mean vs statistics.mean", st["mean"], statistics.mean(scores))
    if len(scores) > 1:
        close("delphi sd vs numpy.std(ddof=1)", st["sd"], np.std(x, ddof=1))
        close("delphi sd vs statistics.stdev", st["sd"], statistics.stdev(scores))
    else:
        assert st["sd"] is None
    close("delphi median vs numpy.median", st["median"], np.median(x))
    close("delphi median vs statistics.median", st["median"], statistics.median(scores))
    close("delphi q1 vs numpy.quantile(linear)", st["q1"], np.quantile(x, 0.25, method="linear"))
    close("delphi q3 vs numpy.quantile(linear)", st["q3"], np.quantile(x, 0.75, method="linear"))
    close("delphi iqr vs scipy.stats.iqr", st["iqr"], scipy.stats.iqr(x))
    counts = {b: sum(1 for s in scores if band(s) == b) for b in ("low", "middle", "high")}
    for b in counts:
        assert st[b] == counts[b], name
        close("delphi band shares", st[f"{b}_share"], counts[b] / len(scores))
    top = max(counts.values())
    modal = [b for b in counts if counts[b] == top]
    assert st["modal_band"] == (modal[0] if len(modal) == 1 else None), name
    agreed = [b for b in counts if counts[b] / len(scores) >= consensus]
    assert st["consensus_band"] == (agreed[0] if agreed else None), name
    assert st["consensus"] == bool(agreed)


def exact_key(scores):
    n, s, q = len(scores), sum(scores), sum(v * v for v in scores)
    var = Fraction(n * q - s * s, n * (n - 1)) if n > 1 else None
    return (-Fraction(s, n), var is None, var or 0)


def check_ranks(name, items, scores_of):
    keys = {st["item"]: exact_key(scores_of[st["item"]]) for st in items}
    for st in items:
        want = 1 + sum(1 for k in keys.values() if k < keys[st["item"]])
        assert st["rank"] == want, f"{name}: {st['item']} rank {st['rank']}, want {want}"
    order = [st["item"] for st in items]
    assert order == sorted(order, key=lambda i: (keys[i], i)), f"{name}: order"


@pytest.mark.parametrize("seed", range(6))
def test_delphi_statistics_match_numpy_and_statistics(cli, tmp_path, seed):
    rng = np.random.default_rng(1000 + seed)
    rows, bad = make_ratings(rng)
    path = tmp_path / "ratings.csv"
    write_csv(path, ["participant", "group", "round", "item", "score"], rows)
    consensus, stability = [(0.7, 0.15), (0.8, 0.1), (0.51, 0.2)][seed % 3]
    out = cli("delphi", "--ratings", path, "--format", "json",
              "--consensus", consensus, "--stability", stability)
    r = json.loads(out.stdout)
    # The bad rows are excluded with their lines and reasons, nothing else is.
    assert sorted((x["line"], x["reason"]) for x in r["excluded"]) == sorted(bad)
    assert r["counts"]["ratings"] == len(rows)
    assert r["counts"]["used"] + r["counts"]["excluded"] == len(rows)
    excluded = {x["line"] for x in r["excluded"]}
    kept = [row for n, row in enumerate(rows) if n + 2 not in excluded]
    prev_high = {}
    rounds = sorted({int(row[2]) for row in kept})
    assert [x["round"] for x in r["rounds"]] == rounds
    for k, rd in enumerate(r["rounds"]):
        prev = rounds[k - 1] if k else None
        assert rd["previous_round"] == prev
        for scope, items in [(None, rd["items"])] + [(g["group"], g["items"]) for g in rd["groups"]]:
            scores_of = {}
            for row in kept:
                if int(row[2]) == rd["round"] and (scope is None or row[1] == scope):
                    scores_of.setdefault(row[3], []).append(int(row[4]))
            assert sorted(st["item"] for st in items) == sorted(scores_of)
            for st in items:
                check_item(f"round {rd['round']} {scope} {st['item']}", st, scores_of[st["item"]], consensus)
                key = (scope, st["item"])
                if key in prev_high and prev_high[key][0] == prev:
                    close("delphi high-share change", st["high_share_change"], st["high_share"] - prev_high[key][1])
                    assert st["stable"] == (abs(st["high_share_change"]) <= stability)
                else:
                    assert st["high_share_change"] is None and st["stable"] is None
                prev_high[key] = (rd["round"], st["high_share"])
            check_ranks(f"round {rd['round']} {scope}", items, scores_of)
    # The CSV output carries the same numbers.
    out = cli("delphi", "--ratings", path, "--format", "csv",
              "--consensus", consensus, "--stability", stability)
    by_key = {}
    for rd in r["rounds"]:
        for st in rd["items"]:
            by_key[(rd["round"], "", st["item"])] = st
        for g in rd["groups"]:
            for st in g["items"]:
                by_key[(rd["round"], g["group"], st["item"])] = st
    rows_csv = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows_csv) == len(by_key)
    for row in rows_csv:
        st = by_key[(int(row["round"]), row["group"], row["item"])]
        for f in ("mean", "median", "q1", "q3", "iqr", "low_share", "middle_share", "high_share"):
            close("delphi csv vs json", float(row[f]), st[f])
        assert int(row["rank"]) == st["rank"] and int(row["n"]) == st["n"]
    # The HTML page is self-contained and names every item.
    html = cli("delphi", "--ratings", path, "--format", "html").stdout
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    for st in r["rounds"][-1]["items"]:
        assert st["item"] in html


# ---------------------------------------------------------------------------
# Equality

def make_people(rng, periods, sizes):
    """People rows: sizes[group][period] people, with a group-specific rate."""
    rows = []
    truth = {}
    for g, per_period in sizes.items():
        base = rng.uniform(0.15, 0.7)
        for t, n in zip(periods, per_period):
            yes = 0
            for k in range(n):
                y = rng.random() < base + 0.03 * periods.index(t)
                yes += y
                reason = "" if y else rng.choice(["manager", "funding", "full", ""])
                rows.append([f"{g}-{t}-{k}", g, t, "yes" if y else "no", reason])
            truth[(g, t)] = (n, yes)
    order = rng.permutation(len(rows))
    return [rows[i] for i in order], truth


SHAPES = [
    # (groups and sizes per period, periods)
    ({"White": [120, 118, 125, 130], "Asian": [40, 42, 45, 50], "Black": [35, 33, 30, 36],
      "Mixed": [6, 8, 7, 9], "Other": [12, 9, 14, 11]}, ["2021", "2022", "2023", "2024"]),
    ({"A": [50, 60, 55], "B": [8, 40, 45], "C": [30, 35, 40]}, ["Q1", "Q2", "Q3"]),
    ({"A": [50], "B": [30], "C": [4]}, ["2024"]),
    ({"A": [3, 25], "B": [4, 30], "C": [40, 2], "D": [15, 15]}, ["2023", "2024"]),
    ({"x": [9, 9, 9], "y": [9, 9, 9], "z": [30, 30, 30]}, ["1", "2", "3"]),
]


def people_case(rng, shape, tmp_path, with_period=True):
    sizes, periods = shape
    rows, truth = make_people(rng, periods, sizes)
    path = tmp_path / "people.csv"
    write_csv(path, ["id", "Ethnic group", "year", "accessed", "reason"], rows)
    args = ["equality", "--people", path, "--group", "ethnic group", "--outcome", "accessed",
            "--reason", "reason"]
    if with_period:
        args += ["--period", "year"]
    else:
        merged = {}
        for (g, _), (n, y) in truth.items():
            a, b = merged.get(g, (0, 0))
            merged[(g)] = (a + n, b + y)
        truth = {(g, None): v for g, v in merged.items()}
    return args, truth


def wilson_ref(count, n):
    lo, hi = proportion_confint(count, n, alpha=0.05, method="wilson")
    return max(0.0, float(lo)), min(1.0, float(hi))


@pytest.mark.parametrize("case", range(len(SHAPES) * 2 + 10))
def test_equality_matches_statsmodels_and_recount(cli, tmp_path, case):
    rng = np.random.default_rng(2000 + case)
    if case < len(SHAPES) * 2:
        shape = SHAPES[case % len(SHAPES)]
        with_period = case < len(SHAPES) and len(shape[1]) > 1
    else:
        sizes, periods = random_shape(rng)
        sizes = {g: [max(v, 1) for v in vs] for g, vs in sizes.items()}
        shape, with_period = (sizes, periods), len(periods) > 1
    args, truth = people_case(rng, shape, tmp_path, with_period)
    groups = sorted({g for g, _ in truth})
    ref = groups[-1]
    r = json.loads(cli(*args, "--reference", ref, "--format", "json").stdout)
    close("equality z vs scipy.stats.norm.ppf(0.975)", r["settings"]["z"], scipy.stats.norm.ppf(0.975))
    mc = r["settings"]["min_cell"]
    # Cells: counts recomputed; small ones hidden, the others shown.
    for e in r["cells"]:
        n, yes = truth[(e["group"], e["period"])]
        assert e["suppressed"] == (n < mc), (e["group"], e["period"], n)
        if not e["suppressed"]:
            assert (e["n"], e["count"]) == (n, yes)
    # Every shown estimate: rate and Wilson interval against statsmodels.
    every = r["cells"] + r["group_totals"] + r["period_totals"] + [r["total"]]
    for e in every:
        if e["suppressed"]:
            assert all(e[k] is None for k in ("n", "count", "rate", "ci_low", "ci_high",
                                             "relative_likelihood", "ratio_to_highest", "four_fifths"))
            continue
        close("equality rate = count / n", e["rate"], e["count"] / e["n"])
        lo, hi = wilson_ref(e["count"], e["n"])
        close("equality Wilson low vs statsmodels", e["ci_low"], lo)
        close("equality Wilson high vs statsmodels", e["ci_high"], hi)
    # Relative likelihood and the four-fifths rule within each comparison set.
    sets = [[e for e in r["cells"] if e["period"] == p] for p in {e["period"] for e in r["cells"]}]
    if r["group_totals"]:
        sets.append(r["group_totals"])
    for s in sets:
        rates = {e["group"]: e["rate"] for e in s if e["rate"] is not None}
        top = max(rates.values(), default=None)
        for e in s:
            if e["rate"] is None:
                continue
            want_rl = rates[ref] / e["rate"] if ref in rates and e["rate"] > 0 else None
            close("equality relative likelihood", e["relative_likelihood"], want_rl)
            if top:
                close("equality ratio to highest", e["ratio_to_highest"], e["rate"] / top)
                exact_top = max(Fraction(x["count"], x["n"]) for x in s if x["rate"] is not None)
                assert e["four_fifths"] == (Fraction(e["count"], e["n"]) / exact_top < Fraction(4, 5))
    # Trends against numpy.polyfit over the shown cells.
    periods = r["periods"]
    for t in r["trends"]:
        pts = [(periods.index(e["period"]), e["rate"]) for e in r["cells"]
               if e["group"] == t["group"] and e["rate"] is not None]
        if len(pts) >= 2:
            x, y = np.array(pts, dtype=float).T
            close("equality trend slope vs numpy.polyfit", t["slope"], np.polyfit(x, y, 1)[0])
            close("equality trend change", t["change"], pts[-1][1] - pts[0][1])
        else:
            assert t["slope"] is None


# ---------------------------------------------------------------------------
# Suppression in every output format


class Tables(HTMLParser):
    """Captions and rows (lists of cell texts) of every <table>."""

    def __init__(self):
        super().__init__()
        self.tables, self.titles = [], []
        self._cell = None
        self._title = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th", "caption"):
            self._cell = ""
        elif tag == "title":
            self._title = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(self._cell.strip())
            self._cell = None
        elif tag == "caption":
            self.tables[-1]["caption"] = self._cell.strip()
            self._cell = None
        elif tag == "title" and self._title is not None:
            self.titles.append(self._title)
            self._title = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._title is not None:
            self._title += data


def from_json(r):
    out = {}
    for e in r["cells"] + r["group_totals"] + r["period_totals"] + [r["total"]]:
        out[(e["group"], e["period"])] = None if e["suppressed"] else (e["n"], e["count"])
    return out


def from_csv(text):
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["kind"] == "reason":
            continue
        key = (row["group"] or None, row["period"] or None)
        if row["suppressed"] == "true":
            assert all(row[k] == "" for k in ("n", "count", "rate", "ci_low", "ci_high",
                                              "relative_likelihood", "ratio_to_highest", "four_fifths")), row
            out[key] = None
        else:
            out[key] = (int(row["n"]), int(row["count"]))
    return out


def xlsx_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def from_xlsx(path):
    """The `--format xlsx` workbook's Equality sheet read by openpyxl, as `from_csv` reads the CSV:
    a cell left empty is "" and a number is the number the CSV would spell."""
    ws = openpyxl.load_workbook(path, read_only=True)["Equality"]
    rows = [[xlsx_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return from_csv(buf.getvalue())


def shown_or_star(cells, key):
    if all(c == "*" for c in cells):
        return None
    assert "*" not in cells, (key, cells)
    return (int(cells[0]), int(cells[1]))


def from_table(text, r):
    """Parses the aligned text tables back, using the dashed rule for column spans."""
    out = {}
    lines = text.split("\n")
    period_col = r["settings"]["period"]
    one_way = len(r["periods"]) == 1 and not r["group_totals"]
    section = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if period_col and line.startswith(f"{period_col} ") and line.endswith(":"):
            section = line[len(period_col) + 1:-1]
        elif line == "all periods:" or line == f"all of `{period_col}`:":
            section = "ALL"
        elif line.startswith("trend") or line.startswith("reasons") or line.startswith("rows:"):
            section = "END"
        if i + 1 < len(lines) and set(lines[i + 1].replace(" ", "")) == {"-"} and line.startswith("group ") \
                and section != "END" and "declined" not in line:
            rule = lines[i + 1]
            spans, j = [], 0
            while j < len(rule):
                if rule[j] == "-":
                    k = j
                    while k < len(rule) and rule[k] == "-":
                        k += 1
                    spans.append((j, k))
                    j = k
                else:
                    j += 1
            i += 2
            while i < len(lines) and lines[i].strip():
                row = lines[i]
                cells = [row[a:(spans[n + 1][0] if n + 1 < len(spans) else len(row))].strip()
                         for n, (a, _) in enumerate(spans)]
                label, rest = cells[0], cells[1:]
                if one_way:
                    key = (None, None) if label == "all groups" else (label, None)
                elif section == "ALL":
                    key = (None, None) if label == "all groups" else (label, None)
                else:
                    key = (None, section) if label == "all groups" else (label, section)
                out[key] = shown_or_star(rest, key)
                i += 1
            continue
        i += 1
    return out


def from_html(text, r):
    p = Tables()
    p.feed(text)
    out = {}
    one_way = not r["group_totals"]
    # Crossed tables are headed by the second attribute, not as periods.
    cross = r["settings"].get("cross")
    per_prefix = f"Rates by group: {cross}: " if cross else "Rates by group: Period "
    all_caption = f"Each {r['settings']['group']} over every {cross}" if cross else "Each group over all periods"
    for t in p.tables:
        cap = t["caption"]
        if cap.startswith("Rates by group: "):
            period = None if one_way else cap[len(per_prefix):]
        elif cap == all_caption:
            period = "ALL"
        elif cap == "Everyone":
            period = "EVERYONE"
        else:
            continue
        for row in t["rows"][1:]:
            label, rest = row[0], row[1:]
            if period == "EVERYONE" or (label == "all groups" and one_way):
                key = (None, None)
            elif period == "ALL":
                key = (label, None)
            elif label == "all groups":
                key = (None, period)
            else:
                key = (label, period)
            val = shown_or_star(rest, key)
            if key in out:
                assert out[key] == val, key
            out[key] = val
    # No chart mark names a suppressed cell.
    for (g, per), v in from_json_cache.items():
        if v is None and g is not None and per is not None:
            assert not any(tt.startswith(f"{g}, {per}:") for tt in p.titles), (g, per)
    return out


from_json_cache = {}


def recoverable(table, groups, periods):
    """Suppressed entries whose n is determined by the shown ones (NumPy ranks)."""
    two_way = len(periods) > 1
    keys = [(g, p) for p in periods for g in groups]
    if two_way:
        keys += [(g, None) for g in groups] + [(None, p) for p in periods]
    keys.append((None, None))
    idx = {k: i for i, k in enumerate(keys)}
    eqs = []
    if two_way:
        for g in groups:
            e = np.zeros(len(keys))
            for p in periods:
                e[idx[(g, p)]] = 1
            e[idx[(g, None)]] = -1
            eqs.append(e)
        for p in periods + [None]:
            e = np.zeros(len(keys))
            for g in groups:
                e[idx[(g, p)]] = 1
            e[idx[(None, p)]] = -1
            eqs.append(e)
        e = np.zeros(len(keys))
        for p in periods:
            e[idx[(None, p)]] = 1
        e[idx[(None, None)]] = -1
        eqs.append(e)
    else:
        e = np.zeros(len(keys))
        for g in groups:
            e[idx[(g, periods[0])]] = 1
        e[idx[(None, None)]] = -1
        eqs.append(e)
    hidden = [k for k in keys if table[k] is None]
    if not hidden:
        return []
    A = np.array(eqs)[:, [idx[k] for k in hidden]]
    base = np.linalg.matrix_rank(A)
    out = []
    for j, k in enumerate(hidden):
        unit = np.zeros((1, len(hidden)))
        unit[0, j] = 1
        if np.linalg.matrix_rank(np.vstack([A, unit])) == base:
            out.append(k)
    return out


def random_shape(rng):
    """Random groups x periods with sizes 0..40 (zeros: a group absent that period)."""
    groups = [f"g{i}" for i in range(int(rng.integers(2, 7)))]
    periods = [str(2015 + t) for t in range(int(rng.integers(1, 6)))]
    sizes = {g: [int(x) if rng.random() > 0.1 else 0 for x in rng.integers(1, 41, size=len(periods))]
             for g in groups}
    for g in groups:
        if sum(sizes[g]) == 0:
            sizes[g][0] = 1
    return sizes, periods


RANDOM_CASES = 30


@pytest.mark.parametrize("case", range(len(SHAPES) * 3 + RANDOM_CASES))
def test_no_format_lets_a_suppressed_cell_be_recovered(cli, tmp_path, case):
    rng = np.random.default_rng(3000 + case)
    shape = SHAPES[case % len(SHAPES)] if case < len(SHAPES) * 3 else random_shape(rng)
    with_period = len(shape[1]) > 1 and case % 3 != 2
    # A period with nobody in it does not exist in the data.
    if with_period:
        present = [t for t in range(len(shape[1])) if any(v[t] for v in shape[0].values())]
        shape = ({g: [v[t] for t in present] for g, v in shape[0].items()}, [shape[1][t] for t in present])
        with_period = len(shape[1]) > 1
    args, truth = people_case(rng, shape, tmp_path, with_period)
    if with_period and case % 2 == 0:
        # Intersectional groups: the second column crossed with the group.
        args = [("--cross" if a == "--period" else a) for a in args]
    min_cell = [10, 5, 31][case % 3]
    args += ["--min-cell", min_cell]
    r = json.loads(cli(*args, "--format", "json").stdout)
    groups = r["groups"]
    periods = r["periods"] if with_period else [None]
    j = from_json(r)
    if not with_period:
        j = {(g, None) if g is not None else (None, None): v for (g, _), v in j.items()}
    from_json_cache.clear()
    from_json_cache.update(j)
    c = from_csv(cli(*args, "--format", "csv").stdout)
    t = from_table(cli(*args, "--format", "table").stdout, r)
    h = from_html(cli(*args, "--format", "html").stdout, r)
    book = tmp_path / "equality.xlsx"
    cli(*args, "--format", "xlsx", "--out", book)
    x = from_xlsx(book)
    if not with_period:
        c = {(g, None): v for (g, _), v in c.items()}
        x = {(g, None): v for (g, _), v in x.items()}
    for name, got in [("csv", c), ("table", t), ("html", h), ("xlsx", x)]:
        assert got == j, f"{name} differs from json"
    # Small cells are hidden, and nothing hidden can be worked out.
    for (g, p), (n, _) in truth.items():
        if g is not None:
            assert (j[(g, p)] is None) == (n < min_cell)
    for name, table in [("json", j), ("csv", c), ("table", t), ("html", h), ("xlsx", x)]:
        leaks = recoverable(table, groups, periods)
        record(f"suppression: recoverable entries ({name})", len(leaks))
        assert leaks == [], f"{name}: {leaks}"
    # Reason counts never reveal a hidden group total.
    if r["reasons"]:
        totals = {e["group"]: e for e in (r["group_totals"] or r["cells"])}
        for row in r["reasons"]["groups"]:
            assert row["suppressed"] == totals[row["group"]]["suppressed"]
        assert (r["reasons"]["totals"] is None) == any(x["suppressed"] for x in r["reasons"]["groups"])
    assert (r["counts"]["used"] is None) == r["total"]["suppressed"]


# ---------------------------------------------------------------------------
# Cohort and the demo data


def test_cohort_cli_equals_the_reference_vector(cli):
    d = ROOT / "tests" / "vectors" / "cohort-01-job-retention"
    case = json.loads((d / "analysis.json").read_text())
    out = cli("cohort", "--framework", case["framework"], "--evidence", d / case["evidence"],
              "--as-of", case["as_of"], "--profile", case["profile"], "--plans", d / case["plans"],
              "--min-holders", case["options"]["min_holders"], "--format", "json")
    got = json.loads(out.stdout)
    want = json.loads((d / "expected.json").read_text())
    assert got == want or _same(got, want)


def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        close("cohort scores vs reference", a, b)
        return True
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        return all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        assert len(a) == len(b)
        return all(_same(x, y) for x, y in zip(a, b))
    assert a == b
    return True


def test_demo_data_runs(cli):
    r = json.loads(cli("delphi", "--ratings", "examples/delphi-ratings.csv", "--items",
                       "examples/delphi-items.csv", "--format", "json").stdout)
    assert [p["participants"] for p in r["panel"]] == [8, 4, 9, 7, 52]
    assert sum(p["participants"] for p in r["panel"]) == 80
    assert len(r["rounds"]) == 2
    r = json.loads(cli("equality", "--people", "examples/staff-cpd.csv", "--group", "ethnicity",
                       "--outcome", "accessed_cpd", "--period", "year", "--reference", "White",
                       "--format", "json").stdout)
    assert r["periods"] == ["2021", "2022", "2023", "2024"]
    assert any(e["suppressed"] for e in r["cells"])
