// TypeScript types of the values proficient-wasm reads and returns.
// Generated from the Rust types (via their schemars JSON Schemas) by
// wasm/tests/typescript.rs: do not edit. Regenerate with
// `UPDATE_TYPES=1 cargo test -p proficient-wasm --test typescript`.

/** Adverse impact of a screening. */
export interface AdverseImpact {
  /** The role profile. */
  profile: string;
  /** Smallest number of candidates a group may have to be shown. */
  min_cell: number;
  /**
   * Candidates with no row in the people file (in `(not recorded)`);
   * withheld (null) when between 1 and `min_cell − 1`.
   */
  unmatched: number | null;
  /** People file rows naming no candidate (not counted). */
  not_candidates: number;
  /** One per attribute, in the order asked (or of the file's columns). */
  attributes: AttributeImpact[];
}

/** How the items of one worker and criterion make the criterion's score. */
export type Aggregate = "weighted_mean" | "latest" | "latest_per_assessor";

/** What one point of a rating scale means, e.g. `1` = "no integration". */
export interface Anchor {
  /** The rating, within the criterion's scale. */
  value: number;
  /** What a rating of `value` means, in a few words. */
  label: string;
  /** A longer description, when there is one. */
  description?: string | null;
}

/** A shared anchored rating scale that criteria name with `scale: ID`. */
export interface AnchoredScale {
  /** Stable identifier, unique in the framework. */
  id: string;
  /** What points of the scale mean, in increasing order of `value`. */
  anchors: Anchor[];
  /** Display name, when there is one. */
  label?: string | null;
}

/** AssessorAgreement among assessors on one criterion, or overall. */
export interface AssessorAgreement {
  /** The criterion; null: overall. */
  criterion: string | null;
  /** Its competency; null: overall. */
  competency: string | null;
  /** `ordinal` (ratings) or `nominal` (yes/no). */
  level: string;
  /** Worker × criterion units rated by two or more assessors. */
  units: number;
  /** Values in those units. */
  values: number;
  /** Krippendorff's alpha; null when nothing varies. */
  alpha: number | null;
  /** Pairs of assessors' values on the same unit. */
  pairs: number;
  /** Share of pairs giving the same value. */
  exact: number | null;
  /** Share of pairs at most one scale point apart (yes/no: same as exact). */
  adjacent: number | null;
}

/** Items counted. */
export interface AssessorCounts {
  /** Accepted items (after the scoring policy). */
  items: number;
  /** Items with an assessor other than the worker, not self-assessments. */
  assessed: number;
  /** Self-assessments. */
  self_assessed: number;
  /** Items with no assessor (left out). */
  unattributed: number;
  /** Worker × criterion units rated by two or more assessors. */
  shared_units: number;
}

/** One comparison: this assessor's value and another's on the same worker × criterion. */
export interface AssessorPair {
  /** Worker. */
  worker: string;
  /** Criterion. */
  criterion: string;
  /** This assessor's normalised value (latest item). */
  value: number;
  /** Its evidence line. */
  line: number;
  /** The other assessor. */
  other: string;
  /** The other's normalised value (latest item). */
  other_value: number;
  /** Its evidence line. */
  other_line: number;
  /** `value − other_value`. */
  difference: number;
}

/** One assessor's figures. */
export interface AssessorRow {
  /** The assessor. */
  assessor: string;
  /** Items assessed. */
  items: number;
  /** Workers assessed. */
  workers: number;
  /** Mean normalised value of the items (0–1). */
  mean_value: number;
  /** Comparison pairs with other assessors on the same worker × criterion. */
  pairs: number;
  /** Mean of `value − other_value` over the pairs (above 0: more lenient). */
  leniency: number | null;
  /** Lower end of its 95% t interval. */
  ci_low: number | null;
  /** Upper end of its 95% t interval. */
  ci_high: number | null;
  /** `lenient` or `severe` when the interval excludes 0 (and `pairs ≥ min_pairs`). */
  flag: string | null;
  /** The pairs behind a flag (empty when not flagged). */
  flagged_pairs: AssessorPair[];
}

/** The settings a calibration ran with. */
export interface AssessorSettings {
  /** The evidence kind that marks a self-assessment (also: assessor = worker). */
  self_kind: string | null;
  /** Fewest comparison pairs an assessor needs to be flagged. */
  min_pairs: number;
  /** Confidence level of the intervals (0.95). */
  confidence: number;
}

/** The result of an assessor calibration. */
export interface AssessorsResult {
  /** Settings. */
  settings: AssessorSettings;
  /** Items counted. */
  counts: AssessorCounts;
  /** One row per assessor, sorted. */
  assessors: AssessorRow[];
  /** AssessorAgreement per criterion with shared units (framework order). */
  criteria: AssessorAgreement[];
  /**
   * AssessorAgreement over all rating criteria (ordinal, on normalised values)
   * and over all yes/no criteria (nominal), where there are shared units.
   */
  overall: AssessorAgreement[];
  /** Self-assessment against assessors per competency (framework order). */
  self_assessment: SelfAssessmentRow[];
  /** One plain line per figure. */
  explanations: FigureExplanation[];
}

/** The groups of one attribute. */
export interface AttributeImpact {
  /** The attribute (a column of the people file). */
  attribute: string;
  /** The group with the highest selection rate among those shown. */
  most_selected: string | null;
  /** One per group, sorted. */
  groups: ImpactGroup[];
  /** All candidates. */
  total: ImpactGroup;
}

/** One candidate's screening. */
export interface Candidate {
  /** Position in the shortlist, from 1. */
  rank: number;
  /** Worker id. */
  worker: string;
  /** All essential requirements met. */
  meets_essential: boolean;
  /** Essential requirements met. */
  essential_met: number;
  /** Essential requirements in the profile. */
  essential_total: number;
  /** Desirable requirements met. */
  desirable_met: number;
  /** Desirable requirements in the profile. */
  desirable_total: number;
  /** Overall score. */
  overall: number | null;
  /** Unmet requirements, in profile order. */
  gaps: Gap[];
  /**
   * Level of the overall score (the framework's `overall_levels`);
   * absent when it has none or the score is null.
   */
  overall_level?: string | null;
}

/**
 * CASE 1.1 identity of a framework (the CFDocument) and the package parts
 * that have no place in the model, kept so an export round-trips.
 */
