"""The parity corpus (tests/parity, see its README) through the public
Python functions: each call's options become keyword arguments by one rule,
and the result's JSON must be the core's (``NAME.expected.json``), or the
exception the failure's (``NAME.failure.json``: its class by ``kind``, every
diagnostic's code, file, line, column, path and message).

The rule: the operation is the function of the same name (``cpd`` is
``cpd_summary``; ``show`` is ``load_framework``, its JSON the framework's;
``list`` is ``catalogue``; ``validate`` takes its files as arguments;
``screen`` with ``people`` is ``adverse_impact``);
each option is the keyword argument of the same name, a source given as a
string or ``{"path": ...}`` being that path; ``no_evidence: true`` is
``explain=False``. Calls with text or byte sources (which a Python caller
gives as files or dicts instead) are skipped, each saying why.

Comparison: score and screen results, ``export_case``'s package and
``show``'s framework are compared byte for byte with the expected file;
dict results (whose text Python's ``json`` writes) as the same JSON values
with the same keys in the same order: both sides are read with ``json`` and
dumped again, which keeps key order and reads every number to the same
double.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import proficient
from proficient.errors import _CLASSES

from conftest import REPO

PARITY = REPO / "tests" / "parity"
FUNCTIONS = {"cpd": "cpd_summary", "show": "load_framework", "list": "catalogue"}


def cases() -> List[Path]:
    return sorted(
        p for p in PARITY.glob("*.json") if not p.name.endswith((".expected.json", ".failure.json"))
    )


def kwargs(options: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for name, value in options.items():
        if isinstance(value, dict) and "path" in value:
            value = Path(value["path"])
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [Path(v) for v in value]
        elif isinstance(value, (dict, list)):
            pytest.skip(f"`{name}` is given as text or bytes, which Python gives as a file or a dict")
        if name == "no_evidence":
            name, value = "explain", not value
        out[name] = value
    return out


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_parity(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    call = json.loads(case.read_text(encoding="utf-8"))
    operation: str = call["operation"]
    function = getattr(proficient, FUNCTIONS.get(operation, operation))
    options = kwargs(call["options"])
    if operation == "screen" and "people" in options:
        # A screening with a people file is adverse_impact (a dict).
        function, operation = proficient.adverse_impact, "adverse_impact"
    if operation == "show":
        options = {"name_or_path": options.pop("framework")}
    args: List[Any] = []
    if operation == "validate":
        args = options.pop("files")
    expected = case.with_name(case.stem + ".expected.json")
    failure = case.with_name(case.stem + ".failure.json")
    try:
        inspect.signature(function).bind(*args, **options)
    except TypeError as e:
        # An option the function has no keyword argument for: Python refuses
        # it itself (TypeError), where the core gives `invalid_option`.
        want = json.loads(failure.read_text(encoding="utf-8")) if failure.exists() else {}
        assert [d["code"] for d in want.get("errors", [])] == ["invalid_option"], e
        return
    if failure.exists():
        want = json.loads(failure.read_text(encoding="utf-8"))
        with pytest.raises(proficient.ProficientError) as info:
            function(*args, **options)
        assert type(info.value) is _CLASSES.get(want["kind"], proficient.ProficientError)
        assert info.value.errors == want["errors"]
        return
    text = expected.read_text(encoding="utf-8")
    result = function(*args, **options)
    if operation in ("score", "screen"):
        assert result.to_json() == text
    elif operation == "export_case":
        assert result.json == text
    elif operation == "show":
        assert result._native.to_json(pretty=True) == text
    elif operation == "import_case":
        assert canonical(result.framework.to_dict()) == canonical(json.loads(text))
    elif operation == "import_sheet":
        assert canonical(result.to_dict()) == canonical(json.loads(text))
    elif operation == "export_sheet":
        # The workbook's cells, as openpyxl reads them, are the template's.
        import io
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(result))
        number = lambda v: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        got = [{"name": ws.title, "rows": [[number(v) for v in r] for r in ws.iter_rows(values_only=True)]}
               for ws in wb.worksheets]
        want = [{"name": t["name"], "rows": [[number(v) for v in r] for r in t["rows"]]}
                for t in json.loads(text)["sheets"]]
        assert got == want
    else:
        assert canonical(result) == canonical(json.loads(text))


def test_every_operation_is_covered() -> None:
    operations = {json.loads(p.read_text(encoding="utf-8"))["operation"] for p in cases()}
    assert {"score", "screen", "progress", "cpd", "report", "cohort", "equality", "delphi",
            "badge", "import_case", "export_case", "show", "list", "schema", "generate",
            "validate"} <= operations
