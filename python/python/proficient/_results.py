"""Scoring and screening results.

The numbers all come from the engine: a result object holds the native
result, ``to_dict()`` / ``to_json()`` give exactly the CLI's JSON, the typed
attributes (generated from the Rust types, see ``_types.py``) are read from
that JSON on first use, and ``to_pandas()`` / ``to_polars()`` build tidy
tables from columns the engine lays out.
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import _native
from ._types import (
    Candidate,
    Counts,
    ScoreResultData,
    ScoreResultFields,
    ScoringPolicy,
    ScreenResultData,
    ScreenResultFields,
    WorkerScore,
)

__all__ = ["Policy", "ScoreResult", "ScreenResult"]

Policy = ScoringPolicy
"""The scoring policy in force (the name of :class:`ScoringPolicy` before it was generated)."""


# Column types of the tidy tables: str, float, int, bool or date.
_SCORE_TABLES: Dict[str, Dict[str, str]] = {
    "workers": {"worker": "str", "overall": "float"},
    "domains": {"worker": "str", "domain": "str", "score": "float"},
    "competencies": {
        "worker": "str",
        "competency": "str",
        "domain": "str",
        "score": "float",
        "level": "str",
        "status": "str",
        "coverage": "float",
        "items": "int",
    },
    "criteria": {
        "worker": "str",
        "competency": "str",
        "criterion": "str",
        "score": "float",
        "items": "int",
        "weight": "float",
    },
    "evidence": {
        "worker": "str",
        "competency": "str",
        "criterion": "str",
        "id": "str",
        "line": "int",
        "kind": "str",
        "date": "date",
        "weight": "float",
        "value": "float",
    },
    "rejected": {
        "id": "str",
        "line": "int",
        "worker": "str",
        "criterion": "str",
        "reason": "str",
        "detail": "str",
    },
}

_SCREEN_TABLES: Dict[str, Dict[str, str]] = {
    "candidates": {
        "rank": "int",
        "worker": "str",
        "meets_essential": "bool",
        "essential_met": "int",
        "essential_total": "int",
        "desirable_met": "int",
        "desirable_total": "int",
        "overall": "float",
        "gaps": "str",
    },
    "gaps": {
        "rank": "int",
        "worker": "str",
        "competency": "str",
        "importance": "str",
        "required_level": "str",
        "current_level": "str",
        "score": "float",
        "status": "str",
    },
    "rejected": _SCORE_TABLES["rejected"],
}


def _schema(tables: Mapping[str, Dict[str, str]], table: str) -> Dict[str, str]:
    if not isinstance(table, str):
        raise TypeError(f"table must be a str, not {type(table).__name__}")
    try:
        return tables[table]
    except KeyError:
        names = ", ".join(f"`{t}`" for t in tables)
        raise ValueError(f"unknown table `{table}`, expected one of {names}") from None


def _pandas(columns: Dict[str, List[Any]], schema: Mapping[str, str]) -> Any:
    pd: Any = importlib.import_module("pandas")

    df = pd.DataFrame(columns, columns=list(schema))
    for name, kind in schema.items():
        if kind == "float":
            df[name] = df[name].astype("float64")
        elif kind == "int":
            df[name] = df[name].astype("int64")
        elif kind == "bool":
            df[name] = df[name].astype("bool")
        elif kind == "date":
            df[name] = pd.to_datetime(df[name], format="%Y-%m-%d")
    return df


def _polars(columns: Dict[str, List[Any]], schema: Mapping[str, str]) -> Any:
    pl: Any = importlib.import_module("polars")

    types = {"str": pl.Utf8, "float": pl.Float64, "int": pl.Int64, "bool": pl.Boolean, "date": pl.Utf8}
    df = pl.DataFrame(columns, schema={n: types[k] for n, k in schema.items()})
    dates = [n for n, k in schema.items() if k == "date"]
    if dates:
        df = df.with_columns([pl.col(n).str.to_date("%Y-%m-%d") for n in dates])
    return df


class ScoreResult(ScoreResultFields):
    """The result of :func:`proficient.score`.

    Typed attributes mirror the CLI's JSON (``proficient score --format
    json``); :meth:`to_dict` gives that JSON as plain data, :meth:`to_json`
    as text, and :meth:`to_pandas` / :meth:`to_polars` tidy tables.
    """

    __slots__ = ("_native", "_data")

    def __init__(self, native: _native.ScoreResult) -> None:
        if not isinstance(native, _native.ScoreResult):
            raise TypeError("ScoreResult objects are made by proficient.score(...)")
        self._native = native
        self._data: Optional[ScoreResultData] = None

    def _fields(self) -> ScoreResultData:
        if self._data is None:
            self._data = ScoreResultData.from_dict(self.to_dict())
        return self._data

    @property
    def counts(self) -> Counts:
        """Items read, used and rejected."""
        items, used, rejected = self._native.counts()
        return Counts(items, used, rejected)

    def worker(self, id: str) -> WorkerScore:
        """The scores of the worker with this id (``KeyError`` if none)."""
        for w in self.workers:
            if w.worker == id:
                return w
        raise KeyError(id)

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain data: exactly the CLI's JSON."""
        result: Dict[str, Any] = json.loads(self._native.to_json(pretty=False))
        return result

    def to_json(self, *, pretty: bool = True) -> str:
        """The result as JSON text, byte for byte what ``proficient score
        --format json`` prints (when ``pretty``)."""
        return self._native.to_json(pretty=pretty)

    def columns(self, table: str = "competencies") -> Dict[str, List[Any]]:
        """A tidy table as a dict of column lists (see :meth:`to_pandas`)."""
        _schema(_SCORE_TABLES, table)
        return self._native.columns(table)

    def to_pandas(self, table: str = "competencies") -> Any:
        """A tidy pandas DataFrame.

        ``table``: ``competencies`` (one row per worker × competency: worker,
        competency, domain, score, level, status, coverage, items; the
        default), ``rejected`` (one row per rejected item), ``workers``,
        ``domains``, ``criteria`` or ``evidence`` (one row per used item,
        when the result lists them).
        """
        schema = _schema(_SCORE_TABLES, table)
        return _pandas(self._native.columns(table), schema)

    def to_polars(self, table: str = "competencies") -> Any:
        """A tidy polars DataFrame; ``table`` as in :meth:`to_pandas`."""
        schema = _schema(_SCORE_TABLES, table)
        return _polars(self._native.columns(table), schema)

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<ScoreResult {self.framework!r} as of {self.as_of.isoformat()}: "
            f"{len(self.workers)} workers, {c.items} items ({c.used} used, {c.rejected} rejected)>"
        )


