# Python types of the values proficient returns.
# Generated from the Rust types (via their schemars JSON Schemas) by
# core/tests/python_types.rs: do not edit. Regenerate with
# `UPDATE_TYPES=1 cargo test -p proficient --test python_types`.
"""Result and model types, generated from the engine's Rust types."""

from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
from types import MappingProxyType
from typing import Any, Literal, Mapping, Optional, Tuple, Union

from ._behaviour import WorkerScoreMethods

__all__ = [
    "AdverseImpact",
    "Aggregate",
    "Anchor",
    "AnchoredScale",
    "AssessorAgreement",
    "AssessorCounts",
    "AssessorPair",
    "AssessorRow",
    "AssessorSettings",
    "AssessorsResult",
    "AttributeImpact",
    "Candidate",
    "CaseDocument",
    "CaseGrouping",
    "CaseLink",
    "CaseRef",
    "Category",
    "CellStatus",
    "CohortResult",
    "CompetencyData",
    "CompetencyHours",
    "CompetencyScore",
    "CompetencySummary",
    "Counts",
    "Cpd",
    "CpdActivity",
    "CpdSummary",
    "CriterionData",
    "CriterionScore",
    "DelphiOptions",
    "DelphiResult",
    "Demand",
    "Diagnostic",
    "Domain",
    "DomainScore",
    "EqualityResult",
    "Estimate",
    "EvidenceItem",
    "EvidenceKind",
    "EvidencePolicy",
    "EvidenceRule",
    "EvidenceUse",
    "ExcludedRating",
    "Exclusion",
    "FigureExplanation",
    "FrameworkData",
    "FrameworkFields",
    "Gap",
    "GapCounts",
    "GapStatus",
    "GroupRound",
    "ImpactGroup",
    "Importance",
    "ItemStats",
    "Level",
    "LevelCount",
    "MatrixCell",
    "MatrixRow",
    "Measure",
    "Need",
    "Panel",
    "PanelCount",
    "PanelGroup",
    "Period",
    "Plan",
    "Plans",
    "Point",
    "Priority",
    "PriorityBand",
    "ProfileData",
    "ProfileFields",
    "ProfileRequirement",
    "ProgressCounts",
    "ProgressResult",
    "RatingCounts",
    "RatingScale",
    "RawValue",
    "Reason",
    "ReasonRow",
    "ReasonTable",
    "RejectedRow",
    "Rejection",
    "Replacement",
    "Representation",
    "Requirement",
    "RoundResult",
    "RowCounts",
    "RowReason",
    "RowWarning",
    "Rule",
    "RuleOutcome",
    "RuleSpec",
    "ScaleLabel",
    "ScoreResultData",
    "ScoreResultFields",
    "ScoringPolicy",
    "ScreenResultData",
    "ScreenResultFields",
    "Section",
    "SelfAssessmentRow",
    "Settings",
    "Source",
    "Status",
    "Target",
    "TargetProgress",
    "TargetStatus",
    "Trend",
    "UnmappedActivity",
    "WorkerPeriodHours",
    "WorkerScore",
]


def _date(v: str) -> _dt.date:
    return _dt.date.fromisoformat(v)


def _map(v: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(v))


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


Aggregate = Literal["weighted_mean", "latest", "latest_per_assessor"]
"""How the items of one worker and criterion make the criterion's score.

- ``weighted_mean``: Σ w·v / Σ w over every item that counts.
- ``latest``: Only the items of the latest date count (their weighted mean when
  several share that date).
- ``latest_per_assessor``: Each assessor's items of their latest date count (items without an
  assessor are one assessor), then their weighted mean.
"""

CellStatus = Literal["assessed", "insufficient_evidence", "no_evidence", "rule_not_met"]
"""Evidence standing of one worker on one competency.

- ``assessed``: Assessed: the level is given.
- ``insufficient_evidence``: Some evidence, not enough for a level.
- ``no_evidence``: No used evidence.
- ``rule_not_met``: The competency's rule (or a required criterion) is not met: no
  level, whatever the evidence; `needs` says what is missing.
"""

Exclusion = Literal["unknown_item", "invalid_score", "conflicting_group", "duplicate", "conflicting_rating"]
"""Why a rating does not count.

- ``unknown_item``: The item is not in the item list.
- ``invalid_score``: Missing, not a whole number, or outside 1–10.
- ``conflicting_group``: The participant appears in more than one panel group.
- ``duplicate``: An identical copy of a rating already counted.
- ``conflicting_rating``: The participant rated the item more than once in the round, differently.
"""

GapStatus = Literal["no_evidence", "insufficient_evidence", "below_level", "rule_not_met"]
"""Why a requirement is not met.

- ``no_evidence``: No used evidence for the competency at all.
- ``insufficient_evidence``: Some evidence, but not enough to give a level.
- ``below_level``: Assessed below the required level.
- ``rule_not_met``: The competency's rule or a required criterion is not met (see the
  gap's `needs`).
"""

Importance = Literal["essential", "desirable"]
"""Whether a requirement must be met or is a plus.

- ``essential``: Must be met to be shortlisted.
- ``desirable``: Counts in the ranking.
"""

Need = Literal["all", "any"]
"""`all` or `any` of a competency's criteria.

- ``all``: Every criterion met.
- ``any``: At least one criterion met.
"""

Period = Literal["month", "quarter", "year"]
"""Periods CPD hours are totalled by.

- ``month``: `2025-09`.
- ``quarter``: `2025-Q3`.
- ``year``: `2025`.
"""

PriorityBand = Literal["low", "middle", "high"]
"""Priority bands of a 1–10 Delphi rating.

- ``low``: 1–3.
- ``middle``: 4–7.
- ``high``: 8–10.
"""

RawValue = Union[bool, float, str]
"""A value as given in the input: a number, a yes/no, or text. Its meaning
depends on the criterion's measure and is checked when scoring.
"""

Reason = Literal["unknown_criterion", "unknown_kind", "kind_not_accepted", "invalid_value", "future", "expired", "duplicate", "conflicting_id"]
"""Why an evidence item was not used.

- ``unknown_criterion``: The criterion id is not in the framework.
- ``unknown_kind``: The kind is not one of the framework's evidence kinds.
- ``kind_not_accepted``: The criterion does not accept this kind of evidence.
- ``invalid_value``: The value is missing or out of range for the criterion's measure.
- ``future``: Dated after `as_of`.
- ``expired``: Expired before `as_of`, or older than the policy's maximum age.
- ``duplicate``: An identical copy of an item already counted.
- ``conflicting_id``: Shares its id with an item that differs.
"""

RowReason = Literal["missing_group", "missing_period", "missing_outcome", "invalid_outcome"]
"""Why a row of the people file is not counted.

- ``missing_group``: The group cell is empty.
- ``missing_period``: The period cell is empty.
- ``missing_outcome``: The outcome cell is empty.
- ``invalid_outcome``: The outcome is not one of yes/no, true/false, 1/0.
"""

Rule = Union[Need, "RuleSpec"]
"""A competency's rule: how many of its criteria must be met (see
`docs/scoring.md`, "Rules"). Written `all`, `any`, or as a mapping:
`{need: all, min_score: 0.5}`, `{at_least: 3, min_score: 0.6}`.
"""

Status = Literal["assessed", "insufficient_evidence", "rule_not_met"]
"""Whether a competency has enough evidence to be given a level.

- ``assessed``: Enough items and coverage: the level is given.
- ``insufficient_evidence``: Too few items or too little coverage: the score is shown, no level.
- ``rule_not_met``: The competency's rule or a required criterion is not met (see
  [`CompetencyScore::rule`]): the score is shown, no level.
"""

TargetStatus = Literal["achieved", "progressing", "no_progress"]
"""A target's standing at `as_of`.

- ``achieved``: The target level is reached.
- ``progressing``: Not reached, but the score rose by at least `min_gain` since the
  baseline, or the level rose.
- ``no_progress``: Neither.
"""


@_dc.dataclass(frozen=True)
class AdverseImpact:
    """Adverse impact of a screening."""

    profile: str
    """The role profile."""
    min_cell: int
    """Smallest number of candidates a group may have to be shown."""
    unmatched: Optional[int]
    """Candidates with no row in the people file (in `(not recorded)`);
    withheld (null) when between 1 and `min_cell − 1`.
    """
    not_candidates: int
    """People file rows naming no candidate (not counted)."""
    attributes: Tuple[AttributeImpact, ...]
    """One per attribute, in the order asked (or of the file's columns)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AdverseImpact:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["profile"],  # profile
            d["min_cell"],  # min_cell
            d["unmatched"],  # unmatched
            d["not_candidates"],  # not_candidates
            tuple(AttributeImpact.from_dict(x0) for x0 in d["attributes"]),  # attributes
        )


@_dc.dataclass(frozen=True)
class Anchor:
    """What one point of a rating scale means, e.g. `1` = "no integration"."""

    value: float
    """The rating, within the criterion's scale."""
    label: str
    """What a rating of `value` means, in a few words."""
    description: Optional[str] = None
    """A longer description, when there is one."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Anchor:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["value"],  # value
            d["label"],  # label
            d.get("description"),  # description
        )


@_dc.dataclass(frozen=True)
class AnchoredScale:
    """A shared anchored rating scale that criteria name with `scale: ID`."""

    id: str
    """Stable identifier, unique in the framework."""
    anchors: Tuple[Anchor, ...]
    """What points of the scale mean, in increasing order of `value`."""
    label: Optional[str] = None
    """Display name, when there is one."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AnchoredScale:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            tuple(Anchor.from_dict(x0) for x0 in d["anchors"]),  # anchors
            d.get("label"),  # label
        )


@_dc.dataclass(frozen=True)
class AssessorAgreement:
    """AssessorAgreement among assessors on one criterion, or overall."""

    criterion: Optional[str]
    """The criterion; null: overall."""
    competency: Optional[str]
    """Its competency; null: overall."""
    level: str
    """`ordinal` (ratings) or `nominal` (yes/no)."""
    units: int
    """Worker × criterion units rated by two or more assessors."""
    values: int
    """Values in those units."""
    alpha: Optional[float]
    """Krippendorff's alpha; null when nothing varies."""
    pairs: int
    """Pairs of assessors' values on the same unit."""
    exact: Optional[float]
    """Share of pairs giving the same value."""
    adjacent: Optional[float]
    """Share of pairs at most one scale point apart (yes/no: same as exact)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AssessorAgreement:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["criterion"],  # criterion
            d["competency"],  # competency
            d["level"],  # level
            d["units"],  # units
            d["values"],  # values
            d["alpha"],  # alpha
            d["pairs"],  # pairs
            d["exact"],  # exact
            d["adjacent"],  # adjacent
        )


@_dc.dataclass(frozen=True)
class AssessorCounts:
    """Items counted."""

    items: int
    """Accepted items (after the scoring policy)."""
    assessed: int
    """Items with an assessor other than the worker, not self-assessments."""
    self_assessed: int
    """Self-assessments."""
    unattributed: int
    """Items with no assessor (left out)."""
    shared_units: int
    """Worker × criterion units rated by two or more assessors."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AssessorCounts:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["items"],  # items
            d["assessed"],  # assessed
            d["self_assessed"],  # self_assessed
            d["unattributed"],  # unattributed
            d["shared_units"],  # shared_units
        )


