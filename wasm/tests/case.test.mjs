// CASE packages and Open Badges checked by an independent implementation
// of JSON Schema (ajv, with ajv-formats so that `date-time`, `uri`, `date`,
// `int32` are really checked) against the vendored CASE 1.1 and Open Badges
// 3.0 schemas (tests/schemas/): every package exportCase writes here, the
// published OpenSALT packages of tests/case/opensalt/ (imported leniently,
// exported, round-tripped), the CASE cases of the malformed corpus that
// break a schema rule, and the badges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ProficientError, badge, exportCase, importCase, loadFramework } from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const caseDir = path.join(repoRoot, 'tests/case');
const schemas = path.join(repoRoot, 'tests/schemas');
const opensalt = readdirSync(path.join(caseDir, 'opensalt'))
  .filter((f) => f.endsWith('.json'))
  .sort();
const evidence = readFileSync(path.join(repoRoot, 'examples/job-retention-evidence.csv'));
const issuer = readFileSync(path.join(repoRoot, 'tests/badge/issuer.yaml'));

function validator(Ajv, file) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // The CASE schema names its draft `http://json-schema.org/draft/2020-12/schema`
  // (not the `https:` URI ajv knows it by): the validator class says which.
  const { $schema, ...schema } = readJson(path.join(schemas, file));
  void $schema;
  return ajv.compile(schema);
}
const caseSchema = validator(Ajv2020, 'case-v1p1-cfpackage-schema.json');
const obSchema = validator(Ajv2019, 'ob-v3p0-achievementcredential-schema-vcdm2.json');
const errorsOf = (validate, v) => (validate(v) ? [] : validate.errors.map((e) => `${e.instancePath}: ${e.message}`));

test('the format checks are really made', () => {
  const minimal = {
    CFDocument: {
      identifier: '527dda32-a0de-5105-a042-cb475b5f7d11', uri: 'urn:x', creator: 'c', title: 't',
      lastChangeDateTime: '2016-09-28T21:43:01+00:00',
    },
  }; // prettier-ignore
  assert.deepEqual(errorsOf(caseSchema, minimal), []);
  const noZone = structuredClone(minimal);
  noZone.CFDocument.lastChangeDateTime = '2016-09-28T21:43:01';
  assert.ok(errorsOf(caseSchema, noZone).some((e) => e.includes('date-time')));
  const badUri = structuredClone(minimal);
  badUri.CFDocument.uri = 'https://example.org/a b';
  assert.ok(errorsOf(caseSchema, badUri).some((e) => e.includes('uri')));
});

test('every export is valid CASE 1.1', () => {
  const frameworks = [
    'job-retention',
    'job-coach',
    ...['multilevel.json', 'flat.json', 'rubrics.json', 'empty.json'].map((f) => importCase(readFileSync(path.join(caseDir, f))).framework),
    importCase(readFileSync(path.join(caseDir, 'legacy.json')), { lenient: true }).framework,
    ...opensalt.map((f) => importCase(readFileSync(path.join(caseDir, 'opensalt', f)), { lenient: true }).framework),
    // Frameworks with no competencies (valid: shells being authored).
    ...['empty.yaml', 'empty-competencies.yaml'].map((f) => loadFramework(readFileSync(path.join(repoRoot, 'tests/frameworks', f)))),
  ];
  assert.equal(frameworks.length, 14);
  for (const fw of frameworks) {
    const out = exportCase(fw);
    assert.deepEqual(errorsOf(caseSchema, out.package), [], out.package.CFDocument.title);
    assert.ok(!out.json.includes('1970-01-01'));
  }
});

for (const name of opensalt) {
  test(`published package ${name}: imports leniently, exports valid CASE 1.1, round-trips`, () => {
    const bytes = readFileSync(path.join(caseDir, 'opensalt', name));
    assert.notDeepEqual(errorsOf(caseSchema, JSON.parse(bytes)), []);
    assert.throws(
      () => importCase(bytes, { file: name }),
      (e) => e instanceof ProficientError && e.kind === 'case'
        && e.errors.filter((x) => x.code !== 'too_many_errors').every((x) => x.file === name && x.line > 0 && x.column > 0),
    ); // prettier-ignore
    const imp = importCase(bytes, { file: name, lenient: true });
    const out = exportCase(imp.framework);
    assert.deepEqual(errorsOf(caseSchema, out.package), []);
    const back = importCase(out.json);
    const withoutCase = (v) =>
      Array.isArray(v) ? v.map(withoutCase)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'case').map(([k, x]) => [k, withoutCase(x)]))
          : v; // prettier-ignore
    assert.deepEqual(withoutCase(back.framework.toJSON()), withoutCase(imp.framework.toJSON()));
    assert.equal(exportCase(imp.framework).json, out.json);
    const again = exportCase(back.framework);
    assert.equal(again.json, out.json);
    assert.deepEqual([again.replaced, again.notes], [[], []]);
  });
}

test('the external-framework shell: refused strictly for its identifier alone, read leniently as an empty framework', () => {
  const bytes = readFileSync(path.join(caseDir, 'opensalt/EmptyExternalFramework.json'));
  assert.throws(
    () => importCase(bytes),
    (e) => e instanceof ProficientError
      && JSON.stringify(e.errors.map((x) => [x.path, x.code, x.line])) === JSON.stringify([['CFDocument.identifier', 'not_uuid', 4]]),
  ); // prettier-ignore
  const imp = importCase(bytes, { lenient: true });
  const fw = imp.framework.toJSON();
  assert.deepEqual([fw.title, fw.domains, fw.competencies], ['Test Framework External Empty', [], []]);
  assert.deepEqual(imp.notes.map((n) => [n.path, n.code]), [['CFDocument.identifier', 'not_uuid']]);
  const out = exportCase(imp.framework);
  assert.deepEqual([out.package.CFItems, out.package.CFAssociations], [[], []]);
  assert.equal(out.package.CFDocument.lastChangeDateTime, '2017-08-24T16:00:53+00:00');
  assert.equal(out.replaced.length, 1);
});

