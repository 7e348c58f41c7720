// proficient-wasm: the public JS API over the wasm-bindgen glue.
//
// In a page (or a bundler): `import init, { score } from 'proficient-wasm'`
// then `await init()` once. In Node, `import { score } from 'proficient-wasm'`
// resolves to node.js, which has already initialised the main module.
//
// Everything is computed locally by the Rust core compiled to WebAssembly:
// no function here makes a network request (init() fetches the .wasm files
// from beside this module unless given the bytes).

import * as raw from './proficient_wasm.js';
import * as rawExtra from './proficient_wasm_extra.js';

// Two WebAssembly modules: the main one (the shipped frameworks and
// profiles, score and screen of CSV evidence) and a second one for
// everything else (reading frameworks and profiles from YAML, evidence from
// JSON Lines, JSON arrays and objects, scoring and screening against or
// with them, cohort, equality, Delphi, plans, CPD, progress, the trainer's
// report, CASE, badges), so that a page that scores CSV files against the
// shipped frameworks needs only the first. The second is loaded by init() too unless told not
// to, or (Node) on first use.
let initialised = false;
let pending = null;
let extraInitialised = false;
let extraPending = null;
/** A function returning the second module's bytes synchronously (Node), or null. */
let extraSource = null;

function loadExtra(input) {
  if (extraInitialised) return Promise.resolve();
  if (extraPending === null) {
    const arg = input === undefined ? undefined : { module_or_path: input };
    extraPending = rawExtra.default(arg).then(
      () => {
        extraInitialised = true;
      },
      (e) => {
        extraPending = null;
        throw e;
      },
    );
  }
  return extraPending;
}

/**
 * Loads and instantiates the WebAssembly modules (once). `input` may be a
 * URL, a Response, the bytes or a WebAssembly.Module of the main module; by
 * default the .wasm file beside this module is fetched. `options.extra`:
 * the same for the second module (default: the file beside this module),
 * or `false` to load it later with initExtra() (a page that only scores
 * and screens CSV evidence against the shipped frameworks and profiles
 * never needs it; reading a framework or profile from text, or evidence
 * from JSON, does).
 */
export default function init(input, options = {}) {
  const extra = options?.extra;
  // Where the second module can be read synchronously (Node), it is read on
  // first use unless init() is given its input.
  const lazy = extra === false || (extraSource !== null && (extra === undefined || extra === true));
  const second = lazy ? Promise.resolve() : loadExtra(extra === true ? undefined : extra);
  if (!initialised && pending === null) {
    const arg = input === undefined ? undefined : { module_or_path: input };
    pending = raw.default(arg).then(
      () => {
        initialised = true;
      },
      (e) => {
        pending = null;
        throw e;
      },
    );
  }
  return Promise.all([initialised ? undefined : pending, second]).then(() => undefined);
}

/**
 * Loads and instantiates the second module (once), for loadFramework(),
 * loadProfile(), evidence given as JSON Lines, a JSON array or objects,
 * cohort(), equality(), delphi(), plans, CPD, progress(), report(), CASE
 * and badge(). `input` as for init(); by default the file beside this
 * module.
 */
export function initExtra(input) {
  return loadExtra(input);
}

/**
 * Instantiates the main module synchronously from its bytes or a
 * WebAssembly.Module; `options.extra`: the second module's bytes or
 * module (else it is loaded by init() or initExtra()).
 */
export function initSync(module, options = {}) {
  if (!initialised) {
    raw.initSync({ module });
    initialised = true;
  }
  if (options?.extra != null && options.extra !== false) initExtraSync(options.extra);
}

function initExtraSync(module) {
  if (extraInitialised) return;
  rawExtra.initSync({ module });
  extraInitialised = true;
}

/**
 * Where the second module's bytes come from when it is first needed and
 * not loaded yet (node.js reads the file beside this module).
 * @internal
 */
export function setExtraSource(source) {
  extraSource = source;
}

function ready() {
  if (!initialised) {
    throw new Error(
      'proficient-wasm is not initialised: call `await init()` first ' +
        '(in Node, `import ... from "proficient-wasm"` initialises it)',
    );
  }
}

function extraReady() {
  ready();
  if (extraInitialised) return;
  if (extraSource !== null) {
    initExtraSync(extraSource());
    return;
  }
  throw new Error(
    "proficient-wasm's second module is not loaded: call `await init()` without `extra: false`, or `await initExtra()`, " +
      'before loadFramework(), loadProfile(), cohort(), equality(), delphi(), plans, CPD, progress(), report(), CASE or badge()',
  );
}

