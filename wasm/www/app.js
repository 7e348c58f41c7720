// The page: loads a framework, evidence and a profile chosen by the person
// using it, scores them with proficient-wasm and shows the results. No
// framework, no build step; everything runs locally.
import init, {
  ProficientError,
  initExtra,
  loadFramework,
  loadProfile,
  score,
  scoreWorkbook,
  screen,
  shippedFramework,
  shippedFrameworks,
  shippedProfile,
  shippedProfiles,
  version,
} from './pkg/index.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** Creates an element: h('td', {class: 'x', dataset: {score: 1}}, 'text', child). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  el.append(...children.flat(Infinity).filter((c) => c != null).map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.setAttribute('class', v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

const num = (x, digits = 2) => (x === null || x === undefined ? '–' : x.toFixed(digits));
const pct = (x) => `${Math.round(x * 100)}%`;

/** Local date as YYYY-MM-DD (what a date input shows). */
function localToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const state = {
  framework: null, // Framework
  frameworkData: null, // its toJSON()
  frameworkLabel: '',
  frameworkError: null,
  evidence: null, // {name, bytes}
  profile: null, // Profile
  profileError: null,
  profileChoice: null, // shipped name, 'file', '' (none) or null (the first shipped one)
  profileFile: null, // {name, bytes}
  worker: null,
  sources: new Map(), // file name -> text, to quote lines in errors
};

// ---------------------------------------------------------------- inputs

function readFile(file) {
  return file.arrayBuffer().then((buf) => ({ name: file.name, bytes: new Uint8Array(buf) }));
}

function remember(name, bytes) {
  state.sources.set(name, new TextDecoder('utf-8', { fatal: false }).decode(bytes));
}

function setFramework(name, loader) {
  state.framework = null;
  state.frameworkData = null;
  state.frameworkError = null;
  try {
    state.framework = loader();
    state.frameworkData = state.framework.toJSON();
    state.frameworkLabel = name;
  } catch (e) {
    state.frameworkError = e;
    state.frameworkLabel = name;
  }
  fillProfiles();
  setProfile();
}

async function chooseShippedFramework(name) {
  // A shipped framework the main module does not carry (rules, level
  // bands of domains or the overall score) is read by the second module.
  try {
    shippedFramework(name);
  } catch (e) {
    if (!(e instanceof ProficientError) && !(await fileReader())) return;
  }
  setFramework(name, () => shippedFramework(name));
  $('framework-source').textContent = state.framework ? `Shipped: ${state.framework.title} (v${state.framework.version})` : '';
}

/**
 * The second module reads framework and profile files and JSON evidence:
 * fetched (from this page's origin) the first time one is loaded. False,
 * with the reason shown, when it cannot be loaded.
 */
async function fileReader() {
  try {
    await initExtra();
    return true;
  } catch (e) {
    showErrors([{ title: 'Engine', message: `the file reader could not be loaded: ${e?.message ?? e}` }]);
    return false;
  }
}

async function frameworkFromFile(file) {
  const f = await readFile(file);
  if (!(await fileReader())) return;
  remember(f.name, f.bytes);
  $('framework-select').value = '';
  setFramework(f.name, () => loadFramework(f.bytes, { file: f.name }));
  $('framework-source').textContent = state.framework
    ? `${f.name}: ${state.framework.title} (v${state.framework.version})`
    : `${f.name}: not loaded, see the errors below`;
  update();
}

async function evidenceFromFile(file) {
  const f = await readFile(file);
  // A workbook's errors name its sheet and cell: no lines to quote.
  if (!isWorkbookBytes(f.bytes)) remember(f.name, f.bytes);
  state.evidence = f;
  $('evidence-source').textContent = `${f.name} (${f.bytes.length.toLocaleString('en')} bytes)`;
  update();
}

/** The demo evidence of each shipped framework (examples/). */
const DEMOS = {
  'job-retention': { name: 'job-retention-evidence.csv', what: '570 items, 12 workers' },
  'job-coach': { name: 'job-coach-evidence.csv', what: '54 items, 5 job coaches' },
  'ips-fidelity': { name: 'ips-fidelity-reviews.csv', what: '98 ratings, 3 teams reviewed' },
};

