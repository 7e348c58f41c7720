// The parity corpus (tests/parity/, see its README): every call made
// through the package's public JS functions gives what the core's
// `api::call_json` wrote, errors included.
//
// How results are compared: the expected file is parsed and written again
// with JSON.stringify (its canonical form: the same values, key order and
// string escapes, numbers as JS writes them, e.g. `730.0` as `730`), and
// must equal, byte for byte, JSON.stringify of what the JS function
// returned (for a failure: of the ProficientError's `failure`, the core's
// `{kind, class, errors}` as thrown). `export_case` gives the package's
// text itself, compared as it is.
//
// The options of a case are converted to the JS call as a program would
// make it: a document named by a path is read here and given as bytes with
// the path as its file name (WebAssembly has no file system), a shipped
// name stays a name, `{text, name}` is the text with `name` as its file,
// and the other options are the api's names in camelCase. Calls the
// package cannot make are listed in SKIPPED, each with why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as pkg from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const dir = path.join(repoRoot, 'tests/parity');

const SKIPPED = {
  'score-missing-evidence': 'a file that does not exist: WebAssembly reads no files, the caller gives the bytes',
  'badge-missing-issuer': 'a file that does not exist (see score-missing-evidence)',
  'report-missing-plans': 'a file that does not exist (see score-missing-evidence)',
  'export-sheet-demo': "exportSheet() gives the workbook's bytes, not the template as JSON: its round trip is checked in sheet-template.test.mjs",
};

/** A document option: `{text, name}`, a file read here, or a shipped name. */
function doc(value) {
  if (value !== null && typeof value === 'object' && 'text' in value) return { data: value.text, name: value.name ?? undefined };
  const file = typeof value === 'object' ? value.path : value;
  const full = path.join(repoRoot, file);
  if (existsSync(full)) return { data: readFileSync(full), name: file };
  return { data: file, name: undefined };
}

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** The JS options of a case's options (documents and positional arguments taken out first). */
function jsOptions(options, skip = []) {
  const out = {};
  for (const [k, v] of Object.entries(options)) {
    if (skip.includes(k)) continue;
    if (k === 'evidence_format') out.format = v;
    else if (k === 'no_evidence') out.explain = v ? false : undefined;
    else if (k === 'policy') {
      const d = doc(v);
      out.policy = d.data;
      out.policyFile = d.name;
    } else out[camel(k)] = v;
  }
  return out;
}

/** Adds document option `key` (and its file name, as `fileKey`) to `out`. */
function withDoc(out, options, key, fileKey) {
  if (options[key] == null) return out;
  const d = doc(options[key]);
  out[key] = d.data;
  if (fileKey && d.name !== undefined) out[fileKey] = d.name;
  return out;
}

/** The framework argument: a shipped name, or a framework read from the file or text. */
function framework(value) {
  const d = doc(value);
  return d.name === undefined ? d.data : pkg.loadFramework(d.data, { file: d.name });
}

function scoring(o, skip = []) {
  const ev = doc(o.evidence);
  return { evidence: ev.data, options: { ...jsOptions(o, ['framework', 'evidence', ...skip]), file: ev.name } };
}

