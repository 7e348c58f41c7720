"""The default scoring policy of docs/scoring.md written with Polars' lazy
API, as an analyst who knows Polars would: a peer of the engine in
`bench/run.sh`, next to bench/pandas_baseline.py and bench/duckdb_baseline.py.

One lazy query plan (joins, window expressions, group-bys; no Python loop
over rows), collected once; no code shared with the engine or with the
other baselines. `python/tests/test_peer_baselines.py` checks it gives the
engine's numbers on the shared vectors and on generated workloads.

    python bench/polars_baseline.py FRAMEWORK.json EVIDENCE AS_OF [--policy JSON] [--out CSV]

FRAMEWORK.json is a framework as `proficient show NAME --format json` prints
it; EVIDENCE a .csv, .jsonl, .json or .parquet file. Writes the worker ×
competency table to CSV (`--out`, the columns of `proficient score --format
csv`) and prints the time taken; `score()` returns the tables as
LazyFrames.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import polars as pl

COLUMNS = ["id", "worker", "criterion", "kind", "date", "assessor", "value",
           "numerator", "denominator", "expires", "note"]
TEXT = ["id", "worker", "criterion", "kind", "assessor", "note"]
LEVEL_EPSILON = 1e-9
OUTPUT = ["worker", "competency", "domain", "score", "level", "status", "coverage", "items"]


def read_evidence(path: Path) -> pl.LazyFrame:
    """The evidence file as a LazyFrame of its columns (lower-cased names;
    text for CSV and JSON, as typed for Parquet) and `line` (the file line
    for CSV and JSON Lines, the position for JSON arrays and Parquet)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        lf = pl.scan_csv(path, infer_schema=False)
        first = 2
    elif suffix in (".jsonl", ".ndjson", ".json"):
        # Every field as text: numbers as their decimal text, true/false as
        # such; a key missing from an object is null.
        schema = {c: pl.String for c in COLUMNS}
        if suffix == ".json":
            lf = pl.read_json(path, schema=schema).lazy()
        else:
            lf = pl.scan_ndjson(path, schema=schema)
        first = 1
    else:
        lf = pl.scan_parquet(path)
        first = 1
    lf = lf.rename(lambda c: c.strip().lower())
    return lf.with_row_index("line", offset=first)