/** The demo evidence of the shipped framework chosen (job retention's when
 * the framework chosen has none). */
async function demoEvidence() {
  const chosen = $('framework-select').value;
  const framework = DEMOS[chosen] ? chosen : 'job-retention';
  const { name, what } = DEMOS[framework];
  const response = await fetch(`demo/${name}`);
  if (!response.ok) {
    showErrors([{ title: 'Demo evidence', message: `could not load demo/${name} (${response.status})` }]);
    return;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  remember(name, bytes);
  state.evidence = { name, bytes };
  $('framework-select').value = framework;
  chooseShippedFramework(framework);
  $('as-of').value = '2026-06-30';
  $('evidence-source').textContent = `${name}: the demo evidence (${what}), scored as of 2026-06-30`;
  update();
}

function fillProfiles() {
  const select = $('profile-select');
  const fwId = state.framework?.id;
  const keep = state.profileChoice;
  select.replaceChildren(h('option', { value: '' }, 'None'));
  for (const p of shippedProfiles()) {
    if (p.framework === fwId) select.append(h('option', { value: p.name }, `${p.title} (shipped)`));
  }
  if (state.profileFile) select.append(h('option', { value: 'file' }, `${state.profileFile.name} (your file)`));
  const values = [...select.options].map((o) => o.value);
  if (keep !== null && values.includes(keep)) select.value = keep;
  else select.value = values.find((v) => v !== '' && v !== 'file') ?? '';
  state.profileChoice = select.value;
}

function setProfile() {
  state.profile = null;
  state.profileError = null;
  const choice = state.profileChoice;
  if (!state.framework || !choice) {
    $('profile-source').textContent = '';
    return;
  }
  try {
    if (choice === 'file') {
      state.profile = loadProfile(state.profileFile.bytes, { framework: state.framework, file: state.profileFile.name });
    } else {
      state.profile = shippedProfile(choice, { framework: state.framework });
    }
    const req = state.profile.toJSON().requirements;
    const essential = req.filter((r) => r.importance === 'essential').length;
    $('profile-source').textContent = `${state.profile.title}: ${essential} essential, ${req.length - essential} desirable requirements`;
  } catch (e) {
    state.profileError = e;
    $('profile-source').textContent = 'Profile not loaded, see the errors below';
  }
}

async function profileFromFile(file) {
  const f = await readFile(file);
  if (!(await fileReader())) return;
  remember(f.name, f.bytes);
  state.profileFile = f;
  state.profileChoice = 'file';
  fillProfiles();
  setProfile();
  update();
}

function wireDrop(box, handler) {
  box.addEventListener('dragover', (e) => {
    e.preventDefault();
    box.classList.add('over');
  });
  box.addEventListener('dragleave', () => box.classList.remove('over'));
  box.addEventListener('drop', (e) => {
    e.preventDefault();
    box.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) handler(file);
  });
}

// ---------------------------------------------------------------- errors

/** The quoted source line of a diagnostic, with a caret under its column. */
function quote(d) {
  const text = d.file ? state.sources.get(d.file) : undefined;
  if (text === undefined || d.line == null) return null;
  const line = text.split(/\r?\n/)[d.line - 1];
  if (line === undefined) return null;
  const out = [`${String(d.line).padStart(4)} | ${line}`];
  if (d.column != null) out.push(`     | ${' '.repeat(Math.max(0, d.column - 1))}^`);
  return h('pre', { class: 'quote' }, out.join('\n'));
}

function describe(e, what) {
  if (!(e instanceof ProficientError)) return [{ title: what, message: String(e?.message ?? e) }];
  return e.errors.map((d) => ({ title: what, diagnostic: d }));
}