const CALLS = {
  score: (o) => {
    const { evidence, options } = scoring(o);
    return pkg.score(framework(o.framework), evidence, options);
  },
  screen: (o) => {
    const { evidence, options } = scoring(o, ['profile', 'people']);
    withDoc(options, o, 'people', 'peopleFile');
    const p = doc(o.profile);
    const profile = p.name === undefined ? p.data : pkg.loadProfile(p.data, { file: p.name, framework: o.framework == null ? undefined : framework(o.framework) });
    return pkg.screen(o.framework == null ? null : framework(o.framework), profile, evidence, options);
  },
  cohort: (o) => {
    const { evidence, options } = scoring(o, ['profile', 'plans']);
    withDoc(options, o, 'plans', 'plansFile');
    const fw = framework(o.framework);
    if (o.profile != null) {
      // A shipped name as it is; a file read as a Profile (as for screen).
      const p = doc(o.profile);
      options.profile = p.name === undefined ? p.data : pkg.loadProfile(p.data, { file: p.name, framework: fw });
    }
    return pkg.cohort(fw, evidence, options);
  },
  assessors: (o) => {
    const { evidence, options } = scoring(o);
    return pkg.assessors(framework(o.framework), evidence, options);
  },
  progress: (o) => {
    const { evidence, options } = scoring(o, ['plans', 'cpd']);
    const plans = doc(o.plans);
    withDoc(options, o, 'cpd', 'cpdFile');
    return pkg.progress(framework(o.framework), evidence, plans.data, { ...options, plansFile: plans.name });
  },
  report: (o) => {
    const { evidence, options } = scoring(o, ['plans', 'cpd', 'people', 'profile']);
    withDoc(options, o, 'plans', 'plansFile');
    withDoc(options, o, 'cpd', 'cpdFile');
    withDoc(options, o, 'people', 'peopleFile');
    if (o.profile != null) options.profile = o.profile;
    return pkg.report(framework(o.framework), evidence, options);
  },
  cpd: (o) => {
    const c = doc(o.cpd);
    return pkg.cpdSummary(framework(o.framework), c.data, { ...jsOptions(o, ['framework', 'cpd']), file: c.name });
  },
  badge: (o) => {
    const { evidence, options } = scoring(o, ['issuer']);
    withDoc(options, o, 'issuer', 'issuerFile');
    return pkg.badge(framework(o.framework), evidence, options);
  },
  equality: (o) => {
    const p = doc(o.people);
    const options = { ...jsOptions(o, ['people', 'profile_shares']), file: p.name };
    withDoc(options, o, 'profile_shares', 'profileSharesFile');
    if (options.profile_shares !== undefined) {
      options.profileShares = options.profile_shares;
      delete options.profile_shares;
    }
    return pkg.equality(p.data, options);
  },
  delphi: (o) => {
    const r = doc(o.ratings);
    const options = { ...jsOptions(o, ['ratings', 'items']), file: r.name };
    withDoc(options, o, 'items', 'itemsFile');
    return pkg.delphi(r.data, options);
  },
  import_case: (o) => {
    const p = doc(o.package);
    return pkg.importCase(p.data, { ...jsOptions(o, ['package']), file: p.name }).framework.toJSON();
  },
  export_case: (o) => pkg.exportCase(framework(o.framework), jsOptions(o, ['framework'])).json,
  import_sheet: (o) => {
    const w = doc(o.workbook);
    return pkg.importSheet(w.data, { file: w.name }).toJSON();
  },
  export_sheet: (o) => pkg.exportSheet(framework(o.framework)),
  validate: (o) =>
    pkg.validate(
      o.files.map((f) => {
        if (typeof f !== 'string' && !(f !== null && typeof f === 'object' && 'path' in f)) return f;
        const d = doc(f);
        return { text: d.data, name: d.name };
      }),
      jsOptions(o, ['files']),
    ),
  list: (o) => pkg.list(jsOptions(o)),
  schema: (o) => pkg.schema(o.name, jsOptions(o, ['name'])),
  generate: (o) => {
    const rest = jsOptions(o, ['framework', 'format']);
    if (o.format != null) rest.format = o.format;
    if (o.framework != null) rest.framework = framework(o.framework);
    return pkg.generate(rest);
  },
  show: (o) => {
    const fw = framework(o.framework);
    return (typeof fw === 'string' ? pkg.shippedFramework(fw) : fw).toJSON();
  },
};

const canonical = (text) => JSON.stringify(JSON.parse(text));

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json') && !f.endsWith('.failure.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

test('the corpus has cases, and every operation the package has is checked', () => {
  assert.ok(cases.length > 40);
  const run = new Set(cases.filter((c) => !(c in SKIPPED)).map((c) => JSON.parse(readFileSync(path.join(dir, `${c}.json`), 'utf8')).operation));
  assert.deepEqual([...run].sort(), Object.keys(CALLS).sort());
});

for (const name of cases) {
  test(`parity: ${name}`, { skip: SKIPPED[name] }, () => {
    const { operation, options } = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
    const expected = path.join(dir, `${name}.expected.json`);
    const call = CALLS[operation];
    assert.ok(call, `no JS call for operation ${operation}`);
    if (existsSync(expected)) {
      const got = call(options);
      const want = readFileSync(expected, 'utf8');
      if (operation === 'export_case') assert.equal(got, want);
      else assert.equal(JSON.stringify(got), canonical(want));
    } else {
      const want = canonical(readFileSync(path.join(dir, `${name}.failure.json`), 'utf8'));
      assert.throws(
        () => call(options),
        (e) => {
          assert.ok(e instanceof pkg.ProficientError, String(e));
          assert.equal(JSON.stringify(e.failure), want);
          return true;
        },
      );
    }
  });
}