@_dc.dataclass(frozen=True)
class AssessorPair:
    """One comparison: this assessor's value and another's on the same worker × criterion."""

    worker: str
    """Worker."""
    criterion: str
    """Criterion."""
    value: float
    """This assessor's normalised value (latest item)."""
    line: int
    """Its evidence line."""
    other: str
    """The other assessor."""
    other_value: float
    """The other's normalised value (latest item)."""
    other_line: int
    """Its evidence line."""
    difference: float
    """`value − other_value`."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AssessorPair:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            d["criterion"],  # criterion
            d["value"],  # value
            d["line"],  # line
            d["other"],  # other
            d["other_value"],  # other_value
            d["other_line"],  # other_line
            d["difference"],  # difference
        )


@_dc.dataclass(frozen=True)
class AssessorRow:
    """One assessor's figures."""

    assessor: str
    """The assessor."""
    items: int
    """Items assessed."""
    workers: int
    """Workers assessed."""
    mean_value: float
    """Mean normalised value of the items (0–1)."""
    pairs: int
    """Comparison pairs with other assessors on the same worker × criterion."""
    leniency: Optional[float]
    """Mean of `value − other_value` over the pairs (above 0: more lenient)."""
    ci_low: Optional[float]
    """Lower end of its 95% t interval."""
    ci_high: Optional[float]
    """Upper end of its 95% t interval."""
    flag: Optional[str]
    """`lenient` or `severe` when the interval excludes 0 (and `pairs ≥ min_pairs`)."""
    flagged_pairs: Tuple[AssessorPair, ...]
    """The pairs behind a flag (empty when not flagged)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AssessorRow:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["assessor"],  # assessor
            d["items"],  # items
            d["workers"],  # workers
            d["mean_value"],  # mean_value
            d["pairs"],  # pairs
            d["leniency"],  # leniency
            d["ci_low"],  # ci_low
            d["ci_high"],  # ci_high
            d["flag"],  # flag
            tuple(AssessorPair.from_dict(x0) for x0 in d["flagged_pairs"]),  # flagged_pairs
        )


@_dc.dataclass(frozen=True)
class AssessorSettings:
    """The settings a calibration ran with."""

    self_kind: Optional[str]
    """The evidence kind that marks a self-assessment (also: assessor = worker)."""
    min_pairs: int
    """Fewest comparison pairs an assessor needs to be flagged."""
    confidence: float
    """Confidence level of the intervals (0.95)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AssessorSettings:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["self_kind"],  # self_kind
            d["min_pairs"],  # min_pairs
            d["confidence"],  # confidence
        )


@_dc.dataclass(frozen=True)
class AssessorsResult:
    """The result of an assessor calibration."""

    settings: AssessorSettings
    """Settings."""
    counts: AssessorCounts
    """Items counted."""
    assessors: Tuple[AssessorRow, ...]
    """One row per assessor, sorted."""
    criteria: Tuple[AssessorAgreement, ...]
    """AssessorAgreement per criterion with shared units (framework order)."""
    overall: Tuple[AssessorAgreement, ...]
    """AssessorAgreement over all rating criteria (ordinal, on normalised values)
    and over all yes/no criteria (nominal), where there are shared units.
    """
    self_assessment: Tuple[SelfAssessmentRow, ...]
    """Self-assessment against assessors per competency (framework order)."""
    explanations: Tuple[FigureExplanation, ...]
    """One plain line per figure."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AssessorsResult:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            AssessorSettings.from_dict(d["settings"]),  # settings
            AssessorCounts.from_dict(d["counts"]),  # counts
            tuple(AssessorRow.from_dict(x0) for x0 in d["assessors"]),  # assessors
            tuple(AssessorAgreement.from_dict(x0) for x0 in d["criteria"]),  # criteria
            tuple(AssessorAgreement.from_dict(x0) for x0 in d["overall"]),  # overall
            tuple(SelfAssessmentRow.from_dict(x0) for x0 in d["self_assessment"]),  # self_assessment
            tuple(FigureExplanation.from_dict(x0) for x0 in d["explanations"]),  # explanations
        )


@_dc.dataclass(frozen=True)
class AttributeImpact:
    """The groups of one attribute."""

    attribute: str
    """The attribute (a column of the people file)."""
    most_selected: Optional[str]
    """The group with the highest selection rate among those shown."""
    groups: Tuple[ImpactGroup, ...]
    """One per group, sorted."""
    total: ImpactGroup
    """All candidates."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AttributeImpact:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["attribute"],  # attribute
            d["most_selected"],  # most_selected
            tuple(ImpactGroup.from_dict(x0) for x0 in d["groups"]),  # groups
            ImpactGroup.from_dict(d["total"]),  # total
        )


@_dc.dataclass(frozen=True)
class Candidate:
    """One candidate's screening."""

    rank: int
    """Position in the shortlist, from 1."""
    worker: str
    """Worker id."""
    meets_essential: bool
    """All essential requirements met."""
    essential_met: int
    """Essential requirements met."""
    essential_total: int
    """Essential requirements in the profile."""
    desirable_met: int
    """Desirable requirements met."""
    desirable_total: int
    """Desirable requirements in the profile."""
    overall: Optional[float]
    """Overall score."""
    gaps: Tuple[Gap, ...]
    """Unmet requirements, in profile order."""
    overall_level: Optional[str] = None
    """Level of the overall score (the framework's `overall_levels`);
    absent when it has none or the score is null.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Candidate:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["rank"],  # rank
            d["worker"],  # worker
            d["meets_essential"],  # meets_essential
            d["essential_met"],  # essential_met
            d["essential_total"],  # essential_total
            d["desirable_met"],  # desirable_met
            d["desirable_total"],  # desirable_total
            d["overall"],  # overall
            tuple(Gap.from_dict(x0) for x0 in d["gaps"]),  # gaps
            d.get("overall_level"),  # overall_level
        )


@_dc.dataclass(frozen=True)
class CaseDocument:
    """CASE 1.1 identity of a framework (the CFDocument) and the package parts
    that have no place in the model, kept so an export round-trips.
    """

    identifier: str
    """The CFDocument `identifier`."""
    associations: Tuple[Any, ...] = ()
    """Associations whose origin is not an item (e.g. from the document)."""
    fields: Mapping[str, Any] = _dc.field(default_factory=_empty)
    """The CFDocument's other properties, verbatim."""
    groupings: Tuple[CaseGrouping, ...] = ()
    """Items that are neither domains, competencies nor criteria (grouping
    levels between them), with their statements.
    """
    package: Mapping[str, Any] = _dc.field(default_factory=_empty)
    """Other package members (`CFDefinitions`, `CFRubrics`, ...), verbatim."""
    uri: Optional[str] = None
    """The CFDocument `uri`."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CaseDocument:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["identifier"],  # identifier
            tuple(d.get("associations", ())),  # associations
            _map(d.get("fields", {})),  # fields
            tuple(CaseGrouping.from_dict(x0) for x0 in d.get("groupings", ())),  # groupings
            _map(d.get("package", {})),  # package
            d.get("uri"),  # uri
        )


@_dc.dataclass(frozen=True)
class CaseGrouping:
    """A CFItem kept as a grouping level."""

    statement: str
    """The `fullStatement`."""
    item: CaseRef
    """Its identity and links."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CaseGrouping:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["statement"],  # statement
            CaseRef.from_dict(d["item"]),  # item
        )


@_dc.dataclass(frozen=True)
class CaseLink:
    """One CFAssociation from an item."""

    identifier: str
    """The association's `identifier`."""
    type: str
    """The `associationType` (`isChildOf`, `isRelatedTo`, ...)."""
    target: str
    """Identifier of the destination node."""
    fields: Mapping[str, Any] = _dc.field(default_factory=_empty)
    """The association's other properties, verbatim."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CaseLink:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["identifier"],  # identifier
            d["type"],  # type
            d["target"],  # target
            _map(d.get("fields", {})),  # fields
        )


@_dc.dataclass(frozen=True)
class CaseRef:
    """CASE 1.1 identity of a framework item (CFItem): kept on import so an
    export round-trips with the same identifiers.
    """

    identifier: str
    """The CFItem `identifier` (a UUID in CASE 1.1)."""
    associations: Tuple[CaseLink, ...] = ()
    """Other associations from this item (`isRelatedTo`, `exactMatchOf`, ...)."""
    fields: Mapping[str, Any] = _dc.field(default_factory=_empty)
    """The CFItem's other properties, verbatim."""
    human_coding_scheme: Optional[str] = None
    """The `humanCodingScheme`."""
    item_type: Optional[str] = None
    """The `CFItemType`."""
    parents: Tuple[CaseLink, ...] = ()
    """`isChildOf` associations from this item, in package order."""
    uri: Optional[str] = None
    """The CFItem `uri`."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CaseRef:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["identifier"],  # identifier
            tuple(CaseLink.from_dict(x0) for x0 in d.get("associations", ())),  # associations
            _map(d.get("fields", {})),  # fields
            d.get("human_coding_scheme"),  # human_coding_scheme
            d.get("item_type"),  # item_type
            tuple(CaseLink.from_dict(x0) for x0 in d.get("parents", ())),  # parents
            d.get("uri"),  # uri
        )


@_dc.dataclass(frozen=True)
class Category:
    """A thematic category."""

    id: str
    """Stable identifier."""
    label: str
    """Display name."""
    description: Optional[str] = None
    """What belongs here."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Category:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["label"],  # label
            d.get("description"),  # description
        )


