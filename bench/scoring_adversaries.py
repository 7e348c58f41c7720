"""Memory adversaries of scoring (issue 16): inputs whose cost once grew with
the input rather than the output. Prints wall time and peak RSS (wait4, the
child's own) of each command; asserts nothing.

- `progress-12-reviews`: 1,000,000 generated items (job-retention, 1,000
  workers, 9 in 10 with ids; then the same without the id column) and a
  plans file giving every worker a baseline and 12 monthly reviews: `progress` and `report` score every worker at 13
  dates. Before: the evidence held in memory and scored once per date (every
  item with an id held, every future item rejected, once per date). Now: one
  streamed pass, one set of sums per plan worker and date. `score` on the
  same file for comparison.
- `ids-2m-shared`: 2,000,000 rows sharing one 1,000-character id, in a
  Parquet file of a few hundred KB (dictionary encoded): all conflicting.
  Before: the id held about four times per item (held text, explanation
  text, each rejection's id and detail). Now: long texts held once, shared
  by the rejections that quote them, details clipped.

    python bench/scoring_adversaries.py --cli target/release/proficient \\
        [--before OLD-BINARY] [--data DIR] [--only NAME]

Needs pyarrow for the Parquet file (the Python test environment has it).
Data goes to --data (default target/bench-data/adversaries; ~75 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Tuple

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-30"


def measured(cmd: List[str], timeout: float) -> Tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of `cmd`, output discarded."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        deadline = t + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                _, status, usage = os.wait4(p.pid, 0)
                return float("inf"), usage.ru_maxrss / 1024.0, -9
            time.sleep(0.01)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            print(f"  {' '.join(cmd[:2])}: exit {code}: {err.read().decode(errors='replace')[-300:]}",
                  file=sys.stderr)
        return time.perf_counter() - t, usage.ru_maxrss / 1024.0, code


def plans_file(cli: str, path: Path, workers: int, reviews: int) -> None:
    """Every generated worker (w000001...) with a baseline a year before
    as_of, `reviews` monthly reviews up to as_of, and two targets."""
    fw = json.loads(subprocess.run([cli, "show", "job-retention", "--format", "json"],
                                   check=True, capture_output=True, text=True).stdout)
    comps = [c["id"] for c in fw["competencies"]]
    months = [f"2025-{m:02d}-28" for m in range(7, 13)] + [f"2026-{m:02d}-28" for m in range(1, 7)]
    lines = ["framework: job-retention", "plans:"]
    names = generated_workers(cli, workers)
    for i, w in enumerate(names):
        lines.append(f"  - worker: {w}")
        lines.append("    baseline: 2025-06-30")
        lines.append(f"    reviews: [{', '.join(months[:reviews])}]")
        lines.append("    targets:")
        for k in (comps[i % len(comps)], comps[(i + 7) % len(comps)]):
            lines.append(f"      - {{competency: {k}, level: competent, due: 2026-12-31}}")
    path.write_text("\n".join(lines) + "\n")


def generated_workers(cli: str, workers: int) -> List[str]:
    """The worker ids `proficient generate` uses, read from a small file."""
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "w.csv"
        subprocess.run([cli, "generate", "--items", str(workers * 20), "--workers", str(workers),
                        "--out", str(f)], check=True, capture_output=True)
        import csv
        with f.open() as fh:
            names = sorted({row["worker"] for row in csv.DictReader(fh)})
    return names[:workers]


def without_ids(src: Path, dst: Path) -> None:
    import csv
    with src.open(newline="") as i, dst.open("w", newline="") as o:
        r = csv.reader(i)
        w = csv.writer(o, lineterminator="\n")
        for row in r:
            w.writerow(row[1:])


def shared_id_parquet(path: Path, rows: int, id_len: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    ident = "x" * (id_len - 6) + "-id-01"
    criteria = ["k2.legislation-in-practice"]
    table = pa.table({
        "id": pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([ident])),
        "worker": pa.DictionaryArray.from_arrays(
            pa.array([i % 1000 for i in range(rows)], pa.int32()),
            pa.array([f"w{i:04d}" for i in range(1000)])),
        "criterion": pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()),
                                                    pa.array(criteria)),
        "kind": pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()),
                                               pa.array(["observation"])),
        "date": pa.array(["2026-01-15"] * rows),
        "value": pa.array([float(1 + i % 5) for i in range(rows)]),
    })
    pq.write_table(table, path, compression="snappy")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cli", required=True, help="the proficient binary to measure")
    p.add_argument("--before", help="an older binary to measure too")
    p.add_argument("--data", type=Path, default=REPO / "target" / "bench-data" / "adversaries")
    p.add_argument("--only", help="one adversary")
    p.add_argument("--timeout", type=float, default=900)
    a = p.parse_args()
    a.data.mkdir(parents=True, exist_ok=True)
    bins = [("now", a.cli)] + ([("before", a.before)] if a.before else [])

    evidence = a.data / "items-1000000-1000.csv"
    no_ids = a.data / "items-1000000-1000-no-ids.csv"
    plans = a.data / "plans-1000-12.yaml"
    parquet = a.data / "ids-2000000-shared-1000.parquet"
    runs = []
    if a.only in (None, "progress-12-reviews"):
        if not evidence.exists():
            subprocess.run([a.cli, "generate", "--items", "1000000", "--workers", "1000",
                            "--out", str(evidence)], check=True, capture_output=True)
        if not no_ids.exists():
            without_ids(evidence, no_ids)
        if not plans.exists():
            plans_file(a.cli, plans, 1000, 12)
        for name, path in (("progress-12-reviews", evidence), ("  same, no ids", no_ids)):
            common = ["--framework", "job-retention", "--evidence", str(path), "--as-of", AS_OF]
            runs += [
                (name, "score --format csv", ["score", *common, "--format", "csv"]),
                (name, "progress --format csv",
                 ["progress", *common, "--plans", str(plans), "--format", "csv"]),
                (name, "report", ["report", *common, "--plans", str(plans)]),
            ]
    if a.only in (None, "ids-2m-shared"):
        if not parquet.exists():
            shared_id_parquet(parquet, 2_000_000, 1000)
        runs.append(("ids-2m-shared", "score --format csv",
                     ["score", "--framework", "job-retention", "--evidence", str(parquet),
                      "--as-of", AS_OF, "--format", "csv"]))
    print(f"{'adversary':<22} {'command':<24} " + " ".join(f"{n:>24}" for n, _ in bins))
    for adversary, what, args in runs:
        cells = []
        for _, binary in bins:
            wall, rss, code = measured([binary, *args], a.timeout)
            cells.append(f"{wall:7.2f} s {rss:8.0f} MiB" + ("" if code in (0, 1) else f" (exit {code})"))
        print(f"{adversary:<22} {what:<24} " + " ".join(f"{c:>24}" for c in cells), flush=True)
    sizes = {f.name: f.stat().st_size for f in (evidence, no_ids, plans, parquet) if f.exists()}
    print("inputs: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
