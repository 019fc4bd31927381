import { expect, test } from '@playwright/test';
import { computeStepperData, fmt } from '../../components/widgets/forward-stepper-model.ts';
import { collectErrors, seriousViolations, typeCode, widestOutsideScrollers, widgetReady } from './pages.ts';

const chapter = '/chapters/feedforward/';

test('the forward stepper is readable without JavaScript: every step, from the server', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const stepper = page.locator('forward-stepper');
  await expect(stepper.locator('.fs-step')).toHaveCount(5);
  await expect(stepper.locator('.fs-step').nth(4)).toBeVisible();
  await expect(stepper.locator('.fs-step[data-current] h3')).toHaveText('Step 1 of 5: The inputs X');
  await expect(stepper.locator('[data-controls]')).toBeHidden(); // buttons that would do nothing stay hidden
  const d = computeStepperData(1);
  await expect(stepper.locator('.fs-step').nth(4)).toContainText(`= ${fmt(d.yHat[1][0])}`);
  await context.close();
});

test('Next and Previous step through X → z₁ → a₁ → z₂ → ŷ with the keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const stepper = page.locator('forward-stepper');
  await widgetReady(stepper);
  const current = stepper.locator('.fs-step[data-current]');
  const prev = stepper.getByRole('button', { name: 'Previous step' });
  const next = stepper.getByRole('button', { name: 'Next step' });
  await expect(stepper.locator('.fs-step:visible')).toHaveCount(1);
  await expect(prev).toBeDisabled();
  await next.focus();
  const titles = ['Weighted inputs z₁ = X·W₁', 'Hidden activations a₁ = σ(z₁)', 'Output weighted input z₂ = a₁·W₂', 'Prediction ŷ = σ(z₂)'];
  for (const [k, title] of titles.entries()) {
    await page.keyboard.press('Enter');
    await expect(current.locator('h3')).toHaveText(`Step ${k + 2} of 5: ${title}`);
    await expect(stepper.locator('[data-live]')).toContainText(title);
  }
  await expect(next).toBeDisabled();
  await expect(prev).toBeFocused(); // focus is not lost when Next turns off
  await page.keyboard.press('Enter');
  await expect(current.locator('h3')).toContainText('Step 4 of 5');
  expect(errors).toEqual([]);
});

test('following another sample moves the highlighted row and the worked example', async ({ page }) => {
  await page.goto(chapter);
  const stepper = page.locator('forward-stepper');
  await widgetReady(stepper);
  await stepper.getByRole('button', { name: 'Next step' }).click();
  await stepper.getByLabel('Follow', { exact: true }).selectOption('3');
  const d = computeStepperData(1);
  const current = stepper.locator('.fs-step[data-current]');
  await expect(current.locator('tr.fs-row th')).toHaveText(['sample 4', 'sample 4']);
  await expect(current.locator('.fs-text')).toContainText(`= ${fmt(d.z1[3][0])}`);
});

test('a new seed draws new weights, the same ones NeuralNetwork would draw', async ({ page }) => {
  await page.goto(chapter);
  const stepper = page.locator('forward-stepper');
  await widgetReady(stepper);
  await stepper.getByRole('button', { name: 'Next step' }).click();
  await stepper.getByLabel('Seed', { exact: true }).fill('2');
  await stepper.getByRole('button', { name: 'Draw new weights' }).click();
  const d = computeStepperData(2);
  const current = stepper.locator('.fs-step[data-current]');
  await expect(current.locator('h3')).toContainText('Step 2 of 5'); // stays on the same step
  await expect(current.locator('table').nth(1).locator('tbody tr').first().locator('td').first()).toHaveText(fmt(d.W1[0][0]));
  await expect(stepper.locator('[data-live]')).toContainText('New weights from seed 2');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the stepper passes axe mid-way through, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    await widgetReady(page.locator('forward-stepper'));
    await page.locator('forward-stepper').getByRole('button', { name: 'Next step' }).click();
    expect(await seriousViolations(page, 'forward-stepper')).toEqual([]);
  });
}

test('on a 360 px phone the stepper fits the screen at every step', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const stepper = page.locator('forward-stepper');
  await widgetReady(stepper);
  for (let k = 0; k < 5; k++) {
    const box = await stepper.boundingBox();
    const widest = await stepper.evaluate(widestOutsideScrollers);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(widest).toBeLessThanOrEqual(360);
    if (k < 4) await stepper.getByRole('button', { name: 'Next step' }).click();
  }
});

// A red team's answer read the chapter's X instead of its argument: the checks at drawn inputs of
// another size raised an error, and the checklist above that error said "All 5 checks passed."
test('an answer whose error stops the checks is not told that all passed: the checklist counts what ran', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/chapters/feedforward/');
  const exercise = page.locator('#exercise-forward-pass');
  await typeCode(
    page,
    page.locator('#cell-ex-forward-pass'),
    'type Forward = { hidden: Matrix; output: Matrix };\nfunction myForward(inputs: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = sigmoid(matmul(X, W1));\n  return { hidden, output: sigmoid(matmul(hidden, W2)) };\n}',
  );
  await exercise.getByRole('button', { name: 'Check my answer' }).click();
  const results = exercise.locator('[data-ex-results]');
  await expect(results.locator('.nb-checks-summary')).toHaveText(/^The checks stopped at an error after \d+ checks: \d+ passed, the rest did not run\.$/, { timeout: 45_000 });
  await expect(results).toContainText('matmul: inner dimensions differ (4×3');
  await expect(results).not.toContainText('checks passed');
});
