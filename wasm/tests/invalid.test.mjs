// Every malformed framework or profile in tests/invalid/ gives, through the
// JS package, exactly the errors (line, column, path, code, message) its
// .expected.json lists, as core/tests/invalid.rs checks for Rust.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFramework, loadProfile, ProficientError } from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const dir = path.join(repoRoot, 'tests/invalid');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test('there are at least 25 malformed inputs', () => {
  assert.ok(files.length >= 25, `found ${files.length}`);
});

for (const file of files) {
  test(file, () => {
    const expected = JSON.parse(readFileSync(path.join(dir, file.replace(/\.yaml$/, '.expected.json')), 'utf8'));
    // Bytes, not text: some files are deliberately not UTF-8.
    const bytes = readFileSync(path.join(dir, file));
    const kind = expected.kind ?? 'framework';
    let got = [];
    try {
      if (kind === 'profile') loadProfile(bytes, { file });
      else loadFramework(bytes, { file });
    } catch (e) {
      assert.ok(e instanceof ProficientError, `not a ProficientError: ${e}`);
      assert.equal(e.kind, kind);
      assert.equal(e.file, file);
      const first = e.errors[0];
      assert.deepEqual([e.line, e.column, e.path, e.code, e.message], [first.line, first.column, first.path, first.code, first.message]);
      got = e.errors.map(({ file: _file, ...rest }) => rest);
    }
    assert.deepEqual(got, expected.errors);
  });
}
