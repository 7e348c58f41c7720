"""Output adversaries of the CLI (driven by bench/output.sh): workloads whose
output, not input, is what costs, each run through `proficient` with its
wall time, peak RSS and bytes written. Prints figures, asserts nothing.

- `long id`: 60,000 workers with one item each and one more with a
  65,000-character id (every table row used to be padded to it);
- `one item each`: 1,000,000 workers with one item each (every result
  used to be held, then its whole text).

Each command writes to a pipe read here (to count the bytes) and is timed
and measured as a direct child (wait4: its own peak RSS). `--baseline BIN`
runs the same commands with another build, for before/after figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

AS_OF = "2026-06-30"
ROW = "k1.previous-employment,employment-history,2026-01-01"


def write_workload(path: Path, workers: int, long_id: int) -> None:
    """`workers` workers with one item each (values 1-5 in turn), and one
    more with an id of `long_id` characters when it is not 0."""
    with path.open("w") as f:
        f.write("worker,criterion,kind,date,value\n")
        if long_id:
            f.write(f"{'x' * long_id},{ROW},4\n")
        width = len(str(workers - 1))
        for i in range(workers):
            f.write(f"w{i:0{width}d},{ROW},{1 + i % 5}\n")


def measured(cmd: List[str], timeout: float) -> Tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, bytes written to stdout) of `cmd`."""
    started = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    count = [0]

    def drain() -> None:
        assert p.stdout is not None
        while True:
            chunk = p.stdout.read(1 << 20)
            if not chunk:
                break
            count[0] += len(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            p.kill()
            os.wait4(p.pid, 0)
            raise RuntimeError(f"timeout after {timeout:.0f} s")
        time.sleep(0.005)
    wall = time.perf_counter() - started
    reader.join()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"exit {code}")
    return wall, usage.ru_maxrss / 1024.0, count[0]


def fmt_bytes(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--baseline", help="another build of the CLI to compare with")
    p.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--timeout", type=float, default=600)
    a = p.parse_args()
    scale = 10 if a.quick else 1
    a.data.mkdir(parents=True, exist_ok=True)
    workloads = {
        "long id": (60_000 // scale, 65_000),
        "one item each": (1_000_000 // scale, 0),
    }
    commands: List[Tuple[str, str, List[str]]] = []
    for name, (workers, long_id) in workloads.items():
        path = a.data / f"output-{name.replace(' ', '-')}-{workers}.csv"
        write_workload(path, workers, long_id)
        score = ["score", "--framework", "job-retention", "--evidence", str(path), "--as-of", AS_OF]
        for fmt in ("table", "json", "csv"):
            commands.append((name, f"score --format {fmt}", score + ["--format", fmt]))
        screen = ["screen", "--profile", "job-retention-specialist", "--evidence", str(path),
                  "--as-of", AS_OF]
        commands.append((name, "screen --format table", screen))
    builds = [("now", a.cli)] + ([("baseline", a.baseline)] if a.baseline else [])
    rows: List[Dict[str, object]] = []
    print("| workload | command | " + " | ".join(
        f"{b}: time, peak RSS, written" for b, _ in builds) + " |")
    print("|---|---|" + "---:|" * len(builds))
    for name, label, args in commands:
        cells = []
        for build, cli in builds:
            try:
                wall, rss, written = measured([cli] + args, a.timeout)
                cells.append(f"{wall:.2f} s, {rss:,.0f} MiB, {fmt_bytes(written)}")
                rows.append({"workload": name, "command": label, "build": build,
                             "seconds": wall, "rss_mib": rss, "bytes": written})
            except RuntimeError as e:
                cells.append(str(e))
        print(f"| {name} ({workloads[name][0]:,} workers) | `{label}` | " + " | ".join(cells) + " |",
              flush=True)
    for f in a.data.glob("output-*.csv"):
        f.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
