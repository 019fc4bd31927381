// Reading anywhere: phones (layout shift, wide things, "On this page"), print, search, and a
// page that does not move when its editors load.
import { expect, test, type Page } from '@playwright/test';
import { builtPages } from './pages.ts';

const chapters = builtPages().filter((p) => p.startsWith('/chapters/'));
const phone = { width: 412, height: 915 };

/** Sum of the layout shifts not caused by input (what Lighthouse calls CLS, for a page load). */
async function layoutShiftDuringLoad(page: Page, path: string): Promise<{ total: number; shifts: string[] }> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: { value: number; what: string }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
        if (entry.hadRecentInput) continue;
        const what = (entry.sources ?? []).map((s) => (s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${s.node.className}` : String(s.node?.nodeName))).join(', ');
        w.__shifts.push({ value: entry.value, what });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(path, { waitUntil: 'load' });
  // The shift this guards against came about 0.7 s after navigation, from a script; wait past it.
  await page.waitForTimeout(1500);
  return page.evaluate(() => {
    const shifts = (window as unknown as { __shifts: { value: number; what: string }[] }).__shifts;
    return { total: shifts.reduce((sum, s) => sum + s.value, 0), shifts: shifts.map((s) => `${s.value.toFixed(3)} ${s.what}`) };
  });
}

test.describe('phones: the first paint is the phone layout', () => {
  for (const path of chapters) {
    test(`${path} does not shift after load at 412 px`, async ({ page }) => {
      await page.setViewportSize(phone);
      const { total, shifts } = await layoutShiftDuringLoad(page, path);
      expect(total, shifts.join('\n')).toBeLessThanOrEqual(0.05);
    });
  }

  test('on a wide screen the chapter list and "On this page" are open without a script', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(chapters[0]);
    await expect(page.locator('.sidebar-list a').first()).toBeVisible();
    await expect(page.locator('.toc li a').first()).toBeVisible();
    await page.setViewportSize(phone);
    await expect(page.locator('.sidebar-list a').first()).toBeHidden();
    await expect(page.locator('.toc li a').first()).toBeHidden();
    await context.close();
  });
});

/** Wide things in a page's main column that are cut off without a sign, or that widen the page. */
async function hiddenOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > innerWidth + 1) found.push(`the page itself scrolls sideways (${root.scrollWidth} px in ${innerWidth} px)`);
    for (const el of document.querySelectorAll<HTMLElement>('main *')) {
      if (el.closest('.katex, svg, .cm-editor, .visually-hidden') && !el.classList.contains('katex-display')) continue;
      if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
      const style = getComputedStyle(el);
      const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${el.scrollWidth} px in ${el.clientWidth} px)`;
      if (style.overflowX === 'visible') continue; // it widens its parent, which is checked itself
      if (style.textOverflow === 'ellipsis') continue; // "…" is the sign
      if (style.overflowX === 'hidden' || style.overflowX === 'clip') found.push(`${name} is cut off`);
      else if (!(style.backgroundImage.includes('gradient') && style.backgroundAttachment.includes('local'))) found.push(`${name} scrolls with no cue`);
    }
    return found;
  });
}

test.describe('phones: wide equations, outputs and tables show that they scroll', () => {
  for (const width of [360, 412]) {
    for (const path of chapters) {
      test(`${path} at ${width} px hides nothing silently`, async ({ page }) => {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(path);
        expect(await hiddenOverflow(page)).toEqual([]);
      });
    }
  }

  test('a wide equation casts a shadow on the side where more of it is', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/chapters/backpropagation/');
    const wide = page.locator('.katex-display').filter({ has: page.locator('.katex') }).evaluateAll((els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 1).length,
    );
    expect(await wide).toBeGreaterThan(0);
    const pixels = await page.evaluate(async () => {
      const el = [...document.querySelectorAll<HTMLElement>('.katex-display')].find((e) => e.scrollWidth > e.clientWidth + 1)!;
      el.scrollIntoView({ block: 'center' });
      el.scrollLeft = 0;
      return { left: el.scrollLeft, max: el.scrollWidth - el.clientWidth };
    });
    expect(pixels.max).toBeGreaterThan(0);
  });

  test("the appendix's phrase book keeps its note column readable at 360 px", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/chapters/from-numpy-to-typescript/');
    const narrowest = await page.locator('.prose table').first().evaluate((table) =>
      Math.min(...[...table.querySelectorAll('tr')].flatMap((tr) => [...tr.children].filter((c) => !c.querySelector(':scope > code:only-child')).map((c) => c.getBoundingClientRect().width))),
    );
    expect(narrowest).toBeGreaterThanOrEqual(100);
  });
});

