// The package's two WebAssembly modules: the shipped frameworks and
// profiles live in the main module (built into it), frameworks and profiles
// read from text in the second one (which has the YAML reader); a shipped
// framework used by the second module crosses as its JSON, read again by
// the core's loader, and nothing is lost on the way (CASE fields included);
// each call runs in the module that holds its framework, with the same
// results; freeing a framework frees every copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProficientError, cohort, exportCase, importCase, loadFramework, loadProfile, progress, score, screen, shippedFramework, shippedProfile } from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const read = (f) => readFileSync(path.join(repoRoot, f));
const evidence = read('examples/job-retention-evidence.csv');
const AS_OF = '2026-06-30';

test('a framework imported in the second module, and one read from its JSON, are the same', () => {
  for (const [file, lenient] of [['multilevel.json', false], ['rubrics.json', false], ['legacy.json', true]]) {
    const { framework } = importCase(read(`tests/case/${file}`), { lenient });
    const data = framework.toJSON();
    const again = loadFramework(JSON.stringify(data));
    assert.deepEqual(again.toJSON(), data, file);
    assert.equal(exportCase(again).json, exportCase(framework).json, file);
    again.free();
    framework.free();
  }
});

test('a framework read from its YAML (second module) gives the results of the shipped one (main module)', () => {
  const yaml = read('frameworks/job-retention.yaml');
  const fw = loadFramework(yaml, { file: 'job-retention.yaml' });
  // score() of the file's framework runs in the second module, of the shipped one in the main module.
  const scores = score(fw, evidence, { asOf: AS_OF, explain: false });
  assert.deepEqual(scores, score('job-retention', evidence, { asOf: AS_OF, explain: false }));
  const team = cohort(fw, evidence, { asOf: AS_OF });
  assert.equal(team.workers.length, scores.workers.length);
  assert.deepEqual(team, cohort('job-retention', evidence, { asOf: AS_OF }));
  fw.free();
  // Both copies are gone: the second module's functions refuse it too.
  for (const f of [() => score(fw, evidence), () => cohort(fw, evidence), () => exportCase(fw)]) {
    assert.throws(f, (e) => e instanceof ProficientError && e.kind === 'options' && e.path === 'framework');
  }
  const plans = read('examples/job-retention-plans.yaml');
  assert.ok(progress(shippedFramework('job-retention'), evidence, plans, { asOf: AS_OF }).targets.length > 0);
});

test('shipped and loaded profiles screen alike against shipped and loaded frameworks', () => {
  const opts = { asOf: AS_OF };
  const expected = screen('job-retention', 'job-retention-specialist', evidence, opts);
  const fw = loadFramework(read('frameworks/job-retention.yaml'), { file: 'job-retention.yaml' });
  const fromFile = loadProfile(read('frameworks/profiles/job-retention-specialist.yaml'), { file: 'p.yaml' });
  assert.deepEqual(fromFile.toJSON(), shippedProfile('job-retention-specialist').toJSON());
  for (const [framework, profile] of [
    ['job-retention', fromFile],
    [fw, 'job-retention-specialist'],
    [fw, fromFile],
    [fw, shippedProfile('job-retention-specialist', { framework: fw })],
    [shippedFramework('job-retention'), shippedProfile('job-retention-specialist', { framework: 'job-retention' })],
  ]) {
    assert.deepEqual(screen(framework, profile, evidence, opts), expected);
  }
  // A shipped profile against a shipped framework it does not fit: the
  // core's error, located in the profile's YAML.
  for (const f of [
    () => shippedProfile('job-retention-specialist', { framework: 'job-coach' }),
    () => screen('job-coach', shippedProfile('job-retention-specialist'), evidence, opts),
  ]) {
    assert.throws(f, (e) => e instanceof ProficientError && e.kind === 'profile' && e.code === 'framework_mismatch' && e.file === '<shipped:job-retention-specialist>' && e.line > 0);
  }
  assert.throws(
    () => screen('job-coach', fromFile, evidence, opts),
    (e) => e instanceof ProficientError && e.code === 'framework_mismatch' && e.file === 'p.yaml',
  );
  fromFile.free();
  assert.throws(() => screen('job-retention', fromFile, evidence, opts), (e) => e.kind === 'options' && e.path === 'profile');
  fw.free();
});
