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
import stat
import tempfile
from dataclasses import dataclass
from typing import IO, AbstractSet, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._evidence import prepare as _prepare
from ._model import Competency, Criterion, Framework, Profile, _fspath
from ._results import Policy, ScoreResult, ScreenResult
from ._types import (  # noqa: F401
    AdverseImpact, Candidate, Category, CohortResult, CompetencyScore, Counts, CpdSummary, CriterionScore,
    DelphiResult, Diagnostic, Domain, DomainScore, EqualityResult, EvidenceKind, EvidencePolicy,
    EvidenceUse, Gap, Level, Measure, Panel, PanelGroup, Priority, ProgressResult, RatingScale,
    Rejection, Replacement, Requirement, ScaleLabel, ScoringPolicy, Source, WorkerScore,
)
from .errors import (  # noqa: F401
    BadgeError, CaseError, CpdError, EvidenceError, FrameworkError, PlansError, PolicyError,
    ProficientError, ProfileError,
)

__version__: str = _native.__version__

# Functions, model, results, classes of the dict results (e.g. ProgressResult), errors.
__all__ = [
    "__version__", "load_framework", "load_profile", "score", "screen", "shipped_frameworks",
    "shipped_profiles", "cohort", "assessors", "adverse_impact", "equality", "delphi", "load_plans", "load_cpd", "progress",
    "cpd_summary", "cpd_evidence", "report", "import_case", "export_case", "import_sheet",
    "export_sheet", "workbook", "badge",
    "catalogue", "schema", "validate", "generate",
    "CaseImport", "CaseExport", "Document", "Category", "Competency", "Criterion", "Domain",
    "EvidenceKind", "EvidencePolicy", "Framework", "Level", "Measure", "Panel", "PanelGroup",
    "Priority", "Profile", "RatingScale", "Requirement", "ScaleLabel", "Source", "Candidate",
    "CompetencyScore", "Counts", "CriterionScore", "DomainScore", "EvidenceUse", "Gap",
    "Policy", "Rejection", "ScoringPolicy", "ScoreResult", "ScreenResult", "WorkerScore",
    "AdverseImpact", "CohortResult", "CpdSummary", "DelphiResult", "Diagnostic", "EqualityResult",
    "ProgressResult", "Replacement", "BadgeError", "CaseError", "CpdError", "PlansError",
    "EvidenceError", "FrameworkError", "PolicyError", "ProficientError", "ProfileError",
]

PathLike = Union[str, "os.PathLike[str]"]
"""A file path."""

Evidence = Union[PathLike, IO[Any], Iterable[Mapping[str, Any]], Any]
"""Evidence: a path (``.csv``, ``.jsonl``, ``.json``, ``.parquet``, ``.xlsx``,
``.xlsm``, ``.ods``), a file object
(binary or text, e.g. ``sys.stdin``; CSV, JSON Lines or a JSON array, told by its
first bytes), an iterable of dicts, a pandas or polars DataFrame, or an Arrow
table / record batch reader (any object with ``__arrow_c_stream__``)."""

PolicyOverrides = Union[Mapping[str, Any], PathLike]
"""Policy overrides: a dict (keys ``half_life_days``, ``max_age_days``,
``min_items``, ``min_coverage``, ``kind_weights``, ``aggregate``) or a YAML/JSON file of them."""

Document = Union[PathLike, Mapping[str, Any]]
"""A document (plans, CPD, an issuer profile, a CASE package): a file path,
or a dict of its content (dates as ``datetime.date`` or ``YYYY-MM-DD``);
problems in a dict give their path but no line or column."""

Date = Union[_dt.date, str, None]

# ---------------------------------------------------------------------------
# Every function below is a call of the engine's operation of the same name
# (``proficient::api``; options in schemas/<operation>-options.schema.json),
# its keyword arguments converted to the options by one rule (``_options``).
# Defaults, policy overrides, dates and errors are the engine's.

_EXPECTED = {"as_of": "a datetime.date or a `YYYY-MM-DD` str", "policy": "a dict of overrides or a path to a YAML/JSON file",
             "framework": "a proficient.Framework, a shipped name or a path",
             "profile": "a proficient.Profile, a shipped name or a path"}
