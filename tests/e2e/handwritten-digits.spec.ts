import { expect, test } from '@playwright/test';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const path = '/chapters/handwritten-digits/';
const accuracyOf = (text: string | null) => Number(/Test accuracy: ([\d.]+)%/.exec(text ?? '')![1]);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the trainer shows a real run made at build time: accuracy, confusion matrix, mistakes', async ({ page }) => {
    await page.goto(path);
    const trainer = page.locator('digits-trainer');
    await expect(trainer.locator('.dt-summary')).toContainText('Trained when this page was built');
    expect(accuracyOf(await trainer.locator('.dt-summary').textContent())).toBeGreaterThan(90);
    await expect(trainer.locator('.dt-confusion tbody tr')).toHaveCount(10);
    await expect(trainer.locator('.dt-chart')).toHaveCount(2);
    expect(await trainer.locator('.dt-misses li').count()).toBeGreaterThan(0);
    await expect(trainer.locator('.dt-nojs')).toBeVisible();
    await expect(page.locator('digit-filter .df-sum')).toContainText('Output at row 4, column 4:');
  });
});

test('the trainer trains in a worker, reports every epoch and ends above 90% on the test digits', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const trainer = page.locator('digits-trainer');
  await widgetReady(trainer);
  await expect(trainer.locator('.dt-nojs')).toBeHidden();
  await trainer.getByLabel('Seed').fill('7');
  await trainer.getByRole('button', { name: 'Train' }).click();
  await expect(trainer.locator('.dt-status')).toContainText(/Epoch \d+ of 10/);
  await expect(trainer.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 20_000 });
  await expect(trainer.locator('.dt-status')).toContainText('Epoch 10 of 10');
  const summary = await trainer.locator('.dt-summary').textContent();
  expect(summary).toContain('Trained for 10 epochs in');
  expect(accuracyOf(summary)).toBeGreaterThan(90);
  await expect(trainer.locator('.dt-confusion caption')).toContainText('after this run');
  await expect(trainer.locator('.dt-chart desc').first()).toContainText('after epoch 10');
  expect(errors).toEqual([]);
});

test('Stop ends a long run early and the network is scored as it stands', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const trainer = page.locator('digits-trainer');
  await widgetReady(trainer);
  await trainer.getByLabel('Hidden neurons').selectOption('128');
  await trainer.getByLabel('Epochs').selectOption('100');
  await trainer.getByRole('button', { name: 'Train' }).click();
  await expect(trainer.locator('.dt-status')).toContainText(/Epoch \d+ of 100/);
  // The page stays responsive while the worker trains: a timer set now fires soon. The median of
  // five, since on a busy two-core machine one timer alone was once held 302 ms by the scheduler
  // (training on the page's own thread would hold every one of them; and Stop below could not
  // stop it midway).
  const delays = await page.evaluate(async () => {
    const delay = () => new Promise<number>((done) => { const t = performance.now(); setTimeout(() => done(performance.now() - t), 0); });
    const all: number[] = [];
    for (let i = 0; i < 5; i++) all.push(await delay());
    return all.sort((a, b) => a - b);
  });
  expect(delays[2], `timer delays while training: ${delays.map((d) => d.toFixed(0)).join(', ')} ms`).toBeLessThan(200);
  await trainer.getByRole('button', { name: 'Stop' }).click();
  await expect(trainer.locator('.dt-summary')).toContainText(/Stopped after \d+ of 100 epochs/, { timeout: 10_000 });
  await expect(trainer.getByRole('button', { name: 'Train' })).toBeEnabled();
  await expect(trainer.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(trainer.getByLabel('Epochs')).toBeEnabled();
  expect(errors).toEqual([]);
});

test('the filter updates with the keyboard: digit, preset, custom weights and output pixel', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const filter = page.locator('digit-filter');
  await widgetReady(filter);
  const sum = filter.locator('.df-sum');
  await filter.getByLabel('Filter', { exact: true }).selectOption('identity');
  await expect(filter.locator('.df-note')).toContainText('unchanged');
  await expect(sum).toContainText('Output at row 4, column 4:');
  // Identity: the output pixel is the input pixel itself.
  const centre = filter.getByLabel(/Weight centre/);
  await expect(centre).toHaveValue('1');
  await centre.fill('2');
  await expect(filter.getByLabel('Filter', { exact: true })).toHaveValue('custom');
  await expect(filter.locator('.df-note')).toContainText('Your own weights');
  await filter.locator('[data-output]').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await expect(sum).toContainText('Output at row 3, column 3:');
  await page.keyboard.press('Home');
  await expect(sum).toContainText('Output at row 1, column 1:');
  const before = await filter.locator('.df-summary').textContent();
  await filter.getByLabel('Digit').selectOption('7');
  await expect(filter.locator('.df-summary')).not.toHaveText(before!);
  await expect(filter.locator('[data-input] svg')).toHaveAttribute('aria-label', 'Input: the handwritten 7, 8×8 pixels');
  expect(errors).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`trainer and filter have no serious accessibility violations (${scheme})`, async ({ page }) => {
    test.setTimeout(90_000); // axe on a long page, on a busy two-core machine
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(path);
    for (const selector of ['digits-trainer', 'digit-filter']) await widgetReady(page.locator(selector));
    expect(await seriousViolations(page, 'digits-trainer', 'digit-filter')).toEqual([]);
  });
}

test('trainer and filter fit a 360 px phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(path);
  for (const selector of ['digits-trainer', 'digit-filter']) {
    await widgetReady(page.locator(selector));
    const box = await page.locator(selector).boundingBox();
    expect(box!.x + box!.width, selector).toBeLessThanOrEqual(360);
  }
});
