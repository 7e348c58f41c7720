"""``report(out=...)`` writes as the CLI's ``--out`` does (cli/tests/output.rs):
through symbolic links to the file they point to, directly into FIFOs and
character devices (never replacing them: as root, replacing /dev/null with a
file broke the machine), keeping the permissions of the file replaced, and
refusing a directory; no temporary file is left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path
from typing import List

import pytest

import proficient

from conftest import DEMO_CSV

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and links of POSIX")


def report(out: Path) -> str:
    return proficient.report("job-retention", DEMO_CSV, as_of="2026-06-30", out=out)


def hidden(directory: Path) -> List[str]:
    return [p.name for p in directory.iterdir() if p.name.startswith(".")]


def test_report_out_follows_symbolic_links_and_keeps_permissions(tmp_path: Path) -> None:
    real, links = tmp_path / "real", tmp_path / "links"
    real.mkdir()
    links.mkdir()
    target = real / "report.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    # links/report.html -> report.1 -> ../real/report.html
    (links / "report.1").symlink_to(Path("..") / "real" / "report.html")
    (links / "report.html").symlink_to("report.1")
    html = report(links / "report.html")
    assert (links / "report.html").is_symlink() and (links / "report.1").is_symlink()
    assert target.read_text(encoding="utf-8") == html
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    # A link to nothing: the file it names is made.
    (links / "new.html").symlink_to(Path("..") / "real" / "new.html")
    report(links / "new.html")
    assert (real / "new.html").read_text(encoding="utf-8") == html
    assert hidden(real) == [] and hidden(links) == []


def test_report_out_writes_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: List[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    html = report(fifo)
    reader.join(timeout=60)
    assert got == [html], "nothing was written into the FIFO"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert hidden(tmp_path) == []


def test_report_out_writes_into_a_character_device(tmp_path: Path) -> None:
    # As root, a node of /dev/null's device made here, so that a regression
    # replaces this node and not /dev/null; else /dev/null itself.
    node = tmp_path / "null"
    made = subprocess.run(["mknod", str(node), "c", "1", "3"], capture_output=True).returncode == 0
    device = node if made else Path("/dev/null")
    report(device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert hidden(tmp_path) == []
    if made:
        report(Path("/dev/null"))
        assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_report_out_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="it is a directory, expected a file"):
        report(tmp_path)
    assert list(tmp_path.iterdir()) == []