export interface CaseDocument {
  /** The CFDocument `identifier`. */
  identifier: string;
  /** Associations whose origin is not an item (e.g. from the document). */
  associations?: unknown[];
  /** The CFDocument's other properties, verbatim. */
  fields?: Record<string, unknown>;
  /**
   * Items that are neither domains, competencies nor criteria (grouping
   * levels between them), with their statements.
   */
  groupings?: CaseGrouping[];
  /** Other package members (`CFDefinitions`, `CFRubrics`, ...), verbatim. */
  package?: Record<string, unknown>;
  /** The CFDocument `uri`. */
  uri?: string | null;
}

/** A CFItem kept as a grouping level. */
export interface CaseGrouping {
  /** The `fullStatement`. */
  statement: string;
  /** Its identity and links. */
  item: CaseRef;
}

/** One CFAssociation from an item. */
export interface CaseLink {
  /** The association's `identifier`. */
  identifier: string;
  /** The `associationType` (`isChildOf`, `isRelatedTo`, ...). */
  type: string;
  /** Identifier of the destination node. */
  target: string;
  /** The association's other properties, verbatim. */
  fields?: Record<string, unknown>;
}

/**
 * CASE 1.1 identity of a framework item (CFItem): kept on import so an
 * export round-trips with the same identifiers.
 */
export interface CaseRef {
  /** The CFItem `identifier` (a UUID in CASE 1.1). */
  identifier: string;
  /** Other associations from this item (`isRelatedTo`, `exactMatchOf`, ...). */
  associations?: CaseLink[];
  /** The CFItem's other properties, verbatim. */
  fields?: Record<string, unknown>;
  /** The `humanCodingScheme`. */
  human_coding_scheme?: string | null;
  /** The `CFItemType`. */
  item_type?: string | null;
  /** `isChildOf` associations from this item, in package order. */
  parents?: CaseLink[];
  /** The CFItem `uri`. */
  uri?: string | null;
}

/** The shipped frameworks and profiles (`list`). */
export interface Catalogue {
  /** The shipped frameworks, by name. */
  frameworks: ListedFramework[];
  /** The shipped role profiles, by name. */
  profiles: ListedProfile[];
}

/** A thematic category. */
export interface Category {
  /** Stable identifier. */
  id: string;
  /** Display name. */
  label: string;
  /** What belongs here. */
  description?: string | null;
}

/** Evidence standing of one worker on one competency. */
export type CellStatus = "assessed" | "insufficient_evidence" | "no_evidence" | "rule_not_met";

/** The cohort view. */
export interface CohortResult {
  /** Framework id. */
  framework: string;
  /** Date of the scores. */
  as_of: IsoDate;
  /** Profile id, when screened. */
  profile: string | null;
  /** Holder level. */
  level: string;
  /** Fewest holders before thin. */
  min_holders: number;
  /** Workers, sorted. */
  workers: string[];
  /** Per competency, in framework order. */
  competencies: CompetencySummary[];
  /** Thin competencies, in framework order. */
  thin: string[];
  /** Workers × competencies. */
  matrix: MatrixRow[];
}

/** One competency statement with the criteria used to assess it. */
export interface Competency {
  /** Stable identifier, unique in the framework. */
  id: string;
  /** The domain id it belongs to. */
  domain: string;
  /** The statement, in the source's own words. */
  statement: string;
  /** The "how to assess" indicators. */
  criteria: Criterion[];
  /** CASE 1.1 identity of the item this competency maps to. */
  case?: CaseRef | null;
  /** The category id it belongs to, if any. */
  category?: string | null;
  /** Editorial notes (e.g. where a category was assigned by us). */
  notes?: string | null;
  /** Priority from an expert survey, when known. */
  priority?: Priority | null;
  /**
   * Which criteria must be met for the competency to get a level;
   * none: no rule (criteria marked `required` must still be met).
   */
  rule?: Rule | null;
  /**
   * Sections its criteria are grouped in (`section: ID` on a criterion),
   * in reading order; for reading and reports, scoring is unchanged.
   */
  sections?: Section[];
  /** Weight in domain and overall scores (> 0). */
  weight?: number;
}

/** CPD addressing one competency. */
export interface CompetencyHours {
  /** Competency id. */
  competency: string;
  /**
   * Hours of activities addressing it (an activity addressing several
   * competencies counts fully for each).
   */
  hours: number;
  /** Activities addressing it. */
  activities: number;
  /** Distinct workers. */
  workers: number;
}

/** A competency's score, level and derivation. */
export interface CompetencyScore {
  /** Competency id. */
  id: string;
  /** Weighted mean of its assessed criteria; null when none. */
  score: number | null;
  /** Level id, when assessed. */
  level: string | null;
  /** Whether the evidence suffices. */
  status: Status;
  /** Share of criterion weight with evidence. */
  coverage: number;
  /** Used items. */
  items: number;
  /** Per criterion, in framework order. */
  criteria: CriterionScore[];
  /** How its rule came out, when it has a rule or required criteria. */
  rule?: RuleOutcome | null;
}

/** The team's standing on one competency. */
export interface CompetencySummary {
  /** Competency id. */
  id: string;
  /** Domain id. */
  domain: string;
  /** Category id. */
  category: string | null;
  /** Workers at the holder level or above. */
  holders: number;
  /** Who, sorted. */
  holder_workers: string[];
  /** Workers not holding it (`workers − holders`). */
  not_held: number;
  /** `holders < min_holders`. */
  thin: boolean;
  /** Assessed workers per level, in level order. */
  by_level: LevelCount[];
  /** Workers with some evidence but no level. */
  insufficient_evidence: number;
  /** Workers with no used evidence. */
  no_evidence: number;
  /** The role profile's requirement, if any. */
  requirement: ProfileRequirement | null;
  /** Training demand. */
  demand: Demand;
  /** Workers whose rule on it is not met (absent: none). */
  rule_not_met?: number;
}

/** Item counts; `used + rejected = items`. */
export interface Counts {
  /** Items read. */
  items: number;
  /** Items used in scores. */
  used: number;
  /** Items rejected. */
  rejected: number;
}

/** CPD activities, with optional rules that turn them into evidence. */
export interface Cpd {
  /** The activities. */
  activities: CpdActivity[];
  /** Rules turning certificates into evidence items. */
  evidence_rules?: EvidenceRule[];
  /** Id of the framework the competencies refer to, when given. */
  framework?: string | null;
}

