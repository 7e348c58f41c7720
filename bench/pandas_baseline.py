"""The default scoring policy of docs/scoring.md written in pandas, as a data
scientist would: the comparison baseline of `bench/run.sh`.

Straightforward, vectorised pandas (merges, group-bys, boolean masks); no
code shared with the engine. `python/tests/test_pandas_baseline.py` checks it
gives the engine's numbers on the shared vectors and on a generated workload.

    python bench/pandas_baseline.py FRAMEWORK.json EVIDENCE AS_OF [--policy JSON] [--out CSV]

FRAMEWORK.json is a framework as `proficient show NAME --format json` prints
it; EVIDENCE a .csv, .jsonl, .json or .parquet file. Writes the worker ×
competency table to CSV (`--out`, the columns of `proficient score --format
csv`) and prints the time taken and the counts; `score()` returns the
tables.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd

COLUMNS = ["id", "worker", "criterion", "kind", "date", "assessor", "value",
           "numerator", "denominator", "expires", "note"]
TEXT = ["id", "worker", "criterion", "kind", "assessor", "note"]
LEVEL_EPSILON = 1e-9
EPOCH = np.datetime64("1970-01-01", "D")
OUTPUT = ["worker", "competency", "domain", "score", "level", "status", "coverage", "items"]


def read_evidence(path: Path) -> pd.DataFrame:
    """The evidence file as a DataFrame with a `line` column (the file line
    for CSV and JSON Lines, the position for JSON arrays and Parquet)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df["line"] = np.arange(len(df)) + 2
    elif suffix in (".jsonl", ".ndjson"):
        df = pd.read_json(path, lines=True, dtype=False)
        df["line"] = np.arange(len(df)) + 1
    elif suffix == ".json":
        df = pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
        df["line"] = np.arange(len(df)) + 1
    else:
        df = pd.read_parquet(path)
        df["line"] = np.arange(len(df)) + 1
    df.columns = [str(c).strip().lower() for c in df.columns]
    return df


def effective_policy(fw: Dict[str, Any], overrides: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The framework's evidence policy with `overrides` applied."""
    policy = {"half_life_days": None, "max_age_days": None, "min_items": 1,
              "min_coverage": 0.0}
    policy.update(fw.get("evidence_policy") or {})
    weights = {k["id"]: float(k["weight"]) for k in fw["evidence_kinds"]}
    overrides = dict(overrides or {})
    weights.update({k: float(v) for k, v in (overrides.pop("kind_weights", None) or {}).items()})
    policy.update(overrides)
    policy["kind_weights"] = weights
    return policy


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) and s.dtype != object


def _text(s: pd.Series) -> pd.Series:
    """Trimmed text, with empty and missing values as None (numbers, e.g.
    numeric ids, as their decimal text)."""
    if not _is_text(s):
        s = s.map(_as_text, na_action="ignore")
    out = s.astype(object).where(s.notna(), None)
    out = out.where(out.isna(), out.astype(str).str.strip())
    return out.where(out.notna() & (out != ""), None)


