// Frameworks in a workbook and workbooks of every operation, in the browser
// package: exportSheet() writes the template importSheet() reads back into
// the same framework; a template written by openpyxl reads as its
// hand-written YAML; its mistakes are located at sheet and cell; the
// screen, progress, cpd, cohort and equality workbooks are workbooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ProficientError,
  cohortWorkbook,
  cpdWorkbook,
  equalityWorkbook,
  exportSheet,
  importSheet,
  loadFramework,
  progressWorkbook,
  screenWorkbook,
  shippedFramework,
} from 'proficient-wasm';
import { repoRoot } from './helpers.mjs';

const read = (p) => new Uint8Array(readFileSync(path.join(repoRoot, p)));
const isZip = (b) => b instanceof Uint8Array && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

for (const name of ['job-retention', 'job-coach', 'ips-fidelity']) {
  test(`${name}: exportSheet() reads back into the same framework`, () => {
    const book = exportSheet(name);
    assert.ok(isZip(book));
    assert.deepEqual(importSheet(book, { file: `${name}.xlsx` }).toJSON(), shippedFramework(name).toJSON());
  });
}

test('the shipped example workbook is the job retention framework', () => {
  const fw = importSheet(read('examples/job-retention-framework.xlsx'));
  assert.deepEqual(fw.toJSON(), shippedFramework('job-retention').toJSON());
});

test('a template written by openpyxl reads as its YAML; its mistakes are at their cells', () => {
  const fw = importSheet(read('tests/sheets/framework.xlsx'));
  const want = loadFramework(readFileSync(path.join(repoRoot, 'tests/sheets/framework.expected.yaml'), 'utf8'));
  assert.deepEqual(fw.toJSON(), want.toJSON());
  assert.throws(
    () => importSheet(read('tests/sheets/framework-errors.xlsx'), { file: 'framework-errors.xlsx' }),
    (e) => {
      assert.ok(e instanceof ProficientError);
      assert.deepEqual(
        e.errors.map((d) => [d.file, d.sheet, d.line, d.column, d.code]),
        [
          ['framework-errors.xlsx', 'Evidence', 1, 3, 'unknown_column'],
          ['framework-errors.xlsx', 'Levels', 3, 4, 'error_cell'],
          ['framework-errors.xlsx', 'Competencies', 3, 6, 'invalid_value'],
        ],
      );
      return true;
    },
  );
});

test('screen, progress, cpd, cohort and equality give workbooks', () => {
  const evidence = readFileSync(path.join(repoRoot, 'examples/job-retention-evidence.csv'), 'utf8');
  const asOf = '2026-06-30';
  const books = [
    screenWorkbook('job-retention', 'job-retention-specialist', evidence, { asOf }),
    progressWorkbook('job-retention', evidence, read('examples/job-retention-plans.yaml'), { asOf }),
    cpdWorkbook('job-retention', read('examples/job-retention-cpd.yaml')),
    cohortWorkbook('job-retention', evidence, { asOf, view: 'matrix' }),
    equalityWorkbook(read('examples/staff-cpd.csv'), { group: 'wres_group', outcome: 'accessed_cpd' }),
  ];
  for (const b of books) assert.ok(isZip(b) && b.length > 1000, `${b?.length}`);
  // An unknown view is refused, as the CLI refuses it.
  assert.throws(() => cohortWorkbook('job-retention', evidence, { asOf, view: 'sideways' }), ProficientError);
});