test.describe('"On this page" and heading links', () => {
  test('on a phone it stays under the header and names the section being read', async ({ page }) => {
    await page.setViewportSize(phone);
    await page.goto('/chapters/backpropagation/');
    const toc = page.locator('.toc');
    const headings = page.locator('.prose h2[id]');
    const second = headings.nth(1);
    const text = (await second.evaluate((h) => h.firstChild?.textContent ?? '')).trim();
    await second.evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await expect(page.locator('[data-toc-current]')).toHaveText(text);
    const id = await second.getAttribute('id');
    await expect(page.locator(`.toc a[href="#${id}"]`)).toHaveAttribute('aria-current', 'location');
    const header = await page.locator('.site-header').boundingBox();
    const box = await toc.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1);
    expect(box!.y).toBeLessThan(header!.y + header!.height + 20);
    // Opened, it lists the sections; a choice takes the reader there and folds it again.
    await page.locator('.toc summary').click();
    const third = page.locator('.toc li a').nth(2);
    await third.click();
    await expect(page.locator('.toc-details')).not.toHaveAttribute('open', /.*/);
    const target = page.locator(`[id="${(await third.getAttribute('href'))!.slice(1)}"]`);
    const targetBox = await target.boundingBox();
    const tocBox = await toc.boundingBox();
    expect(targetBox!.y).toBeGreaterThanOrEqual(tocBox!.y + tocBox!.height - 2);
  });

  test('on a wide screen the current section is marked in the side list', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto('/chapters/the-sigmoid/');
    const heading = page.locator('.prose h2[id]').nth(1);
    await heading.evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await expect(page.locator(`.toc a[href="#${await heading.getAttribute('id')}"]`)).toHaveAttribute('aria-current', 'location');
  });

  test('every heading of a chapter links to itself, without adding to its text', async ({ page }) => {
    await page.goto('/chapters/the-sigmoid/');
    const headings = await page.locator('.prose h2[id], .prose h3[id]').evaluateAll((hs) =>
      hs.filter((h) => !h.closest('.exercise')).map((h) => ({ id: h.id, href: h.querySelector('a.heading-anchor')?.getAttribute('href'), text: h.querySelector('a.heading-anchor')?.textContent })),
    );
    expect(headings.length).toBeGreaterThan(2);
    for (const h of headings) expect(h).toEqual({ id: h.id, href: `#${h.id}`, text: '' });
  });
});

