// The trainer's report with its fairness sections in real Chromium: the
// assessor calibration and, with a people file, the adverse impact of
// screening. Built by the package's report() (the same bytes as `proficient
// report --profile --people`), opened from a file: no console or page
// error, no request but the file itself, and every figure of both sections
// equal to the CLI's `assessors` and `screen --people` JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPage } from './chromium.mjs';
import { assessors, report, screen } from 'proficient-wasm';
import { diff, repoRoot, cliBin } from './helpers.mjs';

const AS_OF = '2026-06-30';
const EVIDENCE = 'examples/job-retention-evidence.csv';
const PEOPLE = 'examples/job-retention-people.csv';
const PROFILE = 'job-retention-specialist';
const MIN_CELL = 3;
const OUT = path.join(repoRoot, 'wasm/test-output');
const REPORT = path.join(OUT, 'report-fair.html');

const evidence = readFileSync(path.join(repoRoot, EVIDENCE));
const people = readFileSync(path.join(repoRoot, PEOPLE));

let bin;
let session;
let browser;
let page;
let requests;
let problems;

/** The CLI's output (text), or null without a built CLI. */
function cli(...args) {
  return bin ? execFileSync(bin, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 }) : null;
}

/** What the CLI gives as JSON (the package's own result when no CLI is built, checked equal to it otherwise). */
function expected(args, own) {
  const text = cli(...args, '--format', 'json');
  if (text === null) return own;
  const theirs = JSON.parse(text);
  assert.equal(diff('', theirs, own), null);
  return theirs;
}

before(async () => {
  bin = cliBin;
  const html = report('job-retention', evidence, { asOf: AS_OF, profile: PROFILE, people, peopleFile: PEOPLE, minCell: MIN_CELL });
  const fromCli = cli('report', '--framework', 'job-retention', '--evidence', EVIDENCE, '--as-of', AS_OF, '--profile', PROFILE, '--people', PEOPLE, '--min-cell', String(MIN_CELL));
  if (fromCli !== null) assert.equal(html, fromCli, 'report() and `proficient report --people` differ');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(REPORT, html);
  session = await openPage({ viewport: { width: 1200, height: 1500 } }, { warnings: true });
  ({ browser, page, requests, problems } = session);
  await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load' });
});

after(async () => {
  await session?.close();
});

/** Each table of a section: its caption and its body rows' cell texts. */
function tables(id) {
  return page.$$eval(`#${id} table`, (ts) =>
    ts.map((t) => ({
      caption: t.querySelector('caption')?.textContent ?? '',
      rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
    })),
  );
}

const fixed = (x, d) => (x === null ? '–' : x.toFixed(d));
const signed = (x) => (x === null ? '–' : `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(3)}`);
const pct = (x) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

test('the report with both sections opens with no console or page error and requests nothing but itself', async () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [pathToFileURL(REPORT).href]);
  assert.equal(await page.$$eval('script, link, iframe, img, object, embed', (els) => els.length), 0);
  for (const id of ['assessors', 'adverse-impact']) {
    assert.equal(await page.$$eval(`#${id}`, (s) => s.length), 1, id);
    assert.equal(await page.$$eval(`nav a[href="#${id}"]`, (s) => s.length), 1, id);
  }
});

test("the assessor calibration shows the figures of `proficient assessors`", async () => {
  const r = expected(['assessors', '--framework', 'job-retention', '--evidence', EVIDENCE, '--as-of', AS_OF], assessors('job-retention', evidence, { asOf: AS_OF }));
  assert.ok(r.assessors.some((a) => a.flag === 'lenient'), 'the demo has a lenient assessor');
  const shown = await tables('assessors');
  const rows = shown.find((t) => t.caption === 'Assessors').rows;
  assert.deepEqual(
    rows,
    r.assessors.map((a) => [a.assessor, String(a.items), String(a.workers), a.mean_value.toFixed(3), String(a.pairs), signed(a.leniency), a.ci_low === null ? '–' : `${signed(a.ci_low)} to ${signed(a.ci_high)}`, a.flag ?? '']),
  );
  const agreement = shown.find((t) => t.caption.startsWith('Agreement')).rows;
  assert.deepEqual(
    agreement.map((row) => row.slice(0, 5)),
    [...r.criteria, ...r.overall].map((a) => [a.criterion ?? 'all', a.level, String(a.units), String(a.pairs), fixed(a.alpha, 3)]),
  );
  for (const a of r.assessors.filter((x) => x.flag)) {
    const pairs = shown.find((t) => t.caption === `Pairs behind ${a.assessor} (${a.flag})`).rows;
    assert.deepEqual(
      pairs.map((p) => [p[0], p[1], p[3], p[5]]),
      a.flagged_pairs.map((p) => [p.worker, p.criterion, p.other, signed(p.difference)]),
    );
  }
});

