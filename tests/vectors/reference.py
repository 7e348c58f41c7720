#!/usr/bin/env python3
"""Independent reference implementation of the default scoring policy.

Reads every case folder next to this script (`NN-name/case.json`), scores its
evidence against its framework exactly as `docs/scoring.md` specifies
(sections 2-13), and writes `expected.json` (and `expected-screen.json` when
the case has a profile).

    python3 tests/vectors/reference.py           # regenerate every expected file
    python3 tests/vectors/reference.py --check   # exit 1 if a committed file differs
    python3 tests/vectors/reference.py 05-rate   # only some cases

This file deliberately shares no code with the Rust engine: it is a plain,
slow, readable transcription of the policy. Standard library + PyYAML only.
"""

import argparse
import csv
import datetime
import json
import math
import re
import sys
from fractions import Fraction
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHIPPED_FRAMEWORKS = ROOT / "frameworks"
SHIPPED_PROFILES = ROOT / "frameworks" / "profiles"

COLUMNS = ["id", "worker", "criterion", "kind", "date", "assessor", "value",
           "numerator", "denominator", "expires", "note"]
REQUIRED_COLUMNS = ["worker", "criterion", "kind", "date"]
LEVEL_EPSILON = 1e-9
# An item whose weight is below 2^-47 of the heaviest kind weight is expired
# (what the engine's fixed-point sums resolve).
RESOLUTION = 2.0 ** -47


class FileError(Exception):
    """The case itself is broken (bad evidence file, bad framework...)."""


# --------------------------------------------------------------------------
# Small helpers


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
ID_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


def parse_date(text, what):
    if not isinstance(text, str) or not DATE_RE.match(text):
        raise FileError(f"{what}: {text!r} is not a YYYY-MM-DD date")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as e:
        raise FileError(f"{what}: {text!r}: {e}") from None


def as_number(raw):
    """A finite or non-finite float from a JSON number or a numeric text; None
    when `raw` is not a number at all (missing, boolean, other text)."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and NUMBER_RE.match(raw):
        return float(raw)
    return None


TRUE_TEXTS = {"true", "yes", "1"}
FALSE_TEXTS = {"false", "no", "0"}


def as_binary(raw):
    """True/False for an accepted yes/no spelling, None otherwise."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        if raw == 1:
            return True
        if raw == 0:
            return False
        return None
    if isinstance(raw, str):
        low = raw.lower()
        if low in TRUE_TEXTS:
            return True
        if low in FALSE_TEXTS:
            return False
    return None


def fmt(raw):
    """How a raw input value is quoted in a rejection detail."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


# --------------------------------------------------------------------------
# Framework and profile


FRAMEWORK_KEYS = {"id", "title", "version", "description", "updated", "source", "rating_scale",
                  "anchored_scales", "levels", "overall_levels", "evidence_kinds", "evidence_policy",
                  "categories", "domains", "competencies"}
FRAMEWORK_REQUIRED = {"id", "title", "version", "source", "rating_scale", "levels",
                      "evidence_kinds", "domains", "competencies"}
COMPETENCY_KEYS = {"id", "domain", "category", "statement", "weight", "priority",
                   "notes", "criteria", "rule", "sections"}
CRITERION_KEYS = {"id", "statement", "measure", "weight", "kinds", "notes", "required",
                  "section", "anchors", "scale"}
AGGREGATES = ("weighted_mean", "latest", "latest_per_assessor")
MEASURE_KEYS = {"rating": {"type", "min", "max"}, "binary": {"type"},
                "rate": {"type", "target"}, "count": {"type", "target"}}
POLICY_KEYS = {"half_life_days", "max_age_days", "min_items", "min_coverage", "aggregate"}


def require(ok, message):
    if not ok:
        raise FileError(message)


def check_keys(obj, allowed, required, where):
    require(isinstance(obj, dict), f"{where}: expected a mapping")
    unknown = set(obj) - set(allowed)
    require(not unknown, f"{where}: unknown fields {sorted(unknown)}")
    missing = set(required) - set(obj)
    require(not missing, f"{where}: missing fields {sorted(missing)}")


def check_id(value, where):
    require(isinstance(value, str) and ID_RE.match(value), f"{where}: bad id {value!r}")


def check_positive(value, where):
    require(isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and value > 0, f"{where}: {value!r} is not > 0")


def check_bands(levels):
    previous = None
    for level in levels:
        check_keys(level, {"id", "label", "threshold", "description"},
                   {"id", "label", "threshold"}, "level")
        check_id(level["id"], "level id")
        t = level["threshold"]
        require(0 <= t <= 1, f"level {level['id']}: threshold outside [0, 1]")
        if previous is None:
            require(t == 0, "the first level threshold must be 0")
        else:
            require(t > previous, "level thresholds must strictly increase")
        previous = t


def rule_needs(comp):
    """(criteria that must be met, minimum score of a met criterion or None)
    of a competency's rule; (0, None) without one."""
    rule = comp.get("rule")
    n = len(comp["criteria"])
    if rule is None:
        return 0, None
    if rule in ("all", "any"):
        return (n if rule == "all" else 1), None
    check_keys(rule, {"need", "at_least", "min_score"}, set(), "rule")
    require(("need" in rule) != ("at_least" in rule), "rule: one of need and at_least")
    if "need" in rule:
        require(rule["need"] in ("all", "any"), "rule: need must be all or any")
        count = n if rule["need"] == "all" else 1
    else:
        count = rule["at_least"]
        require(isinstance(count, int) and 1 <= count <= n, "rule: at_least out of range")
    min_score = rule.get("min_score")
    require(min_score is None or 0 <= min_score <= 1, "rule: min_score outside [0, 1]")
    return count, min_score