@_dc.dataclass(frozen=True)
class CohortResult:
    """The cohort view."""

    framework: str
    """Framework id."""
    as_of: _dt.date
    """Date of the scores."""
    profile: Optional[str]
    """Profile id, when screened."""
    level: str
    """Holder level."""
    min_holders: int
    """Fewest holders before thin."""
    workers: Tuple[str, ...]
    """Workers, sorted."""
    competencies: Tuple[CompetencySummary, ...]
    """Per competency, in framework order."""
    thin: Tuple[str, ...]
    """Thin competencies, in framework order."""
    matrix: Tuple[MatrixRow, ...]
    """Workers × competencies."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CohortResult:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["framework"],  # framework
            _date(d["as_of"]),  # as_of
            d["profile"],  # profile
            d["level"],  # level
            d["min_holders"],  # min_holders
            tuple(d["workers"]),  # workers
            tuple(CompetencySummary.from_dict(x0) for x0 in d["competencies"]),  # competencies
            tuple(d["thin"]),  # thin
            tuple(MatrixRow.from_dict(x0) for x0 in d["matrix"]),  # matrix
        )


@_dc.dataclass(frozen=True)
class CompetencyData:
    """One competency statement with the criteria used to assess it."""

    id: str
    """Stable identifier, unique in the framework."""
    domain: str
    """The domain id it belongs to."""
    statement: str
    """The statement, in the source's own words."""
    criteria: Tuple[CriterionData, ...]
    """The "how to assess" indicators."""
    case: Optional[CaseRef] = None
    """CASE 1.1 identity of the item this competency maps to."""
    category: Optional[str] = None
    """The category id it belongs to, if any."""
    notes: Optional[str] = None
    """Editorial notes (e.g. where a category was assigned by us)."""
    priority: Optional[Priority] = None
    """Priority from an expert survey, when known."""
    rule: Optional[Rule] = None
    """Which criteria must be met for the competency to get a level;
    none: no rule (criteria marked `required` must still be met).
    """
    sections: Tuple[Section, ...] = ()
    """Sections its criteria are grouped in (`section: ID` on a criterion),
    in reading order; for reading and reports, scoring is unchanged.
    """
    weight: float = 1.0
    """Weight in domain and overall scores (> 0)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CompetencyData:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["domain"],  # domain
            d["statement"],  # statement
            tuple(CriterionData.from_dict(x0) for x0 in d["criteria"]),  # criteria
            None if d.get("case") is None else CaseRef.from_dict(d["case"]),  # case
            d.get("category"),  # category
            d.get("notes"),  # notes
            None if d.get("priority") is None else Priority.from_dict(d["priority"]),  # priority
            None if d.get("rule") is None else (RuleSpec.from_dict(d["rule"]) if isinstance(d["rule"], dict) else d["rule"]),  # rule
            tuple(Section.from_dict(x0) for x0 in d.get("sections", ())),  # sections
            d.get("weight", 1.0),  # weight
        )


@_dc.dataclass(frozen=True)
class CompetencyHours:
    """CPD addressing one competency."""

    competency: str
    """Competency id."""
    hours: float
    """Hours of activities addressing it (an activity addressing several
    competencies counts fully for each).
    """
    activities: int
    """Activities addressing it."""
    workers: int
    """Distinct workers."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CompetencyHours:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["competency"],  # competency
            d["hours"],  # hours
            d["activities"],  # activities
            d["workers"],  # workers
        )


@_dc.dataclass(frozen=True)
class CompetencyScore:
    """A competency's score, level and derivation."""

    id: str
    """Competency id."""
    score: Optional[float]
    """Weighted mean of its assessed criteria; null when none."""
    level: Optional[str]
    """Level id, when assessed."""
    status: Status
    """Whether the evidence suffices."""
    coverage: float
    """Share of criterion weight with evidence."""
    items: int
    """Used items."""
    criteria: Tuple[CriterionScore, ...]
    """Per criterion, in framework order."""
    rule: Optional[RuleOutcome] = None
    """How its rule came out, when it has a rule or required criteria."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CompetencyScore:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["score"],  # score
            d["level"],  # level
            d["status"],  # status
            d["coverage"],  # coverage
            d["items"],  # items
            tuple(CriterionScore.from_dict(x0) for x0 in d["criteria"]),  # criteria
            None if d.get("rule") is None else RuleOutcome.from_dict(d["rule"]),  # rule
        )


@_dc.dataclass(frozen=True)
class CompetencySummary:
    """The team's standing on one competency."""

    id: str
    """Competency id."""
    domain: str
    """Domain id."""
    category: Optional[str]
    """Category id."""
    holders: int
    """Workers at the holder level or above."""
    holder_workers: Tuple[str, ...]
    """Who, sorted."""
    not_held: int
    """Workers not holding it (`workers − holders`)."""
    thin: bool
    """`holders < min_holders`."""
    by_level: Tuple[LevelCount, ...]
    """Assessed workers per level, in level order."""
    insufficient_evidence: int
    """Workers with some evidence but no level."""
    no_evidence: int
    """Workers with no used evidence."""
    requirement: Optional[ProfileRequirement]
    """The role profile's requirement, if any."""
    demand: Demand
    """Training demand."""
    rule_not_met: int = 0
    """Workers whose rule on it is not met (absent: none)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CompetencySummary:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["domain"],  # domain
            d["category"],  # category
            d["holders"],  # holders
            tuple(d["holder_workers"]),  # holder_workers
            d["not_held"],  # not_held
            d["thin"],  # thin
            tuple(LevelCount.from_dict(x0) for x0 in d["by_level"]),  # by_level
            d["insufficient_evidence"],  # insufficient_evidence
            d["no_evidence"],  # no_evidence
            None if d["requirement"] is None else ProfileRequirement.from_dict(d["requirement"]),  # requirement
            Demand.from_dict(d["demand"]),  # demand
            d.get("rule_not_met", 0),  # rule_not_met
        )


@_dc.dataclass(frozen=True)
class Counts:
    """Item counts; `used + rejected = items`."""

    items: int
    """Items read."""
    used: int
    """Items used in scores."""
    rejected: int
    """Items rejected."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Counts:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["items"],  # items
            d["used"],  # used
            d["rejected"],  # rejected
        )


@_dc.dataclass(frozen=True)
class Cpd:
    """CPD activities, with optional rules that turn them into evidence."""

    activities: Tuple[CpdActivity, ...]
    """The activities."""
    evidence_rules: Tuple[EvidenceRule, ...] = ()
    """Rules turning certificates into evidence items."""
    framework: Optional[str] = None
    """Id of the framework the competencies refer to, when given."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Cpd:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            tuple(CpdActivity.from_dict(x0) for x0 in d["activities"]),  # activities
            tuple(EvidenceRule.from_dict(x0) for x0 in d.get("evidence_rules", ())),  # evidence_rules
            d.get("framework"),  # framework
        )


@_dc.dataclass(frozen=True)
class CpdActivity:
    """One CPD activity."""

    worker: str
    """Worker id."""
    date: _dt.date
    """Date of the activity (or of its completion)."""
    title: str
    """What it was."""
    hours: float
    """Hours spent (≥ 0)."""
    certificate: Optional[str] = None
    """Certificate reference, when one was awarded."""
    competencies: Tuple[str, ...] = ()
    """Competency ids it addresses."""
    provider: Optional[str] = None
    """Who provided it."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CpdActivity:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            _date(d["date"]),  # date
            d["title"],  # title
            d["hours"],  # hours
            d.get("certificate"),  # certificate
            tuple(d.get("competencies", ())),  # competencies
            d.get("provider"),  # provider
        )


@_dc.dataclass(frozen=True)
class CpdSummary:
    """CPD totals."""

    period: Period
    """Period used."""
    total_hours: float
    """All hours."""
    by_worker: Tuple[WorkerPeriodHours, ...]
    """By worker and period, sorted by worker then period."""
    by_competency: Tuple[CompetencyHours, ...]
    """By competency, in framework order."""
    unmapped: Tuple[UnmappedActivity, ...]
    """Activities with no competency mapped."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CpdSummary:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["period"],  # period
            d["total_hours"],  # total_hours
            tuple(WorkerPeriodHours.from_dict(x0) for x0 in d["by_worker"]),  # by_worker
            tuple(CompetencyHours.from_dict(x0) for x0 in d["by_competency"]),  # by_competency
            tuple(UnmappedActivity.from_dict(x0) for x0 in d["unmapped"]),  # unmapped
        )


@_dc.dataclass(frozen=True)
class CriterionData:
    """One assessment criterion ("how to assess?" indicator)."""

    id: str
    """Stable identifier, unique in the framework."""
    statement: str
    """The indicator, in the source's own words."""
    measure: Measure
    """How evidence for it is measured."""
    anchors: Tuple[Anchor, ...] = ()
    """What points of its rating scale mean (a `rating` criterion only);
    or name a shared scale with `scale`, not both.
    """
    case: Optional[CaseRef] = None
    """CASE 1.1 identity of the item this criterion maps to (the
    competency's own item for a flat package's single criterion).
    """
    kinds: Optional[Tuple[str, ...]] = None
    """Evidence kinds accepted for it; none: every kind."""
    notes: Optional[str] = None
    """Editorial notes (e.g. why this measure was chosen)."""
    required: bool = False
    """Whether the competency gets a level only when this criterion is met."""
    scale: Optional[str] = None
    """The id of a shared anchored scale (`anchored_scales`) whose anchors
    describe its ratings (a `rating` criterion only).
    """
    section: Optional[str] = None
    """The id of the competency's section it belongs to, if any."""
    weight: float = 1.0
    """Weight within its competency (> 0)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CriterionData:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["statement"],  # statement
            Measure.from_dict(d["measure"]),  # measure
            tuple(Anchor.from_dict(x0) for x0 in d.get("anchors", ())),  # anchors
            None if d.get("case") is None else CaseRef.from_dict(d["case"]),  # case
            None if d.get("kinds") is None else tuple(d["kinds"]),  # kinds
            d.get("notes"),  # notes
            d.get("required", False),  # required
            d.get("scale"),  # scale
            d.get("section"),  # section
            d.get("weight", 1.0),  # weight
        )


@_dc.dataclass(frozen=True)
class CriterionScore:
    """A criterion's score and the items behind it."""

    id: str
    """Criterion id."""
    score: Optional[float]
    """Σ w·v / Σ w; null when no items."""
    items: int
    """Used items."""
    weight: float
    """Σ w of used items."""
    evidence: Tuple[EvidenceUse, ...]
    """The used items (when explanations are on), by date, id, line."""
    anchor: Optional[str] = None
    """Anchored criteria only: the label of the anchor that describes
    `rating` (the anchor at it, else the nearest, the lower of two
    equally near).
    """
    rating: Optional[float] = None
    """Anchored criteria only: the score on the criterion's rating scale
    (`min + score × (max − min)`).
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CriterionScore:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["score"],  # score
            d["items"],  # items
            d["weight"],  # weight
            tuple(EvidenceUse.from_dict(x0) for x0 in d["evidence"]),  # evidence
            d.get("anchor"),  # anchor
            d.get("rating"),  # rating
        )


@_dc.dataclass(frozen=True)
class DelphiOptions:
    """Thresholds of the analysis."""

    consensus: float
    """Consensus when the largest band share is at least this (above 0.5, at most 1)."""
    stability: float
    """Stable when the high share changed by at most this since the previous round (0–1)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DelphiOptions:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["consensus"],  # consensus
            d["stability"],  # stability
        )


