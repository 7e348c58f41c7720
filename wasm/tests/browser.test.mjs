// The page in real Chromium (Debian's, driven by playwright-core): serve
// wasm/www on 127.0.0.1, load the demo framework and evidence as a person
// would, check every number shown against `proficient score` / `proficient
// screen` (the CLI's JSON), load a broken YAML and check the error shown,
// check keyboard use and phone width, take screenshots, and check that the
// page made no request outside its own origin (and fetched the second
// WebAssembly module only when a framework file was loaded, or, in a fresh
// page, JSON evidence).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { score as scoreInNode, screen as screenInNode } from 'proficient-wasm';
import { openServedPage } from './chromium.mjs';
import { csvRecords, diff, repoRoot, cliBin } from './helpers.mjs';

const DEMO = path.join(repoRoot, 'examples/job-retention-evidence.csv');
const AS_OF = '2026-06-30';
const OUT = path.join(repoRoot, 'wasm/test-output');
const SCREENSHOT = path.join(repoRoot, 'docs/page.png');

let expectedCache = null;

/** The CLI's JSON for the demo, or (without a built CLI) the package's own in Node. */
function expectedResults() {
  expectedCache ??= computeExpectedResults();
  return expectedCache;
}

function computeExpectedResults() {
  const bin = cliBin;
  const node = {
    score: scoreInNode('job-retention', readFileSync(DEMO), { asOf: AS_OF }),
    screen: screenInNode('job-retention', 'job-retention-specialist', readFileSync(DEMO), { asOf: AS_OF }),
  };
  if (!bin) {
    console.log('# no proficient CLI built: comparing the page with the package in Node');
    return node;
  }
  const run = (...args) => JSON.parse(execFileSync(bin, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 }));
  const cli = {
    score: run('score', '--framework', 'job-retention', '--evidence', DEMO, '--as-of', AS_OF, '--format', 'json'),
    screen: run('screen', '--profile', 'job-retention-specialist', '--evidence', DEMO, '--as-of', AS_OF, '--format', 'json'),
  };
  // The package in Node and the CLI agree (the page is then checked against the CLI).
  assert.equal(diff('', cli.score, node.score), null);
  assert.equal(diff('', cli.screen, node.screen), null);
  return cli;
}

const fixed = (x) => (x === null ? '–' : x.toFixed(2));

let session;
let origin;
let context;
let page;
let requests;
let consoleErrors;

before(async () => {
  session = await openServedPage();
  ({ origin, context, page, requests, problems: consoleErrors } = session);
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await session?.close();
});

test('the page starts with the shipped framework and asks for evidence', async () => {
  assert.equal(await page.inputValue('#framework-select'), 'job-retention');
  assert.match(await page.textContent('#status'), /evidence file/);
  assert.equal(await page.isHidden('#errors'), true);
});

