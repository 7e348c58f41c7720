// TypeScript types of the values proficient-wasm reads and returns.
// Generated from the Rust types (via their schemars JSON Schemas) by
// wasm/tests/typescript.rs: do not edit. Regenerate with
// `UPDATE_TYPES=1 cargo test -p proficient-wasm --test typescript`.

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
  /** The category id it belongs to, if any. */
  category?: string | null;
  /** Editorial notes (e.g. where a category was assigned by us). */
  notes?: string | null;
  /** Priority from an expert survey, when known. */
  priority?: Priority | null;
  /** Weight in domain and overall scores (> 0). */
  weight?: number;
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

/** One assessment criterion ("how to assess?" indicator). */
export interface Criterion {
  /** Stable identifier, unique in the framework. */
  id: string;
  /** The indicator, in the source's own words. */
  statement: string;
  /** How evidence for it is measured. */
  measure: Measure;
  /** Evidence kinds accepted for it; none: every kind. */
  kinds?: string[] | null;
  /** Editorial notes (e.g. why this measure was chosen). */
  notes?: string | null;
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
}

/** A domain grouping competencies (e.g. knowledge, skills). */
export interface Domain {
  /** Stable identifier. */
  id: string;
  /** Display name, e.g. "Staff demonstrate". */
  label: string;
}

/** A domain's score. */
export interface DomainScore {
  /** Domain id. */
  id: string;
  /** Weighted mean over its assessed competencies; null when none. */
  score: number | null;
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
  /** Age in days at which an item's weight halves; none: no decay. */
  half_life_days?: number | null;
  /** Items older than this many days are rejected as expired; none: no limit. */
  max_age_days?: number | null;
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
  /** Domains (e.g. knowledge, skills) that group competencies. */
  domains: Domain[];
  /** The competencies, in presentation order. */
  competencies: Competency[];
  /** Thematic categories competencies belong to (e.g. the Delphi categories). */
  categories?: Category[];
  /** What the framework is for. */
  description?: string | null;
}

/** A requirement a candidate does not meet: a training need. */
export interface Gap {
  /** Competency id. */
  competency: string;
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
}

/** Why a requirement is not met. */
export type GapStatus = "no_evidence" | "insufficient_evidence" | "below_level";

/** Whether a requirement must be met or is a plus. */
export type Importance = "essential" | "desirable";

/** An ISO 8601 calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

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

/** An expert panel (e.g. the participants of a Delphi survey). */
export interface Panel {
  /** Number of participants. */
  size: number;
  /** The panel groups and their sizes. */
  groups?: PanelGroup[];
  /** Rounds of questioning. */
  rounds?: number | null;
}

/** One group of a panel. */
export interface PanelGroup {
  /** Who they are. */
  label: string;
  /** How many. */
  size: number;
}

/**
 * Changes to a framework's default policy. Absent fields keep the default;
 * `half_life_days: null` / `max_age_days: null` switch decay / the age
 * limit off.
 */
export interface PolicyOverrides {
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

/** One requirement of a role profile. */
export interface Requirement {
  /** Competency id. */
  competency: string;
  /** Minimum level id. */
  level: string;
  /** Essential or desirable. */
  importance: Importance;
  /** Why the role needs it. */
  rationale?: string | null;
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
export type Status = "assessed" | "insufficient_evidence";

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
}