/** One CPD activity. */
export interface CpdActivity {
  /** Worker id. */
  worker: string;
  /** Date of the activity (or of its completion). */
  date: IsoDate;
  /** What it was. */
  title: string;
  /** Hours spent (≥ 0). */
  hours: number;
  /** Certificate reference, when one was awarded. */
  certificate?: string | null;
  /** Competency ids it addresses. */
  competencies?: string[];
  /** Who provided it. */
  provider?: string | null;
}

/** CPD totals. */
export interface CpdSummary {
  /** Period used. */
  period: Period;
  /** All hours. */
  total_hours: number;
  /** By worker and period, sorted by worker then period. */
  by_worker: WorkerPeriodHours[];
  /** By competency, in framework order. */
  by_competency: CompetencyHours[];
  /** Activities with no competency mapped. */
  unmapped: UnmappedActivity[];
}

/** One assessment criterion ("how to assess?" indicator). */
export interface Criterion {
  /** Stable identifier, unique in the framework. */
  id: string;
  /** The indicator, in the source's own words. */
  statement: string;
  /** How evidence for it is measured. */
  measure: Measure;
  /**
   * What points of its rating scale mean (a `rating` criterion only);
   * or name a shared scale with `scale`, not both.
   */
  anchors?: Anchor[];
  /**
   * CASE 1.1 identity of the item this criterion maps to (the
   * competency's own item for a flat package's single criterion).
   */
  case?: CaseRef | null;
  /** Evidence kinds accepted for it; none: every kind. */
  kinds?: string[] | null;
  /** Editorial notes (e.g. why this measure was chosen). */
  notes?: string | null;
  /** Whether the competency gets a level only when this criterion is met. */
  required?: boolean;
  /**
   * The id of a shared anchored scale (`anchored_scales`) whose anchors
   * describe its ratings (a `rating` criterion only).
   */
  scale?: string | null;
  /** The id of the competency's section it belongs to, if any. */
  section?: string | null;
  /** Weight within its competency (> 0). */
  weight?: number;
}

/** A criterion's score and the items behind it. */
export interface CriterionScore {
  /** Criterion id. */
  id: string;
  /** Σ w·v / Σ w; null when no items. */
  score: number | null;
  /** Used items. */
  items: number;
  /** Σ w of used items. */
  weight: number;
  /** The used items (when explanations are on), by date, id, line. */
  evidence: EvidenceUse[];
  /**
   * Anchored criteria only: the label of the anchor that describes
   * `rating` (the anchor at it, else the nearest, the lower of two
   * equally near).
   */
  anchor?: string | null;
  /**
   * Anchored criteria only: the score on the criterion's rating scale
   * (`min + score × (max − min)`).
   */
  rating?: number | null;
}

/** Thresholds of the analysis. */
export interface DelphiOptions {
  /** Consensus when the largest band share is at least this (above 0.5, at most 1). */
  consensus: number;
  /** Stable when the high share changed by at most this since the previous round (0–1). */
  stability: number;
}

/** The result of a Delphi analysis. */
export interface DelphiResult {
  /** Thresholds used. */
  options: DelphiOptions;
  /** Ratings read, counted and excluded. */
  counts: RatingCounts;
  /** Rounds present, in order. */
  rounds: RoundResult[];
  /** Panel composition. */
  panel: PanelCount[];
  /** Items of the item list without any counted rating. */
  unrated_items: string[];
  /** Excluded ratings, by line. */
  excluded: ExcludedRating[];
}

/** Training demand for one competency. */
export interface Demand {
  /** Workers with a screening gap on it (null without a profile). */
  screening_gaps: number | null;
  /** Of those: no evidence, insufficient evidence, below the level. */
  gaps_by_status: GapCounts | null;
  /** Workers with a plan target on it not yet reached (null without plans). */
  open_targets: number | null;
  /** Distinct workers with either. */
  workers: number;
  /** Who, sorted. */
  who: string[];
}

/**
 * One error, flattened: the shape every surface (CLI, Python, JS, test
 * expectations) shows.
 */
export interface Diagnostic {
  /** File, when reading from one. */
  file: string | null;
  /** 1-based line, when known. */
  line: number | null;
  /** 1-based column, when known. */
  column: number | null;
  /** Path in the document (empty for the whole document). */
  path: string;
  /** Stable machine-readable code. */
  code: string;
  /** What was found and what was expected. */
  message: string;
  /**
   * In a workbook: the sheet (`line` is then its row and `column` its
   * column, A = 1; shown as `Sheet1!D14`); absent otherwise.
   */
  sheet?: string | null;
}

/** A domain grouping competencies (e.g. knowledge, skills). */
export interface Domain {
  /** Stable identifier. */
  id: string;
  /** Display name, e.g. "Staff demonstrate". */
  label: string;
  /** CASE 1.1 identity of the item this domain maps to. */
  case?: CaseRef | null;
  /**
   * Level bands of the domain's score (same rules as the framework's
   * `levels`); none: the domain score has no level.
   */
  levels?: Level[];
}

/** A domain's score. */
export interface DomainScore {
  /** Domain id. */
  id: string;
  /** Weighted mean over its assessed competencies; null when none. */
  score: number | null;
  /**
   * Level of the score (the domain's `levels`); absent when it has none
   * or the score is null.
   */
  level?: string | null;
}

/** The result of an equality analysis. */
export interface EqualityResult {
  /** Settings. */
  settings: Settings;
  /** Rows read, counted, rejected. */
  counts: RowCounts;
  /** Groups, sorted. */
  groups: string[];
  /**
   * Periods in order (numeric when all are numbers, else text order);
   * `["all"]` without a period column.
   */
  periods: string[];
  /** One per period × group (period order, then group order). */
  cells: Estimate[];
  /** Each group over all periods (only when there is more than one period). */
  group_totals: Estimate[];
  /** Each period over all groups (only when there is more than one period). */
  period_totals: Estimate[];
  /** Everyone. */
  total: Estimate;
  /** Each group's trend across periods (only when there is more than one period). */
  trends: Trend[];
  /** Reasons for "no" outcomes by group, when a reason column is given. */
  reasons: ReasonTable | null;
  /** Rows not counted. */
  rejected: RejectedRow[];
  /** Counted rows with a remark. */
  warnings: RowWarning[];
  /**
   * Each group's share of the outcome against its profile share, when
   * reference shares are given.
   */
  representation?: Representation[] | null;
}

/**
 * The outcome for one group in one period, or a total (`group` or
 * `period` null meaning "all"). Every number is null when `suppressed`.
 */
