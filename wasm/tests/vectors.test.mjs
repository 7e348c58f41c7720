// Every shared vector in tests/vectors/ through the JS package, with the
// same expected results (and the same comparison) as core/tests/vectors.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFramework, loadProfile, score, screen, shippedFramework, shippedProfile } from 'proficient-wasm';
import { diff, repoRoot } from './helpers.mjs';

const dir = path.join(repoRoot, 'tests/vectors');
const cases = readdirSync(dir)
  .filter((d) => existsSync(path.join(dir, d, 'case.json')))
  .sort();

const formats = { '.csv': 'csv', '.jsonl': 'jsonl', '.json': 'json' };
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

test('there are at least 20 vectors', () => {
  assert.ok(cases.length >= 20, `found ${cases.length}`);
});

for (const name of cases) {
  const caseDir = path.join(dir, name);
  const c = readJson(path.join(caseDir, 'case.json'));
  const fwFile = path.join(caseDir, c.framework);
  const framework = existsSync(fwFile)
    ? loadFramework(readFileSync(fwFile), { file: fwFile })
    : shippedFramework(c.framework);
  const evidenceFile = path.join(caseDir, c.evidence);
  const evidence = readFileSync(evidenceFile);
  const options = {
    asOf: c.as_of,
    policy: c.policy,
    format: formats[path.extname(c.evidence)],
    file: c.evidence,
  };

  test(`${name}: score`, () => {
    const got = score(framework, evidence, options);
    const d = diff('', readJson(path.join(caseDir, 'expected.json')), got);
    assert.equal(d, null, d ?? '');
  });

  // JSON Lines without blank lines: the same items given as objects
  // (positions equal lines) must give the same result.
  const text = evidence.toString('utf8');
  if (options.format === 'jsonl' && !text.split('\n').slice(0, -1).some((l) => l.trim() === '')) {
    test(`${name}: score, evidence as objects`, () => {
      const items = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
      const got = score(framework, items, { asOf: c.as_of, policy: c.policy });
      const d = diff('', readJson(path.join(caseDir, 'expected.json')), got);
      assert.equal(d, null, d ?? '');
    });
  }

  if (c.profile) {
    test(`${name}: screen`, () => {
      const pFile = path.join(caseDir, c.profile);
      const profile = existsSync(pFile)
        ? loadProfile(readFileSync(pFile), { framework, file: pFile })
        : shippedProfile(c.profile, { framework });
      const got = screen(framework, profile, evidence, options);
      const d = diff('', readJson(path.join(caseDir, 'expected-screen.json')), got);
      assert.equal(d, null, d ?? '');
    });
  }
}
