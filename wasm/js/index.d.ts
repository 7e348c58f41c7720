// Types of the public API of proficient-wasm (index.js, node.js). Written by
// hand for the functions; every value they read or return is typed by
// types.d.ts, which is generated from the Rust types. Checked with
// `tsc --noEmit` against wasm/tests/usage.ts.

import type {
  Catalogue,
  AdverseImpact,
  AssessorsResult,
  CohortResult,
  Cpd,
  CpdSummary,
  DelphiResult,
  Diagnostic,
  EqualityResult,
  EvidenceItem,
  FrameworkData,
  IsoDate,
  Issuer,
  Period,
  Plans,
  PolicyOverrides,
  ProfileData,
  ProgressResult,
  Rating,
  Replacement,
  ScoreResult,
  ScreenResult,
  Validated,
} from './types.js';

export type * from './types.js';

/**
 * A compiled `WebAssembly.Module` (typed loosely so that the declarations
 * need neither the DOM library nor Node's).
 */
export type CompiledModule = object;

/** What `init()` can load a WebAssembly module from. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | CompiledModule;

/** Options of {@link init}. */
export interface InitOptions {
  /**
   * The second WebAssembly module (frameworks and profiles read from text,
   * evidence read from JSON Lines, JSON arrays and objects, cohort,
   * equality, Delphi, plans, CPD, progress, the trainer's report, CASE,
   * badges): where to load it from (default, or `true`: the file beside
   * the package's module), or `false` to leave it for {@link initExtra} (a
   * page that only scores and screens CSV evidence against the shipped
   * frameworks and profiles never needs it).
   */
  extra?: InitInput | Promise<InitInput> | boolean;
}

/**
 * Loads and instantiates the WebAssembly modules, once: `input` is the
 * main module (by default the `.wasm` file beside the package's module is
 * fetched), `options.extra` the second. Not needed in Node, where the main
 * module is loaded on import and the second on first use.
 */
export default function init(input?: InitInput | Promise<InitInput>, options?: InitOptions): Promise<void>;

/** Loads and instantiates the second module, once (by default the file beside the package's module). */
export function initExtra(input?: InitInput | Promise<InitInput>): Promise<void>;

/**
 * Instantiates the main module synchronously from its bytes or a compiled
 * module; `options.extra`, the second module's, likewise.
 */
export function initSync(
  module: ArrayBuffer | ArrayBufferView | CompiledModule,
  options?: { extra?: ArrayBuffer | ArrayBufferView | CompiledModule },
): void;

/** The package (and engine) version. */
export function version(): string;

/** Today's date in UTC, `YYYY-MM-DD` (the date `asOf` defaults to: the core takes the host's clock). */
export function today(): IsoDate;

/** What a {@link ProficientError} is about. */
export type ErrorKind = 'framework' | 'profile' | 'evidence' | 'policy' | 'options' | 'plans' | 'people' | 'ratings' | 'cpd' | 'case' | 'badge';

/** Whether a failure is about an input's content (`finding`) or about reaching it (`usage`). */
export type ErrorClass = 'finding' | 'usage';

/**
 * Thrown for a malformed or invalid framework, profile, evidence file,
 * policy or option. The location fields are those of the first problem;
 * `errors` lists every problem found, in input order.
 */
export class ProficientError extends Error {
  name: 'ProficientError';
  /** What the error is about. */
  kind: ErrorKind;
  /** Content (`finding`) or usage (`usage`), as the core's `api::Failure`. */
  class: ErrorClass;
  /** The core's failure as it gave it (`{kind, class, errors}`), before locations in JSON the caller never saw were dropped. */
  failure: { kind: ErrorKind; class: ErrorClass; errors: Diagnostic[] };
  /** Stable machine-readable code of the first problem, e.g. `unknown_reference`. */
  code: string;
  /** File name given with the input, when any. */
  file: string | null;
  /** 1-based line of the first problem (for evidence objects: position in the list). */
  line: number | null;
  /** 1-based column of the first problem. */
  column: number | null;
  /** Path in the document, e.g. `competencies[3].criteria[1].measure`. */
  path: string;
  /** Every problem found. */
  errors: Diagnostic[];
  constructor(kind: ErrorKind, errors: Diagnostic[], cls?: ErrorClass);
  /** Every problem, one per line, as the CLI prints them. */
  toString(): string;
}

