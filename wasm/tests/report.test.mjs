// The trainer's report in real Chromium (Debian's, driven by playwright-core):
// build it for the demo data as scripts/demo.sh does (the package's report()
// and `proficient report` give the same bytes), open the file, and check that
// it loads with no console error, no page error and no request other than
// the file itself, that the numbers shown match the progress and CPD JSON,
// and take the screenshot in docs/report.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPage } from './chromium.mjs';
import { cpdSummary, progress, report, score } from 'proficient-wasm';
import { repoRoot, cliBin } from './helpers.mjs';

const AS_OF = '2026-06-30';
const FILES = {
  evidence: 'examples/job-retention-evidence.csv',
  plans: 'examples/job-retention-plans.yaml',
  cpd: 'examples/job-retention-cpd.yaml',
};
const OUT = path.join(repoRoot, 'wasm/test-output');
const REPORT = path.join(OUT, 'report.html');
const SCREENSHOT = path.join(repoRoot, 'docs/report.png');

const read = (f) => readFileSync(path.join(repoRoot, f));
const evidence = read(FILES.evidence);
const plans = read(FILES.plans);
const cpd = read(FILES.cpd);

let session;
let page;
let requests;
let problems;

before(async () => {
  const html = report('job-retention', evidence, { asOf: AS_OF, plans, cpd });
  const bin = cliBin;
  if (bin) {
    const cli = execFileSync(bin, ['report', '--framework', 'job-retention', '--evidence', FILES.evidence, '--plans', FILES.plans, '--cpd', FILES.cpd, '--as-of', AS_OF], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.equal(html, cli, 'report() and `proficient report` differ');
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(REPORT, html);
  session = await openPage({ viewport: { width: 1200, height: 1500 } }, { warnings: true });
  ({ page, requests, problems } = session);
  await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load' });
});

after(async () => {
  await session?.close();
});

test('the report opens with no console or page error and requests nothing but itself', async () => {
  const h1 = await page.$eval('h1', (h) => h.textContent);
  assert.equal(await page.title(), `${h1} — trainer's report, ${AS_OF}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [pathToFileURL(REPORT).href]);
  assert.equal(await page.$$eval('script, link, iframe, img, object, embed', (els) => els.length), 0);
});

test('the numbers shown are those of the progress, CPD and score JSON', async () => {
  const scores = score('job-retention', evidence, { asOf: AS_OF, explain: false });
  const p = progress('job-retention', evidence, plans, { asOf: AS_OF, cpd });
  const c = cpdSummary('job-retention', cpd, { period: 'quarter' });
  const meta = await page.textContent('header .meta');
  assert.ok(meta.includes(`${scores.workers.length} workers`), meta);
  const plansMeta = await page.textContent('#plans .meta');
  const k = p.counts;
  assert.ok(
    plansMeta.startsWith(`${p.targets.length} targets: ${k.achieved} achieved, ${k.progressing} progressing, ${k.no_progress} no progress; ${k.overdue} overdue.`),
    plansMeta,
  );
  // The plan table: one row per target, overdue first (most days first).
  const rows = await page.$$eval('#plans tbody tr', (trs) =>
    trs.map((tr) => ({
      worker: tr.querySelector('th').textContent,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      status: tr.querySelector('.badge').className.replace('badge ', ''),
    })),
  );
  assert.equal(rows.length, p.targets.length);
  const overdue = p.targets.filter((t) => t.overdue).sort((a, b) => b.days_overdue - a.days_overdue);
  assert.ok(overdue.length > 0, 'the demo has overdue targets');
  for (const [i, t] of overdue.entries()) {
    const row = rows[i];
    assert.equal(row.worker, t.worker);
    assert.equal(row.cells[0], t.competency);
    assert.ok(row.cells[2].includes(`overdue ${t.days_overdue} days`), row.cells[2]);
  }
  for (const t of p.targets) {
    const row = rows.find((r) => r.worker === t.worker && r.cells[0] === t.competency);
    assert.ok(row, `${t.worker} ${t.competency} missing`);
    assert.equal(row.status, t.status);
    const now = t.trajectory.at(-1);
    assert.equal(row.cells[5], `${now.score === null ? '–' : now.score.toFixed(2)} ${now.level ?? ''}`);
    assert.equal(row.cells[6], t.explanation);
  }
  // Trajectory charts: one per target.
  assert.equal(await page.$$eval('#workers svg', (s) => s.length), scores.workers.length + p.targets.length);
  // CPD hours.
  assert.ok((await page.textContent('#cpd .meta')).includes(`${c.total_hours} hours in all`));
});

test('screenshot of the report (docs/report.png)', async () => {
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'report-full.png'), fullPage: true });
  const shot = await page.screenshot({ path: SCREENSHOT, fullPage: false });
  assert.ok(shot.length > 10_000);
});