test('the demo framework and evidence give the numbers of `proficient score` and `proficient screen`', async () => {
  const expected = expectedResults();
  await page.setInputFiles('#evidence-file', DEMO);
  await page.fill('#as-of', AS_OF);
  await page.waitForFunction((asOf) => document.querySelector('#summary')?.textContent.includes(`as of ${asOf}`), AS_OF);
  const c = expected.score.counts;
  assert.match(await page.textContent('#summary'), new RegExp(`${c.items} items, ${c.used} used, ${c.rejected} rejected`));

  // Every cell of the matrix.
  const shown = await page.$$eval('#matrix tbody tr', (rows) =>
    rows.map((r) => ({
      worker: r.dataset.worker,
      overall: { score: r.querySelector('.overall').dataset.score, text: r.querySelector('.overall').textContent },
      domains: [...r.querySelectorAll('td.domain')].map((td) => ({ id: td.dataset.domain, score: td.dataset.score, text: td.textContent })),
      cells: [...r.querySelectorAll('td.cell')].map((td) => ({
        id: td.dataset.competency,
        level: td.dataset.level,
        score: td.dataset.score,
        status: td.dataset.status,
        text: td.querySelector('.score')?.textContent ?? null,
      })),
    })),
  );
  const asNumber = (s) => (s === '' ? null : Number(s));
  assert.deepEqual(shown.map((w) => w.worker), expected.score.workers.map((w) => w.worker));
  let cells = 0;
  for (const [i, w] of expected.score.workers.entries()) {
    const got = shown[i];
    assert.equal(diff(`${w.worker}.overall`, w.overall, asNumber(got.overall.score)), null);
    assert.equal(got.overall.text, fixed(w.overall));
    for (const [j, d] of w.domains.entries()) {
      assert.equal(got.domains[j].id, d.id);
      assert.equal(diff(`${w.worker}.${d.id}`, d.score, asNumber(got.domains[j].score)), null);
      assert.equal(got.domains[j].text, fixed(d.score));
    }
    for (const [j, comp] of w.competencies.entries()) {
      const cell = got.cells[j];
      assert.equal(cell.id, comp.id);
      assert.equal(cell.level, comp.level ?? '');
      assert.equal(cell.status, comp.status);
      assert.equal(diff(`${w.worker}.${comp.id}`, comp.score, asNumber(cell.score)), null);
      assert.equal(cell.text, comp.score === null ? null : fixed(comp.score));
      cells++;
    }
  }
  assert.equal(cells, 12 * 16);

  // The shortlist.
  const shortlist = await page.$$eval('#screening tbody tr', (rows) =>
    rows.map((r) => ({
      rank: Number(r.dataset.rank),
      worker: r.dataset.worker,
      meets: r.querySelector('.meets-essential').textContent,
      essential: r.querySelector('.essential').textContent,
      desirable: r.querySelector('.desirable').textContent,
      overall: r.querySelector('.overall').textContent,
      gaps: r.querySelectorAll('.gaps li').length,
    })),
  );
  assert.deepEqual(
    shortlist,
    expected.screen.candidates.map((x) => ({
      rank: x.rank,
      worker: x.worker,
      meets: x.meets_essential ? 'yes' : 'no',
      essential: `${x.essential_met}/${x.essential_total}`,
      desirable: `${x.desirable_met}/${x.desirable_total}`,
      overall: fixed(x.overall),
      gaps: x.gaps.length,
    })),
  );

  // Rejected rows, with their reasons.
  const rejected = await page.$$eval('#rejected tbody tr', (rows) => rows.map((r) => [Number(r.dataset.line), r.dataset.reason]));
  assert.deepEqual(rejected, expected.score.rejected.map((r) => [r.line, r.reason]));

  // One worker's radar chart and explanation.
  const first = expected.score.workers[0];
  assert.equal(await page.inputValue('#worker-select'), first.worker);
  assert.equal(await page.locator('#radar svg polygon.shape').count(), 1);
  assert.equal(await page.locator('#radar svg circle').count(), 16);
  assert.match(await page.textContent('#worker-overall'), new RegExp(`overall ${fixed(first.overall)}`));
  assert.equal(await page.locator('#explanation details').count(), 16);
});

