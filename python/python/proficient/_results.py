"""Scoring and screening results.

The numbers all come from the engine: a result object holds the engine's
result, ``to_json()`` gives its JSON (exactly the CLI's), ``to_dict()`` that
JSON as plain data, the typed attributes (generated from the Rust types, see
``_types.py``) are read from it on first use, and ``to_pandas()`` /
``to_polars()`` lay it out as tidy tables (:data:`_TABLES`).
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

from . import _native
from ._types import (
    AdverseImpact,
    Candidate,
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

# Each tidy table: the lists walked (a row per element of the innermost),
# then each column as `name:type:depth.key` (the key of the element walked
# at that depth; `domain` of a competency is its framework's). Types: str,
# float, int, bool or date.
_REJECTED = ("rejected", "id:str:0.id line:int:0.line worker:str:0.worker criterion:str:0.criterion "
             "reason:str:0.reason detail:str:0.detail")
_W, _C = "worker:str:0.worker", "competency:str:1.id"
_TABLES: Dict[str, Dict[str, Tuple[str, str]]] = {
    "score": {
        "workers": ("workers", f"{_W} overall:float:0.overall"),
        "domains": ("workers domains", f"{_W} domain:str:1.id score:float:1.score"),
        "competencies": ("workers competencies", f"{_W} {_C} domain:str:1.domain score:float:1.score "
                         "level:str:1.level status:str:1.status coverage:float:1.coverage items:int:1.items"),
        "criteria": ("workers competencies criteria", f"{_W} {_C} criterion:str:2.id score:float:2.score "
                     "items:int:2.items weight:float:2.weight"),
        "evidence": ("workers competencies criteria evidence", f"{_W} {_C} criterion:str:2.id id:str:3.id "
                     "line:int:3.line kind:str:3.kind date:date:3.date weight:float:3.weight value:float:3.value"),
        "rejected": _REJECTED,
    },
    "screen": {
        "candidates": ("candidates", "rank:int:0.rank worker:str:0.worker meets_essential:bool:0.meets_essential "
                       "essential_met:int:0.essential_met essential_total:int:0.essential_total "
                       "desirable_met:int:0.desirable_met desirable_total:int:0.desirable_total "
                       "overall:float:0.overall gaps:str:0.gaps"),
        "gaps": ("candidates gaps", "rank:int:0.rank worker:str:0.worker competency:str:1.competency "
                 "importance:str:1.importance required_level:str:1.required_level "
                 "current_level:str:1.current_level score:float:1.score status:str:1.status"),
        "rejected": _REJECTED,
    },
}


def _schema(result: str, table: str) -> Dict[str, str]:
    if not isinstance(table, str):
        raise TypeError(f"table must be a str, not {type(table).__name__}")
    if table not in _TABLES[result]:
        names = ", ".join(f"`{t}`" for t in _TABLES[result])
        raise ValueError(f"unknown table `{table}`, expected one of {names}")
    return {c.split(":")[0]: c.split(":")[1] for c in _TABLES[result][table][1].split()}


def _rows(items: List[Any], walk: List[str], path: Tuple[Any, ...] = ()) -> Iterator[Tuple[Any, ...]]:
    for x in items:
        if len(walk) == 1:
            yield path + (x,)
        else:
            yield from _rows(x[walk[1]], walk[1:], path + (x,))


def _columns(d: Mapping[str, Any], result: str, table: str, domains: Mapping[str, str]) -> Dict[str, List[Any]]:
    _schema(result, table)
    walk, spec = _TABLES[result][table]
    cols = [(c.split(":")[0], int(c.split(":")[2][0]), c.split(":")[2][2:]) for c in spec.split()]
    out: Dict[str, List[Any]] = {name: [] for name, _, _ in cols}
    for row in _rows(d[walk.split()[0]], walk.split()):
        for name, depth, key in cols:
            v = domains.get(row[1]["id"]) if key == "domain" else row[depth].get(key)
            out[name].append(";".join(g["competency"] for g in v) if isinstance(v, list) else v)
    return out


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


class _Result:
    """What both results share: the engine's JSON and tables laid out from it."""

    __slots__ = ("_native", "_data", "_domains")
    _kind = _default = ""

    def __init__(self, native: _native.Result, domains: Mapping[str, str]) -> None:
        if not isinstance(native, _native.Result):
            raise TypeError(f"{type(self).__name__} objects are made by proficient.{self._kind}(...)")
        self._native = native
        self._data: Any = None
        self._domains = domains

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain data: exactly the CLI's JSON."""
        result: Dict[str, Any] = json.loads(self._native.to_json(pretty=False))
        return result

    def to_json(self, *, pretty: bool = True) -> str:
        """The result as JSON text, byte for byte what ``proficient score``
        (or ``screen``) ``--format json`` prints (when ``pretty``)."""
        return self._native.to_json(pretty=pretty)

    def columns(self, table: str = "") -> Dict[str, List[Any]]:
        """A tidy table as a dict of column lists (see :meth:`to_pandas`)."""
        return _columns(self.to_dict(), self._kind, table or self._default, self._domains)

    def to_pandas(self, table: str = "") -> Any:
        """A tidy pandas DataFrame (tables: see the class)."""
        table = table or self._default
        return _pandas(self.columns(table), _schema(self._kind, table))

    def to_polars(self, table: str = "") -> Any:
        """A tidy polars DataFrame; ``table`` as in :meth:`to_pandas`."""
        table = table or self._default
        return _polars(self.columns(table), _schema(self._kind, table))


