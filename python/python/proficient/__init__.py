"""proficient: competency assessment, from Python.

Load a knowledge-and-skills framework, score workers against dated
evidence, and screen candidates against a role profile. The engine is the
project's Rust core (the same one the ``proficient`` command runs); this
package is a typed layer over it. Its result and model classes are
generated from the engine's Rust types (every one is in
:mod:`proficient.types`).

>>> import proficient, datetime
>>> fw = proficient.load_framework("job-retention")
>>> len(fw.competencies), len(fw.criteria)
(16, 28)
>>> result = proficient.score(fw, [], as_of=datetime.date(2026, 6, 30))
>>> result.counts
Counts(items=0, used=0, rejected=0)
"""

from __future__ import annotations

import csv as _csv
import datetime as _dt
import io as _io
import json
import os
from typing import IO, Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._evidence import prepare as _prepare
from ._model import Competency, Criterion, Framework, Profile
from ._results import Policy, ScoreResult, ScreenResult
from ._types import (
    Candidate,
    Category,
    CohortResult,
    CompetencyScore,
    Counts,
    CpdSummary,
    CriterionScore,
    DelphiResult,
    Diagnostic,
    Domain,
    DomainScore,
    EqualityResult,
    EvidenceKind,
    EvidencePolicy,
    EvidenceUse,
    Gap,
    Level,
    Measure,
    Panel,
    PanelGroup,
    Priority,
    ProgressResult,
    RatingScale,
    Rejection,
    Replacement,
    Requirement,
    ScaleLabel,
    ScoringPolicy,
    Source,
    WorkerScore,
)
from ._trainer import (
    CaseExport,
    CaseImport,
    badge,
    cpd_evidence,
    cpd_summary,
    export_case,
    import_case,
    load_cpd,
    load_plans,
    progress,
    report,
)
from .errors import (
    BadgeError,
    CaseError,
    CpdError,
    EvidenceError,
    FrameworkError,
    PlansError,
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
    "cohort",
    "equality",
    "delphi",
    "load_plans",
    "load_cpd",
    "progress",
    "cpd_summary",
    "cpd_evidence",
    "report",
    "import_case",
    "export_case",
    "badge",
    "CaseImport",
    "CaseExport",
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
    "ScoringPolicy",
    "ScoreResult",
    "ScreenResult",
    "WorkerScore",
    # the JSON of progress, cpd_summary, cohort, equality and delphi, and
    # of errors and notes, as classes: e.g. ProgressResult.from_dict(progress(...))
    "CohortResult",
    "CpdSummary",
    "DelphiResult",
    "Diagnostic",
    "EqualityResult",
    "ProgressResult",
    "Replacement",
    # errors
    "BadgeError",
    "CaseError",
    "CpdError",
    "PlansError",
    "EvidenceError",
    "FrameworkError",
    "PolicyError",
    "ProficientError",
    "ProfileError",
]

PathLike = Union[str, "os.PathLike[str]"]
"""A file path."""

