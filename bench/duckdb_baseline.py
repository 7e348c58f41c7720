"""The default scoring policy of docs/scoring.md written as one DuckDB SQL
query, as an analyst who knows SQL would: a peer of the engine in
`bench/run.sh`, next to bench/pandas_baseline.py and bench/polars_baseline.py.

DuckDB reads the evidence file itself (read_csv, read_json, read_parquet)
and one query (common table expressions, joins and group-bys) writes the
worker × competency CSV with COPY; the framework is loaded into four small
tables first. No code is shared with the engine
or with the other baselines. `python/tests/test_peer_baselines.py` checks
it gives the engine's numbers on the shared vectors and on generated
workloads.

    python bench/duckdb_baseline.py FRAMEWORK.json EVIDENCE AS_OF [--policy JSON] [--out CSV]

FRAMEWORK.json is a framework as `proficient show NAME --format json` prints
it; EVIDENCE a .csv, .jsonl, .json or .parquet file. Writes the worker ×
competency table to CSV (`--out`, the columns of `proficient score --format
csv`) and prints the time taken; `score()` returns the tables as DuckDB
relations.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import duckdb

COLUMNS = ["id", "worker", "criterion", "kind", "date", "assessor", "value",
           "numerator", "denominator", "expires", "note"]
VALUES = ["value", "numerator", "denominator"]
OUTPUT = "worker, competency, domain, score, level, status, coverage, items"


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


def load_framework(con: duckdb.DuckDBPyConnection, fw: Dict[str, Any],
                   kind_weights: Dict[str, float]) -> None:
    """The framework as tables crit, comps, kinds and domains."""
    lo, hi = float(fw["rating_scale"]["min"]), float(fw["rating_scale"]["max"])
    crit: List[Any] = []
    for ci, c in enumerate(fw["competencies"]):
        for k in c["criteria"]:
            m = k["measure"]
            rating = m["type"] == "rating"
            crit.append((k["id"], c["id"], c["domain"], ci, len(crit), float(k.get("weight", 1.0)),
                         float(c.get("weight", 1.0)), m["type"],
                         float(m.get("min", lo)) if rating else lo,
                         float(m.get("max", hi)) if rating else hi,
                         float(m.get("target", 1.0)), k.get("kinds")))
    con.execute("""
        CREATE OR REPLACE TEMP TABLE crit (criterion VARCHAR, competency VARCHAR, domain VARCHAR,
            comp_order INTEGER, crit_order INTEGER, cw DOUBLE, comp_weight DOUBLE,
            measure VARCHAR, lo DOUBLE, hi DOUBLE, target DOUBLE, kinds VARCHAR[]);
        CREATE OR REPLACE TEMP TABLE kinds (kind VARCHAR, kw DOUBLE);
        CREATE OR REPLACE TEMP TABLE comps (comp_order INTEGER, competency VARCHAR,
            domain VARCHAR, comp_weight DOUBLE, all_cw DOUBLE);
        CREATE OR REPLACE TEMP TABLE domains (domain VARCHAR, dom_order INTEGER);""")
    con.executemany("INSERT INTO crit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", crit)
    con.executemany("INSERT INTO kinds VALUES (?, ?)", list(kind_weights.items()))
    con.execute("""INSERT INTO comps SELECT comp_order, competency, domain, comp_weight, sum(cw)
        FROM crit GROUP BY ALL""")
    con.executemany("INSERT INTO domains VALUES (?, ?)",
                    [(d["id"], i) for i, d in enumerate(fw["domains"])])


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _ident(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def evidence_sql(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """A SELECT of the evidence file: `line` (the file line for CSV and JSON
    Lines, the position for JSON arrays and Parquet), every field as text
    (`x`) and, for value fields, the type it was given in (`x_type`:
    number, bool or text)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        source = (f"read_csv({_quote(str(path))}, header = true, all_varchar = true, "
                  "delim = ',', quote = '\"', escape = '\"')")
        first = 2
    elif suffix in (".jsonl", ".ndjson", ".json"):
        fmt = "array" if suffix == ".json" else "newline_delimited"
        columns = ", ".join(f"{c}: 'JSON'" for c in COLUMNS)
        source = f"read_json({_quote(str(path))}, format = '{fmt}', columns = {{{columns}}})"
        first = 1
    else:
        source = f"read_parquet({_quote(str(path))})"
        first = 1
    have = {name.strip().lower(): (name, str(dtype)) for name, dtype, *_ in
            con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    fields = []
    for c in COLUMNS:
        if c not in have:
            fields.append(f"NULL::VARCHAR AS {c}")
            if c in VALUES:
                fields.append(f"'text' AS {c}_type")
            continue
        name, dtype = have[c]
        col = _ident(name)
        if dtype == "JSON":
            fields.append(f"{col} ->> '$' AS {c}")
            if c in VALUES:
                fields.append(f"CASE json_type({col}) WHEN 'BOOLEAN' THEN 'bool' "
                              f"WHEN 'VARCHAR' THEN 'text' ELSE 'number' END AS {c}_type")
        else:
            fields.append(f"CAST({col} AS VARCHAR) AS {c}")
            if c in VALUES:
                kind = ("bool" if dtype == "BOOLEAN" else "text" if dtype == "VARCHAR"
                        else "number")
                fields.append(f"'{kind}' AS {c}_type")
    return f"SELECT row_number() OVER () + {first - 1} AS line, {', '.join(fields)} FROM {source}"


def score_sql(raw: str, as_of: dt.date, policy: Dict[str, Any],
              levels: List[Dict[str, Any]]) -> str:
    """The common table expressions of the scoring query (WITH ..., without
    the final SELECT), over `raw` (evidence_sql's SELECT)."""
    # The highest level whose threshold is at most the score + 1e-9.
    level = "CASE " + " ".join(
        f"WHEN score + 1e-9 >= {float(lv['threshold'])!r} THEN {_quote(lv['id'])}"
        for lv in reversed(levels)) + " END"
    today = f"DATE '{as_of.isoformat()}'"
    half_life, max_age = policy["half_life_days"], policy["max_age_days"]
    decay = "1.0" if half_life is None else f"pow(0.5, age / {float(half_life)!r})"
    expired = [f"exp_day < {today}"]
    if max_age is not None:
        expired.append(f"age > {float(max_age)!r}")
    if half_life is not None:
        # Weights below 2^-47 of the heaviest kind weight are too small for
        # the engine's fixed-point sums: such items are expired.
        expired.append(f"w < {max(policy['kind_weights'].values()) * 2.0 ** -47!r}")
    return f"""
WITH raw AS ({raw}),
items AS (
    SELECT line,
        nullif(trim(id), '') AS id, nullif(trim(worker), '') AS worker,
        nullif(trim(criterion), '') AS criterion, nullif(trim(kind), '') AS kind,
        nullif(trim(assessor), '') AS assessor, nullif(trim(note), '') AS note,
        CAST(trim(date) AS DATE) AS day, CAST(nullif(trim(expires), '') AS DATE) AS exp_day,
        number(value, value_type) AS val, yes_no(value, value_type) AS yes,
        number(numerator, numerator_type) AS num, number(denominator, denominator_type) AS den
    FROM raw),
checked AS (
    SELECT i.*, c.crit_order, c.measure, c.lo, c.hi, c.target, c.kinds, k.kw,
        CASE c.measure WHEN 'binary' THEN yes WHEN 'rate' THEN num ELSE val END AS a,
        CASE WHEN c.measure = 'rate' THEN den ELSE 0.0 END AS b,
        CAST({today} - day AS DOUBLE) AS age,
        k.kw * {decay} AS w
    FROM items i LEFT JOIN crit c USING (criterion) LEFT JOIN kinds k USING (kind)),
reasoned AS (
    SELECT * EXCLUDE (kinds), CASE
        WHEN crit_order IS NULL THEN 'unknown_criterion'
        WHEN kw IS NULL THEN 'unknown_kind'
        WHEN kinds IS NOT NULL AND NOT list_contains(kinds, kind) THEN 'kind_not_accepted'
        WHEN NOT coalesce(CASE measure
            WHEN 'rating' THEN isfinite(a) AND a BETWEEN lo AND hi
            WHEN 'binary' THEN a IS NOT NULL
            WHEN 'rate' THEN isfinite(a) AND isfinite(b) AND b > 0 AND a >= 0
            WHEN 'count' THEN isfinite(a) AND a >= 0 AND a = floor(a)
            END, false) THEN 'invalid_value'
        WHEN day > {today} THEN 'future'
        WHEN {' OR '.join(expired)} THEN 'expired'
        END AS reason
    FROM checked),
-- Items sharing an id, among those that passed: copies identical in every
-- field (the same hash of them) count once, the first line used and the
-- others duplicates; items sharing an id but differing are all conflicting.
ids AS (
    SELECT id, min(h) <> max(h) AS conflicting, min(line) AS first_line
    FROM (SELECT id, line, hash(worker, criterion, kind, day, assessor, a, b, exp_day, note) AS h
        FROM reasoned WHERE reason IS NULL AND id IS NOT NULL)
    GROUP BY id),
settled AS (
    SELECT r.* REPLACE (CASE
        WHEN r.reason IS NOT NULL OR r.id IS NULL THEN r.reason
        WHEN g.conflicting THEN 'conflicting_id'
        WHEN r.line > g.first_line THEN 'duplicate'
        END AS reason)
    FROM reasoned r LEFT JOIN ids g USING (id)),
per_crit AS (
    SELECT worker, crit_order, sum(w * CASE measure
            WHEN 'rating' THEN (a - lo) / (hi - lo)
            WHEN 'binary' THEN a
            WHEN 'rate' THEN least(1.0, a / b / target)
            ELSE least(1.0, a / target) END) / sum(w) AS score,
        count(*) AS items, sum(w) AS weight
    FROM settled WHERE reason IS NULL
    GROUP BY worker, crit_order),
-- Competency sums over the criteria with a score; then every worker (even
-- one whose items were all rejected) x every competency.
sums AS (
    SELECT worker, comp_order, sum(cw * score) AS cw_score, sum(cw) AS assessed_cw,
        sum(items) AS items
    FROM per_crit JOIN crit USING (crit_order)
    GROUP BY worker, comp_order),
workers AS (
    SELECT worker, row_number() OVER (ORDER BY worker) AS worker_order
    FROM (SELECT DISTINCT worker FROM items WHERE worker IS NOT NULL)),
comp AS (
    SELECT *, CASE WHEN score IS NOT NULL AND items >= {int(policy['min_items'])}
            AND coverage >= {float(policy['min_coverage']) - 1e-9!r}
            THEN 'assessed' ELSE 'insufficient_evidence' END AS status
    FROM (SELECT worker, worker_order, c.*, s.cw_score / s.assessed_cw AS score,
            coalesce(s.assessed_cw, 0.0) / c.all_cw AS coverage,
            coalesce(s.items, 0) AS items
        FROM workers CROSS JOIN comps c LEFT JOIN sums s USING (worker, comp_order))),
leveled AS (
    SELECT *, CASE WHEN status = 'assessed' THEN {level} END AS level FROM comp),
assessed AS (
    SELECT worker, domain, comp_weight * score AS ws, comp_weight
    FROM comp WHERE status = 'assessed')
"""


TABLES = {
    "competencies": f"SELECT {OUTPUT} FROM leveled ORDER BY worker_order, comp_order",
    "criteria": """SELECT worker, criterion, score, coalesce(items, 0) AS items,
        coalesce(weight, 0.0) AS weight
        FROM workers CROSS JOIN crit LEFT JOIN per_crit USING (worker, crit_order)
        ORDER BY worker, crit_order""",
    "domains": """SELECT worker, domain, sum(ws) / sum(comp_weight) AS score
        FROM workers CROSS JOIN domains LEFT JOIN assessed USING (worker, domain)
        GROUP BY worker, domain, dom_order ORDER BY worker, dom_order""",
    "overall": """SELECT worker, sum(ws) / sum(comp_weight) AS overall
        FROM workers LEFT JOIN assessed USING (worker) GROUP BY worker ORDER BY worker""",
    "counts": """SELECT count(*) AS items, count(*) FILTER (reason IS NULL) AS used,
        count(*) FILTER (reason IS NOT NULL) AS rejected FROM settled""",
    "rejected": """SELECT id, line, worker, criterion, reason FROM settled
        WHERE reason IS NOT NULL ORDER BY line, id""",
}

MACROS = """
-- The number a field reads as: NULL for true/false and non-numeric text
-- (DuckDB's cast also reads `1_000`, which is not a decimal number).
CREATE OR REPLACE TEMP MACRO number(x, t) AS
    CASE WHEN t = 'bool' OR contains(x, '_') THEN NULL ELSE TRY_CAST(trim(x) AS DOUBLE) END;
-- 1.0/0.0 for a yes/no (true/false, yes/no, 1/0 in any case; the numbers 1
-- and 0), else NULL.
CREATE OR REPLACE TEMP MACRO yes_no(x, t) AS
    CASE WHEN t = 'number' THEN CASE TRY_CAST(x AS DOUBLE) WHEN 1 THEN 1.0 WHEN 0 THEN 0.0 END
         ELSE CASE lower(trim(x)) WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN '1' THEN 1.0
             WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 WHEN '0' THEN 0.0 END END;
"""


def prepare(fw: Dict[str, Any], evidence: Path, as_of: dt.date,
            overrides: Optional[Dict[str, Any]] = None,
            con: Optional[duckdb.DuckDBPyConnection] = None) -> Any:
    """(connection, the query's WITH clause) for scoring `evidence` at `as_of`."""
    con = con or duckdb.connect()
    policy = effective_policy(fw, overrides)
    load_framework(con, fw, policy["kind_weights"])
    con.execute(MACROS)
    return con, score_sql(evidence_sql(con, evidence), as_of, policy, fw["levels"])


def score(fw: Dict[str, Any], evidence: Path, as_of: dt.date,
          overrides: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Scores the evidence file at `as_of`: the tables of TABLES as lists of
    row tuples (each table its own query over the same WITH clause)."""
    con, with_ = prepare(fw, evidence, as_of, overrides)
    return {name: con.execute(with_ + sql).fetchall() for name, sql in TABLES.items()}


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
    con, with_ = prepare(fw, args.evidence, args.as_of, args.policy)
    query = with_ + TABLES["competencies"]
    if args.out is not None:
        rows = con.execute(f"COPY ({query}) TO {_quote(str(args.out))} (FORMAT csv, HEADER)"
                           ).fetchone()[0]
    else:
        rows = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    total = time.perf_counter() - t
    print(json.dumps({"seconds": round(total, 3), "rows": rows,
                      "workers": rows // max(1, len(fw["competencies"]))}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
