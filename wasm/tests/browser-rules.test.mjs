// The page in real Chromium with rules, level bands and `aggregate:
// latest` (issue 18): the shipped fidelity scale's demo reviews loaded with
// the page's demo button show each team's overall level, the team whose
// rule is not met with the criteria it needs, and the reviews a later one
// supersedes; a framework file with domain and overall bands (vector 36)
// shows the levels its reference result gives. Numbers are checked against
// `proficient score --format json` (the CLI), else the package in Node.
// Set up as browser.test.mjs (Debian's Chromium, playwright-core, the page
// served on 127.0.0.1); no console errors allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { score as scoreInNode, shippedFramework } from 'proficient-wasm';
import { openServedPage } from './chromium.mjs';
import { repoRoot, cliBin } from './helpers.mjs';

const REVIEWS = path.join(repoRoot, 'examples/ips-fidelity-reviews.csv');
const AS_OF = '2026-06-30';

/** The CLI's JSON of the demo reviews, or (without a built CLI) the package's in Node. */
function expectedFidelity() {
  const bin = cliBin;
  if (!bin) return scoreInNode('ips-fidelity', readFileSync(REVIEWS), { asOf: AS_OF });
  const args = ['score', '--framework', 'ips-fidelity', '--evidence', REVIEWS, '--as-of', AS_OF, '--format', 'json'];
  return JSON.parse(execFileSync(bin, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

let session;
let page;
let consoleErrors;

before(async () => {
  assert.ok(existsSync(path.join(repoRoot, 'wasm/www/demo/ips-fidelity-reviews.csv')), 'wasm/www/demo missing the fidelity reviews: run wasm/build.sh');
  session = await openServedPage();
  ({ page, problems: consoleErrors } = session);
});

after(async () => {
  await session?.close();
});

/** Each matrix row: worker, overall level shown, and each cell's status and needs. */
function matrix() {
  return page.$$eval('#matrix tbody tr', (rows) =>
    rows.map((r) => ({
      worker: r.dataset.worker,
      overall: r.querySelector('td.overall .band')?.dataset.level ?? null,
      overallText: r.querySelector('td.overall .band')?.textContent ?? null,
      domains: [...r.querySelectorAll('td.domain')].map((td) => td.querySelector('.band')?.dataset.level ?? null),
      cells: [...r.querySelectorAll('td.cell')].map((td) => ({ status: td.dataset.status, needs: td.dataset.needs ?? null, level: td.dataset.level })),
    })),
  );
}

test('the fidelity demo shows overall levels, the rule a team has not met with what it needs, and superseded reviews', async () => {
  const expected = expectedFidelity();
  const labels = new Map(shippedFramework('ips-fidelity').toJSON().overall_levels.map((l) => [l.id, l.label]));
  await page.selectOption('#framework-select', 'ips-fidelity');
  await page.click('#demo-evidence');
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent.includes('ips-fidelity-reviews.csv'));
  assert.match(await page.textContent('#summary'), new RegExp(`as of ${AS_OF}`));

  const shown = await matrix();
  assert.deepEqual(shown.map((w) => w.worker), expected.workers.map((w) => w.worker));
  let ruled = 0;
  for (const [i, w] of expected.workers.entries()) {
    const got = shown[i];
    assert.equal(got.overall, w.overall_level ?? null, w.worker);
    if (w.overall_level) assert.equal(got.overallText, labels.get(w.overall_level), w.worker);
    for (const [j, c] of w.competencies.entries()) {
      assert.equal(got.cells[j].status, c.status, `${w.worker} ${c.id}`);
      if (c.status !== 'rule_not_met') {
        assert.equal(got.cells[j].needs, null);
        continue;
      }
      ruled += 1;
      // The criteria not met, and how many more the rule needs.
      for (const id of [...c.rule.required_unmet, ...c.rule.unmet]) assert.ok(got.cells[j].needs.includes(id), `${id} in ${got.cells[j].needs}`);
      const more = c.rule.criteria_needed - c.rule.criteria_met - c.rule.required_unmet.length;
      if (more > 0) assert.ok(got.cells[j].needs.includes(`needs ${more} more of`), got.cells[j].needs);
    }
  }
  // The demo has a team that misses items of the scale (rule: all) and teams at good and exemplary.
  assert.ok(ruled > 0, 'a rule not met');
  assert.ok(shown.some((w) => w.overall === 'good') && shown.some((w) => w.overall === 'exemplary'));
  assert.match(await page.textContent('#legend'), /Overall: Not supported employment ≥ 0, Fair fidelity ≥ 0\.49, Good fidelity ≥ 0\.75, Exemplary fidelity ≥ 0\.9/);
  assert.match(await page.textContent('#legend'), /rule not met/);

  // The team whose rule is not met: its explanation says what it needs.
  const team = expected.workers.find((w) => w.competencies.some((c) => c.status === 'rule_not_met'));
  const comp = team.competencies.find((c) => c.status === 'rule_not_met');
  await page.selectOption('#worker-select', team.worker);
  await page.waitForFunction((id) => document.querySelector('#worker-overall')?.textContent.startsWith(id), team.worker);
  const needs = await page.textContent(`#explanation .rule-needs[data-competency="${comp.id}"]`);
  assert.match(needs, new RegExp(`${comp.rule.criteria_met} of ${comp.rule.criteria_needed} criteria met`));
  for (const id of comp.rule.unmet) assert.ok(needs.includes(id), needs);

  // A team re-reviewed: its earlier ratings are superseded (aggregate latest).
  const reviewed = expected.workers.find((w) => w.competencies.some((c) => c.criteria.some((k) => k.evidence.some((e) => e.superseded))));
  assert.ok(reviewed, 'a re-reviewed team in the demo');
  const superseded = reviewed.competencies.flatMap((c) => c.criteria.flatMap((k) => k.evidence.filter((e) => e.superseded))).length;
  await page.selectOption('#worker-select', reviewed.worker);
  await page.waitForFunction((id) => document.querySelector('#worker-overall')?.textContent.startsWith(id), reviewed.worker);
  assert.equal(await page.locator('#explanation tr.item[data-superseded="true"]').count(), superseded);
  assert.match(await page.textContent('#aggregate-hint'), /Aggregate latest/);
  assert.match(await page.textContent('#worker-overall'), new RegExp(`\\(${labels.get(reviewed.overall_level)}\\)`));
  assert.deepEqual(consoleErrors, []);
});

test('a framework file with domain and overall bands shows the levels of its reference result', async () => {
  // Vector 36: expected levels worked out by tests/vectors/reference.py.
  const dir = path.join(repoRoot, 'tests/vectors/36-levels-domain-overall');
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const c = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8'));
  await page.setInputFiles('#framework-file', path.join(dir, 'framework.yaml'));
  await page.waitForFunction(() => document.querySelector('#framework-source')?.textContent.startsWith('framework.yaml:'));
  await page.setInputFiles('#evidence-file', path.join(dir, 'evidence.csv'));
  await page.fill('#as-of', c.as_of);
  await page.waitForFunction((asOf) => document.querySelector('#summary')?.textContent.includes(`as of ${asOf}`) && document.querySelector('#summary').textContent.includes('evidence.csv'), c.as_of);
  const shown = await matrix();
  assert.deepEqual(shown.map((w) => w.worker), expected.workers.map((w) => w.worker));
  for (const [i, w] of expected.workers.entries()) {
    assert.equal(shown[i].overall, w.overall_level ?? null, w.worker);
    assert.deepEqual(shown[i].domains, w.domains.map((d) => d.level ?? null), w.worker);
  }
  assert.ok(shown.some((w) => w.domains.includes('solid')) && shown.some((w) => w.overall === 'exemplary'));
  assert.deepEqual(consoleErrors, []);
});