def check_framework(fw):
    """A light version of the strict loader's checks, so that case frameworks
    stay valid for it. Raises FileError."""
    check_keys(fw, FRAMEWORK_KEYS, FRAMEWORK_REQUIRED, "framework")
    check_id(fw["id"], "id")
    require(isinstance(fw["version"], str), "version must be a string")
    check_keys(fw["source"], {"citation", "publisher", "url", "year", "method",
                              "panel", "notes"}, {"citation"}, "source")
    scale = fw["rating_scale"]
    check_keys(scale, {"min", "max", "labels"}, {"min", "max"}, "rating_scale")
    require(scale["min"] < scale["max"], "rating_scale: min must be below max")
    check_bands(fw["levels"])
    check_bands(fw.get("overall_levels") or [])
    kinds = []
    for kind in fw["evidence_kinds"]:
        check_keys(kind, {"id", "label", "weight", "description"},
                   {"id", "label", "weight"}, "evidence kind")
        check_id(kind["id"], "kind id")
        check_positive(kind["weight"], f"kind {kind['id']} weight")
        kinds.append(kind["id"])
    require(len(set(kinds)) == len(kinds), "duplicate evidence kind")
    policy = fw.get("evidence_policy") or {}
    check_keys(policy, POLICY_KEYS, set(), "evidence_policy")
    categories = []
    for cat in fw.get("categories") or []:
        check_keys(cat, {"id", "label", "description"}, {"id", "label"}, "category")
        check_id(cat["id"], "category id")
        categories.append(cat["id"])
    domains = []
    for dom in fw["domains"]:
        check_keys(dom, {"id", "label", "levels"}, {"id", "label"}, "domain")
        check_bands(dom.get("levels") or [])
        check_id(dom["id"], "domain id")
        domains.append(dom["id"])
    require(fw["competencies"], "no competencies")
    seen = set()
    for comp in fw["competencies"]:
        check_keys(comp, COMPETENCY_KEYS, {"id", "domain", "statement", "criteria"},
                   "competency")
        check_id(comp["id"], "competency id")
        require(comp["id"] not in seen, f"duplicate id {comp['id']}")
        seen.add(comp["id"])
        require(comp["domain"] in domains, f"{comp['id']}: unknown domain")
        if comp.get("category") is not None:
            require(comp["category"] in categories, f"{comp['id']}: unknown category")
        check_positive(comp.get("weight", 1), f"{comp['id']} weight")
        require(comp["criteria"], f"{comp['id']}: no criteria")
        rule_needs(comp)
        for crit in comp["criteria"]:
            check_keys(crit, CRITERION_KEYS, {"id", "statement", "measure"}, "criterion")
            check_id(crit["id"], "criterion id")
            require(crit["id"] not in seen, f"duplicate id {crit['id']}")
            seen.add(crit["id"])
            check_positive(crit.get("weight", 1), f"{crit['id']} weight")
            measure = crit["measure"]
            require(isinstance(measure, dict) and measure.get("type") in MEASURE_KEYS,
                    f"{crit['id']}: bad measure")
            check_keys(measure, MEASURE_KEYS[measure["type"]], {"type"}, crit["id"])
            if measure["type"] in ("rate", "count"):
                check_positive(measure.get("target"), f"{crit['id']} target")
            if crit.get("kinds") is not None:
                require(crit["kinds"], f"{crit['id']}: empty kinds")
                for k in crit["kinds"]:
                    require(k in kinds, f"{crit['id']}: unknown kind {k}")


