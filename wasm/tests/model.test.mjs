// validate, list, schema and generate (the api's calls of the same names,
// through the second module), and the host's clock: the default of `asOf`
// is the core's, from the time index.js gives it (exportCase's `at`:
// case.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ProficientError,
  generate,
  list,
  loadFramework,
  progress,
  schema,
  score,
  shippedFrameworks,
  today,
  validate,
} from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const read = (p) => readFileSync(path.join(repoRoot, p));
const demo = read('examples/job-retention-evidence.csv').toString('utf8');

test('validate: text, bytes and {text, name}, each with its problems', () => {
  const fw = read('frameworks/job-retention.yaml');
  const bad = read('tests/invalid/several-errors.yaml');
  const got = validate([fw.toString('utf8'), new Uint8Array(fw), { text: bad, name: 'bad.yaml' }]);
  assert.deepEqual(got.map((v) => [v.file, v.kind, v.readable]), [
    [null, 'framework', true],
    [null, 'framework', true],
    ['bad.yaml', null, true],
  ]);
  assert.ok(got[2].errors.length > 1);
  assert.ok(got[2].errors.every((d) => d.file === 'bad.yaml'));
  // Bytes that are not UTF-8: one problem, saying so.
  const latin = validate([new Uint8Array([0x69, 0x64, 0x3a, 0xe9])])[0];
  assert.equal(latin.kind, null);
  assert.equal(latin.errors.length, 1);
  assert.match(latin.errors[0].message, /UTF-8/);
});

test('list: the shipped frameworks and profiles, as shippedFrameworks() names them', () => {
  const c = list();
  assert.deepEqual(c.frameworks.map((f) => f.name), shippedFrameworks().map((f) => f.name));
  assert.ok(c.profiles.length > 0);
  assert.throws(() => list({ colour: 'red' }), (e) => e instanceof ProficientError && e.path === 'colour');
});

test('schema: a format by name; an unknown one lists the names', () => {
  assert.equal(schema('framework').title, 'Framework');
  assert.equal(schema('score-options').title, 'ScoreOptions');
  assert.throws(() => schema('nope'), (e) => e instanceof ProficientError && e.code === 'unknown_schema' && e.message.includes('score-result'));
});

test('generate: the same seed gives the same items; a loaded framework may be given', () => {
  const a = generate({ items: 30, workers: 3, format: 'csv', seed: 5 });
  assert.equal(a, generate({ items: 30, workers: 3, out: 'x.csv', seed: 5 }));
  assert.equal(a.split('\n')[0], 'id,worker,criterion,kind,date,assessor,value,numerator,denominator,expires,note');
  const fw = loadFramework(read('frameworks/job-coach.yaml'));
  const lines = generate({ items: 5, workers: 2, format: 'jsonl', framework: fw, asOf: new Date(Date.UTC(2026, 0, 31)) }).trim().split('\n');
  assert.equal(lines.length, 5);
  assert.ok(JSON.parse(lines[0]).criterion);
  assert.throws(() => generate({ items: 5, workers: 2, format: 'parquet' }), (e) => e instanceof ProficientError && e.path === 'format');
});

test('the default asOf is today (UTC), resolved by the core from the host clock', () => {
  // Twice, in case the date changes between the calls.
  for (let i = 0; ; i++) {
    const day = today();
    const main = score('job-retention', demo);
    const second = score('job-retention', demo, { minItems: 1 });
    const plans = read('examples/job-retention-plans.yaml');
    const p = progress('job-retention', demo, plans);
    if (day !== today() && i === 0) continue;
    assert.equal(main.as_of, day);
    assert.equal(second.as_of, day);
    assert.equal(p.as_of, day);
    break;
  }
});