function showErrors(items) {
  const box = $('errors');
  if (items.length === 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  const list = h('ul', { class: 'error-list' });
  for (const item of items) {
    const d = item.diagnostic;
    if (!d) {
      list.append(h('li', {}, h('strong', {}, `${item.title}: `), item.message));
      continue;
    }
    const where = [];
    if (d.file) where.push(d.file);
    if (d.line != null) where.push(`line ${d.line}`);
    if (d.column != null) where.push(`column ${d.column}`);
    list.append(
      h(
        'li',
        { class: 'error', dataset: { line: d.line ?? '', column: d.column ?? '', code: d.code, path: d.path } },
        h('strong', { class: 'where' }, `${item.title} · ${where.join(', ') || 'whole input'}`),
        d.path ? h('code', { class: 'path' }, d.path) : null,
        h('span', { class: 'message' }, d.message),
        quote(d),
      ),
    );
  }
  const count = items.length === 1 ? 'A problem' : `${items.length} problems`;
  box.replaceChildren(h('h2', {}, `${count} in the loaded files`), list);
}

// ---------------------------------------------------------------- results

/** Levels by id, with their position and a one-letter mark (as the CLI's table). */
function levelInfo() {
  const levels = state.frameworkData.levels;
  const letters = levels.map((l) => l.id.charAt(0).toUpperCase());
  const unique = new Set(letters).size === letters.length;
  return new Map(levels.map((l, i) => [l.id, { ...l, index: i, of: levels.length, mark: unique ? letters[i] : String(i) }]));
}

function shortCodes(competencies) {
  const short = competencies.map((c) => c.id.split('-')[0]);
  return new Set(short).size === short.length ? short : competencies.map((c) => c.id);
}

function levelClass(info) {
  // Five shades from the lowest level to the highest, whatever their number.
  const shade = info.of <= 1 ? 4 : Math.round((info.index / (info.of - 1)) * 4);
  return `lv lv${shade}`;
}

function renderMatrix(result) {
  const fw = state.frameworkData;
  const levels = levelInfo();
  const codes = shortCodes(fw.competencies);
  const table = $('matrix');
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Worker'),
    h('th', { scope: 'col' }, 'Overall'),
    fw.domains.map((d) => h('th', { scope: 'col', title: d.label }, d.id)),
    fw.competencies.map((c, i) => h('th', { scope: 'col', class: 'comp' }, h('abbr', { title: `${c.id}: ${c.statement}` }, codes[i]))),
  );
  const body = result.workers.map((w) =>
    h(
      'tr',
      { dataset: { worker: w.worker }, class: w.worker === state.worker ? 'selected' : null },
      h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'data-select': w.worker, 'aria-label': `Show ${w.worker}` }, w.worker)),
      h('td', { class: 'num overall', dataset: { score: w.overall ?? '' } }, num(w.overall), bandMark(w.overall_level, fw.overall_levels)),
      w.domains.map((d, di) => h('td', { class: 'num domain', dataset: { domain: d.id, score: d.score ?? '' } }, num(d.score), bandMark(d.level, fw.domains[di]?.levels))),
      w.competencies.map((c, i) => {
        const info = c.level ? levels.get(c.level) : null;
        const ruled = c.status === 'rule_not_met';
        const mark = info ? info.mark : ruled ? '!' : c.score === null ? '–' : '?';
        const cls = info ? levelClass(info) : ruled ? 'lv rule' : c.score === null ? 'lv none' : 'lv insufficient';
        const standing = info ? info.label : ruled ? `rule not met: ${ruleNeeds(c.rule)}` : c.score === null ? 'no evidence' : 'insufficient evidence';
        const title = `${w.worker} · ${fw.competencies[i].id}: ${standing}${c.score === null ? '' : `, score ${num(c.score, 3)}`}`;
        return h(
          'td',
          { class: `cell ${cls}`, title, dataset: { competency: c.id, level: c.level ?? '', score: c.score ?? '', status: c.status, ...(ruled ? { needs: ruleNeeds(c.rule) } : {}) } },
          h('span', { class: 'mark' }, mark),
          c.score === null ? null : h('span', { class: 'score' }, num(c.score)),
        );
      }),
    ),
  );
  table.replaceChildren(
    h('caption', { class: 'visually-hidden' }, 'Levels and scores of every worker in every competency'),
    h('thead', {}, head),
    h('tbody', {}, body),
  );
  $('legend').replaceChildren(
    'Levels: ',
    ...fw.levels.map((l) => h('span', { class: `key ${levelClass(levels.get(l.id))}` }, `${levels.get(l.id).mark} ${l.label} (≥ ${l.threshold})`)),
    ...bandsLegend(fw, result),
  );
}

