// The main module hands score() and screen() results to the wrapper packed
// (wasm/hot/src/pack.rs), and unpack() in index.js builds the objects:
// they must be exactly the objects JSON.parse gives of the same result's
// JSON. The JSON comes from the same build: the same call with an empty
// `policy` override is the second module's (through the api, results
// written by serde_json), which the main module's own test
// (shipped_calls.rs) checks gives the same result. Compared with
// deepStrictEqual (same keys, values, -0 and null/absent) and as
// JSON.stringify text (same key order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate, score, screen, shippedFramework } from 'proficient-wasm';

const AS_OF = '2026-06-30';
const fw = shippedFramework('job-retention');

/** A call's result, or the failure it throws (a worker to explain that no evidence names). */
function outcome(f) {
  try {
    return { result: f() };
  } catch (e) {
    return { failure: e.failure ?? String(e) };
  }
}

/** Both forms of a call: the main module's (packed) and the second module's (JSON). */
function both(f, options) {
  return [outcome(() => f(options)), outcome(() => f({ ...options, policy: {} }))];
}

function same([packed, json], what) {
  assert.deepStrictEqual(packed, json, what);
  assert.equal(JSON.stringify(packed), JSON.stringify(json), `${what}: key order`);
}

const workloads = [];
for (const seed of [1, 2, 3, 21, 2026]) {
  for (const [items, workers, rejectPerMille] of [
    [400, 7, 0],
    [1500, 40, 125],
  ]) {
    workloads.push([`seed ${seed}, ${items} items, ${workers} workers, ${rejectPerMille}‰ rejected`, generate({ items, workers, seed, rejectPerMille, asOf: AS_OF, format: 'csv' })]);
  }
}
// Strings beyond ASCII (UTF-16 lengths differ from UTF-8 ones; a leading
// byte-order mark a decoder might drop), a worker `__proto__`, ids given
// twice (duplicates and conflicts), a value out of range, an expired item.
workloads.push([
  'odd strings, duplicates',
  [
    'id,worker,criterion,kind,date,value,expires,note',
    '\uFEFFa,\uFEFFw,s6.self-help-knowledge,observation,2026-01-25,3,,',
    'b,Zoë 🙂,s6.self-help-knowledge,observation,2026-01-26,4,,',
    'b,Zoë 🙂,s6.self-help-knowledge,observation,2026-01-26,4,,',
    'c,Zoë 🙂,s6.self-help-knowledge,observation,2026-01-27,5,,',
    'c,Zoë 🙂,s6.self-help-knowledge,observation,2026-01-27,2,,',
    'd,__proto__,k1.previous-employment,interview,2025-01-12,1,,',
    'e,__proto__,k1.previous-employment,interview,2025-01-13,9,,',
    'f,constructor,k1.previous-employment,interview,2025-01-13,yes,2025-06-01,',
    'g,"quoted, ""name""",no-such-criterion,interview,2025-01-13,1,,',
  ].join('\n') + '\n',
]);
workloads.push(['header only', 'worker,criterion,kind,date,value\n']);
workloads.push(['empty input', '']);

test('the workloads have rejected items, ids given twice and several workers', () => {
  const r = score(fw, workloads[1][1], { asOf: AS_OF });
  assert.ok(r.rejected.length > 0 && r.workers.length > 10);
  assert.ok(score(fw, workloads.at(-3)[1], { asOf: AS_OF }).rejected.some((x) => /duplicate|conflict/.test(JSON.stringify(x))));
});

for (const [name, csv] of workloads) {
  test(`score: packed equals JSON (${name})`, () => {
    // Empty input is a failure (no header), the same from both.
    const [{ result }] = both((o) => score(fw, csv, o), { asOf: AS_OF });
    assert.equal(result !== undefined && Array.isArray(result.workers), csv !== '');
    for (const explain of [undefined, true, false, 'w1', 'Zoë 🙂', 'nobody']) {
      same(both((o) => score(fw, csv, o), { asOf: AS_OF, explain }), `${name}, explain ${explain}`);
    }
    const bytes = new TextEncoder().encode(csv);
    same(both((o) => score(fw, bytes, o), { asOf: AS_OF }), `${name}, bytes`);
  });
  test(`screen: packed equals JSON (${name})`, () => {
    same(both((o) => screen(fw, 'job-retention-specialist', csv, o), { asOf: AS_OF }), name);
  });
}
