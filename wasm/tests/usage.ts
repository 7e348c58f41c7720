// Type-checked (tsc --noEmit, never run) usage of the package's public API:
// the declarations in js/index.d.ts and the generated js/types.d.ts must
// accept and describe all of this.
import init, {
  Framework,
  generate,
  list,
  schema,
  validate,
  badge,
  cohort,
  cpdEvidence,
  cpdSummary,
  exportCase,
  importCase,
  initExtra,
  initSync,
  loadCpd,
  loadPlans,
  progress,
  report,
  delphi,
  equality,
  ProficientError,
  formatDiagnostic,
  loadFramework,
  loadProfile,
  score,
  screen,
  shippedFramework,
  shippedFrameworks,
  shippedProfile,
  shippedProfiles,
  today,
  version,
  type CaseExport,
  type CaseImport,
  type CohortResult,
  type CpdSummary,
  type Plans,
  type ProgressResult,
  type TargetStatus,
  type CompetencyScore,
  type DelphiResult,
  type EqualityResult,
  type Diagnostic,
  type EvidenceObject,
  type FrameworkData,
  type Measure,
  type PolicyOverrides,
  type Reason,
  type ScoreResult,
  type ScreenResult,
} from 'proficient-wasm';

export async function usage(yaml: string, csv: Uint8Array): Promise<void> {
  await init();
  await init(new URL('./proficient_wasm_bg.wasm', 'https://example.invalid/'), { extra: false });
  await init(undefined, { extra: new URL('./proficient_wasm_extra_bg.wasm', 'https://example.invalid/') });
  await initExtra();
  initSync(csv, { extra: csv });
  const v: string = version();
  const fw: Framework = loadFramework(yaml, { file: 'framework.yaml' });
  const data: FrameworkData = fw.toJSON();
  const measures: Measure[] = data.competencies.flatMap((c) => c.criteria.map((k) => k.measure));
  for (const m of measures) {
    if (m.type === 'rate' || m.type === 'count') {
      const t: number = m.target;
      void t;
    }
  }
  const policy: PolicyOverrides = { half_life_days: null, kind_weights: { observation: 2 } };
  const result: ScoreResult = score(fw, csv, { asOf: today(), policy, explain: 'jr-001', file: 'evidence.csv' });
  const first: CompetencyScore | undefined = result.workers[0]?.competencies[0];
  const level: string | null = first?.level ?? null;
  const reasons: Reason[] = result.rejected.map((r) => r.reason);
  const items: EvidenceObject[] = [
    { worker: 'w1', criterion: 'k1.previous-employment', kind: 'interview', date: new Date(), value: 4 },
    { id: 'x', worker: 'w2', criterion: 's9.mediation-training', kind: 'certificate', date: '2026-01-01', value: true, expires: '2027-01-01' },
  ];
  score('job-retention', items, { asOf: new Date() });
  const shortlist: ScreenResult = screen(shippedFramework('job-retention'), 'job-retention-specialist', csv, { asOf: '2026-06-30' });
  const top: boolean | undefined = shortlist.candidates[0]?.meets_essential;
  const p = loadProfile(shippedProfiles()[0]?.yaml ?? '', { framework: fw });
  const p2 = shippedProfile('job-retention-specialist', { framework: 'job-retention' });
  const names: string[] = shippedFrameworks().map((f) => `${f.name} ${f.competencies}`);
  try {
    loadFramework(new Uint8Array(0));
  } catch (e) {
    if (e instanceof ProficientError) {
      const line: number | null = e.line;
      const column: number | null = e.column;
      const path: string = e.path;
      const all: Diagnostic[] = e.errors;
      const text: string = all.map(formatDiagnostic).join('\n');
      void [line, column, path, text, e.code, e.kind, e.file, e.message];
    }
  }
  void [v, level, reasons, top, p.id, p2.title, names];
  fw.free();
}

export function analyses(csv: string, ratings: Uint8Array): void {
  const e: EqualityResult = equality(csv, { group: 'ethnicity', outcome: 'cpd', period: 'year', minCell: 5 });
  const rate: number | null | undefined = e.cells[0]?.rate;
  const d: DelphiResult = delphi(ratings, { consensus: 0.75 });
  const d2: DelphiResult = delphi([{ participant: 'p', group: 'g', round: 1, item: 'a', score: 7 }]);
  const band: 'low' | 'middle' | 'high' | null | undefined = d.rounds[0]?.items[0]?.consensus_band;
  const c: CohortResult = cohort('job-retention', csv, { asOf: '2026-06-30', profile: 'job-retention-specialist', minHolders: 3 });
  const thin: string[] = c.thin;
  void [rate, d2, band, thin];
}

export function trainer(csv: string, plansYaml: string, cpdCsv: Uint8Array, pkg: string): void {
  const plans: Plans = loadPlans(plansYaml, { framework: 'job-retention', file: 'plans.yaml' });
  const cpd = loadCpd(cpdCsv, { framework: 'job-retention', file: 'cpd.csv' });
  const p: ProgressResult = progress('job-retention', csv, plans, { asOf: '2026-06-30', cpd, minGain: 0.1 });
  const status: TargetStatus | undefined = p.targets[0]?.status;
  const score: number | null | undefined = p.targets[0]?.trajectory[0]?.score;
  const s: CpdSummary = cpdSummary('job-retention', cpd, { period: 'month' });
  const made = cpdEvidence('job-retention', cpdCsv, { file: 'cpd.csv' });
  const html: string = report('job-retention', csv, { asOf: '2026-06-30', plans: plansYaml, cpd: cpdCsv, cpdFormat: 'csv' });
  const imported: CaseImport = importCase(pkg, { lenient: true, file: 'package.json' });
  const exported: CaseExport = exportCase(imported.framework);
  const replaced: string[] = exported.replaced.map((r) => `${r.path}: ${r.old} -> ${r.new}`);
  const credential = badge('job-retention', csv, {
    worker: 'jr-001',
    competency: 'k1-jobs-and-workplaces',
    level: 'competent',
    issuer: { id: 'https://example.org/issuer', name: 'Example' },
  });
  void [status, score, s.total_hours, made.length, html, replaced, credential['@context']];
}

export function model(yaml: string, bytes: Uint8Array): void {
  const checked = validate([yaml, { text: bytes, name: 'fw.yaml' }]);
  const problems: number = checked.reduce((n, v) => n + v.errors.length, 0);
  const kind: string | null | undefined = checked[0]?.kind;
  const shipped = list();
  const names: string[] = shipped.frameworks.map((f) => f.name);
  const frameworkSchema: Record<string, unknown> = schema('framework');
  const csv: string = generate({ items: 100, workers: 5, format: 'csv', seed: 7, asOf: '2026-01-31', rejectPerMille: 20 });
  const jsonl: string = generate({ items: 10, workers: 2, framework: 'job-retention', out: 'items.jsonl' });
  void [problems, kind, names, frameworkSchema, csv, jsonl];
}