/** The code of the error for evidence the main module does not read. */
const NEEDS_SECOND_MODULE = 'needs_second_module';

/**
 * Makes the second module ready for evidence given as JSON Lines, a JSON
 * array or objects, which only it reads: loaded already, or loaded now
 * where its bytes can be read synchronously (Node); otherwise (a page that
 * called `init(…, {extra: false})`) a ProficientError naming initExtra().
 */
function evidenceExtraReady() {
  ready();
  if (extraInitialised) return;
  if (extraSource !== null) {
    initExtraSync(extraSource());
    return;
  }
  throw problem(
    'evidence',
    '',
    NEEDS_SECOND_MODULE,
    "evidence as JSON Lines, a JSON array or objects is read by proficient-wasm's second module, which is not loaded: " +
      'call `await initExtra()` first (or `init()` without `extra: false`); CSV evidence needs only the main module',
  );
}

/** A diagnostic rendered like the CLI: `FILE:LINE:COLUMN: PATH: message`. */
export function formatDiagnostic(d) {
  const place = [d.file ?? '<input>'];
  if (d.line != null) {
    place.push(String(d.line));
    if (d.column != null) place.push(String(d.column));
  }
  return `${place.join(':')}: ${d.path ? `${d.path}: ` : ''}${d.message}`;
}

/**
 * A framework, profile, evidence, policy or option error. `line`, `column`,
 * `path`, `code`, `message` and `file` are those of the first problem;
 * `errors` lists every problem found (same fields), in input order.
 */
export class ProficientError extends Error {
  constructor(kind, errors) {
    const list =
      Array.isArray(errors) && errors.length > 0
        ? errors
        : [{ file: null, line: null, column: null, path: '', code: 'unknown', message: 'unknown error' }];
    const first = list[0];
    super(first.message);
    this.name = 'ProficientError';
    /** What the error is about: framework, profile, evidence, policy or options. */
    this.kind = kind;
    this.code = first.code;
    this.file = first.file ?? null;
    this.line = first.line ?? null;
    this.column = first.column ?? null;
    this.path = first.path ?? '';
    this.errors = list;
  }

  toString() {
    return `${this.name}: ${this.errors.map(formatDiagnostic).join('\n')}`;
  }
}

function problem(kind, path, code, message) {
  return new ProficientError(kind, [{ file: null, line: null, column: null, path, code, message }]);
}

/**
 * Runs a raw call, turning the failures it throws (the JSON of
 * `{kind, errors}`) into ProficientError.
 */
function call(f, { objects = false, documents = [], extra = false } = {}) {
  if (extra) extraReady();
  else ready();
  try {
    return f();
  } catch (thrown) {
    let e = null;
    if (typeof thrown === 'string' && thrown.startsWith('{')) {
      try {
        e = JSON.parse(thrown);
      } catch {
        e = null;
      }
    }
    if (e !== null && typeof e === 'object' && typeof e.kind === 'string' && Array.isArray(e.errors)) {
      // Columns of evidence given as objects point into their JSON form,
      // which the caller never saw: the line (1-based position) and the
      // field path locate the problem.
      // Documents given as objects (plans, CPD, ...) were sent as JSON
      // too: their errors keep the path only.
      let errors = objects ? e.errors.map((d) => ({ ...d, column: null })) : e.errors;
      if (documents.includes(e.kind)) errors = errors.map((d) => ({ ...d, line: null, column: null }));
      throw new ProficientError(e.kind, errors);
    }
    throw thrown;
  }
}

const TOKEN = Symbol('proficient-wasm');
// Which module holds a Framework or Profile: the shipped ones live in the
// main module (built into it, without a YAML reader), the ones read from
// text (loadFramework(), loadProfile(), importCase()) in the second module,
// which has the core's YAML reader. A shipped framework used by a function
// of the second module gets a copy there, made once from its JSON.
// `handles`: the main module's handle; `extraHandles`: the second module's.
const handles = new WeakMap();
const extraHandles = new WeakMap();

/** The handle a getter reads: the main module's, else the second module's. */
function anyHandle(value) {
  return handles.get(value) ?? extraHandles.get(value);
}

/** Releases an object's handles in both modules. */
function release(value) {
  for (const map of [handles, extraHandles]) {
    const h = map.get(value);
    if (h) {
      map.delete(value);
      h.free();
    }
  }
}

