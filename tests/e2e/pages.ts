import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { SAVE_DELAY_MS } from '../../src/notebook/page/drafts.ts';

/** Every page of the built site, as URL paths, found by walking dist/. */
export function builtPages(dist = join(import.meta.dirname, '../../dist')): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      // kernel/ holds the code runner's host document, not a page a reader opens.
      if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' || name === 'kernel' ? [] : walk(path);
      return name.endsWith('.html') ? [path.slice(dist.length).replace(/index\.html$/, '')] : [];
    });
  return walk(dist).sort();
}

/**
 * How many checks a run of an exercise's solution makes, as the built /exercises.json says: a
 * test that expects "All 10 checks passed." then follows the book when its checks change.
 */
export function checkCount(exerciseId: string, dist = join(import.meta.dirname, '../../dist')): number {
  const manifest = JSON.parse(readFileSync(join(dist, 'exercises.json'), 'utf8')) as { exercises: { id: string; checkCount: number }[] };
  const entry = manifest.exercises.find((e) => e.id === exerciseId);
  if (!entry) throw new Error(`checkCount: no exercise "${exerciseId}" in ${dist}/exercises.json`);
  return entry.checkCount;
}

/** Collects console errors and uncaught exceptions on a page, so a test can insist on none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Serious and critical accessibility violations (axe) on the page, or inside the given elements. */
export async function seriousViolations(page: Page, ...selectors: string[]): Promise<string[]> {
  return violationsOf(page, new AxeBuilder({ page }), selectors);
}

/**
 * The rules whose verdict depends on colours: the only thing the light and dark themes change
 * (global.css swaps custom properties; the markup and ARIA are the same).
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** Serious colour violations only: a page's second theme needs no other rule run again. */
export async function colourViolations(page: Page, ...selectors: string[]): Promise<string[]> {
  return violationsOf(page, new AxeBuilder({ page }).withRules(COLOUR_RULES), selectors);
}

async function violationsOf(page: Page, axe: AxeBuilder, selectors: string[]): Promise<string[]> {
  // Only violations are read: axe then reports one node per passing rule instead of every
  // element checked (8,400 on a long chapter), about a fifth of a chapter's scan time.
  // Legacy mode runs axe in the page itself (and in each frame, as both modes do): the default
  // runs it in parts and finishes in a second, blank page: a long chapter's scan took 7.7 s that
  // way and 3.3 s this way, with the same verdicts (tests/e2e/site.spec.ts scans 40 pages).
  let builder = axe.setLegacyMode(true).options({ resultTypes: ['violations'] });
  for (const selector of selectors) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/**
 * Scrolls a widget into view, as a reader does, and waits until its custom element is defined:
 * widgets load their element when they come near the screen (components/widgets/load-near.ts),
 * not with the page, so a test that uses one must first reach it.
 * @param widget the custom element, e.g. `page.locator('neuron-sliders')` (the first if several)
 */
export async function widgetReady(widget: Locator) {
  const first = widget.first();
  await first.scrollIntoViewIfNeeded();
  await expect.poll(() => first.evaluate((element) => customElements.get(element.localName) !== undefined),
    { message: 'the widget near the screen never loaded its element', timeout: 20_000 }).toBe(true);
}

/** Replaces a cell's code by typing into its editor, as a reader would. */
export async function typeCode(page: Page, cell: Locator, code: string) {
  await cell.locator('[data-code]').click();
  const editor = cell.locator('.cm-content');
  // The editor loads when the code is first clicked: on a loaded machine (a CI run with a load
  // average of 12) that took more than expect's 5 s.
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/**
 * Waits until this page's storage holds the reader's draft of a cell (`cellId` without "cell-")
 * with `text` in its code. Drafts are saved a moment after typing stops; a fixed sleep for that
 * moment fails on a busy machine, this waits for the state itself.
 */
export async function draftSaved(page: Page, cellId: string, text: string) {
  await expect.poll(() => page.evaluate(([cell, wanted]) => Object.keys(localStorage).some((key) =>
    key.startsWith('nnfs:v1:draft:') && key.endsWith(`:${cell}`) && String(JSON.parse(localStorage.getItem(key) ?? '{}').code ?? '').includes(wanted)), [cellId, text]),
  { message: `the draft of ${cellId} holding ${JSON.stringify(text)} was never saved`, timeout: 15_000 }).toBe(true);
}

/**
 * Waits until every draft save the page had scheduled has run. A page timer with the save's delay,
 * set now, runs after every timer of that delay or less set before it (HTML's timer ordering), so
 * this waits for the saves themselves, not for a guess at how long a busy machine takes.
 */
export async function scheduledSavesRan(page: Page) {
  await page.evaluate((delay) => new Promise<void>((resolve) => { setTimeout(resolve, delay); }), SAVE_DELAY_MS);
}

/** Waits until the review page's store (IndexedDB) holds `count` hand-ins: removing one is written after the page shows it gone. */
export async function reviewStoreHolds(page: Page, count: number) {
  await expect.poll(() => page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('nnfs-review');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      // Hand-ins are kept under numbers (their seqs); the teacher's choices under a name.
      const counted = db.transaction('hand-ins').objectStore('hand-ins').count(IDBKeyRange.bound(-Infinity, Infinity));
      counted.onsuccess = () => { resolve(counted.result); db.close(); };
      counted.onerror = () => reject(counted.error);
    };
  })), { message: `the review store never came to hold ${count} hand-ins`, timeout: 15_000 }).toBe(count);
}