_SOURCES = {"framework", "profile", "policy", "plans", "cpd", "issuer", "package", "document",
            "people", "ratings", "items", "workbook"}


def _json_default(v: Any) -> Any:
    if not isinstance(v, _dt.date):
        raise TypeError(f"{type(v).__name__} is not JSON serialisable")
    return (v.date() if isinstance(v, _dt.datetime) else v).isoformat()


def _options(options: Mapping[str, Any], explicit: Mapping[str, Any] = {},
             documents: AbstractSet[str] = _SOURCES) -> Tuple[str, Dict[str, Any]]:
    """``(options as JSON, sources)``: ``None`` is left out (the engine's
    default) except in ``explicit`` (``**overrides``: ``half_life=None`` is
    no decay); a path is its str, a date its ISO text; a :class:`Framework`
    or :class:`Profile`, a dict (a document), a ``(how, text)`` pair and
    ``evidence`` other than a path (see ``_evidence``) are sources; an
    option named in ``documents`` (the operation's document options) must
    be a path or a source."""
    opts: Dict[str, Any] = {}
    sources: Dict[str, Any] = {}
    for name, v in {**options, **explicit}.items():
        if v is None and name in explicit:
            opts[name] = None
        if name == "evidence" and v is not None:
            v, fmt = _prepare(v)
            if fmt is not None:
                opts.setdefault("evidence_format", fmt)
            if not isinstance(v, str):
                sources[name] = v
                continue
        if v is None:
            continue
        if isinstance(v, (Framework, Profile)):
            sources[name] = v._native
        elif isinstance(v, (bytes, bytearray)):
            sources[name] = bytes(v)
        elif isinstance(v, tuple):
            sources[name] = v
        elif isinstance(v, Mapping):
            try:
                sources[name] = ("document", json.dumps(dict(v), default=_json_default, allow_nan=False))
            except (TypeError, ValueError) as e:
                raise TypeError(f"{name} values must be JSON values (and dates): {e}") from None
        elif isinstance(v, os.PathLike):
            opts[name] = _fspath(v, name)
        elif isinstance(v, _dt.date):
            opts[name] = _json_default(v)
        elif isinstance(v, str) or name not in documents | {"as_of"}:
            opts[name] = v
        else:
            raise TypeError(f"{name} must be {_EXPECTED.get(name, 'a path or a dict')}, not {type(v).__name__}")
    return json.dumps(opts, allow_nan=False), sources


def _scored(operation: str, explicit: Mapping[str, Any], **options: Any) -> _native.Result:
    """The result of ``score`` or ``screen``, rendered when asked."""
    return _native.scored(operation, *_options(options, explicit))


def _load(operation: str, explicit: Mapping[str, Any], **options: Any) -> Any:
    """The result of ``operation``: the engine's JSON, read."""
    return json.loads(_native.call(operation, *_options(options, explicit)))


def _rows_csv(rows: Iterable[Mapping[str, Any]]) -> Tuple[str, str]:
    """Rows of dicts as CSV text (a column per key, in order of appearance)."""
    rows = [dict(r) for r in rows]
    columns = list(dict.fromkeys(str(k) for r in rows for k in r))
    buf = _io.StringIO()
    w = _csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        values = [r.get(c) for c in columns]
        w.writerow([("true" if v else "false") if isinstance(v, bool) else "" if v is None else v for v in values])
    return "text", buf.getvalue()


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
    return list(_native.shipped()[0])


def shipped_profiles() -> List[str]:
    """Names of the role profiles shipped with the engine."""
    return list(_native.shipped()[1])


def catalogue() -> Dict[str, Any]:
    """The shipped frameworks and role profiles with their titles and sizes
    (what ``proficient list`` prints)."""
    result: Dict[str, Any] = _load("list", {})
    return result


def schema(name: str) -> Dict[str, Any]:
    """The JSON Schema of format ``name`` (``proficient schema NAME``; the
    names are those of ``schemas/``, e.g. ``framework``, ``score-options``)."""
    result: Dict[str, Any] = _load("schema", {}, name=name)
    return result


