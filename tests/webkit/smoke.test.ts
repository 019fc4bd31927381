// The book works in WebKit (issue 15, item 10): a chapter renders with its math, a cell runs, a
// runaway loop stops, an exercise checks, the digits trainer trains. webkit.ts says how.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { By } from 'selenium-webdriver';
import { click, dist, ready, skip, startWebKit, stateOf, text, trailOnFailure, typeCode, waitInPage, type WebKit } from './webkit.ts';

const exercise = ready
  ? (JSON.parse(readFileSync(join(dist, 'exercises.json'), 'utf8')) as { exercises: { chapter: string; id: string; solution: string }[] }).exercises[0]
  : null;

/**
 * Run in the page before Train is pressed: records, in ms since the page began to load, each new
 * text of the trainer's status and summary, where each press and click landed, when the trainer's
 * element was defined, what the offline copy's first download waits on (`data-offline-waits`),
 * and the service worker's registration and install, so a run that does not finish says where
 * it stood (issue 16: two of four fresh-clone CI runs timed out here, with no more to go on).
 */
const trainerTimeline = `
  const timeline = window.__trainerTimeline = [];
  const note = (what) => timeline.push(Math.round(performance.now()) + ' ' + what);
  for (const selector of ['digits-trainer .dt-status', 'digits-trainer .dt-summary']) {
    const element = document.querySelector(selector);
    note(selector + ': ' + element?.textContent);
    if (element) new MutationObserver(() => note(selector + ': ' + element.textContent)).observe(element, { childList: true, characterData: true, subtree: true });
  }
  const describe = (element) => element?.nodeType === 1 ? element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).trim().split(/\\s+/).join('.') : '') + ' “' + (element.textContent ?? '').trim().slice(0, 30) + '”' : String(element);
  for (const type of ['pointerdown', 'click']) addEventListener(type, (event) => note(type + ' at ' + Math.round(event.clientX) + ',' + Math.round(event.clientY) + ' on ' + describe(event.target)), true);
  note('digits-trainer defined: ' + Boolean(customElements.get('digits-trainer')));
  customElements.whenDefined('digits-trainer').then(() => note('digits-trainer defined'));
  const marker = document.querySelector('[data-offline-waits]');
  note('data-offline-waits: ' + marker?.dataset.offlineWaits);
  if (marker) new MutationObserver(() => note('data-offline-waits: ' + marker.dataset.offlineWaits)).observe(marker, { attributes: true, attributeFilter: ['data-offline-waits'] });
  if (!('serviceWorker' in navigator)) note('no navigator.serviceWorker');
  else {
    note('service worker controlling the page: ' + Boolean(navigator.serviceWorker.controller));
    const watch = (worker, name) => {
      note(name + ' service worker: ' + worker.state);
      worker.addEventListener('statechange', () => note(name + ' service worker: ' + worker.state));
    };
    const poll = setInterval(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration) return;
      clearInterval(poll);
      note('service worker registered');
      if (registration.installing) watch(registration.installing, 'installing');
      else if (registration.waiting) watch(registration.waiting, 'waiting');
      else if (registration.active) watch(registration.active, 'active');
      registration.addEventListener('updatefound', () => registration.installing && watch(registration.installing, 'new'));
    }, 200);
  }`;