def check_profile(profile, fw):
    check_keys(profile, {"id", "title", "framework", "description", "requirements"},
               {"id", "title", "framework", "requirements"}, "profile")
    check_id(profile["id"], "profile id")
    require(profile["framework"] == fw["id"], "profile is for another framework")
    require(profile["requirements"], "profile has no requirements")
    competencies = [c["id"] for c in fw["competencies"]]
    levels = [lv["id"] for lv in fw["levels"]]
    seen = set()
    domains = {d["id"]: [lv["id"] for lv in d.get("levels") or []] for d in fw["domains"]}
    for req in profile["requirements"]:
        check_keys(req, {"competency", "domain", "overall", "level", "importance", "rationale"},
                   {"level", "importance"}, "requirement")
        targets = [k for k in ("competency", "domain", "overall") if req.get(k)]
        require(len(targets) == 1, "a requirement names one competency, domain or overall")
        key = (targets[0], req[targets[0]])
        require(key not in seen, f"duplicate requirement {key}")
        seen.add(key)
        if "overall" in targets:
            bands = [lv["id"] for lv in fw.get("overall_levels") or []]
        elif "domain" in targets:
            require(req["domain"] in domains, f"unknown domain {req['domain']}")
            bands = domains[req["domain"]]
        else:
            require(req["competency"] in competencies,
                    f"unknown competency {req['competency']}")
            bands = levels
        require(req["level"] in bands, f"unknown level {req['level']}")
        require(req["importance"] in ("essential", "desirable"), "bad importance")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def resolve(case_dir, name, shipped_dir):
    """A file in the case folder, else a shipped name."""
    local = case_dir / name
    if local.is_file():
        return local
    shipped = shipped_dir / f"{name}.yaml"
    require(shipped.is_file(), f"no file {name} in {case_dir.name} and no shipped {shipped}")
    return shipped


# --------------------------------------------------------------------------
# Policy


def effective_policy(fw, overrides):
    """The framework's evidence_policy with the case's overrides applied."""
    base = fw.get("evidence_policy") or {}
    half_life = base.get("half_life_days")
    max_age = base.get("max_age_days")
    min_items = base.get("min_items", 1)
    min_coverage = base.get("min_coverage", 0.0)
    kind_weights = {k["id"]: float(k["weight"]) for k in fw["evidence_kinds"]}
    aggregate = base.get("aggregate", "weighted_mean")

    overrides = overrides or {}
    unknown = set(overrides) - (POLICY_KEYS | {"kind_weights"})
    require(not unknown, f"unknown policy overrides {sorted(unknown)}")
    if "half_life_days" in overrides:
        half_life = overrides["half_life_days"]
    if "max_age_days" in overrides:
        max_age = overrides["max_age_days"]
    if "min_items" in overrides:
        min_items = overrides["min_items"]
    if "min_coverage" in overrides:
        min_coverage = overrides["min_coverage"]
    if overrides.get("aggregate") is not None:
        aggregate = overrides["aggregate"]
    require(aggregate in AGGREGATES, f"unknown aggregate {aggregate}")
    for kind, weight in (overrides.get("kind_weights") or {}).items():
        require(kind in kind_weights, f"kind_weights: unknown kind {kind}")
        check_positive(weight, f"kind_weights.{kind}")
        kind_weights[kind] = float(weight)

    if half_life is not None:
        check_positive(half_life, "half_life_days")
    require(max_age is None or (isinstance(max_age, int) and max_age >= 0),
            "max_age_days must be a whole number >= 0")
    require(isinstance(min_items, int) and min_items >= 0, "min_items must be >= 0")
    require(0 <= min_coverage <= 1, "min_coverage must be in [0, 1]")
    policy = {
        "half_life_days": None if half_life is None else float(half_life),
        "max_age_days": max_age,
        "min_items": min_items,
        "min_coverage": float(min_coverage),
        "kind_weights": kind_weights,
    }
    if aggregate != "weighted_mean":     # written only when not the default
        policy["aggregate"] = aggregate
    return policy


# --------------------------------------------------------------------------
# Evidence input


def make_item(fields, line, where):
    """One evidence item from a {column: raw value} mapping (None = missing)."""
    item = {name: fields.get(name) for name in COLUMNS}
    for name in REQUIRED_COLUMNS:
        value = item[name]
        require(isinstance(value, str) and value != "",
                f"{where}: `{name}` is missing or empty")
    for name in ("id", "assessor", "note", "expires"):
        require(item[name] is None or isinstance(item[name], str),
                f"{where}: `{name}` must be text")
    if item["id"] == "":
        item["id"] = None
    item["date"] = parse_date(item["date"], f"{where}: date")
    if item["expires"] is not None:
        item["expires"] = parse_date(item["expires"], f"{where}: expires")
    item["line"] = line
    return item


