"""The malformed-input corpus (tests/invalid/: frameworks and profiles at
the top, evidence/, plans/, cpd/, case/, analysis/ and policy/ below) raises, through
the Python package, exactly the errors each .expected.json lists (line,
column, path, code, message), as core/tests/invalid.rs checks for Rust and
wasm/tests/invalid.test.mjs for JS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import proficient

from conftest import INVALID, REPO

FOLDERS = ["", "evidence", "plans", "cpd", "case", "analysis", "policy"]


def _cases() -> List[Tuple[Path, Dict[str, Any]]]:
    out = []
    for folder in FOLDERS:
        for p in sorted((INVALID / folder).iterdir()):
            if not p.is_file() or p.name.endswith(".expected.json"):
                continue
            stem = p.name.split(".")[0]
            expected = json.loads((p.parent / f"{stem}.expected.json").read_text(encoding="utf-8"))
            out.append((p, expected))
    return out


CASES = _cases()
AS_OF = "2024-06-30"


def _loader(path: Path, expected: Dict[str, Any]) -> Optional[Callable[[], Any]]:
    """The call that reads `path` as its kind, or None when the Python
    package cannot read that kind yet."""
    kind = expected.get("kind", "framework")
    if kind == "framework":
        return lambda: proficient.load_framework(path)
    if kind == "profile":
        return lambda: proficient.load_profile(path)
    if kind == "evidence":
        return lambda: proficient.score("job-retention", path, as_of=AS_OF)
    if kind == "people":
        return lambda: proficient.equality(path, **expected["options"])
    if kind == "ratings":
        return lambda: proficient.delphi(path)
    if kind == "items":
        return lambda: proficient.delphi(REPO / "examples" / "delphi-ratings.csv", items=path)
    framework = expected.get("framework", "job-retention")
    if kind == "plans":
        return lambda: proficient.load_plans(str(path), framework=framework)
    if kind == "cpd":
        return lambda: proficient.load_cpd(str(path), framework=framework)
    if kind == "case":
        return lambda: proficient.import_case(str(path), lenient=expected.get("mode") == "lenient")
    if kind == "policy":
        # The policy is checked against the framework before any evidence is read.
        evidence = REPO / "examples" / "job-retention-evidence.csv"
        return lambda: proficient.score(framework, evidence, as_of=AS_OF, policy=str(path))
    return None


def test_corpus_covers_every_format() -> None:
    kinds = [e.get("kind", "framework") for _, e in CASES]
    assert len(CASES) >= 60
    for kind in ["framework", "profile", "evidence", "plans", "cpd", "case", "people", "ratings", "items"]:
        assert kind in kinds, kind


@pytest.mark.parametrize(
    "path,expected", CASES, ids=[str(p.relative_to(INVALID)) for p, _ in CASES]
)
def test_invalid_file(path: Path, expected: Dict[str, Any]) -> None:
    load = _loader(path, expected)
    if load is None:
        pytest.skip(f"the Python package has no reader for {expected['kind']} yet")
    with pytest.raises(proficient.ProficientError) as info:
        load()
    e = info.value
    assert isinstance(e, ValueError)
    assert [{k: v for k, v in x.items() if k != "file"} for x in e.errors] == expected["errors"]
    first = expected["errors"][0]
    assert (e.line, e.column, e.path, e.code, e.message) == (
        first["line"],
        first["column"],
        first["path"],
        first["code"],
        first["message"],
    )
    if expected.get("kind") in (None, "framework", "profile", "evidence", "policy"):
        assert all(x["file"] == str(path) for x in e.errors)
        assert str(path) in str(e) and first["message"] in str(e)
        assert len(str(e).splitlines()) == len(expected["errors"])


def _to_lf(data: bytes) -> bytes:
    data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _bom_every_line(data: bytes) -> bytes:
    return b"".join(b"\xef\xbb\xbf" + line for line in data.splitlines(keepends=True))


# Line endings and byte-order marks: each must give the errors of the LF
# file, at the same lines and columns (core/tests/line_endings.rs checks
# every corpus in Rust, including the mixed endings left out here).
VARIANTS = {
    "CRLF": lambda lf: lf.replace(b"\n", b"\r\n"),
    "CR": lambda lf: lf.replace(b"\n", b"\r"),
    "BOM": lambda lf: b"\xef\xbb\xbf" + lf,
    "BOM on every line, CRLF": lambda lf: _bom_every_line(lf.replace(b"\n", b"\r\n")),
}

VARIANT_CASES = [
    (p, e, v)
    for p, e in CASES
    for v in VARIANTS
    if b"\0" not in p.read_bytes() and not p.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
]


@pytest.mark.parametrize(
    "path,expected,variant",
    VARIANT_CASES,
    ids=[f"{p.relative_to(INVALID)}-{v}" for p, _, v in VARIANT_CASES],
)
def test_invalid_file_with_other_line_endings(
    path: Path, expected: Dict[str, Any], variant: str, tmp_path: Path
) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(VARIANTS[variant](_to_lf(path.read_bytes())))
    load = _loader(copy, expected)
    if load is None:
        pytest.skip(f"the Python package has no reader for {expected['kind']} yet")
    with pytest.raises(proficient.ProficientError) as info:
        load()
    assert [{k: v for k, v in x.items() if k != "file"} for x in info.value.errors] == expected["errors"]


TEXT_CASES = [
    (p, e)
    for p, e in CASES
    if e.get("kind", "framework") in ("framework", "profile") and p.suffix == ".yaml"
]


def _utf8(p: Path) -> Optional[str]:
    try:
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


@pytest.mark.parametrize(
    "path,expected", TEXT_CASES, ids=[str(p.relative_to(INVALID)) for p, _ in TEXT_CASES]
)
def test_invalid_text(path: Path, expected: Dict[str, Any]) -> None:
    """The same errors from text (no file), for files that are UTF-8 and
    within the size limit."""
    text = _utf8(path)
    if text is None or expected["errors"][0]["code"] == "too_large":
        pytest.skip("not UTF-8 text")
    kind = expected.get("kind", "framework")
    error_class = proficient.ProfileError if kind == "profile" else proficient.FrameworkError
    with pytest.raises(error_class) as info:
        if kind == "profile":
            proficient.Profile.from_yaml(text)
        else:
            proficient.Framework.from_yaml(text)
    assert [{k: v for k, v in x.items() if k != "file"} for x in info.value.errors] == expected["errors"]
    assert info.value.file is None


def test_a_100_mb_single_line_is_refused(tmp_path: Path) -> None:
    """Generated, not committed: the same errors as core/tests/invalid.rs."""
    line = "x" * (100 * 1024 * 1024)
    p = tmp_path / "evidence.csv"
    p.write_text(line)
    with pytest.raises(proficient.EvidenceError) as info:
        proficient.score("job-retention", p, as_of=AS_OF)
    assert (info.value.line, info.value.column, info.value.code) == (1, None, "line_too_long")
    # A document over the limit (256 MiB; sparse, nothing written) is
    # refused before it is read.
    over = 256 * 1024 * 1024 + 1
    f = tmp_path / "framework.yaml"
    with open(f, "wb") as out:
        out.truncate(over)
    with pytest.raises(proficient.FrameworkError) as finfo:
        proficient.load_framework(f)
    assert finfo.value.code == "too_large"
    assert finfo.value.message == f"input is {over} bytes, expected at most 268435456 bytes"
