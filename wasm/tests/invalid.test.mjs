// The malformed-input corpus (tests/invalid/: frameworks and profiles at the
// top, evidence/, plans/, cpd/, case/, analysis/ and policy/ below) gives, through the
// JS package, exactly the errors (line, column, path, code, message) each
// .expected.json lists, as core/tests/invalid.rs checks for Rust. Inputs are
// passed as bytes: some are deliberately not UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { delphi, equality, importCase, loadCpd, loadFramework, loadPlans, loadProfile, score, shippedFramework, ProficientError } from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const root = path.join(repoRoot, 'tests/invalid');
const cases = [];
for (const folder of ['', 'evidence', 'plans', 'cpd', 'case', 'analysis', 'policy']) {
  const dir = path.join(root, folder);
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile() || name.endsWith('.expected.json')) continue;
    const expected = JSON.parse(readFileSync(path.join(dir, `${name.split('.')[0]}.expected.json`), 'utf8'));
    cases.push({ rel: path.join(folder, name), file, name, expected });
  }
}

const asOf = '2024-06-30';
const ratings = readFileSync(path.join(repoRoot, 'examples/delphi-ratings.csv'));

/** The call reading `bytes` as `kind`, or null when the JS package has none yet. */
function loader({ name, expected }, bytes) {
  const kind = expected.kind ?? 'framework';
  const ext = path.extname(name).slice(1);
  switch (kind) {
    case 'framework':
      return () => loadFramework(bytes, { file: name });
    case 'profile':
      return () => loadProfile(bytes, { file: name });
    case 'evidence':
      return () => score(shippedFramework('job-retention'), bytes, { asOf, format: ext, file: name });
    case 'people':
      return () => equality(bytes, { ...expected.options, file: name });
    case 'ratings':
      return () => delphi(bytes, { file: name });
    case 'items':
      return () => delphi(ratings, { items: bytes });
    case 'plans':
      return () => loadPlans(bytes, { framework: shippedFramework(expected.framework ?? 'job-retention'), file: name });
    case 'cpd':
      return () => loadCpd(bytes, { framework: shippedFramework(expected.framework ?? 'job-retention'), file: name });
    case 'case':
      return () => importCase(bytes, { file: name, lenient: expected.mode === 'lenient' });
    case 'policy':
      // A policy file's text (the api reads it as the CLI reads the file).
      return () => score(shippedFramework(expected.framework ?? 'job-retention'), new Uint8Array(), { asOf, format: 'csv', policy: bytes, policyFile: name });
    default:
      return null;
  }
}

test('the corpus covers every format', () => {
  assert.ok(cases.length >= 60, `found ${cases.length}`);
  const kinds = new Set(cases.map((c) => c.expected.kind ?? 'framework'));
  for (const k of ['framework', 'profile', 'evidence', 'plans', 'cpd', 'case', 'people', 'ratings', 'items']) {
    assert.ok(kinds.has(k), k);
  }
});

for (const c of cases) {
  const load = loader(c, readFileSync(c.file));
  test(c.rel, { skip: load === null && `the JS package has no reader for ${c.expected.kind} yet` }, () => {
    let got = [];
    try {
      load();
    } catch (e) {
      assert.ok(e instanceof ProficientError, `not a ProficientError: ${e}`);
      const first = e.errors[0];
      assert.deepEqual([e.line, e.column, e.path, e.code, e.message], [first.line, first.column, first.path, first.code, first.message]);
      got = e.errors.map(({ file: _file, ...rest }) => rest);
    }
    assert.deepEqual(got, c.expected.errors);
  });
}

// Line endings and byte-order marks: each must give the errors of the LF
// file, at the same lines and columns (core/tests/line_endings.rs checks
// every corpus in Rust, including mixed endings).
const BOM = [0xef, 0xbb, 0xbf];
function toLf(bytes) {
  const out = [];
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    if (bytes[i] === 0x0d) {
      out.push(0x0a);
      if (bytes[i + 1] === 0x0a) i++;
    } else out.push(bytes[i]);
  }
  return out;
}
function withEnding(lf, ending) {
  return lf.flatMap((b) => (b === 0x0a ? ending : [b]));
}
const variants = {
  CRLF: (lf) => withEnding(lf, [0x0d, 0x0a]),
  CR: (lf) => withEnding(lf, [0x0d]),
  BOM: (lf) => [...BOM, ...lf],
  'BOM on every line, CRLF': (lf) => [...BOM, ...withEnding(lf, [0x0d, 0x0a, ...BOM])],
};
for (const c of cases) {
  const bytes = readFileSync(c.file);
  if (bytes.includes(0) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) continue;
  for (const [variant, make] of Object.entries(variants)) {
    const load = loader(c, Uint8Array.from(make(toLf(bytes))));
    if (load === null) continue;
    test(`${c.rel} with ${variant}`, () => {
      let got = [];
      try {
        load();
      } catch (e) {
        assert.ok(e instanceof ProficientError, `not a ProficientError: ${e}`);
        got = e.errors.map(({ file: _file, ...rest }) => rest);
      }
      assert.deepEqual(got, c.expected.errors);
    });
  }
}

test('a 100 MB single line is refused (generated, not committed)', () => {
  const line = new Uint8Array(100 * 1024 * 1024).fill(0x78);
  assert.throws(
    () => score(shippedFramework('job-retention'), line, { asOf, format: 'csv' }),
    (e) => e instanceof ProficientError && e.line === 1 && e.column === null && e.code === 'line_too_long',
  );
  const yaml = new Uint8Array(256 * 1024 * 1024 + 1).fill(0x78);
  yaml.set(new TextEncoder().encode('id: '));
  assert.throws(
    () => loadFramework(yaml),
    (e) => e.code === 'too_large' && e.message === `input is ${yaml.length} bytes, expected at most 268435456 bytes`,
  );
});