/** A diagnostic rendered like the CLI: `FILE:LINE:COLUMN: PATH: message`. */
export function formatDiagnostic(d: Diagnostic): string;

/** A loaded, validated framework. */
export class Framework {
  private constructor();
  /** Framework id. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Version. */
  readonly version: string;
  /** The whole framework as a plain object. */
  toJSON(): FrameworkData;
  /** Releases its WebAssembly memory now (otherwise done when collected). */
  free(): void;
}

/** A loaded, validated role profile. */
export class Profile {
  private constructor();
  /** Profile id. */
  readonly id: string;
  /** Role title. */
  readonly title: string;
  /** Id of the framework the requirements refer to. */
  readonly framework: string;
  /** The whole profile as a plain object. */
  toJSON(): ProfileData;
  /** Releases its WebAssembly memory now. */
  free(): void;
}

/** The text of a file, or its bytes (UTF-8). */
export type TextInput = string | Uint8Array | ArrayBuffer;

/** A framework: a loaded one, or the name of a shipped one. */
export type FrameworkInput = Framework | string;

/** A role profile: a loaded one, or the name of a shipped one. */
export type ProfileInput = Profile | string;

/** An evidence item given as an object; dates may be Date objects (taken in UTC). */
export type EvidenceObject = Omit<EvidenceItem, 'date' | 'expires'> & {
  date: IsoDate | Date;
  expires?: IsoDate | Date | null;
};

/**
 * Evidence: CSV, JSON Lines or JSON-array text, its bytes, or a list of
 * objects (each item's `line` is then its 1-based position). CSV is read by
 * the main module; JSON Lines, JSON arrays and objects by the second one
 * (loaded on first use in Node; in a page initialised with `extra: false`,
 * call {@link initExtra} first, or the call throws a ProficientError with
 * code `needs_second_module`).
 */
export type Evidence = TextInput | Iterable<EvidenceObject>;

/** Options naming the file an input came from, for error messages. */
export interface FileOptions {
  file?: string;
}

/** Options of {@link loadProfile}. */
export interface ProfileOptions extends FileOptions {
  /** Check the profile against this framework (default: the shipped framework it names). */
  framework?: FrameworkInput;
}

/** Options of {@link score} and {@link screen}. */
export interface ScoreOptions {
  /** Date to score at (default: today, UTC). */
  asOf?: IsoDate | Date;
  /** Overrides of the framework's evidence policy: an object, or a policy file's YAML or JSON text or bytes. */
  policy?: PolicyOverrides | TextInput;
  /** Names the policy file in errors. */
  policyFile?: string;
  /** Half-life in days, overriding the policy (`null`: no decay). */
  halfLife?: number | null;
  /** Maximum evidence age in days, overriding the policy (`null`: no limit). */
  maxAge?: number | null;
  /** Minimum number of items per competency, overriding the policy. */
  minItems?: number;
  /** Minimum coverage (0-1) per competency, overriding the policy. */
  minCoverage?: number;
  /**
   * Which used items to list under each criterion: `true` every worker's
   * (default), `false` none, or a worker's id: that worker alone, with the
   * items of theirs that were rejected. (Ignored by screen.)
   */
  explain?: boolean | string;
  /** Evidence format; guessed from the content by default (a workbook's bytes: `xlsx`, read by the second module). */
  format?: 'csv' | 'jsonl' | 'ndjson' | 'json' | 'xlsx' | 'auto';
  /** Names the evidence file in errors. */
  file?: string;
  /** The sheet of workbook evidence (`.xlsx`, `.xlsm`, `.ods` bytes) to read (default: the first); errors then name the sheet and cell. */
  sheet?: string;
}