test.describe('print', () => {
  const interfaceText = ['not run', 'Show a solution', 'Your attempt stays as it is.', 'Check my answer', 'Run', 'Copy', 'not started', 'Print with solutions'];

  async function visibleInterfaceText(page: Page): Promise<string[]> {
    return page.evaluate((words) => {
      const found: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('main *')) {
        if (el.closest('pre, .nb-output, .katex')) continue;
        const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent!.trim()).join(' ').trim();
        if (!own || el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
        if (words.includes(own) || el.tagName === 'BUTTON' || (el.classList.contains('nb-label') && own === 'In')) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${own}`);
      }
      return found;
    }, interfaceText);
  }

  test('a chapter prints without interface text, with or without solutions', async ({ page }) => {
    await page.goto('/chapters/the-sigmoid/');
    await page.emulateMedia({ media: 'print' });
    expect(await visibleInterfaceText(page)).toEqual([]);
    // "Print with solutions" opens the solutions and marks the page; print them without the page's words.
    await page.evaluate(() => {
      document.querySelectorAll<HTMLDetailsElement>('.ex-solution, .ex-hint').forEach((d) => { d.open = true; });
      document.documentElement.classList.add('print-solutions');
    });
    expect(await visibleInterfaceText(page)).toEqual([]);
    await expect(page.locator('.ex-solution-code').first()).toBeVisible();
  });

  test('cells and exercises may break across pages, so no page is left half empty', async ({ page }) => {
    await page.goto('/chapters/training-the-network/');
    await page.emulateMedia({ media: 'print' });
    const kept = await page.locator('.nb-cell, .exercise, .prose pre').evaluateAll((els) =>
      els.filter((e) => getComputedStyle(e).breakInside === 'avoid' && e.getBoundingClientRect().height > 300).length,
    );
    expect(kept).toBe(0);
  });
});

test.describe('search', () => {
  async function search(page: Page, query: string) {
    await page.goto('/');
    await page.locator('[data-search-open]').click();
    const dialog = page.getByRole('dialog', { name: 'Search the book' });
    await dialog.locator('input').fill(query);
    const results = dialog.locator('.pagefind-ui__result');
    await expect(results.first()).toBeVisible({ timeout: 15_000 });
    return results;
  }

  test('results show prose: no TeX source, code or interface words', async ({ page }) => {
    for (const query of ['sigmoid', 'marker', 'weights', 'exercise']) {
      const results = await search(page, query);
      const excerpts = (await results.locator('.pagefind-ui__result-excerpt').allTextContents()).join('\n');
      // TeX (\\sigma, x_{i}), code (arrow functions, "}), ],"), and the page's own words.
      expect(excerpts, query).not.toMatch(/\\[a-z]+|_\{|\w\(\w*\)\s*=>|[)\]}],\s*[)\]}]|not started|not run|Show a solution|Check my answer/m);
    }
  });

  test('a typo still finds the chapter first', async ({ page }) => {
    const results = await search(page, 'sigmod');
    await expect(results.first().locator('.pagefind-ui__result-link').first()).toHaveAttribute('href', '/chapters/the-sigmoid/');
  });
});

test.describe('the editor takes the place of the code without moving the page', () => {
  for (const [path, width] of [['/chapters/handwritten-digits/', 1280], ['/chapters/beyond-the-article/', 412], ['/chapters/data-as-matrices/', 1280]] as const) {
    test(`${path} at ${width} px: every cell keeps its height when its editor loads`, async ({ page }) => {
      test.setTimeout(60_000);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      const cells = page.locator('[data-cell]:not([data-kind="display"]) [data-code]');
      const train = page.locator('[data-action="train"]');
      const trainTop = () => train.first().evaluate((b) => b.getBoundingClientRect().top + scrollY);
      const trainBefore = (await train.count()) ? await trainTop() : null;
      // The server-rendered code's heights, before anything loads an editor.
      const heights = await cells.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThan(2);
      // As a reader does: bring each cell into view and touch it (scrolling loads the editors
      // of the cells nearby, too).
      const moved: string[] = [];
      for (let i = 0; i < heights.length; i++) {
        const cell = cells.nth(i);
        const before = heights[i];
        await cell.evaluate((e) => e.scrollIntoView({ block: 'start' }));
        await cell.dispatchEvent('pointerdown');
        await expect(cell.locator('.cm-editor')).toBeVisible();
        // Two frames: the editor measures its lines in the frame after it is placed.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const after = await cell.evaluate((e) => e.getBoundingClientRect().height);
        if (Math.abs(after - before) > 1) moved.push(`cell ${i}: ${Math.round(before)} → ${Math.round(after)} px`);
      }
      expect(moved).toEqual([]);
      if (trainBefore !== null) expect(Math.abs((await trainTop()) - trainBefore)).toBeLessThanOrEqual(1);
    });
  }

  // Issue 16: in WebKit, which has no scroll anchoring, a press of Train landed on the trainer's
  // title: the scroll that brought Train into view loaded the editors of the cells just above
  // the window, and CodeMirror's height before it measures its lines on screen is an estimate,
  // too tall (editor.ts, `measured`), so everything below moved down.
  test('an editor loaded just above the window keeps its cell’s height, and what is below stays put', async ({ page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/chapters/handwritten-digits/');
    const train = page.locator('[data-action="train"]');
    const trainTop = () => train.evaluate((b) => Math.round(b.getBoundingClientRect().top + scrollY));
    // The cell just before the trainer, with long lines that wrap (CodeMirror's estimate counts them twice or more).
    const cell = page.locator('#cell-misclassified');
    const height = () => cell.evaluate((e) => Math.round(e.getBoundingClientRect().height));
    const [heightBefore, trainBefore] = [await height(), await trainTop()];
    // The window's top 100 px below the cell: within the 400 px where editors load (lazy-editors.ts).
    await cell.evaluate((e) => scrollTo(0, e.getBoundingClientRect().bottom + scrollY + 100));
    await expect(cell.locator('.cm-editor')).toBeAttached();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await cell.evaluate((e) => e.getBoundingClientRect().bottom)).toBeLessThan(0);
    expect(await height()).toBe(heightBefore);
    expect(await trainTop()).toBe(trainBefore);
    // Printed meanwhile, it is not clipped: the mount holds its whole editor.
    const whole = () => cell.locator('.nb-editor').evaluate((e) => e.getBoundingClientRect().height >= e.firstElementChild!.getBoundingClientRect().height - 1 && getComputedStyle(e).overflow === 'visible');
    await page.emulateMedia({ media: 'print' });
    expect(await whole()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    // Scrolled to, it is measured and shown whole: the same height, now unclipped.
    await cell.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await expect(cell.locator('.nb-editor')).not.toHaveAttribute('style', /height/);
    expect(Math.abs((await height()) - heightBefore)).toBeLessThanOrEqual(1);
  });

  for (const width of [1200, 1000, 412]) {
    test(`the boundary playground's Setup controls stay inside their box at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/chapters/beyond-the-article/');
      const outside = await page.locator('.bp-controls').evaluate((box) => {
        const b = box.getBoundingClientRect();
        return [...box.querySelectorAll('*')]
          .filter((e) => e.getClientRects().length > 0 && e.tagName !== 'OPTION')
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.right > b.right + 0.5 || r.left < b.left - 0.5)
          .map(({ e, r }) => `${e.tagName.toLowerCase()}#${e.id} ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(b.left)}–${Math.round(b.right)}`);
      });
      expect(outside).toEqual([]);
    });
  }
});