def validate(*files: Union[PathLike, Tuple[str, str]]) -> List[Dict[str, Any]]:
    """Checks framework and profile files (``proficient validate``): for each,
    its kind, whether it could be read, and every problem found, located."""
    paths = [_fspath(f, "files") if isinstance(f, (str, os.PathLike)) else f for f in files]
    result: List[Dict[str, Any]] = _load("validate", {}, files=paths)
    return result


def generate(
    *,
    items: int,
    workers: int,
    framework: Optional[Union[Framework, PathLike]] = None,
    competencies: Optional[int] = None,
    seed: Optional[int] = None,
    as_of: Optional[Union[str, _dt.date]] = None,
    reject_per_mille: Optional[int] = None,
    format: Optional[str] = None,
    out: Optional[PathLike] = None,
) -> str:
    """A synthetic evidence workload (``proficient generate``) as CSV or
    JSON Lines text, deterministic from ``seed``; ``out`` only names the file
    whose extension gives the format (the caller writes it)."""
    # `items` is a count here, not Delphi's items document.
    options = dict(items=items, workers=workers, framework=framework, competencies=competencies,
                   seed=seed, as_of=as_of, reject_per_mille=reject_per_mille, format=format,
                   out=out)
    result: str = json.loads(_native.call("generate", *_options(options, {}, {"framework"})))
    return result



def score(
    framework: Union[Framework, PathLike],
    evidence: Evidence,
    *,
    as_of: Date = None,
    policy: Optional[PolicyOverrides] = None,
    explain: Union[bool, str] = True,
    **overrides: Any,
) -> ScoreResult:
    """Scores evidence against a framework with the default policy.

    ``framework``: a :class:`Framework`, or a shipped name or path.
    ``evidence``: a path (CSV, JSON Lines, JSON array, Parquet, or a
    workbook: ``.xlsx``, ``.xlsm``, ``.ods``, its first sheet unless
    ``sheet=`` names one), a file object (read once, as it streams; its format told by its first bytes),
    an iterable of dicts (keys as the CSV columns; an item's ``line`` is its 1-based
    position), a pandas or polars DataFrame, or a pyarrow Table /
    RecordBatchReader (DataFrames and Arrow data are read column by column
    by the engine, without Python objects per row).
    ``as_of``: the date to score at (default: today, UTC).
    ``policy``: overrides of the framework's evidence policy, as a dict or
    a YAML/JSON file; ``**overrides``: ``half_life``, ``max_age``,
    ``min_items``, ``min_coverage``, ``aggregate`` (``weighted_mean``,
    ``latest``, ``latest_per_assessor``; as the CLI's flags, over ``policy``),
    ``evidence_format`` (``csv``, ``jsonl``, ``json``, ``parquet``,
    ``xlsx``) and ``sheet`` (the sheet of a workbook; errors then name the
    sheet and cell, ``evidence.xlsx:Sheet1!D14``).
    ``explain``: list every used item in the result (``True``, as the CLI's
    JSON), none (``False``: less memory on big inputs), or only one worker's
    scores, items and rejections (a worker id).

    The GIL is released while the evidence is read and scored. Raises
    :class:`EvidenceError` for malformed evidence and :class:`PolicyError`
    for bad overrides; items that fail the policy are rejected, with their
    reason, in the result.
    """
    fw = framework if isinstance(framework, Framework) else load_framework(_fspath(framework, "framework"))
    if not isinstance(explain, (bool, str)):
        raise TypeError(f"explain must be a bool or a worker id (str), not {type(explain).__name__}")
    native = _scored(
        "score", overrides, framework=fw, evidence=evidence, as_of=as_of, policy=policy,
        explain=None if isinstance(explain, bool) else explain, no_evidence=explain is False or None,
    )
    return ScoreResult(native, {c.id: c.domain for c in fw.competencies})