function radar(worker) {
  const fw = state.frameworkData;
  const codes = shortCodes(fw.competencies);
  const n = fw.competencies.length;
  const size = 360;
  const c = size / 2;
  const r = 130;
  const angle = (i) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const at = (i, v) => [c + r * v * Math.cos(angle(i)), c + r * v * Math.sin(angle(i))];
  const svg = s('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-labelledby': 'radar-title radar-desc', class: 'radar' });
  svg.append(
    s('title', { id: 'radar-title' }, `Competency scores of ${worker.worker}`),
    s('desc', { id: 'radar-desc' }, worker.competencies.map((x) => `${x.id} ${x.score === null ? 'no evidence' : num(x.score)}`).join(', ')),
  );
  for (const level of fw.levels.filter((l) => l.threshold > 0)) {
    const pts = fw.competencies.map((_, i) => at(i, level.threshold).join(',')).join(' ');
    svg.append(s('polygon', { points: pts, class: 'ring' }));
    svg.append(s('text', { x: c + 3, y: c - r * level.threshold - 2, class: 'ring-label' }, level.label));
  }
  svg.append(s('polygon', { points: fw.competencies.map((_, i) => at(i, 1).join(',')).join(' '), class: 'ring outer' }));
  fw.competencies.forEach((comp, i) => {
    const [x, y] = at(i, 1);
    svg.append(s('line', { x1: c, y1: c, x2: x, y2: y, class: 'axis' }));
    const [lx, ly] = at(i, 1.13);
    svg.append(s('text', { x: lx, y: ly, class: 'axis-label', 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, s('title', {}, comp.statement), codes[i]));
  });
  const pts = worker.competencies.map((x, i) => at(i, x.score ?? 0).join(',')).join(' ');
  svg.append(s('polygon', { points: pts, class: 'shape' }));
  worker.competencies.forEach((x, i) => {
    const [px, py] = at(i, x.score ?? 0);
    const cls = x.score === null ? 'dot none' : x.status === 'assessed' ? 'dot' : 'dot insufficient';
    svg.append(s('circle', { cx: px, cy: py, r: 4, class: cls }, s('title', {}, `${x.id}: ${x.score === null ? 'no evidence' : num(x.score, 3)}`)));
  });
  return svg;
}

/** A competency's criteria (indices) in reading order: those in no section,
 * then each section's in the order of `sections` (docs/scoring.md). */
function readingOrder(def) {
  const sections = (def.sections ?? []).map((x) => x.id);
  const loose = def.criteria.map((k, i) => i).filter((i) => !sections.includes(def.criteria[i].section));
  return loose.concat(...sections.map((id) => def.criteria.map((k, i) => i).filter((i) => def.criteria[i].section === id)));
}

/** The rating an item gave and the anchor at it: "rated 4 of 5 — 'mostly integrated'". */
function rated(e, top) {
  const r = Math.round(e.rating * 1e9) / 1e9;
  return `rated ${r} of ${top}${e.anchor == null ? ' (no anchor at this point)' : ` — '${e.anchor}'`}`;
}

