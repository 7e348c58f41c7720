// Types of the public API of proficient-wasm (index.js, node.js). Written by
// hand for the functions; every value they read or return is typed by
// types.d.ts, which is generated from the Rust types. Checked with
// `tsc --noEmit` against wasm/tests/usage.ts.

import type {
  CohortResult,
  DelphiResult,
  Diagnostic,
  EqualityResult,
  EvidenceItem,
  FrameworkData,
  IsoDate,
  PolicyOverrides,
  ProfileData,
  Rating,
  ScoreResult,
  ScreenResult,
} from './types.js';

export type * from './types.js';

/**
 * A compiled `WebAssembly.Module` (typed loosely so that the declarations
 * need neither the DOM library nor Node's).
 */
export type CompiledModule = object;

/** What `init()` can load the WebAssembly module from. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | CompiledModule;

/**
 * Loads and instantiates the WebAssembly module, once. By default the
 * `.wasm` file beside the module is fetched. Not needed in Node.
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Instantiates the module synchronously from its bytes or a compiled module. */
export function initSync(module: ArrayBuffer | ArrayBufferView | CompiledModule): void;

/** The package (and engine) version. */
export function version(): string;

/** Today's date in UTC, `YYYY-MM-DD` (the default `asOf`). */
export function today(): IsoDate;

/** What a {@link ProficientError} is about. */
export type ErrorKind = 'framework' | 'profile' | 'evidence' | 'policy' | 'options';

/**
 * Thrown for a malformed or invalid framework, profile, evidence file,
 * policy or option. The location fields are those of the first problem;
 * `errors` lists every problem found, in input order.
 */
export class ProficientError extends Error {
  name: 'ProficientError';
  /** What the error is about. */
  kind: ErrorKind;
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
  constructor(kind: ErrorKind, errors: Diagnostic[]);
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
 * objects (each item's `line` is then its 1-based position).
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
  /** Overrides of the framework's evidence policy. */
  policy?: PolicyOverrides;
  /**
   * Which used items to list under each criterion: `true` every worker's
   * (default), `false` none, or one worker's id. (Ignored by screen.)
   */
  explain?: boolean | string;
  /** Evidence format; guessed from the content by default. */
  format?: 'csv' | 'jsonl' | 'ndjson' | 'json' | 'auto';
  /** Names the evidence file in errors. */
  file?: string;
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

/** Reads and validates a framework from YAML (or JSON). */
export function loadFramework(text: TextInput, options?: FileOptions): Framework;

/** A shipped framework by name (`job-retention`, `job-coach`). */
export function shippedFramework(name: string): Framework;

/** The shipped frameworks. */
export function shippedFrameworks(): ShippedFramework[];

/** Reads and validates a role profile. */
export function loadProfile(text: TextInput, options?: ProfileOptions): Profile;

/** A shipped role profile by name (`job-retention-specialist`). */
export function shippedProfile(name: string, options?: Omit<ProfileOptions, 'file'>): Profile;

/** The shipped role profiles. */
export function shippedProfiles(): ShippedProfile[];

/** Scores evidence against a framework. */
export function score(framework: FrameworkInput, evidence: Evidence, options?: ScoreOptions): ScoreResult;

/** Scores evidence and screens every worker against a role profile. */
export function screen(
  framework: FrameworkInput,
  profile: ProfileInput,
  evidence: Evidence,
  options?: ScoreOptions,
): ScreenResult;

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