test('the page is usable with the keyboard', async () => {
  // Start from the heading, as after a click on it.
  await page.click('h1');
  const seen = [];
  // (A date input takes one Tab per part.)
  for (let i = 0; i < 16; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  const order = ['framework-select', 'framework-file', 'evidence-file', 'demo-evidence', 'as-of', 'profile-select', 'profile-file'];
  const positions = order.map((id) => seen.indexOf(id));
  assert.ok(positions.every((p) => p >= 0), `tab order ${seen.join(', ')}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions);

  // Choose another worker with the keyboard alone.
  await page.focus('#worker-select');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('#radar title')?.textContent.endsWith('jr-002'));
  assert.match(await page.textContent('#worker-overall'), /jr-002/);
  // A worker button in the matrix works with Enter.
  await page.focus('#matrix button[data-select="jr-003"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#radar title')?.textContent.endsWith('jr-003'));
  // And an explanation opens with Enter.
  await page.focus('#explanation details summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.querySelector('#explanation details').open), true);
  await page.keyboard.press('Enter');
  await page.selectOption('#worker-select', 'jr-001');
});

test('screenshots at desktop and phone width; no horizontal scrolling on a phone', async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'page.png'), fullPage: true });
  // For the README: the inputs, the matrix and one worker's radar chart.
  await page.setViewportSize({ width: 1280, height: 1720 });
  const shot = await page.screenshot({ path: SCREENSHOT, fullPage: false });
  assert.ok(shot.length > 10_000);

  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
  // The wide tables scroll inside their own boxes.
  const matrixBox = await page.evaluate(() => {
    const box = document.querySelector('#matrix').parentElement;
    return { scrolls: box.scrollWidth > box.clientWidth, fits: box.getBoundingClientRect().right <= window.innerWidth };
  });
  assert.deepEqual(matrixBox, { scrolls: true, fits: true });
  await page.screenshot({ path: path.join(OUT, 'page-phone.png'), fullPage: false });
  await page.locator('#matrix').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUT, 'page-phone-results.png'), fullPage: false });
  await page.locator('#radar').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUT, 'page-phone-worker.png'), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('evidence can be dropped onto the page', async () => {
  const csv = 'worker,criterion,kind,date,value\ndropped-1,s6.client-satisfaction,feedback,2026-06-01,4.5\n';
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    document.querySelector('#evidence-box').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, csv);
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('dropped.csv'));
  assert.deepEqual(await page.$$eval('#matrix tbody tr', (rows) => rows.map((r) => r.dataset.worker)), ['dropped-1']);
  // Back to the demo evidence, with the button.
  await page.click('#demo-evidence');
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('job-retention-evidence.csv'));
});

const EXTRA = '/proficient_wasm_extra_bg.wasm';

test('a broken framework YAML is shown with its line and column, not as a blank page', async () => {
  // Until now only shipped frameworks and profiles were used: the main
  // module did everything, and the second one (which reads YAML) was not
  // fetched. Loading a framework file fetches it.
  assert.ok(!requests.some((u) => u.endsWith(EXTRA)), requests.join('\n'));
  const file = 'unknown-kind.yaml';
  const expected = JSON.parse(readFileSync(path.join(repoRoot, 'tests/invalid/unknown-kind.expected.json'), 'utf8')).errors;
  await page.setInputFiles('#framework-file', path.join(repoRoot, 'tests/invalid', file));
  await page.waitForSelector('#errors:not([hidden])');
  const shown = await page.$$eval('#errors li.error', (items) =>
    items.map((li) => ({ line: Number(li.dataset.line), column: Number(li.dataset.column), path: li.dataset.path, code: li.dataset.code, text: li.textContent })),
  );
  assert.ok(requests.some((u) => u.endsWith(EXTRA)), requests.join('\n'));
  assert.equal(shown.length, expected.length);
  for (const [i, e] of expected.entries()) {
    assert.deepEqual([shown[i].line, shown[i].column, shown[i].path, shown[i].code], [e.line, e.column, e.path, e.code]);
    assert.ok(shown[i].text.includes(`${file}, line ${e.line}, column ${e.column}`), shown[i].text);
    assert.ok(shown[i].text.includes(e.message), shown[i].text);
  }
  // The offending line is quoted, with a caret under the column.
  const quote = await page.textContent('#errors pre.quote');
  const lines = readFileSync(path.join(repoRoot, 'tests/invalid', file), 'utf8').split('\n');
  assert.ok(quote.includes(lines[expected[0].line - 1]), quote);
  assert.equal(await page.isHidden('#result-body'), true);
  assert.match(await page.textContent('#status'), /framework that loads without errors/);
  await page.screenshot({ path: path.join(OUT, 'page-error.png'), fullPage: false });

  // Broken evidence too.
  await page.selectOption('#framework-select', 'job-retention');
  await page.setInputFiles('#evidence-file', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('worker,criterion,kind,date\nw1,k1,observation,2026-02-30\n') });
  await page.waitForSelector('#errors li.error[data-code="bad_date"]');
  assert.match(await page.textContent('#errors'), /broken\.csv, line 2, column 4/);
});

test('a framework file gives the numbers of the shipped framework it copies (read and scored by the second module)', async () => {
  const expected = expectedResults();
  await page.click('#demo-evidence');
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('job-retention-evidence.csv'));
  await page.setInputFiles('#framework-file', path.join(repoRoot, 'frameworks/job-retention.yaml'));
  await page.waitForFunction(() => document.querySelector('#framework-source')?.textContent.startsWith('job-retention.yaml:'));
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('job-retention-evidence.csv'));
  assert.equal(await page.isHidden('#errors'), true);
  const overall = await page.$$eval('#matrix tbody tr', (rows) => rows.map((r) => [r.dataset.worker, r.querySelector('.overall').dataset.score]));
  assert.deepEqual(
    overall.map(([w, x]) => [w, x === '' ? null : Number(x)]),
    expected.score.workers.map((w) => [w.worker, w.overall]),
  );
  // The shipped profile, read again against this framework, gives the same shortlist.
  await page.selectOption('#profile-select', 'job-retention-specialist');
  await page.waitForSelector('#screening tbody tr');
  const ranked = await page.$$eval('#screening tbody tr', (rows) => rows.map((r) => r.dataset.worker));
  assert.deepEqual(ranked, expected.screen.candidates.map((x) => x.worker));
});

test('a framework with no competencies (valid): no competency columns, no radar with zero axes, no errors', async () => {
  const expected = expectedResults();
  await page.setInputFiles('#framework-file', path.join(repoRoot, 'tests/frameworks/empty.yaml'));
  await page.waitForFunction(() => document.querySelector('#framework-source')?.textContent.startsWith('empty.yaml:'));
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes(' 0 used'));
  assert.equal(await page.isHidden('#errors'), true);
  const rows = await page.$$eval('#matrix tbody tr', (rows) => rows.map((r) => [r.dataset.worker, r.querySelectorAll('td.cell').length, r.querySelector('.overall').textContent]));
  assert.deepEqual(rows, expected.score.workers.map((w) => [w.worker, 0, '–']));
  assert.equal(await page.locator('#matrix thead th.comp').count(), 0);
  assert.equal(await page.locator('#radar svg').count(), 0);
  assert.match(await page.textContent('#radar-caption'), /the framework has no competencies yet/);
  assert.equal(await page.locator('#explanation details').count(), 0);
  assert.ok(!(await page.textContent('#worker-overall')).includes('()'));
  assert.ok(!/\bNaN\b|\bundefined\b|Infinity/.test(await page.textContent('main')), 'NaN, undefined or Infinity shown');
  await page.screenshot({ path: path.join(OUT, 'page-empty-framework.png'), fullPage: false });
  await page.selectOption('#framework-select', 'job-retention');
});

test('anchored ratings and sections: each rating with its anchor, criteria under their sections', async () => {
  const dir = path.join(repoRoot, 'tests/vectors/anchors-01-explained-ratings');
  await page.setInputFiles('#framework-file', path.join(dir, 'framework.yaml'));
  await page.waitForFunction(() => document.querySelector('#framework-source')?.textContent.startsWith('framework.yaml:'));
  await page.setInputFiles('#evidence-file', path.join(dir, 'evidence.csv'));
  await page.fill('#as-of', '2024-06-30');
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('evidence.csv'));
  await page.selectOption('#worker-select', 'w1');
  await page.waitForFunction(() => document.querySelector('#explanation')?.textContent.includes('rated 4 of 5'));
  const text = await page.textContent('#explanation');
  // Worked by hand in the vector's case.json.
  assert.ok(text.includes("rated 4 of 5 — 'mostly integrated'"), text);
  assert.ok(text.includes("rated 5 of 10 (no anchor at this point)"), text);
  assert.ok(text.includes("mean rating 4.33 of 5, nearest anchor 'mostly integrated'"), text);
  const rows = await page.$$eval('#explanation tr.criterion th, #explanation tr.section th', (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(rows, ['c1.cert', '§ Team', 'c1.team', '§ Services', 'c1.records']);
  await page.selectOption('#framework-select', 'job-retention');
});

test('the job coach demo evidence screens against the shipped job coach profile', async () => {
  await page.selectOption('#framework-select', 'job-coach');
  await page.click('#demo-evidence');
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('job-coach-evidence.csv'));
  await page.selectOption('#profile-select', 'job-coach-supported-employment');
  await page.waitForSelector('#screening tbody tr');
  const ranked = await page.$$eval('#screening tbody tr', (rows) => rows.map((r) => r.dataset.worker));
  const expected = screenInNode('job-coach', 'job-coach-supported-employment', readFileSync(path.join(repoRoot, 'examples/job-coach-evidence.csv')), { asOf: AS_OF });
  assert.deepEqual(ranked, expected.candidates.map((c) => c.worker));
  // Back to the job retention demo for the tests after.
  await page.selectOption('#framework-select', 'job-retention');
  await page.click('#demo-evidence');
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('job-retention-evidence.csv'));
});

test('JSON evidence: the second module is fetched when it is first scored, with the numbers of the CSV', async () => {
  // A fresh page: only the main module is loaded until JSON evidence comes.
  const expected = expectedResults();
  const fresh = await context.newPage();
  const seen = [];
  const errors = [];
  fresh.on('request', (r) => seen.push(r.url()));
  fresh.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  fresh.on('pageerror', (e) => errors.push(String(e)));
  try {
    await fresh.goto(`${origin}/`);
    await fresh.waitForSelector('body[data-ready="true"]');
    await fresh.setInputFiles('#evidence-file', DEMO);
    await fresh.fill('#as-of', AS_OF);
    await fresh.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('job-retention-evidence.csv'));
    assert.ok(!seen.some((u) => u.endsWith(EXTRA)), seen.join('\n'));
    const json = JSON.stringify(csvRecords(readFileSync(DEMO, 'utf8')));
    await fresh.setInputFiles('#evidence-file', { name: 'evidence.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await fresh.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('evidence.json'));
    assert.equal(seen.filter((u) => u.endsWith(EXTRA)).length, 1, seen.join('\n'));
    assert.equal(await fresh.isHidden('#errors'), true);
    const c = expected.score.counts;
    assert.match(await fresh.textContent('#summary'), new RegExp(`${c.items} items, ${c.used} used, ${c.rejected} rejected`));
    const overall = await fresh.$$eval('#matrix tbody tr', (rows) => rows.map((r) => [r.dataset.worker, r.querySelector('.overall').dataset.score]));
    assert.deepEqual(
      overall.map(([w, x]) => [w, x === '' ? null : Number(x)]),
      expected.score.workers.map((w) => [w.worker, w.overall]),
    );
    const ranked = await fresh.$$eval('#screening tbody tr', (rows) => rows.map((r) => r.dataset.worker));
    assert.deepEqual(ranked, expected.screen.candidates.map((x) => x.worker));
    assert.deepEqual(seen.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:')), []);
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
  }
});

test('the page made no request beyond its own origin and logged no errors', () => {
  assert.ok(requests.length > 0);
  const outside = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'));
  assert.deepEqual(outside, []);
  assert.ok(requests.some((u) => u.endsWith('/proficient_wasm_bg.wasm')));
  // The second module was fetched once, from the page's origin, when a
  // framework file was loaded (checked above).
  assert.equal(requests.filter((u) => u.endsWith(EXTRA)).length, 1, requests.join('\n'));
  assert.deepEqual(consoleErrors, []);
});
