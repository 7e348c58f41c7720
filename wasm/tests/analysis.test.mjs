// cohort(), equality() and delphi(): the same results as the CLI's JSON on
// the demo data, from text, bytes and objects, with located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProficientError, cohort, delphi, equality, screen } from 'proficient-wasm';
import { repoRoot, cliBin } from './helpers.mjs';

const examples = path.join(repoRoot, 'examples');
const bin = cliBin;

function cli(...args) {
  assert.ok(bin, 'the proficient CLI binary was not found (set PROFICIENT_BIN or build it)');
  return JSON.parse(execFileSync(bin, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

test('equality equals the CLI, from text and from objects', () => {
  const text = readFileSync(path.join(examples, 'staff-cpd.csv'), 'utf8');
  const options = { group: 'ethnicity', outcome: 'accessed_cpd', period: 'year', reason: 'decline_reason', reference: 'White' };
  const got = equality(text, options);
  const want = cli('equality', '--people', 'examples/staff-cpd.csv', '--group', 'ethnicity', '--outcome', 'accessed_cpd',
    '--period', 'year', '--reason', 'decline_reason', '--reference', 'White', '--format', 'json');
  assert.deepEqual(got, want);
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  const objects = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  assert.deepEqual(equality(objects, options), got);
  assert.ok(got.cells.some((c) => c.suppressed && c.n === null));
});

test('delphi equals the CLI; ratings as objects', () => {
  const ratings = readFileSync(path.join(examples, 'delphi-ratings.csv'));
  const items = readFileSync(path.join(examples, 'delphi-items.csv'), 'utf8');
  const got = delphi(ratings, { items });
  const want = cli('delphi', '--ratings', 'examples/delphi-ratings.csv', '--items', 'examples/delphi-items.csv', '--format', 'json');
  assert.deepEqual(got, want);
  const r = delphi([8, 9, 10, 6].map((score, i) => ({ participant: `p${i}`, group: 'g', round: 1, item: 'a', score })));
  assert.equal(r.rounds[0].items[0].mean, 8.25);
  assert.equal(r.rounds[0].items[0].consensus_band, 'high');
});

test('cohort equals the CLI', () => {
  const evidence = readFileSync(path.join(examples, 'job-retention-evidence.csv'));
  const got = cohort('job-retention', evidence, { asOf: '2026-06-30', profile: 'job-retention-specialist', minHolders: 3 });
  const want = cli('cohort', '--framework', 'job-retention', '--evidence', 'examples/job-retention-evidence.csv',
    '--as-of', '2026-06-30', '--profile', 'job-retention-specialist', '--min-holders', '3', '--format', 'json');
  assert.deepEqual(got, want);
});

test('malformed inputs throw located ProficientErrors', () => {
  assert.throws(
    () => equality('id,ethnicity\n1,White\n', { group: 'ethnicity', outcome: 'cpd', file: 'people.csv' }),
    (e) => e instanceof ProficientError && e.kind === 'people' && e.code === 'missing_column' && e.line === 1 && e.file === 'people.csv',
  );
  assert.throws(
    () => delphi('participant,group,round,item,score\np1,g,one,a,5\n'),
    (e) => e instanceof ProficientError && e.code === 'bad_round' && e.line === 2 && e.column === 3 && e.path === 'round',
  );
  assert.throws(
    () => delphi('participant,group,round,item,score\n', { consensus: 0.4 }),
    (e) => e instanceof ProficientError && e.kind === 'options',
  );
});

test("screen with people: the adverse impact equals the CLI's (Python's equals it too: python/tests/test_analysis.py)", () => {
  const evidence = readFileSync(path.join(examples, 'job-retention-evidence.csv'));
  const text = readFileSync(path.join(examples, 'job-retention-people.csv'), 'utf8');
  const options = { asOf: '2026-06-30', attributes: ['ethnicity', 'sex'], minCell: 3 };
  const want = cli('screen', '--profile', 'job-retention-specialist', '--evidence', 'examples/job-retention-evidence.csv',
    '--as-of', '2026-06-30', '--people', 'examples/job-retention-people.csv', '--attributes', 'ethnicity,sex', '--min-cell', '3', '--format', 'json');
  const got = screen(null, 'job-retention-specialist', evidence, { ...options, people: text, peopleFile: 'job-retention-people.csv' });
  assert.deepEqual(got, want);
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  const objects = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  assert.deepEqual(screen(null, 'job-retention-specialist', evidence, { ...options, people: objects }).adverse_impact, want.adverse_impact);
  // Without people: no adverse_impact key (the hot path's JSON).
  assert.equal('adverse_impact' in screen(null, 'job-retention-specialist', evidence, { asOf: '2026-06-30' }), false);
});