function renderWorker(result) {
  const fw = state.frameworkData;
  const select = $('worker-select');
  select.replaceChildren(...result.workers.map((w) => h('option', { value: w.worker }, w.worker)));
  if (!result.workers.some((w) => w.worker === state.worker)) state.worker = result.workers[0]?.worker ?? null;
  select.value = state.worker ?? '';
  const worker = result.workers.find((w) => w.worker === state.worker);
  if (!worker) {
    $('radar').replaceChildren();
    $('radar-caption').textContent = '';
    $('explanation').replaceChildren(h('p', {}, 'No workers in the evidence.'));
    return;
  }
  for (const row of $('matrix').querySelectorAll('tbody tr')) row.classList.toggle('selected', row.dataset.worker === worker.worker);
  if (fw.competencies.length === 0) {
    // A framework with no competencies yet (valid): a chart with no axes says nothing.
    $('radar').replaceChildren();
    $('radar-caption').textContent = `${worker.worker}: the framework has no competencies yet, so there is nothing to chart.`;
  } else {
    $('radar').replaceChildren(radar(worker));
    $('radar-caption').textContent = `${worker.worker}: overall ${num(worker.overall)}; rings mark the level thresholds; hollow dots: not enough evidence for a level.`;
  }

  const levels = levelInfo();
  const p = result.policy;
  const parts = [
    h(
      'p',
      { id: 'worker-overall' },
      h('strong', {}, worker.worker),
      `: overall ${num(worker.overall)}${bandLabel(worker.overall_level, fw.overall_levels)}`,
      worker.domains.length ? [' (', worker.domains.map((d, i) => [i ? ', ' : '', `${d.id} ${num(d.score)}${bandLabel(d.level, fw.domains[i]?.levels)}`]), ')'] : null,
    ),
    aggregateHint(p),
    h(
      'p',
      { class: 'hint' },
      `Weight of an item = kind weight × 0.5^(age / ${p.half_life_days === null ? '∞' : `${p.half_life_days} days`})` +
        `${p.max_age_days === null ? '' : `; items over ${p.max_age_days} days old are not used`}` +
        `; a competency needs ≥ ${p.min_items} item(s) and ≥ ${pct(p.min_coverage)} coverage for a level.`,
    ),
  ];
  worker.competencies.forEach((comp, ci) => {
    const def = fw.competencies[ci];
    const info = comp.level ? levels.get(comp.level) : null;
    const summary = h(
      'summary',
      {},
      h('strong', {}, comp.id),
      ` · score ${num(comp.score, 3)} · ${info ? info.label : comp.status === 'rule_not_met' ? 'rule not met' : comp.score === null ? 'no evidence' : 'insufficient evidence'} · ${comp.items} item(s) · coverage ${pct(comp.coverage)}`,
    );
    const rows = [];
    let section = null;
    readingOrder(def).forEach((ki) => {
      const k = comp.criteria[ki];
      const kdef = def.criteria[ki];
      const sec = (def.sections ?? []).find((x) => x.id === kdef.section) ?? null;
      if (sec && sec !== section) {
        rows.push(h('tr', { class: 'section' }, h('th', { scope: 'rowgroup', colspan: 6 }, `§ ${sec.label}`)));
      }
      section = sec;
      const top = kdef.measure.max ?? fw.rating_scale.max;
      rows.push(
        h(
          'tr',
          { class: 'criterion' },
          h('th', { scope: 'row', colspan: 2 }, h('abbr', { title: kdef.statement }, k.id)),
          h('td', {}, kdef.measure.type),
          h('td', { class: 'num' }, kdef.weight ?? 1),
          h('td', { class: 'num' }, num(k.score, 3)),
          h('td', { class: 'num' }, k.items ? `Σw ${num(k.weight, 3)}` : 'no evidence'),
        ),
      );
      if (k.rating != null && k.anchor != null) {
        rows.push(h('tr', { class: 'anchor' }, h('td', { colspan: 6 }, `mean rating ${num(k.rating)} of ${top}, nearest anchor '${k.anchor}'`)));
      }
      for (const e of k.evidence) {
        rows.push(
          h(
            'tr',
            { class: e.superseded ? 'item superseded' : 'item', dataset: e.superseded ? { superseded: 'true' } : null },
            h('td', {}, `line ${e.line}`, supersededNote(e)),
            h('td', {}, e.id ?? '–'),
            h('td', {}, e.date),
            h('td', {}, e.kind),
            h('td', { class: 'num' }, `w ${num(e.weight, 3)}`),
            h('td', { class: 'num' }, `v ${num(e.value, 3)}`, e.rating == null ? null : [h('br'), rated(e, top)]),
          ),
        );
      }
    });
    const table = h(
      'table',
      { class: 'explain' },
      h('thead', {}, h('tr', {}, ['Criterion / line', 'Id', 'Measure / date', 'Weight / kind', 'Score / w', 'Σw / v'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows),
    );
    parts.push(h('details', { dataset: { competency: comp.id } }, summary, h('p', { class: 'statement' }, def.statement), ruleParagraph(comp), h('div', { class: 'scroll' }, table)));
  });
  const rejected = result.rejected.filter((x) => x.worker === worker.worker);
  if (rejected.length) {
    parts.push(
      h('p', {}, `${rejected.length} rejected item(s) of ${worker.worker}: `, rejected.map((x, i) => [i ? '; ' : '', `line ${x.line} ${x.reason}`])),
    );
  }
  $('explanation').replaceChildren(...parts);
}

function renderScreening(shortlist) {
  const table = $('screening');
  if (!shortlist) {
    table.replaceChildren();
    $('screening-summary').textContent = state.profileChoice === '' ? 'Choose a role profile to see a shortlist.' : 'No shortlist: the profile did not load.';
    return;
  }
  const meets = shortlist.candidates.filter((c) => c.meets_essential).length;
  $('screening-summary').textContent = `Against ${state.profile.title} (${shortlist.profile}): ${meets} of ${shortlist.candidates.length} meet every essential requirement. Ranked by essential met, desirable met, then overall score.`;
  const gapText = (g) => {
    if (g.status === 'rule_not_met' || g.overall || g.domain != null) return ruleOrBandGap(g);
    const now = g.status === 'no_evidence' ? 'no evidence' : g.status === 'insufficient_evidence' ? `insufficient evidence (${num(g.score)})` : g.current_level;
    return `${g.importance === 'essential' ? '! ' : ''}${g.competency} needs ${g.required_level}, now ${now}`;
  };
  table.replaceChildren(
    h('caption', { class: 'visually-hidden' }, 'Ranked shortlist'),
    h('thead', {}, h('tr', {}, ['Rank', 'Worker', 'Meets essential', 'Essential', 'Desirable', 'Overall', 'Training needs (! essential)'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      shortlist.candidates.map((c) =>
        h(
          'tr',
          { dataset: { worker: c.worker, rank: c.rank }, class: c.meets_essential ? 'meets' : null },
          h('td', { class: 'num rank' }, c.rank),
          h('th', { scope: 'row' }, c.worker),
          h('td', { class: 'meets-essential' }, c.meets_essential ? 'yes' : 'no'),
          h('td', { class: 'num essential' }, `${c.essential_met}/${c.essential_total}`),
          h('td', { class: 'num desirable' }, `${c.desirable_met}/${c.desirable_total}`),
          h('td', { class: 'num overall', dataset: { score: c.overall ?? '' } }, num(c.overall), bandMark(c.overall_level, state.frameworkData.overall_levels)),
          h('td', { class: 'gaps' }, c.gaps.length ? h('ul', {}, c.gaps.map((g) => h('li', {}, gapText(g)))) : 'none'),
        ),
      ),
    ),
  );
}

// ------------------------------- rules, level bands, aggregates (issue 18)

/** The label of band `id` among `bands` (a domain's or the overall levels), or ''. */
function bandName(id, bands) {
  return (bands ?? []).find((l) => l.id === id)?.label ?? id;
}

/** ` (Good)` after a score with a band level, or ''. */
function bandLabel(id, bands) {
  return id == null ? '' : ` (${bandName(id, bands)})`;
}

/** A band level shown under a score in a table cell (data-level for tests), or null. */
function bandMark(id, bands) {
  return id == null ? null : h('span', { class: 'band', dataset: { level: id } }, bandName(id, bands));
}

/** What a competency whose rule is not met needs, as the CLI says it. */
function ruleNeeds(rule) {
  if (!rule || rule.met) return '';
  const parts = rule.required_unmet.map((id) => `needs ${id} (required)`);
  const short = rule.criteria_needed - rule.criteria_met - rule.required_unmet.length;
  if (short > 0 && rule.unmet.length) parts.push(`needs ${short} more of ${rule.unmet.join(', ')}`);
  return parts.join('; ');
}

/** The paragraph under a competency whose rule is not met, or null. */
function ruleParagraph(comp) {
  if (comp.status !== 'rule_not_met') return null;
  return h(
    'p',
    { class: 'rule-needs', dataset: { competency: comp.id } },
    h('strong', {}, 'Rule not met'),
    ` (${comp.rule.criteria_met} of ${comp.rule.criteria_needed} criteria met): ${ruleNeeds(comp.rule)}. No level until it is.`,
  );
}

/** The note on an item a later review supersedes (`aggregate: latest`), or null. */
function supersededNote(e) {
  return e.superseded ? h('span', { class: 'superseded-note' }, ' superseded') : null;
}

/** The hint on how the policy's aggregate chooses items, or null for the default. */
function aggregateHint(p) {
  if (!p.aggregate || p.aggregate === 'weighted_mean') return null;
  const how =
    p.aggregate === 'latest'
      ? "only a criterion's items of its latest date count"
      : "only each assessor's items of their latest date count";
  return h('p', { class: 'hint', id: 'aggregate-hint' }, `Aggregate ${p.aggregate}: ${how}; earlier items are listed as superseded.`);
}

/** The legend of the overall and domain bands the framework has (nothing when none). */
function bandsLegend(fw, result) {
  const out = [];
  const bands = (what, levels) => h('span', { class: 'key bands' }, `${what}: ${levels.map((l) => `${l.label} ≥ ${l.threshold}`).join(', ')}`);
  if (fw.overall_levels?.length) out.push(' · ', bands('Overall', fw.overall_levels));
  for (const d of fw.domains) if (d.levels?.length) out.push(' · ', bands(`Domain ${d.id}`, d.levels));
  if (result.workers.some((w) => w.competencies.some((c) => c.status === 'rule_not_met'))) out.push(' · ', h('span', { class: 'key lv rule' }, '! rule not met'));
  return out;
}

/** What a screening gap of a rule not met needs (its `needs`, required ones marked). */
function gapNeeds(g) {
  const def = state.frameworkData.competencies.find((c) => c.id === g.competency);
  const required = (id) => def?.criteria.find((k) => k.id === id)?.required === true;
  const parts = g.needs.filter(required).map((id) => `needs ${id} (required)`);
  const others = g.needs.filter((id) => !required(id));
  if (g.needs_more != null && others.length) parts.push(`needs ${g.needs_more} more of ${others.join(', ')}`);
  return parts.join('; ');
}

/** A screening gap on a domain or the overall level, or one of a rule not met. */
function ruleOrBandGap(g) {
  const mark = g.importance === 'essential' ? '! ' : '';
  const target = g.overall ? 'overall' : g.domain != null ? `domain ${g.domain}` : g.competency;
  if (g.status === 'rule_not_met') return `${mark}${target}: rule not met, ${gapNeeds(g)}`;
  const now = g.status === 'no_evidence' ? 'no evidence' : g.current_level;
  return `${mark}${target} needs ${g.required_level}, now ${now}`;
}

function renderRejected(result) {
  const rows = result.rejected;
  const by = new Map();
  for (const r of rows) by.set(r.reason, (by.get(r.reason) ?? 0) + 1);
  $('rejected-summary').textContent = rows.length
    ? `${rows.length} of ${result.counts.items} items were not used: ${[...by].map(([k, v]) => `${k.replaceAll('_', ' ')} ${v}`).join(', ')}.`
    : 'Every item was used.';
  $('rejected').replaceChildren(
    h('caption', { class: 'visually-hidden' }, 'Evidence items not used, with the reason'),
    h('thead', {}, h('tr', {}, ['Line', 'Id', 'Worker', 'Criterion', 'Reason', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { dataset: { line: r.line, reason: r.reason } },
          h('td', { class: 'num' }, r.line),
          h('td', {}, r.id ?? '–'),
          h('td', {}, r.worker),
          h('td', {}, h('code', {}, r.criterion)),
          h('td', { class: 'reason' }, r.reason),
          h('td', {}, r.detail),
        ),
      ),
    ),
  );
}

function update() {
  const errors = [];
  if (state.frameworkError) errors.push(...describe(state.frameworkError, 'Framework'));
  if (state.profileError) errors.push(...describe(state.profileError, 'Profile'));
  let result = null;
  let shortlist = null;
  const asOf = $('as-of').value;
  if (state.framework && state.evidence && asOf) {
    const options = { asOf, file: state.evidence.name };
    try {
      result = score(state.framework, state.evidence.bytes, options);
      if (state.profile) shortlist = screen(state.framework, state.profile, state.evidence.bytes, options);
    } catch (e) {
      if (e instanceof ProficientError && e.code === 'needs_second_module') {
        // JSON Lines or JSON evidence: read by the second module, fetched
        // (from this page's origin) the first time such a file is scored.
        $('status').textContent = 'Loading the JSON reader…';
        fileReader().then((ok) => {
          if (ok) update();
          else $('status').textContent = 'No results: see the problems above.';
        });
        return;
      }
      errors.push(...describe(e, e instanceof ProficientError && e.kind === 'evidence' ? 'Evidence' : 'Scoring'));
    }
  }
  showErrors(errors);
  const status = $('status');
  if (!result) {
    $('result-body').hidden = true;
    status.textContent = !state.framework
      ? 'Choose a framework that loads without errors.'
      : !state.evidence
        ? 'Choose an evidence file (or use the demo evidence) to see results.'
        : !asOf
          ? 'Choose the date to score at.'
          : 'No results: see the problems above.';
    return;
  }
  const c = result.counts;
  status.textContent = `Scored ${c.items} items of ${result.workers.length} workers.`;
  $('summary').textContent = `${state.framework.title} (${result.framework} v${result.framework_version}) · as of ${result.as_of} · ${state.evidence.name}: ${c.items} items, ${c.used} used, ${c.rejected} rejected.`;
  $('result-body').hidden = false;
  renderMatrix(result);
  renderWorker(result);
  renderScreening(shortlist);
  renderRejected(result);
  state.lastResult = result;
}

// ---------------------------------------------------------------- workbooks

/** Whether `bytes` are a workbook's (.xlsx, .xlsm, .ods: a zip), read by the second module. */
function isWorkbookBytes(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/**
 * The results as a workbook download: the scores, the levels matrix and
 * the rejected items (`scoreWorkbook`, written by the second module, in
 * the page: nothing is sent anywhere).
 */
async function downloadWorkbook() {
  if (!state.framework || !state.evidence || !(await fileReader())) return;
  const asOf = $('as-of').value;
  let bytes;
  try {
    bytes = scoreWorkbook(state.framework, state.evidence.bytes, { asOf, file: state.evidence.name });
  } catch (e) {
    showErrors(describe(e, 'Workbook'));
    return;
  }
  const stem = state.evidence.name.replace(/\.[^.]*$/, '');
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = h('a', { href: url, download: `${stem}-scores-${asOf}.xlsx` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// ---------------------------------------------------------------- start

async function start() {
  try {
    // Only the main module: the page scores and screens CSV evidence
    // against the shipped frameworks and profile with it. The second
    // module (which reads YAML files and JSON evidence) is fetched when a
    // framework or profile file is loaded, or JSON evidence is scored.
    await init(undefined, { extra: false });
  } catch (e) {
    $('status').textContent = `The engine could not be loaded: ${e?.message ?? e}`;
    return;
  }
  $('version').textContent = `v${version()}`;
  const select = $('framework-select');
  select.append(h('option', { value: '' }, '(your own file)'));
  for (const f of shippedFrameworks()) select.append(h('option', { value: f.name }, `${f.title} (${f.competencies} competencies)`));
  select.value = 'job-retention';
  $('as-of').value = localToday();

  select.addEventListener('change', () => {
    if (select.value) {
      chooseShippedFramework(select.value);
      $('framework-file').value = '';
      update();
    }
  });
  $('framework-file').addEventListener('change', (e) => e.target.files[0] && frameworkFromFile(e.target.files[0]));
  $('evidence-file').addEventListener('change', (e) => e.target.files[0] && evidenceFromFile(e.target.files[0]));
  $('profile-file').addEventListener('change', (e) => e.target.files[0] && profileFromFile(e.target.files[0]));
  $('demo-evidence').addEventListener('click', demoEvidence);
  $('download-xlsx').addEventListener('click', downloadWorkbook);
  $('as-of').addEventListener('change', update);
  $('as-of').addEventListener('input', update);
  $('profile-select').addEventListener('change', (e) => {
    state.profileChoice = e.target.value;
    setProfile();
    update();
  });
  $('worker-select').addEventListener('change', (e) => {
    state.worker = e.target.value;
    if (state.lastResult) renderWorker(state.lastResult);
  });
  $('matrix').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-select]');
    if (!button) return;
    state.worker = button.dataset.select;
    if (state.lastResult) renderWorker(state.lastResult);
    $('worker-select').focus();
  });
  wireDrop($('framework-box'), frameworkFromFile);
  wireDrop($('evidence-box'), evidenceFromFile);
  wireDrop($('options-box'), profileFromFile);
  // Dropping a file elsewhere must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  chooseShippedFramework('job-retention');
  update();
  document.body.dataset.ready = 'true';
}

start();