@_dc.dataclass(frozen=True)
class DelphiResult:
    """The result of a Delphi analysis."""

    options: DelphiOptions
    """Thresholds used."""
    counts: RatingCounts
    """Ratings read, counted and excluded."""
    rounds: Tuple[RoundResult, ...]
    """Rounds present, in order."""
    panel: Tuple[PanelCount, ...]
    """Panel composition."""
    unrated_items: Tuple[str, ...]
    """Items of the item list without any counted rating."""
    excluded: Tuple[ExcludedRating, ...]
    """Excluded ratings, by line."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DelphiResult:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            DelphiOptions.from_dict(d["options"]),  # options
            RatingCounts.from_dict(d["counts"]),  # counts
            tuple(RoundResult.from_dict(x0) for x0 in d["rounds"]),  # rounds
            tuple(PanelCount.from_dict(x0) for x0 in d["panel"]),  # panel
            tuple(d["unrated_items"]),  # unrated_items
            tuple(ExcludedRating.from_dict(x0) for x0 in d["excluded"]),  # excluded
        )


@_dc.dataclass(frozen=True)
class Demand:
    """Training demand for one competency."""

    screening_gaps: Optional[int]
    """Workers with a screening gap on it (null without a profile)."""
    gaps_by_status: Optional[GapCounts]
    """Of those: no evidence, insufficient evidence, below the level."""
    open_targets: Optional[int]
    """Workers with a plan target on it not yet reached (null without plans)."""
    workers: int
    """Distinct workers with either."""
    who: Tuple[str, ...]
    """Who, sorted."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Demand:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["screening_gaps"],  # screening_gaps
            None if d["gaps_by_status"] is None else GapCounts.from_dict(d["gaps_by_status"]),  # gaps_by_status
            d["open_targets"],  # open_targets
            d["workers"],  # workers
            tuple(d["who"]),  # who
        )


@_dc.dataclass(frozen=True)
class Diagnostic:
    """One error, flattened: the shape every surface (CLI, Python, JS, test
    expectations) shows.
    """

    file: Optional[str]
    """File, when reading from one."""
    line: Optional[int]
    """1-based line, when known."""
    column: Optional[int]
    """1-based column, when known."""
    path: str
    """Path in the document (empty for the whole document)."""
    code: str
    """Stable machine-readable code."""
    message: str
    """What was found and what was expected."""
    sheet: Optional[str] = None
    """In a workbook: the sheet (`line` is then its row and `column` its
    column, A = 1; shown as `Sheet1!D14`); absent otherwise.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Diagnostic:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["file"],  # file
            d["line"],  # line
            d["column"],  # column
            d["path"],  # path
            d["code"],  # code
            d["message"],  # message
            d.get("sheet"),  # sheet
        )


@_dc.dataclass(frozen=True)
class Domain:
    """A domain grouping competencies (e.g. knowledge, skills)."""

    id: str
    """Stable identifier."""
    label: str
    """Display name, e.g. "Staff demonstrate"."""
    case: Optional[CaseRef] = None
    """CASE 1.1 identity of the item this domain maps to."""
    levels: Tuple[Level, ...] = ()
    """Level bands of the domain's score (same rules as the framework's
    `levels`); none: the domain score has no level.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Domain:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["label"],  # label
            None if d.get("case") is None else CaseRef.from_dict(d["case"]),  # case
            tuple(Level.from_dict(x0) for x0 in d.get("levels", ())),  # levels
        )


@_dc.dataclass(frozen=True)
class DomainScore:
    """A domain's score."""

    id: str
    """Domain id."""
    score: Optional[float]
    """Weighted mean over its assessed competencies; null when none."""
    level: Optional[str] = None
    """Level of the score (the domain's `levels`); absent when it has none
    or the score is null.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DomainScore:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["score"],  # score
            d.get("level"),  # level
        )


@_dc.dataclass(frozen=True)
class EqualityResult:
    """The result of an equality analysis."""

    settings: Settings
    """Settings."""
    counts: RowCounts
    """Rows read, counted, rejected."""
    groups: Tuple[str, ...]
    """Groups, sorted."""
    periods: Tuple[str, ...]
    """Periods in order (numeric when all are numbers, else text order);
    `["all"]` without a period column.
    """
    cells: Tuple[Estimate, ...]
    """One per period × group (period order, then group order)."""
    group_totals: Tuple[Estimate, ...]
    """Each group over all periods (only when there is more than one period)."""
    period_totals: Tuple[Estimate, ...]
    """Each period over all groups (only when there is more than one period)."""
    total: Estimate
    """Everyone."""
    trends: Tuple[Trend, ...]
    """Each group's trend across periods (only when there is more than one period)."""
    reasons: Optional[ReasonTable]
    """Reasons for "no" outcomes by group, when a reason column is given."""
    rejected: Tuple[RejectedRow, ...]
    """Rows not counted."""
    warnings: Tuple[RowWarning, ...]
    """Counted rows with a remark."""
    representation: Optional[Tuple[Representation, ...]] = None
    """Each group's share of the outcome against its profile share, when
    reference shares are given.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> EqualityResult:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            Settings.from_dict(d["settings"]),  # settings
            RowCounts.from_dict(d["counts"]),  # counts
            tuple(d["groups"]),  # groups
            tuple(d["periods"]),  # periods
            tuple(Estimate.from_dict(x0) for x0 in d["cells"]),  # cells
            tuple(Estimate.from_dict(x0) for x0 in d["group_totals"]),  # group_totals
            tuple(Estimate.from_dict(x0) for x0 in d["period_totals"]),  # period_totals
            Estimate.from_dict(d["total"]),  # total
            tuple(Trend.from_dict(x0) for x0 in d["trends"]),  # trends
            None if d["reasons"] is None else ReasonTable.from_dict(d["reasons"]),  # reasons
            tuple(RejectedRow.from_dict(x0) for x0 in d["rejected"]),  # rejected
            tuple(RowWarning.from_dict(x0) for x0 in d["warnings"]),  # warnings
            None if d.get("representation") is None else tuple(Representation.from_dict(x0) for x0 in d["representation"]),  # representation
        )


@_dc.dataclass(frozen=True)
class Estimate:
    """The outcome for one group in one period, or a total (`group` or
    `period` null meaning "all"). Every number is null when `suppressed`.
    """

    group: Optional[str]
    """The group; null: all groups."""
    period: Optional[str]
    """The period; null: all periods."""
    suppressed: bool
    """Withheld to protect small numbers."""
    n: Optional[int]
    """People."""
    count: Optional[int]
    """People with the outcome."""
    rate: Optional[float]
    """`count / n`."""
    ci_low: Optional[float]
    """Lower end of the 95% Wilson interval."""
    ci_high: Optional[float]
    """Upper end of the 95% Wilson interval."""
    relative_likelihood: Optional[float]
    """Reference group's rate ÷ this rate (same period); null for totals
    over groups, when either is suppressed, or when this rate is 0.
    """
    ratio_to_highest: Optional[float]
    """This rate ÷ the highest shown group rate of the same period."""
    four_fifths: Optional[bool]
    """`ratio_to_highest < 0.8` (the four-fifths rule)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Estimate:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["period"],  # period
            d["suppressed"],  # suppressed
            d["n"],  # n
            d["count"],  # count
            d["rate"],  # rate
            d["ci_low"],  # ci_low
            d["ci_high"],  # ci_high
            d["relative_likelihood"],  # relative_likelihood
            d["ratio_to_highest"],  # ratio_to_highest
            d["four_fifths"],  # four_fifths
        )


@_dc.dataclass(frozen=True)
class EvidenceItem:
    """One dated piece of evidence about one worker and one criterion."""

    worker: str
    """Worker id."""
    criterion: str
    """Criterion id."""
    kind: str
    """Evidence kind id."""
    date: _dt.date
    """When the evidence was observed."""
    assessor: Optional[str] = None
    """Who assessed it."""
    denominator: Optional[RawValue] = None
    """Denominator of a rate."""
    expires: Optional[_dt.date] = None
    """Date after which the evidence no longer counts."""
    id: Optional[str] = None
    """Stable id; items sharing an id are duplicates or conflicts."""
    note: Optional[str] = None
    """Free text."""
    numerator: Optional[RawValue] = None
    """Numerator of a rate."""
    value: Optional[RawValue] = None
    """Rating, yes/no, or count."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> EvidenceItem:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            d["criterion"],  # criterion
            d["kind"],  # kind
            _date(d["date"]),  # date
            d.get("assessor"),  # assessor
            d.get("denominator"),  # denominator
            None if d.get("expires") is None else _date(d["expires"]),  # expires
            d.get("id"),  # id
            d.get("note"),  # note
            d.get("numerator"),  # numerator
            d.get("value"),  # value
        )


@_dc.dataclass(frozen=True)
class EvidenceKind:
    """A kind of evidence (observation, certificate, ...) and its weight."""

    id: str
    """Stable identifier used in evidence files."""
    label: str
    """Display name."""
    weight: float
    """Relative weight (> 0) of one item of this kind."""
    description: Optional[str] = None
    """What counts as this kind of evidence."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> EvidenceKind:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["label"],  # label
            d["weight"],  # weight
            d.get("description"),  # description
        )


@_dc.dataclass(frozen=True)
class EvidencePolicy:
    """Rules for which evidence counts and how its weight decays."""

    min_items: int
    """Accepted items a competency needs to count as assessed."""
    min_coverage: float
    """Share of criterion weight (0–1) that must be assessed."""
    aggregate: Aggregate = "weighted_mean"
    """How a criterion's items make its score (default `weighted_mean`)."""
    half_life_days: Optional[float] = None
    """Age in days at which an item's weight halves; none: no decay."""
    max_age_days: Optional[int] = None
    """Items older than this many days are rejected as expired; none: no limit."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> EvidencePolicy:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["min_items"],  # min_items
            d["min_coverage"],  # min_coverage
            d.get("aggregate", "weighted_mean"),  # aggregate
            d.get("half_life_days"),  # half_life_days
            d.get("max_age_days"),  # max_age_days
        )


@_dc.dataclass(frozen=True)
class EvidenceRule:
    """Turns matching CPD activities into evidence items for a criterion, e.g.
    a mediation course certificate → "Training in mediation or equivalent".
    """

    requires_certificate: bool
    """Only activities with a certificate match (default true)."""
    criterion: str
    """The criterion the evidence is for (a binary criterion)."""
    kind: str
    """The evidence kind of the items made."""
    competency: Optional[str] = None
    """Matches activities addressing this competency."""
    title_contains: Optional[str] = None
    """Matches activities whose title contains this text (any case)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> EvidenceRule:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["requires_certificate"],  # requires_certificate
            d["criterion"],  # criterion
            d["kind"],  # kind
            d.get("competency"),  # competency
            d.get("title_contains"),  # title_contains
        )


