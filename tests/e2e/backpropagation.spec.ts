import { expect, test } from '@playwright/test';
import { graphState, START, stepText } from '../../components/widgets/backprop-graph-model.ts';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const chapter = '/chapters/backpropagation/';

test('without JavaScript the graph shows the forward pass and the list reads the whole backward pass', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const widget = page.locator('backprop-graph');
  await expect(widget.locator('[data-now]')).toHaveText(/^Forward pass: x = 1, z₁ = x·w₁ = 0.5/);
  await expect(widget.locator('svg[role="img"] desc')).toContainText('the loss is 𝓛 = (y − ŷ)² = 0.424');
  await expect(widget.locator('[data-log] li')).toHaveCount(7);
  await expect(widget.locator('[data-log] li').last()).toHaveText(stepText(graphState(START), 6));
  await context.close();
});

test('Step backward walks the backward pass one node at a time, with the keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const widget = page.locator('backprop-graph');
  await widgetReady(widget);
  const button = widget.getByRole('button', { name: 'Step backward' });
  await expect(widget.locator('[data-log] li')).toHaveCount(0);
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-now]')).toHaveText(/^Step 1: start at the loss/);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-now]')).toHaveText('Step 3: ∂𝓛/∂z₂ = ∂𝓛/∂ŷ × ∂ŷ/∂z₂ = (−1.3) × 0.227 = −0.296, where ∂ŷ/∂z₂ = σ′(z₂) = ŷ(1 − ŷ).');
  await expect(widget.locator('[data-log] li')).toHaveCount(3);
  await expect(widget.locator('svg .bg-current')).toContainText('z₂ = −0.622');
  await expect(widget.locator('svg .bg-edge-active')).toHaveCount(1);
  for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
  await expect(widget.locator('[data-now]')).toContainText('The backward pass is complete');
  await expect(widget.getByRole('button', { name: 'Start again' })).toBeVisible();
  await widget.getByRole('button', { name: 'Reset' }).click();
  await expect(widget.locator('[data-now]')).toHaveText(/^Forward pass/);
  expect(errors).toEqual([]);
});

test('moving a weight recomputes forward and backward with the module', async ({ page }) => {
  await page.goto(chapter);
  const widget = page.locator('backprop-graph');
  await widgetReady(widget);
  await widget.getByRole('slider', { name: 'Weight w₂' }).fill('2');
  await expect(widget.locator('[data-out="w2"]')).toHaveText('2');
  const s = graphState({ ...START, w2: 2 });
  for (let i = 0; i < 7; i++) await widget.getByRole('button', { name: 'Step backward' }).click();
  await expect(widget.locator('[data-log] li').last()).toHaveText(stepText(s, 6));
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the graph passes axe mid-way through the backward pass, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    const widget = page.locator('backprop-graph');
    await widgetReady(widget);
    for (let i = 0; i < 3; i++) await widget.getByRole('button', { name: 'Step backward' }).click();
    expect(await seriousViolations(page, 'backprop-graph')).toEqual([]);
  });
}

test('on a 360 px phone the graph fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const widget = page.locator('backprop-graph');
  await widgetReady(widget);
  const widest = await widget.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(360);
});
