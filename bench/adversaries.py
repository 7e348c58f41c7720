#!/usr/bin/env python3
"""Memory adversaries of the input readers: peak RSS, wall time, exit code
and bytes of diagnostics of `proficient` on inputs built to make a reader
hold more than it should (endless streams, a huge quoted field, floods of
problems) and on the largest documents the limits are sized for (a CASE
package of 100,000 items). Prints a table (the README's "Memory
adversaries"), asserts nothing.

    python3 bench/adversaries.py --cli target/release/proficient
    python3 bench/adversaries.py --cli OLD-BINARY --limit-mb 4096 --timeout 30

Every run is a direct child reaped with os.wait4 (its own peak RSS); with
--limit-mb its address space is capped (RLIMIT_AS), so a reader without
bounds is stopped (reported as killed) instead of filling the machine.
Streams are written by a thread of this script through a pipe, as a shell
pipeline would, until the command stops reading.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Tuple

Feed = Optional[Callable[[], Iterator[bytes]]]


def run(
    cmd: List[str], feed: Feed, timeout: float, limit_mb: Optional[int]
) -> Tuple[float, float, Optional[int], int, str]:
    """(wall s, peak RSS MiB, exit code or None when killed, stderr bytes, stderr tail)."""

    def cap() -> None:
        if limit_mb:
            lim = limit_mb << 20
            resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=cap,
        )
        writer = None
        if feed:
            stdin = p.stdin
            assert stdin is not None

            def write() -> None:
                try:
                    for block in feed():
                        stdin.write(block)
                except (BrokenPipeError, OSError):
                    pass
                finally:
                    try:
                        stdin.close()
                    except OSError:
                        pass

            writer = threading.Thread(target=write, daemon=True)
            writer.start()
        deadline = t + timeout
        killed = False
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                killed = True
                _, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - t
        if writer:
            writer.join(timeout=5)
        code = None if killed or os.WIFSIGNALED(status) else os.waitstatus_to_exitcode(status)
        size = err.tell()
        err.seek(max(0, size - 300))
        tail = err.read().decode(errors="replace").strip().splitlines()
        return wall, usage.ru_maxrss / 1024.0, code, size, tail[-1] if tail else ""


def endless(head: bytes, unit: bytes) -> Callable[[], Iterator[bytes]]:
    def gen() -> Iterator[bytes]:
        yield head
        block = unit * max(1, (1 << 16) // len(unit))
        while True:
            yield block

    return gen


def quoted_field(mb: int) -> Callable[[], Iterator[bytes]]:
    def gen() -> Iterator[bytes]:
        yield b'worker,criterion,kind,date,note\nw1,k1,observation,2024-01-01,"'
        block = b"short line\n" * 4096
        for _ in range((mb << 20) // len(block)):
            yield block
        yield b'"\n'

    return gen


def case_package(n: int, path: Path) -> None:
    """A CASE 1.1 package of n items under n/100 domains, statements of
    about 300 characters (as cli/tests/input.rs makes at 5,000 items)."""
    when = "2024-05-01T12:00:00+00:00"
    ns = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")

    def uid(s: str) -> str:
        return str(uuid.uuid5(ns, s))

    def link(title: str, ident: str) -> dict:
        return {"title": title, "identifier": ident, "uri": f"https://case.example.org/uri/{ident}"}

    doc_id = uid("doc")
    words = "the worker plans, carries out and reviews safe, effective practice; "
    items, assocs = [], []
    domains = max(1, n // 100)
    for i in range(1, n + 1):
        ident = uid(f"item-{i}")
        parent = doc_id if i <= domains else uid(f"item-{1 + i % domains}")
        items.append({
            "identifier": ident, "uri": f"https://case.example.org/uri/{ident}",
            "fullStatement": f"Item {i}: " + words * 4, "humanCodingScheme": f"S.{i}",
            "CFItemType": "Domain" if i <= domains else "Standard", "lastChangeDateTime": when,
        })
        aid = uid(f"assoc-{i}")
        assocs.append({
            "identifier": aid, "uri": f"https://case.example.org/uri/{aid}",
            "associationType": "isChildOf", "sequenceNumber": i,
            "originNodeURI": link("item", ident), "destinationNodeURI": link("parent", parent),
            "lastChangeDateTime": when,
        })
    doc = {"identifier": doc_id, "uri": f"https://case.example.org/uri/{doc_id}", "creator": "Bench",
           "title": "Big Standards", "lastChangeDateTime": when, "caseVersion": "1.1",
           "version": "1.0", "language": "en"}
    path.write_text(json.dumps({"CFDocument": doc, "CFItems": items, "CFAssociations": assocs}))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--limit-mb", type=int, default=None, help="cap each run's address space")
    ap.add_argument("--case-items", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=None, help="also write the rows as JSON")
    ap.add_argument("--stdin-name", default="-", help="how the CLI names standard input (`/dev/stdin` for builds without `-`)")
    a = ap.parse_args()
    cli = a.cli
    work = Path(tempfile.mkdtemp(prefix="proficient-adversaries-"))
    score = [cli, "score", "--framework", "job-retention", "--as-of", "2026-06-30", "--format", "csv"]
    stdin = a.stdin_name
    json_stdin = work / "stdin.json"
    json_stdin.symlink_to(stdin if stdin != "-" else "/dev/stdin")
    field = work / "quoted-field.csv"
    with open(field, "wb") as f:
        for block in quoted_field(300)():
            f.write(block)
    cases: List[Tuple[str, List[str], Feed]] = [
        ("`validate /dev/zero`", [cli, "validate", "/dev/zero"], None),
        ("`score --evidence /dev/zero`", score + ["--evidence", "/dev/zero"], None),
        ("`validate -`, endless YAML comments", [cli, "validate", stdin], endless(b"id: x\n", b"# a comment line\n")),
        ("`score --evidence -`, endless JSON array", score + ["--evidence", stdin, "--evidence-format", "json"]
         if stdin == "-" else score + ["--evidence", str(json_stdin)], endless(b"[", b'{"worker": "w"}, ')),
        ("`equality --people -`, endless CSV", [cli, "equality", "--people", stdin, "--group", "g", "--outcome", "o"],
         endless(b"g,o\n", b"a,yes\n")),
        ("`score`, a 300 MB quoted field of short lines (a file)", score + ["--evidence", str(field)], None),
    ]
    header = work / "empty-names.csv"
    header.write_bytes(b"," * 500_000 + b"\n")
    cases.append(("`score`, a 500 KB header of empty column names", score + ["--evidence", str(header)], None))
    wide = work / "wide.csv"
    wide.write_text("worker,criterion,kind,date," + ",".join(f"x{i}" for i in range(102)) + "\n")
    cases.append(("`score`, a header with 102 unknown columns", score + ["--evidence", str(wide)], None))
    if a.case_items:
        package = work / "package.json"
        case_package(a.case_items, package)
        fw = work / "framework.yaml"
        mb = package.stat().st_size / 1e6
        cases.append((f"`import-case`, {a.case_items:,} items ({mb:.0f} MB)",
                      [cli, "import-case", str(package), "--out", str(fw)], None))
        cases.append((f"`validate` of that framework", [cli, "validate", str(fw)], None))
        cases.append((f"`export-case` of that framework", [cli, "export-case", str(fw), "--out", str(work / "out.json")], None))
    rows = []
    print("| input | exit | peak RSS | wall | diagnostics | last line |")
    print("|---|---|---|---|---|---|")
    for name, cmd, feed in cases:
        try:
            wall, rss, code, err_bytes, last = run(cmd, feed, a.timeout, a.limit_mb)
        except OSError as e:
            print(f"| {name} | – | – | – | – | {e} |")
            continue
        if name.startswith("`validate` of") and fw.exists():
            name = f"`validate` of that framework ({fw.stat().st_size / 1e6:.0f} MB)"
        shown = "killed" if code is None else str(code)
        last = last.replace("|", "\\|")[:140]
        print(f"| {name} | {shown} | {rss:.0f} MiB | {wall:.2f} s | {err_bytes:,} B | {last} |", flush=True)
        rows.append({"input": name, "exit": code, "peak_rss_mib": rss, "wall_s": wall,
                     "stderr_bytes": err_bytes, "last": last})
    if a.out:
        a.out.write_text(json.dumps(rows, indent=2) + "\n")
    for p in sorted(work.iterdir()):
        p.unlink()
    work.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