def read_csv(path):
    items = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for name in header:
            require(name in COLUMNS, f"{path.name}: unknown column {name!r}")
        for name in REQUIRED_COLUMNS:
            require(name in header, f"{path.name}: missing column {name!r}")
        consumed = reader.line_num
        for row in reader:
            start = consumed + 1          # physical line where this record starts
            consumed = reader.line_num
            if not row:
                continue
            require(len(row) == len(header), f"{path.name}:{start}: wrong number of fields")
            fields = {name: (cell if cell != "" else None) for name, cell in zip(header, row)}
            items.append(make_item(fields, start, f"{path.name}:{start}"))
    return items


def reject_constant(name):
    raise FileError(f"{name} is not JSON")


def json_object(obj, where):
    require(isinstance(obj, dict), f"{where}: expected an object")
    unknown = set(obj) - set(COLUMNS)
    require(not unknown, f"{where}: unknown keys {sorted(unknown)}")
    return make_item(obj, None, where)


def read_jsonl(path):
    items = []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == "":
            continue
        obj = json.loads(line, parse_constant=reject_constant)
        item = json_object(obj, f"{path.name}:{number}")
        item["line"] = number
        items.append(item)
    return items


def read_json_array(path):
    """A JSON array of objects; `line` is the line of each element's `{`."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder(parse_constant=reject_constant)
    whitespace = re.compile(r"\s*")
    pos = whitespace.match(text, 0).end()
    require(text[pos:pos + 1] == "[", f"{path.name}: expected a JSON array")
    pos = whitespace.match(text, pos + 1).end()
    items = []
    if text[pos:pos + 1] == "]":
        return items
    while True:
        require(text[pos:pos + 1] == "{", f"{path.name}: expected an object")
        line = text.count("\n", 0, pos) + 1
        obj, pos = decoder.raw_decode(text, pos)
        item = json_object(obj, f"{path.name}:{line}")
        item["line"] = line
        items.append(item)
        pos = whitespace.match(text, pos).end()
        if text[pos:pos + 1] == ",":
            pos = whitespace.match(text, pos + 1).end()
            continue
        require(text[pos:pos + 1] == "]", f"{path.name}: expected , or ]")
        require(text[pos + 1:].strip() == "", f"{path.name}: text after the array")
        return items


def read_evidence(path):
    if path.suffix == ".csv":
        return read_csv(path)
    if path.suffix == ".jsonl":
        return read_jsonl(path)
    if path.suffix == ".json":
        return read_json_array(path)
    raise FileError(f"unknown evidence format {path.name}")


# --------------------------------------------------------------------------
# Step 1: per-item checks


def rating_bounds(fw, measure):
    scale = fw["rating_scale"]
    lo = measure.get("min")
    hi = measure.get("max")
    return (float(scale["min"] if lo is None else lo),
            float(scale["max"] if hi is None else hi))


def value_problem(fw, measure, item):
    """Why the item's value is invalid for the measure, or None."""
    kind = measure["type"]
    raw = item["value"]
    if kind == "rating":
        if raw is None:
            return "rating value is missing"
        x = as_number(raw)
        if x is None:
            return f"rating value {fmt(raw)} is not a number"
        if not math.isfinite(x):
            return f"rating value {fmt(raw)} is not finite"
        lo, hi = rating_bounds(fw, measure)
        if x < lo or x > hi:
            return f"rating {fmt(raw)} is outside [{fmt(lo)}, {fmt(hi)}]"
        return None
    if kind == "binary":
        if raw is None:
            return "binary value is missing"
        if as_binary(raw) is None:
            return f"binary value {fmt(raw)} is not one of true/false, yes/no, 1/0"
        return None
    if kind == "rate":
        for name in ("numerator", "denominator"):
            if item[name] is None:
                return f"{name} is missing"
            x = as_number(item[name])
            if x is None:
                return f"{name} {fmt(item[name])} is not a number"
            if not math.isfinite(x):
                return f"{name} {fmt(item[name])} is not finite"
        if as_number(item["denominator"]) <= 0:
            return f"denominator {fmt(item['denominator'])} is not greater than 0"
        if as_number(item["numerator"]) < 0:
            return f"numerator {fmt(item['numerator'])} is negative"
        return None
    if kind == "count":
        if raw is None:
            return "count value is missing"
        x = as_number(raw)
        if x is None:
            return f"count value {fmt(raw)} is not a number"
        if not math.isfinite(x):
            return f"count value {fmt(raw)} is not finite"
        if x < 0:
            return f"count {fmt(raw)} is negative"
        if not x.is_integer():
            return f"count {fmt(raw)} is not a whole number"
        return None
    raise FileError(f"unknown measure {kind}")