describe.skipIf(skip)('in WebKit', () => {
  let webkit: WebKit;
  beforeAll(async () => { webkit = await startWebKit(); }, 120_000);
  afterAll(async () => { await webkit?.close(); });
  trailOnFailure({ beforeEach, afterEach });

  test('a chapter renders with its math typeset, a cell runs, and a runaway loop is stopped', async () => {
    const { driver, errors } = await webkit.open('/chapters/what-is-a-neural-network/');
    try {
      expect(await text(driver, 'h1')).toBeTruthy();
      expect(await driver.executeScript('return document.querySelectorAll(".katex").length')).toBeGreaterThan(0);
      await click(driver, '#cell-count-weights [data-action="run"]');
      await stateOf(driver, 'cell-count-weights', /^ran$/);
      expect(await text(driver, '#cell-count-weights [data-output]')).toBe('16');

      await typeCode(driver, 'cell-count-weights', 'while (true) {}');
      await click(driver, '#cell-count-weights [data-action="run"]');
      await stateOf(driver, 'cell-count-weights', /^running$/);
      await click(driver, '#cell-count-weights [data-action="stop"]');
      await waitInPage(driver, 'return document.querySelector("#cell-count-weights [data-state-label]")?.textContent === "stopped"', [], 30_000, 'the cell to say “stopped”');
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  // Each run draws with a Plot of its own, evaluated from d3's and Plot's bundles in the worker
  // (plot-instance.ts): that needs the worker to build code from text, which its CSP allows.
  test('a chart cell draws in the worker, twice, each run with a Plot of its own', async () => {
    const { driver, errors } = await webkit.open('/chapters/the-sigmoid/');
    try {
      for (let run = 0; run < 2; run++) {
        await click(driver, '#cell-plot [data-action="run"]');
        await stateOf(driver, 'cell-plot', /^ran$/);
        expect(await driver.executeScript('return [...document.querySelectorAll("#cell-plot [data-output] svg path")].filter((p) => /^M[\\d.]+,[\\d.]+L/.test(p.getAttribute("d") ?? "")).length')).toBeGreaterThan(0);
      }
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  test('an exercise checks: its solution passes', async () => {
    const { driver, errors } = await webkit.open(`/chapters/${exercise!.chapter}/`);
    try {
      await typeCode(driver, `cell-ex-${exercise!.id}`, exercise!.solution);
      await click(driver, `#exercise-${exercise!.id} [data-ex-check]`);
      const status = `#exercise-${exercise!.id} [data-ex-status]`;
      await waitInPage(driver, 'return document.querySelector(arguments[0])?.textContent === "passed"', [status], 60_000, 'the exercise to pass')
        .catch(async (error: Error) => { throw new Error(`${error.message}: the exercise says “${await text(driver, status)}”, “${await text(driver, `#exercise-${exercise!.id} [data-ex-results]`)}”`); });
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  test('the digits trainer trains in its worker to above 90% on the test digits', async () => {
    const { driver, errors } = await webkit.open('/chapters/handwritten-digits/');
    try {
      await waitInPage(driver, 'return !!document.querySelector("digits-trainer button:not([disabled])")', [], 60_000, 'the trainer to be ready');
      const buttons = await driver.findElements(By.css('digits-trainer button'));
      const names = await Promise.all(buttons.map((b) => b.getText()));
      await driver.executeScript(trainerTimeline);
      await buttons[names.findIndex((name) => name.trim() === 'Train')].click();
      // The status reads "Epoch 10 of 10" while the last epoch runs; the summary comes when it ends.
      await waitInPage(driver, 'return !!document.querySelector("digits-trainer .dt-summary")?.textContent?.includes("Trained for 10 epochs in")', [], 90_000, 'the summary of 10 epochs')
        .catch(async (error: Error) => {
          const [status, summary, loadError, timeline] = await driver.executeScript<[string, string, string | null, string[]]>(
            'const part = (s) => document.querySelector("digits-trainer " + s)?.textContent ?? null; return [part(".dt-status"), part(".dt-summary"), part("[data-load-error]"), window.__trainerTimeline]');
          throw new Error(`${error.message}: the trainer's status says “${status}”, its summary “${summary}”${loadError ? `, and “${loadError}”` : ''}; the page's errors: ${JSON.stringify(await errors())}; what happened, in ms since the page began to load:\n  ${timeline.join('\n  ')}`);
        });
      const summary = await text(driver, 'digits-trainer .dt-summary');
      expect(summary).toContain('Trained for 10 epochs in');
      expect(Number(/Test accuracy: ([\d.]+)%/.exec(summary)?.[1])).toBeGreaterThan(90);
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 150_000);
});
