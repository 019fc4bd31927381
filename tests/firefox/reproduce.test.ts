// The book's cells rerun in Firefox print what the build printed (issue 15, item 11): the same
// test as tests/e2e/reproduce.spec.ts, in another engine. Playwright drives only its own builds
// of Firefox, so this drives Debian's firefox-esr over WebDriver BiDi with puppeteer-core.
//
// Needs the built site (npm test builds it first) and Firefox at FIREFOX_PATH or
// /usr/bin/firefox-esr. Without Firefox the test is skipped with a loud message, except under
// CI=true, where a missing browser is a failure.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtPages } from '../e2e/pages.ts';
import { cellOutputs, outputDifferences } from '../e2e/cell-outputs.ts';

const dist = process.env.OUT_DIR ?? join(import.meta.dirname, '../../dist'); // OUT_DIR: a site built elsewhere
const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ci = process.env.CI === 'true';
const ready = existsSync(firefox) && existsSync(join(dist, 'index.html'));
if (!ready) {
  const why = !existsSync(firefox) ? `Firefox not found at ${firefox} (apt-get install firefox-esr, or set FIREFOX_PATH)` : 'no built site in dist/ (npm run build)';
  console.log(`${'='.repeat(78)}\nFIREFOX TESTS NOT RUN: ${why}.${ci ? ' CI=true: this is a failure.' : ''}\n${'='.repeat(78)}`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.wasm': 'application/wasm', '.txt': 'text/plain', '.webmanifest': 'application/manifest+json', '.pf_meta': 'application/octet-stream',
};

/** dist/ over HTTP, as any static host serves it (a folder's index.html for its path). */
function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dist, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve({ server, origin: `http://127.0.0.1:${address.port}` });
  }));
}

describe.skipIf(!ready && !ci)('in Firefox', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    if (!ready) throw new Error('Firefox or the built site is missing (see the message above)');
    ({ server, origin } = await serve());
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  const chapters = ready ? builtPages(dist).filter((p) => p.startsWith('/chapters/') && p !== '/chapters/') : ['(none)'];
  test.each(chapters)('every cell of %s prints again what the book printed', async (path) => {
    const page = await browser.newPage();
    try {
      await page.goto(origin + path, { waitUntil: 'load' });
      const printed = await page.evaluate(cellOutputs);
      if (!printed.length) return;
      // A long honest run is let finish: this test is about the numbers, not the time limit.
      await page.evaluate(() => { setInterval(() => document.querySelector<HTMLButtonElement>('[data-limit="wait"]')?.click(), 500); });
      await page.waitForSelector('[data-notebook-action="run-all"]');
      await page.click('[data-notebook-action="run-all"]');
      await page.waitForFunction(
        (ids: string[]) => ids.every((id) => /^(ran|error)$/.test(document.getElementById(id)?.dataset.state ?? '')),
        { timeout: 300_000, polling: 250 }, printed.map((c) => c.id),
      );
      expect(outputDifferences(printed, await page.evaluate(cellOutputs))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 360_000);
});
