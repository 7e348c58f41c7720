// The package's two WebAssembly modules: a framework made in one is used in
// the other as its JSON, read again by the core's loader, and nothing is
// lost on the way (CASE fields included); freeing a framework frees both
// copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProficientError, cohort, exportCase, importCase, loadFramework, progress, score, shippedFramework } from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const read = (f) => readFileSync(path.join(repoRoot, f));
const evidence = read('examples/job-retention-evidence.csv');
const AS_OF = '2026-06-30';

test('a framework imported in the second module crosses to the main one and back unchanged', () => {
  for (const [file, lenient] of [['multilevel.json', false], ['rubrics.json', false], ['legacy.json', true]]) {
    const { framework } = importCase(read(`tests/case/${file}`), { lenient });
    // The main module's copy, read from the second module's JSON...
    const data = framework.toJSON();
    // ...and a framework made from that JSON in the main module only, whose
    // copy in the second module is made from the main module's JSON.
    const again = loadFramework(JSON.stringify(data));
    assert.deepEqual(again.toJSON(), data, file);
    assert.equal(exportCase(again).json, exportCase(framework).json, file);
    again.free();
    framework.free();
  }
});

test('a framework loaded in the main module gives the same results in both', () => {
  const yaml = read('frameworks/job-retention.yaml');
  const fw = loadFramework(yaml, { file: 'job-retention.yaml' });
  // cohort() runs in the second module, score() in the main one.
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