class ScreenResult(ScreenResultFields):
    """The result of :func:`proficient.screen`: a ranked shortlist with gaps.

    Attributes mirror ``proficient screen --format json``.
    """

    __slots__ = ("_native", "_data")

    def __init__(self, native: _native.ScreenResult) -> None:
        if not isinstance(native, _native.ScreenResult):
            raise TypeError("ScreenResult objects are made by proficient.screen(...)")
        self._native = native
        self._data: Optional[ScreenResultData] = None

    def _fields(self) -> ScreenResultData:
        if self._data is None:
            self._data = ScreenResultData.from_dict(self.to_dict())
        return self._data

    @property
    def shortlist(self) -> Tuple[Candidate, ...]:
        """The candidates who meet every essential requirement, best first."""
        return tuple(c for c in self.candidates if c.meets_essential)

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain data: exactly the CLI's JSON."""
        result: Dict[str, Any] = json.loads(self._native.to_json(pretty=False))
        return result

    def to_json(self, *, pretty: bool = True) -> str:
        """The result as JSON text, byte for byte what ``proficient screen
        --format json`` prints (when ``pretty``)."""
        return self._native.to_json(pretty=pretty)

    def columns(self, table: str = "candidates") -> Dict[str, List[Any]]:
        """A tidy table as a dict of column lists (see :meth:`to_pandas`)."""
        _schema(_SCREEN_TABLES, table)
        return self._native.columns(table)

    def to_pandas(self, table: str = "candidates") -> Any:
        """A tidy pandas DataFrame.

        ``table``: ``candidates`` (one row per worker, in rank order; ``gaps``
        lists the unmet competencies separated by ``;``; the default),
        ``gaps`` (one row per unmet requirement) or ``rejected``.
        """
        schema = _schema(_SCREEN_TABLES, table)
        return _pandas(self._native.columns(table), schema)

    def to_polars(self, table: str = "candidates") -> Any:
        """A tidy polars DataFrame; ``table`` as in :meth:`to_pandas`."""
        schema = _schema(_SCREEN_TABLES, table)
        return _polars(self._native.columns(table), schema)

    def __repr__(self) -> str:
        return (
            f"<ScreenResult {self.profile!r} as of {self.as_of.isoformat()}: "
            f"{len(self.candidates)} candidates, {len(self.shortlist)} meet every essential requirement>"
        )
