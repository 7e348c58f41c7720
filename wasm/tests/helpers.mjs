// Shared helpers of the Node tests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The CLI the tests compare with: `PROFICIENT_BIN` (scripts/test-wasm.sh
 * sets it to the debug build it has just made), else the debug build, or
 * undefined. Never a release build, which may be older than the sources.
 */
export const cliBin = [process.env.PROFICIENT_BIN, path.join(repoRoot, 'target/debug/proficient')].find((b) => b && existsSync(b));

/**
 * Compares JSON values as core/tests/common/mod.rs does: numbers within
 * 1e-9, `detail` and `explanation` only checked to be non-empty strings,
 * everything else (and the order of every list) exactly. Returns the first
 * difference, or null.
 */
export function diff(p, expected, got) {
  if (typeof expected === 'number' && typeof got === 'number') {
    return Math.abs(expected - got) > 1e-9 ? `${p}: expected ${expected}, got ${got}` : null;
  }
  if (Array.isArray(expected) || Array.isArray(got)) {
    if (!Array.isArray(expected) || !Array.isArray(got)) return `${p}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`;
    if (expected.length !== got.length) return `${p}: expected ${expected.length} elements, got ${got.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = diff(`${p}[${i}]`, expected[i], got[i]);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && got !== null && typeof expected === 'object' && typeof got === 'object') {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
    for (const k of keys) {
      const q = `${p}.${k}`;
      if (!(k in expected) || !(k in got)) return `${q}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(got[k])}`;
      if (k === 'detail' || k === 'explanation') {
        if (typeof expected[k] !== 'string' || typeof got[k] !== 'string' || got[k] === '') return `${q}: empty ${k}`;
        continue;
      }
      const d = diff(q, expected[k], got[k]);
      if (d) return d;
    }
    return null;
  }
  return expected === got ? null : `${p}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`;
}

/**
 * The rows of a CSV text (RFC 4180: quoted fields, `""`, line breaks in
 * quotes) as objects keyed by the header, empty fields left out: evidence
 * as a page or a program would give it in JSON.
 */
export function csvRecords(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((k, j) => [k, r[j]]).filter(([, v]) => v !== undefined && v !== '')));
}