def first_failure(fw, criteria, policy, as_of, item):
    """(reason, detail) of the first failed check, or None when it passes."""
    crit = criteria.get(item["criterion"])
    if crit is None:
        return ("unknown_criterion",
                f"criterion {item['criterion']} is not in the framework")
    if item["kind"] not in policy["kind_weights"]:
        return ("unknown_kind",
                f"kind {item['kind']} is not an evidence kind of the framework")
    accepted = crit.get("kinds")
    if accepted is not None and item["kind"] not in accepted:
        return ("kind_not_accepted",
                f"criterion {crit['id']} does not accept kind {item['kind']}"
                f" (accepts {', '.join(accepted)})")
    problem = value_problem(fw, crit["measure"], item)
    if problem is not None:
        return ("invalid_value", problem)
    if item["date"] > as_of:
        return ("future", f"date {item['date']} is after as_of {as_of}")
    if item["expires"] is not None and item["expires"] < as_of:
        return ("expired", f"expires {item['expires']} is before as_of {as_of}")
    age = (as_of - item["date"]).days
    if policy["max_age_days"] is not None and age > policy["max_age_days"]:
        return ("expired",
                f"age {age} days is more than max_age_days {policy['max_age_days']}")
    if item_weight(policy, as_of, item) < max(policy["kind_weights"].values()) * RESOLUTION:
        return ("expired", f"weight after {age} days is below 2^-47 of the heaviest kind weight")
    return None


# --------------------------------------------------------------------------
# Step 2: ids


def comparable(item, criteria):
    """Every field of the item, values parsed as numbers / booleans."""
    measure = criteria[item["criterion"]]["measure"]["type"]

    def parsed(raw, as_bool=False):
        if raw is None:
            return None
        if as_bool:
            return ("bool", as_binary(raw))
        x = as_number(raw)
        if x is not None:
            return ("number", x)
        if isinstance(raw, bool):
            return ("bool", raw)
        return ("text", raw)

    return (item["worker"], item["criterion"], item["kind"], item["date"],
            item["assessor"], parsed(item["value"], as_bool=(measure == "binary")),
            parsed(item["numerator"]), parsed(item["denominator"]),
            item["expires"], item["note"])


def resolve_ids(passed, criteria):
    """Splits passed items into used ones and (item, reason, detail) rejections."""
    groups = {}
    for item in passed:
        if item["id"] is not None:
            groups.setdefault(item["id"], []).append(item)
    rejected = []
    dropped = set()
    for ident, group in groups.items():
        if len(group) == 1:
            continue
        group = sorted(group, key=lambda it: it["line"])
        keys = [comparable(it, criteria) for it in group]
        if all(k == keys[0] for k in keys):
            for it in group[1:]:
                rejected.append((it, "duplicate",
                                 f"identical copy of the item with id {ident}"
                                 f" on line {group[0]['line']}"))
                dropped.add(id(it))
        else:
            lines = ", ".join(str(it["line"]) for it in group)
            for it in group:
                rejected.append((it, "conflicting_id",
                                 f"id {ident} is used by items that differ (lines {lines})"))
                dropped.add(id(it))
    used = [it for it in passed if id(it) not in dropped]
    return used, rejected


# --------------------------------------------------------------------------
# Steps 3-7: weights, values, aggregation


def item_weight(policy, as_of, item):
    kind_weight = policy["kind_weights"][item["kind"]]
    if policy["half_life_days"] is None:
        return kind_weight
    age = (as_of - item["date"]).days
    return kind_weight * 0.5 ** (age / policy["half_life_days"])


def item_value(fw, measure, item):
    kind = measure["type"]
    if kind == "rating":
        lo, hi = rating_bounds(fw, measure)
        return (as_number(item["value"]) - lo) / (hi - lo)
    if kind == "binary":
        return 1.0 if as_binary(item["value"]) else 0.0
    if kind == "rate":
        ratio = as_number(item["numerator"]) / as_number(item["denominator"])
        return min(1.0, ratio / measure["target"])
    if kind == "count":
        return min(1.0, as_number(item["value"]) / measure["target"])
    raise FileError(f"unknown measure {kind}")


def anchors_of(fw, crit):
    """A criterion's anchors: its own, else its shared scale's."""
    if crit.get("anchors"):
        return crit["anchors"]
    for scale in fw.get("anchored_scales") or []:
        if scale["id"] == crit.get("scale"):
            return scale["anchors"]
    return []


def describe_anchors(fw, crit, mine, score, out):
    """Anchored rating criteria (docs/scoring.md, "Anchored rating scales"):
    each used item gets the rating given and the label of the anchor at
    that value (if any); the criterion gets its mean on the rating scale and
    the label of the anchor at it, else the nearest, the lower of two
    equally near (computed exactly)."""
    anchors = anchors_of(fw, crit)
    if crit["measure"]["type"] != "rating" or not anchors:
        return
    lo, hi = rating_bounds(fw, crit["measure"])
    for it, ev in zip(mine, out["evidence"]):
        given = as_number(it["value"])
        ev["rating"] = given
        at = [a for a in anchors if Fraction(a["value"]) == Fraction(given)]
        if at:
            ev["anchor"] = at[0]["label"]
    if score is not None:
        mean = Fraction(lo) + score * (Fraction(hi) - Fraction(lo))
        out["rating"] = float(mean)
        best = min(anchors, key=lambda a: (abs(Fraction(a["value"]) - mean), a["value"]))
        out["anchor"] = best["label"]


