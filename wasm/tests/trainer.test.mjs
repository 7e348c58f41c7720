// Plans, CPD, progress, the trainer's report, CASE and badges through the
// JS package: every plan/CPD vector (tests/vectors/*/case.progress.json) and
// the CASE and badge fixtures give what core/tests/{progress,case,badge}.rs
// expect, and the JSON, HTML and packages equal the CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import {
  ProficientError,
  badge,
  cpdEvidence,
  cpdSummary,
  exportCase,
  importCase,
  loadCpd,
  loadFramework,
  loadPlans,
  progress,
  report,
} from 'proficient-wasm';
import { diff, repoRoot, cliBin } from './helpers.mjs';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const vectors = path.join(repoRoot, 'tests/vectors');
const cases = readdirSync(vectors)
  .filter((d) => existsSync(path.join(vectors, d, 'case.progress.json')))
  .sort();
const caseDir = path.join(repoRoot, 'tests/case');
const issuerFile = path.join(repoRoot, 'tests/badge/issuer.yaml');
const demo = {
  evidence: readFileSync(path.join(repoRoot, 'examples/job-retention-evidence.csv')),
  plans: readFileSync(path.join(repoRoot, 'examples/job-retention-plans.yaml')),
  cpd: readFileSync(path.join(repoRoot, 'examples/job-retention-cpd.yaml')),
};
const demoArgs = [
  '--framework', 'job-retention', '--evidence', 'examples/job-retention-evidence.csv',
  '--plans', 'examples/job-retention-plans.yaml', '--cpd', 'examples/job-retention-cpd.yaml', '--as-of', '2026-06-30',
]; // prettier-ignore

