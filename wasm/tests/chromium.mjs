// Chromium for the browser tests (Debian's, driven by playwright-core): one
// headless browser with one page whose requests, console errors and page
// errors are recorded, opened on a file or on wasm/www served on 127.0.0.1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import { repoRoot } from './helpers.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches Chromium with one page (en-GB, UTC, scale 1, plus
 * `contextOptions`). `requests` gets every URL the page asks for;
 * `problems` every console error (and warning, with `warnings`) and page
 * error.
 */
export async function openPage(contextOptions = {}, { warnings = false } = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: run scripts/setup-wasm.sh (apt-get install chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({ deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'UTC', ...contextOptions });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => (m.type() === 'error' || (warnings && m.type() === 'warning')) && problems.push(`console ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  return { browser, context, page, requests, problems, close: () => browser.close() };
}

/** The page of wasm/www served on 127.0.0.1 (`origin`), opened and ready. */
export async function openServedPage(contextOptions = {}) {
  assert.ok(existsSync(path.join(repoRoot, 'wasm/www/pkg/proficient_wasm_bg.wasm')), 'wasm/www/pkg missing: run wasm/build.sh');
  const server = await serve();
  const stop = () => new Promise((resolve) => server.close(resolve));
  try {
    const origin = `http://127.0.0.1:${server.address().port}`;
    const opened = await openPage({ viewport: { width: 1280, height: 900 }, ...contextOptions });
    const close = async () => {
      await opened.browser.close();
      await stop();
    };
    try {
      await opened.page.goto(`${origin}/`);
      await opened.page.waitForSelector('body[data-ready="true"]');
    } catch (e) {
      await close();
      throw e;
    }
    return { ...opened, origin, close };
  } catch (e) {
    if (server.listening) await stop();
    throw e;
  }
}
