"""Exceptions raised by ``proficient``.

Every error found in an input is a :class:`ProficientError` (a
``ValueError``) of one of the classes below, carrying where it was found.
``errors`` lists every problem (e.g. all validation errors of a framework,
in document order); the attributes ``file``, ``line``, ``column``, ``path``,
``code`` and ``message`` are those of the first one.

Each entry of ``errors`` is a dict with the keys ``file`` (str or None),
``line`` and ``column`` (1-based int, or None), ``path`` (str: the path in
the document such as ``competencies[3].criteria[1].measure``, the column
name for evidence, ``""`` for the whole input), ``code`` (a stable machine
readable code such as ``duplicate_key``, ``bad_date`` or ``io``) and
``message`` (what was found and what was expected); a problem in a
workbook also has ``sheet`` (its ``line`` is then the row and ``column`` the
column, A = 1; shown as ``evidence.xlsx:Sheet1!D14``).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Type

__all__ = [
    "ProficientError",
    "FrameworkError",
    "ProfileError",
    "EvidenceError",
    "PolicyError",
    "PlansError",
    "CpdError",
    "CaseError",
    "BadgeError",
]


class ProficientError(ValueError):
    """An input could not be used; see :attr:`errors` for every problem."""

    errors: List[Dict[str, Any]]
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    sheet: Optional[str]
    path: str
    code: str
    message: str

    def __init__(self, message: str, errors: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        if not errors:
            errors = [
                {
                    "file": None,
                    "line": None,
                    "column": None,
                    "path": "",
                    "code": "error",
                    "message": message,
                }
            ]
        self.errors = [dict(e) for e in errors]
        first = self.errors[0]
        self.file = first.get("file")
        self.line = first.get("line")
        self.column = first.get("column")
        self.sheet = first.get("sheet")
        self.path = first.get("path") or ""
        self.code = first.get("code") or "error"
        self.message = first.get("message") or message

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.errors))


class FrameworkError(ProficientError):
    """A framework could not be read or is not valid."""


class ProfileError(ProficientError):
    """A role profile could not be read or is not valid for its framework."""


class EvidenceError(ProficientError):
    """Evidence could not be read: a missing column, an empty required
    field, a date that is not ``YYYY-MM-DD``, malformed CSV or JSON, ...

    Items that are well formed but fail the scoring policy are not errors:
    they are listed in the result's ``rejected`` items with their reason.
    """


class PolicyError(ProficientError):
    """Scoring policy overrides are malformed or out of range."""


class PlansError(ProficientError):
    """Development plans could not be read or do not fit their framework
    (an unknown competency or level, a due date before the baseline, ...)."""


class CpdError(ProficientError):
    """CPD activities could not be read or do not fit their framework."""


class CaseError(ProficientError):
    """A CASE package could not be imported; ``errors`` gives each problem's
    JSON path, line and column."""


class BadgeError(ProficientError):
    """No badge was issued: the issuer profile is not valid, or the worker
    has not reached the level (``code`` ``below_level``, ``not_assessed``,
    ``unknown_worker``, ...); the message says why."""


# The class raised for a failure of each kind of input (``Failure.kind``);
# the other kinds (``options``: an option's value) raise ProficientError.
_CLASSES: Dict[str, Type[ProficientError]] = {
    "framework": FrameworkError,
    "profile": ProfileError,
    "evidence": EvidenceError,
    "people": EvidenceError,
    "ratings": EvidenceError,
    "policy": PolicyError,
    "plans": PlansError,
    "cpd": CpdError,
    "case": CaseError,
    "badge": BadgeError,
}


def _cell(sheet: str, row: Optional[int], column: Optional[int]) -> str:
    """``Sheet1!D14`` (``Sheet1!14:14`` for a row, ``Sheet1`` for the
    sheet), the sheet's name quoted unless it is letters, digits and ``_``."""
    name = sheet if sheet and all(c.isalnum() or c == "_" for c in sheet) else "'" + sheet.replace("'", "''") + "'"
    if row is None:
        return name
    if column is None:
        return f"{name}!{row}:{row}"
    letters = ""
    n = column
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{name}!{letters}{row}"


def _where(kind: str, d: Dict[str, Any]) -> str:
    """``FILE:LINE:COLUMN: `` as far as known; ``evidence item N: `` for a record the caller gave."""
    if d["file"] is None and d["line"] is None:
        return ""
    if d.get("sheet") is not None:
        return f"{d['file'] or '<input>'}:{_cell(d['sheet'], d['line'], d['column'])}: "
    if d["file"] is None and d["column"] is None:
        return f"{kind} item {d['line']}: "
    parts = [d["file"] or "<input>"] + [str(x) for x in (d["line"], d["column"]) if x is not None]
    return ":".join(parts[: 3 if d["line"] is not None else 1]) + ": "


def _failure(text: str) -> ProficientError:
    """The exception of the engine's ``Failure`` (JSON: kind, class, errors)."""
    failure = json.loads(text)
    errors: List[Dict[str, Any]] = failure["errors"]
    lines = [
        _where(failure["kind"], d) + (f"{d['path']}: " if d["path"] else "") + d["message"]
        for d in errors
    ]
    return _CLASSES.get(failure["kind"], ProficientError)("\n".join(lines), errors)