@_dc.dataclass(frozen=True)
class EvidenceUse:
    """How one item counted."""

    id: Optional[str]
    """Item id."""
    line: int
    """Line (or position) in the input."""
    kind: str
    """Evidence kind."""
    date: _dt.date
    """Date observed."""
    weight: float
    """Weight after decay."""
    value: float
    """Normalised value in [0, 1]."""
    anchor: Optional[str] = None
    """Anchored criteria only: the label of the anchor at the rating given
    (none when no anchor describes that point).
    """
    rating: Optional[float] = None
    """Anchored criteria only: the rating given, on the criterion's scale."""
    superseded: bool = False
    """Left out of the score by the policy's `aggregate` (a later item
    superseded it).
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> EvidenceUse:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["line"],  # line
            d["kind"],  # kind
            _date(d["date"]),  # date
            d["weight"],  # weight
            d["value"],  # value
            d.get("anchor"),  # anchor
            d.get("rating"),  # rating
            d.get("superseded", False),  # superseded
        )


@_dc.dataclass(frozen=True)
class ExcludedRating:
    """A rating that does not count, and why."""

    line: int
    """Line (or 1-based position) in the input."""
    participant: str
    """Participant."""
    round: int
    """Round."""
    item: str
    """Item."""
    reason: Exclusion
    """Why."""
    detail: str
    """What exactly was wrong."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ExcludedRating:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["line"],  # line
            d["participant"],  # participant
            d["round"],  # round
            d["item"],  # item
            d["reason"],  # reason
            d["detail"],  # detail
        )


@_dc.dataclass(frozen=True)
class FigureExplanation:
    """What a figure means, in one plain line."""

    figure: str
    """The figure (a field name)."""
    text: str
    """What it means."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FigureExplanation:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["figure"],  # figure
            d["text"],  # text
        )


@_dc.dataclass(frozen=True)
class FrameworkData:
    """A knowledge-and-skills framework: scales, levels, evidence rules and the
    competencies with their assessment criteria.
    """

    id: str
    """Stable identifier, e.g. `job-retention`."""
    title: str
    """Human title."""
    version: str
    """Version of this framework file (free text, e.g. `1.0.0`)."""
    source: Source
    """Where the framework comes from."""
    rating_scale: RatingScale
    """The scale on which `rating` criteria are scored."""
    levels: Tuple[Level, ...]
    """Ordered proficiency levels with score thresholds in [0, 1]."""
    evidence_kinds: Tuple[EvidenceKind, ...]
    """Kinds of evidence and how much each counts."""
    evidence_policy: EvidencePolicy
    """Default rules for which evidence counts and how it ages."""
    domains: Tuple[Domain, ...]
    """Domains (e.g. knowledge, skills) that group competencies (may be
    empty when there are no competencies).
    """
    competencies: Tuple[CompetencyData, ...]
    """The competencies, in presentation order (required, but may be empty:
    a framework being authored).
    """
    anchored_scales: Tuple[AnchoredScale, ...] = ()
    """Anchored rating scales shared by criteria (`scale: ID` on a
    criterion): what each point of a rating means. For reading and
    explanations only; scoring is unchanged.
    """
    case: Optional[CaseDocument] = None
    """CASE 1.1 identity of the framework when imported from (or exported
    to) a CFPackage; see [`crate::interop::case`].
    """
    categories: Tuple[Category, ...] = ()
    """Thematic categories competencies belong to (e.g. the Delphi categories)."""
    description: Optional[str] = None
    """What the framework is for."""
    overall_levels: Tuple[Level, ...] = ()
    """Level bands of the overall score (same rules as `levels`); none:
    the overall score has no level.
    """
    updated: Optional[_dt.date] = None
    """When the framework's content last changed (`YYYY-MM-DD`); written as
    the `lastChangeDateTime` of its CASE export.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FrameworkData:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["title"],  # title
            d["version"],  # version
            Source.from_dict(d["source"]),  # source
            RatingScale.from_dict(d["rating_scale"]),  # rating_scale
            tuple(Level.from_dict(x0) for x0 in d["levels"]),  # levels
            tuple(EvidenceKind.from_dict(x0) for x0 in d["evidence_kinds"]),  # evidence_kinds
            EvidencePolicy.from_dict(d["evidence_policy"]),  # evidence_policy
            tuple(Domain.from_dict(x0) for x0 in d["domains"]),  # domains
            tuple(CompetencyData.from_dict(x0) for x0 in d["competencies"]),  # competencies
            tuple(AnchoredScale.from_dict(x0) for x0 in d.get("anchored_scales", ())),  # anchored_scales
            None if d.get("case") is None else CaseDocument.from_dict(d["case"]),  # case
            tuple(Category.from_dict(x0) for x0 in d.get("categories", ())),  # categories
            d.get("description"),  # description
            tuple(Level.from_dict(x0) for x0 in d.get("overall_levels", ())),  # overall_levels
            None if d.get("updated") is None else _date(d["updated"]),  # updated
        )


class FrameworkFields:
    """The attributes of :class:`FrameworkData`, read-only, for a class that holds one."""

    __slots__ = ()

    def _fields(self) -> FrameworkData:
        raise NotImplementedError

    @property
    def id(self) -> str:
        """Stable identifier, e.g. `job-retention`."""
        return self._fields().id

    @property
    def title(self) -> str:
        """Human title."""
        return self._fields().title

    @property
    def version(self) -> str:
        """Version of this framework file (free text, e.g. `1.0.0`)."""
        return self._fields().version

    @property
    def source(self) -> Source:
        """Where the framework comes from."""
        return self._fields().source

    @property
    def rating_scale(self) -> RatingScale:
        """The scale on which `rating` criteria are scored."""
        return self._fields().rating_scale

    @property
    def levels(self) -> Tuple[Level, ...]:
        """Ordered proficiency levels with score thresholds in [0, 1]."""
        return self._fields().levels

    @property
    def evidence_kinds(self) -> Tuple[EvidenceKind, ...]:
        """Kinds of evidence and how much each counts."""
        return self._fields().evidence_kinds

    @property
    def evidence_policy(self) -> EvidencePolicy:
        """Default rules for which evidence counts and how it ages."""
        return self._fields().evidence_policy

    @property
    def domains(self) -> Tuple[Domain, ...]:
        """Domains (e.g. knowledge, skills) that group competencies (may be
        empty when there are no competencies).
        """
        return self._fields().domains

    @property
    def competencies(self) -> Tuple[CompetencyData, ...]:
        """The competencies, in presentation order (required, but may be empty:
        a framework being authored).
        """
        return self._fields().competencies

    @property
    def anchored_scales(self) -> Tuple[AnchoredScale, ...]:
        """Anchored rating scales shared by criteria (`scale: ID` on a
        criterion): what each point of a rating means. For reading and
        explanations only; scoring is unchanged.
        """
        return self._fields().anchored_scales

    @property
    def case(self) -> Optional[CaseDocument]:
        """CASE 1.1 identity of the framework when imported from (or exported
        to) a CFPackage; see [`crate::interop::case`].
        """
        return self._fields().case

    @property
    def categories(self) -> Tuple[Category, ...]:
        """Thematic categories competencies belong to (e.g. the Delphi categories)."""
        return self._fields().categories

    @property
    def description(self) -> Optional[str]:
        """What the framework is for."""
        return self._fields().description

    @property
    def overall_levels(self) -> Tuple[Level, ...]:
        """Level bands of the overall score (same rules as `levels`); none:
        the overall score has no level.
        """
        return self._fields().overall_levels

    @property
    def updated(self) -> Optional[_dt.date]:
        """When the framework's content last changed (`YYYY-MM-DD`); written as
        the `lastChangeDateTime` of its CASE export.
        """
        return self._fields().updated


@_dc.dataclass(frozen=True)
class Gap:
    """A requirement a candidate does not meet: a training need."""

    importance: Importance
    """Essential or desirable."""
    required_level: str
    """Level the profile requires."""
    current_level: Optional[str]
    """Level reached, when assessed."""
    score: Optional[float]
    """Competency score, when any."""
    status: GapStatus
    """Why it is a gap."""
    competency: str = ""
    """Competency id (empty for a requirement on a domain or the overall
    score).
    """
    domain: Optional[str] = None
    """Domain id, for a requirement on a domain's level."""
    needs: Tuple[str, ...] = ()
    """For `rule_not_met`: the criteria to meet, required ones first, then
    (when the rule needs more criteria met) the others that would count.
    """
    needs_more: Optional[int] = None
    """For `rule_not_met`: how many of the criteria of `needs` that are
    not required must be met besides the required ones (absent: none).
    """
    overall: bool = False
    """`true` for a requirement on the overall level."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Gap:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["importance"],  # importance
            d["required_level"],  # required_level
            d["current_level"],  # current_level
            d["score"],  # score
            d["status"],  # status
            d.get("competency", ""),  # competency
            d.get("domain"),  # domain
            tuple(d.get("needs", ())),  # needs
            d.get("needs_more"),  # needs_more
            d.get("overall", False),  # overall
        )


@_dc.dataclass(frozen=True)
class GapCounts:
    """Gaps by status."""

    no_evidence: int
    """No evidence."""
    insufficient_evidence: int
    """Insufficient evidence."""
    below_level: int
    """Below the level."""
    rule_not_met: int = 0
    """The competency's rule not met."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GapCounts:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["no_evidence"],  # no_evidence
            d["insufficient_evidence"],  # insufficient_evidence
            d["below_level"],  # below_level
            d.get("rule_not_met", 0),  # rule_not_met
        )