def weighted_mean(pairs):
    """Σ w·x / Σ w over (w, x) pairs, computed exactly (as fractions of the
    floating-point inputs); None when there are none."""
    pairs = [(Fraction(w), Fraction(x)) for w, x in pairs]
    if not pairs:
        return None
    return sum(w * x for w, x in pairs) / sum(w for w, _ in pairs)


def number(x):
    """An exact score as the float written in results (None stays None)."""
    return None if x is None else float(x)


def id_key(ident):
    """Items without id first, then ids in byte order."""
    return (0, b"") if ident is None else (1, ident.encode("utf-8"))


def kept_items(aggregate, items):
    """The ids (Python's) of the items the aggregate counts: every item
    (weighted_mean), those of the latest date (latest), or each assessor's
    of their latest date, no assessor being one assessor (latest_per_assessor)."""
    if aggregate == "weighted_mean":
        return {id(it) for it in items}
    def who(it):
        return (it["assessor"] or "") if aggregate == "latest_per_assessor" else ""
    last = {}
    for it in items:
        last[who(it)] = max(last.get(who(it), it["date"]), it["date"])
    return {id(it) for it in items if it["date"] == last[who(it)]}


def rule_outcome(comp, scores):
    """The rule entry of a competency with a rule or a required criterion
    (None otherwise), from its criteria's exact scores."""
    required = [c.get("required", False) for c in comp["criteria"]]
    if comp.get("rule") is None and not any(required):
        return None
    needed, min_score = rule_needs(comp)

    def met(score):
        return score is not None and (
            min_score is None or score >= Fraction(min_score) - Fraction(LEVEL_EPSILON))

    count = sum(1 for s in scores if met(s))
    required_unmet = [c["id"] for c, s, r in zip(comp["criteria"], scores, required)
                      if r and not met(s)]
    others = [c["id"] for c, s, r in zip(comp["criteria"], scores, required)
              if not r and not met(s)]
    return {"met": count >= needed and not required_unmet,
            "criteria_met": count, "criteria_needed": needed,
            "required_unmet": required_unmet,
            "unmet": others if count + len(required_unmet) < needed else []}


def level_of(levels, score):
    level = None
    for lv in levels:
        if Fraction(lv["threshold"]) <= score + Fraction(LEVEL_EPSILON):
            level = lv["id"]
    return level


def score_worker(fw, policy, as_of, used):
    """The result entry of one worker from its used items."""
    competencies = []
    for comp in fw["competencies"]:
        criteria_out = []
        scored = []            # (criterion weight, criterion score)
        total_cw = 0.0
        comp_items = 0
        scores = []            # each criterion's score (None: no items)
        for crit in comp["criteria"]:
            cw = float(crit.get("weight", 1))
            total_cw += cw
            mine = [it for it in used if it["criterion"] == crit["id"]]
            mine.sort(key=lambda it: (it["date"], id_key(it["id"]), it["line"]))
            kept = kept_items(policy.get("aggregate", "weighted_mean"), mine)
            evidence = []
            pairs = []
            for it in mine:
                w = item_weight(policy, as_of, it)
                v = item_value(fw, crit["measure"], it)
                entry = {"id": it["id"], "line": it["line"], "kind": it["kind"],
                         "date": it["date"].isoformat(), "weight": w, "value": v}
                if id(it) in kept:
                    pairs.append((w, v))
                else:
                    entry["superseded"] = True
                evidence.append(entry)
            score = weighted_mean(pairs)
            scores.append(score)
            if score is not None:
                scored.append((cw, score))
            comp_items += len(pairs)
            criteria_out.append({"id": crit["id"], "score": number(score), "items": len(pairs),
                                 "weight": sum(w for w, _ in pairs) if pairs else 0.0,
                                 "evidence": evidence})
            describe_anchors(fw, crit, mine, score, criteria_out[-1])
        score = weighted_mean(scored)
        coverage = sum(Fraction(cw) for cw, _ in scored) / Fraction(total_cw)
        enough = (score is not None and comp_items >= policy["min_items"]
                  and coverage >= Fraction(policy["min_coverage"]) - Fraction(LEVEL_EPSILON))
        rule = rule_outcome(comp, scores)
        if rule is not None and not rule["met"]:
            status = "rule_not_met"
        else:
            status = "assessed" if enough else "insufficient_evidence"
        entry = {
            "id": comp["id"], "score": score,
            "level": level_of(fw["levels"], score) if status == "assessed" else None,
            "status": status,
            "coverage": float(coverage), "items": comp_items,
        }
        if rule is not None:
            entry["rule"] = rule
        entry["criteria"] = criteria_out
        competencies.append(entry)

    def assessed_mean(domain=None):
        pairs = []
        for comp, out in zip(fw["competencies"], competencies):
            if out["status"] == "assessed" and (domain is None or comp["domain"] == domain):
                pairs.append((float(comp.get("weight", 1)), out["score"]))
        return weighted_mean(pairs)

    overall = assessed_mean()
    domains = []
    for d in fw["domains"]:
        entry = {"id": d["id"], "score": number(assessed_mean(d["id"]))}
        if d.get("levels") and entry["score"] is not None:
            entry["level"] = level_of(d["levels"], assessed_mean(d["id"]))
        domains.append(entry)
    for c in competencies:
        c["score"] = number(c["score"])
    # The exact overall ranks the shortlist; results show it as a float.
    out = {"overall": number(overall), "exact_overall": overall}
    if fw.get("overall_levels") and overall is not None:
        out["overall_level"] = level_of(fw["overall_levels"], overall)
    out.update({"domains": domains, "competencies": competencies})
    return out


