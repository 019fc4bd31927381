import { expect, test } from '@playwright/test';
import { currentText, graphState, stepText } from '../../components/widgets/autograd-graph-model.ts';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const chapter = '/chapters/backpropagation-as-a-machine/';

test('without JavaScript the graph shows the forward pass and the list reads the whole backward pass', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const widget = page.locator('autograd-graph');
  const s = graphState('twice');
  await expect(widget.locator('[data-now]')).toHaveText(currentText(s, 0));
  await expect(widget.locator('svg[role="img"] desc')).toHaveText('Forward pass: u = 3, p = u·u = 9, f = p + u = 12.');
  await expect(widget.locator('[data-log] li')).toHaveCount(3);
  await expect(widget.locator('[data-log] li').last()).toHaveText(stepText(s, 3));
  await expect(widget.locator('.ag-controls')).toBeHidden();   // controls that need JavaScript are not offered
  await context.close();
});

test('Step backward walks the backward pass with the keyboard, and u collects 3 + 3 + 1', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const widget = page.locator('autograd-graph');
  await widgetReady(widget);
  await expect(widget.locator('[data-log] li')).toHaveCount(0);
  await widget.getByRole('button', { name: 'Step backward' }).focus();
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-now]')).toHaveText('Step 1: start at the output: ∂f/∂f = 1.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-now]')).toContainText('Step 3: p = u·u has ∂f/∂p = 1; it sends 1 × 3 = 3 to u (∂f/∂u is now 4) and 1 × 3 = 3 to u (∂f/∂u is now 7).');
  await expect(widget.locator('[data-now]')).toContainText('The backward pass is complete: ∂f/∂u = 7.');
  await expect(widget.locator('svg .ag-current')).toContainText('p = 9');
  await expect(widget.locator('svg .ag-edge-active')).toHaveCount(2);
  await expect(widget.getByRole('button', { name: 'Start again' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(widget.getByRole('button', { name: 'Reset' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-now]')).toHaveText(/^Forward pass/);
  await expect(widget.getByRole('button', { name: 'Step backward' })).toBeFocused();
  expect(errors).toEqual([]);
});

test('choosing another expression and editing an input recomputes the graph; a non-number is refused beside its field', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const widget = page.locator('autograd-graph');
  await widgetReady(widget);
  await widget.getByLabel('Expression').selectOption('neuron');
  await expect(widget.locator('[data-now]')).toHaveText(currentText(graphState('neuron'), 0));
  const w = widget.getByRole('spinbutton', { name: 'w' });
  await w.fill('2');
  const s = graphState('neuron', { x: 1.5, w: 2, y: 1 });
  for (let i = 0; i < s.steps.length; i++) await widget.getByRole('button', { name: 'Step backward' }).click();
  await expect(widget.locator('[data-now]')).toHaveText(currentText(s, s.steps.length));
  await w.fill('');
  await expect(w).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.getByRole('alert')).toHaveText('w: enter a number between −1,000,000 and 1,000,000; the graph still shows w = 2.');
  await expect(widget.locator('[data-now]')).toHaveText(currentText(s, s.steps.length));
  await w.fill('0.8');
  await expect(widget.getByRole('alert')).toBeHidden();
  expect(errors).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the graph passes axe mid-way through the backward pass, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    const widget = page.locator('autograd-graph');
    await widgetReady(widget);
    await widget.getByLabel('Expression').selectOption('batch');
    for (let i = 0; i < 4; i++) await widget.getByRole('button', { name: 'Step backward' }).click();
    expect(await seriousViolations(page, 'autograd-graph')).toEqual([]);
  });
}

test('on a 360 px phone the graph of the largest expression fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const widget = page.locator('autograd-graph');
  await widgetReady(widget);
  await widget.getByLabel('Expression').selectOption('batch');
  for (let i = 0; i < 5; i++) await widget.getByRole('button', { name: 'Step backward' }).click();
  const widest = await widget.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(360);
});
