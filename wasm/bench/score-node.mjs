// Benchmark: scoring 10,000 generated evidence items with the WebAssembly
// package in Node, after load (module instantiated, framework loaded, a few
// warm-up runs). Prints the median of several runs for each input form.
//
//   node wasm/bench/score-node.mjs [items] [runs]
import { performance } from 'node:perf_hooks';
import { score, shippedFramework, version } from 'proficient-wasm';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 25);
const AS_OF = '2026-06-30';

// A fixed pseudo-random sequence (mulberry32), so every run scores the same items.
let seed = 2026;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const framework = shippedFramework('job-retention');
const data = framework.toJSON();
const kinds = data.evidence_kinds.map((k) => k.id);
const criteria = data.competencies.flatMap((c) => c.criteria);
const asOfMs = Date.parse(AS_OF);

const items = [];
for (let i = 0; i < N; i++) {
  const c = pick(criteria);
  const date = new Date(asOfMs - Math.floor(random() * 730) * 86_400_000).toISOString().slice(0, 10);
  const item = { id: `b${i}`, worker: `w${String(Math.floor(random() * 200)).padStart(3, '0')}`, criterion: c.id, kind: pick(c.kinds ?? kinds), date };
  switch (c.measure.type) {
    case 'rating':
      item.value = 1 + Math.floor(random() * 5);
      break;
    case 'binary':
      item.value = random() < 0.7 ? 'yes' : 'no';
      break;
    case 'count':
      item.value = Math.floor(random() * 6);
      break;
    case 'rate':
      item.denominator = 1 + Math.floor(random() * 10);
      item.numerator = Math.floor(random() * (item.denominator + 1));
      break;
  }
  items.push(item);
}
const columns = ['id', 'worker', 'criterion', 'kind', 'date', 'value', 'numerator', 'denominator'];
const csv = [columns.join(','), ...items.map((it) => columns.map((k) => it[k] ?? '').join(','))].join('\n') + '\n';
const bytes = new TextEncoder().encode(csv);

function median(f) {
  for (let i = 0; i < 5; i++) f();
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], min: times[0], result: last };
}

const cases = [
  ['CSV text (string)', () => score(framework, csv, { asOf: AS_OF })],
  ['CSV bytes (Uint8Array)', () => score(framework, bytes, { asOf: AS_OF })],
  ['CSV bytes, explain: false', () => score(framework, bytes, { asOf: AS_OF, explain: false })],
  ['array of objects', () => score(framework, items, { asOf: AS_OF })],
];
console.log(`proficient-wasm ${version()} · Node ${process.version} · ${N.toLocaleString('en')} items (${(csv.length / 1000).toFixed(0)} KB CSV), 200 workers, job-retention · median of ${RUNS} runs after 5 warm-up runs`);
for (const [name, f] of cases) {
  const { ms, min, result } = median(f);
  console.log(`${name.padEnd(28)} ${ms.toFixed(2).padStart(7)} ms  (min ${min.toFixed(2)} ms; ${result.counts.used} used, ${result.counts.rejected} rejected)`);
}
