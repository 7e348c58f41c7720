// The package as a page uses it with `init(…, {extra: false})`: only the
// main module loaded. CSV evidence is scored and screened there; evidence as
// JSON Lines, a JSON array or objects is read by the second module, so
// until it is loaded those calls throw a ProficientError that names
// initExtra() (kind `evidence`, code `needs_second_module`), and once it is
// they give the results of the same evidence as CSV.
//
// This file imports index.js, not the Node entry point (node.js), which
// would load the second module on first use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProficientError, initExtra, initSync, loadFramework, score, screen } from '../pkg/index.js';
import { csvRecords, repoRoot } from './helpers.mjs';

const pkg = path.join(repoRoot, 'wasm/pkg');
initSync(readFileSync(path.join(pkg, 'proficient_wasm_bg.wasm')));

const csv = readFileSync(path.join(repoRoot, 'examples/job-retention-evidence.csv'), 'utf8');
const records = csvRecords(csv);
const jsonArray = JSON.stringify(records);
const jsonLines = records.map((r) => JSON.stringify(r)).join('\n');
const opts = { asOf: '2026-06-30', explain: false };

/** Every form of JSON evidence, each with the call made with it. */
const jsonCalls = [
  ['a JSON array (text)', (f) => f(jsonArray)],
  ['a JSON array (bytes)', (f) => f(new TextEncoder().encode(jsonArray))],
  ['JSON Lines (text)', (f) => f(jsonLines)],
  ['JSON Lines (format given)', (f) => f(jsonLines, { format: 'jsonl' })],
  ['objects', (f) => f(records)],
];

test('CSV evidence is scored and screened with the main module alone', () => {
  const r = score('job-retention', csv, opts);
  assert.deepEqual(r.counts, { items: 570, used: 544, rejected: 26 });
  const s = screen('job-retention', 'job-retention-specialist', csv, opts);
  assert.equal(s.candidates[0].worker, 'jr-001');
});

test('JSON evidence without the second module: a ProficientError naming initExtra()', () => {
  for (const [name, call] of jsonCalls) {
    for (const f of [
      (ev, o = {}) => score('job-retention', ev, { ...opts, ...o }),
      (ev, o = {}) => screen('job-retention', 'job-retention-specialist', ev, { ...opts, ...o }),
    ]) {
      assert.throws(
        () => call(f),
        (e) => {
          assert.ok(e instanceof ProficientError, `${name}: ${e}`);
          assert.deepEqual([e.kind, e.code, e.path, e.line, e.column, e.file], ['evidence', 'needs_second_module', '', null, null, null], name);
          assert.match(e.message, /initExtra\(\)/, name);
          assert.match(e.message, /CSV evidence needs only the main module/, name);
          return true;
        },
      );
    }
  }
  // CSV still works, and reading a framework from text still says what to load.
  assert.equal(score('job-retention', csv, opts).counts.items, 570);
  assert.throws(() => loadFramework('id: x\n'), /initExtra\(\)/);
});

test('once initExtra() has loaded the second module, JSON evidence gives the results of the CSV', async () => {
  await initExtra(readFileSync(path.join(pkg, 'proficient_wasm_extra_bg.wasm')));
  const expected = score('job-retention', csv, opts);
  const shortlist = screen('job-retention', 'job-retention-specialist', csv, opts);
  for (const [name, call] of jsonCalls) {
    const got = call((ev, o = {}) => score('job-retention', ev, { ...opts, ...o }));
    assert.deepEqual(got.counts, expected.counts, name);
    assert.deepEqual(got.workers, expected.workers, name);
    const s = call((ev, o = {}) => screen('job-retention', 'job-retention-specialist', ev, { ...opts, ...o }));
    assert.deepEqual(s.candidates, shortlist.candidates, name);
  }
  // Errors in JSON evidence keep their line, column and path (columns are
  // dropped for objects, whose JSON the caller never saw).
  const bad = `${jsonLines}\n{"worker":"w1","criterion":"k","kind":"observation","date":"2026-02-30"}`;
  assert.throws(
    () => score('job-retention', bad, { ...opts, file: 'bad.jsonl' }),
    (e) => e instanceof ProficientError && e.kind === 'evidence' && e.code === 'json' && e.file === 'bad.jsonl' && e.line === records.length + 1 && e.column > 0 && e.path === 'date',
  );
  assert.throws(
    () => score('job-retention', [...records, { worker: 'w1', criterion: 'k', kind: 'observation', date: '2026-02-30' }], opts),
    (e) => e instanceof ProficientError && e.code === 'json' && e.line === records.length + 1 && e.column === null && e.path === 'date',
  );
});