/** A framework shipped with the package. */
export interface ShippedFramework {
  /** Name to load it by. */
  name: string;
  id: string;
  title: string;
  version: string;
  /** Number of competencies. */
  competencies: number;
  /** Its YAML. */
  yaml: string;
}

/** A role profile shipped with the package. */
export interface ShippedProfile {
  /** Name to load it by. */
  name: string;
  id: string;
  title: string;
  /** Id of the framework it refers to. */
  framework: string;
  /** Number of requirements. */
  requirements: number;
  /** Its YAML. */
  yaml: string;
}

/**
 * Reads and validates a framework from YAML (or JSON). Done by the second
 * module (in a page: after `init()` without `extra: false`, or `initExtra()`).
 */
export function loadFramework(text: TextInput, options?: FileOptions): Framework;

/**
 * A shipped framework by name (`job-retention`, `job-coach`, `ips-fidelity`).
 * One with competency rules, required criteria, level bands of domains or
 * the overall score, or another aggregate (`ips-fidelity`) is read by the
 * second module (in a page: after `init()` without `extra: false`, or
 * `initExtra()`); so is its `yaml` in `shippedFrameworks()`.
 */
export function shippedFramework(name: string): Framework;

/** The shipped frameworks. */
export function shippedFrameworks(): ShippedFramework[];

/** Reads and validates a role profile (by the second module, as {@link loadFramework}). */
export function loadProfile(text: TextInput, options?: ProfileOptions): Profile;

/** A shipped role profile by name (`job-retention-specialist`). */
export function shippedProfile(name: string, options?: Omit<ProfileOptions, 'file'>): Profile;

/** The shipped role profiles. */
export function shippedProfiles(): ShippedProfile[];

/** Scores evidence against a framework. */
export function score(framework: FrameworkInput, evidence: Evidence, options?: ScoreOptions): ScoreResult;

/** Options of {@link screen}. */
export interface ScreenCallOptions extends ScoreOptions {
  /** People file (CSV text or bytes, or objects with `worker` and group attributes): adds `adverse_impact`. */
  people?: TextInput | Iterable<Record<string, unknown>>;
  /** Names the people file in errors. */
  peopleFile?: string;
  /** The sheet of a workbook people file (bytes) to read (default: the first). */
  peopleSheet?: string;
  /** Columns of the people file to compare by (default: every column but `worker`). */
  attributes?: string[];
  /** Smallest number of candidates a group may have to be shown (default 10). */
  minCell?: number;
}

/** {@link score} as an .xlsx workbook: sheets `Scores`, `Levels` (coloured by level), `Rejected` (second module). */
export function scoreWorkbook(framework: FrameworkInput, evidence: Evidence, options?: ScoreOptions): Uint8Array;

/** Scores evidence and screens every worker against a role profile (with `people`: and its adverse impact by group). */
export function screen(
  framework: FrameworkInput | null,
  profile: ProfileInput,
  evidence: Evidence,
  options?: ScreenCallOptions,
): ScreenResult & { adverse_impact?: AdverseImpact };

/** Options of {@link equality}. */
export interface EqualityCallOptions {
  /** Column holding the group. */
  group: string;
  /** Column holding the yes/no outcome. */
  outcome: string;
  /** Column holding the period. */
  period?: string;
  /** Column holding the reason for a "no" outcome. */
  reason?: string;
  /** Reference group of the relative likelihood (default: the largest group). */
  reference?: string;
  /** Smallest number of people a cell may have to be shown (default 10). */
  minCell?: number;
  /** A second group column crossed with `group` (intersectional groups); not with `period`. */
  cross?: string;
  /** Reference shares: CSV text of `group,share` (0–1 or `37.8%`), or objects with those keys. */
  profileShares?: TextInput | Iterable<{ group: string; share: number | string }>;
  /** Names the reference shares in errors. */
  profileSharesFile?: string;
  /** The sheet of a workbook of reference shares (bytes) to read (default: the first). */
  profileSharesSheet?: string;
  /** Names the input in errors. */
  file?: string;
}

