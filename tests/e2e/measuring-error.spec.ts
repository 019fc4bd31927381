import { expect, test } from '@playwright/test';
import { fmt } from '../../components/widgets/squared-errors-model.ts';
import { NeuralNetwork, articleData } from '../../src/nn/index.ts';
import { collectErrors, seriousViolations, widestOutsideScrollers, widgetReady } from './pages.ts';

const chapter = '/chapters/measuring-error/';

function untrained() {
  const { X, y } = articleData();
  const net = new NeuralNetwork(X, y, { seed: 1 });
  net.feedforward();
  return net;
}

test('the first state, from the server, is the untrained network and its loss', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const widget = page.locator('squared-errors');
  const net = untrained();
  for (let i = 0; i < 4; i++) await expect(widget.locator(`[data-out="${i}"]`)).toHaveText(fmt(net.output.data[i]));
  await expect(widget.locator('[data-sse]')).toHaveText(fmt(net.loss()));
  await expect(widget.locator('[data-mse]')).toHaveText(fmt(net.loss() / 4));
  await expect(widget.locator('[data-summary]')).toContainText(`Sum of squares 𝓛 = ${fmt(net.loss())}`);
  await expect(widget.locator('svg.se-squares rect.se-square')).toHaveCount(4);
  await expect(widget.locator('svg.se-compare .se-curve-abs')).toHaveCount(1);
  await context.close();
});

test('the sliders move the predictions with the keyboard, and the loss follows', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const widget = page.locator('squared-errors');
  await widgetReady(widget);
  const slider = (i: number) => widget.getByRole('slider', { name: new RegExp(`sample ${i}`) });
  await slider(1).focus();
  await page.keyboard.press('End'); // ŷ₁ = 1 against a target of 0: the worst miss
  await expect(widget.locator('[data-out="0"]')).toHaveText('1.000');
  await expect(widget.locator('[data-rows] tr').first().locator('td').last()).toHaveText('1.000');
  await expect(widget.locator('[data-summary]')).toContainText('The largest square is sample 1’s, 1.000');
  // Every prediction onto its target: the loss is zero.
  await page.keyboard.press('Home');
  await slider(2).focus(); await page.keyboard.press('End');
  await slider(3).focus(); await page.keyboard.press('End');
  await slider(4).focus(); await page.keyboard.press('Home');
  await expect(widget.locator('[data-sse]')).toHaveText('0.000');
  await expect(widget.locator('[data-mse]')).toHaveText('0.000');
  await expect(widget.locator('[data-summary]')).toContainText('the loss is zero');
  await expect(widget.locator('svg.se-squares rect.se-square')).toHaveCount(0);
  // Reset brings back the network's exact predictions.
  await widget.getByRole('button', { name: 'Reset to the network’s predictions' }).click();
  await expect(widget.locator('[data-sse]')).toHaveText(fmt(untrained().loss()));
  expect(errors).toEqual([]);
});

test('the |e| toggle and the sample choice drive the comparison chart', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('squared-errors');
  await widgetReady(widget);
  const text = widget.locator('[data-compare-text]');
  await expect(text).toContainText('|e|');
  await widget.getByLabel('Show the absolute error |e| too').uncheck();
  await expect(widget.locator('svg.se-compare .se-curve-abs')).toHaveCount(0);
  await expect(text).not.toContainText('|e|');
  await widget.getByLabel('Show the absolute error |e| too').check();
  await widget.getByLabel('Sample in the chart').selectOption('2');
  const e2 = 1 - untrained().output.data[1];
  await expect(text).toContainText(`Sample 2: e = ${fmt(e2)}`);
  await expect(text).toContainText('its slope is +1');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the widget passes axe after a change, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    await widgetReady(page.locator('squared-errors'));
    await page.locator('squared-errors').getByRole('slider', { name: /sample 2/ }).fill('0.3');
    expect(await seriousViolations(page, 'squared-errors')).toEqual([]);
  });
}

test('on a 360 px phone the widget fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const widget = page.locator('squared-errors');
  await widgetReady(widget);
  const widest = await widget.evaluate(widestOutsideScrollers);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(widest).toBeLessThanOrEqual(360);
});
