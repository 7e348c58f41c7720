"""Scoring 1,000,000 items: the Rust CLI on a CSV file against Python on a
pyarrow Table of the same data, in one run. Prints figures; asserts nothing.

    bash scripts/test-python.sh            # builds and installs the wheel
    target/python-test-venv/bin/python python/bench/bench_arrow.py [ITEMS] [WORKERS]

The CLI is target/release/proficient (built here with cargo if missing or
older than the sources). Each measurement is the best of --repeat runs
(default 3), CLI and Python runs interleaved. Timed:

- cli table:   `proficient score --format table` (its default output: no
               used-item lists kept), output to /dev/null;
- cli json:    `proficient score --format json --no-evidence`;
- py arrow:    `proficient.score(fw, table, explain=False)` on the
               pyarrow Table (the headline: within 1.5x of cli table?);
- py arrow+json: the same, then `result.to_json()` (the CLI json's bytes);
- py csv path: `proficient.score(fw, "items.csv", explain=False)`.

Generating the data and building the Table are not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

import proficient

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 6, 30)


def generate(n: int, workers: int, seed: int = 42) -> Any:
    """``n`` items for job-retention, like core/benches/scoring.rs: every
    measure, ids on every item, ~0.5% bad values, ~0.3% unknown criteria,
    ~1% dated after as_of, dates over ~5 years."""
    fw = proficient.load_framework("job-retention")
    rng = np.random.default_rng(seed)
    crit = fw.criteria
    ci = rng.integers(0, len(crit), size=n)
    kinds_all = [k.id for k in fw.evidence_kinds]
    kind = np.empty(n, dtype=object)
    value = np.empty(n, dtype=object)
    num = np.empty(n, dtype=object)
    den = np.empty(n, dtype=object)
    ratings = rng.integers(1, 6, size=n)
    counts = rng.integers(0, 6, size=n)
    denominators = rng.integers(1, 13, size=n)
    numerators = (rng.random(n) * (denominators + 1)).astype(int)
    binaries = np.array(["yes", "no", "true", "1"], dtype=object)[rng.integers(0, 4, size=n)]
    pick = rng.random(n)
    for j, c in enumerate(crit):
        rows = ci == j
        ks = list(c.kinds) if c.kinds else kinds_all
        kind[rows] = np.array(ks, dtype=object)[(pick[rows] * len(ks)).astype(int)]
        m = c.measure.type
        if m == "rating":
            value[rows] = ratings[rows].astype(str)
        elif m == "binary":
            value[rows] = binaries[rows]
        elif m == "count":
            value[rows] = counts[rows].astype(str)
        else:
            num[rows] = numerators[rows].astype(str)
            den[rows] = denominators[rows].astype(str)
    value[rng.random(n) < 0.005] = "bad"
    criterion = np.array([c.id for c in crit], dtype=object)[ci]
    criterion[rng.random(n) < 0.0033] = "no-such-criterion"
    days = (AS_OF - dt.date(1970, 1, 1)).days - rng.integers(0, 1900, size=n)
    days = days + np.where(rng.random(n) < 0.01, 40, 0)
    return pa.table(
        {
            "id": pa.array([f"ev{i}" for i in range(n)]),
            "worker": pa.array([f"w{w:06}" for w in rng.integers(0, workers, size=n)]),
            "criterion": pa.array(criterion, pa.string()),
            "kind": pa.array(kind, pa.string()),
            "date": pa.array(days.astype(np.int32), pa.date32()),
            "assessor": pa.array([f"a{a}" for a in rng.integers(0, 40, size=n)]),
            "value": pa.array(value, pa.string()),
            "numerator": pa.array(num, pa.string()),
            "denominator": pa.array(den, pa.string()),
        }
    )


def cli_binary() -> str:
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "--quiet", "-p", "proficient-cli"],
        cwd=REPO,
        check=True,
    )
    return str(REPO / "target" / "release" / "proficient")


def best(label: str, f: Callable[[], Any], times: Dict[str, List[float]]) -> None:
    t = time.perf_counter()
    f()
    times.setdefault(label, []).append(time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("items", nargs="?", type=int, default=1_000_000)
    ap.add_argument("workers", nargs="?", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    cli = cli_binary()
    t = time.perf_counter()
    table = generate(args.items, args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "items.csv")
        pacsv.write_csv(table, csv_path)
        # The table as it comes back from the CSV (all text, dates as date32),
        # so both sides score exactly the same data.
        table = pacsv.read_csv(
            csv_path,
            convert_options=pacsv.ConvertOptions(
                column_types={c: (pa.date32() if c == "date" else pa.string()) for c in table.column_names},
                strings_can_be_null=True,
            ),
        )
        size_mb = os.path.getsize(csv_path) / 1e6
        print(
            f"{args.items:,} items, {args.workers:,} workers: CSV {size_mb:.1f} MB, "
            f"Arrow {table.nbytes / 1e6:.1f} MB (generated in {time.perf_counter() - t:.1f} s)"
        )
        print(f"python {sys.version.split()[0]}, pyarrow {pa.__version__}, proficient {proficient.__version__}, "
              f"{os.cpu_count()} cpus")
        fw = proficient.load_framework("job-retention")
        base = [cli, "score", "--framework", "job-retention", "--evidence", csv_path, "--as-of", AS_OF.isoformat()]

        def run_cli(*extra: str) -> None:
            subprocess.run([*base, *extra], check=True, stdout=subprocess.DEVNULL)

        # Same results on both sides (checked once, untimed).
        out = subprocess.run([*base, "--format", "json", "--no-evidence"], check=True, capture_output=True, text=True)
        py = proficient.score(fw, table, as_of=AS_OF, explain=False)
        by_path = proficient.score(fw, csv_path, as_of=AS_OF, explain=False)
        same_results = out.stdout == by_path.to_json()
        same_scores = py.to_dict()["workers"] == by_path.to_dict()["workers"]
        del py, by_path

        times: Dict[str, List[float]] = {}
        for _ in range(args.repeat):
            best("cli table", lambda: run_cli("--format", "table"), times)
            best("py arrow", lambda: proficient.score(fw, table, as_of=AS_OF, explain=False), times)
            best("cli json", lambda: run_cli("--format", "json", "--no-evidence"), times)
            best(
                "py arrow+json",
                lambda: proficient.score(fw, table, as_of=AS_OF, explain=False).to_json(),
                times,
            )
            best("py csv path", lambda: proficient.score(fw, csv_path, as_of=AS_OF, explain=False), times)

    print()
    for label, ts in times.items():
        print(f"{label:<14} {min(ts):7.3f} s   (runs: {', '.join(f'{x:.3f}' for x in ts)})")
    t_cli, t_py = min(times["cli table"]), min(times["py arrow"])
    print()
    print(f"py arrow / cli table      = {t_py / t_cli:.2f}x  (target: <= 1.5x)")
    print(f"py arrow+json / cli json  = {min(times['py arrow+json']) / min(times['cli json']):.2f}x")
    print(f"py csv path / cli table   = {min(times['py csv path']) / t_cli:.2f}x")
    print(f"CLI json == Python to_json() on the CSV: {same_results}; Arrow scores == CSV scores: {same_scores}")


if __name__ == "__main__":
    main()