export interface Estimate {
  /** The group; null: all groups. */
  group: string | null;
  /** The period; null: all periods. */
  period: string | null;
  /** Withheld to protect small numbers. */
  suppressed: boolean;
  /** People. */
  n: number | null;
  /** People with the outcome. */
  count: number | null;
  /** `count / n`. */
  rate: number | null;
  /** Lower end of the 95% Wilson interval. */
  ci_low: number | null;
  /** Upper end of the 95% Wilson interval. */
  ci_high: number | null;
  /**
   * Reference group's rate ÷ this rate (same period); null for totals
   * over groups, when either is suppressed, or when this rate is 0.
   */
  relative_likelihood: number | null;
  /** This rate ÷ the highest shown group rate of the same period. */
  ratio_to_highest: number | null;
  /** `ratio_to_highest < 0.8` (the four-fifths rule). */
  four_fifths: boolean | null;
}

/** One dated piece of evidence about one worker and one criterion. */
export interface EvidenceItem {
  /** Worker id. */
  worker: string;
  /** Criterion id. */
  criterion: string;
  /** Evidence kind id. */
  kind: string;
  /** When the evidence was observed. */
  date: IsoDate;
  /** Who assessed it. */
  assessor?: string | null;
  /** Denominator of a rate. */
  denominator?: RawValue | null;
  /** Date after which the evidence no longer counts. */
  expires?: IsoDate | null;
  /** Stable id; items sharing an id are duplicates or conflicts. */
  id?: string | null;
  /** Free text. */
  note?: string | null;
  /** Numerator of a rate. */
  numerator?: RawValue | null;
  /** Rating, yes/no, or count. */
  value?: RawValue | null;
}

/** A kind of evidence (observation, certificate, ...) and its weight. */
export interface EvidenceKind {
  /** Stable identifier used in evidence files. */
  id: string;
  /** Display name. */
  label: string;
  /** Relative weight (> 0) of one item of this kind. */
  weight: number;
  /** What counts as this kind of evidence. */
  description?: string | null;
}

/** Rules for which evidence counts and how its weight decays. */
export interface EvidencePolicy {
  /** Accepted items a competency needs to count as assessed. */
  min_items: number;
  /** Share of criterion weight (0–1) that must be assessed. */
  min_coverage: number;
  /** How a criterion's items make its score (default `weighted_mean`). */
  aggregate?: Aggregate;
  /** Age in days at which an item's weight halves; none: no decay. */
  half_life_days?: number | null;
  /** Items older than this many days are rejected as expired; none: no limit. */
  max_age_days?: number | null;
}

/**
 * Turns matching CPD activities into evidence items for a criterion, e.g.
 * a mediation course certificate → "Training in mediation or equivalent".
 */
export interface EvidenceRule {
  /** The criterion the evidence is for (a binary criterion). */
  criterion: string;
  /** The evidence kind of the items made. */
  kind: string;
  /** Matches activities addressing this competency. */
  competency?: string | null;
  /** Only activities with a certificate match (default true). */
  requires_certificate?: boolean;
  /** Matches activities whose title contains this text (any case). */
  title_contains?: string | null;
}

/** How one item counted. */
export interface EvidenceUse {
  /** Item id. */
  id: string | null;
  /** Line (or position) in the input. */
  line: number;
  /** Evidence kind. */
  kind: string;
  /** Date observed. */
  date: IsoDate;
  /** Weight after decay. */
  weight: number;
  /** Normalised value in [0, 1]. */
  value: number;
  /**
   * Anchored criteria only: the label of the anchor at the rating given
   * (none when no anchor describes that point).
   */
  anchor?: string | null;
  /** Anchored criteria only: the rating given, on the criterion's scale. */
  rating?: number | null;
  /**
   * Left out of the score by the policy's `aggregate` (a later item
   * superseded it).
   */
  superseded?: boolean;
}

/** A rating that does not count, and why. */
export interface ExcludedRating {
  /** Line (or 1-based position) in the input. */
  line: number;
  /** Participant. */
  participant: string;
  /** Round. */
  round: number;
  /** Item. */
  item: string;
  /** Why. */
  reason: Exclusion;
  /** What exactly was wrong. */
  detail: string;
}

/** Why a rating does not count. */
export type Exclusion = "unknown_item" | "invalid_score" | "conflicting_group" | "duplicate" | "conflicting_rating";

/** What a figure means, in one plain line. */
export interface FigureExplanation {
  /** The figure (a field name). */
  figure: string;
  /** What it means. */
  text: string;
}

/**
 * A knowledge-and-skills framework: scales, levels, evidence rules and the
 * competencies with their assessment criteria.
 */
export interface FrameworkData {
  /** Stable identifier, e.g. `job-retention`. */
  id: string;
  /** Human title. */
  title: string;
  /** Version of this framework file (free text, e.g. `1.0.0`). */
  version: string;
  /** Where the framework comes from. */
  source: Source;
  /** The scale on which `rating` criteria are scored. */
  rating_scale: RatingScale;
  /** Ordered proficiency levels with score thresholds in [0, 1]. */
  levels: Level[];
  /** Kinds of evidence and how much each counts. */
  evidence_kinds: EvidenceKind[];
  /** Default rules for which evidence counts and how it ages. */
  evidence_policy: EvidencePolicy;
  /**
   * Domains (e.g. knowledge, skills) that group competencies (may be
   * empty when there are no competencies).
   */
  domains: Domain[];
  /**
   * The competencies, in presentation order (required, but may be empty:
   * a framework being authored).
   */
  competencies: Competency[];
  /**
   * Anchored rating scales shared by criteria (`scale: ID` on a
   * criterion): what each point of a rating means. For reading and
   * explanations only; scoring is unchanged.
   */
  anchored_scales?: AnchoredScale[];
  /**
   * CASE 1.1 identity of the framework when imported from (or exported
   * to) a CFPackage; see [`crate::interop::case`].
   */
  case?: CaseDocument | null;
  /** Thematic categories competencies belong to (e.g. the Delphi categories). */
  categories?: Category[];
  /** What the framework is for. */
  description?: string | null;
  /**
   * Level bands of the overall score (same rules as `levels`); none:
   * the overall score has no level.
   */
  overall_levels?: Level[];
  /**
   * When the framework's content last changed (`YYYY-MM-DD`); written as
   * the `lastChangeDateTime` of its CASE export.
   */
  updated?: IsoDate | null;
}

