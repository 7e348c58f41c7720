"""Development plans, CPD, progress, the trainer's report, CASE 1.1 import
and export, and Open Badges 3.0 credentials.

Thin calls into the engine returning what the CLI writes: ``progress``,
``cpd_summary`` and ``badge`` give the JSON of ``proficient progress``,
``proficient cpd`` (``--format json``) and ``proficient badge`` as plain
dicts; ``report`` the HTML page of ``proficient report``; ``export_case``
the package of ``proficient export-case``. The generated classes read those
dicts as typed values, e.g. ``proficient.ProgressResult.from_dict(...)``.

Documents (plans, CPD, an issuer profile, a CASE package) are a file path
or a dict of the file's content (dates as ``datetime.date`` or
``YYYY-MM-DD``); errors in a dict give its path but no line or column.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _native
from ._model import Framework

PathLike = Union[str, "os.PathLike[str]"]
Document = Union[PathLike, Mapping[str, Any]]
"""A document: a file path, or a dict of its content."""

__all__ = [
    "CaseExport",
    "CaseImport",
    "Document",
    "badge",
    "cpd_evidence",
    "cpd_summary",
    "export_case",
    "import_case",
    "load_cpd",
    "load_plans",
    "progress",
    "report",
]


def _json_default(v: Any) -> Any:
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def _doc(value: Any, what: str) -> Tuple[Optional[str], Optional[str]]:
    """``(path, JSON text)`` of a document."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, os.PathLike):
        p = os.fspath(value)
        if isinstance(p, str):
            return p, None
    if isinstance(value, Mapping):
        try:
            return None, json.dumps(dict(value), default=_json_default, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise TypeError(f"{what} must hold JSON values (and dates): {e}") from None
    raise TypeError(f"{what} must be a path or a dict, not {type(value).__name__}")


def _optional_doc(value: Any, what: str) -> Tuple[Optional[str], Optional[str]]:
    return (None, None) if value is None else _doc(value, what)


def _loads(text: str) -> Any:
    return json.loads(text)


def load_plans(plans: Document, *, framework: Union[Framework, PathLike]) -> Dict[str, Any]:
    """Reads development plans (YAML or JSON file, or a dict) and checks
    them against ``framework``: every target's competency and level must
    exist, review and due dates may not precede the baseline. Returns the
    plans as a dict. Raises :class:`PlansError` listing every problem."""
    from . import _framework

    path, text = _doc(plans, "plans")
    result: Dict[str, Any] = _loads(_native.load_plans(_framework(framework)._native, path=path, json=text))
    return result


def load_cpd(cpd: Document, *, framework: Union[Framework, PathLike]) -> Dict[str, Any]:
    """Reads CPD activities (YAML, JSON, or CSV for a ``.csv`` path: columns
    ``worker, date, title, provider, hours, competencies, certificate``,
    competencies separated by ``;``), checked against ``framework``.
    Returns them as a dict. Raises :class:`CpdError` listing every problem."""
    from . import _framework

    path, text = _doc(cpd, "CPD activities")
    result: Dict[str, Any] = _loads(_native.load_cpd(_framework(framework)._native, path=path, json=text))
    return result


def progress(
    framework: Union[Framework, PathLike],
    evidence: Any,
    plans: Document,
    *,
    cpd: Optional[Document] = None,
    as_of: Union[_dt.date, str, None] = None,
    policy: Any = None,
    min_gain: float = 0.05,
) -> Dict[str, Any]:
    """Progress of every plan target at ``as_of``, as ``proficient progress
    --format json``: ``status`` (``achieved``, ``progressing``: the score
    rose by ``min_gain`` or the level rose since the baseline, or
    ``no_progress``), ``overdue`` and ``days_overdue``, ``gain``, the
    ``trajectory`` (score and level at the baseline, each review date up to
    ``as_of``, and ``as_of``) and a one-line ``explanation``. ``cpd``: CPD
    activities whose evidence rules add evidence items. Evidence, ``as_of``
    and ``policy`` as in :func:`proficient.score`."""
    from . import _as_of, _at_positions, _framework, _policy
    from ._evidence import prepare as _prepare
    from .errors import EvidenceError

    fw = _framework(framework)
    plans_path, plans_json = _doc(plans, "plans")
    cpd_path, cpd_json = _optional_doc(cpd, "CPD activities")
    policy_text, policy_file = _policy(policy)
    source, text_format = _prepare(evidence)
    try:
        text = _native.progress(
            fw._native,
            source,
            plans_path=plans_path,
            plans_json=plans_json,
            cpd_path=cpd_path,
            cpd_json=cpd_json,
            as_of=_as_of(as_of),
            policy=policy_text,
            policy_file=policy_file,
            text_format=text_format,
            min_gain=min_gain,
        )
    except EvidenceError as e:
        raise _at_positions(e, text_format) from None
    result: Dict[str, Any] = _loads(text)
    return result


def cpd_summary(
    framework: Union[Framework, PathLike], cpd: Document, *, period: str = "quarter"
) -> Dict[str, Any]:
    """CPD totals, as ``proficient cpd --format json``: ``total_hours``,
    hours and activities ``by_worker`` and ``period`` (``month``,
    ``quarter`` or ``year``), ``by_competency`` (an activity counts fully
    for each competency it addresses) and the ``unmapped`` activities."""
    from . import _framework

    path, text = _doc(cpd, "CPD activities")
    result: Dict[str, Any] = _loads(
        _native.cpd_summary(_framework(framework)._native, path=path, json=text, period=period)
    )
    return result


def cpd_evidence(framework: Union[Framework, PathLike], cpd: Document) -> List[Dict[str, Any]]:
    """The evidence items the CPD's ``evidence_rules`` make from certificates
    (one ``yes`` item per matching activity and rule, id
    ``cpd:<worker>:<date>:<criterion>``), as :func:`progress` and
    :func:`report` add them."""
    from . import _framework

    path, text = _doc(cpd, "CPD activities")
    result: List[Dict[str, Any]] = _loads(
        _native.cpd_evidence(_framework(framework)._native, path=path, json=text)
    )
    return result


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
    directory = os.path.dirname(target)
    name = os.path.basename(target)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
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
    as_of: Union[_dt.date, str, None] = None,
    policy: Any = None,
    min_gain: float = 0.05,
    out: Optional[PathLike] = None,
) -> str:
    """The trainer's report, as ``proficient report`` writes it: one
    self-contained HTML page (inline CSS and SVG, no scripts, no network)
    with the team matrix of levels, plan status (overdue first), each
    worker's radar and trajectories, CPD hours by quarter and the rejected
    evidence. Returns the HTML; with ``out``, also writes it there
    atomically (temporary file, then rename). Other arguments as in
    :func:`progress`."""
    from . import _as_of, _at_positions, _framework, _policy
    from ._evidence import prepare as _prepare
    from .errors import EvidenceError

    fw = _framework(framework)
    plans_path, plans_json = _optional_doc(plans, "plans")
    cpd_path, cpd_json = _optional_doc(cpd, "CPD activities")
    out_path: Optional[str] = None
    if out is not None:
        out_path, _ = _doc(out, "out")
        if out_path is None:
            raise TypeError("out must be a path")
    policy_text, policy_file = _policy(policy)
    source, text_format = _prepare(evidence)
    try:
        html = _native.report(
            fw._native,
            source,
            plans_path=plans_path,
            plans_json=plans_json,
            cpd_path=cpd_path,
            cpd_json=cpd_json,
            as_of=_as_of(as_of),
            policy=policy_text,
            policy_file=policy_file,
            text_format=text_format,
            min_gain=min_gain,
        )
    except EvidenceError as e:
        raise _at_positions(e, text_format) from None
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