def _as_text(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _days(s: pd.Series) -> pd.Series:
    """Days since 1970-01-01 (NaN when missing) of ISO date texts or dates."""
    if _is_text(s) or s.dtype == object:
        s = _text(s)
        if s.map(lambda v: isinstance(v, str)).any():
            s = pd.to_datetime(s, format="%Y-%m-%d")
    d = pd.to_datetime(s)
    return (d - pd.Timestamp("1970-01-01")).dt.days.astype(float)


def _numbers(s: pd.Series) -> pd.Series:
    """Numbers of a value column (booleans and non-numeric text: NaN)."""
    if pd.api.types.is_bool_dtype(s):
        return pd.Series(np.nan, index=s.index)
    if s.dtype == object:
        s = s.map(lambda v: None if isinstance(v, (bool, np.bool_)) else v)
    if _is_text(s) or s.dtype == object:
        s = s.astype(object).where(s.isna(), s.astype(str).str.strip())
    return pd.to_numeric(s, errors="coerce").astype(float)


BOOLEAN_TEXT = {"true": 1.0, "yes": 1.0, "1": 1.0, "false": 0.0, "no": 0.0, "0": 0.0}


def _booleans(s: pd.Series) -> pd.Series:
    """1.0/0.0 for yes/no spellings (true/false, yes/no, 1/0), else NaN."""
    if pd.api.types.is_bool_dtype(s):
        return s.astype(float)
    if pd.api.types.is_numeric_dtype(s):
        return pd.Series(np.select([s == 1, s == 0], [1.0, 0.0], np.nan), index=s.index)
    if s.dtype == object:
        s = s.map(_bool_text, na_action="ignore")
    return s.str.strip().str.lower().map(BOOLEAN_TEXT).astype(float)


def _bool_text(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return "1" if v == 1 else "0" if v == 0 else "?"
    return str(v)


def _criteria(fw: Dict[str, Any]) -> pd.DataFrame:
    lo, hi = fw["rating_scale"]["min"], fw["rating_scale"]["max"]
    rows = []
    for c in fw["competencies"]:
        for k in c["criteria"]:
            m = k["measure"]
            rows.append({
                "criterion": k["id"], "competency": c["id"], "domain": c["domain"],
                "cw": float(k.get("weight", 1.0)), "comp_weight": float(c.get("weight", 1.0)),
                "measure": m["type"], "lo": float(m.get("min", lo) if m["type"] == "rating" else lo),
                "hi": float(m.get("max", hi) if m["type"] == "rating" else hi),
                "target": float(m.get("target", 1.0)), "kinds": k.get("kinds"),
            })
    return pd.DataFrame(rows)


def score(fw: Dict[str, Any], items: pd.DataFrame, as_of: dt.date,
          overrides: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Scores `items` (a DataFrame of evidence columns and `line`) at `as_of`.

    Returns {"counts": {...}, "criteria": DataFrame(worker, criterion, score,
    items, weight), "competencies": DataFrame(worker, competency, score,
    level, status, coverage, items), "domains": DataFrame(worker, domain,
    score), "overall": DataFrame(worker, overall), "rejected": DataFrame(id,
    line, worker, criterion, reason), "output": DataFrame of the columns of
    `proficient score --format csv`}."""
    policy = effective_policy(fw, overrides)
    crit = _criteria(fw)
    df = pd.DataFrame({"line": items["line"].to_numpy()})
    for c in COLUMNS:
        if c in items:
            df[c] = items[c].to_numpy()
        else:
            df[c] = None
    for c in TEXT:
        df[c] = _text(df[c])
    df["day"] = _days(df["date"])
    df["exp_day"] = _days(df["expires"])
    today = float((np.datetime64(as_of, "D") - EPOCH).astype(int))

    df = df.merge(crit.drop(columns=["kinds"]), on="criterion", how="left")
    df["kw"] = df["kind"].map(policy["kind_weights"])
    allowed = crit.dropna(subset=["kinds"]).explode("kinds")[["criterion", "kinds"]]
    allowed = allowed.rename(columns={"kinds": "kind"}).assign(ok=True)
    restricted = set(crit.dropna(subset=["kinds"])["criterion"])
    df = df.merge(allowed, on=["criterion", "kind"], how="left")
    not_accepted = df["criterion"].isin(restricted) & df["ok"].isna()

    # Values: a (value or numerator) and b (denominator), then the check.
    num, den, val = _numbers(df["numerator"]), _numbers(df["denominator"]), _numbers(df["value"])
    binary = _booleans(df["value"])
    m = df["measure"]
    a = np.select([m == "binary", m == "rate"], [binary, num], default=val)
    b = np.where(m == "rate", den, 0.0)
    finite_a, finite_b = np.isfinite(a), np.isfinite(b)
    valid = np.select(
        [m == "rating", m == "binary", m == "rate", m == "count"],
        [finite_a & (a >= df["lo"]) & (a <= df["hi"]),
         finite_a,
         finite_a & finite_b & (b > 0) & (a >= 0),
         finite_a & (a >= 0) & (np.mod(np.where(finite_a, a, 0), 1) == 0)],
        default=False)
    df["a"], df["b"] = a, b
    age = today - df["day"]
    max_age = policy["max_age_days"]
    too_old = age > max_age if max_age is not None else pd.Series(False, index=df.index)
    # Weights below 2^-47 of the heaviest kind weight are too small for the
    # engine's fixed-point sums: such items are expired.
    h = policy["half_life_days"]
    if h is not None:
        weight = df["kw"] * np.power(0.5, age / h)
        too_old = too_old | (weight < max(policy["kind_weights"].values()) * 2.0 ** -47)
    reason = np.select(
        [df["competency"].isna(), df["kw"].isna(), not_accepted, ~valid,
         df["day"] > today, (df["exp_day"] < today) | too_old],
        ["unknown_criterion", "unknown_kind", "kind_not_accepted", "invalid_value",
         "future", "expired"],
        default="")
    df["reason"] = reason

    # Ids among the items that passed: copies identical in every field count
    # once; items sharing an id but differing are all rejected.
    passed = (df["reason"] == "") & df["id"].notna()
    same = ["worker", "criterion", "kind", "day", "assessor", "a", "b", "exp_day", "note"]
    ided = df.loc[passed, ["id", "line"] + same].sort_values("line")
    ided["h"] = pd.util.hash_pandas_object(ided[same].astype(str), index=False)
    groups = ided.groupby("id")["h"]
    distinct, size = groups.transform("nunique"), groups.transform("size")
    conflicting = ided.index[(size > 1) & (distinct > 1)]
    duplicate = ided.index[(distinct == 1) & ided.duplicated(subset=["id"], keep="first")]
    df.loc[conflicting, "reason"] = "conflicting_id"
    df.loc[duplicate, "reason"] = "duplicate"

    used = df[df["reason"] == ""].copy()
    rejected = df.loc[df["reason"] != "", ["id", "line", "worker", "criterion", "reason"]]

    # Weights and normalised values.
    h = policy["half_life_days"]
    decay = 1.0 if h is None else np.power(0.5, (today - used["day"]) / h)
    used["w"] = used["kw"] * decay
    mu = used["measure"]
    used["v"] = np.select(
        [mu == "rating", mu == "binary", mu == "rate"],
        [(used["a"] - used["lo"]) / (used["hi"] - used["lo"]), used["a"],
         np.minimum(1.0, (used["a"] / used["b"].where(used["b"] > 0, 1.0)) / used["target"])],
        default=np.minimum(1.0, used["a"] / used["target"]))
    used["wv"] = used["w"] * used["v"]

    per_crit = used.groupby(["worker", "criterion"], sort=False).agg(
        wv=("wv", "sum"), weight=("w", "sum"), items=("w", "size")).reset_index()
    per_crit["score"] = per_crit["wv"] / per_crit["weight"]

    # Every worker (even one whose items were all rejected) × every criterion.
    workers = pd.DataFrame({"worker": sorted(df["worker"].dropna().unique(),
                                             key=lambda w: w.encode("utf-8"))})
    grid = workers.merge(crit[["criterion", "competency", "domain", "cw", "comp_weight"]],
                         how="cross")
    grid = grid.merge(per_crit[["worker", "criterion", "score", "items", "weight"]],
                      on=["worker", "criterion"], how="left")
    grid["items"] = grid["items"].fillna(0).astype(int)
    grid["weight"] = grid["weight"].fillna(0.0)
    grid["assessed_cw"] = np.where(grid["score"].notna(), grid["cw"], 0.0)
    grid["cw_score"] = grid["assessed_cw"] * grid["score"].fillna(0.0)

    comp = grid.groupby(["worker", "competency"], sort=False).agg(
        cw_score=("cw_score", "sum"), assessed_cw=("assessed_cw", "sum"),
        all_cw=("cw", "sum"), items=("items", "sum"), domain=("domain", "first"),
        comp_weight=("comp_weight", "first")).reset_index()
    comp["score"] = (comp["cw_score"] / comp["assessed_cw"]).where(comp["assessed_cw"] > 0)
    comp["coverage"] = comp["assessed_cw"] / comp["all_cw"]
    assessed = (comp["score"].notna() & (comp["items"] >= policy["min_items"])
                & (comp["coverage"] >= policy["min_coverage"] - 1e-9))
    comp["status"] = np.where(assessed, "assessed", "insufficient_evidence")
    levels = fw["levels"]
    thresholds = np.array([lv["threshold"] for lv in levels])
    idx = np.searchsorted(thresholds, comp["score"].fillna(-1.0).to_numpy() + LEVEL_EPSILON,
                          side="right") - 1
    ids = np.array([lv["id"] for lv in levels] + [None], dtype=object)
    comp["level"] = np.where(assessed & (idx >= 0), ids[np.where(idx >= 0, idx, -1)], None)

    ok = comp[assessed].assign(ws=lambda x: x["comp_weight"] * x["score"])
    dom = ok.groupby(["worker", "domain"]).agg(ws=("ws", "sum"), w=("comp_weight", "sum"))
    dom = (dom["ws"] / dom["w"]).rename("score").reset_index()
    domains = workers.merge(pd.DataFrame({"domain": [d["id"] for d in fw["domains"]]}),
                            how="cross").merge(dom, on=["worker", "domain"], how="left")
    tot = ok.groupby("worker").agg(ws=("ws", "sum"), w=("comp_weight", "sum"))
    overall = workers.merge((tot["ws"] / tot["w"]).rename("overall").reset_index(),
                            on="worker", how="left")

    return {
        "counts": {"items": len(df), "used": len(used), "rejected": len(rejected)},
        "criteria": grid[["worker", "criterion", "score", "items", "weight"]],
        "competencies": comp[["worker", "competency", "score", "level", "status",
                              "coverage", "items"]],
        "domains": domains,
        "overall": overall,
        "rejected": rejected.reset_index(drop=True),
        "output": comp[OUTPUT],
    }


def main(argv: list) -> int:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("framework", type=Path, help="framework JSON (proficient show NAME --format json)")
    p.add_argument("evidence", type=Path)
    p.add_argument("as_of", type=dt.date.fromisoformat)
    p.add_argument("--policy", type=json.loads, default=None, help="policy overrides as JSON")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write the worker × competency CSV (default: not written)")
    args = p.parse_args(argv)
    fw = json.loads(args.framework.read_text(encoding="utf-8"))
    t = time.perf_counter()
    items = read_evidence(args.evidence)
    read = time.perf_counter() - t
    result = score(fw, items, args.as_of, args.policy)
    scored = time.perf_counter() - t
    if args.out is not None:
        result["output"].to_csv(args.out, index=False)
    total = time.perf_counter() - t
    print(json.dumps({"seconds": round(total, 3), "read_seconds": round(read, 3),
                      "score_seconds": round(scored, 3),
                      "counts": result["counts"], "workers": len(result["overall"])}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