const bin = cliBin;
function cli(...args) {
  assert.ok(bin, 'the proficient CLI binary was not found (set PROFICIENT_BIN or build it)');
  return execFileSync(bin, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
}

test('the vectors cover every status, overdue, reviews and every period', () => {
  const statuses = new Set();
  const periods = new Set();
  let overdue = false;
  let reviews = false;
  for (const name of cases) {
    const { period } = readJson(path.join(vectors, name, 'case.progress.json'));
    if (period !== undefined) periods.add(period); // a case without CPD has none
    for (const t of readJson(path.join(vectors, name, 'expected-progress.json')).targets) {
      statuses.add(t.status);
      overdue ||= t.overdue;
      reviews ||= t.trajectory.length > 2;
    }
  }
  assert.deepEqual([...statuses].sort(), ['achieved', 'no_progress', 'progressing']);
  assert.deepEqual([...periods].sort(), ['month', 'quarter', 'year']);
  assert.ok(overdue && reviews);
});

for (const name of cases) {
  const dir = path.join(vectors, name);
  const c = readJson(path.join(dir, 'case.progress.json'));
  const framework = loadFramework(readFileSync(path.join(dir, c.framework)), { file: c.framework });

  test(`${name}: progress`, () => {
    const got = progress(framework, readFileSync(path.join(dir, c.evidence)), readFileSync(path.join(dir, c.plans)), {
      asOf: c.as_of,
      minGain: c.min_gain,
      plansFile: c.plans,
    });
    const d = diff('', readJson(path.join(dir, 'expected-progress.json')), got);
    assert.equal(d, null, d ?? '');
    for (const t of got.targets) {
      assert.ok(t.explanation.startsWith(`${t.status.replace('_', ' ')}:`), t.explanation);
      if (t.overdue) assert.ok(t.explanation.includes(`overdue by ${t.days_overdue} days`), t.explanation);
    }
  });

  if (c.cpd) {
    test(`${name}: CPD summary and evidence`, () => {
      const cpd = readFileSync(path.join(dir, c.cpd));
      const summary = cpdSummary(framework, cpd, { period: c.period, file: c.cpd });
      let d = diff('', readJson(path.join(dir, 'expected-cpd.json')), summary);
      assert.equal(d, null, d ?? '');
      d = diff('', readJson(path.join(dir, 'expected-cpd-evidence.json')), cpdEvidence(framework, cpd));
      assert.equal(d, null, d ?? '');
    });
  }
}

test('plans and CPD load from text and objects; errors are located', () => {
  const dir = path.join(vectors, cases[0]);
  const framework = loadFramework(readFileSync(path.join(dir, 'framework.yaml')));
  const plans = loadPlans(readFileSync(path.join(dir, 'plans.yaml')), { framework });
  assert.equal(plans.plans.length, 3);
  const asObject = structuredClone(plans);
  asObject.plans[0].baseline = new Date(Date.UTC(2024, 1, 1));
  assert.deepEqual(loadPlans(asObject, { framework }), plans);
  const evidence = readFileSync(path.join(dir, 'evidence.csv'));
  assert.deepEqual(progress(framework, evidence, asObject, { asOf: '2024-06-30' }), progress(framework, evidence, plans, { asOf: '2024-06-30' }));
  const csv = 'worker,date,title,provider,hours,competencies,certificate\nw1,2024-01-15,Mediation skills,ACAS,14,c1,M-1\nw2,2024-04-02,"Team away day, all staff",,6,,\n';
  const cpd = loadCpd(csv, { framework, file: 'cpd.csv' });
  assert.deepEqual(cpd.activities.map((a) => a.title), ['Mediation skills', 'Team away day, all staff']);
  assert.deepEqual(loadCpd(cpd, { framework }), cpd);
  assert.throws(
    () => loadCpd('worker,date,title,hours,competencies\nw1,2024-02-30,X,3,c1\n', { framework, format: 'csv', file: 'bad.csv' }),
    (e) => e instanceof ProficientError && e.kind === 'cpd' && e.file === 'bad.csv' && e.line === 2 && e.column === 2 && e.path === 'date',
  );
  const bad = {
    framework: 'mini-plans',
    plans: [{ worker: 'w1', baseline: '2024-02-01', reviews: ['2024-01-01'], targets: [
      { competency: 'c9', level: 'mid', due: '2024-12-31' },
      { competency: 'c1', level: 'expert', due: '2023-12-31' },
    ] }],
  }; // prettier-ignore
  assert.throws(
    () => loadPlans(bad, { framework }),
    (e) => {
      assert.equal(e.kind, 'plans');
      assert.deepEqual(
        e.errors.map((x) => [x.line, x.path, x.code]),
        [
          [null, 'plans[0].reviews[0]', 'date_order'],
          [null, 'plans[0].targets[0].competency', 'unknown_reference'],
          [null, 'plans[0].targets[1].level', 'unknown_reference'],
          [null, 'plans[0].targets[1].due', 'date_order'],
        ],
      );
      return true;
    },
  );
  assert.throws(() => progress(framework, evidence, plans, { asOf: '2024-06-30', minGain: 2 }), (e) => e.kind === 'options' && e.path === 'min_gain');
});

test('progress, CPD and the report equal the CLI on the demo data', () => {
  const got = progress('job-retention', demo.evidence, demo.plans, { asOf: '2026-06-30', cpd: demo.cpd });
  assert.deepEqual(got, JSON.parse(cli('progress', ...demoArgs, '--format', 'json')));
  const summary = cpdSummary('job-retention', demo.cpd, { period: 'year' });
  assert.deepEqual(summary, JSON.parse(cli('cpd', '--framework', 'job-retention', '--cpd', 'examples/job-retention-cpd.yaml', '--period', 'year', '--format', 'json')));
  const html = report('job-retention', demo.evidence, { asOf: '2026-06-30', plans: demo.plans, cpd: demo.cpd });
  assert.equal(html, cli('report', ...demoArgs));
  assert.ok(html.startsWith('<!doctype html>') && !html.includes('<script'));
});

test('CASE: the multi-level package imports and exports back with identical identifiers', () => {
  const text = readFileSync(path.join(caseDir, 'multilevel.json'), 'utf8');
  const { framework, notes } = importCase(text, { file: 'multilevel.json' });
  const data = framework.toJSON();
  assert.equal(data.title, 'Example Workforce Standards');
  assert.equal(data.competencies.length, 48);
  assert.equal(data.competencies.reduce((n, c) => n + c.criteria.length, 0), 240);
  assert.deepEqual(data.levels.map((l) => l.id), ['beginning', 'developing', 'proficient', 'exemplary']);
  assert.ok(notes.some((n) => n.code === 'shared_item' && n.path === 'CFItems[3]' && n.file === 'multilevel.json' && n.line > 0));
  const ids = (p) => new Set([p.CFDocument.identifier, ...p.CFItems.map((x) => x.identifier), ...p.CFAssociations.map((x) => x.identifier)]);
  const original = JSON.parse(text);
  const out = exportCase(framework);
  assert.deepEqual(ids(out.package), ids(original));
  assert.deepEqual(out.package.CFRubrics, original.CFRubrics);
  assert.deepEqual(out.replaced, []);
  const back = importCase(out.package);
  assert.equal(exportCase(back.framework).json, out.json);
  assert.equal(exportCase('job-retention').json, cli('export-case', 'job-retention'));
});

test('CASE: malformed packages give the located errors Rust expects', () => {
  const lines = readFileSync(path.join(caseDir, 'malformed/expected.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  assert.ok(lines.length >= 8);
  for (const line of lines) {
    const i = line.indexOf(': ');
    const [name, want] = [line.slice(0, i), line.slice(i + 2)];
    assert.throws(
      () => importCase(readFileSync(path.join(caseDir, 'malformed', name)), { file: name }),
      (e) => {
        assert.equal(e.kind, 'case', name);
        const got = e.errors.map((x) => `${x.line ?? 0}:${x.column ?? 0}: ${x.path}: ${x.code}`);
        assert.ok(got.includes(want), `${name}: want ${want}, got ${JSON.stringify(got)}`);
        assert.ok(e.errors.every((x) => x.file === name));
        return true;
      },
    );
  }
});

test('CASE: a legacy package needs lenient mode, and exports as valid CASE 1.1', () => {
  const legacy = readFileSync(path.join(caseDir, 'legacy.json'));
  assert.throws(
    () => importCase(legacy),
    (e) => ['not_uuid', 'unknown_property', 'sequence_string'].every((c) => e.errors.some((x) => x.code === c)),
  );
  const imp = importCase(legacy, { lenient: true });
  assert.ok(imp.notes.length > 0 && imp.notes.every((n) => n.message.startsWith('tolerated: ')));
  const fixed = exportCase(imp.framework);
  assert.equal(fixed.replaced.length, 9);
  assert.ok(!fixed.json.includes('CFDocumentURI') && !fixed.json.includes('CFPackageURI'));
  assert.deepEqual(importCase(fixed.json).notes.filter((n) => n.message.startsWith('tolerated: ')), []);
  assert.deepEqual(fixed.replaced[0], { old: 'LEGACY-DOC-1', new: fixed.package.CFDocument.identifier, path: 'CFDocument' });
  for (const r of fixed.replaced) assert.ok(!fixed.json.includes(`"${r.old}"`), r.old);
  const back = importCase(fixed.json);
  assert.equal(exportCase(back.framework).json, fixed.json);
  assert.deepEqual(exportCase(back.framework).replaced, []);
});

test('CASE: every rubric is read and written back', () => {
  const text = readFileSync(path.join(caseDir, 'rubrics.json'), 'utf8');
  const imp = importCase(text);
  const codes = imp.notes.map((n) => `${n.path} ${n.code}`);
  assert.ok(codes.includes('CFRubrics[1] rubric') && codes.includes('CFRubrics[0].CFRubricCriteria[1] rubric_levels_differ'), codes.join('\n'));
  assert.deepEqual(exportCase(imp.framework).package.CFRubrics, JSON.parse(text).CFRubrics);
});

function obValidator() {
  const ajv = new Ajv2019({ strict: false, validateFormats: false, allErrors: true });
  return ajv.compile(readJson(path.join(repoRoot, 'tests/schemas/ob-v3p0-achievementcredential-schema-vcdm2.json')));
}

test('badge: the credential validates against the Open Badges 3.0 schema and equals the CLI', () => {
  const options = { asOf: '2025-06-30', worker: 'jr-001', competency: 'k1-jobs-and-workplaces', level: 'competent' };
  const cred = badge('job-retention', demo.evidence, { ...options, issuer: readFileSync(issuerFile), issuerFile: 'issuer.yaml' });
  const validate = obValidator();
  assert.ok(validate(cred), JSON.stringify(validate.errors));
  assert.deepEqual(cred['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
  assert.deepEqual(cred.type, ['VerifiableCredential', 'OpenBadgeCredential']);
  assert.equal(cred.validFrom, '2025-06-30T00:00:00Z');
  assert.ok(!('proof' in cred));
  assert.equal(cred.credentialSubject.result[0].value, 'Excellent');
  const expected = cli(
    'badge', '--framework', 'job-retention', '--evidence', 'examples/job-retention-evidence.csv', '--as-of', '2025-06-30',
    '--worker', 'jr-001', '--competency', 'k1-jobs-and-workplaces', '--level', 'competent', '--issuer', 'tests/badge/issuer.yaml',
  ); // prettier-ignore
  assert.deepEqual(cred, JSON.parse(expected));
  const broken = { ...cred };
  delete broken.validFrom;
  assert.ok(!validate(broken) && validate.errors.some((e) => JSON.stringify(e).includes('validFrom')));
  const fromObject = badge('job-retention', demo.evidence, { ...options, issuer: { id: 'https://training.example.org/issuer', name: 'Example' } });
  assert.equal(fromObject.issuer.name, 'Example');
});

test('badge: refused with the reason', () => {
  const base = { asOf: '2025-06-30', worker: 'jr-001', competency: 'k1-jobs-and-workplaces', issuer: readFileSync(issuerFile) };
  assert.throws(() => badge('job-retention', demo.evidence, { ...base, level: 'nope' }), (e) => e.kind === 'badge' && e.code === 'unknown_level');
  assert.throws(
    () => badge('job-retention', 'worker,criterion,kind,date,value\n', { ...base, worker: 'nobody', format: 'csv' }),
    (e) => e instanceof ProficientError && e.kind === 'badge' && e.code === 'unknown_worker' && e.message.includes('no badge'),
  );
  assert.throws(
    () => badge('job-retention', demo.evidence, { ...base, issuer: { id: 'not a uri', name: 'X' } }),
    (e) => e.kind === 'badge' && e.path === 'id' && e.line === null,
  );
});