/** A loaded, validated framework. Get one from loadFramework() or shippedFramework(). */
export class Framework {
  constructor(token, handle, extraHandle) {
    if (token !== TOKEN) throw new TypeError('use loadFramework() or shippedFramework()');
    if (handle) handles.set(this, handle);
    if (extraHandle) extraHandles.set(this, extraHandle);
  }
  /** Framework id. */
  get id() {
    return anyHandle(this).id;
  }
  /** Title. */
  get title() {
    return anyHandle(this).title;
  }
  /** Version. */
  get version() {
    return anyHandle(this).version;
  }
  /** The whole framework (levels, evidence kinds, competencies, ...) as a plain object. */
  toJSON() {
    const main = handles.get(this);
    if (main) return JSON.parse(call(() => main.toJSON()));
    return JSON.parse(call(() => anyHandle(this).toJSON(), { extra: true }));
  }
  /** Releases the WebAssembly memory now (it is otherwise released when garbage collected). */
  free() {
    release(this);
  }
}

/** A loaded, validated role profile. Get one from loadProfile() or shippedProfile(). */
export class Profile {
  constructor(token, handle, extraHandle) {
    if (token !== TOKEN) throw new TypeError('use loadProfile() or shippedProfile()');
    if (handle) handles.set(this, handle);
    if (extraHandle) extraHandles.set(this, extraHandle);
  }
  /** Profile id. */
  get id() {
    return anyHandle(this).id;
  }
  /** Role title. */
  get title() {
    return anyHandle(this).title;
  }
  /** Id of the framework the requirements refer to. */
  get framework() {
    return anyHandle(this).framework;
  }
  /** The whole profile as a plain object. */
  toJSON() {
    const main = handles.get(this);
    if (main) return JSON.parse(call(() => main.toJSON()));
    return JSON.parse(call(() => anyHandle(this).toJSON(), { extra: true }));
  }
  /** Releases the WebAssembly memory now. */
  free() {
    release(this);
  }
}

function freed(kind) {
  return problem('options', kind, 'invalid_input', `${kind} has been freed or is not a ${kind === 'framework' ? 'Framework' : 'Profile'}`);
}

/** `{main}` or `{extra}`: the handle of the module that holds `value`. */
function ownerOf(value, kind) {
  const main = handles.get(value);
  if (main !== undefined) return { main };
  const extra = extraHandles.get(value);
  if (extra !== undefined) return { extra };
  throw freed(kind);
}

const encoder = new TextEncoder();

/** The bytes of a file given as a string, Uint8Array or ArrayBuffer. */
function source(value, kind, what) {
  if (typeof value === 'string') return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw problem(kind, '', 'invalid_input', `${what} must be a string, a Uint8Array or an ArrayBuffer`);
}

/** The package (and engine) version. */
export function version() {
  return call(() => raw.version());
}

/**
 * Reads and validates a framework from YAML (or JSON) text or UTF-8 bytes.
 * `options.file` names the file in errors. (The reading is done by the
 * second module: in a page, after init() without `extra: false`, or
 * initExtra().)
 */
export function loadFramework(text, options = {}) {
  const input = source(text, 'framework', 'a framework');
  const file = options?.file ?? undefined;
  return new Framework(TOKEN, undefined, call(() => rawExtra.loadFramework(input, file), { extra: true }));
}

const shippedCache = new Map();

/** A framework shipped with the package, by name (`job-retention`, `job-coach`). */
export function shippedFramework(name) {
  let fw = shippedCache.get(name);
  if (fw === undefined || !handles.has(fw)) {
    fw = new Framework(TOKEN, call(() => raw.shippedFramework(String(name))));
    shippedCache.set(name, fw);
  }
  return fw;
}

/** The shipped frameworks: `[{name, id, title, version, competencies, yaml}]`. */
export function shippedFrameworks() {
  return JSON.parse(call(() => raw.shippedFrameworks()));
}

/** The shipped role profiles: `[{name, id, title, framework, requirements, yaml}]`. */
export function shippedProfiles() {
  return JSON.parse(call(() => raw.shippedProfiles()));
}

function frameworkObject(framework) {
  if (typeof framework === 'string') return shippedFramework(framework);
  if (framework instanceof Framework) return framework;
  throw problem('options', 'framework', 'invalid_input', 'framework must be a Framework or the name of a shipped framework');
}

/**
 * The second module's handle of a framework: its own, or a copy of a
 * shipped one made once from its JSON, read again by the core's loader.
 */
function extraFrameworkOf(framework) {
  const object = frameworkObject(framework);
  let h = extraHandles.get(object);
  if (h !== undefined) return h;
  const main = handles.get(object);
  if (main === undefined) throw freed('framework');
  h = call(() => rawExtra.frameworkFromJson(main.toJSON()), { extra: true });
  extraHandles.set(object, h);
  return h;
}

