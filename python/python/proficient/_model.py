"""Frameworks and role profiles: read-only views of the core's model.

The attributes and their classes are generated from the Rust types (see
``_types.py``); this module adds loading, lookups by id, and the id of its
competency on each criterion.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from . import _native, _types
from ._types import FrameworkData, FrameworkFields, ProfileData, ProfileFields

__all__ = ["Competency", "Criterion", "Framework", "Profile"]

PathLike = Union[str, "os.PathLike[str]"]


@dataclasses.dataclass(frozen=True)
class Criterion(_types.CriterionData):
    """An assessment criterion ("how to assess?" indicator) of a competency,
    with the id of that competency."""

    competency: str = ""
    """Id of the competency it assesses."""


@dataclasses.dataclass(frozen=True)
class Competency(_types.CompetencyData):
    """A competency statement with the criteria used to assess it."""

    criteria: Tuple[Criterion, ...]
    """How it is assessed, each criterion with this competency's id."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Competency:
        """Reads a competency of the framework's JSON."""
        return _competency(_types.CompetencyData.from_dict(d))


def _values(x: Any) -> Dict[str, Any]:
    return {f.name: getattr(x, f.name) for f in dataclasses.fields(x)}


def _competency(c: _types.CompetencyData) -> Competency:
    criteria = tuple(Criterion(**_values(k), competency=c.id) for k in c.criteria)
    return Competency(**dict(_values(c), criteria=criteria))


def _fspath(name_or_path: Any, what: str) -> str:
    if isinstance(name_or_path, str):
        return name_or_path
    if isinstance(name_or_path, os.PathLike):
        path = os.fspath(name_or_path)
        if isinstance(path, str):
            return path
    raise TypeError(f"{what} must be a shipped name or a path (str or os.PathLike[str]), "
                    f"not {type(name_or_path).__name__}")


class Framework(FrameworkFields):
    """A knowledge-and-skills framework, loaded and validated by the engine.

    Get one with :func:`proficient.load_framework` (a shipped name such as
    ``"job-retention"``, or a YAML file) or :meth:`Framework.from_yaml`.
    Every attribute is read-only; lists are tuples.
    """

    __slots__ = ("_native", "_data", "_competencies", "_criteria")

    def __init__(self, native: _native.Framework) -> None:
        if not isinstance(native, _native.Framework):
            raise TypeError("use proficient.load_framework(...) or Framework.from_yaml(...) to get a Framework")
        self._native = native
        self._data = FrameworkData.from_dict(json.loads(native.to_json()))
        self._competencies = tuple(_competency(c) for c in self._data.competencies)
        self._criteria = tuple(k for c in self._competencies for k in c.criteria)

    def _fields(self) -> FrameworkData:
        return self._data

    @classmethod
    def from_yaml(cls, text: str) -> Framework:
        """Reads and validates a framework from YAML (or JSON) text.

        Raises :class:`~proficient.errors.FrameworkError` with every problem found.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls(_native.framework(("text", text)))

    @classmethod
    def load(cls, name_or_path: PathLike) -> Framework:
        """A shipped framework by name (``"job-retention"``), else a YAML file."""
        return cls(_native.framework(_fspath(name_or_path, "name_or_path")))

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
        return (f"<Framework {self.id!r} v{self.version}: {len(self._competencies)} competencies, "
                f"{len(self._criteria)} criteria>")


class Profile(ProfileFields):
    """A role profile, validated against its framework.

    Get one with :func:`proficient.load_profile` or :meth:`Profile.from_yaml`.
    ``framework`` is the :class:`Framework` it was checked against (and that
    :func:`proficient.screen` scores with); ``framework_id`` the id it names.
    """

    __slots__ = ("_native", "_data", "_framework")

    def __init__(self, native: _native.Profile) -> None:
        if not isinstance(native, _native.Profile):
            raise TypeError("use proficient.load_profile(...) or Profile.from_yaml(...) to get a Profile")
        self._native = native
        self._data = ProfileData.from_dict(json.loads(native.to_json()))
        self._framework = Framework(native.framework)

    def _fields(self) -> ProfileData:
        return self._data

    @classmethod
    def from_yaml(cls, text: str, *, framework: Optional[Framework] = None) -> Profile:
        """Reads a profile from YAML (or JSON) text and checks it against
        ``framework`` (default: the shipped framework it names)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls(_native.profile(("text", text), _native_framework(framework)))

    @classmethod
    def load(cls, name_or_path: PathLike, *, framework: Optional[Framework] = None) -> Profile:
        """A shipped profile by name (``"job-retention-specialist"``), else a
        YAML file, checked against ``framework`` (default: the shipped
        framework it names)."""
        return cls(_native.profile(_fspath(name_or_path, "name_or_path"), _native_framework(framework)))

    @property
    def framework_id(self) -> str:
        """Id of the framework the requirements refer to."""
        return self._data.framework

    @property
    def framework(self) -> Framework:
        """The framework the profile was checked against."""
        return self._framework

    def to_dict(self) -> Dict[str, Any]:
        """The profile as plain data (the shape of the YAML/JSON file)."""
        result: Dict[str, Any] = json.loads(self._native.to_json())
        return result

    def __repr__(self) -> str:
        essential = sum(1 for r in self.requirements if r.importance == "essential")
        return (f"<Profile {self.id!r} for {self.framework_id!r}: {essential} essential, "
                f"{len(self.requirements) - essential} desirable requirements>")


def _native_framework(framework: Optional[Framework]) -> Optional[_native.Framework]:
    if framework is not None and not isinstance(framework, Framework):
        raise TypeError(f"framework must be a proficient.Framework, not {type(framework).__name__}")
    return None if framework is None else framework._native
