import { expect, test } from '@playwright/test';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const path = '/chapters/the-sigmoid/';

test.describe('one neuron without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the first state and its chart are rendered on the server, with a text alternative', async ({ page }) => {
    await page.goto(path);
    const widget = page.locator('neuron-sliders');
    await expect(widget.locator('.ns-chart svg')).toHaveCount(1);
    await expect(widget.locator('.ns-chart')).toHaveAttribute('role', 'img');
    await expect(widget.locator('.ns-chart')).toHaveAttribute('aria-label', /current point is marked at z = 1\.00/);
    await expect(widget.locator('.ns-summary')).toContainText('the weighted input is z = 1.00');
  });
});

test('moving a slider with the keyboard updates the numbers, the summary and the chart', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const widget = page.locator('neuron-sliders');
  await widgetReady(widget);
  const chartBefore = await widget.locator('.ns-chart').innerHTML();
  const w = widget.getByLabel('weight w');
  await w.focus();
  await page.keyboard.press('End');   // w = 4, x = 1, b = −1: z = 3
  await expect(widget.locator('output[data-name="w"]')).toHaveText('4.0');
  await expect(widget.locator('[data-value="equation"]')).toHaveText('z = w x + b = 4.0 × 1.0 + (−1.0) = 3.00');
  const a = 1 / (1 + Math.exp(-3));
  await expect(widget.locator('[data-value="a"]')).toHaveText(a.toFixed(3));
  await expect(widget.locator('[data-value="slope"]')).toHaveText((a * (1 - a)).toFixed(3));
  await expect(widget.locator('.ns-summary')).toContainText('z = 3.00');
  await expect(widget.locator('.ns-chart')).toHaveAttribute('aria-label', /z = 3\.00/);
  await expect.poll(() => widget.locator('.ns-chart').innerHTML()).not.toBe(chartBefore);
  await expect(widget.locator('.ns-chart svg')).toHaveCount(1);
  const b = widget.getByLabel('bias b');
  await b.focus();
  await page.keyboard.press('Home');  // b = −4: z = 0
  await expect(widget.locator('.ns-summary')).toContainText('steep middle');
  expect(errors).toEqual([]);
});

test('the step-function toggle shows an output of 0 or 1 with slope 0, and says why that stops gradient descent', async ({ page }) => {
  await page.goto(path);
  const widget = page.locator('neuron-sliders');
  await widgetReady(widget);
  await widget.getByLabel('Use a step function instead of σ').check();
  await expect(widget.locator('[data-label="a"]')).toHaveText('a = step(z)');
  await expect(widget.locator('[data-value="a"]')).toHaveText('1.000');
  await expect(widget.locator('[data-value="slope"]')).toHaveText('0.000');
  await expect(widget.locator('.ns-summary')).toContainText('Gradient descent, which follows the slope, gets no signal.');
  await expect(widget.locator('.ns-chart svg')).toContainText('step(z)');
  await widget.getByLabel('Use a step function instead of σ').uncheck();
  await expect(widget.locator('[data-label="a"]')).toHaveText('a = σ(z)');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`one neuron has no serious accessibility violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(path);
    await widgetReady(page.locator('neuron-sliders'));
    const w = page.locator('neuron-sliders').getByLabel('weight w');
    await w.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await seriousViolations(page, 'neuron-sliders')).toEqual([]);
  });
}

test('one neuron fits a 360 px phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(path);
  await widgetReady(page.locator('neuron-sliders'));
  const box = await page.locator('neuron-sliders').boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
});