/**
 * Reads a role profile from YAML text or bytes, checked against
 * `options.framework` (a Framework or a shipped framework's name), or
 * without it against the shipped framework the profile names.
 * `options.file` names the file in errors. (Read by the second module, as
 * loadFramework().)
 */
export function loadProfile(text, options = {}) {
  const input = source(text, 'profile', 'a profile');
  const file = options?.file ?? undefined;
  if (options?.framework != null) {
    const fw = extraFrameworkOf(options.framework);
    return new Profile(TOKEN, undefined, call(() => rawExtra.loadProfileFor(input, file, fw), { extra: true }));
  }
  return new Profile(TOKEN, undefined, call(() => rawExtra.loadProfile(input, file), { extra: true }));
}

/** A shipped role profile by name (`job-retention-specialist`); options as for loadProfile(). */
export function shippedProfile(name, options = {}) {
  // Shipped profiles valid against a shipped framework live in the main
  // module (checked by the core when the package was built); any other
  // pair is read by the second module, which reports why it does not fit.
  const fw = options?.framework != null ? frameworkObject(options.framework) : null;
  const main = fw === null ? null : handles.get(fw);
  if (fw === null || main !== undefined) {
    const h = call(() => (main ? raw.shippedProfileFor(String(name), main) : raw.shippedProfile(String(name))));
    if (h !== undefined) return new Profile(TOKEN, h);
  }
  const yaml = call(() => raw.shippedProfileYaml(String(name)));
  return loadProfile(yaml, { ...options, file: `<shipped:${name}>` });
}

function profileObject(profile, framework) {
  if (typeof profile === 'string') return shippedProfile(profile, { framework });
  if (profile instanceof Profile) return profile;
  throw problem('options', 'profile', 'invalid_input', 'profile must be a Profile or the name of a shipped profile');
}

/** The YAML and file name of a profile, for the second module to read it again. */
function profileSource(profile) {
  const h = anyHandle(profile);
  if (h === undefined) throw freed('profile');
  return { bytes: encoder.encode(h.source), file: h.file };
}

