// Workbooks in the browser package: the fixture workbook written by openpyxl
// (tests/sheets/, made by tests/sheets/make_fixtures.py) reads in the second
// module as the CSV it came from does, its errors name the sheet and cell
// as the CLI's do, and scoreWorkbook() gives an .xlsx whose cells hold the
// scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProficientError, formatDiagnostic, score, scoreWorkbook, shippedFramework } from 'proficient-wasm';
import { diff, repoRoot } from './helpers.mjs';

const fixtures = path.join(repoRoot, 'tests/sheets');
const csv = readFileSync(path.join(repoRoot, 'examples/job-retention-evidence.csv'), 'utf8');

test('a workbook reads as its CSV, on the sheet named', () => {
  const fw = shippedFramework('job-retention');
  const book = new Uint8Array(readFileSync(path.join(fixtures, 'evidence.xlsx')));
  const byCsv = score(fw, csv, { asOf: '2026-06-30' });
  const byBook = score(fw, book, { asOf: '2026-06-30', sheet: 'Log' });
  assert.equal(diff('', byCsv, byBook), null);
});

test('errors in a workbook name the sheet and the cell', () => {
  const fw = shippedFramework('job-retention');
  const book = new Uint8Array(readFileSync(path.join(fixtures, 'errors.xlsx')));
  assert.throws(
    () => score(fw, book, { asOf: '2026-06-30', file: 'errors.xlsx' }),
    (e) => {
      assert.ok(e instanceof ProficientError);
      assert.deepEqual(
        e.errors.map((d) => [d.sheet, d.line, d.column, d.code]),
        [['Q1 log', 3, 5, 'bad_date'], ['Q1 log', 4, 7, 'error_cell']],
      );
      assert.ok(formatDiagnostic(e.errors[1]).startsWith("errors.xlsx:'Q1 log'!G4: error cell `#N/A`"));
      return true;
    },
  );
});

test('scoreWorkbook writes an .xlsx of the scores', () => {
  const fw = shippedFramework('job-retention');
  const bytes = scoreWorkbook(fw, csv, { asOf: '2026-06-30' });
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual([...bytes.slice(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
  // Read back by the package's own reader: the Scores sheet as evidence is
  // refused (its columns are not evidence columns), at its header cell.
  assert.throws(() => score(fw, bytes, { asOf: '2026-06-30', sheet: 'Scores' }), (e) => e.errors[0].sheet === 'Scores' && e.errors[0].line === 1);
});
