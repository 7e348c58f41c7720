// Frameworks that use rules, required criteria, level bands of domains or
// the overall score, or an aggregate other than `weighted_mean` are scored
// by the second module only: the main module's core is built without the
// feature `rules` (it would refuse them, code `needs_feature`), and never
// gets them. Through the main-module entry points (score(), screen() with
// CSV evidence, a page that called `init(…, {extra: false})`), such a call
// says to load the second module until it is loaded, then gives the
// results worked out by tests/vectors/reference.py (vectors 31-36).
//
// This file imports index.js, not the Node entry point (node.js), which
// would load the second module on first use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { initExtra, initSync, loadFramework, loadProfile, score, screen, shippedFramework } from '../pkg/index.js';
import { diff, repoRoot } from './helpers.mjs';

const pkg = path.join(repoRoot, 'wasm/pkg');
initSync(readFileSync(path.join(pkg, 'proficient_wasm_bg.wasm')));

const vectors = path.join(repoRoot, 'tests/vectors');
const NAMES = ['31-rule-all-any', '32-rule-at-least', '33-rule-required', '34-aggregate-latest', '35-aggregate-latest-per-assessor', '36-levels-domain-overall'];
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const jobCsv = readFileSync(path.join(repoRoot, 'examples/job-retention-evidence.csv'), 'utf8');
const reviews = readFileSync(path.join(repoRoot, 'examples/ips-fidelity-reviews.csv'), 'utf8');

function vector(name) {
  const dir = path.join(vectors, name);
  const c = readJson(path.join(dir, 'case.json'));
  assert.equal(path.extname(c.evidence), '.csv', `${name}: CSV evidence, which the main module reads`);
  return {
    c,
    dir,
    framework: readFileSync(path.join(dir, c.framework), 'utf8'),
    evidence: readFileSync(path.join(dir, c.evidence), 'utf8'),
    options: { asOf: c.as_of, ...(c.policy ? { policy: c.policy } : {}) },
  };
}

const mustLoadSecond = (e) => e instanceof Error && /initExtra\(\)/.test(e.message);

test('without the second module, rules, bands and aggregates are not scored by the main module', () => {
  // The shipped fidelity scale (rules, bands, `latest`) is not baked into the main module.
  assert.throws(() => score('ips-fidelity', reviews, { asOf: '2026-06-30' }), mustLoadSecond);
  // An aggregate other than the default, as an option or a policy, on a framework baked into it.
  assert.throws(() => score('job-retention', jobCsv, { asOf: '2026-06-30', aggregate: 'latest' }), mustLoadSecond);
  assert.throws(() => screen('job-retention', 'job-retention-specialist', jobCsv, { asOf: '2026-06-30', policy: { aggregate: 'latest_per_assessor' } }), mustLoadSecond);
  // A framework given as text.
  assert.throws(() => loadFramework(vector('31-rule-all-any').framework), mustLoadSecond);
  // The main module still scores the default aggregate.
  // (The default aggregate is left out of the policy written.)
  assert.equal(score('job-retention', jobCsv, { asOf: '2026-06-30', explain: false }).policy.aggregate, undefined);
});

test('once the second module is loaded, vectors 31-36 give their reference results through score() and screen()', async () => {
  await initExtra(readFileSync(path.join(pkg, 'proficient_wasm_extra_bg.wasm')));
  for (const name of NAMES) {
    const v = vector(name);
    const fw = loadFramework(v.framework, { file: 'framework.yaml' });
    const got = score(fw, v.evidence, v.options);
    const d = diff('', readJson(path.join(v.dir, 'expected.json')), got);
    assert.equal(d, null, `${name}: ${d}`);
    if (v.c.profile) {
      const pFile = path.join(v.dir, v.c.profile);
      assert.ok(existsSync(pFile), name);
      const profile = loadProfile(readFileSync(pFile), { framework: fw, file: v.c.profile });
      const s = screen(fw, profile, v.evidence, v.options);
      const ds = diff('', readJson(path.join(v.dir, 'expected-screen.json')), s);
      assert.equal(ds, null, `${name} screen: ${ds}`);
    }
  }
});

test('an aggregate given as an option is the one of the framework policy', async () => {
  await initExtra(readFileSync(path.join(pkg, 'proficient_wasm_extra_bg.wasm')));
  // Vector 34 without `aggregate: latest` in its framework, given as the
  // option instead (and as a policy): the same reference result.
  const v = vector('34-aggregate-latest');
  const text = v.framework.replace(/^\s*aggregate: latest\s*$/m, '');
  assert.notEqual(text, v.framework);
  const fw = loadFramework(text);
  const expected = readJson(path.join(v.dir, 'expected.json'));
  assert.equal(score(fw, v.evidence, v.options).policy.aggregate, undefined);
  for (const options of [{ ...v.options, aggregate: 'latest' }, { ...v.options, policy: { aggregate: 'latest' } }, { ...v.options, policy: 'aggregate: latest\n' }]) {
    const d = diff('', expected, score(fw, v.evidence, options));
    assert.equal(d, null, `${JSON.stringify(options)}: ${d}`);
  }
  // The shipped fidelity scale by name: its bands and rule outcomes.
  const r = score(shippedFramework('ips-fidelity'), reviews, { asOf: '2026-06-30', explain: false });
  assert.equal(r.policy.aggregate, 'latest');
  assert.deepEqual(r.workers.map((w) => w.overall_level ?? null).filter((l) => l !== null).sort(), ['exemplary', 'good']);
  const ruled = r.workers.flatMap((w) => w.competencies).filter((c) => c.status === 'rule_not_met');
  assert.ok(ruled.length > 0 && ruled.every((c) => c.level === null && c.rule.met === false && c.rule.unmet.length > 0));
});
