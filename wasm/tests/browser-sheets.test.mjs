// Workbooks on the page, in Chromium: a workbook written by openpyxl
// (tests/sheets/demo-evidence.xlsx, made by tests/sheets/make_fixtures.py)
// dropped on the evidence box is read in the second module and gives the
// cells `proficient score` gives for the same workbook; the results
// download as a workbook that openpyxl reads with the CLI's scores. No
// request leaves the page's origin. Needs wasm/build.sh, Chromium, and the
// Python test environment (python/.venv, with openpyxl).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openServedPage } from './chromium.mjs';
import { diff, repoRoot, cliBin } from './helpers.mjs';

const WORKBOOK = path.join(repoRoot, 'tests/sheets/demo-evidence.xlsx');
const AS_OF = '2026-06-30';
const OUT = path.join(repoRoot, 'wasm/test-output');
const PYTHON = process.env.PYTHON ?? path.join(repoRoot, 'python/.venv/bin/python');

/** `proficient score` of the workbook: the CLI's JSON. */
function cliScore() {
  const exe = cliBin;
  assert.ok(exe, 'no CLI built: cargo build -p proficient-cli');
  const json = execFileSync(exe, ['score', '--framework', 'job-retention', '--evidence', WORKBOOK, '--as-of', AS_OF, '--format', 'json'], { encoding: 'utf8' });
  return JSON.parse(json);
}

let session;
let origin;
let page;
let requests;
let consoleErrors;

before(async () => {
  session = await openServedPage({ acceptDownloads: true });
  ({ origin, page, requests, problems: consoleErrors } = session);
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await session?.close();
});

test('a dropped workbook gives the cells `proficient score` gives for it', async () => {
  const expected = cliScore();
  await page.fill('#as-of', AS_OF);
  const bytes = [...readFileSync(WORKBOOK)];
  await page.evaluate((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'demo-evidence.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    document.querySelector('#evidence-box').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('demo-evidence.xlsx'));
  const c = expected.counts;
  assert.match(await page.textContent('#summary'), new RegExp(`as of ${AS_OF} · demo-evidence.xlsx: ${c.items} items, ${c.used} used, ${c.rejected} rejected`));
  const shown = await page.$$eval('#matrix tbody tr', (rows) =>
    rows.map((r) => ({
      worker: r.dataset.worker,
      overall: r.querySelector('.overall').dataset.score,
      cells: [...r.querySelectorAll('td.cell')].map((td) => ({ id: td.dataset.competency, level: td.dataset.level, score: td.dataset.score, status: td.dataset.status })),
    })),
  );
  const asNumber = (s) => (s === '' ? null : Number(s));
  assert.deepEqual(shown.map((w) => w.worker), expected.workers.map((w) => w.worker));
  let cells = 0;
  for (const [i, w] of expected.workers.entries()) {
    assert.equal(diff(`${w.worker}.overall`, w.overall, asNumber(shown[i].overall)), null);
    for (const [j, comp] of w.competencies.entries()) {
      const cell = shown[i].cells[j];
      assert.equal(cell.id, comp.id);
      assert.equal(cell.level, comp.level ?? '');
      assert.equal(cell.status, comp.status);
      assert.equal(diff(`${w.worker}.${comp.id}`, comp.score, asNumber(cell.score)), null);
      cells += 1;
    }
  }
  assert.ok(cells >= 100, `${cells} cells checked`);
});

test('the results download as a workbook openpyxl reads with the CLI\'s levels', async () => {
  const expected = cliScore();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
  assert.equal(download.suggestedFilename(), `demo-evidence-scores-${AS_OF}.xlsx`);
  const file = path.join(OUT, 'page-scores.xlsx');
  await download.saveAs(file);
  assert.ok(existsSync(PYTHON), `${PYTHON} not found: the Python test environment (scripts/setup-python.sh)`);
  const read = execFileSync(
    PYTHON,
    [
      '-c',
      'import json, sys, openpyxl\n' +
        'wb = openpyxl.load_workbook(sys.argv[1])\n' +
        'rows = list(wb["Levels"].iter_rows(values_only=True))\n' +
        'print(json.dumps({"sheets": wb.sheetnames, "header": rows[0], "rows": rows[1:]}))',
      file,
    ],
    { encoding: 'utf8' },
  );
  const book = JSON.parse(read);
  assert.deepEqual(book.sheets, ['Scores', 'Levels', 'Rejected']);
  assert.deepEqual(book.header, ['worker', ...expected.workers[0].competencies.map((c) => c.id)]);
  assert.deepEqual(
    book.rows,
    expected.workers.map((w) => [w.worker, ...w.competencies.map((c) => c.level ?? null)]),
  );
});

test('the workbook was read in the page: no request beyond its own origin, no errors logged', () => {
  const outside = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(outside, []);
  assert.ok(requests.some((u) => u.endsWith('/proficient_wasm_extra_bg.wasm')), 'the second module read the workbook');
  assert.deepEqual(consoleErrors, []);
});