def effective_policy(fw: Dict[str, Any], overrides: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The framework's evidence policy with `overrides` applied."""
    policy: Dict[str, Any] = {"half_life_days": None, "max_age_days": None, "min_items": 1,
                              "min_coverage": 0.0}
    policy.update(fw.get("evidence_policy") or {})
    weights = {k["id"]: float(k["weight"]) for k in fw["evidence_kinds"]}
    overrides = dict(overrides or {})
    weights.update({k: float(v) for k, v in (overrides.pop("kind_weights", None) or {}).items()})
    policy.update(overrides)
    policy["kind_weights"] = weights
    return policy


def criteria(fw: Dict[str, Any]) -> pl.LazyFrame:
    """One row per criterion, in framework order, with what scoring needs."""
    lo, hi = float(fw["rating_scale"]["min"]), float(fw["rating_scale"]["max"])
    rows: List[Dict[str, Any]] = []
    for ci, c in enumerate(fw["competencies"]):
        for k in c["criteria"]:
            m = k["measure"]
            rating = m["type"] == "rating"
            rows.append({
                "criterion": k["id"], "competency": c["id"], "domain": c["domain"],
                "comp_order": ci, "crit_order": len(rows),
                "cw": float(k.get("weight", 1.0)), "comp_weight": float(c.get("weight", 1.0)),
                "measure": m["type"], "lo": float(m.get("min", lo)) if rating else lo,
                "hi": float(m.get("max", hi)) if rating else hi,
                "target": float(m.get("target", 1.0)), "kinds": k.get("kinds"),
            })
    return pl.LazyFrame(rows, schema={
        "criterion": pl.String, "competency": pl.String, "domain": pl.String,
        "comp_order": pl.Int32, "crit_order": pl.Int32, "cw": pl.Float64,
        "comp_weight": pl.Float64, "measure": pl.String, "lo": pl.Float64, "hi": pl.Float64,
        "target": pl.Float64, "kinds": pl.List(pl.String)})


def _column(schema: pl.Schema, name: str) -> pl.Expr:
    return pl.col(name) if name in schema else pl.lit(None, dtype=pl.String).alias(name)


def _text(schema: pl.Schema, name: str) -> pl.Expr:
    """Trimmed text; empty or missing: null (numbers as their text)."""
    e = _column(schema, name).cast(pl.String).str.strip_chars()
    return pl.when(e != "").then(e).alias(name)


def _day(schema: pl.Schema, name: str) -> pl.Expr:
    dtype = schema.get(name)
    if dtype is not None and dtype.is_temporal():
        return pl.col(name).cast(pl.Date)
    return _text(schema, name).str.to_date("%Y-%m-%d")


def _number(schema: pl.Schema, name: str) -> pl.Expr:
    """The number a field reads as: null for booleans and non-numeric text."""
    dtype = schema.get(name)
    if dtype is not None and dtype.is_numeric():
        return pl.col(name).cast(pl.Float64)
    if dtype == pl.Boolean:
        return pl.lit(None, dtype=pl.Float64)
    return _text(schema, name).cast(pl.Float64, strict=False)


def _yes_no(schema: pl.Schema, name: str) -> pl.Expr:
    """1.0/0.0 for a yes/no (true/false, yes/no, 1/0, any case), else null."""
    dtype = schema.get(name)
    if dtype == pl.Boolean:
        return pl.col(name).cast(pl.Float64)
    if dtype is not None and dtype.is_numeric():
        x = pl.col(name).cast(pl.Float64)
        return pl.when(x.is_in([0.0, 1.0])).then(x)
    return (_text(schema, name).str.to_lowercase()
            .replace_strict({"true": 1.0, "yes": 1.0, "1": 1.0,
                             "false": 0.0, "no": 0.0, "0": 0.0},
                            default=None, return_dtype=pl.Float64))


def score(fw: Dict[str, Any], items: pl.LazyFrame, as_of: dt.date,
          overrides: Optional[Dict[str, Any]] = None) -> Dict[str, pl.LazyFrame]:
    """Scores `items` (read_evidence's LazyFrame) at `as_of`.

    Returns LazyFrames: "counts" (items, used, rejected), "criteria" (worker,
    criterion, score, items, weight), "competencies" (the CSV output's
    columns), "domains" (worker, domain, score), "overall" (worker,
    overall), "rejected" (id, line, worker, criterion, reason)."""
    policy = effective_policy(fw, overrides)
    kind_weights = policy["kind_weights"]
    half_life, max_age = policy["half_life_days"], policy["max_age_days"]
    crit = criteria(fw)
    schema = items.collect_schema()

    df = items.select(
        "line", *[_text(schema, c) for c in TEXT],
        _day(schema, "date").alias("day"), _day(schema, "expires").alias("exp_day"),
        _number(schema, "value").alias("val"), _yes_no(schema, "value").alias("yes"),
        _number(schema, "numerator").alias("num"), _number(schema, "denominator").alias("den"),
    ).join(crit.select("criterion", "crit_order", "measure", "lo", "hi", "target", "kinds"),
           on="criterion", how="left").with_columns(
        kw=pl.col("kind").replace_strict(kind_weights, default=None, return_dtype=pl.Float64),
        age=(pl.lit(as_of) - pl.col("day")).dt.total_days().cast(pl.Float64),
    )

    # Values: a (value or numerator) and b (denominator); then the checks.
    m = pl.col("measure")
    a = (pl.when(m == "binary").then("yes").when(m == "rate").then("num")
         .otherwise("val").alias("a"))
    b = pl.when(m == "rate").then("den").otherwise(0.0).alias("b")
    decay = 1.0 if half_life is None else 0.5 ** (pl.col("age") / half_life)
    df = df.with_columns(a, b, w=pl.col("kw") * decay)
    a_, b_ = pl.col("a"), pl.col("b")
    valid = (pl.when(m == "rating").then(a_.is_finite() & a_.is_between(pl.col("lo"), pl.col("hi")))
             .when(m == "binary").then(a_.is_not_null())
             .when(m == "rate").then(a_.is_finite() & b_.is_finite() & (b_ > 0) & (a_ >= 0))
             .when(m == "count").then(a_.is_finite() & (a_ >= 0) & (a_ % 1 == 0))
             .otherwise(False).fill_null(False))
    expired = (pl.col("exp_day") < pl.lit(as_of)).fill_null(False)
    if max_age is not None:
        expired = expired | (pl.col("age") > max_age)
    if half_life is not None:
        # Weights below 2^-47 of the heaviest kind weight are too small for
        # the engine's fixed-point sums: such items are expired.
        expired = expired | (pl.col("w") < max(kind_weights.values()) * 2.0 ** -47)
    not_accepted = pl.col("kinds").is_not_null() & ~pl.col("kinds").list.contains(pl.col("kind"))
    reason = (pl.when(pl.col("crit_order").is_null()).then(pl.lit("unknown_criterion"))
              .when(pl.col("kw").is_null()).then(pl.lit("unknown_kind"))
              .when(not_accepted.fill_null(False)).then(pl.lit("kind_not_accepted"))
              .when(~valid).then(pl.lit("invalid_value"))
              .when(pl.col("day") > pl.lit(as_of)).then(pl.lit("future"))
              .when(expired).then(pl.lit("expired")))
    df = df.with_columns(reason=reason)

    # Items sharing an id, among those that passed: copies identical in
    # every field (the same hash of them) count once, the first line used
    # and the others duplicates; items sharing an id but differing are all
    # conflicting.
    passed = pl.col("reason").is_null()
    same = pl.struct("worker", "criterion", "kind", "day", "assessor", "a", "b", "exp_day",
                     "note").hash()
    df = df.with_columns(h=pl.when(passed).then(same), first=pl.when(passed).then("line"))
    df = df.with_columns(
        reason=pl.when(pl.col("id").is_null() | ~passed).then("reason")
        .when(pl.col("h").min().over("id") != pl.col("h").max().over("id"))
        .then(pl.lit("conflicting_id"))
        .when(pl.col("line") != pl.col("first").min().over("id")).then(pl.lit("duplicate")))

    used = df.filter(pl.col("reason").is_null()).with_columns(v=(
        pl.when(m == "rating").then((a_ - pl.col("lo")) / (pl.col("hi") - pl.col("lo")))
        .when(m == "binary").then(a_)
        .when(m == "rate").then(pl.min_horizontal(1.0, a_ / b_ / pl.col("target")))
        .otherwise(pl.min_horizontal(1.0, a_ / pl.col("target")))))
    per_crit = used.group_by("worker", "crit_order").agg(
        score=(pl.col("w") * pl.col("v")).sum() / pl.col("w").sum(),
        items=pl.len(), weight=pl.col("w").sum())

    # Competency sums over the criteria with a score; then every worker
    # (even one whose items were all rejected) × every competency.
    sums = (per_crit.join(crit.select("crit_order", "comp_order", "cw"), on="crit_order")
            .group_by("worker", "comp_order")
            .agg(cw_score=(pl.col("cw") * pl.col("score")).sum(),
                 assessed_cw=pl.col("cw").sum(), items=pl.col("items").sum()))
    workers = df.select(pl.col("worker").drop_nulls().unique()).sort("worker")
    comps = (crit.group_by("comp_order", "competency", "domain", "comp_weight")
             .agg(all_cw=pl.col("cw").sum()).sort("comp_order"))
    comp = (workers.join(comps, how="cross", maintain_order="left_right")
            .join(sums, on=["worker", "comp_order"], how="left", maintain_order="left")
            .with_columns(score=pl.col("cw_score") / pl.col("assessed_cw"),
                          coverage=pl.col("assessed_cw").fill_null(0.0) / pl.col("all_cw"),
                          items=pl.col("items").fill_null(0)))
    assessed = (pl.col("score").is_not_null() & (pl.col("items") >= policy["min_items"])
                & (pl.col("coverage") >= policy["min_coverage"] - 1e-9))
    level: Any = pl.lit(None, dtype=pl.String)
    for lv in fw["levels"]:
        level = pl.when(pl.col("score") + LEVEL_EPSILON >= lv["threshold"]).then(
            pl.lit(lv["id"])).otherwise(level)
    comp = comp.with_columns(
        status=pl.when(assessed).then(pl.lit("assessed")).otherwise(pl.lit("insufficient_evidence")),
        level=pl.when(assessed).then(level))

    # Domain and overall: weighted means over the assessed competencies.
    ok = comp.filter(pl.col("status") == "assessed").with_columns(
        ws=pl.col("comp_weight") * pl.col("score"))
    dom = ok.group_by("worker", "domain").agg(
        score=pl.col("ws").sum() / pl.col("comp_weight").sum())
    domain_ids = pl.LazyFrame({"domain": [d["id"] for d in fw["domains"]]})
    domains = (workers.join(domain_ids, how="cross")
               .join(dom, on=["worker", "domain"], how="left", maintain_order="left"))
    overall = workers.join(
        ok.group_by("worker").agg(overall=pl.col("ws").sum() / pl.col("comp_weight").sum()),
        on="worker", how="left", maintain_order="left")

    counts = df.select(items=pl.len(), used=pl.col("reason").is_null().sum(),
                       rejected=pl.col("reason").is_not_null().sum())
    return {
        "counts": counts,
        "criteria": workers.join(crit, how="cross", maintain_order="left_right")
        .join(per_crit, on=["worker", "crit_order"], how="left", maintain_order="left")
        .select("worker", "criterion", "score", pl.col("items").fill_null(0),
                pl.col("weight").fill_null(0.0)),
        "competencies": comp.select(OUTPUT),
        "domains": domains,
        "overall": overall,
        "rejected": df.filter(pl.col("reason").is_not_null()).select(
            "id", "line", "worker", "criterion", "reason"),
    }


def main(argv: List[str]) -> int:
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
    comp = score(fw, read_evidence(args.evidence), args.as_of, args.policy)["competencies"]
    table = comp.collect()
    scored = time.perf_counter() - t
    if args.out is not None:
        table.write_csv(args.out)
    total = time.perf_counter() - t
    print(json.dumps({"seconds": round(total, 3), "score_seconds": round(scored, 3),
                      "rows": table.height,
                      "workers": table.height // max(1, len(fw["competencies"]))}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
