// A framework with no competencies (and then possibly no domains) is valid:
// a shell being authored, or a CASE package with no items imported. In the
// package: it loads, scores (every item an unknown criterion, with the
// CLI's numbers), its report is well formed, and it exports to valid CASE
// 1.1 (ajv) that reads back. core/tests/empty.rs, cli/tests/empty.rs and
// python/tests/test_empty.py check the same elsewhere; the page's view of
// one is in browser.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ProficientError, cohort, exportCase, importCase, loadFramework, progress, report, score } from 'proficient-wasm';
import { repoRoot, cliBin } from './helpers.mjs';

const files = ['empty.yaml', 'empty-competencies.yaml'].map((f) => path.join(repoRoot, 'tests/frameworks', f));
const evidence = 'worker,criterion,kind,date,value\nw1,c1,obs,2024-01-01,4\nw2,c2,obs,2024-02-01,3\n';
const asOf = '2024-06-30';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const { $schema, ...schema } = JSON.parse(readFileSync(path.join(repoRoot, 'tests/schemas/case-v1p1-cfpackage-schema.json'), 'utf8'));
void $schema;
const caseSchema = ajv.compile(schema);
const caseErrors = (v) => (caseSchema(v) ? [] : caseSchema.errors.map((e) => `${e.instancePath}: ${e.message}`));

/** No NaN or infinity among the numbers of `v`. */
const finite = (v) =>
  typeof v === 'number' ? Number.isFinite(v)
    : Array.isArray(v) ? v.every(finite)
      : v && typeof v === 'object' ? Object.values(v).every(finite)
        : true; // prettier-ignore

const withoutCase = (v) =>
  Array.isArray(v) ? v.map(withoutCase)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'case').map(([k, x]) => [k, withoutCase(x)]))
      : v; // prettier-ignore

function cliBinary() {
  return cliBin;
}

for (const file of files) {
  const name = path.basename(file);

  test(`${name}: a framework with no competencies loads`, () => {
    const fw = loadFramework(readFileSync(file), { file: name });
    const data = fw.toJSON();
    assert.deepEqual(data.competencies, []);
    // `competencies:` must still be there.
    const without = readFileSync(file, 'utf8').replace('competencies: []\n', '');
    assert.throws(
      () => loadFramework(without, { file: name }),
      (e) => e instanceof ProficientError && e.errors.length === 1 && e.errors[0].message === 'missing field `competencies`, which is required',
    );
  });

  test(`${name}: every item is an unknown criterion, with the CLI's numbers`, () => {
    const fw = loadFramework(readFileSync(file), { file: name });
    const result = score(fw, evidence, { asOf });
    assert.deepEqual(result.counts, { items: 2, used: 0, rejected: 2 });
    assert.deepEqual(result.rejected.map((r) => r.reason), ['unknown_criterion', 'unknown_criterion']);
    assert.deepEqual(result.workers.map((w) => [w.worker, w.overall, w.competencies]), [['w1', null, []], ['w2', null, []]]);
    assert.ok(finite(result));
    const bin = cliBinary();
    if (bin) {
      const dir = mkdtempSync(path.join(tmpdir(), 'empty-'));
      try {
        writeFileSync(path.join(dir, 'evidence.csv'), evidence);
        const cli = JSON.parse(
          execFileSync(bin, ['score', '--framework', file, '--evidence', path.join(dir, 'evidence.csv'), '--as-of', asOf, '--format', 'json'], { encoding: 'utf8' }),
        );
        assert.deepEqual(result, cli);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    // Objects too (read by the second module).
    const objects = [
      { worker: 'w1', criterion: 'c1', kind: 'obs', date: '2024-01-01', value: 4 },
      { worker: 'w2', criterion: 'c2', kind: 'obs', date: '2024-02-01', value: 3 },
    ];
    assert.deepEqual(score(fw, objects, { asOf }).counts, result.counts);
    const levels = fw.toJSON().levels;
    const team = cohort(fw, evidence, { asOf, level: levels[levels.length - 1].id });
    assert.deepEqual(team.competencies, []);
    assert.equal(team.matrix.length, 2);
    const p = progress(fw, evidence, { framework: fw.id, plans: [] }, { asOf });
    assert.deepEqual(p.targets, []);
  });

  test(`${name}: the report is well formed`, () => {
    const fw = loadFramework(readFileSync(file), { file: name });
    const html = report(fw, evidence, { asOf, plans: { framework: fw.id, plans: [] } });
    assert.ok(html.startsWith('<!doctype html>') && html.trimEnd().endsWith('</html>'));
    assert.ok(!html.includes('points=""') && !html.includes('()'));
    const words = new Set(html.split(/[^A-Za-z0-9]+/));
    for (const bad of ['NaN', 'inf', 'Infinity', 'undefined']) assert.ok(!words.has(bad), bad);
    for (const tag of ['svg', 'table', 'section', 'article', 'p', 'div']) {
      const open = html.split(`<${tag}>`).length - 1 + html.split(`<${tag} `).length - 1;
      assert.equal(open, html.split(`</${tag}>`).length - 1, tag);
    }
    assert.ok(html.includes('The framework has no competencies yet.'));
  });

  test(`${name}: exports valid CASE 1.1 (ajv) that reads back, byte for byte`, () => {
    const fw = loadFramework(readFileSync(file), { file: name });
    const out = exportCase(fw);
    assert.deepEqual(caseErrors(out.package), []);
    assert.equal(out.package.CFItems.length, fw.toJSON().domains.length);
    const back = importCase(out.json);
    assert.deepEqual(withoutCase(back.framework.toJSON()), withoutCase(fw.toJSON()));
    assert.equal(exportCase(fw).json, out.json);
    assert.equal(exportCase(back.framework).json, out.json);
  });
}

test('a package with no items imports strictly as an empty framework and exports again', () => {
  const imp = importCase(readFileSync(path.join(repoRoot, 'tests/case/empty.json')));
  assert.deepEqual(imp.notes, []);
  const fw = imp.framework.toJSON();
  assert.deepEqual([fw.title, fw.domains, fw.competencies], ['Framework being authored', [], []]);
  const out = exportCase(imp.framework);
  assert.deepEqual(caseErrors(out.package), []);
  assert.equal(exportCase(importCase(out.json).framework).json, out.json);
});
