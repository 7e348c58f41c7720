"""Frameworks and role profiles: read-only views of the core's model."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from . import _native

__all__ = [
    "Category",
    "Competency",
    "Criterion",
    "Domain",
    "EvidenceKind",
    "EvidencePolicy",
    "Framework",
    "Level",
    "Measure",
    "Panel",
    "PanelGroup",
    "Priority",
    "Profile",
    "RatingScale",
    "Requirement",
    "ScaleLabel",
    "Source",
]

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class PanelGroup:
    """One group of an expert panel."""

    label: str
    size: int


@dataclass(frozen=True)
class Panel:
    """The expert panel behind a framework (e.g. a Delphi survey)."""

    size: int
    rounds: Optional[int]
    groups: Tuple[PanelGroup, ...]


@dataclass(frozen=True)
class Source:
    """Citation and provenance of a framework."""

    citation: str
    publisher: Optional[str]
    year: Optional[int]
    url: Optional[str]
    method: Optional[str]
    panel: Optional[Panel]
    notes: Optional[str]


@dataclass(frozen=True)
class ScaleLabel:
    """The name of one point of a rating scale."""

    value: float
    label: str


@dataclass(frozen=True)
class RatingScale:
    """The numeric scale of ``rating`` criteria."""

    min: float
    max: float
    labels: Tuple[ScaleLabel, ...]


@dataclass(frozen=True)
class Level:
    """A proficiency level, reached when a competency's score is at least ``threshold``."""

    id: str
    label: str
    threshold: float
    description: Optional[str]


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of evidence and the weight of one item of it."""

    id: str
    label: str
    weight: float
    description: Optional[str]


@dataclass(frozen=True)
class EvidencePolicy:
    """A framework's default rules for which evidence counts and how it ages."""

    half_life_days: Optional[float]
    max_age_days: Optional[int]
    min_items: int
    min_coverage: float


@dataclass(frozen=True)
class Category:
    """A thematic category of competencies."""

    id: str
    label: str
    description: Optional[str]


@dataclass(frozen=True)
class Domain:
    """A domain grouping competencies (e.g. knowledge, skills)."""

    id: str
    label: str


@dataclass(frozen=True)
class Priority:
    """Priority of a competency from an expert survey."""

    mean: Optional[float]
    sd: Optional[float]
    rank: Optional[int]
    band: Optional[str]


@dataclass(frozen=True)
class Measure:
    """How a criterion's evidence is measured.

    ``type`` is ``rating`` (``min``/``max`` override the framework's scale
    when set), ``binary``, ``rate`` or ``count`` (both against ``target``).
    """

    type: str
    min: Optional[float] = None
    max: Optional[float] = None
    target: Optional[float] = None


@dataclass(frozen=True)
class Criterion:
    """An assessment criterion ("how to assess?" indicator) of a competency."""

    id: str
    competency: str
    statement: str
    weight: float
    measure: Measure
    kinds: Optional[Tuple[str, ...]]
    notes: Optional[str]


@dataclass(frozen=True)
class Competency:
    """A competency statement with the criteria used to assess it."""

    id: str
    domain: str
    category: Optional[str]
    statement: str
    weight: float
    priority: Optional[Priority]
    notes: Optional[str]
    criteria: Tuple[Criterion, ...]


def _opt(d: Mapping[str, Any], key: str) -> Optional[str]:
    v = d.get(key)
    return None if v is None else str(v)


def _panel(d: Optional[Mapping[str, Any]]) -> Optional[Panel]:
    if d is None:
        return None
    return Panel(
        size=d["size"],
        rounds=d.get("rounds"),
        groups=tuple(PanelGroup(g["label"], g["size"]) for g in d.get("groups", [])),
    )


def _criterion(d: Mapping[str, Any], competency: str) -> Criterion:
    m = d["measure"]
    kinds = d.get("kinds")
    return Criterion(
        id=d["id"],
        competency=competency,
        statement=d["statement"],
        weight=float(d.get("weight", 1.0)),
        measure=Measure(
            type=m["type"], min=m.get("min"), max=m.get("max"), target=m.get("target")
        ),
        kinds=None if kinds is None else tuple(kinds),
        notes=d.get("notes"),
    )


def _competency(d: Mapping[str, Any]) -> Competency:
    p = d.get("priority")
    return Competency(
        id=d["id"],
        domain=d["domain"],
        category=d.get("category"),
        statement=d["statement"],
        weight=float(d.get("weight", 1.0)),
        priority=None
        if p is None
        else Priority(p.get("mean"), p.get("sd"), p.get("rank"), p.get("band")),
        notes=d.get("notes"),
        criteria=tuple(_criterion(c, d["id"]) for c in d["criteria"]),
    )