@_dc.dataclass(frozen=True)
class GroupRound:
    """One panel group's results in one round."""

    group: str
    """Panel group."""
    participants: int
    """Participants of the group with a counted rating in the round."""
    items: Tuple[ItemStats, ...]
    """Items, ranked within the group."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GroupRound:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["participants"],  # participants
            tuple(ItemStats.from_dict(x0) for x0 in d["items"]),  # items
        )


@_dc.dataclass(frozen=True)
class ImpactGroup:
    """One group of one attribute (or the total, `group` null). Every number
    is null when `suppressed`.
    """

    group: Optional[str]
    """The group; null: all candidates."""
    suppressed: bool
    """Withheld to protect small numbers."""
    candidates: Optional[int]
    """Candidates screened."""
    meeting_essentials: Optional[int]
    """Candidates meeting every essential requirement."""
    selection_rate: Optional[float]
    """`meeting_essentials / candidates`."""
    ci_low: Optional[float]
    """Lower end of the 95% Wilson interval."""
    ci_high: Optional[float]
    """Upper end of the 95% Wilson interval."""
    relative_likelihood: Optional[float]
    """The most selected group's rate ÷ this rate (above 1: that group is more likely to meet the essentials)."""
    ratio_to_most_selected: Optional[float]
    """This rate ÷ the most selected group's rate."""
    four_fifths: Optional[bool]
    """`ratio_to_most_selected < 0.8` (the four-fifths rule)."""
    fisher_p: Optional[float]
    """Two-sided p of Fisher's exact test, this group against the other
    candidates, when an expected count is below 5.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ImpactGroup:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["suppressed"],  # suppressed
            d["candidates"],  # candidates
            d["meeting_essentials"],  # meeting_essentials
            d["selection_rate"],  # selection_rate
            d["ci_low"],  # ci_low
            d["ci_high"],  # ci_high
            d["relative_likelihood"],  # relative_likelihood
            d["ratio_to_most_selected"],  # ratio_to_most_selected
            d["four_fifths"],  # four_fifths
            d["fisher_p"],  # fisher_p
        )


@_dc.dataclass(frozen=True)
class ItemStats:
    """Statistics of one item in one round (overall or within a panel group)."""

    item: str
    """Item id."""
    label: Optional[str]
    """Label from the item list."""
    category: Optional[str]
    """Category from the item list."""
    n: int
    """Ratings."""
    mean: float
    """Mean score."""
    sd: Optional[float]
    """Sample standard deviation (n − 1); null when n = 1."""
    median: float
    """Median."""
    q1: float
    """First quartile (NumPy `linear`)."""
    q3: float
    """Third quartile (NumPy `linear`)."""
    iqr: float
    """`q3 − q1`."""
    low: int
    """Ratings 1–3."""
    middle: int
    """Ratings 4–7."""
    high: int
    """Ratings 8–10."""
    low_share: float
    """`low / n`."""
    middle_share: float
    """`middle / n`."""
    high_share: float
    """`high / n`."""
    modal_band: Optional[PriorityBand]
    """The band with most ratings; null on a tie."""
    consensus: bool
    """Largest band share ≥ the consensus threshold."""
    consensus_band: Optional[PriorityBand]
    """The band agreed on, when there is consensus."""
    rank: int
    """Rank by mean (descending), then SD (ascending); ties share the lowest rank."""
    high_share_change: Optional[float]
    """`high_share` minus the high share in the previous round; null in the
    first round or when the item was not rated then.
    """
    stable: Optional[bool]
    """`|high_share_change| ≤` the stability threshold."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ItemStats:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["item"],  # item
            d["label"],  # label
            d["category"],  # category
            d["n"],  # n
            d["mean"],  # mean
            d["sd"],  # sd
            d["median"],  # median
            d["q1"],  # q1
            d["q3"],  # q3
            d["iqr"],  # iqr
            d["low"],  # low
            d["middle"],  # middle
            d["high"],  # high
            d["low_share"],  # low_share
            d["middle_share"],  # middle_share
            d["high_share"],  # high_share
            d["modal_band"],  # modal_band
            d["consensus"],  # consensus
            d["consensus_band"],  # consensus_band
            d["rank"],  # rank
            d["high_share_change"],  # high_share_change
            d["stable"],  # stable
        )


@_dc.dataclass(frozen=True)
class Level:
    """A proficiency level: reached when a competency's score is at least `threshold`."""

    id: str
    """Stable identifier, e.g. `competent`."""
    label: str
    """Display name."""
    threshold: float
    """Lowest score in [0, 1] at this level."""
    description: Optional[str] = None
    """What the level means in practice."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Level:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["label"],  # label
            d["threshold"],  # threshold
            d.get("description"),  # description
        )


@_dc.dataclass(frozen=True)
class LevelCount:
    """Workers per level."""

    level: str
    """Level id."""
    workers: int
    """Workers assessed at exactly this level."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LevelCount:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["level"],  # level
            d["workers"],  # workers
        )


@_dc.dataclass(frozen=True)
class MatrixCell:
    """One worker × competency cell."""

    competency: str
    """Competency id."""
    level: Optional[str]
    """Level id, when assessed."""
    score: Optional[float]
    """Competency score, when any."""
    status: CellStatus
    """Evidence standing."""
    holds: bool
    """At the holder level or above."""
    gap: Optional[GapStatus]
    """The screening gap, when a profile requires more than the worker has."""
    target: Optional[str]
    """Level a not-yet-reached plan target aims at."""
    needs: Tuple[str, ...] = ()
    """For `rule_not_met`: the criteria it needs (required ones first),
    as a screening gap's `needs`.
    """
    needs_more: Optional[int] = None
    """For `rule_not_met`: how many of the criteria of `needs` that are
    not required must be met besides the required ones (absent: none).
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> MatrixCell:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["competency"],  # competency
            d["level"],  # level
            d["score"],  # score
            d["status"],  # status
            d["holds"],  # holds
            d["gap"],  # gap
            d["target"],  # target
            tuple(d.get("needs", ())),  # needs
            d.get("needs_more"),  # needs_more
        )


@_dc.dataclass(frozen=True)
class MatrixRow:
    """One worker's row of the matrix."""

    worker: str
    """Worker id."""
    overall: Optional[float]
    """Overall score."""
    meets_essential: Optional[bool]
    """Meets every essential requirement (with a profile)."""
    cells: Tuple[MatrixCell, ...]
    """One cell per competency, in framework order."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> MatrixRow:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            d["overall"],  # overall
            d["meets_essential"],  # meets_essential
            tuple(MatrixCell.from_dict(x0) for x0 in d["cells"]),  # cells
        )


@_dc.dataclass(frozen=True)
class Measure:
    """How a criterion's evidence is measured and normalised to [0, 1].

    One of:

    - ``type`` ``rating``: A rating on the framework's scale, or on its own `min`/`max`.
    - ``type`` ``binary``: Yes or no. (A struct variant so that unknown fields are refused.)
    - ``type`` ``rate``: `numerator / denominator` against a target ratio (score capped at 1).
    - ``type`` ``count``: A count against a target (score capped at 1).
    """

    type: Literal["rating", "binary", "rate", "count"]
    """Which of the kinds below."""
    max: Optional[float] = None
    """Highest rating, overriding the framework scale."""
    min: Optional[float] = None
    """Lowest rating, overriding the framework scale."""
    target: Optional[float] = None
    """``rate``: The ratio that scores 1 (> 0).
    ``count``: The count that scores 1 (> 0).
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Measure:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["type"],  # type
            d.get("max"),  # max
            d.get("min"),  # min
            d.get("target"),  # target
        )


@_dc.dataclass(frozen=True)
class Panel:
    """An expert panel (e.g. the participants of a Delphi survey)."""

    size: int
    """Number of participants."""
    groups: Tuple[PanelGroup, ...] = ()
    """The panel groups and their sizes."""
    rounds: Optional[int] = None
    """Rounds of questioning."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Panel:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["size"],  # size
            tuple(PanelGroup.from_dict(x0) for x0 in d.get("groups", ())),  # groups
            d.get("rounds"),  # rounds
        )


@_dc.dataclass(frozen=True)
class PanelCount:
    """A panel group's size."""

    group: str
    """Panel group."""
    participants: int
    """Distinct participants with a counted rating in any round."""
    by_round: Tuple[int, ...]
    """Participants per round, in round order."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PanelCount:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["participants"],  # participants
            tuple(d["by_round"]),  # by_round
        )


@_dc.dataclass(frozen=True)
class PanelGroup:
    """One group of a panel."""

    label: str
    """Who they are."""
    size: int
    """How many."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PanelGroup:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["label"],  # label
            d["size"],  # size
        )


@_dc.dataclass(frozen=True)
class Plan:
    """One worker's development plan."""

    worker: str
    """Worker id, as in the evidence."""
    baseline: _dt.date
    """When the plan was agreed: progress is measured from here."""
    targets: Tuple[Target, ...]
    """What the worker is to reach."""
    note: Optional[str] = None
    """Free text (barriers, agreed support)."""
    reviews: Tuple[_dt.date, ...] = ()
    """Agreed review dates ("reviewed at key stages")."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Plan:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            _date(d["baseline"]),  # baseline
            tuple(Target.from_dict(x0) for x0 in d["targets"]),  # targets
            d.get("note"),  # note
            tuple(_date(x0) for x0 in d.get("reviews", ())),  # reviews
        )


@_dc.dataclass(frozen=True)
class Plans:
    """A file of development plans for workers assessed against one framework."""

    framework: str
    """Id of the framework the targets refer to."""
    plans: Tuple[Plan, ...]
    """One plan per worker."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Plans:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["framework"],  # framework
            tuple(Plan.from_dict(x0) for x0 in d["plans"]),  # plans
        )


@_dc.dataclass(frozen=True)
class Point:
    """A competency's score and level at one date."""

    date: _dt.date
    """The date."""
    score: Optional[float]
    """Competency score then (null: no evidence)."""
    level: Optional[str]
    """Level then (null: not assessed)."""
    status: Status
    """Whether the evidence sufficed then."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Point:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            _date(d["date"]),  # date
            d["score"],  # score
            d["level"],  # level
            d["status"],  # status
        )


@_dc.dataclass(frozen=True)
class Priority:
    """Priority of a competency from a Delphi-style survey."""

    band: Optional[PriorityBand] = None
    """Band the ratings agreed on."""
    mean: Optional[float] = None
    """Mean rating."""
    rank: Optional[int] = None
    """Rank (1 = highest priority)."""
    sd: Optional[float] = None
    """Sample standard deviation."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Priority:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d.get("band"),  # band
            d.get("mean"),  # mean
            d.get("rank"),  # rank
            d.get("sd"),  # sd
        )


@_dc.dataclass(frozen=True)
class ProfileData:
    """A role profile: which competencies a role needs, at which level."""

    id: str
    """Stable identifier, e.g. `job-retention-specialist`."""
    title: str
    """Role title."""
    framework: str
    """Id of the framework the requirements refer to."""
    requirements: Tuple[Requirement, ...]
    """The requirements."""
    description: Optional[str] = None
    """What the role is."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ProfileData:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["title"],  # title
            d["framework"],  # framework
            tuple(Requirement.from_dict(x0) for x0 in d["requirements"]),  # requirements
            d.get("description"),  # description
        )


class ProfileFields:
    """The attributes of :class:`ProfileData`, read-only, for a class that holds one."""

    __slots__ = ()

    def _fields(self) -> ProfileData:
        raise NotImplementedError

    @property
    def id(self) -> str:
        """Stable identifier, e.g. `job-retention-specialist`."""
        return self._fields().id

    @property
    def title(self) -> str:
        """Role title."""
        return self._fields().title

    @property
    def requirements(self) -> Tuple[Requirement, ...]:
        """The requirements."""
        return self._fields().requirements

    @property
    def description(self) -> Optional[str]:
        """What the role is."""
        return self._fields().description


@_dc.dataclass(frozen=True)
class ProfileRequirement:
    """What a role profile asks of a competency."""

    level: str
    """Required level id."""
    importance: Importance
    """Essential or desirable."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ProfileRequirement:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["level"],  # level
            d["importance"],  # importance
        )


