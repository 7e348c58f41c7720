// Cross-surface check on generated inputs: for every seeded evidence file in
// tests/generated/ (see make_generated.py there), the JS package gives
// exactly the CLI's JSON, as python/tests/test_generated.py checks for Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { score, shippedFramework } from 'proficient-wasm';
import { repoRoot, cliBin } from './helpers.mjs';

const dir = path.join(repoRoot, 'tests/generated');
const files = readdirSync(dir).filter((f) => /^evidence-.*\.csv$/.test(f)).sort();
const bin = cliBin;

test('there are generated inputs', () => assert.ok(files.length >= 8));

for (const f of files) {
  test(f, () => {
    assert.ok(bin, 'the proficient CLI binary was not found (set PROFICIENT_BIN or build it)');
    const want = JSON.parse(execFileSync(bin, ['score', '--framework', 'job-retention', '--evidence', path.join(dir, f), '--as-of', '2026-06-30', '--format', 'json'], { cwd: repoRoot, encoding: 'utf8' }));
    const got = score(shippedFramework('job-retention'), readFileSync(path.join(dir, f)), { asOf: '2026-06-30' });
    assert.deepEqual(got, want);
  });
}