/** A requirement a candidate does not meet: a training need. */
export interface Gap {
  /** Essential or desirable. */
  importance: Importance;
  /** Level the profile requires. */
  required_level: string;
  /** Level reached, when assessed. */
  current_level: string | null;
  /** Competency score, when any. */
  score: number | null;
  /** Why it is a gap. */
  status: GapStatus;
  /**
   * Competency id (empty for a requirement on a domain or the overall
   * score).
   */
  competency?: string;
  /** Domain id, for a requirement on a domain's level. */
  domain?: string | null;
  /**
   * For `rule_not_met`: the criteria to meet, required ones first, then
   * (when the rule needs more criteria met) the others that would count.
   */
  needs?: string[];
  /**
   * For `rule_not_met`: how many of the criteria of `needs` that are
   * not required must be met besides the required ones (absent: none).
   */
  needs_more?: number | null;
  /** `true` for a requirement on the overall level. */
  overall?: boolean;
}

/** Gaps by status. */
export interface GapCounts {
  /** No evidence. */
  no_evidence: number;
  /** Insufficient evidence. */
  insufficient_evidence: number;
  /** Below the level. */
  below_level: number;
  /** The competency's rule not met. */
  rule_not_met?: number;
}

/** Why a requirement is not met. */
export type GapStatus = "no_evidence" | "insufficient_evidence" | "below_level" | "rule_not_met";

/** One panel group's results in one round. */
export interface GroupRound {
  /** Panel group. */
  group: string;
  /** Participants of the group with a counted rating in the round. */
  participants: number;
  /** Items, ranked within the group. */
  items: ItemStats[];
}

/**
 * One group of one attribute (or the total, `group` null). Every number
 * is null when `suppressed`.
 */
export interface ImpactGroup {
  /** The group; null: all candidates. */
  group: string | null;
  /** Withheld to protect small numbers. */
  suppressed: boolean;
  /** Candidates screened. */
  candidates: number | null;
  /** Candidates meeting every essential requirement. */
  meeting_essentials: number | null;
  /** `meeting_essentials / candidates`. */
  selection_rate: number | null;
  /** Lower end of the 95% Wilson interval. */
  ci_low: number | null;
  /** Upper end of the 95% Wilson interval. */
  ci_high: number | null;
  /** The most selected group's rate ÷ this rate (above 1: that group is more likely to meet the essentials). */
  relative_likelihood: number | null;
  /** This rate ÷ the most selected group's rate. */
  ratio_to_most_selected: number | null;
  /** `ratio_to_most_selected < 0.8` (the four-fifths rule). */
  four_fifths: boolean | null;
  /**
   * Two-sided p of Fisher's exact test, this group against the other
   * candidates, when an expected count is below 5.
   */
  fisher_p: number | null;
}

/** Whether a requirement must be met or is a plus. */
export type Importance = "essential" | "desirable";

/** An ISO 8601 calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The issuer's profile, read from a YAML or JSON file. */
export interface Issuer {
  /** The issuer's URI (e.g. `https://example.org/issuer` or a `did:`). */
  id: string;
  /** The issuer's name. */
  name: string;
  /** What the issuer is. */
  description?: string | null;
  /** Contact email. */
  email?: string | null;
  /** Home page. */
  url?: string | null;
}

/**
 * One entry of an item list: the items rated, with labels, categories
 * and the framework competency each item stands for.
 */
export interface ItemInfo {
  /** Item id, as in the ratings. */
  item: string;
  /** Category (e.g. one of the five Delphi categories). */
  category?: string | null;
  /** Id of the framework competency the item stands for; none: the item id. */
  competency?: string | null;
  /** Display label (e.g. the statement). */
  label?: string | null;
}

/** Statistics of one item in one round (overall or within a panel group). */
export interface ItemStats {
  /** Item id. */
  item: string;
  /** Label from the item list. */
  label: string | null;
  /** Category from the item list. */
  category: string | null;
  /** Ratings. */
  n: number;
  /** Mean score. */
  mean: number;
  /** Sample standard deviation (n − 1); null when n = 1. */
  sd: number | null;
  /** Median. */
  median: number;
  /** First quartile (NumPy `linear`). */
  q1: number;
  /** Third quartile (NumPy `linear`). */
  q3: number;
  /** `q3 − q1`. */
  iqr: number;
  /** Ratings 1–3. */
  low: number;
  /** Ratings 4–7. */
  middle: number;
  /** Ratings 8–10. */
  high: number;
  /** `low / n`. */
  low_share: number;
  /** `middle / n`. */
  middle_share: number;
  /** `high / n`. */
  high_share: number;
  /** The band with most ratings; null on a tie. */
  modal_band: PriorityBand | null;
  /** Largest band share ≥ the consensus threshold. */
  consensus: boolean;
  /** The band agreed on, when there is consensus. */
  consensus_band: PriorityBand | null;
  /** Rank by mean (descending), then SD (ascending); ties share the lowest rank. */
  rank: number;
  /**
   * `high_share` minus the high share in the previous round; null in the
   * first round or when the item was not rated then.
   */
  high_share_change: number | null;
  /** `|high_share_change| ≤` the stability threshold. */
  stable: boolean | null;
}

/** A proficiency level: reached when a competency's score is at least `threshold`. */
export interface Level {
  /** Stable identifier, e.g. `competent`. */
  id: string;
  /** Display name. */
  label: string;
  /** Lowest score in [0, 1] at this level. */
  threshold: number;
  /** What the level means in practice. */
  description?: string | null;
}

/** Workers per level. */
export interface LevelCount {
  /** Level id. */
  level: string;
  /** Workers assessed at exactly this level. */
  workers: number;
}

/** A shipped framework in the [`Catalogue`]. */
export interface ListedFramework {
  /** The name it is loaded by. */
  name: string;
  /** Its title. */
  title: string;
  /** Its version. */
  version: string;
  /** How many competencies it has. */
  competencies: number;
  /** How many criteria it has. */
  criteria: number;
}

/** A shipped role profile in the [`Catalogue`]. */
export interface ListedProfile {
  /** The name it is loaded by. */
  name: string;
  /** Its title. */
  title: string;
  /** The framework it refers to. */
  framework: string;
}