test('the Common Core sample: normalised, and the export says so', () => {
  const imp = importCase(readFileSync(path.join(caseDir, 'opensalt/math_cfs_sample.json')), { lenient: true });
  const out = exportCase(imp.framework);
  assert.deepEqual(out.package.CFDocument.subject, ['Math']);
  assert.equal(out.package.CFDocument.lastChangeDateTime, '2016-09-28T21:43:01+00:00');
  assert.ok(out.notes.some((n) => n.code === 'missing' && n.path === 'CFDefinitions.CFItemTypes[0]' && n.line === null));
});

// The CASE cases of the malformed corpus that break a rule of the CASE 1.1
// schema, with where (as ajv's instance path): ajv refuses each there, as a
// strict import does, and the export of a lenient import of each is valid.
const schemaCases = {
  'subject-string.json': '/CFDocument/subject',
  'null-link-uri.json': '/CFAssociations/1/CFAssociationGroupingURI/uri',
  'item-type-null-description.json': '/CFDefinitions/CFItemTypes/0/description',
  'date-time-without-zone.json': '/CFItems/1/lastChangeDateTime',
  'uri-with-space.json': '/CFItems/0/uri',
  'placeholder-uuid.json': '/CFDocument/identifier',
};
for (const [name, where] of Object.entries(schemaCases)) {
  test(`what a strict import refuses the schema refuses: ${name}`, () => {
    const bytes = readFileSync(path.join(repoRoot, 'tests/invalid/case', name));
    assert.ok(errorsOf(caseSchema, JSON.parse(bytes)).some((e) => e.startsWith(`${where}:`)), where);
    const ours = `/${where.slice(1).replace(/\/(\d+)/g, '[$1]').replaceAll('/', '.')}`.slice(1);
    assert.throws(() => importCase(bytes), (e) => e.errors.some((x) => x.path === ours), ours);
    const fixed = exportCase(importCase(bytes, { lenient: true }).framework);
    assert.deepEqual(errorsOf(caseSchema, fixed.package), []);
  });
}

const badgeOptions = { asOf: '2025-06-30', worker: 'jr-001', competency: 'k1-jobs-and-workplaces', issuer };

test('badge: valid Open Badges 3.0 with formats checked; a CASE competency is aligned', () => {
  for (const level of ['developing', 'competent', 'excellent', undefined]) {
    const cred = badge('job-retention', evidence, { ...badgeOptions, level });
    assert.deepEqual(errorsOf(obSchema, cred), []);
  }
  const fw = importCase(exportCase('job-retention').json).framework;
  const cred = badge(fw, evidence, { ...badgeOptions, level: 'competent' });
  assert.deepEqual(errorsOf(obSchema, cred), []);
  assert.equal(cred.credentialSubject.achievement.alignment[0].targetType, 'CFItem');
  assert.ok(errorsOf(obSchema, { ...cred, validFrom: '2025-06-30T00:00:00' }).some((e) => e.includes('date-time')));
});

test('badge: the lowest level asserts nothing and is refused', () => {
  assert.throws(
    () => badge('job-retention', evidence, { ...badgeOptions, level: 'not-yet-evident' }),
    (e) => e.kind === 'badge' && e.code === 'level_asserts_nothing' && e.message.includes('asserts no achievement'),
  );
});

test('badge: the issuer and the credential id take only safe URI schemes', () => {
  assert.throws(
    () => badge('job-retention', evidence, { ...badgeOptions, issuer: 'name: Evil\nid: "javascript:alert(1)"\n', issuerFile: 'evil.yaml' }),
    (e) => e.kind === 'badge' && e.path === 'id' && e.line === 2 && e.file === 'evil.yaml'
      && e.message.includes('is a `javascript:` URI, expected an `https:`, `http:`, `did:` or `urn:` URI'),
  ); // prettier-ignore
  assert.throws(
    () => badge('job-retention', evidence, { ...badgeOptions, issuer: { id: 'https://x.org/i', name: 'X', url: 'javascript:alert(1)' } }),
    (e) => e.kind === 'badge' && e.path === 'url',
  );
  assert.throws(
    () => badge('job-retention', evidence, { ...badgeOptions, id: 'javascript:alert(1)' }),
    (e) => e.kind === 'badge' && e.code === 'bad_id',
  );
  const cred = badge('job-retention', evidence, { ...badgeOptions, issuer: { id: 'did:example:123', name: 'X' } });
  assert.equal(cred.issuer.id, 'did:example:123');
});

test('exportCase: a framework with no date is stamped with the time of the call, and says so', () => {
  const text = readFileSync(path.join(repoRoot, 'frameworks/job-coach.yaml'), 'utf8').replace('updated: 2026-11-23\n', '');
  const before = Date.now();
  const out = exportCase(loadFramework(text));
  const stamp = Date.parse(out.package.CFDocument.lastChangeDateTime);
  assert.ok(stamp >= Math.floor(before / 1000) * 1000 && stamp <= Date.now(), out.package.CFDocument.lastChangeDateTime);
  assert.deepEqual(out.notes.map((n) => n.code), ['time_stamp']);
  assert.deepEqual(errorsOf(caseSchema, out.package), []);
});