test('the adverse-impact table shows the figures of `proficient screen --people`, small groups as *', async () => {
  const own = screen(null, PROFILE, evidence, { asOf: AS_OF, people, peopleFile: PEOPLE, minCell: MIN_CELL });
  const r = expected(['screen', '--profile', PROFILE, '--evidence', EVIDENCE, '--as-of', AS_OF, '--people', PEOPLE, '--min-cell', String(MIN_CELL)], own).adverse_impact;
  const shown = await tables('adverse-impact');
  assert.equal(shown.length, r.attributes.length);
  for (const [i, a] of r.attributes.entries()) {
    assert.equal(shown[i].caption, `${a.attribute} (most selected: ${a.most_selected ?? '–'})`);
    const want = [...a.groups, a.total].map((g, k) =>
      g.suppressed
        ? [g.group, ...Array(8).fill('*')]
        : [
            k === a.groups.length ? 'all candidates' : g.group,
            String(g.candidates),
            String(g.meeting_essentials),
            pct(g.selection_rate),
            g.ci_low === null ? '–' : `${pct(g.ci_low)} – ${pct(g.ci_high)}`,
            fixed(g.relative_likelihood, 2),
            fixed(g.ratio_to_most_selected, 2),
            g.four_fifths === null ? '–' : g.four_fifths ? 'below 4/5' : '',
            g.fisher_p === null ? '' : g.fisher_p.toFixed(3),
          ],
    );
    assert.deepEqual(shown[i].rows, want);
  }
});

test('with a higher min_cell a group is suppressed and no page text shows its numbers', async () => {
  const html = report('job-retention', evidence, { asOf: AS_OF, profile: PROFILE, people, peopleFile: PEOPLE, minCell: 5, attributes: ['sex'] });
  const r = screen(null, PROFILE, evidence, { asOf: AS_OF, people, peopleFile: PEOPLE, minCell: 5, attributes: ['sex'] }).adverse_impact;
  const hidden = r.attributes[0].groups.filter((g) => g.suppressed);
  assert.ok(hidden.length >= 1, 'a group under 5 candidates');
  const fresh = await browser.newPage();
  try {
    await fresh.setContent(html);
    const rows = await fresh.$$eval('#adverse-impact tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    for (const g of hidden) {
      assert.deepEqual(rows.find((row) => row[0] === g.group), [g.group, ...Array(8).fill('*')]);
    }
  } finally {
    await fresh.close();
  }
});

test('evidence naming no assessor: the calibration section is one plain line', () => {
  const text = readFileSync(path.join(repoRoot, EVIDENCE), 'utf8').split('\n');
  const header = text[0].split(',');
  const at = header.indexOf('assessor');
  // The first rows, with the assessor cell emptied (no quoted commas before it in the demo).
  const rows = text.slice(1, 40).filter((l) => l).map((l) => l.split(',').map((c, i) => (i === at ? '' : c)).join(','));
  const html = report('job-retention', [text[0], ...rows].join('\n'), { asOf: AS_OF });
  const section = html.slice(html.indexOf('<section id="assessors">'), html.indexOf('<section id="rejected">'));
  assert.match(section, /No evidence item names an assessor \(\d+ accepted items\): there is nothing to calibrate\./);
  assert.doesNotMatch(section, /<table/);
});