def screen(
    profile: Union[Profile, PathLike],
    evidence: Evidence,
    *,
    as_of: Date = None,
    policy: Optional[PolicyOverrides] = None,
    framework: Optional[Union[Framework, PathLike]] = None,
    people: Union[PathLike, Iterable[Mapping[str, Any]], None] = None,
    attributes: Optional[Sequence[str]] = None,
    min_cell: Optional[int] = None,
    **overrides: Any,
) -> ScreenResult:
    """Screens candidates against a role profile: scores the evidence with
    the profile's framework, then ranks everyone (meets every essential
    requirement, then essential and desirable requirements met, then overall
    score, then worker id) and lists each candidate's gaps.

    ``profile``: a :class:`Profile`, or a shipped name or path (checked
    against ``framework`` when given, else the shipped framework it names).
    With ``people`` (``attributes``, ``min_cell``, as in
    :func:`adverse_impact`) the result's ``adverse_impact`` is the typed
    :class:`AdverseImpact`. Other arguments as in :func:`score`.
    """
    if isinstance(profile, Profile):
        if framework is not None:
            raise TypeError(
                "framework applies only when profile is a name or path; "
                "pass it to load_profile(...) instead"
            )
        framework = profile.framework
    if people is not None and not isinstance(people, (str, os.PathLike)):
        people = _rows_csv(people)  # type: ignore[assignment]
    native = _scored("screen", overrides, profile=profile, evidence=evidence, as_of=as_of, policy=policy,
                     framework=framework, people=people,
                     attributes=[str(a) for a in attributes] if attributes is not None else None,
                     min_cell=min_cell)
    return ScreenResult(native, {})


def adverse_impact(
    profile: Union[Profile, PathLike],
    evidence: Evidence,
    people: Union[PathLike, Iterable[Mapping[str, Any]]],
    *,
    as_of: Date = None,
    policy: Optional[PolicyOverrides] = None,
    framework: Union[Framework, PathLike, None] = None,
    attributes: Optional[Sequence[str]] = None,
    min_cell: Optional[int] = None,
    people_sheet: Optional[str] = None,
    **overrides: Any,
) -> Dict[str, Any]:
    """A screening with its adverse impact, as ``proficient screen --people
    FILE --format json`` gives it: the screen result's fields and
    ``adverse_impact``: per attribute (a column of ``people``; default every
    column but ``worker``) and group, candidates, those meeting the
    essential requirements, the selection rate with its 95% Wilson interval,
    the relative likelihood against the most selected group, the ratio to
    it and the four-fifths flag, and Fisher's exact p where an expected
    count is below 5; groups of fewer than ``min_cell`` (default 10)
    candidates, and what would reveal them, are suppressed. ``people``: a
    CSV file, a workbook (its first sheet unless ``people_sheet`` names
    one), or an iterable of dicts. Other arguments as in :func:`screen`.
    """
    if isinstance(profile, Profile):
        framework = profile.framework
    if not isinstance(people, (str, os.PathLike)):
        people = _rows_csv(people)  # type: ignore[assignment]
    return _load("screen", overrides, profile=profile, evidence=evidence, as_of=as_of, policy=policy,  # type: ignore[no-any-return]
                 framework=framework, people=people, people_sheet=people_sheet,
                 attributes=[str(a) for a in attributes] if attributes is not None else None, min_cell=min_cell)


def cohort(
    framework: Union[Framework, PathLike],
    evidence: Evidence,
    *,
    as_of: Date = None,
    policy: Optional[PolicyOverrides] = None,
    profile: Union[Profile, PathLike, None] = None,
    plans: Optional[Document] = None,
    min_holders: Optional[int] = None,
    level: Optional[str] = None,
    **overrides: Any,
) -> Dict[str, Any]:
    """The team view of evidence scored against a framework, as ``proficient
    cohort --format json`` gives it: the workers x competencies matrix
    (level, screening gap, open plan target), holders per competency at
    ``level`` (default ``competent``) or above, competencies held by fewer
    than ``min_holders`` (default 2: ``thin``), and training demand.
    ``profile`` (a :class:`Profile`, or a shipped name or path) adds
    screening gaps; ``plans`` (development plans) adds open targets. Other
    arguments as in :func:`score`.
    """
    return _load("cohort", overrides, framework=framework, evidence=evidence, as_of=as_of, policy=policy, profile=profile,  # type: ignore[no-any-return]
                 plans=plans, min_holders=min_holders, level=level)


