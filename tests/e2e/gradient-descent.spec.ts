import { expect, test } from '@playwright/test';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const chapter = '/chapters/gradient-descent/';

test('the first state, from the server, is the bowl at its start, drawn and described', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await expect(widget.locator('[data-summary]')).toHaveText(/^Step 0, the start: w = −1, loss 17\./);
  await expect(widget.locator('[data-chart="bowl"] svg .gd-curve')).toHaveCount(1);
  await expect(widget.locator('[data-chart="bowl"] .gd-current')).toHaveCount(1);
  await expect(widget.locator('[data-chart="bowl"]')).toHaveAttribute('aria-label', /The curve of 𝓛\(w\) = \(w − 3\)² \+ 1/);
  await expect(widget.locator('[data-chart="valley"] svg .gd-contour')).toHaveCount(1);
  await expect(widget.getByRole('button', { name: 'Step' })).toBeHidden();
  await context.close();
});

test('Step walks downhill, Reset returns, and the summary says where the walk is', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  const summary = widget.locator('[data-summary]');
  await widget.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(summary).toHaveText(/^Step 1: w = −0.2, loss 11.2, down by 5.76/);
  await widget.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(widget.locator('[data-chart="bowl"] .gd-dot')).toHaveCount(2);
  await widget.getByRole('button', { name: 'Reset' }).click();
  await expect(summary).toHaveText(/^Step 0, the start/);
  expect(errors).toEqual([]);
});

test('a large learning rate, set with the keyboard, diverges with a clear message', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  const eta = widget.getByRole('slider', { name: 'Learning rate η' });
  await eta.focus();
  await page.keyboard.press('End'); // η = 1000
  await expect(widget.locator('[data-eta-out]')).toHaveText('1000');
  await widget.getByRole('button', { name: 'Run' }).click();
  await expect(widget.locator('[data-summary]')).toHaveText(/^Diverged after \d+ steps? with η = 1000: the loss grew from 17 to /);
  await expect(widget.getByRole('button', { name: 'Step', exact: true })).toBeDisabled();
  await expect(widget.getByRole('button', { name: 'Run' })).toBeVisible();
});

test('η = 1 on the bowl bounces for ever, and the summary says so instead of "unchanged"', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  await widget.getByRole('slider', { name: 'Learning rate η' }).fill('0'); // log₁₀ η = 0
  await expect(widget.locator('[data-eta-out]')).toHaveText('1');
  await widget.getByRole('button', { name: 'Run' }).click();
  await expect(widget.locator('[data-summary]')).toHaveText(/^Bouncing for ever between w = −1 and w = 7 after 2 steps/);
  await expect(widget.getByRole('button', { name: 'Step', exact: true })).toBeDisabled();
});

test('η = 100 on the network flings the weights onto a plateau, as the chapter promises', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  await widget.getByLabel('Loss').selectOption('network');
  await widget.getByRole('slider', { name: 'Learning rate η' }).fill('2'); // log₁₀ η = 2
  await expect(widget.locator('[data-eta-out]')).toHaveText('100');
  await widget.getByRole('button', { name: 'Run' }).click();
  await expect(widget.locator('[data-summary]')).toHaveText(/^Stuck on a plateau after 2 steps at .*loss 2, higher than at the start/);
});

test('the network surface runs the real network’s loss and Run descends it', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  await widget.getByLabel('Loss').selectOption('network');
  await expect(widget.locator('[data-chart="network"]')).toBeVisible();
  await expect(widget.locator('[data-chart="bowl"]')).toBeHidden();
  await expect(widget.getByRole('slider', { name: 'Start w₂' })).toBeVisible();
  await expect(widget.locator('[data-eta-out]')).toHaveText('1');
  await widget.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(widget.locator('[data-summary]')).toHaveText(/^Step 1: \(w₁, w₂\) = \(−6.22, 6.78\), loss 1.18, down by/);
});

test('a click on the contour map moves the start', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  await widget.getByLabel('Loss').selectOption('valley');
  const svg = widget.locator('[data-chart="valley"] svg');
  const box = (await svg.boundingBox())!;
  await svg.click({ position: { x: box.width * 0.75, y: box.height * 0.3 } });
  await expect(widget.locator('[data-summary]')).toHaveText(/^Step 0, the start: \(w₁, w₂\) = \(\d/);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the explorer passes axe after a few steps, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    const widget = page.locator('gradient-descent-explorer');
    await widgetReady(widget);
    for (let i = 0; i < 3; i++) await widget.getByRole('button', { name: 'Step', exact: true }).click();
    expect(await seriousViolations(page, 'gradient-descent-explorer')).toEqual([]);
  });
}

test('on a 360 px phone the explorer fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const widget = page.locator('gradient-descent-explorer');
  await widgetReady(widget);
  const widest = await widget.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(360);
});
