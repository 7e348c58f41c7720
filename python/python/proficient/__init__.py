"""proficient: competency assessment, from Python.

Load a knowledge-and-skills framework, score workers against dated
evidence, and screen candidates against a role profile. The engine is the
project's Rust core (the same one the ``proficient`` command runs); this
package is a typed layer over it.

>>> import proficient, datetime
>>> fw = proficient.load_framework("job-retention")
>>> len(fw.competencies), len(fw.criteria)
(16, 28)
>>> result = proficient.score(fw, [], as_of=datetime.date(2026, 6, 30))
>>> result.counts
Counts(items=0, used=0, rejected=0)
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._evidence import prepare as _prepare
from ._model import (
    Category,
    Competency,
    Criterion,
    Domain,
    EvidenceKind,
    EvidencePolicy,
    Framework,
    Level,
    Measure,
    Panel,
    PanelGroup,
    Priority,
    Profile,
    RatingScale,
    Requirement,
    ScaleLabel,
    Source,
)
from ._results import (
    Candidate,
    CompetencyScore,
    Counts,
    CriterionScore,
    DomainScore,
    EvidenceUse,
    Gap,
    Policy,
    Rejection,
    ScoreResult,
    ScreenResult,
    WorkerScore,
)
from .errors import (
    EvidenceError,
    FrameworkError,
    PolicyError,
    ProficientError,
    ProfileError,
)

__version__: str = _native.__version__

__all__ = [
    "__version__",
    # functions
    "load_framework",
    "load_profile",
    "score",
    "screen",
    "shipped_frameworks",
    "shipped_profiles",
    # model
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
    # results
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
    # errors
    "EvidenceError",
    "FrameworkError",
    "PolicyError",
    "ProficientError",
    "ProfileError",
]

PathLike = Union[str, "os.PathLike[str]"]
"""A file path."""

Evidence = Union[PathLike, Iterable[Mapping[str, Any]], Any]
"""Evidence: a path (``.csv``, ``.jsonl``, ``.json``), an iterable of dicts,
a pandas or polars DataFrame, or an Arrow table / record batch reader (any
object with ``__arrow_c_stream__``)."""

PolicyOverrides = Union[Mapping[str, Any], PathLike]
"""Policy overrides: a dict (keys ``half_life_days``, ``max_age_days``,
``min_items``, ``min_coverage``, ``kind_weights``) or a YAML/JSON file of them."""


def load_framework(name_or_path: PathLike) -> Framework:
    """Loads a shipped framework by name (e.g. ``"job-retention"``) or a
    framework YAML file, and validates it.

    Raises :class:`FrameworkError` listing every problem, with file, line,
    column and path.
    """
    return Framework.load(name_or_path)


def load_profile(name_or_path: PathLike, *, framework: Optional[Framework] = None) -> Profile:
    """Loads a shipped role profile by name (e.g. ``"job-retention-specialist"``)
    or a profile YAML file, checked against ``framework`` (default: the
    shipped framework the profile names).

    Raises :class:`ProfileError` listing every problem.
    """
    return Profile.load(name_or_path, framework=framework)


def shipped_frameworks() -> List[str]:
    """Names of the frameworks shipped with the engine."""
    return list(_native.shipped_frameworks())


def shipped_profiles() -> List[str]:
    """Names of the role profiles shipped with the engine."""
    return list(_native.shipped_profiles())


def _as_of(as_of: Union[_dt.date, str, None]) -> Optional[str]:
    if as_of is None:
        return None
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        return as_of
    raise TypeError(
        f"as_of must be a datetime.date or a `YYYY-MM-DD` str, not {type(as_of).__name__}"
    )


def _policy(policy: Optional[PolicyOverrides]) -> Tuple[Optional[str], Optional[str]]:
    """``(overrides as JSON text, overrides file)``."""
    if policy is None:
        return None, None
    if isinstance(policy, Mapping):
        try:
            return json.dumps(dict(policy), allow_nan=False), None
        except (TypeError, ValueError) as e:
            raise TypeError(f"policy values must be numbers, None or a dict of numbers: {e}") from None
    if isinstance(policy, str):
        return None, policy
    if isinstance(policy, os.PathLike):
        path = os.fspath(policy)
        if isinstance(path, str):
            return None, path
    raise TypeError(
        f"policy must be a dict of overrides or a path to a YAML/JSON file, not {type(policy).__name__}"
    )


def _at_positions(e: EvidenceError, text_format: Optional[str]) -> EvidenceError:
    """Errors in dicts: their ``line`` is the item's position; the column
    in the JSON written for them means nothing to the caller."""
    if text_format is None:
        return e
    errors = [dict(x, column=None) for x in e.errors]
    lines = []
    for x in errors:
        where = "evidence" if x["line"] is None else f"evidence item {x['line']}"
        path = f"{x['path']}: " if x["path"] else ""
        lines.append(f"{where}: {path}{x['message']}")
    return EvidenceError("\n".join(lines), errors)


def _framework(framework: Union[Framework, PathLike]) -> Framework:
    if isinstance(framework, Framework):
        return framework
    if isinstance(framework, (str, os.PathLike)):
        return load_framework(framework)
    raise TypeError(
        "framework must be a proficient.Framework, a shipped name or a path, "
        f"not {type(framework).__name__}"
    )


def score(
    framework: Union[Framework, PathLike],
    evidence: Evidence,
    *,
    as_of: Union[_dt.date, str, None] = None,
    policy: Optional[PolicyOverrides] = None,
    explain: Union[bool, str] = True,
) -> ScoreResult:
    """Scores evidence against a framework with the default policy.

    ``framework``: a :class:`Framework`, or a shipped name or path.
    ``evidence``: a path (CSV, JSON Lines or JSON array), an iterable of
    dicts (keys as the CSV columns; an item's ``line`` is its 1-based
    position), a pandas or polars DataFrame, or a pyarrow Table /
    RecordBatchReader (DataFrames and Arrow data are read column by column
    by the engine, without Python objects per row).
    ``as_of``: the date to score at (default: today, UTC).
    ``policy``: overrides of the framework's evidence policy, as a dict or
    a YAML/JSON file.
    ``explain``: list every used item in the result (``True``, as the CLI's
    JSON), none (``False``: less memory on big inputs), or only those of
    one worker (a worker id).

    The GIL is released while the evidence is read and scored. Raises
    :class:`EvidenceError` for malformed evidence and :class:`PolicyError`
    for bad overrides; items that fail the policy are rejected, with their
    reason, in the result.
    """
    fw = _framework(framework)
    if not isinstance(explain, (bool, str)):
        raise TypeError(f"explain must be a bool or a worker id (str), not {type(explain).__name__}")
    as_of_text = _as_of(as_of)
    policy_text, policy_file = _policy(policy)
    source, text_format = _prepare(evidence)
    try:
        native = _native.score(
            fw._native,
            source,
            as_of=as_of_text,
            policy=policy_text,
            policy_file=policy_file,
            explain=explain,
            text_format=text_format,
        )
    except EvidenceError as e:
        raise _at_positions(e, text_format) from None
    return ScoreResult(native)


def screen(
    profile: Union[Profile, PathLike],
    evidence: Evidence,
    *,
    as_of: Union[_dt.date, str, None] = None,
    policy: Optional[PolicyOverrides] = None,
    framework: Optional[Framework] = None,
) -> ScreenResult:
    """Screens candidates against a role profile: scores the evidence with
    the profile's framework, then ranks everyone (meets every essential
    requirement, then essential and desirable requirements met, then overall
    score, then worker id) and lists each candidate's gaps.

    ``profile``: a :class:`Profile`, or a shipped name or path (checked
    against ``framework`` when given, else the shipped framework it names).
    Other arguments as in :func:`score`.
    """
    if isinstance(profile, Profile):
        if framework is not None:
            raise TypeError(
                "framework applies only when profile is a name or path; "
                "pass it to load_profile(...) instead"
            )
        prof = profile
    elif isinstance(profile, (str, os.PathLike)):
        prof = load_profile(profile, framework=framework)
    else:
        raise TypeError(
            f"profile must be a proficient.Profile, a shipped name or a path, not {type(profile).__name__}"
        )
    as_of_text = _as_of(as_of)
    policy_text, policy_file = _policy(policy)
    source, text_format = _prepare(evidence)
    try:
        native = _native.screen(
            prof._native,
            source,
            as_of=as_of_text,
            policy=policy_text,
            policy_file=policy_file,
            text_format=text_format,
        )
    except EvidenceError as e:
        raise _at_positions(e, text_format) from None
    return ScreenResult(native)
