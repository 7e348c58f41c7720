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

/** The second module, for evidence only it reads; else a ProficientError naming initExtra(). */
function evidenceExtraReady() {
  ready();
  if (extraInitialised) return;
  if (extraSource !== null) {
    initExtraSync(extraSource());
    return;
  }
  throw problem(
    'evidence',
    NEEDS_SECOND_MODULE,
    "evidence as JSON Lines, a JSON array or objects is read by proficient-wasm's second module, which is not loaded: " +
      'call `await initExtra()` first (or `init()` without `extra: false`); CSV evidence needs only the main module',
  );
}

/** A diagnostic rendered like the CLI: `FILE:LINE:COLUMN: PATH: message`, or in a workbook `FILE:Sheet1!D14: PATH: message`. */
export function formatDiagnostic(d) {
  const place = [d.file ?? '<input>'];
  if (d.sheet != null) {
    const name = /^[\p{L}\p{N}_]+$/u.test(d.sheet) ? d.sheet : `'${d.sheet.replaceAll("'", "''")}'`;
    let letters = '';
    for (let n = d.column ?? 0; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    place.push(d.line == null ? name : d.column == null ? `${name}!${d.line}:${d.line}` : `${name}!${letters}${d.line}`);
  } else if (d.line != null) {
    place.push(String(d.line));
    if (d.column != null) place.push(String(d.column));
  }
  return `${place.join(':')}: ${d.path ? `${d.path}: ` : ''}${d.message}`;
}

/**
 * A failure of a call, as the core's `api::Failure`: `kind` (which input),
 * `class` (`finding` or `usage`), `errors` (every problem); `line`,
 * `column`, `path`, `code`, `message` and `file` are those of the first
 * problem. `failure` is the core's failure as it gave it.
 */
export class ProficientError extends Error {
  constructor(kind, errors, cls = 'usage', failure = undefined) {
    const list =
      Array.isArray(errors) && errors.length > 0
        ? errors
        : [{ file: null, line: null, column: null, path: '', code: 'unknown', message: 'unknown error' }];
    const first = list[0];
    super(first.message);
    this.name = 'ProficientError';
    this.kind = kind;
    this.class = cls;
    this.code = first.code;
    this.file = first.file ?? null;
    this.line = first.line ?? null;
    this.column = first.column ?? null;
    this.sheet = first.sheet ?? null;
    this.path = first.path ?? '';
    this.errors = list;
    this.failure = failure ?? { kind, class: cls, errors: list };
  }

  toString() {
    return `${this.name}: ${this.errors.map(formatDiagnostic).join('\n')}`;
  }
}

function problem(kind, code, message, path = '') {
  return new ProficientError(kind, [{ file: null, line: null, column: null, path, code, message }]);
}

/**
 * Runs a raw call, throwing the failures it throws (the JSON of the core's
 * `{kind, class, errors}`) as ProficientError, as they are.
 */
function call(f, { extra = false } = {}) {
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
    if (e === null || typeof e !== 'object' || typeof e.kind !== 'string' || !Array.isArray(e.errors)) throw thrown;
    throw new ProficientError(e.kind, e.errors, e.class, e);
  }
}

const TOKEN = Symbol('proficient-wasm');
// Which module holds a Framework or Profile: shipped ones live in the main
// module (baked into it), ones read from text in the second. The second
// module gets its own copy of a shipped framework, by name, when a call
// there needs it. `handles`: main module; `extraHandles`: second module;
// `shippedNames`: the name of a shipped framework or profile.
const handles = new WeakMap();
const extraHandles = new WeakMap();
const shippedNames = new WeakMap();

function anyHandle(value) {
  return handles.get(value) ?? extraHandles.get(value);
}

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
  /** The whole framework as a plain object. */
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
  return problem('options', 'invalid_input', `${kind} has been freed or is not a ${kind === 'framework' ? 'Framework' : 'Profile'}`, kind);
}

const encoder = new TextEncoder();