def score(fw, policy, as_of, items):
    criteria = {crit["id"]: crit for comp in fw["competencies"] for crit in comp["criteria"]}
    passed = []
    rejected = []
    for item in items:
        failure = first_failure(fw, criteria, policy, as_of, item)
        if failure is None:
            passed.append(item)
        else:
            rejected.append((item, failure[0], failure[1]))
    used, id_rejections = resolve_ids(passed, criteria)
    rejected += id_rejections
    require(len(used) + len(rejected) == len(items), "lost an item")

    workers = []
    exact_overall = {}
    for worker in sorted({it["worker"] for it in items}, key=lambda w: w.encode("utf-8")):
        entry = {"worker": worker}
        entry.update(score_worker(fw, policy, as_of,
                                  [it for it in used if it["worker"] == worker]))
        exact_overall[worker] = entry.pop("exact_overall")
        workers.append(entry)

    rejected.sort(key=lambda r: (r[0]["line"], id_key(r[0]["id"])))
    return {
        "framework": fw["id"],
        "framework_version": fw["version"],
        "as_of": as_of.isoformat(),
        "policy": policy,
        "counts": {"items": len(items), "used": len(used), "rejected": len(rejected)},
        "workers": workers,
        # Not written out: what the shortlist is ranked on.
        "exact_overall": exact_overall,
        "rejected": [{"id": it["id"], "line": it["line"], "worker": it["worker"],
                      "criterion": it["criterion"], "reason": reason, "detail": detail}
                     for it, reason, detail in rejected],
    }


# --------------------------------------------------------------------------
# Screening


def band_gap(fw, worker, req, exact_overall):
    """The gap of a requirement on a domain's or the overall level (None when
    met); the level is found again from the exact score."""
    if req.get("overall"):
        bands, score, exact = fw.get("overall_levels") or [], worker["overall"], exact_overall
        gap = {"overall": True}
    else:
        at = [d["id"] for d in fw["domains"]].index(req["domain"])
        bands = fw["domains"][at].get("levels") or []
        score = worker["domains"][at]["score"]
        exact = None if score is None else Fraction(score)
        gap = {"domain": req["domain"]}
    ids = [lv["id"] for lv in bands]
    level = None if exact is None else level_of(bands, exact)
    if level is not None and ids.index(level) >= ids.index(req["level"]):
        return None
    gap.update({"importance": req["importance"], "required_level": req["level"],
                "current_level": level, "score": score,
                "status": "no_evidence" if score is None else "below_level"})
    return gap