def assessors(
    framework: Union[Framework, PathLike],
    evidence: Evidence,
    *,
    as_of: Date = None,
    policy: Optional[PolicyOverrides] = None,
    self_kind: Optional[str] = None,
    min_pairs: Optional[int] = None,
    **overrides: Any,
) -> Dict[str, Any]:
    """Assessor calibration, as ``proficient assessors --format json``
    gives it: per assessor items, workers, mean normalised value and
    leniency (mean difference from other assessors' values on the same
    worker x criterion, with a 95% t interval, the number of pairs, a
    ``lenient``/``severe`` flag when the interval excludes 0 and the pairs
    behind it); Krippendorff's alpha (ordinal for ratings, nominal for
    yes/no) and exact/adjacent agreement per criterion and overall;
    self-assessments (kind ``self_kind``, default ``self-assessment``, or
    assessor = worker) against assessors by competency. Flags need at least
    ``min_pairs`` pairs (default 5). Other arguments as in :func:`score`.
    """
    return _load("assessors", overrides, framework=framework, evidence=evidence, as_of=as_of,  # type: ignore[no-any-return]
                 policy=policy, self_kind=self_kind, min_pairs=min_pairs)


def equality(
    people: Union[PathLike, Iterable[Mapping[str, Any]]],
    *,
    group: str,
    outcome: str,
    period: Optional[str] = None,
    reason: Optional[str] = None,
    reference: Optional[str] = None,
    min_cell: Optional[int] = None,
    cross: Optional[str] = None,
    profile_shares: Optional[PathLike] = None,
    sheet: Optional[str] = None,
    profile_shares_sheet: Optional[str] = None,
) -> Dict[str, Any]:
    """Equality monitoring of a yes/no ``outcome`` by ``group`` (and
    ``period``, or intersectional groups: ``group`` crossed with the column
    ``cross``; with ``profile_shares``, a CSV ``group,share``: each group's
    share of the outcome against its profile share, ``representation``),
    as ``proficient equality --format json`` gives it: per
    group and period n, count, rate with a 95% Wilson interval, relative
    likelihood against ``reference`` (default: the largest group), ratio to
    the highest rate and the four-fifths flag, trends, and decline reasons
    by group; cells of fewer than ``min_cell`` (default 10) people, and the
    totals that would reveal them, are suppressed. ``people``: a CSV file,
    a workbook (its first sheet unless ``sheet`` names one; the profile
    shares' ``profile_shares_sheet``), or an iterable
    of dicts (each key a column; an item's line is its position + 1). Raises :class:`EvidenceError` for a malformed file (e.g.
    a missing column); rows with an empty or unknown outcome are listed in
    ``rejected``.
    """
    if not isinstance(people, (str, os.PathLike)):
        people = _rows_csv(people)  # type: ignore[assignment]
    return _load("equality", {}, people=people, group=group, outcome=outcome, period=period,  # type: ignore[no-any-return]
                 reason=reason, reference=reference, min_cell=min_cell, cross=cross,
                 profile_shares=profile_shares, sheet=sheet, profile_shares_sheet=profile_shares_sheet)