/** A hand-in record the review page keeps in IndexedDB, by its key (its seq), as stored; undefined if none. */
export async function reviewStoreGet(page: Page, key: number): Promise<any> {
  return page.evaluate((key) => new Promise((resolve, reject) => {
    const open = indexedDB.open('nnfs-review');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const read = db.transaction('hand-ins').objectStore('hand-ins').get(key);
      read.onsuccess = () => { resolve(read.result); db.close(); };
      read.onerror = () => reject(read.error);
    };
  }), key);
}

/** Writes records into the review page's IndexedDB as a forger (or damaged storage) would: [key, value] pairs (a hand-in's seq, or 'chosen' for the teacher's choices). */
export async function reviewStorePut(page: Page, records: [number | string, unknown][]) {
  await page.evaluate((records) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('nnfs-review');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('hand-ins', 'readwrite');
      for (const [key, value] of records) tx.objectStore('hand-ins').put(value, key);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), records);
}

/** Waits until the review page's IndexedDB holds `seqs` as the teacher's choices. */
export async function reviewStoreChose(page: Page, seqs: number[]) {
  await expect.poll(() => page.evaluate(() => new Promise<unknown>((resolve, reject) => {
    const open = indexedDB.open('nnfs-review');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const read = db.transaction('hand-ins').objectStore('hand-ins').get('chosen');
      read.onsuccess = () => { resolve(read.result ?? null); db.close(); };
      read.onerror = () => reject(read.error);
    };
  })), { message: `the review store never came to hold the choices ${JSON.stringify(seqs)}`, timeout: 15_000 }).toEqual(seqs);
}

/**
 * Starts recording every `<meta http-equiv>` element added to the page's document; returns a
 * function that reads the record. A refresh or a policy can only come from such an element in the
 * document, so an empty record proves none was placed: a wait for a navigation that should not
 * happen proves less, and on a busy machine a fixed wait proves nothing.
 */
export async function watchMetaElements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __metaAdded: string[] };
    w.__metaAdded = [];
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        if (!(node instanceof Element)) continue;
        for (const el of [node, ...node.querySelectorAll('*')]) if (el.matches('meta[http-equiv]')) w.__metaAdded.push(el.outerHTML);
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { __metaAdded: string[] }).__metaAdded);
}

/** The rightmost edge of what `el` shows outside any box that scrolls sideways (a scroll area with its cue is how wide content fits a phone). */
export function widestOutsideScrollers(el: Element): number {
  const scrolls = (node: Element | null): boolean => {
    for (let n = node?.parentElement ?? null; n && n !== el.parentElement; n = n.parentElement) {
      const overflow = getComputedStyle(n).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
    return false;
  };
  return Math.max(...[...el.querySelectorAll('*')].filter((c) => !scrolls(c)).map((c) => c.getBoundingClientRect().right));
}