/** One worker × competency cell. */
export interface MatrixCell {
  /** Competency id. */
  competency: string;
  /** Level id, when assessed. */
  level: string | null;
  /** Competency score, when any. */
  score: number | null;
  /** Evidence standing. */
  status: CellStatus;
  /** At the holder level or above. */
  holds: boolean;
  /** The screening gap, when a profile requires more than the worker has. */
  gap: GapStatus | null;
  /** Level a not-yet-reached plan target aims at. */
  target: string | null;
  /**
   * For `rule_not_met`: the criteria it needs (required ones first),
   * as a screening gap's `needs`.
   */
  needs?: string[];
  /**
   * For `rule_not_met`: how many of the criteria of `needs` that are
   * not required must be met besides the required ones (absent: none).
   */
  needs_more?: number | null;
}

/** One worker's row of the matrix. */
export interface MatrixRow {
  /** Worker id. */
  worker: string;
  /** Overall score. */
  overall: number | null;
  /** Meets every essential requirement (with a profile). */
  meets_essential: boolean | null;
  /** One cell per competency, in framework order. */
  cells: MatrixCell[];
}

/** How a criterion's evidence is measured and normalised to [0, 1]. */
export type Measure = {
  type: "rating";
  /** Highest rating, overriding the framework scale. */
  max?: number | null;
  /** Lowest rating, overriding the framework scale. */
  min?: number | null;
} | {
  type: "binary";
} | {
  type: "rate";
  /** The ratio that scores 1 (> 0). */
  target: number;
} | {
  type: "count";
  /** The count that scores 1 (> 0). */
  target: number;
};

/** `all` or `any` of a competency's criteria. */
export type Need = "all" | "any";

/** An expert panel (e.g. the participants of a Delphi survey). */
export interface Panel {
  /** Number of participants. */
  size: number;
  /** The panel groups and their sizes. */
  groups?: PanelGroup[];
  /** Rounds of questioning. */
  rounds?: number | null;
}

/** A panel group's size. */
export interface PanelCount {
  /** Panel group. */
  group: string;
  /** Distinct participants with a counted rating in any round. */
  participants: number;
  /** Participants per round, in round order. */
  by_round: number[];
}

/** One group of a panel. */
export interface PanelGroup {
  /** Who they are. */
  label: string;
  /** How many. */
  size: number;
}

/** Periods CPD hours are totalled by. */
export type Period = "month" | "quarter" | "year";

/** One worker's development plan. */
export interface Plan {
  /** Worker id, as in the evidence. */
  worker: string;
  /** When the plan was agreed: progress is measured from here. */
  baseline: IsoDate;
  /** What the worker is to reach. */
  targets: Target[];
  /** Free text (barriers, agreed support). */
  note?: string | null;
  /** Agreed review dates ("reviewed at key stages"). */
  reviews?: IsoDate[];
}

/** A file of development plans for workers assessed against one framework. */
export interface Plans {
  /** Id of the framework the targets refer to. */
  framework: string;
  /** One plan per worker. */
  plans: Plan[];
}

/** A competency's score and level at one date. */
export interface Point {
  /** The date. */
  date: IsoDate;
  /** Competency score then (null: no evidence). */
  score: number | null;
  /** Level then (null: not assessed). */
  level: string | null;
  /** Whether the evidence sufficed then. */
  status: Status;
}

/**
 * Changes to a framework's default policy. Absent fields keep the default;
 * `half_life_days: null` / `max_age_days: null` switch decay / the age
 * limit off.
 */
export interface PolicyOverrides {
  /** See [`ScoringPolicy::aggregate`]. */
  aggregate?: Aggregate | null;
  /** See [`ScoringPolicy::half_life_days`]. */
  half_life_days?: number | null;
  /** Replacement weights for some evidence kinds. */
  kind_weights?: { [key: string]: number };
  /** See [`ScoringPolicy::max_age_days`]. */
  max_age_days?: number | null;
  /** See [`ScoringPolicy::min_coverage`]. */
  min_coverage?: number | null;
  /** See [`ScoringPolicy::min_items`]. */
  min_items?: number | null;
}

/** Priority of a competency from a Delphi-style survey. */
export interface Priority {
  /** Band the ratings agreed on. */
  band?: PriorityBand | null;
  /** Mean rating. */
  mean?: number | null;
  /** Rank (1 = highest priority). */
  rank?: number | null;
  /** Sample standard deviation. */
  sd?: number | null;
}

/** Priority bands of a 1–10 Delphi rating. */
export type PriorityBand = "low" | "middle" | "high";

/** A role profile: which competencies a role needs, at which level. */
export interface ProfileData {
  /** Stable identifier, e.g. `job-retention-specialist`. */
  id: string;
  /** Role title. */
  title: string;
  /** Id of the framework the requirements refer to. */
  framework: string;
  /** The requirements. */
  requirements: Requirement[];
  /** What the role is. */
  description?: string | null;
}

/** What a role profile asks of a competency. */
export interface ProfileRequirement {
  /** Required level id. */
  level: string;
  /** Essential or desirable. */
  importance: Importance;
}

/** Counts of targets by standing. */
export interface ProgressCounts {
  /** Targets achieved. */
  achieved: number;
  /** Targets progressing. */
  progressing: number;
  /** Targets with no progress. */
  no_progress: number;
  /** Targets overdue (of the not achieved). */
  overdue: number;
}

/** Progress of every plan target at `as_of`. */
export interface ProgressResult {
  /** Framework id. */
  framework: string;
  /** The date progress is judged at. */
  as_of: IsoDate;
  /** Score rise that counts as progressing. */
  min_gain: number;
  /** Counts by standing. */
  counts: ProgressCounts;
  /** Every target, in plan order. */
  targets: TargetProgress[];
  /** Evidence not used at `as_of`, with reasons. */
  rejected: Rejection[];
}

/** One rating, as given in JSON input (CSV has the same columns). */
export interface Rating {
  /** Participant id. */
  participant: string;
  /** The participant's panel group. */
  group: string;
  /** Round (1, 2, ...). */
  round: number;
  /** Item id. */
  item: string;
  /** Free-text comment (not analysed). */
  comment?: string | null;
  /** Score 1–10 (a whole number); anything else is excluded and listed. */
  score?: RawValue | null;
}

/** Ratings read, counted and excluded. */
export interface RatingCounts {
  /** Ratings read. */
  ratings: number;
  /** Counted. */
  used: number;
  /** Excluded (listed in `excluded`). */
  excluded: number;
}

/** The numeric scale for `rating` criteria. */
export interface RatingScale {
  /** Lowest rating. */
  min: number;
  /** Highest rating. */
  max: number;
  /** Names of scale points. */
  labels?: ScaleLabel[];
}

