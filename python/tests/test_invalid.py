"""Every malformed framework/profile in tests/invalid/ raises the errors its
.expected.json lists (line, column, path, code, message), as in
core/tests/invalid.rs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import proficient

from conftest import INVALID

CASES = sorted(INVALID.glob("*.yaml"))


def _utf8(p: Path) -> bool:
    try:
        p.read_bytes().decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


TEXT_CASES = [p for p in CASES if _utf8(p)]


def expected_of(path: Path) -> Dict[str, Any]:
    e: Dict[str, Any] = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return e


def without_file(errors: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "file"} for e in errors]


def test_corpus_is_there() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_file(path: Path) -> None:
    expected = expected_of(path)
    kind = expected.get("kind", "framework")
    error_class = proficient.ProfileError if kind == "profile" else proficient.FrameworkError
    load = proficient.load_profile if kind == "profile" else proficient.load_framework
    if not expected["errors"]:
        load(path)
        return
    with pytest.raises(error_class) as info:
        load(path)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, proficient.ProficientError)
    assert without_file(e.errors) == expected["errors"]
    assert all(x["file"] == str(path) for x in e.errors)
    first = expected["errors"][0]
    assert (e.file, e.line, e.column, e.path, e.code, e.message) == (
        str(path),
        first["line"],
        first["column"],
        first["path"],
        first["code"],
        first["message"],
    )
    # The message names the file and each error's location.
    assert str(path) in str(e) and first["message"] in str(e)
    assert len(str(e).splitlines()) == len(expected["errors"])


@pytest.mark.parametrize("path", TEXT_CASES, ids=[p.stem for p in TEXT_CASES])
def test_invalid_text(path: Path) -> None:
    """The same errors from text (no file), for files that are UTF-8."""
    expected = expected_of(path)
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    kind = expected.get("kind", "framework")
    error_class = proficient.ProfileError if kind == "profile" else proficient.FrameworkError
    if not expected["errors"]:
        return
    with pytest.raises(error_class) as info:
        if kind == "profile":
            proficient.Profile.from_yaml(text)
        else:
            proficient.Framework.from_yaml(text)
    assert without_file(info.value.errors) == expected["errors"]
    assert info.value.file is None