class ScoreResult(_Result, ScoreResultFields):
    """The result of :func:`proficient.score`.

    Typed attributes mirror the CLI's JSON (``proficient score --format
    json``); :meth:`to_dict` gives that JSON as plain data, :meth:`to_json`
    as text, and :meth:`to_pandas` / :meth:`to_polars` tidy tables:
    ``competencies`` (one row per worker × competency: worker, competency,
    domain, score, level, status, coverage, items; the default),
    ``rejected`` (one row per rejected item), ``workers``, ``domains``,
    ``criteria`` or ``evidence`` (one row per used item, when the result
    lists them).
    """

    __slots__ = ()
    _kind, _default = "score", "competencies"

    def _fields(self) -> ScoreResultData:
        if self._data is None:
            self._data = ScoreResultData.from_dict(self.to_dict())
        data: ScoreResultData = self._data
        return data

    def worker(self, id: str) -> WorkerScore:
        """The scores of the worker with this id (``KeyError`` if none)."""
        for w in self.workers:
            if w.worker == id:
                return w
        raise KeyError(id)

    def __repr__(self) -> str:
        c = self.counts
        return (f"<ScoreResult {self.framework!r} as of {self.as_of.isoformat()}: "
                f"{len(self.workers)} workers, {c.items} items ({c.used} used, {c.rejected} rejected)>")


class ScreenResult(_Result, ScreenResultFields):
    """The result of :func:`proficient.screen`: a ranked shortlist with gaps.

    Attributes mirror ``proficient screen --format json``. Tables:
    ``candidates`` (one row per worker, in rank order; ``gaps`` lists the
    unmet competencies separated by ``;``; the default), ``gaps`` (one row
    per unmet requirement) or ``rejected``.
    """

    __slots__ = ()
    _kind, _default = "screen", "candidates"

    def _fields(self) -> ScreenResultData:
        if self._data is None:
            self._data = ScreenResultData.from_dict(self.to_dict())
        data: ScreenResultData = self._data
        return data

    @property
    def adverse_impact(self) -> Optional[AdverseImpact]:
        """The adverse impact by group when ``screen`` was given ``people``
        (``adverse_impact`` of the JSON), else None."""
        impact = self.to_dict().get("adverse_impact")
        return None if impact is None else AdverseImpact.from_dict(impact)

    @property
    def shortlist(self) -> Tuple[Candidate, ...]:
        """The candidates who meet every essential requirement, best first."""
        return tuple(c for c in self.candidates if c.meets_essential)

    def __repr__(self) -> str:
        return (f"<ScreenResult {self.profile!r} as of {self.as_of.isoformat()}: "
                f"{len(self.candidates)} candidates, {len(self.shortlist)} meet every essential requirement>")
