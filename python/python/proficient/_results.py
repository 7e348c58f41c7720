"""Typed views of scoring and screening results.

The numbers all come from the engine: a result object holds the native
result, ``to_dict()`` / ``to_json()`` give exactly the CLI's JSON, the typed
attributes are read from that JSON on first use, and ``to_pandas()`` /
``to_polars()`` build tidy tables from columns the engine lays out.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import _native

__all__ = [
    "Candidate",
    "CompetencyScore",
    "Counts",
    "CriterionScore",
    "DomainScore",
    "EvidenceUse",
    "Gap",
    "Policy",
    "Rejection",
    "ScoreResult",
    "ScreenResult",
    "WorkerScore",
]


@dataclass(frozen=True)
class Counts:
    """Items read, used and rejected (``used + rejected == items``)."""

    items: int
    used: int
    rejected: int


@dataclass(frozen=True)
class Policy:
    """The scoring policy in force (the framework's, after overrides)."""

    half_life_days: Optional[float]
    max_age_days: Optional[int]
    min_items: int
    min_coverage: float
    kind_weights: Mapping[str, float]


@dataclass(frozen=True)
class EvidenceUse:
    """How one used item counted: its decayed weight and normalised value."""

    id: Optional[str]
    line: int
    kind: str
    date: _dt.date
    weight: float
    value: float


@dataclass(frozen=True)
class CriterionScore:
    """A criterion's score (``None`` without evidence) and the items behind it."""

    id: str
    score: Optional[float]
    items: int
    weight: float
    evidence: Tuple[EvidenceUse, ...]


@dataclass(frozen=True)
class CompetencyScore:
    """A competency's score, level (when assessed), status and criteria."""

    id: str
    score: Optional[float]
    level: Optional[str]
    status: str
    coverage: float
    items: int
    criteria: Tuple[CriterionScore, ...]


@dataclass(frozen=True)
class DomainScore:
    """A domain's score (``None`` when no competency in it is assessed)."""

    id: str
    score: Optional[float]


@dataclass(frozen=True)
class WorkerScore:
    """One worker's scores."""

    worker: str
    overall: Optional[float]
    domains: Tuple[DomainScore, ...]
    competencies: Tuple[CompetencyScore, ...]

    def competency(self, id: str) -> CompetencyScore:
        """The score of the competency with this id (``KeyError`` if none)."""
        for c in self.competencies:
            if c.id == id:
                return c
        raise KeyError(id)


@dataclass(frozen=True)
class Rejection:
    """An item that was not used, and why (``reason`` is e.g. ``expired``)."""

    id: Optional[str]
    line: int
    worker: str
    criterion: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Gap:
    """An unmet requirement: a training need."""

    competency: str
    importance: str
    required_level: str
    current_level: Optional[str]
    score: Optional[float]
    status: str


@dataclass(frozen=True)
class Candidate:
    """One worker's screening against a role profile."""

    rank: int
    worker: str
    meets_essential: bool
    essential_met: int
    essential_total: int
    desirable_met: int
    desirable_total: int
    overall: Optional[float]
    gaps: Tuple[Gap, ...]


def _date(s: str) -> _dt.date:
    return _dt.date.fromisoformat(s)


def _rejection(d: Mapping[str, Any]) -> Rejection:
    return Rejection(d["id"], d["line"], d["worker"], d["criterion"], d["reason"], d["detail"])


def _counts(d: Mapping[str, Any]) -> Counts:
    return Counts(d["items"], d["used"], d["rejected"])


def _worker(d: Mapping[str, Any]) -> WorkerScore:
    return WorkerScore(
        worker=d["worker"],
        overall=d["overall"],
        domains=tuple(DomainScore(x["id"], x["score"]) for x in d["domains"]),
        competencies=tuple(
            CompetencyScore(
                id=c["id"],
                score=c["score"],
                level=c["level"],
                status=c["status"],
                coverage=c["coverage"],
                items=c["items"],
                criteria=tuple(
                    CriterionScore(
                        id=k["id"],
                        score=k["score"],
                        items=k["items"],
                        weight=k["weight"],
                        evidence=tuple(
                            EvidenceUse(
                                e["id"], e["line"], e["kind"], _date(e["date"]), e["weight"], e["value"]
                            )
                            for e in k["evidence"]
                        ),
                    )
                    for k in c["criteria"]
                ),
            )
            for c in d["competencies"]
        ),
    )


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


class ScoreResult:
    """The result of :func:`proficient.score`.

    Typed attributes mirror the CLI's JSON (``proficient score --format
    json``); :meth:`to_dict` gives that JSON as plain data, :meth:`to_json`
    as text, and :meth:`to_pandas` / :meth:`to_polars` tidy tables.
    """

    __slots__ = ("_native", "_data", "_workers", "_rejected")

    def __init__(self, native: _native.ScoreResult) -> None:
        if not isinstance(native, _native.ScoreResult):
            raise TypeError("ScoreResult objects are made by proficient.score(...)")
        self._native = native
        self._data: Optional[Dict[str, Any]] = None
        self._workers: Optional[Tuple[WorkerScore, ...]] = None
        self._rejected: Optional[Tuple[Rejection, ...]] = None

    def _dict(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = self.to_dict()
        return self._data

    @property
    def framework(self) -> str:
        """Id of the framework scored against."""
        return str(self._dict()["framework"])

    @property
    def framework_version(self) -> str:
        """Its version."""
        return str(self._dict()["framework_version"])

    @property
    def as_of(self) -> _dt.date:
        """The date the scores are computed at."""
        return _date(self._dict()["as_of"])

    @property
    def policy(self) -> Policy:
        """The policy in force."""
        p = self._dict()["policy"]
        return Policy(
            half_life_days=p["half_life_days"],
            max_age_days=p["max_age_days"],
            min_items=p["min_items"],
            min_coverage=p["min_coverage"],
            kind_weights=MappingProxyType(dict(p["kind_weights"])),
        )

    @property
    def counts(self) -> Counts:
        """Items read, used and rejected."""
        items, used, rejected = self._native.counts()
        return Counts(items, used, rejected)

    @property
    def workers(self) -> Tuple[WorkerScore, ...]:
        """Every worker named by any item, sorted by id."""
        if self._workers is None:
            self._workers = tuple(_worker(w) for w in self._dict()["workers"])
        return self._workers

    @property
    def rejected(self) -> Tuple[Rejection, ...]:
        """Every item not used, with its reason, by line."""
        if self._rejected is None:
            self._rejected = tuple(_rejection(r) for r in self._dict()["rejected"])
        return self._rejected

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


class ScreenResult:
    """The result of :func:`proficient.screen`: a ranked shortlist with gaps.

    Attributes mirror ``proficient screen --format json``.
    """

    __slots__ = ("_native", "_data", "_candidates", "_rejected")

    def __init__(self, native: _native.ScreenResult) -> None:
        if not isinstance(native, _native.ScreenResult):
            raise TypeError("ScreenResult objects are made by proficient.screen(...)")
        self._native = native
        self._data: Optional[Dict[str, Any]] = None
        self._candidates: Optional[Tuple[Candidate, ...]] = None
        self._rejected: Optional[Tuple[Rejection, ...]] = None

    def _dict(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = self.to_dict()
        return self._data

    @property
    def profile(self) -> str:
        """Id of the role profile."""
        return str(self._dict()["profile"])

    @property
    def framework(self) -> str:
        """Id of the framework scored against."""
        return str(self._dict()["framework"])

    @property
    def as_of(self) -> _dt.date:
        """The date the scores are computed at."""
        return _date(self._dict()["as_of"])

    @property
    def counts(self) -> Counts:
        """Items read, used and rejected."""
        return _counts(self._dict()["counts"])

    @property
    def candidates(self) -> Tuple[Candidate, ...]:
        """Every worker, best first (``rank`` 1, 2, ...)."""
        if self._candidates is None:
            self._candidates = tuple(
                Candidate(
                    rank=c["rank"],
                    worker=c["worker"],
                    meets_essential=c["meets_essential"],
                    essential_met=c["essential_met"],
                    essential_total=c["essential_total"],
                    desirable_met=c["desirable_met"],
                    desirable_total=c["desirable_total"],
                    overall=c["overall"],
                    gaps=tuple(
                        Gap(
                            g["competency"],
                            g["importance"],
                            g["required_level"],
                            g["current_level"],
                            g["score"],
                            g["status"],
                        )
                        for g in c["gaps"]
                    ),
                )
                for c in self._dict()["candidates"]
            )
        return self._candidates

    @property
    def shortlist(self) -> Tuple[Candidate, ...]:
        """The candidates who meet every essential requirement, best first."""
        return tuple(c for c in self.candidates if c.meets_essential)

    @property
    def rejected(self) -> Tuple[Rejection, ...]:
        """Every item not used, with its reason, by line."""
        if self._rejected is None:
            self._rejected = tuple(_rejection(r) for r in self._dict()["rejected"])
        return self._rejected

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