def import_case(package: Document, *, lenient: bool = False) -> CaseImport:
    """Imports a CASE 1.1 CFPackage (a JSON file, or the parsed dict), as
    ``proficient import-case``: items with leaf children become
    competencies, the leaves their criteria; every CASE identifier is kept
    so that :func:`export_case` writes them back. ``lenient`` accepts CASE
    1.0-era packages and notes what it tolerated. Raises :class:`CaseError`
    with every problem's JSON path (and, from a file, line and column)."""
    path, text = _doc(package, "package")
    native, notes = _native.import_case(path=path, json=text, lenient=lenient)
    return CaseImport(Framework(native), tuple(_loads(notes)))


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


def export_case(framework: Union[Framework, PathLike]) -> CaseExport:
    """Exports a framework as a valid CASE 1.1 CFPackage, as ``proficient
    export-case``: UUID identifiers kept from an import, else UUIDs derived
    from the framework and item ids (re-exports are identical). What CASE
    1.1 does not allow is written in its form or left out, each kind of
    change listed in ``notes``; identifiers that are not UUIDs are replaced
    by UUIDs derived from them, listed in ``replaced``. ``lastChangeDateTime``
    is the package's own (an imported framework), else the framework's
    ``updated`` date, else the framework file's modification time (a path
    given here), else the time of export (said in ``notes``)."""
    from . import _framework

    fallback: Optional[int] = None
    origin: Optional[str] = None
    if isinstance(framework, (str, os.PathLike)) and os.path.isfile(framework):
        fallback = int(os.stat(framework).st_mtime)
        origin = "the framework file's modification time"
    text, replaced, notes = _native.export_case(
        _framework(framework)._native, fallback=fallback, origin=origin
    )
    return CaseExport(_loads(text), text, tuple(_loads(replaced)), tuple(_loads(notes)))


def badge(
    framework: Union[Framework, PathLike],
    evidence: Any,
    *,
    worker: str,
    competency: str,
    issuer: Document,
    level: Optional[str] = None,
    id: Optional[str] = None,
    as_of: Union[_dt.date, str, None] = None,
    policy: Any = None,
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
    from . import _as_of, _at_positions, _framework, _policy
    from ._evidence import prepare as _prepare
    from .errors import EvidenceError

    fw = _framework(framework)
    issuer_path, issuer_json = _doc(issuer, "issuer")
    policy_text, policy_file = _policy(policy)
    source, text_format = _prepare(evidence)
    try:
        text = _native.badge(
            fw._native,
            source,
            worker=worker,
            competency=competency,
            issuer_path=issuer_path,
            issuer_json=issuer_json,
            level=level,
            id=id,
            as_of=_as_of(as_of),
            policy=policy_text,
            policy_file=policy_file,
            text_format=text_format,
        )
    except EvidenceError as e:
        raise _at_positions(e, text_format) from None
    result: Dict[str, Any] = _loads(text)
    return result