def screen(fw, profile, result):
    level_index = {lv["id"]: i for i, lv in enumerate(fw["levels"])}
    candidates = []
    for worker in result["workers"]:
        by_id = {c["id"]: c for c in worker["competencies"]}
        met = {"essential": 0, "desirable": 0}
        total = {"essential": 0, "desirable": 0}
        gaps = []
        for req in profile["requirements"]:
            importance = req["importance"]
            total[importance] += 1
            if req.get("overall") or req.get("domain"):
                gap = band_gap(fw, worker, req, result["exact_overall"][worker["worker"]])
                if gap is None:
                    met[importance] += 1
                else:
                    gaps.append(gap)
                continue
            comp = by_id[req["competency"]]
            assessed = comp["status"] == "assessed"
            if assessed and level_index[comp["level"]] >= level_index[req["level"]]:
                met[importance] += 1
                continue
            if comp["status"] == "rule_not_met":
                status = "rule_not_met"
            elif comp["score"] is None:
                status = "no_evidence"
            elif not assessed:
                status = "insufficient_evidence"
            else:
                status = "below_level"
            gap = {"competency": comp["id"], "importance": importance,
                   "required_level": req["level"], "current_level": comp["level"],
                   "score": comp["score"], "status": status}
            rule = comp.get("rule")
            if rule is not None and not rule["met"]:
                gap["needs"] = rule["required_unmet"] + rule["unmet"]
                more = (rule["criteria_needed"] - rule["criteria_met"]
                        - len(rule["required_unmet"]))
                if more > 0:
                    gap["needs_more"] = more
            gaps.append(gap)
        candidates.append({
            "rank": None, "worker": worker["worker"],
            "meets_essential": met["essential"] == total["essential"],
            "essential_met": met["essential"], "essential_total": total["essential"],
            "desirable_met": met["desirable"], "desirable_total": total["desirable"],
            "overall": worker["overall"], "gaps": gaps,
        })
        if "overall_level" in worker:
            candidates[-1]["overall_level"] = worker["overall_level"]

    def rank_key(c):
        # Overall scores are compared exactly: mathematically equal ones tie
        # (the engine compares them rounded to 2^-30, to the same effect).
        overall = result["exact_overall"][c["worker"]]
        return (not c["meets_essential"], -c["essential_met"], -c["desirable_met"],
                overall is None, -(overall or 0), c["worker"].encode("utf-8"))

    candidates.sort(key=rank_key)
    for rank, c in enumerate(candidates, start=1):
        c["rank"] = rank
    return {"profile": profile["id"], "framework": fw["id"], "as_of": result["as_of"],
            "counts": result["counts"], "candidates": candidates,
            "rejected": result["rejected"]}


# --------------------------------------------------------------------------
# Cases


CASE_KEYS = {"description", "framework", "evidence", "as_of", "policy", "profile"}


def render(obj):
    obj = {k: v for k, v in obj.items() if k != "exact_overall"}
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def run_case(case_dir):
    """{file name: text} of the expected files of one case."""
    with open(case_dir / "case.json", encoding="utf-8") as f:
        case = json.load(f)
    check_keys(case, CASE_KEYS, {"description", "framework", "evidence", "as_of"},
               f"{case_dir.name}/case.json")
    require(case["description"].strip(), "empty description")
    fw = load_yaml(resolve(case_dir, case["framework"], SHIPPED_FRAMEWORKS))
    check_framework(fw)
    policy = effective_policy(fw, case.get("policy"))
    as_of = parse_date(case["as_of"], "as_of")
    evidence = case_dir / case["evidence"]
    require(evidence.is_file(), f"no evidence file {evidence}")
    items = read_evidence(evidence)
    result = score(fw, policy, as_of, items)
    out = {"expected.json": render(result)}
    if case.get("profile"):
        profile = load_yaml(resolve(case_dir, case["profile"], SHIPPED_PROFILES))
        check_profile(profile, fw)
        out["expected-screen.json"] = render(screen(fw, profile, result))
    return out


def progress_case(case_dir):
    """The case.progress.json of a progress case the reference computes
    (`"reference": true`, see reference_progress.py), else None."""
    path = case_dir / "case.progress.json"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as f:
        case = json.load(f)
    return case if case.get("reference") is True else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    parser.add_argument("cases", nargs="*", help="case folder names (default: all)")
    args = parser.parse_args()

    dirs = sorted(p for p in HERE.iterdir() if p.is_dir() and (
        (p / "case.json").is_file() or progress_case(p) is not None))
    if args.cases:
        dirs = [d for d in dirs if d.name in args.cases]
    require(dirs, "no cases found")
    failures = 0
    for case_dir in dirs:
        progress = progress_case(case_dir)
        try:
            if progress is None:
                files = run_case(case_dir)
            else:
                import reference_progress
                files = reference_progress.run_case(case_dir, progress)
        except FileError as e:
            print(f"{case_dir.name}: ERROR {e}", file=sys.stderr)
            failures += 1
            continue
        stale = [] if "expected-screen.json" in files or progress else ["expected-screen.json"]
        for name, text in files.items():
            path = case_dir / name
            if args.check:
                current = path.read_text(encoding="utf-8") if path.is_file() else None
                if current != text:
                    print(f"{case_dir.name}/{name}: differs from the reference",
                          file=sys.stderr)
                    failures += 1
            else:
                path.write_text(text, encoding="utf-8")
        for name in stale:
            if (case_dir / name).exists():
                if args.check:
                    print(f"{case_dir.name}/{name}: case has no profile", file=sys.stderr)
                    failures += 1
                else:
                    (case_dir / name).unlink()
    verb = "checked" if args.check else "wrote"
    print(f"{verb} {len(dirs)} cases, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