/**
 * A value as given in the input: a number, a yes/no, or text. Its meaning
 * depends on the criterion's measure and is checked when scoring.
 */
export type RawValue = boolean | number | string;

/** Why an evidence item was not used. */
export type Reason = "unknown_criterion" | "unknown_kind" | "kind_not_accepted" | "invalid_value" | "future" | "expired" | "duplicate" | "conflicting_id";

/** Reasons for "no" outcomes of one group, over all periods. */
export interface ReasonRow {
  /** The group. */
  group: string;
  /** Withheld because the group's total is suppressed. */
  suppressed: boolean;
  /** People with a "no" outcome. */
  declined: number | null;
  /** Count per reason, in the order of [`ReasonTable::reasons`]. */
  counts: number[] | null;
}

/** Reasons for "no" outcomes by group. */
export interface ReasonTable {
  /** Reasons, sorted, with `(not recorded)` last. */
  reasons: string[];
  /** One row per group. */
  groups: ReasonRow[];
  /** Count per reason over all groups; null when any group's row is suppressed. */
  totals: number[] | null;
}

/** A row that is not counted, and why. */
export interface RejectedRow {
  /** Physical line in the file (header is line 1). */
  line: number;
  /** The column at fault. */
  column: string;
  /** Why. */
  reason: RowReason;
  /** What was found and what was expected. */
  detail: string;
}

/** An item that was not used, and why. */
export interface Rejection {
  /** Item id. */
  id: string | null;
  /** Line (or position) in the input. */
  line: number;
  /** Worker id. */
  worker: string;
  /** Criterion id as given. */
  criterion: string;
  /** Why. */
  reason: Reason;
  /** What exactly was wrong. */
  detail: string;
}

/** An identifier [`export`] replaced. */
export interface Replacement {
  /** The identifier as it was. */
  old: string;
  /** The UUID written instead. */
  new: string;
  /**
   * JSON path of the object it identifies (or of the property that
   * refers to it), in the exported package.
   */
  path: string;
}

/** One group's share of the outcome against its reference share. */
export interface Representation {
  /** The group. */
  group: string;
  /** Its share of the profile (0–1), as given. */
  reference_share: number;
  /** Withheld because the group's count or the total is suppressed. */
  suppressed: boolean;
  /** People of the group with the outcome. */
  count: number | null;
  /** People of every group with the outcome. */
  total: number | null;
  /** `count / total`. */
  share: number | null;
  /** Lower end of the share's 95% Wilson interval. */
  ci_low: number | null;
  /** Upper end of the share's 95% Wilson interval. */
  ci_high: number | null;
  /** `share / reference_share`. */
  ratio: number | null;
  /** `under` (reference above the interval) or `over` (below it). */
  flag: string | null;
}

/** One requirement of a role profile. */
export interface Requirement {
  /**
   * Minimum level id (of the competency levels, the domain's or the
   * overall ones).
   */
  level: string;
  /** Essential or desirable. */
  importance: Importance;
  /**
   * Competency id (empty when the requirement is on a domain or the
   * overall score).
   */
  competency?: string;
  /** Domain id, for a requirement on a domain's level (its `levels`). */
  domain?: string | null;
  /** `true` for a requirement on the overall level (`overall_levels`). */
  overall?: boolean;
  /** Why the role needs it. */
  rationale?: string | null;
}

/** One round's results. */
export interface RoundResult {
  /** Round number. */
  round: number;
  /** The round stability is measured against (the previous round in the data). */
  previous_round: number | null;
  /** Participants with a counted rating in the round. */
  participants: number;
  /** Counted ratings in the round. */
  ratings: number;
  /** Items, ranked (rank, then item id). */
  items: ItemStats[];
  /** The same by panel group (groups sorted). */
  groups: GroupRound[];
}

/**
 * Rows read, counted and rejected. `rows` and `used` are withheld (null)
 * when the overall total is suppressed, as they would reveal it.
 */
export interface RowCounts {
  /** Rows read. */
  rows: number | null;
  /** Rows counted. */
  used: number | null;
  /** Rows rejected. */
  rejected: number;
}

/** Why a row of the people file is not counted. */
export type RowReason = "missing_group" | "missing_period" | "missing_outcome" | "invalid_outcome";

/** A row that is counted, but with something worth knowing. */
export interface RowWarning {
  /** Physical line in the file. */
  line: number;
  /** What. */
  message: string;
}

/**
 * A competency's rule: how many of its criteria must be met (see
 * `docs/scoring.md`, "Rules"). Written `all`, `any`, or as a mapping:
 * `{need: all, min_score: 0.5}`, `{at_least: 3, min_score: 0.6}`.
 */
export type Rule = Need | RuleSpec;

/** How a competency's rule (and its required criteria) came out. */
export interface RuleOutcome {
  /** Whether the rule and every required criterion are met. */
  met: boolean;
  /** Criteria met (a score, at least the rule's `min_score` when it has one). */
  criteria_met: number;
  /** Criteria the rule needs met. */
  criteria_needed: number;
  /** Required criteria not met, in framework order. */
  required_unmet: string[];
  /**
   * The other criteria not met, in framework order (any of them would
   * count towards `criteria_needed`).
   */
  unmet: string[];
}

/** The mapping form of a [`Rule`]: exactly one of `need` and `at_least`. */
export interface RuleSpec {
  /** At least this many criteria met (1 to the number of criteria). */
  at_least?: number | null;
  /**
   * A criterion is met only with a score of at least this (0–1);
   * none: any score.
   */
  min_score?: number | null;
  /** `all` or `any`. */
  need?: Need | null;
}

/** The name of one point of a rating scale. */
export interface ScaleLabel {
  /** The scale value. */
  value: number;
  /** What it means. */
  label: string;
}

/** The result of scoring evidence against a framework. */
export interface ScoreResult {
  /** Framework id. */
  framework: string;
  /** Framework version. */
  framework_version: string;
  /** The date scores are computed at. */
  as_of: IsoDate;
  /** The policy in force. */
  policy: ScoringPolicy;
  /** How many items were read, used and rejected. */
  counts: Counts;
  /** One entry per worker, sorted by worker id. */
  workers: WorkerScore[];
  /** Every item not used, with its reason; sorted by line, then id. */
  rejected: Rejection[];
}

