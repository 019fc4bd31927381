import { expect, test } from '@playwright/test';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const path = '/chapters/what-is-a-neural-network/';

test.describe('architecture explorer without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the first state is rendered on the server: the 3-4-1 network, 16 connections, 16 weights', async ({ page }) => {
    await page.goto(path);
    const explorer = page.locator('architecture-explorer');
    await expect(explorer.locator('.ae-edge')).toHaveCount(16);
    await expect(explorer.locator('.ae-count')).toHaveText('16 weights (3×4 + 4×1), no biases: 16 numbers to learn.');
    await expect(explorer.locator('svg desc')).toContainText('3 inputs, 4 neurons in hidden layer 1, 1 output');
  });
});

test('the explorer starts with the weights the first cell prints, readable by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const firstWeight = Number(await page.locator('#cell-build-network .nb-table td').first().textContent());
  const explorer = page.locator('architecture-explorer');
  await widgetReady(explorer);
  await explorer.locator('input[data-field="biases"]').focus();
  await page.keyboard.press('Tab');
  const readout = explorer.locator('.ae-readout');
  await expect(readout).toContainText(`x₁ → h₁: weight ${firstWeight.toFixed(3)}`);
  await expect(readout).toContainText('row 1, column 1');
  await page.keyboard.press('ArrowRight');
  await expect(readout).toContainText('x₁ → h₂: weight');
  await page.keyboard.press('End');
  await expect(readout).toContainText('h₄ → ŷ: weight');
  await expect(readout).toContainText('of W₂ (row 4, column 1)');
  expect(errors).toEqual([]);
});

test('hovering a connection shows its weight', async ({ page }) => {
  await page.goto(path);
  const explorer = page.locator('architecture-explorer');
  await widgetReady(explorer);
  const edge = explorer.locator('.ae-edge[data-l="1"][data-i="2"] .ae-hit');
  await edge.hover({ force: true });
  await expect(explorer.locator('.ae-readout')).toContainText('h₃ → ŷ: weight');
});

test('changing the layers rebuilds the network and recounts its weights and biases', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const explorer = page.locator('architecture-explorer');
  await widgetReady(explorer);
  await explorer.getByRole('button', { name: 'Hidden layer 2: one more' }).click();
  await explorer.getByRole('button', { name: 'Hidden layer 2: one more' }).click();
  await expect(explorer.locator('.ae-count')).toHaveText('22 weights (3×4 + 4×2 + 2×1), no biases: 22 numbers to learn.');
  await expect(explorer.locator('.ae-edge')).toHaveCount(22);
  await explorer.getByRole('button', { name: 'Inputs: one fewer' }).click();
  await explorer.getByLabel('give every neuron a bias').check();
  await expect(explorer.locator('.ae-count')).toHaveText('18 weights (2×4 + 4×2 + 2×1) and 7 biases (4 + 2 + 1): 25 numbers to learn.');
  // The lower limit disables the button rather than going below it.
  await explorer.getByRole('button', { name: 'Inputs: one fewer' }).click();
  await expect(explorer.getByRole('button', { name: 'Inputs: one fewer' })).toBeDisabled();
  // A new seed draws new weights for the same shape.
  await explorer.locator('.ae-edge').first().focus();
  const before = await explorer.locator('.ae-readout').textContent();
  await explorer.getByRole('button', { name: 'Seed: one more' }).click();
  await explorer.locator('.ae-edge').first().focus();
  await expect(explorer.locator('.ae-readout')).not.toHaveText(before!);
  expect(errors).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the explorer has no serious accessibility violations after use (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(path);
    const explorer = page.locator('architecture-explorer');
    await widgetReady(explorer);
    await explorer.getByRole('button', { name: 'Hidden layer 1: one more' }).click();
    await explorer.locator('.ae-edge').first().focus();
    expect(await seriousViolations(page, 'architecture-explorer')).toEqual([]);
  });
}

test('the explorer fits a 360 px phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(path);
  await widgetReady(page.locator('architecture-explorer'));
  const box = await page.locator('architecture-explorer').boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
});
