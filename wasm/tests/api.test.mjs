// The JS API itself: inputs in every accepted form, options, the error
// class, and that results equal the CLI's JSON shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import init, {
  Framework,
  ProficientError,
  formatDiagnostic,
  loadFramework,
  loadProfile,
  score,
  screen,
  shippedFramework,
  shippedFrameworks,
  shippedProfile,
  shippedProfiles,
  today,
  version,
} from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const demoPath = path.join(repoRoot, 'examples/job-retention-evidence.csv');
const demo = readFileSync(demoPath, 'utf8');
const asOf = '2026-06-30';

function throws(f, check) {
  let caught;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ProficientError, `expected a ProficientError, got ${caught}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'ProficientError');
  check(caught);
  return caught;
}

test('init is a no-op in Node and version is the crate version', async () => {
  await init();
  const cargo = readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8');
  assert.equal(version(), /\nversion = "([^"]+)"/.exec(cargo)[1]);
  assert.match(today(), /^\d{4}-\d{2}-\d{2}$/);
});

test('shipped frameworks and profiles are listed with their YAML', () => {
  const fws = shippedFrameworks();
  assert.deepEqual(fws.map((f) => f.name), ['job-retention', 'job-coach', 'ips-fidelity']);
  const jr = fws[0];
  assert.equal(jr.competencies, 16);
  // A freed shipped framework is loaded again when asked for.
  shippedFramework('job-coach').free();
  assert.equal(shippedFramework('job-coach').id, 'job-coach');
  assert.equal(jr.yaml, readFileSync(path.join(repoRoot, 'frameworks/job-retention.yaml'), 'utf8'));
  const profiles = shippedProfiles();
  assert.deepEqual(profiles.map((p) => [p.name, p.framework]), [
    ['job-retention-specialist', 'job-retention'],
    ['job-coach-supported-employment', 'job-coach'],
  ]);
  const fw = loadFramework(jr.yaml);
  assert.ok(fw instanceof Framework);
  assert.deepEqual([fw.id, fw.title, fw.version], [jr.id, jr.title, jr.version]);
  const data = fw.toJSON();
  assert.equal(data.competencies.length, 16);
  assert.equal(data.levels[0].threshold, 0);
  assert.equal(JSON.parse(JSON.stringify(fw)).id, 'job-retention');
  fw.free();
  throws(() => score(fw, demo, { asOf }), (e) => assert.equal(e.code, 'invalid_input'));
});

test('the aggregate option overrides the framework policy (latest review wins)', () => {
  const reviews = readFileSync(path.join(repoRoot, 'examples/ips-fidelity-reviews.csv'), 'utf8');
  const north = (r) => r.workers.find((w) => w.worker === 'team-north');
  // Totals 82 then 104: latest (the framework's policy) gives (104 - 25)/100.
  const latest = score('ips-fidelity', reviews, { asOf });
  assert.equal(latest.policy.aggregate, 'latest');
  assert.ok(Math.abs(north(latest).overall - 0.79) < 1e-9);
  assert.equal(north(latest).overall_level, 'good');
  // Averaging both reviews: (93 - 25)/100, fair.
  const mean = score('ips-fidelity', reviews, { asOf, aggregate: 'weighted_mean' });
  assert.equal(mean.policy.aggregate, undefined);
  assert.ok(Math.abs(north(mean).overall - 0.68) < 1e-9);
  assert.equal(north(mean).overall_level, 'fair');
  const east = latest.workers.find((w) => w.worker === 'team-east');
  assert.equal(east.competencies[0].status, 'rule_not_met');
  assert.deepEqual(east.competencies[0].rule.unmet, ['services-1-benefits-planning', 'services-2-disclosure']);
});

test('evidence as a string, Uint8Array, ArrayBuffer and objects gives one result', () => {
  const expected = score('job-retention', demo, { asOf });
  assert.equal(expected.counts.items, 570);
  const bytes = readFileSync(demoPath);
  assert.deepEqual(score('job-retention', new Uint8Array(bytes), { asOf }), expected);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  assert.deepEqual(score('job-retention', ab, { asOf }), expected);
  assert.deepEqual(score('job-retention', demo, { asOf: new Date(`${asOf}T12:00:00Z`) }), expected);

  const items = [
    { id: 'a1', worker: 'w1', criterion: 'k1.previous-employment', kind: 'employment-history', date: new Date('2026-01-05'), value: 4 },
    { worker: 'w1', criterion: 's9.mediation-training', kind: 'certificate', date: '2026-02-01', value: 'yes', expires: new Date('2027-01-01') },
    { worker: 'w2', criterion: 'nope', kind: 'observation', date: '2026-02-01', value: 1 },
  ];
  const r = score('job-retention', items, { asOf });
  assert.equal(r.counts.items, 3);
  assert.deepEqual(r.rejected.map((x) => [x.line, x.reason]), [[3, 'unknown_criterion']]);
  assert.deepEqual(r.workers.map((w) => w.worker), ['w1', 'w2']);
  const k1 = r.workers[0].competencies.find((c) => c.id.startsWith('k1'));
  assert.deepEqual(k1.criteria[0].evidence.map((e) => [e.id, e.line, e.date]), [['a1', 1, '2026-01-05']]);
  // Any iterable works.
  assert.deepEqual(score('job-retention', new Set(items), { asOf }), r);
  assert.equal(score('job-retention', [], { asOf }).counts.items, 0);
});

test('results have the CLI JSON shape, with nulls', () => {
  const r = score('job-retention', demo, { asOf });
  assert.deepEqual(Object.keys(r), ['framework', 'framework_version', 'as_of', 'policy', 'counts', 'workers', 'rejected']);
  const last = r.workers.at(-1);
  assert.equal(last.worker, 'jr-012');
  assert.equal(last.overall, null);
  assert.deepEqual(Object.keys(last.competencies[0]), ['id', 'score', 'level', 'status', 'coverage', 'items', 'criteria']);
  assert.equal(typeof r.policy.kind_weights, 'object');
  assert.ok(!(r.policy.kind_weights instanceof Map));
});

test('explain: all, none, one worker', () => {
  const used = (r) => r.workers.map((w) => w.competencies.flatMap((c) => c.criteria.flatMap((k) => k.evidence)).length);
  const all = score('job-retention', demo, { asOf });
  assert.ok(used(all).every((n, i) => n === all.workers[i].competencies.reduce((a, c) => a + c.items, 0)));
  assert.ok(used(score('job-retention', demo, { asOf, explain: false })).every((n) => n === 0));
  // One worker: that worker alone, with its used items (the api's `explain`).
  const one = score('job-retention', demo, { asOf, explain: 'jr-003' });
  assert.deepEqual(one.workers.map((w) => w.worker), ['jr-003']);
  assert.ok(used(one)[0] > 0);
  throws(() => score('job-retention', demo, { asOf, explain: 3 }), (e) => {
    assert.equal(e.kind, 'options');
    assert.equal(e.path, 'explain');
  });
});

test('policy overrides apply and are checked', () => {
  const r = score('job-retention', demo, { asOf, policy: { half_life_days: null, max_age_days: null, min_items: 2, kind_weights: { feedback: 2 } } });
  assert.deepEqual([r.policy.half_life_days, r.policy.max_age_days, r.policy.min_items, r.policy.kind_weights.feedback], [null, null, 2, 2]);
  // `undefined` keeps the framework's value; only `null` switches it off.
  const kept = score('job-retention', demo, { asOf, policy: { half_life_days: undefined } });
  assert.equal(kept.policy.half_life_days, score('job-retention', demo, { asOf }).policy.half_life_days);
  throws(() => score('job-retention', demo, { asOf, policy: { min_coverage: 2 } }), (e) => {
    assert.deepEqual([e.kind, e.path, e.code], ['policy', 'min_coverage', 'out_of_range']);
  });
  throws(() => score('job-retention', demo, { asOf, policy: { half_life_days: NaN } }), (e) => {
    assert.deepEqual([e.kind, e.path], ['policy', 'half_life_days']);
  });
  throws(() => score('job-retention', demo, { asOf, policy: { half_life: 3 } }), (e) => {
    assert.equal(e.kind, 'policy');
    assert.match(e.message, /unknown field `half_life`/);
  });
  throws(() => score('job-retention', demo, { asOf, policy: { kind_weights: { video: 1 } } }), (e) => {
    assert.deepEqual([e.path, e.code], ['kind_weights.video', 'unknown_reference']);
  });
});

test('option errors name the option', () => {
  throws(() => score('job-retention', demo, { asOf: '2026-02-30' }), (e) => {
    assert.deepEqual([e.kind, e.path, e.code, e.line], ['options', 'as_of', 'invalid_option', null]);
    assert.match(e.message, /day 30 does not exist/);
  });
  throws(() => score('job-retention', demo, { asOf, colour: 'red' }), (e) => assert.match(e.message, /unknown field `colour`/));
  throws(() => score('job-retention', demo, { asOf, format: 'xml' }), (e) => assert.equal(e.path, 'evidence_format'));
  throws(() => score('nursing', demo, { asOf }), (e) => {
    assert.deepEqual([e.kind, e.code], ['framework', 'unknown_name']);
    assert.match(e.message, /`job-retention`, `job-coach`/);
  });
  throws(() => score('job-retention', 42, { asOf }), (e) => assert.equal(e.code, 'invalid_input'));
});

test('evidence errors carry file, line, column and field', () => {
  const bad = 'worker,criterion,kind,date\nw1,k1.x,observation,2024-02-30\nw2,,observation,2024-01-01\n';
  const e = throws(() => score('job-retention', bad, { asOf, file: 'bad.csv' }), (e) => {
    assert.deepEqual([e.kind, e.file, e.line, e.column, e.path, e.code], ['evidence', 'bad.csv', 2, 4, 'date', 'bad_date']);
  });
  assert.equal(e.errors.length, 2);
  assert.deepEqual([e.errors[1].line, e.errors[1].path, e.errors[1].code], [3, 'criterion', 'missing_field']);
  assert.equal(formatDiagnostic(e.errors[1]), 'bad.csv:3:2: criterion: `criterion` is empty, every item needs a criterion');
  assert.match(String(e), /^ProficientError: bad.csv:2:4: date: /);
  // Latin-1 bytes are refused with their place.
  throws(() => score('job-retention', Buffer.from('worker,criterion,kind,date,note\nw1,k,o,2024-01-01,caf\xe9\n', 'latin1'), { asOf }), (e) => {
    assert.deepEqual([e.code, e.line], ['encoding', 2]);
  });
  // Objects: line = position, no column (it would point into generated JSON).
  throws(() => score('job-retention', [{ worker: 'w', criterion: 'c', kind: 'k', date: '2024-01-01' }, { worker: 'w', criterion: 'c', kind: 'k', date: 'soon' }], { asOf }), (e) => {
    assert.deepEqual([e.line, e.column, e.path, e.code], [2, null, 'date', 'json']);
  });
});

test('framework errors: every problem, with line and column', () => {
  const text = readFileSync(path.join(repoRoot, 'tests/invalid/several-errors.yaml'));
  const expected = JSON.parse(readFileSync(path.join(repoRoot, 'tests/invalid/several-errors.expected.json'), 'utf8'));
  throws(() => loadFramework(text, { file: 'several-errors.yaml' }), (e) => {
    assert.equal(e.errors.length, expected.errors.length);
    assert.ok(e.errors.length > 1);
    assert.deepEqual([e.line, e.column, e.path], [expected.errors[0].line, expected.errors[0].column, expected.errors[0].path]);
  });
  throws(() => loadFramework(null), (e) => assert.equal(e.code, 'invalid_input'));
});

test('screening: shipped names, loaded profiles, mismatched frameworks', () => {
  const s = screen('job-retention', 'job-retention-specialist', demo, { asOf });
  assert.deepEqual(s.candidates.slice(0, 3).map((c) => c.worker), ['jr-001', 'jr-002', 'jr-003']);
  assert.equal(s.candidates[0].essential_met, 5);
  const fw = shippedFramework('job-retention');
  const p = shippedProfile('job-retention-specialist', { framework: fw });
  assert.deepEqual([p.id, p.framework], ['job-retention-specialist', 'job-retention']);
  assert.equal(p.toJSON().requirements.length, 12);
  assert.deepEqual(screen(fw, p, demo, { asOf }), s);
  throws(() => screen('job-coach', p, demo, { asOf }), (e) => {
    assert.deepEqual([e.kind, e.code, e.path], ['profile', 'framework_mismatch', 'framework']);
  });
  throws(() => loadProfile(shippedProfiles()[0].yaml, { framework: 'job-coach', file: 'p.yaml' }), (e) => {
    assert.deepEqual([e.file, e.code], ['p.yaml', 'framework_mismatch']);
  });
});