@_dc.dataclass(frozen=True)
class ProgressCounts:
    """Counts of targets by standing."""

    achieved: int
    """Targets achieved."""
    progressing: int
    """Targets progressing."""
    no_progress: int
    """Targets with no progress."""
    overdue: int
    """Targets overdue (of the not achieved)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ProgressCounts:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["achieved"],  # achieved
            d["progressing"],  # progressing
            d["no_progress"],  # no_progress
            d["overdue"],  # overdue
        )


@_dc.dataclass(frozen=True)
class ProgressResult:
    """Progress of every plan target at `as_of`."""

    framework: str
    """Framework id."""
    as_of: _dt.date
    """The date progress is judged at."""
    min_gain: float
    """Score rise that counts as progressing."""
    counts: ProgressCounts
    """Counts by standing."""
    targets: Tuple[TargetProgress, ...]
    """Every target, in plan order."""
    rejected: Tuple[Rejection, ...]
    """Evidence not used at `as_of`, with reasons."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ProgressResult:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["framework"],  # framework
            _date(d["as_of"]),  # as_of
            d["min_gain"],  # min_gain
            ProgressCounts.from_dict(d["counts"]),  # counts
            tuple(TargetProgress.from_dict(x0) for x0 in d["targets"]),  # targets
            tuple(Rejection.from_dict(x0) for x0 in d["rejected"]),  # rejected
        )


@_dc.dataclass(frozen=True)
class RatingCounts:
    """Ratings read, counted and excluded."""

    ratings: int
    """Ratings read."""
    used: int
    """Counted."""
    excluded: int
    """Excluded (listed in `excluded`)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RatingCounts:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["ratings"],  # ratings
            d["used"],  # used
            d["excluded"],  # excluded
        )


@_dc.dataclass(frozen=True)
class RatingScale:
    """The numeric scale for `rating` criteria."""

    min: float
    """Lowest rating."""
    max: float
    """Highest rating."""
    labels: Tuple[ScaleLabel, ...] = ()
    """Names of scale points."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RatingScale:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["min"],  # min
            d["max"],  # max
            tuple(ScaleLabel.from_dict(x0) for x0 in d.get("labels", ())),  # labels
        )


@_dc.dataclass(frozen=True)
class ReasonRow:
    """Reasons for "no" outcomes of one group, over all periods."""

    group: str
    """The group."""
    suppressed: bool
    """Withheld because the group's total is suppressed."""
    declined: Optional[int]
    """People with a "no" outcome."""
    counts: Optional[Tuple[int, ...]]
    """Count per reason, in the order of [`ReasonTable::reasons`]."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ReasonRow:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["suppressed"],  # suppressed
            d["declined"],  # declined
            None if d["counts"] is None else tuple(d["counts"]),  # counts
        )


@_dc.dataclass(frozen=True)
class ReasonTable:
    """Reasons for "no" outcomes by group."""

    reasons: Tuple[str, ...]
    """Reasons, sorted, with `(not recorded)` last."""
    groups: Tuple[ReasonRow, ...]
    """One row per group."""
    totals: Optional[Tuple[int, ...]]
    """Count per reason over all groups; null when any group's row is suppressed."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ReasonTable:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            tuple(d["reasons"]),  # reasons
            tuple(ReasonRow.from_dict(x0) for x0 in d["groups"]),  # groups
            None if d["totals"] is None else tuple(d["totals"]),  # totals
        )


@_dc.dataclass(frozen=True)
class RejectedRow:
    """A row that is not counted, and why."""

    line: int
    """Physical line in the file (header is line 1)."""
    column: str
    """The column at fault."""
    reason: RowReason
    """Why."""
    detail: str
    """What was found and what was expected."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RejectedRow:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["line"],  # line
            d["column"],  # column
            d["reason"],  # reason
            d["detail"],  # detail
        )


@_dc.dataclass(frozen=True)
class Rejection:
    """An item that was not used, and why."""

    id: Optional[str]
    """Item id."""
    line: int
    """Line (or position) in the input."""
    worker: str
    """Worker id."""
    criterion: str
    """Criterion id as given."""
    reason: Reason
    """Why."""
    detail: str
    """What exactly was wrong."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Rejection:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["line"],  # line
            d["worker"],  # worker
            d["criterion"],  # criterion
            d["reason"],  # reason
            d["detail"],  # detail
        )


@_dc.dataclass(frozen=True)
class Replacement:
    """An identifier [`export`] replaced."""

    old: str
    """The identifier as it was."""
    new: str
    """The UUID written instead."""
    path: str
    """JSON path of the object it identifies (or of the property that
    refers to it), in the exported package.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Replacement:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["old"],  # old
            d["new"],  # new
            d["path"],  # path
        )


@_dc.dataclass(frozen=True)
class Representation:
    """One group's share of the outcome against its reference share."""

    group: str
    """The group."""
    reference_share: float
    """Its share of the profile (0–1), as given."""
    suppressed: bool
    """Withheld because the group's count or the total is suppressed."""
    count: Optional[int]
    """People of the group with the outcome."""
    total: Optional[int]
    """People of every group with the outcome."""
    share: Optional[float]
    """`count / total`."""
    ci_low: Optional[float]
    """Lower end of the share's 95% Wilson interval."""
    ci_high: Optional[float]
    """Upper end of the share's 95% Wilson interval."""
    ratio: Optional[float]
    """`share / reference_share`."""
    flag: Optional[str]
    """`under` (reference above the interval) or `over` (below it)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Representation:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["reference_share"],  # reference_share
            d["suppressed"],  # suppressed
            d["count"],  # count
            d["total"],  # total
            d["share"],  # share
            d["ci_low"],  # ci_low
            d["ci_high"],  # ci_high
            d["ratio"],  # ratio
            d["flag"],  # flag
        )


@_dc.dataclass(frozen=True)
class Requirement:
    """One requirement of a role profile."""

    level: str
    """Minimum level id (of the competency levels, the domain's or the
    overall ones).
    """
    importance: Importance
    """Essential or desirable."""
    competency: str = ""
    """Competency id (empty when the requirement is on a domain or the
    overall score).
    """
    domain: Optional[str] = None
    """Domain id, for a requirement on a domain's level (its `levels`)."""
    overall: bool = False
    """`true` for a requirement on the overall level (`overall_levels`)."""
    rationale: Optional[str] = None
    """Why the role needs it."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Requirement:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["level"],  # level
            d["importance"],  # importance
            d.get("competency", ""),  # competency
            d.get("domain"),  # domain
            d.get("overall", False),  # overall
            d.get("rationale"),  # rationale
        )


@_dc.dataclass(frozen=True)
class RoundResult:
    """One round's results."""

    round: int
    """Round number."""
    previous_round: Optional[int]
    """The round stability is measured against (the previous round in the data)."""
    participants: int
    """Participants with a counted rating in the round."""
    ratings: int
    """Counted ratings in the round."""
    items: Tuple[ItemStats, ...]
    """Items, ranked (rank, then item id)."""
    groups: Tuple[GroupRound, ...]
    """The same by panel group (groups sorted)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RoundResult:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["round"],  # round
            d["previous_round"],  # previous_round
            d["participants"],  # participants
            d["ratings"],  # ratings
            tuple(ItemStats.from_dict(x0) for x0 in d["items"]),  # items
            tuple(GroupRound.from_dict(x0) for x0 in d["groups"]),  # groups
        )


@_dc.dataclass(frozen=True)
class RowCounts:
    """Rows read, counted and rejected. `rows` and `used` are withheld (null)
    when the overall total is suppressed, as they would reveal it.
    """

    rows: Optional[int]
    """Rows read."""
    used: Optional[int]
    """Rows counted."""
    rejected: int
    """Rows rejected."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RowCounts:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["rows"],  # rows
            d["used"],  # used
            d["rejected"],  # rejected
        )


@_dc.dataclass(frozen=True)
class RowWarning:
    """A row that is counted, but with something worth knowing."""

    line: int
    """Physical line in the file."""
    message: str
    """What."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RowWarning:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["line"],  # line
            d["message"],  # message
        )


@_dc.dataclass(frozen=True)
class RuleOutcome:
    """How a competency's rule (and its required criteria) came out."""

    met: bool
    """Whether the rule and every required criterion are met."""
    criteria_met: int
    """Criteria met (a score, at least the rule's `min_score` when it has one)."""
    criteria_needed: int
    """Criteria the rule needs met."""
    required_unmet: Tuple[str, ...]
    """Required criteria not met, in framework order."""
    unmet: Tuple[str, ...]
    """The other criteria not met, in framework order (any of them would
    count towards `criteria_needed`).
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RuleOutcome:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["met"],  # met
            d["criteria_met"],  # criteria_met
            d["criteria_needed"],  # criteria_needed
            tuple(d["required_unmet"]),  # required_unmet
            tuple(d["unmet"]),  # unmet
        )


@_dc.dataclass(frozen=True)
class RuleSpec:
    """The mapping form of a [`Rule`]: exactly one of `need` and `at_least`."""

    at_least: Optional[int] = None
    """At least this many criteria met (1 to the number of criteria)."""
    min_score: Optional[float] = None
    """A criterion is met only with a score of at least this (0–1);
    none: any score.
    """
    need: Optional[Need] = None
    """`all` or `any`."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RuleSpec:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d.get("at_least"),  # at_least
            d.get("min_score"),  # min_score
            d.get("need"),  # need
        )


@_dc.dataclass(frozen=True)
class ScaleLabel:
    """The name of one point of a rating scale."""

    value: float
    """The scale value."""
    label: str
    """What it means."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScaleLabel:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["value"],  # value
            d["label"],  # label
        )


@_dc.dataclass(frozen=True)
class ScoreResultData:
    """The result of scoring evidence against a framework."""

    framework: str
    """Framework id."""
    framework_version: str
    """Framework version."""
    as_of: _dt.date
    """The date scores are computed at."""
    policy: ScoringPolicy
    """The policy in force."""
    counts: Counts
    """How many items were read, used and rejected."""
    workers: Tuple[WorkerScore, ...]
    """One entry per worker, sorted by worker id."""
    rejected: Tuple[Rejection, ...]
    """Every item not used, with its reason; sorted by line, then id."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScoreResultData:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["framework"],  # framework
            d["framework_version"],  # framework_version
            _date(d["as_of"]),  # as_of
            ScoringPolicy.from_dict(d["policy"]),  # policy
            Counts.from_dict(d["counts"]),  # counts
            tuple(WorkerScore.from_dict(x0) for x0 in d["workers"]),  # workers
            tuple(Rejection.from_dict(x0) for x0 in d["rejected"]),  # rejected
        )


class ScoreResultFields:
    """The attributes of :class:`ScoreResultData`, read-only, for a class that holds one."""

    __slots__ = ()

    def _fields(self) -> ScoreResultData:
        raise NotImplementedError

    @property
    def framework(self) -> str:
        """Framework id."""
        return self._fields().framework

    @property
    def framework_version(self) -> str:
        """Framework version."""
        return self._fields().framework_version

    @property
    def as_of(self) -> _dt.date:
        """The date scores are computed at."""
        return self._fields().as_of

    @property
    def policy(self) -> ScoringPolicy:
        """The policy in force."""
        return self._fields().policy

    @property
    def counts(self) -> Counts:
        """How many items were read, used and rejected."""
        return self._fields().counts

    @property
    def workers(self) -> Tuple[WorkerScore, ...]:
        """One entry per worker, sorted by worker id."""
        return self._fields().workers

    @property
    def rejected(self) -> Tuple[Rejection, ...]:
        """Every item not used, with its reason; sorted by line, then id."""
        return self._fields().rejected


