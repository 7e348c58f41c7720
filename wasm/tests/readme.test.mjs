// The Node examples of the READMEs (```js blocks of wasm/README.md and of the
// README's "JavaScript and the browser" section) run, from the repository
// root, against the built package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers.mjs';

function jsBlocks(text) {
  return [...text.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

const sources = [['wasm/README.md', readFileSync(path.join(repoRoot, 'wasm/README.md'), 'utf8')]];
const readme = path.join(repoRoot, 'README.md');
if (existsSync(readme)) {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('## JavaScript and the browser');
  if (start >= 0) {
    const end = text.indexOf('\n## ', start + 1);
    sources.push(['README.md', text.slice(start, end < 0 ? undefined : end)]);
  }
}

const out = path.join(repoRoot, 'wasm/test-output');
mkdirSync(out, { recursive: true });
let n = 0;
for (const [name, text] of sources) {
  const blocks = jsBlocks(text);
  test(`${name} has a Node example`, () => assert.ok(blocks.length > 0));
  for (const [i, code] of blocks.entries()) {
    test(`${name}: example ${i + 1} runs`, async () => {
      // Inside wasm/ so that `proficient-wasm` resolves to this package.
      const file = path.join(out, `readme-${n++}.mjs`);
      writeFileSync(file, code);
      const cwd = process.cwd();
      const log = console.log;
      const printed = [];
      process.chdir(repoRoot);
      console.log = (...args) => printed.push(args);
      try {
        await import(pathToFileURL(file).href);
      } finally {
        console.log = log;
        process.chdir(cwd);
      }
      assert.ok(printed.length > 0, 'the example printed nothing');
    });
  }
}