def delphi(
    ratings: Union[PathLike, Iterable[Mapping[str, Any]]],
    *,
    items: Union[PathLike, Iterable[Mapping[str, Any]], None] = None,
    consensus: Optional[float] = None,
    stability: Optional[float] = None,
    sheet: Optional[str] = None,
    items_sheet: Optional[str] = None,
) -> Dict[str, Any]:
    """Delphi analysis of ratings 1-10, as ``proficient delphi --format
    json`` gives it: per round and item, overall and by panel group, n,
    mean, sample SD, median and IQR, band shares, consensus (largest band
    share >= ``consensus``, default 0.7), rank and stability (change in the
    high share since the previous round, stable within ``stability``,
    default 0.15). ``ratings``: a CSV (``participant, group, round, item,
    score``), a workbook (its first sheet unless ``sheet`` names one; the
    item list's ``items_sheet``) or a JSON file, or an iterable of dicts with those keys (a
    rating's line is its position). ``items``: an item list (CSV file or
    dicts with ``item``, ``label``, ``category``, ``competency``); unknown
    items are then excluded. Bad ratings are listed in ``excluded``, never
    silently dropped.
    """
    if not isinstance(ratings, (str, os.PathLike)):
        parts = [json.dumps(dict(r), allow_nan=False) for r in ratings]
        ratings = ("text", "[" + ",\n".join(parts) + "]")  # type: ignore[assignment]
    if items is not None and not isinstance(items, (str, os.PathLike)):
        items = _rows_csv(items)  # type: ignore[assignment]
    return _load("delphi", {}, ratings=ratings, items=items, consensus=consensus,  # type: ignore[no-any-return]
                 stability=stability, sheet=sheet, items_sheet=items_sheet)


# ---------------------------------------------------------------------------
# Development plans, CPD, progress, the trainer's report, CASE 1.1 import and
# export, and Open Badges 3.0 credentials. The generated classes read the
# dicts as typed values, e.g. ``proficient.ProgressResult.from_dict(...)``.


def load_plans(plans: Document, *, framework: Union[Framework, PathLike]) -> Dict[str, Any]:
    """Reads development plans (YAML or JSON file, or a dict) and checks
    them against ``framework``: every target's competency and level must
    exist, review and due dates may not precede the baseline. Returns the
    plans as a dict. Raises :class:`PlansError` listing every problem."""
    return _load("plans", {}, framework=framework, document=plans)  # type: ignore[no-any-return]


def load_cpd(cpd: Document, *, framework: Union[Framework, PathLike]) -> Dict[str, Any]:
    """Reads CPD activities (YAML, JSON, or CSV for a ``.csv`` path: columns
    ``worker, date, title, provider, hours, competencies, certificate``,
    competencies separated by ``;``), checked against ``framework``.
    Returns them as a dict. Raises :class:`CpdError` listing every problem."""
    return _load("cpd_activities", {}, framework=framework, document=cpd)  # type: ignore[no-any-return]


def progress(
    framework: Union[Framework, PathLike],
    evidence: Any,
    plans: Document,
    *,
    cpd: Optional[Document] = None,
    as_of: Date = None,
    policy: Any = None,
    min_gain: Optional[float] = None,
    **overrides: Any,
) -> Dict[str, Any]:
    """Progress of every plan target at ``as_of``, as ``proficient progress
    --format json``: ``status`` (``achieved``, ``progressing``: the score
    rose by ``min_gain`` (default 0.05) or the level rose since the
    baseline, or ``no_progress``), ``overdue`` and ``days_overdue``,
    ``gain``, the ``trajectory`` (score and level at the baseline, each
    review date up to ``as_of``, and ``as_of``) and a one-line
    ``explanation``. ``cpd``: CPD activities whose evidence rules add
    evidence items. Evidence, ``as_of`` and ``policy`` as in
    :func:`proficient.score`."""
    return _load("progress", overrides, framework=framework, evidence=evidence, plans=plans, cpd=cpd,  # type: ignore[no-any-return]
                 as_of=as_of, policy=policy, min_gain=min_gain)


def cpd_summary(
    framework: Union[Framework, PathLike], cpd: Document, *, period: Optional[str] = None,
    sheet: Optional[str] = None,
) -> Dict[str, Any]:
    """CPD totals, as ``proficient cpd --format json``: ``total_hours``,
    hours and activities ``by_worker`` and ``period`` (``month``,
    ``quarter``: the default, or ``year``), ``by_competency`` (an activity
    counts fully for each competency it addresses) and the ``unmapped``
    activities. ``cpd``: a YAML, JSON or CSV file, a workbook (its first
    sheet unless ``sheet`` names one) or a dict."""
    return _load("cpd", {}, framework=framework, cpd=cpd, period=period, sheet=sheet)  # type: ignore[no-any-return]