function isText(value) {
  return typeof value === 'string' || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** Whether `value` is the bytes of a workbook (a zip: `.xlsx`, `.xlsm`, `.ods`), which only the second module reads. */
function isWorkbook(value) {
  if (typeof value === 'string' || !isText(value)) return false;
  const b = value instanceof ArrayBuffer ? new Uint8Array(value, 0, Math.min(4, value.byteLength)) : new Uint8Array(value.buffer, value.byteOffset, Math.min(4, value.byteLength));
  return b.length === 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** The bytes of a file given as a string, Uint8Array or ArrayBuffer. */
function source(value, kind, what) {
  if (typeof value === 'string') return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw problem(kind, 'invalid_input', `${what} must be a string, a Uint8Array or an ArrayBuffer`);
}

function pad(n, width) {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` of a Date, in UTC. */
function isoDate(d) {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Today's date in UTC, `YYYY-MM-DD`: the host's clock, which WebAssembly has not. */
export function today() {
  return isoDate(new Date());
}

/**
 * The host's clock for the core, which WebAssembly has not: the time of
 * the call in seconds since 1970 (UTC). The core resolves the defaults
 * that need it (`asOf`: its date; exportCase's `at`).
 */
function clock() {
  return BigInt(Math.floor(Date.now() / 1000));
}

function dateReplacer(key, value) {
  const original = this[key];
  return original instanceof Date ? isoDate(original) : value;
}

/** JSON for the raw layer: Dates as `YYYY-MM-DD`, Maps as objects, NaN and Infinity as text (refused, not read as null). */
function toJson(value) {
  return JSON.stringify(value, function (key, v) {
    const original = this[key];
    if (original instanceof Date) return isoDate(original);
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v instanceof Map) return Object.fromEntries(v);
    return v;
  });
}

/** The package (and engine) version. */
export function version() {
  return call(() => raw.version());
}

const shippedCache = new Map();

/**
 * A framework shipped with the package, by name (`job-retention`, `job-coach`,
 * `ips-fidelity`). One that uses rules, required criteria, level bands of
 * domains or the overall score, or another aggregate is not baked into the
 * main module: it is read by the second module (loaded by init()).
 */
export function shippedFramework(name) {
  let fw = shippedCache.get(name);
  if (fw === undefined || anyHandle(fw) === undefined) {
    const h = call(() => raw.shippedFramework(String(name)));
    fw = h !== undefined
      ? new Framework(TOKEN, h)
      : new Framework(TOKEN, undefined, call(() => rawExtra.frameworkNamed(String(name)), { extra: true }));
    shippedNames.set(fw, String(name));
    shippedCache.set(name, fw);
  }
  return fw;
}

/** The shipped frameworks: `[{name, id, title, version, competencies, yaml}]`. */
export function shippedFrameworks() {
  const list = JSON.parse(call(() => raw.shippedFrameworks()));
  // The main module carries the YAML of the frameworks baked into it only;
  // the second module gives the others' when it is read.
  for (const f of list) {
    if (f.yaml === undefined) {
      Object.defineProperty(f, 'yaml', { enumerable: true, get: () => call(() => rawExtra.shippedFrameworkYaml(f.name), { extra: true }) });
    }
  }
  return list;
}

/** The shipped role profiles: `[{name, id, title, framework, requirements, yaml}]`. */
export function shippedProfiles() {
  return JSON.parse(call(() => raw.shippedProfiles()));
}

function frameworkObject(framework) {
  if (typeof framework === 'string') return shippedFramework(framework);
  if (framework instanceof Framework) return framework;
  throw problem('options', 'invalid_input', 'framework must be a Framework or the name of a shipped framework', 'framework');
}

/** The second module's handle of a framework: its own, or one of the shipped framework of that name. */
function extraFrameworkOf(framework) {
  const object = frameworkObject(framework);
  let h = extraHandles.get(object);
  if (h !== undefined) return h;
  if (!handles.has(object)) throw freed('framework');
  h = call(() => rawExtra.frameworkNamed(shippedNames.get(object)), { extra: true });
  extraHandles.set(object, h);
  return h;
}

/**
 * Reads and validates a framework from YAML (or JSON) text or UTF-8 bytes;
 * `options.file` names it in errors. (Read by the second module.)
 */
export function loadFramework(text, options = {}) {
  const input = source(text, 'framework', 'a framework');
  return new Framework(TOKEN, undefined, call(() => rawExtra.loadFramework(input, options?.file ?? undefined), { extra: true }));
}

/**
 * Reads a role profile from YAML text or bytes, checked against
 * `options.framework` (a Framework or a shipped framework's name), or
 * without it against the shipped framework it names; `options.file` names
 * it in errors. (Read by the second module.)
 */
export function loadProfile(text, options = {}) {
  const input = source(text, 'profile', 'a profile');
  const file = options?.file ?? undefined;
  const h =
    options?.framework != null
      ? call(() => rawExtra.loadProfileFor(input, file, extraFrameworkOf(options.framework)), { extra: true })
      : call(() => rawExtra.loadProfile(input, file), { extra: true });
  return new Profile(TOKEN, undefined, h);
}

/** A shipped role profile by name (`job-retention-specialist`); options as for loadProfile(). */
export function shippedProfile(name, options = {}) {
  // Valid against a shipped framework: baked in the main module; any other
  // pair is read by the second module, which says why it does not fit.
  const fw = options?.framework != null ? frameworkObject(options.framework) : null;
  const main = fw === null ? null : handles.get(fw);
  if (fw === null || main !== undefined) {
    const h = call(() => raw.shippedProfile(String(name), main ? raw.shippedIndex(main) : undefined));
    if (h !== undefined) {
      const p = new Profile(TOKEN, h);
      shippedNames.set(p, String(name));
      return p;
    }
  }
  const yaml = call(() => raw.shippedProfileYaml(String(name)));
  return loadProfile(yaml, { ...options, file: `<shipped:${name}>` });
}

function profileObject(profile, framework) {
  if (typeof profile === 'string') return shippedProfile(profile, { framework });
  if (profile instanceof Profile) return profile;
  throw problem('options', 'invalid_input', 'profile must be a Profile or the name of a shipped profile', 'profile');
}

/**
 * The documents of a call that cross as bytes, beside the options' JSON
 * (which leaves them out): each with its option, its name and how the
 * caller gave it (`text`: text or bytes; `rows`: objects, one a line;
 * `object`: an object), from which the core keeps the positions of its
 * problems that mean something to the caller.
 */
class Documents {
  constructor() {
    this.sources = [];
    this.parts = [];
  }

  /** A document (`kind` for errors) from text, bytes or (documents: an object, sent as JSON). */
  add(field, value, name, kind, what, given = 'text') {
    if (!isText(value)) {
      if (value === null || typeof value !== 'object') throw problem(kind, 'invalid_input', `${what} must be text, a Uint8Array or an object`);
      given = 'object';
      value = toJson(value);
    }
    this.parts.push(source(value, kind, what));
    this.sources.push({ option: field, name: name ?? null, given });
    return undefined;
  }

  /** Evidence: text or bytes, or an iterable of item objects (JSON Lines, a line each). */
  evidence(field, value, name, options) {
    if (isText(value)) return this.add(field, value, name, 'evidence', 'evidence');
    if (value === null || typeof value !== 'object' || typeof value[Symbol.iterator] !== 'function') {
      throw problem('evidence', 'invalid_input', 'evidence must be CSV or JSON text, a Uint8Array, or an array of objects');
    }
    const lines = [];
    for (const item of value) lines.push(JSON.stringify(item === undefined ? null : item, dateReplacer) ?? 'null');
    options.evidence_format = 'jsonl';
    return this.add(field, lines.join('\n'), name, 'evidence', 'evidence', 'rows');
  }

  /** A profile: a shipped one by name, one read from text as its text. */
  profile(field, value, framework) {
    const p = profileObject(value, framework);
    if (shippedNames.has(p)) return shippedNames.get(p);
    const h = anyHandle(p);
    if (h === undefined) throw freed('profile');
    return this.add(field, h.source, h.file, 'profile', 'a profile');
  }

  /** The raw call's arguments of the documents: `[data, lengths, sources]`. */
  raw() {
    const data = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      data.set(p, at);
      at += p.length;
    }
    return [data, new Uint32Array(this.parts.map((p) => p.length)), JSON.stringify(this.sources)];
  }

  /** Runs `operation` in the second module and returns its result as an .xlsx workbook (a Uint8Array). */
  workbook(operation, options, framework, render = {}) {
    const json = toJson(options);
    const how = toJson(render);
    if (framework === undefined) return call(() => rawExtra.workbook(operation, json, how, ...this.raw(), clock()), { extra: true });
    const fw = extraFrameworkOf(framework);
    return call(() => rawExtra.workbookWith(fw, operation, json, how, ...this.raw(), clock()), { extra: true });
  }

  /** Runs `operation` in the second module, with `framework` as a handle (inside inWorkbook(): its workbook). */
  run(operation, options, framework) {
    if (asWorkbook !== undefined) return this.workbook(operation, options, framework, asWorkbook);
    const json = toJson(options);
    if (framework === undefined) return JSON.parse(call(() => rawExtra.call(operation, json, ...this.raw(), clock()), { extra: true }));
    const fw = extraFrameworkOf(framework);
    return JSON.parse(call(() => rawExtra.callWith(fw, operation, json, ...this.raw(), clock()), { extra: true }));
  }
}

/** `minHolders` -> `min_holders`: JS option names are the api's in camelCase. */
function snake(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The api's options of `rest` (camelCase keys, undefined left out). */
function apiOptions(rest) {
  const out = {};
  for (const [k, v] of Object.entries(rest ?? {})) if (v !== undefined) out[snake(k)] = v;
  return out;
}

/**
 * The api's options of an operation that scores `evidence`: `asOf` (when
 * absent, the core's default: today by the host's clock), `format` (the
 * evidence format), `file` (the evidence's name), `policy` (overrides: a policy document, as an object or
 * its YAML or JSON text, `policyFile` its name), `explain` (score only: `false` no used items, a worker id that
 * worker alone), and the operation's own options.
 */
function scoring(docs, evidence, options, own = []) {
  const { asOf, format, file, policy, policyFile, explain, ...rest } = options ?? {};
  const o = apiOptions(rest);
  if (asOf != null) o.as_of = asOf;
  if (format !== undefined && format !== 'auto') o.evidence_format = format;
  o.evidence = docs.evidence('evidence', evidence, file, o);
  if (policy != null) o.policy = docs.add('policy', policy, policyFile, 'policy', 'policy');
  if (own.includes('explain')) {
    if (explain === false) o.no_evidence = true;
    else if (explain !== undefined && explain !== true && explain !== null) o.explain = explain;
  }
  return o;
}

/** The small options of the main module's score() and screen(): `{as_of, explain, evidence_format, file}`. */
function mainOptions(options, screen) {
  const { asOf, format, file, explain } = options ?? {};
  const o = {};
  if (asOf != null) o.as_of = asOf;
  if (!screen && explain !== undefined) o.explain = explain;
  if (format !== undefined && format !== 'auto') o.evidence_format = format;
  if (file !== undefined) o.file = file;
  return toJson(o);
}

const packedText = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The value of a result packed by the main module (`wasm/hot/src/pack.rs`
 * describes the layout): the objects `JSON.parse` would give of its JSON
 * (same keys in the same order, same numbers, `null`s), without the JSON.
 */
function unpack(bytes) {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const buf = bytes.buffer;
  const base = bytes.byteOffset;
  const head = new Uint32Array(buf, base, 4);
  const nTokens = head[0];
  const nNumbers = head[1];
  const nStrings = head[2];
  const nText = head[3];
  const numbers = new Float64Array(buf, base + 16, nNumbers);
  let at = base + 16 + nNumbers * 8;
  const tokens = new Uint32Array(buf, at, nTokens);
  at += nTokens * 4;
  const lengths = new Uint32Array(buf, at, nStrings);
  at += nStrings * 4;
  // Every distinct string, decoded at once and cut by its UTF-16 length.
  const text = packedText.decode(new Uint8Array(buf, at, nText));
  const strings = new Array(nStrings);
  for (let k = 0, p = 0; k < nStrings; k++) strings[k] = text.slice(p, (p += lengths[k]));
  // A key `__proto__` is an own property, as JSON.parse makes it.
  const proto = strings.indexOf('__proto__');
  let t = 0;
  let x = 0;
  function value() {
    const token = tokens[t++];
    const n = token >>> 3;
    switch (token & 7) {
      case 0:
        return numbers[x++];
      case 1:
        return n;
      case 2:
        return strings[n];
      case 3: {
        const o = {};
        for (let k = 0; k < n; k++) {
          const key = tokens[t++];
          if (key === proto) Object.defineProperty(o, '__proto__', { value: value(), writable: true, enumerable: true, configurable: true });
          else o[strings[key]] = value();
        }
        return o;
      }
      case 4: {
        const a = [];
        for (let k = 0; k < n; k++) a.push(value());
        return a;
      }
      default:
        return n === 0 ? null : n === 1;
    }
  }
  return value();
}

/**
 * Runs a call of the main module: its result (`decode` of what it gave:
 * JSON text or a packed result), or null for evidence only the second
 * module reads.
 */
function tryMain(f, evidence, decode = JSON.parse) {
  try {
    return decode(call(() => f(source(evidence, 'evidence', 'evidence'))));
  } catch (e) {
    if (e instanceof ProficientError && e.code === NEEDS_SECOND_MODULE) {
      evidenceExtraReady();
      return null;
    }
    throw e;
  }
}

/**
 * Scores evidence against a framework (the api's `score`). `evidence`:
 * CSV, JSON Lines or JSON-array text, its bytes, or an iterable of item
 * objects. `options`: `asOf` (default: today, UTC), `policy` (overrides of
 * the framework's evidence policy), `explain` (false: no used items; a
 * worker id: that worker alone), `format`, `file`, and the api's options
 * (`halfLife`, `maxAge`, `minItems`, `minCoverage`, `aggregate`: `weighted_mean`,
 * `latest` or `latest_per_assessor`).
 */
export function score(framework, evidence, options = {}) {
  const fw = frameworkObject(framework);
  const main = handles.get(fw);
  if (main !== undefined && isText(evidence) && !isWorkbook(evidence) && onlyMain(options)) {
    const r = tryMain((ev) => raw.score(main, ev, mainOptions(options, false), clock()), evidence, unpack);
    if (r !== null) return r;
  }
  if (!isText(evidence) || isWorkbook(evidence)) evidenceExtraReady();
  const docs = new Documents();
  return docs.run('score', scoring(docs, evidence, options, ['explain']), fw);
}

/** The `render` options of the workbook asked for by inWorkbook(), else undefined. */
let asWorkbook;

/** Runs `fn`, a call of this module, and gives its result as an .xlsx workbook (a Uint8Array) of the second module. */
function inWorkbook(fn, render = {}) {
  evidenceExtraReady();
  asWorkbook = render;
  try {
    return fn();
  } finally {
    asWorkbook = undefined;
  }
}

/** screen() as an .xlsx workbook: `Shortlist` (and `Adverse impact` with `people`). */
export const screenWorkbook = (framework, profile, evidence, options = {}) => inWorkbook(() => screen(framework, profile, evidence, options));
/** progress() as an .xlsx workbook: sheet `Progress`. */
export const progressWorkbook = (framework, evidence, plans, options = {}) => inWorkbook(() => progress(framework, evidence, plans, options));
/** cpdSummary() as an .xlsx workbook: sheet `CPD`. */
export const cpdWorkbook = (framework, cpd, options = {}) => inWorkbook(() => cpdSummary(framework, cpd, options));
/** cohort() as an .xlsx workbook: sheet `Cohort`, `options.view` `summary` (default) or `matrix`. */
export const cohortWorkbook = (framework, evidence, { view, ...options } = {}) => inWorkbook(() => cohort(framework, evidence, options), view == null ? {} : { view });
/** equality() as an .xlsx workbook: sheet `Equality`. */
export const equalityWorkbook = (people, options = {}) => inWorkbook(() => equality(people, options));

/**
 * A framework as the .xlsx workbook template (a Uint8Array) `proficient
 * export-sheet` writes (docs/sheets.md), which importSheet() reads back.
 */
export function exportSheet(framework) {
  return inWorkbook(() => new Documents().run('export_sheet', {}, framework));
}

/**
 * Reads a framework from a workbook's bytes (.xlsx, .xlsm, .ods) of the
 * template exportSheet() writes; `options.file` names it in errors, which
 * give each problem's sheet and cell. (Read by the second module.)
 */
export function importSheet(workbook, options = {}) {
  const docs = new Documents();
  docs.add('workbook', workbook, options?.file, 'framework', 'a workbook');
  const json = JSON.stringify(docs.run('import_sheet', {}));
  return loadFramework(json, { file: options?.file ?? undefined });
}

/**
 * score() as an .xlsx workbook (a Uint8Array): sheets `Scores` (one row per
 * worker and competency), `Levels` (the matrix, coloured by level) and
 * `Rejected`. Arguments as for score(); the evidence may be a workbook's
 * bytes (`sheet`: its sheet, default the first). Needs the second module.
 */
export function scoreWorkbook(framework, evidence, options = {}) {
  evidenceExtraReady();
  const fw = frameworkObject(framework);
  const docs = new Documents();
  return docs.workbook('score', scoring(docs, evidence, options, ['explain']), fw);
}

/** Whether the main module takes these options (else the api call of the second module does; always for a workbook). */
function onlyMain(options) {
  if (asWorkbook !== undefined) return false;
  return Object.keys(options ?? {}).every((k) => ['asOf', 'format', 'file', 'explain'].includes(k) || (k === 'policy' && options.policy == null));
}

/**
 * Scores evidence and screens every worker against a role profile (a
 * Profile or a shipped profile's name): the api's `screen`. `framework`:
 * as for score(), or null for the shipped one the profile names; other
 * arguments as for score(). With `people` (CSV text or bytes, or an array
 * of objects with a `worker` key and group attributes; `peopleFile` names
 * it), `attributes` and `minCell`: the result has `adverse_impact`.
 */
export function screen(framework, profile, evidence, options = {}) {
  const fw = framework == null ? undefined : frameworkObject(framework);
  const p = profileObject(profile, fw);
  const main = fw === undefined ? undefined : handles.get(fw);
  const pMain = handles.get(p);
  if (main !== undefined && pMain !== undefined && isText(evidence) && !isWorkbook(evidence) && onlyMain(options) && call(() => raw.profileFits(pMain, main))) {
    const r = tryMain((ev) => raw.screen(main, pMain, ev, mainOptions(options, true), clock()), evidence, unpack);
    if (r !== null) return r;
  }
  if (!isText(evidence) || isWorkbook(evidence)) evidenceExtraReady();
  const { people, peopleFile, ...rest } = options ?? {};
  const docs = new Documents();
  const o = scoring(docs, evidence, rest);
  o.profile = docs.profile('profile', p, fw);
  if (people != null) o.people = docs.add('people', isText(people) ? people : csvOf(people), peopleFile, 'people', 'people');
  return docs.run('screen', o, fw);
}

/**
 * The team view (the api's `cohort`): workers x competencies, holders,
 * thin competencies, training demand. `options`: as for score(), and
 * `profile` (a Profile or a shipped profile's name), `plans`, `level`,
 * `minHolders`.
 */
export function cohort(framework, evidence, options = {}) {
  const { profile, plans, plansFile, ...rest } = options ?? {};
  const docs = new Documents();
  const o = scoring(docs, evidence, rest);
  if (profile != null) o.profile = docs.profile('profile', profile, framework);
  if (plans != null) o.plans = docs.add('plans', plans, plansFile, 'plans', 'plans');
  return docs.run('cohort', o, framework);
}

/**
 * Assessor calibration (the api's `assessors`): leniency per assessor
 * against colleagues on the same worker x criterion, agreement
 * (Krippendorff's alpha, exact and adjacent), self-assessment against
 * assessors. `options`: as for score(), and `selfKind`, `minPairs`.
 */
export function assessors(framework, evidence, options = {}) {
  const docs = new Documents();
  const o = scoring(docs, evidence, options ?? {});
  return docs.run('assessors', o, framework);
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

function iterable(value) {
  return value !== null && typeof value === 'object' && typeof value[Symbol.iterator] === 'function';
}

/**
 * Equality monitoring (the api's `equality`). `people`: CSV text or bytes,
 * or an array of objects (each key a column). `options`: `group`,
 * `outcome`, `period`, `reason`, `reference`, `minCell`, `cross`, `file`,
 * `profileShares` (CSV text of `group,share`, or objects) and `profileSharesFile`.
 */
export function equality(people, options = {}) {
  const { file, profileShares, profileSharesFile, ...rest } = options ?? {};
  if (!isText(people) && !iterable(people)) throw problem('people', 'invalid_input', 'people must be CSV text, a Uint8Array, or an array of objects');
  const docs = new Documents();
  const o = apiOptions(rest);
  o.people = docs.add('people', isText(people) ? people : csvOf(people), file, 'people', 'people');
  if (profileShares != null) o.profile_shares = docs.add('profile_shares', isText(profileShares) ? profileShares : csvOf(profileShares), profileSharesFile, 'people', 'the profile shares');
  return docs.run('equality', o);
}

/**
 * Delphi analysis (the api's `delphi`). `ratings`: CSV text or bytes, or an
 * array of rating objects (a rating's line is its position). `options`:
 * `items` (item list CSV), `itemsFile`, `consensus`, `stability`, `file`.
 */
export function delphi(ratings, options = {}) {
  const { items, itemsFile, file, ...rest } = options ?? {};
  const docs = new Documents();
  const o = apiOptions(rest);
  if (isText(ratings)) {
    o.ratings = docs.add('ratings', ratings, file, 'ratings', 'ratings');
  } else if (iterable(ratings)) {
    const parts = [];
    for (const r of ratings) parts.push(JSON.stringify(r ?? null));
    o.ratings = docs.add('ratings', `[${parts.join(',\n')}]`, file, 'ratings', 'ratings', 'rows');
  } else {
    throw problem('ratings', 'invalid_input', 'ratings must be CSV text, a Uint8Array, or an array of objects');
  }
  if (items != null) o.items = docs.add('items', items, itemsFile, 'ratings', 'the item list');
  return docs.run('delphi', o);
}

// Development plans, CPD, the trainer's report, CASE and badges. Documents
// (plans, CPD, issuer profile, CASE package) are YAML/JSON (CPD also CSV,
// for a file named `.csv`) text or bytes, or a plain object of the
// document's content.

function requiredFramework(options) {
  if (options?.framework == null) {
    throw problem('options', 'invalid_input', 'options.framework is required (a Framework or a shipped name)', 'framework');
  }
  return options.framework;
}

/** A document checked against a framework (`plans`, `cpd_activities`, `cpd_evidence`). */
function checkedDocument(operation, framework, value, file, kind, what) {
  const docs = new Documents();
  docs.add('document', value, file, kind, what);
  return docs.run(operation, {}, framework);
}

/**
 * Reads development plans (YAML or JSON text or bytes, or an object),
 * checked against `options.framework`; `options.file` names them in errors.
 */
export function loadPlans(plans, options = {}) {
  return checkedDocument('plans', requiredFramework(options), plans, options?.file, 'plans', 'plans');
}

/**
 * Reads CPD activities (YAML, JSON or CSV text or bytes, or an object),
 * checked against `options.framework`; CSV when `options.file` ends in `.csv`.
 */
export function loadCpd(cpd, options = {}) {
  return checkedDocument('cpd_activities', requiredFramework(options), cpd, options?.file, 'cpd', 'CPD activities');
}

/** The evidence items the CPD's evidence rules make from certificates. */
export function cpdEvidence(framework, cpd, options = {}) {
  return checkedDocument('cpd_evidence', framework, cpd, options?.file, 'cpd', 'CPD activities');
}

/** Adds the `plans` and `cpd` documents of progress() and report(). */
function trainerDocuments(docs, o, plans, cpd, plansFile, cpdFile) {
  if (plans != null) o.plans = docs.add('plans', plans, plansFile, 'plans', 'plans');
  if (cpd != null) o.cpd = docs.add('cpd', cpd, cpdFile, 'cpd', 'CPD activities');
  return o;
}

/**
 * Progress of every plan target (the api's `progress`). `plans`: as for
 * loadPlans(). `options`: as for score(), and `cpd`, `minGain`,
 * `plansFile`, `cpdFile`.
 */
export function progress(framework, evidence, plans, options = {}) {
  const { cpd, plansFile, cpdFile, ...rest } = options ?? {};
  const docs = new Documents();
  const o = scoring(docs, evidence, rest);
  o.plans = docs.add('plans', plans ?? null, plansFile, 'plans', 'plans');
  trainerDocuments(docs, o, null, cpd, plansFile, cpdFile);
  return docs.run('progress', o, framework);
}

/** CPD totals (the api's `cpd`): hours by worker and `options.period`, by competency. */
export function cpdSummary(framework, cpd, options = {}) {
  const { file, ...rest } = options ?? {};
  const docs = new Documents();
  const o = apiOptions(rest);
  o.cpd = docs.add('cpd', cpd, file, 'cpd', 'CPD activities');
  return docs.run('cpd', o, framework);
}

/**
 * The trainer's report (the api's `report`): one self-contained HTML page,
 * as text, with the assessor calibration. `options`: as for progress(),
 * with `plans` optional; with `profile` (a Profile or a shipped profile's
 * name) and `people` (as for screen(); `peopleFile`, `attributes`,
 * `minCell`) it also shows the adverse impact of screening.
 */
export function report(framework, evidence, options = {}) {
  const { plans, cpd, plansFile, cpdFile, profile, people, peopleFile, ...rest } = options ?? {};
  const docs = new Documents();
  const o = trainerDocuments(docs, scoring(docs, evidence, rest), plans, cpd, plansFile, cpdFile);
  if (profile != null) o.profile = docs.profile('profile', profile, framework);
  if (people != null) o.people = docs.add('people', isText(people) ? people : csvOf(people), peopleFile, 'people', 'people');
  return docs.run('report', o, framework);
}

/**
 * Imports a CASE 1.1 CFPackage (the api's `import_case`): JSON text or
 * bytes, or the parsed object. `options`: `lenient`, `file`. Returns
 * `{framework, notes}`.
 */
export function importCase(pkg, options = {}) {
  const { file, ...rest } = options ?? {};
  const docs = new Documents();
  docs.add('package', pkg, file, 'case', 'a CASE package');
  const handle = call(() => rawExtra.importCase(toJson(apiOptions(rest)), ...docs.raw()), { extra: true });
  try {
    const notes = JSON.parse(handle.notes);
    const framework = new Framework(TOKEN, undefined, handle.framework());
    return { framework, notes };
  } finally {
    handle.free();
  }
}

/**
 * Exports a framework as a CASE 1.1 CFPackage (the api's `export_case`):
 * `{package, json, replaced, notes}`, stamped with `options.at` (seconds
 * since 1970; default: the time of the call, the host's clock) when the
 * framework has no date of its own.
 */
export function exportCase(framework, options = {}) {
  const docs = new Documents();
  const out = docs.run('export_case', apiOptions(options), framework);
  return { package: JSON.parse(out.json), json: out.json, replaced: out.replaced, notes: out.notes };
}

/**
 * An unsigned Open Badges 3.0 credential (the api's `badge`).
 * `options`: `worker`, `competency`, `level`, `id`, `issuer` (the issuer
 * profile: YAML/JSON text or bytes, or an object), `issuerFile`, and the
 * options of score().
 */
export function badge(framework, evidence, options = {}) {
  const { issuer, issuerFile, ...rest } = options ?? {};
  const docs = new Documents();
  const o = scoring(docs, evidence, rest);
  o.issuer = docs.add('issuer', issuer ?? null, issuerFile, 'badge', 'the issuer');
  return docs.run('badge', o, framework);
}

/**
 * Checks frameworks and profiles (the api's `validate`): `files`, each a
 * document's text or bytes, `{text, name}` with `text` its text or bytes
 * and `name` the file name its problems give, or any other value of the
 * api's document option as it is. Returns, for each, `{file, kind,
 * readable, errors}`.
 */
export function validate(files, options = {}) {
  const docs = new Documents();
  const o = apiOptions(options);
  const named = (f) => f !== null && typeof f === 'object' && !isText(f) && isText(f.text);
  o.files = [...(files ?? [])].map((f, i) => {
    // A document given beside the JSON replaces its place-holder `''`.
    if (isText(f)) docs.add(`files[${i}]`, f, null, 'framework', 'a file');
    else if (named(f)) docs.add(`files[${i}]`, f.text, f.name, 'framework', 'a file');
    else return f;
    return '';
  });
  return docs.run('validate', o);
}

/** The shipped frameworks and profiles, each loaded and counted (the api's `list`). */
export function list(options = {}) {
  return new Documents().run('list', apiOptions(options));
}

/** The JSON Schema of format `name` (the api's `schema`: `framework`, `score-result`, `score-options`, ...). */
export function schema(name, options = {}) {
  return new Documents().run('schema', { ...apiOptions(options), name });
}

/**
 * A synthetic evidence workload as text (the api's `generate`):
 * `options`: `items`, `workers`, `format` (`csv` or `jsonl`), `framework`
 * (a Framework or a shipped name), `competencies`, `seed`, `asOf`,
 * `rejectPerMille`, `out`.
 */
export function generate(options = {}) {
  const { framework, ...rest } = options ?? {};
  return new Documents().run('generate', apiOptions(rest), framework ?? undefined);
}