/** Equality monitoring of a yes/no outcome by group and period, small cells suppressed. */
export function equality(
  people: TextInput | Iterable<Record<string, string | number | boolean | Date | null | undefined>>,
  options: EqualityCallOptions,
): EqualityResult;

/** Options of {@link delphi}. */
export interface DelphiCallOptions {
  /** Item list CSV (`item, label, category, competency`). */
  items?: TextInput;
  /** Names the item list in errors. */
  itemsFile?: string;
  /** Consensus threshold: share of ratings in one band (default 0.7). */
  consensus?: number;
  /** Stability threshold: largest change in the high share counted as stable (default 0.15). */
  stability?: number;
  /** Names the ratings in errors. */
  file?: string;
}

/** Delphi analysis of ratings 1-10 per item and round, overall and by panel group. */
export function delphi(ratings: TextInput | Iterable<Rating>, options?: DelphiCallOptions): DelphiResult;

/** Options of {@link cohort}. */
export interface CohortCallOptions extends Omit<ScoreOptions, 'explain'> {
  /** A role profile (or a shipped profile's name): adds screening gaps. */
  profile?: ProfileInput;
  /** Level id from which a worker holds a competency (default `competent`). */
  level?: string;
  /** A competency is thin with fewer holders than this (default 2). */
  minHolders?: number;
}

/** The team view: matrix, holders per competency, thin competencies, training demand. */
export function cohort(framework: FrameworkInput, evidence: Evidence, options?: CohortCallOptions): CohortResult;

/** Options of {@link assessors}. */
export interface AssessorsCallOptions extends Omit<ScoreOptions, 'explain'> {
  /** Evidence kind of self-assessments (default `self-assessment` when the framework has it). */
  selfKind?: string;
  /** Fewest comparison pairs for a flag (default 5, at least 2). */
  minPairs?: number;
}

/** Assessor calibration: leniency, agreement (Krippendorff's alpha), self-assessment against assessors. */
export function assessors(framework: FrameworkInput, evidence: Evidence, options?: AssessorsCallOptions): AssessorsResult;

/**
 * A document (plans, CPD activities, an issuer profile, a CASE package):
 * YAML or JSON text (CPD also CSV), its bytes, or an object of its content
 * (errors in an object give their path, no line or column).
 */
export type DocumentInput<T> = TextInput | T;

/** Plans as an object: dates may be Date objects (taken in UTC). */
export type PlansInput = DocumentInput<Plans | Record<string, unknown>>;

/** CPD activities as text, bytes or an object. */
export type CpdInput = DocumentInput<Cpd | Record<string, unknown>>;

/** Options of {@link loadPlans}. */
export interface PlansOptions extends FileOptions {
  /** The framework the targets refer to (required). */
  framework: FrameworkInput;
}

/** Options of {@link loadCpd}, {@link cpdSummary} and {@link cpdEvidence}. */
/** CPD activities are read as CSV when `file` ends in `.csv`, else as YAML or JSON. */
export interface CpdOptions extends FileOptions {}

/** Options of {@link progress} and {@link report}. */
export interface ProgressCallOptions extends Omit<ScoreOptions, 'explain'> {
  /** CPD activities whose evidence rules add evidence items. */
  cpd?: CpdInput;
  /** Score rise since the baseline that counts as progressing (default 0.05). */
  minGain?: number;
  /** Names the plans in errors. */
  plansFile?: string;
  /** Names the CPD activities in errors (a `.csv` name reads them as CSV). */
  cpdFile?: string;
  /** CPD format: `csv`, or `yaml`/`json`. */
  cpdFormat?: 'csv' | 'yaml' | 'json';
}