def _fspath(name_or_path: Any, what: str) -> str:
    if isinstance(name_or_path, str):
        return name_or_path
    if isinstance(name_or_path, os.PathLike):
        path = os.fspath(name_or_path)
        if isinstance(path, str):
            return path
    raise TypeError(
        f"{what} must be a shipped name or a path (str or os.PathLike[str]), "
        f"not {type(name_or_path).__name__}"
    )


class Framework:
    """A knowledge-and-skills framework, loaded and validated by the engine.

    Get one with :func:`proficient.load_framework` (a shipped name such as
    ``"job-retention"``, or a YAML file) or :meth:`Framework.from_yaml`.
    Every attribute is read-only; lists are tuples.
    """

    __slots__ = (
        "_native",
        "_data",
        "_source",
        "_rating_scale",
        "_levels",
        "_kinds",
        "_policy",
        "_categories",
        "_domains",
        "_competencies",
        "_criteria",
    )

    def __init__(self, native: _native.Framework) -> None:
        if not isinstance(native, _native.Framework):
            raise TypeError(
                "use proficient.load_framework(...) or Framework.from_yaml(...) "
                "to get a Framework"
            )
        self._native = native
        d: Dict[str, Any] = json.loads(native.to_json())
        self._data = d
        s = d["source"]
        self._source = Source(
            citation=s["citation"],
            publisher=s.get("publisher"),
            year=s.get("year"),
            url=s.get("url"),
            method=s.get("method"),
            panel=_panel(s.get("panel")),
            notes=s.get("notes"),
        )
        r = d["rating_scale"]
        self._rating_scale = RatingScale(
            min=float(r["min"]),
            max=float(r["max"]),
            labels=tuple(ScaleLabel(float(x["value"]), x["label"]) for x in r.get("labels", [])),
        )
        self._levels = tuple(
            Level(x["id"], x["label"], float(x["threshold"]), x.get("description"))
            for x in d["levels"]
        )
        self._kinds = tuple(
            EvidenceKind(x["id"], x["label"], float(x["weight"]), x.get("description"))
            for x in d["evidence_kinds"]
        )
        p = d.get("evidence_policy", {})
        self._policy = EvidencePolicy(
            half_life_days=p.get("half_life_days"),
            max_age_days=p.get("max_age_days"),
            min_items=p.get("min_items", 1),
            min_coverage=float(p.get("min_coverage", 0.0)),
        )
        self._categories = tuple(
            Category(x["id"], x["label"], x.get("description")) for x in d.get("categories", [])
        )
        self._domains = tuple(Domain(x["id"], x["label"]) for x in d["domains"])
        self._competencies = tuple(_competency(c) for c in d["competencies"])
        self._criteria = tuple(k for c in self._competencies for k in c.criteria)

    @classmethod
    def from_yaml(cls, text: str) -> Framework:
        """Reads and validates a framework from YAML (or JSON) text.

        Raises :class:`~proficient.errors.FrameworkError` with every problem found.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls(_native.framework_from_yaml(text))

    @classmethod
    def load(cls, name_or_path: PathLike) -> Framework:
        """A shipped framework by name (``"job-retention"``), else a YAML file."""
        return cls(_native.load_framework(_fspath(name_or_path, "name_or_path")))

    @property
    def id(self) -> str:
        """Stable identifier, e.g. ``job-retention``."""
        return str(self._data["id"])

    @property
    def title(self) -> str:
        """Human title."""
        return str(self._data["title"])

    @property
    def version(self) -> str:
        """Version of the framework file."""
        return str(self._data["version"])

    @property
    def description(self) -> Optional[str]:
        """What the framework is for."""
        return _opt(self._data, "description")

    @property
    def source(self) -> Source:
        """Where the framework comes from."""
        return self._source

    @property
    def rating_scale(self) -> RatingScale:
        """The scale of ``rating`` criteria."""
        return self._rating_scale

    @property
    def levels(self) -> Tuple[Level, ...]:
        """Proficiency levels, lowest first."""
        return self._levels

    @property
    def evidence_kinds(self) -> Tuple[EvidenceKind, ...]:
        """Kinds of evidence and their weights."""
        return self._kinds

    @property
    def evidence_policy(self) -> EvidencePolicy:
        """The default scoring policy."""
        return self._policy

    @property
    def categories(self) -> Tuple[Category, ...]:
        """Thematic categories."""
        return self._categories

    @property
    def domains(self) -> Tuple[Domain, ...]:
        """Domains (e.g. knowledge, skills)."""
        return self._domains

    @property
    def competencies(self) -> Tuple[Competency, ...]:
        """The competencies, in framework order."""
        return self._competencies

    @property
    def criteria(self) -> Tuple[Criterion, ...]:
        """Every criterion of every competency, in framework order."""
        return self._criteria

    def competency(self, id: str) -> Competency:
        """The competency with this id (``KeyError`` if none)."""
        for c in self._competencies:
            if c.id == id:
                return c
        raise KeyError(id)

    def criterion(self, id: str) -> Criterion:
        """The criterion with this id (``KeyError`` if none)."""
        for c in self._criteria:
            if c.id == id:
                return c
        raise KeyError(id)

    def to_dict(self) -> Dict[str, Any]:
        """The framework as plain data (the shape of the YAML/JSON file)."""
        result: Dict[str, Any] = json.loads(self._native.to_json())
        return result

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self._data == other._data

    def __hash__(self) -> int:
        return hash((self.id, self.version))

    def __repr__(self) -> str:
        return (
            f"<Framework {self.id!r} v{self.version}: {len(self._competencies)} competencies, "
            f"{len(self._criteria)} criteria>"
        )


@dataclass(frozen=True)
class Requirement:
    """One requirement of a role profile."""

    competency: str
    level: str
    importance: str
    rationale: Optional[str]


class Profile:
    """A role profile, validated against its framework.

    Get one with :func:`proficient.load_profile` or :meth:`Profile.from_yaml`.
    ``framework`` is the :class:`Framework` it was checked against (and that
    :func:`proficient.screen` scores with); ``framework_id`` the id it names.
    """

    __slots__ = ("_native", "_data", "_framework", "_requirements")

    def __init__(self, native: _native.Profile) -> None:
        if not isinstance(native, _native.Profile):
            raise TypeError(
                "use proficient.load_profile(...) or Profile.from_yaml(...) to get a Profile"
            )
        self._native = native
        d: Dict[str, Any] = json.loads(native.to_json())
        self._data = d
        self._framework = Framework(native.framework)
        self._requirements = tuple(
            Requirement(r["competency"], r["level"], r["importance"], r.get("rationale"))
            for r in d["requirements"]
        )

    @classmethod
    def from_yaml(cls, text: str, *, framework: Optional[Framework] = None) -> Profile:
        """Reads a profile from YAML (or JSON) text and checks it against
        ``framework`` (default: the shipped framework it names)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls(_native.profile_from_yaml(text, _native_framework(framework)))

    @classmethod
    def load(cls, name_or_path: PathLike, *, framework: Optional[Framework] = None) -> Profile:
        """A shipped profile by name (``"job-retention-specialist"``), else a
        YAML file, checked against ``framework`` (default: the shipped
        framework it names)."""
        return cls(
            _native.load_profile(
                _fspath(name_or_path, "name_or_path"), _native_framework(framework)
            )
        )

    @property
    def id(self) -> str:
        """Stable identifier."""
        return str(self._data["id"])

    @property
    def title(self) -> str:
        """Role title."""
        return str(self._data["title"])

    @property
    def description(self) -> Optional[str]:
        """What the role is."""
        return _opt(self._data, "description")

    @property
    def framework_id(self) -> str:
        """Id of the framework the requirements refer to."""
        return str(self._data["framework"])

    @property
    def framework(self) -> Framework:
        """The framework the profile was checked against."""
        return self._framework

    @property
    def requirements(self) -> Tuple[Requirement, ...]:
        """The requirements, in profile order."""
        return self._requirements

    def to_dict(self) -> Dict[str, Any]:
        """The profile as plain data (the shape of the YAML/JSON file)."""
        result: Dict[str, Any] = json.loads(self._native.to_json())
        return result

    def __repr__(self) -> str:
        essential = sum(1 for r in self._requirements if r.importance == "essential")
        return (
            f"<Profile {self.id!r} for {self.framework_id!r}: {essential} essential, "
            f"{len(self._requirements) - essential} desirable requirements>"
        )


def _native_framework(framework: Optional[Framework]) -> Optional[_native.Framework]:
    if framework is None:
        return None
    if not isinstance(framework, Framework):
        raise TypeError(
            f"framework must be a proficient.Framework, not {type(framework).__name__}"
        )
    return framework._native