@_dc.dataclass(frozen=True)
class ScoringPolicy:
    """The policy in force for one scoring run."""

    half_life_days: Optional[float]
    """Age in days at which an item's weight halves; `null`: no decay."""
    max_age_days: Optional[int]
    """Older items are rejected as expired; `null`: no limit."""
    min_items: int
    """Used items a competency needs to be assessed."""
    min_coverage: float
    """Share of criterion weight (0–1) that must have evidence."""
    kind_weights: Mapping[str, float]
    """Weight of one item of each evidence kind."""
    aggregate: Aggregate = "weighted_mean"
    """How a criterion's items make its score (`weighted_mean` when absent)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScoringPolicy:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["half_life_days"],  # half_life_days
            d["max_age_days"],  # max_age_days
            d["min_items"],  # min_items
            d["min_coverage"],  # min_coverage
            _map(d["kind_weights"]),  # kind_weights
            d.get("aggregate", "weighted_mean"),  # aggregate
        )


@_dc.dataclass(frozen=True)
class ScreenResultData:
    """A ranked shortlist."""

    profile: str
    """Profile id."""
    framework: str
    """Framework id."""
    as_of: _dt.date
    """Date of the scores."""
    counts: Counts
    """Evidence counts."""
    candidates: Tuple[Candidate, ...]
    """Candidates, best first."""
    rejected: Tuple[Rejection, ...]
    """Evidence not used, with reasons."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScreenResultData:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["profile"],  # profile
            d["framework"],  # framework
            _date(d["as_of"]),  # as_of
            Counts.from_dict(d["counts"]),  # counts
            tuple(Candidate.from_dict(x0) for x0 in d["candidates"]),  # candidates
            tuple(Rejection.from_dict(x0) for x0 in d["rejected"]),  # rejected
        )


class ScreenResultFields:
    """The attributes of :class:`ScreenResultData`, read-only, for a class that holds one."""

    __slots__ = ()

    def _fields(self) -> ScreenResultData:
        raise NotImplementedError

    @property
    def profile(self) -> str:
        """Profile id."""
        return self._fields().profile

    @property
    def framework(self) -> str:
        """Framework id."""
        return self._fields().framework

    @property
    def as_of(self) -> _dt.date:
        """Date of the scores."""
        return self._fields().as_of

    @property
    def counts(self) -> Counts:
        """Evidence counts."""
        return self._fields().counts

    @property
    def candidates(self) -> Tuple[Candidate, ...]:
        """Candidates, best first."""
        return self._fields().candidates

    @property
    def rejected(self) -> Tuple[Rejection, ...]:
        """Evidence not used, with reasons."""
        return self._fields().rejected


@_dc.dataclass(frozen=True)
class Section:
    """A section of a competency's criteria: a label and a place in reading
    order (the order of the competency's `sections`).
    """

    id: str
    """Stable identifier, unique in its competency."""
    label: str
    """Display name."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Section:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["id"],  # id
            d["label"],  # label
        )


@_dc.dataclass(frozen=True)
class SelfAssessmentRow:
    """Self-assessment against assessors' values for one competency."""

    competency: str
    """The competency."""
    pairs: int
    """Worker × criterion units with both a self-assessment and an assessor's value."""
    workers: int
    """Workers among them."""
    mean_difference: Optional[float]
    """Mean of `self − mean of assessors` (above 0: people rate themselves higher)."""
    ci_low: Optional[float]
    """Lower end of its 95% t interval."""
    ci_high: Optional[float]
    """Upper end of its 95% t interval."""
    flag: Optional[str]
    """`over` or `under` when the interval excludes 0 (and `pairs ≥ min_pairs`)."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SelfAssessmentRow:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["competency"],  # competency
            d["pairs"],  # pairs
            d["workers"],  # workers
            d["mean_difference"],  # mean_difference
            d["ci_low"],  # ci_low
            d["ci_high"],  # ci_high
            d["flag"],  # flag
        )


@_dc.dataclass(frozen=True)
class Settings:
    """The settings an analysis ran with."""

    group: str
    """Group column."""
    outcome: str
    """Outcome column."""
    period: Optional[str]
    """Period column, if any (with `cross`: the second group column)."""
    reason: Optional[str]
    """Reason column, if any."""
    reference: Optional[str]
    """The reference group of the relative likelihood."""
    reference_chosen_by: str
    """How the reference group was chosen: `option` or `largest_group`."""
    min_cell: int
    """Smallest `n` shown."""
    confidence: float
    """Confidence level of the intervals (0.95)."""
    z: float
    """The normal quantile used (1.959963984540054)."""
    cross: Optional[str] = None
    """The second group column crossed with the group (intersectional
    groups: `period` holds the same column, and there are no trends).
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Settings:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["outcome"],  # outcome
            d["period"],  # period
            d["reason"],  # reason
            d["reference"],  # reference
            d["reference_chosen_by"],  # reference_chosen_by
            d["min_cell"],  # min_cell
            d["confidence"],  # confidence
            d["z"],  # z
            d.get("cross"),  # cross
        )


@_dc.dataclass(frozen=True)
class Source:
    """Citation and provenance of a framework."""

    citation: str
    """Full citation of the source document."""
    method: Optional[str] = None
    """How the content was established (e.g. a Delphi survey)."""
    notes: Optional[str] = None
    """Anything else a reader should know about the source."""
    panel: Optional[Panel] = None
    """The expert panel behind the framework, when known."""
    publisher: Optional[str] = None
    """Publisher or organisation."""
    url: Optional[str] = None
    """Link to the source, when there is one."""
    year: Optional[int] = None
    """Year of publication."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Source:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["citation"],  # citation
            d.get("method"),  # method
            d.get("notes"),  # notes
            None if d.get("panel") is None else Panel.from_dict(d["panel"]),  # panel
            d.get("publisher"),  # publisher
            d.get("url"),  # url
            d.get("year"),  # year
        )


@_dc.dataclass(frozen=True)
class Target:
    """One target of a plan."""

    competency: str
    """Competency id."""
    level: str
    """Level id to reach."""
    due: _dt.date
    """When it is due (the timescale)."""
    lead: Optional[str] = None
    """Who leads it."""
    note: Optional[str] = None
    """Free text."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Target:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["competency"],  # competency
            d["level"],  # level
            _date(d["due"]),  # due
            d.get("lead"),  # lead
            d.get("note"),  # note
        )


@_dc.dataclass(frozen=True)
class TargetProgress:
    """One plan target's progress."""

    worker: str
    """Worker id."""
    competency: str
    """Competency id."""
    target_level: str
    """Level to reach."""
    due: _dt.date
    """When it is due."""
    lead: Optional[str]
    """Who leads it."""
    status: TargetStatus
    """Standing at `as_of`."""
    overdue: bool
    """Past due and not achieved."""
    days_overdue: int
    """Days past due when overdue, else 0."""
    gain: Optional[float]
    """Score change since the baseline (a missing score counts as 0; null
    when there is no score now).
    """
    trajectory: Tuple[Point, ...]
    """At the baseline, each review date up to `as_of`, and `as_of`."""
    explanation: str
    """The status in one line a person understands."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TargetProgress:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            d["competency"],  # competency
            d["target_level"],  # target_level
            _date(d["due"]),  # due
            d["lead"],  # lead
            d["status"],  # status
            d["overdue"],  # overdue
            d["days_overdue"],  # days_overdue
            d["gain"],  # gain
            tuple(Point.from_dict(x0) for x0 in d["trajectory"]),  # trajectory
            d["explanation"],  # explanation
        )


@_dc.dataclass(frozen=True)
class Trend:
    """A group's rates across periods (shown cells only)."""

    group: str
    """The group."""
    periods: int
    """Periods with a shown rate."""
    first_period: Optional[str]
    """First such period."""
    last_period: Optional[str]
    """Last such period."""
    first_rate: Optional[float]
    """Rate in the first."""
    last_rate: Optional[float]
    """Rate in the last."""
    change: Optional[float]
    """`last_rate − first_rate`."""
    slope: Optional[float]
    """Least-squares slope of the rate against the period's position
    (0, 1, 2, ... in period order): change per period.
    """
    first_relative_likelihood: Optional[float]
    """Relative likelihood in the first period where it is shown."""
    last_relative_likelihood: Optional[float]
    """Relative likelihood in the last period where it is shown."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Trend:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["group"],  # group
            d["periods"],  # periods
            d["first_period"],  # first_period
            d["last_period"],  # last_period
            d["first_rate"],  # first_rate
            d["last_rate"],  # last_rate
            d["change"],  # change
            d["slope"],  # slope
            d["first_relative_likelihood"],  # first_relative_likelihood
            d["last_relative_likelihood"],  # last_relative_likelihood
        )


@_dc.dataclass(frozen=True)
class UnmappedActivity:
    """An activity no competency is mapped to."""

    worker: str
    """Worker id."""
    date: _dt.date
    """Date."""
    title: str
    """Title."""
    hours: float
    """Hours."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> UnmappedActivity:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            _date(d["date"]),  # date
            d["title"],  # title
            d["hours"],  # hours
        )


@_dc.dataclass(frozen=True)
class WorkerPeriodHours:
    """CPD hours of one worker in one period."""

    worker: str
    """Worker id."""
    period: str
    """Period label."""
    hours: float
    """Hours."""
    activities: int
    """Activities."""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WorkerPeriodHours:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            d["period"],  # period
            d["hours"],  # hours
            d["activities"],  # activities
        )


@_dc.dataclass(frozen=True)
class WorkerScore(WorkerScoreMethods):
    """One worker's scores."""

    worker: str
    """Worker id."""
    overall: Optional[float]
    """Weighted mean over assessed competencies; null when none."""
    domains: Tuple[DomainScore, ...]
    """Per domain, in framework order."""
    competencies: Tuple[CompetencyScore, ...]
    """Per competency, in framework order."""
    overall_level: Optional[str] = None
    """Level of the overall score (the framework's `overall_levels`);
    absent when it has none or the score is null.
    """

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WorkerScore:
        """Reads the JSON the engine writes (as parsed by ``json.loads``)."""
        return cls(
            d["worker"],  # worker
            d["overall"],  # overall
            tuple(DomainScore.from_dict(x0) for x0 in d["domains"]),  # domains
            tuple(CompetencyScore.from_dict(x0) for x0 in d["competencies"]),  # competencies
            d.get("overall_level"),  # overall_level
        )