/** Options of {@link report}. */
export interface ReportCallOptions extends ProgressCallOptions {
  /** Development plans: adds plan status and trajectories. */
  plans?: PlansInput;
}

/** Reads development plans and checks them against `options.framework`. */
export function loadPlans(plans: PlansInput, options: PlansOptions): Plans;

/** Reads CPD activities (YAML, JSON or CSV) and checks them against `options.framework`. */
export function loadCpd(cpd: CpdInput, options: CpdOptions & { framework: FrameworkInput }): Cpd;

/** Progress of every plan target at `asOf`: status, overdue, gain, trajectory, explanation. */
export function progress(
  framework: FrameworkInput,
  evidence: Evidence,
  plans: PlansInput,
  options?: ProgressCallOptions,
): ProgressResult;

/** CPD hours by worker and period, by competency, and the unmapped activities. */
export function cpdSummary(framework: FrameworkInput, cpd: CpdInput, options?: CpdOptions & { period?: Period }): CpdSummary;

/** The evidence items the CPD's evidence rules make from certificates. */
export function cpdEvidence(framework: FrameworkInput, cpd: CpdInput, options?: CpdOptions): EvidenceItem[];

/** The trainer's report: one self-contained HTML page, as text. */
export function report(framework: FrameworkInput, evidence: Evidence, options?: ReportCallOptions): string;

/** {@link screen} as an .xlsx workbook: `Shortlist` (and `Adverse impact` with `people`) (second module). */
export function screenWorkbook(
  framework: FrameworkInput | null,
  profile: ProfileInput,
  evidence: Evidence,
  options?: ScreenCallOptions,
): Uint8Array;

/** {@link progress} as an .xlsx workbook: sheet `Progress` (second module). */
export function progressWorkbook(
  framework: FrameworkInput,
  evidence: Evidence,
  plans: PlansInput,
  options?: ProgressCallOptions,
): Uint8Array;

/** {@link cpdSummary} as an .xlsx workbook: sheet `CPD` (second module). */
export function cpdWorkbook(framework: FrameworkInput, cpd: CpdInput, options?: CpdOptions & { period?: Period }): Uint8Array;

/** {@link cohort} as an .xlsx workbook: sheet `Cohort`, `view` `summary` (default) or `matrix` (second module). */
export function cohortWorkbook(
  framework: FrameworkInput,
  evidence: Evidence,
  options?: CohortCallOptions & { view?: 'summary' | 'matrix' },
): Uint8Array;

/** {@link equality} as an .xlsx workbook: sheet `Equality` (second module). */
export function equalityWorkbook(
  people: TextInput | Iterable<Record<string, string | number | boolean | Date | null | undefined>>,
  options: EqualityCallOptions,
): Uint8Array;

/** A framework as the .xlsx workbook template `proficient export-sheet` writes (docs/sheets.md) (second module). */
export function exportSheet(framework: FrameworkInput): Uint8Array;

/** Reads a framework from a workbook of the template {@link exportSheet} writes; errors give sheet and cell (second module). */
export function importSheet(workbook: Uint8Array, options?: { file?: string }): Framework;

/** Options of {@link importCase}. */
export interface CaseImportOptions extends FileOptions {
  /** Accept CASE 1.0-era packages, noting what was tolerated. */
  lenient?: boolean;
}

/** An imported CASE package. */
export interface CaseImport {
  /** The framework. */
  framework: Framework;
  /** What was tolerated or worth knowing, with locations. */
  notes: Diagnostic[];
}

/** Imports a CASE 1.1 CFPackage (JSON text, bytes or object). */
export function importCase(pkg: DocumentInput<Record<string, unknown>>, options?: CaseImportOptions): CaseImport;

