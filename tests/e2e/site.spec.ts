import { expect, test } from '@playwright/test';
import { builtPages, collectErrors, colourViolations, seriousViolations } from './pages.ts';

// The longest file (about 8 minutes, mostly axe): its tests share nothing, so both workers take
// them one at a time instead of one worker taking the whole file while the other ends idle.
test.describe.configure({ mode: 'parallel' });

const pages = builtPages();
const firstChapter = pages.find((p) => p.startsWith('/chapters/'))!;

test.describe('every page', () => {
  for (const path of pages) {
    test(`${path} loads with no console errors`, async ({ page }) => {
      const errors = collectErrors(page);
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(path === '/404.html' ? 200 : 200);
      await expect(page.locator('h1').first()).toBeVisible();
      expect(errors).toEqual([]);
    });

    for (const scheme of ['light', 'dark'] as const) {
      // Every rule in the light theme; in the dark one, only the rules about colours, since the
      // themes differ in colours alone (a third of the time of a whole second run).
      test(`${path} has no serious accessibility violations in the ${scheme} theme${scheme === 'dark' ? ' (colour rules)' : ''}`, async ({ page }) => {
        // axe walks every node of a long chapter; on a busy two-core machine that takes a while.
        test.setTimeout(90_000);
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        expect(await (scheme === 'dark' ? colourViolations(page) : seriousViolations(page))).toEqual([]);
      });
    }
  }
});

// Red team 54: the tick labels 0.0001 and 0.00001 of two log-scale charts were cut at the chart's
// left edge (Plot's margins do not grow to fit them): no text of a chart may pass its edges, on a
// laptop or a phone.
test('no chart of the book cuts its own text at its edges', async ({ page }) => {
  test.setTimeout(120_000);
  const cut: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of pages.filter((p) => p.startsWith('/chapters/'))) {
      await page.goto(path);
      cut.push(...(await page.evaluate((where) => [...document.querySelectorAll('[data-output] svg, figure svg')].flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        if (box.width < 60) return []; // a legend's swatch
        const cell = svg.closest('[id^="cell-"]')?.id ?? 'a widget';
        return [...svg.querySelectorAll('text')].filter((t) => {
          const r = t.getBoundingClientRect();
          return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
        }).map((t) => `${where} ${cell}: ${t.textContent}`);
      }), `${path} at ${width} px`)));
    }
  }
  expect([...new Set(cut)]).toEqual([]);
});

test('math is typeset by KaTeX, with its fonts served by the site', async ({ page }) => {
  const fontRequests: string[] = [];
  page.on('request', (request) => { if (/\.woff2?$/.test(request.url())) fontRequests.push(request.url()); });
  await page.goto(firstChapter);
  await expect(page.locator('.katex-display').first()).toBeVisible();
  expect(await page.locator('.katex-error').count()).toBe(0);
  await page.evaluate(() => document.fonts.ready);
  expect(fontRequests.length).toBeGreaterThan(0);
  for (const url of fontRequests) expect(new URL(url).host).toBe(new URL(page.url()).host);
});

test('navigation: contents → chapter → next/previous and the sidebar', async ({ page }) => {
  await page.goto('/');
  const first = page.locator('.chapter-card a').first();
  const target = (await first.getAttribute('href'))!;
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.locator('.sidebar [aria-current="page"]')).toHaveCount(1);
  const next = page.locator('.pager a[rel="next"], .pager a.next');
  await expect(next).toHaveCount(1);
  await next.click();
  await expect(page.locator('h1').first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await page.locator('.toc a').first().click();
  await expect(page).toHaveURL(/#/);
});

test('the theme toggle switches themes and remembers the choice without a flash', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(firstChapter);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: 'Switch to dark theme' });
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  // The theme must be in place before the page's own stylesheet and scripts run: check the
  // attribute the moment the document starts parsing on the next load.
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') (window as unknown as { themeAtParse: string }).themeAtParse = document.documentElement.dataset.theme ?? 'none';
    });
  });
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => (window as unknown as { themeAtParse: string }).themeAtParse)).toBe('dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(21, 23, 27)');
});

test('search finds a chapter by a word in its text, with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the book' });
  await expect(dialog).toBeVisible();
  const input = dialog.locator('input');
  await expect(input).toBeFocused();
  await input.pressSequentially('neuron');
  const result = dialog.locator('.pagefind-ui__result-link').first();
  await expect(result).toBeVisible();
  await expect(result).toHaveAttribute('href', /\/chapters\//);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a missing page shows the book’s 404 with a way back', async ({ page }) => {
  await page.goto('/no-such-page/');
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the start of the book' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('a chapter fits a 360 px phone screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(firstChapter);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