def cpd_evidence(framework: Union[Framework, PathLike], cpd: Document) -> List[Dict[str, Any]]:
    """The evidence items the CPD's ``evidence_rules`` make from certificates
    (one ``yes`` item per matching activity and rule, id
    ``cpd:<worker>:<date>:<criterion>``), as :func:`progress` and
    :func:`report` add them."""
    return _load("cpd_evidence", {}, framework=framework, document=cpd)  # type: ignore[no-any-return]


def _write_atomically(path: str, text: str) -> None:
    """Writes ``text`` to ``path`` as the CLI's ``--out`` does: a regular
    file (or nothing yet) through a temporary file beside it, then renamed
    over it (a reader never sees half a file; its permissions are kept); a
    symbolic link is followed to the file it points to, which is replaced
    (the link stays); a FIFO or a device (``/dev/null``) is written to
    directly, never replaced; a directory is refused."""
    target = os.path.realpath(path)
    try:
        st: Optional[os.stat_result] = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(f"{path}: it is a directory, expected a file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def report(
    framework: Union[Framework, PathLike],
    evidence: Any,
    *,
    plans: Optional[Document] = None,
    cpd: Optional[Document] = None,
    as_of: Date = None,
    policy: Any = None,
    min_gain: Optional[float] = None,
    profile: Union[Profile, PathLike, None] = None,
    people: Union[PathLike, Iterable[Mapping[str, Any]], None] = None,
    attributes: Optional[Sequence[str]] = None,
    min_cell: Optional[int] = None,
    out: Optional[PathLike] = None,
    **overrides: Any,
) -> str:
    """The trainer's report, as ``proficient report`` writes it: one
    self-contained HTML page (inline CSS and SVG, no scripts, no network)
    with the team matrix of levels, plan status (overdue first), each
    worker's radar and trajectories, CPD hours by quarter, the assessor
    calibration and the rejected evidence. With ``profile`` and ``people``
    (as in :func:`adverse_impact`) it also shows the adverse impact of
    screening the evidence against the profile, small groups suppressed.
    Returns the HTML; with ``out``, also writes it there atomically
    (temporary file, then rename). Other arguments as in :func:`progress`."""
    out_path = None if out is None else _fspath(out, "out")
    if people is not None and not isinstance(people, (str, os.PathLike)):
        people = _rows_csv(people)  # type: ignore[assignment]
    html: str = _load("report", overrides, framework=framework, evidence=evidence, plans=plans, cpd=cpd,
                      as_of=as_of, policy=policy, min_gain=min_gain, profile=profile, people=people,
                      attributes=[str(a) for a in attributes] if attributes is not None else None,
                      min_cell=min_cell)
    if out_path is not None:
        _write_atomically(out_path, html)
    return html


@dataclass(frozen=True)
class CaseImport:
    """A CASE package read as a framework, with the ``notes``: what was
    tolerated (``lenient``) or worth knowing (items shared between parents,
    levels taken from a rubric), each a dict like an error's."""

    framework: Framework
    notes: Tuple[Dict[str, Any], ...]


def import_case(package: Document, *, lenient: Optional[bool] = None) -> CaseImport:
    """Imports a CASE 1.1 CFPackage (a JSON file, or the parsed dict), as
    ``proficient import-case``: items with leaf children become
    competencies, the leaves their criteria; every CASE identifier is kept
    so that :func:`export_case` writes them back. ``lenient`` accepts CASE
    1.0-era packages and notes what it tolerated. Raises :class:`CaseError`
    with every problem's JSON path (and, from a file, line and column)."""
    native, notes = _native.import_case(*_options({"package": package, "lenient": lenient}))
    return CaseImport(Framework(native), tuple(json.loads(notes)))


