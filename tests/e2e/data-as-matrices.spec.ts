import { expect, test } from '@playwright/test';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const path = '/chapters/data-as-matrices/';

test.describe('shape explorer without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the first state is rendered on the server: A 2×3 times B 3×2 is 2×2', async ({ page }) => {
    await page.goto(path);
    const explorer = page.locator('shape-explorer');
    await expect(explorer.locator('.se-status')).toContainText('A B is defined');
    await expect(explorer.locator('.se-c caption')).toHaveText('A B (2×2)');
    await expect(explorer.locator('.se-c td')).toHaveCount(4);
  });
});

test('the shape error in the chapter is the module’s own message', async ({ page }) => {
  await page.goto(path);
  await expect(page.locator('#cell-shape-error')).toContainText('matmul: inner dimensions differ (4×3 · 4×1)');
});

test('shapes that do not fit show matmul’s error; “Make B fit A” fixes them', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(path);
  const explorer = page.locator('shape-explorer');
  await widgetReady(explorer);
  await explorer.getByLabel('rows of B').fill('4');
  await expect(explorer.locator('.se-status')).toContainText('A B is not defined: A has 3 columns but B has 4 rows');
  await expect(explorer.locator('.se-error')).toContainText('Error: matmul: inner dimensions differ (2×3 · 4×2)');
  await explorer.getByLabel('rows of A').fill('5');
  await explorer.getByLabel('columns of B').fill('5');
  await expect(explorer.locator('.se-error')).toContainText('(5×3 · 4×5)');
  await explorer.getByRole('button', { name: 'Make B fit A' }).click();
  await expect(explorer.locator('.se-status')).toContainText('A B is defined: (5 × 3)(3 × 5)');
  await expect(explorer.locator('.se-c caption')).toHaveText('A B (5×5)');
  await expect(explorer.locator('.se-c td')).toHaveCount(25);
  expect(errors).toEqual([]);
});

test('focusing an entry of the product explains it as a row times a column', async ({ page }) => {
  await page.goto(path);
  const explorer = page.locator('shape-explorer');
  await widgetReady(explorer);
  const a = await explorer.locator('.se-a tr').nth(1).locator('td').allTextContents();
  const b = await explorer.locator('.se-b tr').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[0].textContent));
  await explorer.getByRole('button', { name: /^row 2, column 1:/ }).focus();
  const terms = a.map((v, r) => `${v}·${b[r]}`).join(' + ');
  const value = a.reduce((s, v, r) => s + Number(v) * Number(b[r]), 0);
  await expect(explorer.locator('.se-explain')).toHaveText(`(A B) in row 2, column 1 = row 2 of A times column 1 of B = ${terms} = ${value}`);
  await expect(explorer.locator('.se-a td.se-hl')).toHaveCount(3);
  await expect(explorer.locator('.se-b td.se-hl')).toHaveCount(3);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the shape explorer has no serious accessibility violations with an error showing (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(path);
    await widgetReady(page.locator('shape-explorer'));
    await page.locator('shape-explorer').getByLabel('rows of B').fill('4');
    await expect(page.locator('shape-explorer .se-error')).toBeVisible();
    expect(await seriousViolations(page, 'shape-explorer')).toEqual([]);
  });
}

test('the shape explorer fits a 360 px phone screen, even at 6×6', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(path);
  const explorer = page.locator('shape-explorer');
  await widgetReady(explorer);
  for (const label of ['rows of A', 'columns of A', 'rows of B', 'columns of B']) await explorer.getByLabel(label).fill('6');
  await expect(explorer.locator('.se-c td')).toHaveCount(36);
  const box = await explorer.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  const widest = await explorer.locator('table, .se-error').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(360);
});
