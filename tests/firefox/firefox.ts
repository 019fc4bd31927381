// Firefox for the tests in this folder: Debian's firefox-esr driven over WebDriver BiDi by
// puppeteer-core (Playwright drives only its own builds of Firefox), against dist/ served over
// HTTP as any static host serves it (tests/serve-dist.mjs). Needs the built site (npm test builds it first) and Firefox
// at FIREFOX_PATH or /usr/bin/firefox-esr. Without either the tests are skipped with a loud
// message, except under CI=true, where that is a failure.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist } from '../serve-dist.mjs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The built site; OUT_DIR measures a site built elsewhere (as `OUT_DIR=path npm run build` writes it). */
export const dist = process.env.OUT_DIR ?? join(import.meta.dirname, '../../dist');
const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ci = process.env.CI === 'true';
/** Whether Firefox and the built site are here. */
export const ready = existsSync(firefox) && existsSync(join(dist, 'index.html'));
/** Skip the suite: nothing to run it on, and not under CI. */
export const skip = !ready && !ci;
if (!ready) {
  const why = !existsSync(firefox) ? `Firefox not found at ${firefox} (apt-get install firefox-esr, or set FIREFOX_PATH)` : `no built site in ${dist} (npm run build)`;
  console.log(`${'='.repeat(78)}\nFIREFOX TESTS NOT RUN: ${why}.${ci ? ' CI=true: this is a failure.' : ''}\n${'='.repeat(78)}`);
}

/**
 * Firefox's report of a MathML script or fraction element without its children. Under load its
 * parser can stop inside a formula and lay out what it has so far: a CI run logged it four times
 * (`<msub/>`) on a page whose final markup was sound, and beside the browser suite it came in about
 * one page load in seven, never on a quiet machine. The build fails on markup really malformed
 * (mathmlMistake in remark-math-strict.mjs), and the chapter test checks the finished page.
 */
const PARTLY_PARSED_MATH = /^Invalid markup: Incorrect number of children for <\w+\/> tag\.$/;

export interface Firefox {
  browser: Browser;
  origin: string;
  /** A new tab, in a context of its own (its own storage), that collects console errors and uncaught exceptions into `errors`. */
  open(path: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Serves dist/ on a free port and starts headless Firefox. */
export async function startFirefox(): Promise<Firefox> {
  if (!ready) throw new Error('Firefox or the built site is missing (see the message above)');
  const { server, origin } = await serveDist(dist);
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true });
  return {
    browser,
    origin,
    async open(path) {
      const page = await (await browser.createBrowserContext()).newPage();
      const errors: string[] = [];
      const collect = (text: string) => { if (!PARTLY_PARSED_MATH.test(text)) errors.push(text); };
      page.on('console', (message) => { if (message.type() === 'error') collect(message.text()); });
      // Firefox's layout messages come over WebDriver BiDi as JavaScript log entries, which
      // puppeteer reports as page errors.
      page.on('pageerror', (error) => collect((error as Error).message));
      await page.goto(origin + path, { waitUntil: 'load' });
      return { page, errors };
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** Waits until the element with `id` has data-state matching `state`. */
export async function stateOf(page: Page, id: string, state: RegExp, timeout = 60_000) {
  await page.waitForFunction((id: string, source: string) => new RegExp(source).test(document.getElementById(id)?.dataset.state ?? ''), { timeout, polling: 100 }, id, state.source);
}

/** Replaces a cell's code by typing into its editor, as a reader would. */
export async function typeCode(page: Page, cellId: string, code: string) {
  await page.click(`#${cellId} [data-code]`);
  await page.waitForSelector(`#${cellId} .cm-content`, { visible: true });
  await page.click(`#${cellId} .cm-content`);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Delete');
  // Inserted as one edit, as a paste would be (typing key by key would let the editor add the
  // closing brackets and indentation a second time).
  await page.evaluate((text: string) => document.execCommand('insertText', false, text), code);
}