Evidence = Union[PathLike, IO[Any], Iterable[Mapping[str, Any]], Any]
"""Evidence: a path (``.csv``, ``.jsonl``, ``.json``, ``.parquet``), a file object
(binary or text, e.g. ``sys.stdin``; CSV, JSON Lines or a JSON array, told by its
first bytes), an iterable of dicts, a pandas or polars DataFrame, or an Arrow
table / record batch reader (any object with ``__arrow_c_stream__``)."""

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
    ``evidence``: a path (CSV, JSON Lines, JSON array or Parquet), a file
    object (read once, as it streams; its format told by its first bytes),
    an iterable of dicts (keys as the CSV columns; an item's ``line`` is its 1-based
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


# ---------------------------------------------------------------------------
# Cohort, equality and Delphi: thin calls returning the JSON the CLI prints
# with ``--format json`` as plain dicts (shapes in schemas/cohort-result,
# equality-result and delphi-result.schema.json; as classes: CohortResult,
# EqualityResult and DelphiResult.from_dict).


def _path(x: Any) -> Optional[str]:
    if isinstance(x, str):
        return x
    if isinstance(x, os.PathLike):
        p = os.fspath(x)
        if isinstance(p, str):
            return p
    return None


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def cohort(
    framework: Union[Framework, PathLike],
    evidence: Evidence,
    *,
    as_of: Union[_dt.date, str, None] = None,
    policy: Optional[PolicyOverrides] = None,
    profile: Union[Profile, PathLike, None] = None,
    plans: Optional[PathLike] = None,
    min_holders: int = 2,
    level: str = "competent",
) -> Dict[str, Any]:
    """The team view of evidence scored against a framework, as ``proficient
    cohort --format json`` gives it: the workers x competencies matrix
    (level, screening gap, open plan target), holders per competency at
    ``level`` or above, competencies held by fewer than ``min_holders``
    (``thin``), and training demand. ``profile`` (a :class:`Profile`, or a
    shipped name or path) adds screening gaps; ``plans`` (a YAML/JSON file of
    development plans) adds open targets. Other arguments as in :func:`score`.
    """
    fw = _framework(framework)
    prof: Optional[Profile] = None
    if isinstance(profile, Profile):
        prof = profile
    elif profile is not None:
        prof = load_profile(profile, framework=fw)
    plans_path = None if plans is None else _path(plans)
    if plans is not None and plans_path is None:
        raise TypeError(f"plans must be a path, not {type(plans).__name__}")
    policy_text, policy_file = _policy(policy)
    source, text_format = _prepare(evidence)
    try:
        text = _native.cohort(
            fw._native,
            source,
            as_of=_as_of(as_of),
            policy=policy_text,
            policy_file=policy_file,
            text_format=text_format,
            profile=None if prof is None else prof._native,
            plans_path=plans_path,
            min_holders=min_holders,
            level=level,
        )
    except EvidenceError as e:
        raise _at_positions(e, text_format) from None
    result: Dict[str, Any] = json.loads(text)
    return result


def equality(
    people: Union[PathLike, Iterable[Mapping[str, Any]]],
    *,
    group: str,
    outcome: str,
    period: Optional[str] = None,
    reason: Optional[str] = None,
    reference: Optional[str] = None,
    min_cell: int = 10,
) -> Dict[str, Any]:
    """Equality monitoring of a yes/no ``outcome`` by ``group`` (and
    ``period``), as ``proficient equality --format json`` gives it: per
    group and period n, count, rate with a 95% Wilson interval, relative
    likelihood against ``reference`` (default: the largest group), ratio to
    the highest rate and the four-fifths flag, trends, and decline reasons
    by group; cells of fewer than ``min_cell`` people, and the totals that
    would reveal them, are suppressed. ``people``: a CSV file, or an iterable
    of dicts (each key a column; an item's line is its position + 1).
    Raises :class:`EvidenceError` for a malformed file (e.g. a missing
    column); rows with an empty or unknown outcome are listed in
    ``rejected``.
    """
    path: Optional[str] = None
    csv_text: Optional[str] = None
    if isinstance(people, (str, os.PathLike)):
        path = _path(people)
        if path is None:
            raise TypeError("people must be a str path")
    else:
        rows = [dict(r) for r in people]
        columns: List[str] = []
        for r in rows:
            for k in r:
                if str(k) not in columns:
                    columns.append(str(k))
        buf = _io.StringIO()
        w = _csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_csv_cell(r.get(c)) for c in columns])
        csv_text = buf.getvalue()
    text = _native.equality(
        group=group,
        outcome=outcome,
        people_path=path,
        people_csv=csv_text,
        period=period,
        reason=reason,
        reference=reference,
        min_cell=min_cell,
    )
    result: Dict[str, Any] = json.loads(text)
    return result


def delphi(
    ratings: Union[PathLike, Iterable[Mapping[str, Any]]],
    *,
    items: Union[PathLike, Iterable[Mapping[str, Any]], None] = None,
    consensus: float = 0.7,
    stability: float = 0.15,
) -> Dict[str, Any]:
    """Delphi analysis of ratings 1-10, as ``proficient delphi --format
    json`` gives it: per round and item, overall and by panel group, n,
    mean, sample SD, median and IQR, band shares, consensus (largest band
    share >= ``consensus``), rank and stability (change in the high share
    since the previous round, stable within ``stability``). ``ratings``: a
    CSV (``participant, group, round, item, score``) or JSON file, or an
    iterable of dicts with those keys (a rating's line is its position).
    ``items``: an item list (CSV file or dicts with ``item``, ``label``,
    ``category``, ``competency``); unknown items are then excluded. Bad
    ratings are listed in ``excluded``, never silently dropped.
    """
    path: Optional[str] = None
    ratings_json: Optional[str] = None
    if isinstance(ratings, (str, os.PathLike)):
        path = _path(ratings)
        if path is None:
            raise TypeError("ratings must be a str path")
    else:
        parts = [json.dumps(dict(r), allow_nan=False) for r in ratings]
        ratings_json = "[" + ",\n".join(parts) + "]"
    items_path: Optional[str] = None
    items_json: Optional[str] = None
    if isinstance(items, (str, os.PathLike)):
        items_path = _path(items)
    elif items is not None:
        items_json = json.dumps([dict(i) for i in items])
    text = _native.delphi(
        ratings_path=path,
        ratings_json=ratings_json,
        items_path=items_path,
        items_json=items_json,
        consensus=consensus,
        stability=stability,
    )
    result: Dict[str, Any] = json.loads(text)
    return result