/** The policy in force for one scoring run. */
export interface ScoringPolicy {
  /** Age in days at which an item's weight halves; `null`: no decay. */
  half_life_days: number | null;
  /** Older items are rejected as expired; `null`: no limit. */
  max_age_days: number | null;
  /** Used items a competency needs to be assessed. */
  min_items: number;
  /** Share of criterion weight (0–1) that must have evidence. */
  min_coverage: number;
  /** Weight of one item of each evidence kind. */
  kind_weights: { [key: string]: number };
  /** How a criterion's items make its score (`weighted_mean` when absent). */
  aggregate?: Aggregate;
}

/** A ranked shortlist. */
export interface ScreenResult {
  /** Profile id. */
  profile: string;
  /** Framework id. */
  framework: string;
  /** Date of the scores. */
  as_of: IsoDate;
  /** Evidence counts. */
  counts: Counts;
  /** Candidates, best first. */
  candidates: Candidate[];
  /** Evidence not used, with reasons. */
  rejected: Rejection[];
}

/**
 * A section of a competency's criteria: a label and a place in reading
 * order (the order of the competency's `sections`).
 */
export interface Section {
  /** Stable identifier, unique in its competency. */
  id: string;
  /** Display name. */
  label: string;
}

/** Self-assessment against assessors' values for one competency. */
export interface SelfAssessmentRow {
  /** The competency. */
  competency: string;
  /** Worker × criterion units with both a self-assessment and an assessor's value. */
  pairs: number;
  /** Workers among them. */
  workers: number;
  /** Mean of `self − mean of assessors` (above 0: people rate themselves higher). */
  mean_difference: number | null;
  /** Lower end of its 95% t interval. */
  ci_low: number | null;
  /** Upper end of its 95% t interval. */
  ci_high: number | null;
  /** `over` or `under` when the interval excludes 0 (and `pairs ≥ min_pairs`). */
  flag: string | null;
}

/** The settings an analysis ran with. */
export interface Settings {
  /** Group column. */
  group: string;
  /** Outcome column. */
  outcome: string;
  /** Period column, if any (with `cross`: the second group column). */
  period: string | null;
  /** Reason column, if any. */
  reason: string | null;
  /** The reference group of the relative likelihood. */
  reference: string | null;
  /** How the reference group was chosen: `option` or `largest_group`. */
  reference_chosen_by: string;
  /** Smallest `n` shown. */
  min_cell: number;
  /** Confidence level of the intervals (0.95). */
  confidence: number;
  /** The normal quantile used (1.959963984540054). */
  z: number;
  /**
   * The second group column crossed with the group (intersectional
   * groups: `period` holds the same column, and there are no trends).
   */
  cross?: string | null;
}

/** Citation and provenance of a framework. */
export interface Source {
  /** Full citation of the source document. */
  citation: string;
  /** How the content was established (e.g. a Delphi survey). */
  method?: string | null;
  /** Anything else a reader should know about the source. */
  notes?: string | null;
  /** The expert panel behind the framework, when known. */
  panel?: Panel | null;
  /** Publisher or organisation. */
  publisher?: string | null;
  /** Link to the source, when there is one. */
  url?: string | null;
  /** Year of publication. */
  year?: number | null;
}

/** Whether a competency has enough evidence to be given a level. */
export type Status = "assessed" | "insufficient_evidence" | "rule_not_met";

/** One target of a plan. */
export interface Target {
  /** Competency id. */
  competency: string;
  /** Level id to reach. */
  level: string;
  /** When it is due (the timescale). */
  due: IsoDate;
  /** Who leads it. */
  lead?: string | null;
  /** Free text. */
  note?: string | null;
}

/** One plan target's progress. */
export interface TargetProgress {
  /** Worker id. */
  worker: string;
  /** Competency id. */
  competency: string;
  /** Level to reach. */
  target_level: string;
  /** When it is due. */
  due: IsoDate;
  /** Who leads it. */
  lead: string | null;
  /** Standing at `as_of`. */
  status: TargetStatus;
  /** Past due and not achieved. */
  overdue: boolean;
  /** Days past due when overdue, else 0. */
  days_overdue: number;
  /**
   * Score change since the baseline (a missing score counts as 0; null
   * when there is no score now).
   */
  gain: number | null;
  /** At the baseline, each review date up to `as_of`, and `as_of`. */
  trajectory: Point[];
  /** The status in one line a person understands. */
  explanation: string;
}

/** A target's standing at `as_of`. */
export type TargetStatus = "achieved" | "progressing" | "no_progress";

/** A group's rates across periods (shown cells only). */
export interface Trend {
  /** The group. */
  group: string;
  /** Periods with a shown rate. */
  periods: number;
  /** First such period. */
  first_period: string | null;
  /** Last such period. */
  last_period: string | null;
  /** Rate in the first. */
  first_rate: number | null;
  /** Rate in the last. */
  last_rate: number | null;
  /** `last_rate − first_rate`. */
  change: number | null;
  /**
   * Least-squares slope of the rate against the period's position
   * (0, 1, 2, ... in period order): change per period.
   */
  slope: number | null;
  /** Relative likelihood in the first period where it is shown. */
  first_relative_likelihood: number | null;
  /** Relative likelihood in the last period where it is shown. */
  last_relative_likelihood: number | null;
}

/** An activity no competency is mapped to. */
export interface UnmappedActivity {
  /** Worker id. */
  worker: string;
  /** Date. */
  date: IsoDate;
  /** Title. */
  title: string;
  /** Hours. */
  hours: number;
}

/** What `validate` found in one file. */
export interface Validated {
  /** The file's name. */
  file: string | null;
  /** `framework` or `profile`, when the file reads as one. */
  kind: string | null;
  /**
   * False when the file could not be read at all (its one error says
   * why: a usage problem, exit code 2, rather than a finding).
   */
  readable: boolean;
  /** Every problem (none: valid). */
  errors: Diagnostic[];
}

/** CPD hours of one worker in one period. */
export interface WorkerPeriodHours {
  /** Worker id. */
  worker: string;
  /** Period label. */
  period: string;
  /** Hours. */
  hours: number;
  /** Activities. */
  activities: number;
}

/** One worker's scores. */
export interface WorkerScore {
  /** Worker id. */
  worker: string;
  /** Weighted mean over assessed competencies; null when none. */
  overall: number | null;
  /** Per domain, in framework order. */
  domains: DomainScore[];
  /** Per competency, in framework order. */
  competencies: CompetencyScore[];
  /**
   * Level of the overall score (the framework's `overall_levels`);
   * absent when it has none or the score is null.
   */
  overall_level?: string | null;
}