/** A CFPackage written by {@link exportCase}. */
export interface CaseExport {
  /** The package. */
  package: Record<string, unknown>;
  /** Its JSON text, as `proficient export-case` writes it. */
  json: string;
  /** Identifiers that were not UUIDs and were replaced. */
  replaced: Replacement[];
  /**
   * Each kind of change made to write valid CASE 1.1 (a time zone added, a
   * required property filled in, ...), at the first place in the package
   * written (`line` and `column` are null).
   */
  notes: Diagnostic[];
}

/**
 * Exports a framework as a valid CASE 1.1 CFPackage; what CASE 1.1 does
 * not allow is written in its form (listed in `notes`), identifiers that
 * are not UUIDs (from a lenient import) are replaced and listed in
 * `replaced`. A framework with no date of its own (`updated`) is stamped
 * with `options.at` (seconds since 1970), by default the time of the call.
 */
export function exportCase(framework: FrameworkInput, options?: { at?: number }): CaseExport;

/**
 * A file for {@link validate}: its text or bytes, `{text, name}` (`name`
 * the file name its problems give), or any other value of the api's
 * document option, given to the core as it is.
 */
export type ValidateInput = TextInput | { text: TextInput; name?: string | null } | Record<string, unknown>;

/**
 * Checks frameworks and profiles: for each file, its kind (`framework` or
 * `profile`, when it reads as one) and every problem (none: valid);
 * `readable` is false when it could not be read at all.
 */
export function validate(files: Iterable<ValidateInput>, options?: Record<string, never>): Validated[];

/** The shipped frameworks and profiles, each loaded and counted. */
export function list(options?: Record<string, never>): Catalogue;

/**
 * The JSON Schema of a format by name: `framework`, `profile`, `evidence`,
 * `policy`, the results (`score-result`, ...) and the options of every
 * operation (`score-options`, ...). An unknown name throws a
 * `ProficientError` (code `unknown_schema`) listing the names.
 */
export function schema(name: string, options?: Record<string, never>): Record<string, unknown>;

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Number of evidence items. */
  items: number;
  /** Number of workers the items are spread over. */
  workers: number;
  /** `csv` or `jsonl` (default: from the extension of `out`). */
  format?: 'csv' | 'jsonl';
  /** The framework (default `job-retention`). */
  framework?: FrameworkInput;
  /** Generate a framework with this many competencies instead (not with `framework`). */
  competencies?: number;
  /** Seed of the pseudo-random sequence: the same seed gives the same items. */
  seed?: number;
  /** The date the evidence is meant to be scored at. */
  asOf?: IsoDate | Date;
  /** Items per thousand meant to be rejected, for each of the 8 rejection reasons (at most 125). */
  rejectPerMille?: number;
  /** A file name whose extension (`.csv`, `.jsonl`) gives the format unless `format` does. */
  out?: string;
}

/** A synthetic evidence workload (for benchmarks and scale tests), as CSV or JSON Lines text. */
export function generate(options: GenerateOptions): string;

/** Options of {@link badge}. */
export interface BadgeCallOptions extends Omit<ScoreOptions, 'explain'> {
  /** The worker the badge is for. */
  worker: string;
  /** The competency the badge is for. */
  competency: string;
  /**
   * The issuer profile; its `id` an `https:`, `http:`, `did:` or `urn:`
   * URI, its `url` an `https:` or `http:` address.
   */
  issuer: DocumentInput<Issuer>;
  /** Names the issuer profile in errors. */
  issuerFile?: string;
  /**
   * Lowest level that earns the badge (default: the framework's second
   * level). The lowest level (threshold 0) asserts no achievement and is
   * refused (`ProficientError` code `level_asserts_nothing`).
   */
  level?: string;
  /** Credential id, an `https:`, `http:`, `did:` or `urn:` URI (default: a derived `urn:uuid:`). */
  id?: string;
}

/** An unsigned Open Badges 3.0 OpenBadgeCredential (JSON-LD). */
export function badge(framework: FrameworkInput, evidence: Evidence, options: BadgeCallOptions): Record<string, unknown>;