@dataclass(frozen=True)
class CaseExport:
    """A CFPackage from :func:`export_case`: ``package`` (the dict),
    ``json`` (the text ``proficient export-case`` writes), ``replaced``
    (identifiers that were not UUIDs and were replaced: ``old``, ``new``,
    ``path``) and ``notes`` (each kind of change made to write valid CASE
    1.1, e.g. a time zone added or a required property filled in, each a
    dict like an error's, ``path`` being in the package written)."""

    package: Dict[str, Any]
    json: str
    replaced: Tuple[Dict[str, str], ...]
    notes: Tuple[Dict[str, Any], ...] = ()


def export_case(framework: Union[Framework, PathLike], *, at: Optional[int] = None) -> CaseExport:
    """Exports a framework as a valid CASE 1.1 CFPackage, as ``proficient
    export-case``: UUID identifiers kept from an import, else UUIDs derived
    from the framework and item ids (re-exports are identical). What CASE
    1.1 does not allow is written in its form or left out, each kind of
    change listed in ``notes``; identifiers that are not UUIDs are replaced
    by UUIDs derived from them, listed in ``replaced``. ``lastChangeDateTime``
    is the package's own (an imported framework), else the framework's
    ``updated`` date, else ``at`` (seconds since 1970), else the framework
    file's modification time (a path given here), else the time of export
    (said in ``notes``)."""
    text, replaced, notes = _native.export_case(*_options({"framework": framework, "at": at}))
    return CaseExport(json.loads(text), text, tuple(json.loads(replaced)), tuple(json.loads(notes)))


def import_sheet(workbook: Union[PathLike, bytes]) -> Framework:
    """Reads a framework from a workbook (a path, or the ``.xlsx``,
    ``.xlsm`` or ``.ods`` file's bytes) of the template
    :func:`export_sheet` writes (docs/sheets.md), as ``proficient
    import-sheet``. Raises :class:`FrameworkError` with every problem at
    its sheet and cell (``framework.xlsx:Competencies!F3``)."""
    text = _native.call("import_sheet", *_options({"workbook": workbook}))
    return Framework(_native.framework(("text", text)))


def export_sheet(framework: Union[Framework, PathLike]) -> bytes:
    """A framework as the bytes of the ``.xlsx`` workbook ``proficient
    export-sheet`` writes: one sheet for competencies and criteria, one
    for levels, one for evidence kinds, ... (docs/sheets.md), which
    :func:`import_sheet` reads back into the same framework."""
    return workbook("export_sheet", framework=framework)


def workbook(operation: str, *, view: Optional[str] = None, **options: Any) -> bytes:
    """The result of ``operation`` (``score``, ``screen``, ``progress``,
    ``cpd``, ``cohort``, ``equality``, ``export_sheet``) as the bytes of
    the ``.xlsx`` workbook ``--format xlsx --out`` writes; ``options`` are
    the keyword arguments of the operation's function (``view``: the
    cohort's ``summary`` or ``matrix``)."""
    render = json.dumps({"view": view} if view is not None else {})
    return _native.workbook(operation, *_options(options), render)


def badge(
    framework: Union[Framework, PathLike],
    evidence: Any,
    *,
    worker: str,
    competency: str,
    issuer: Document,
    level: Optional[str] = None,
    id: Optional[str] = None,
    as_of: Date = None,
    policy: Any = None,
    **overrides: Any,
) -> Dict[str, Any]:
    """An unsigned Open Badges 3.0 ``OpenBadgeCredential`` (JSON-LD, as
    ``proficient badge`` writes it) for ``worker``'s ``competency`` assessed
    at or above ``level`` (default: the framework's second level; the
    lowest level, threshold 0, asserts no achievement and is refused with
    code ``level_asserts_nothing``). ``issuer``: the issuer profile
    (``id``, an ``https:``, ``http:``, ``did:`` or ``urn:`` URI; ``name``;
    ``url``, a web address; ``email``), a YAML/JSON file or a dict. Raises
    :class:`BadgeError` saying why when the level is not met. The
    credential is not signed: sign it with your issuer's tools before
    handing it out."""
    return _load("badge", overrides, framework=framework, evidence=evidence, worker=worker, competency=competency,  # type: ignore[no-any-return]
                 issuer=issuer, level=level, id=id, as_of=as_of, policy=policy)