function pad(n, width) {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` of a Date, in UTC (as the CLI's default date). */
function isoDate(d) {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function today() {
  return isoDate(new Date());
}

function dateReplacer(key, value) {
  const original = this[key];
  return original instanceof Date ? isoDate(original) : value;
}

/** Evidence as the raw layer takes it: text or bytes, and its format. */
function evidenceInput(evidence, format) {
  if (typeof evidence === 'string' || evidence instanceof ArrayBuffer || ArrayBuffer.isView(evidence)) {
    return { data: source(evidence, 'evidence', 'evidence'), format, objects: false };
  }
  if (evidence !== null && typeof evidence === 'object' && typeof evidence[Symbol.iterator] === 'function') {
    // One JSON object per line, read by the core's JSON Lines reader: each
    // item's `line` is its 1-based position in the list.
    const lines = [];
    for (const item of evidence) {
      lines.push(JSON.stringify(item === undefined ? null : item, dateReplacer) ?? 'null');
    }
    return { data: encoder.encode(lines.join('\n')), format: 'jsonl', objects: true };
  }
  throw problem('evidence', '', 'invalid_input', 'evidence must be CSV or JSON text, a Uint8Array, or an array of objects');
}

/** Options for the raw layer: asOf filled in, policy kept apart. */
function callOptions(options) {
  const { policy, asOf, ...rest } = options ?? {};
  let date = asOf;
  if (date == null) date = today();
  else if (date instanceof Date) date = isoDate(date);
  let overrides = policy;
  if (policy != null && typeof policy === 'object' && !Array.isArray(policy)) {
    // Absent and `undefined` mean "keep the framework's value"; only `null`
    // switches decay or the age limit off.
    overrides = Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined));
    const kw = overrides.kind_weights;
    if (kw != null && typeof kw === 'object' && !(kw instanceof Map)) {
      overrides.kind_weights = Object.fromEntries(Object.entries(kw).filter(([, v]) => v !== undefined));
    }
  }
  const opts = { asOf: date };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) opts[k] = v;
  return { opts, overrides: overrides == null ? undefined : toJson(overrides) };
}

/**
 * JSON for the raw layer. Numbers JSON cannot hold (NaN, Infinity) are sent
 * as text so that they are refused rather than read as `null`.
 */
function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v instanceof Map) return Object.fromEntries(v);
    return v;
  });
}

/**
 * Scores evidence against a framework.
 *
 * `evidence`: CSV, JSON Lines or JSON-array text, its bytes, or an array of
 * objects with the fields of an evidence item (dates as `YYYY-MM-DD` strings
 * or Date objects, taken in UTC). All but CSV are read by the second module
 * (in a page that called `init(…, {extra: false})`: after initExtra()).
 * `options`: `asOf` (default: today, UTC), `policy` (overrides of the
 * framework's evidence policy), `explain` (true: every worker's used items,
 * the default; false: none; a worker id: that worker's), `format` (`csv`,
 * `jsonl`, `json`; guessed by default), `file` (names the evidence in errors).
 *
 * Returns the result with the CLI's JSON field names.
 */
export function score(framework, evidence, options = {}) {
  const fwObject = frameworkObject(framework);
  const fw = ownerOf(fwObject, 'framework');
  const { opts, overrides } = callOptions(options);
  const ev = evidenceInput(evidence, opts.format);
  if (ev.objects) opts.format = 'jsonl';
  // In the module that holds the framework: the main one for a shipped
  // framework, the second one for a framework read from text, and for
  // evidence the main module does not read (JSON Lines, a JSON array,
  // objects), which it says without reading any.
  if (fw.main) {
    const inMain = ev.objects ? null : tryMain(() => raw.score(fw.main, ev.data, toJson(opts), overrides));
    if (inMain !== null) return JSON.parse(inMain);
    evidenceExtraReady();
  }
  const handle = fw.extra ?? extraFrameworkOf(fwObject);
  return JSON.parse(call(() => rawExtra.score(handle, ev.data, toJson(opts), overrides), { objects: ev.objects, extra: true }));
}

/**
 * Runs a call of the main module: its result, or null when the evidence is
 * of a format only the second module reads.
 */
function tryMain(f) {
  try {
    return call(f);
  } catch (e) {
    if (e instanceof ProficientError && e.code === NEEDS_SECOND_MODULE) return null;
    throw e;
  }
}

/**
 * Scores evidence and screens every worker against a role profile: who
 * meets the essential requirements, how many desirable ones, the gaps, and
 * a ranked shortlist. `profile`: a Profile or a shipped profile's name.
 * Arguments otherwise as for score().
 */
export function screen(framework, profile, evidence, options = {}) {
  const fwObject = frameworkObject(framework);
  const fw = ownerOf(fwObject, 'framework');
  const pObject = profileObject(profile, framework);
  const p = ownerOf(pObject, 'profile');
  const { opts, overrides } = callOptions(options);
  delete opts.explain;
  const ev = evidenceInput(evidence, opts.format);
  if (ev.objects) opts.format = 'jsonl';
  if (fw.main && p.main && call(() => raw.profileFits(p.main, fw.main))) {
    // A shipped profile and a shipped framework it fits: the main module,
    // unless the evidence is of a format only the second module reads.
    const inMain = ev.objects ? null : tryMain(() => raw.screen(fw.main, p.main, ev.data, toJson(opts), overrides));
    if (inMain !== null) return JSON.parse(inMain);
    evidenceExtraReady();
  }
  // Any other pair, or JSON evidence: the second module reads the profile
  // again against the framework.
  const x = extraFrameworkOf(fwObject);
  const ps = profileSource(pObject);
  return JSON.parse(
    call(() => rawExtra.screenWithProfile(x, ps.bytes, ps.file, ev.data, toJson(opts), overrides), { objects: ev.objects, extra: true }),
  );
}

/** CSV text of objects: one column per key (in first-seen order). */
function csvOf(rows) {
  const list = [...rows];
  const columns = [];
  for (const r of list) for (const k of Object.keys(r ?? {})) if (!columns.includes(k)) columns.push(k);
  const field = (v) => {
    if (v == null) return '';
    const s = v instanceof Date ? isoDate(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns, ...list.map((r) => columns.map((c) => r?.[c]))].map((row) => row.map(field).join(',')).join('\n');
}

function isText(value) {
  return typeof value === 'string' || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/**
 * Equality monitoring of a yes/no outcome by group (and period), with small
 * cells and the totals that would reveal them suppressed.
 *
 * `people`: CSV text or bytes (any columns), or an array of objects (each
 * key a column). `options`: `group` and `outcome` (column names, required),
 * `period`, `reason`, `reference` (default: the largest group), `minCell`
 * (default 10), `file` (names the input in errors).
 *
 * Returns the result with the CLI's JSON field names.
 */
export function equality(people, options = {}) {
  const { minCell, file, ...rest } = options ?? {};
  const data = isText(people)
    ? source(people, 'evidence', 'people')
    : people !== null && typeof people === 'object' && typeof people[Symbol.iterator] === 'function'
      ? encoder.encode(csvOf(people))
      : (() => {
          throw problem('evidence', '', 'invalid_input', 'people must be CSV text, a Uint8Array, or an array of objects');
        })();
  const opts = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) opts[k] = v;
  if (minCell !== undefined) opts.min_cell = minCell;
  if (file !== undefined) opts.file = file;
  return JSON.parse(call(() => rawExtra.equality(data, toJson(opts)), { extra: true }));
}

/**
 * Delphi analysis of ratings 1-10, per item and round, overall and by
 * panel group.
 *
 * `ratings`: CSV text or bytes (`participant, group, round, item, score`),
 * or an array of rating objects (a rating's line is its position).
 * `options`: `items` (item list CSV text or bytes: `item, label, category,
 * competency`), `consensus` (default 0.7), `stability` (default 0.15),
 * `file` (names the ratings in errors).
 *
 * Returns the result with the CLI's JSON field names.
 */
export function delphi(ratings, options = {}) {
  const { items, file, ...rest } = options ?? {};
  let data;
  let format = 'csv';
  if (isText(ratings)) {
    data = source(ratings, 'evidence', 'ratings');
  } else if (ratings !== null && typeof ratings === 'object' && typeof ratings[Symbol.iterator] === 'function') {
    const parts = [];
    for (const r of ratings) parts.push(JSON.stringify(r ?? null));
    data = encoder.encode(`[${parts.join(',\n')}]`);
    format = 'json';
  } else {
    throw problem('evidence', '', 'invalid_input', 'ratings must be CSV text, a Uint8Array, or an array of objects');
  }
  const itemBytes = items == null ? undefined : source(items, 'evidence', 'the item list');
  const opts = { format };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) opts[k] = v;
  if (file !== undefined) opts.file = file;
  return JSON.parse(call(() => rawExtra.delphi(data, itemBytes, toJson(opts)), { extra: true, objects: format === 'json' }));
}

/**
 * The team view: workers x competencies (level, screening gap), holders per
 * competency, thin competencies, training demand.
 *
 * `options`: as for score() (`asOf`, `policy`, `format`, `file`), and
 * `profile` (a Profile or a shipped profile's name: adds screening gaps),
 * `level` (holder level, default `competent`), `minHolders` (default 2).
 */
export function cohort(framework, evidence, options = {}) {
  const fw = extraFrameworkOf(framework);
  const { profile, level, minHolders, explain, ...scoreOptions } = options ?? {};
  void explain;
  const { opts, overrides } = callOptions(scoreOptions);
  const ev = evidenceInput(evidence, opts.format);
  if (ev.objects) opts.format = 'jsonl';
  const c = {};
  if (level !== undefined) c.level = level;
  if (minHolders !== undefined) c.min_holders = minHolders;
  if (profile != null) {
    // The second module reads the profile's YAML again against the framework.
    const p = profileSource(profileObject(profile, framework));
    return JSON.parse(
      call(() => rawExtra.cohortWithProfile(fw, p.bytes, p.file, ev.data, toJson(opts), toJson(c), overrides), {
        extra: true,
        objects: ev.objects,
      }),
    );
  }
  return JSON.parse(call(() => rawExtra.cohort(fw, ev.data, toJson(opts), toJson(c), overrides), { extra: true, objects: ev.objects }));
}

// ---------------------------------------------------------------------------
// Development plans, CPD, the trainer's report, CASE and badges. Documents
// (plans, CPD, issuer profile, CASE package) are YAML/JSON (CPD also CSV)
// text or bytes, or a plain object of the document's content.

/** A document's bytes: text and bytes as they are, an object as JSON. */
function documentInput(value, kind, what) {
  if (isText(value)) return source(value, kind, what);
  if (value !== null && typeof value === 'object') {
    // Positions in JSON the caller never saw mean nothing: errors keep
    // their path only (see `call`).
    return encoder.encode(JSON.stringify(value, dateReplacer));
  }
  throw problem(kind, '', 'invalid_input', `${what} must be text, a Uint8Array or an object`);
}

function isObjectDocument(value) {
  return value !== null && typeof value === 'object' && !isText(value);
}

/** The `docs` JSON of the raw layer, without undefined fields. */
function docsOf(fields) {
  const out = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) out[k] = v;
  return toJson(out);
}

/** The kinds of the documents given as objects, for call(). */
function objectKinds(pairs) {
  return pairs.filter(([value]) => isObjectDocument(value)).map(([, kind]) => kind);
}

/** The framework option of loadPlans() and loadCpd(). */
function requiredFramework(options) {
  if (options?.framework == null) {
    throw problem('options', 'framework', 'invalid_input', 'options.framework is required (a Framework or a shipped name)');
  }
  return extraFrameworkOf(options.framework);
}

/**
 * Reads development plans (YAML or JSON text or bytes, or an object) and
 * checks them against `options.framework` (a Framework or a shipped
 * framework's name): every target's competency and level must exist.
 * `options.file` names the plans in errors. Returns the plans.
 */
export function loadPlans(plans, options = {}) {
  const fw = requiredFramework(options);
  const data = documentInput(plans, 'plans', 'plans');
  const documents = objectKinds([[plans, 'plans']]);
  return JSON.parse(call(() => rawExtra.loadPlans(fw, data, docsOf({ plansFile: options?.file })), { extra: true, documents }));
}

/**
 * Reads CPD activities (YAML, JSON or CSV text or bytes, or an object),
 * checked against `options.framework`. `options.format`: `csv` or `yaml`
 * (default: CSV when `options.file` ends in `.csv`). Returns the activities
 * and evidence rules.
 */
export function loadCpd(cpd, options = {}) {
  const fw = requiredFramework(options);
  const data = documentInput(cpd, 'cpd', 'CPD activities');
  const docs = docsOf({ cpdFile: options?.file, cpdFormat: options?.format });
  return JSON.parse(call(() => rawExtra.loadCpd(fw, data, docs), { extra: true, documents: objectKinds([[cpd, 'cpd']]) }));
}

/** The bytes and `docs` fields of the `cpd` option of progress() and report(). */
function cpdOption(cpd, cpdFile, cpdFormat) {
  if (cpd == null) return { bytes: undefined, fields: {} };
  return { bytes: documentInput(cpd, 'cpd', 'CPD activities'), fields: { cpdFile, cpdFormat } };
}

/**
 * Progress of every plan target at `asOf`, as `proficient progress --format
 * json`: status (`achieved`, `progressing`, `no_progress`), `overdue`,
 * `gain`, the trajectory (baseline, each review date up to `asOf`, and
 * `asOf`) and a one-line explanation.
 *
 * `plans`: as for loadPlans(). `options`: as for score() (`asOf`, `policy`,
 * `format`, `file`), and `cpd` (CPD activities whose evidence rules add
 * evidence items), `minGain` (default 0.05), `plansFile`, `cpdFile`,
 * `cpdFormat`.
 */
export function progress(framework, evidence, plans, options = {}) {
  const fw = extraFrameworkOf(framework);
  const { cpd, minGain, plansFile, cpdFile, cpdFormat, explain, ...scoreOptions } = options ?? {};
  void explain;
  const { opts, overrides } = callOptions(scoreOptions);
  const ev = evidenceInput(evidence, opts.format);
  if (ev.objects) opts.format = 'jsonl';
  const planBytes = documentInput(plans, 'plans', 'plans');
  const c = cpdOption(cpd, cpdFile, cpdFormat);
  const docs = docsOf({ plansFile, minGain, ...c.fields });
  const documents = objectKinds([[plans, 'plans'], [cpd, 'cpd']]);
  return JSON.parse(
    call(() => rawExtra.progress(fw, ev.data, toJson(opts), planBytes, c.bytes, docs, overrides), { extra: true, objects: ev.objects, documents }),
  );
}

/**
 * CPD totals, as `proficient cpd --format json`: hours by worker and
 * `options.period` (`month`, `quarter` (default) or `year`), by competency,
 * and the activities with no competency. `cpd` and the other options as for
 * loadCpd().
 */
export function cpdSummary(framework, cpd, options = {}) {
  const fw = extraFrameworkOf(framework);
  const data = documentInput(cpd, 'cpd', 'CPD activities');
  const docs = docsOf({ cpdFile: options?.file, cpdFormat: options?.format, period: options?.period });
  return JSON.parse(call(() => rawExtra.cpdSummary(fw, data, docs), { extra: true, documents: objectKinds([[cpd, 'cpd']]) }));
}

/** The evidence items the CPD's evidence rules make from certificates. */
export function cpdEvidence(framework, cpd, options = {}) {
  const fw = extraFrameworkOf(framework);
  const data = documentInput(cpd, 'cpd', 'CPD activities');
  const docs = docsOf({ cpdFile: options?.file, cpdFormat: options?.format });
  return JSON.parse(call(() => rawExtra.cpdEvidence(fw, data, docs), { extra: true, documents: objectKinds([[cpd, 'cpd']]) }));
}

/**
 * The trainer's report, as `proficient report` writes it: one
 * self-contained HTML page (inline CSS and SVG, no scripts, no network).
 * `options`: as for progress(), with `plans` optional (an option here).
 * Returns the HTML text.
 */
export function report(framework, evidence, options = {}) {
  const fw = extraFrameworkOf(framework);
  const { plans, cpd, minGain, plansFile, cpdFile, cpdFormat, explain, ...scoreOptions } = options ?? {};
  void explain;
  const { opts, overrides } = callOptions(scoreOptions);
  const ev = evidenceInput(evidence, opts.format);
  if (ev.objects) opts.format = 'jsonl';
  const planBytes = plans == null ? undefined : documentInput(plans, 'plans', 'plans');
  const c = cpdOption(cpd, cpdFile, cpdFormat);
  const docs = docsOf({ plansFile, minGain, ...c.fields });
  const documents = objectKinds([[plans, 'plans'], [cpd, 'cpd']]);
  return call(() => rawExtra.report(fw, ev.data, toJson(opts), planBytes, c.bytes, docs, overrides), { extra: true, objects: ev.objects, documents });
}

/**
 * Imports a CASE 1.1 CFPackage (JSON text or bytes, or the parsed object),
 * as `proficient import-case`. `options.lenient` accepts CASE 1.0-era
 * packages and notes what it tolerated; `options.file` names the package in
 * errors. Returns `{framework, notes}`; throws ProficientError (kind
 * `case`) with every problem's JSON path, line and column.
 */
export function importCase(pkg, options = {}) {
  const data = documentInput(pkg, 'case', 'a CASE package');
  const opts = {};
  if (options?.file != null) opts.file = options.file;
  if (options?.lenient !== undefined) opts.lenient = options.lenient;
  const handle = call(() => rawExtra.importCase(data, toJson(opts)), { extra: true, documents: objectKinds([[pkg, 'case']]) });
  try {
    const notes = JSON.parse(handle.notes);
    // The framework is made in, and stays in, the second module.
    const framework = new Framework(TOKEN, undefined, handle.framework());
    const strip = isObjectDocument(pkg) ? notes.map((d) => ({ ...d, line: null, column: null })) : notes;
    return { framework, notes: strip };
  } finally {
    handle.free();
  }
}

/**
 * Exports a framework as a valid CASE 1.1 CFPackage, as `proficient
 * export-case`: `{package, json, replaced, notes}`. What CASE 1.1 does not
 * allow is written in its form or left out, each kind of change listed in
 * `notes`; identifiers that are not UUIDs (from a lenient import of a CASE
 * 1.0-era package) are replaced by UUIDs derived from them and listed in
 * `replaced` (`{old, new, path}`). `lastChangeDateTime` is the package's own
 * (an imported framework), else the framework's `updated` date, else the
 * time of the call (said in `notes`).
 */
export function exportCase(framework) {
  const fw = extraFrameworkOf(framework);
  const now = Math.floor(Date.now() / 1000);
  const out = JSON.parse(call(() => rawExtra.exportCase(fw, now), { extra: true }));
  return { package: JSON.parse(out.json), json: out.json, replaced: out.replaced, notes: out.notes };
}

/**
 * An unsigned Open Badges 3.0 OpenBadgeCredential, as `proficient badge`
 * writes it, for `options.worker`'s `options.competency` assessed at or
 * above `options.level` (default: the framework's second level; the lowest
 * level, threshold 0, asserts no achievement and is refused).
 * `options.issuer`: the issuer profile (YAML/JSON text or bytes, or an
 * object with `id`, an https:, http:, did: or urn: URI, `name`, `url`, a web
 * address, `email`), `options.issuerFile` names it in errors; `options.id`
 * the credential id. Other options as for score(). Throws ProficientError
 * (kind `badge`) saying why when the level is not met.
 */
export function badge(framework, evidence, options = {}) {
  const fw = extraFrameworkOf(framework);
  const { worker, competency, level, id, issuer, issuerFile, explain, ...scoreOptions } = options ?? {};
  void explain;
  const { opts, overrides } = callOptions(scoreOptions);
  const ev = evidenceInput(evidence, opts.format);
  if (ev.objects) opts.format = 'jsonl';
  const issuerBytes = documentInput(issuer ?? null, 'badge', 'the issuer');
  const request = { worker, competency };
  if (level != null) request.level = level;
  if (id != null) request.id = id;
  if (issuerFile != null) request.issuerFile = issuerFile;
  const documents = objectKinds([[issuer, 'badge']]);
  return JSON.parse(
    call(() => rawExtra.badge(fw, ev.data, toJson(opts), toJson(request), issuerBytes, overrides), { extra: true, objects: ev.objects, documents }),
  );
}
