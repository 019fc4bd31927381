// Widgets load their element near the screen (components/widgets/load-near.ts), not with the
// page: a chapter's JavaScript before any interaction stays within its budget. What a reader does
// before the element arrives is not lost, and an element that cannot load says so.
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, widgetReady } from './pages.ts';

/**
 * Holds back the requests for a widget's element module until `release()`: the reader is faster
 * than the network. `requested` lists what was asked for, in order.
 */
async function holdModule(page: Page, name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const requested: string[] = [];
  await page.route(new RegExp(`/_astro/${name}\\.[\\w-]+\\.js$`), async (route) => {
    requested.push(new URL(route.request().url()).pathname);
    await released;
    await route.continue();
  });
  return { release, requested };
}

test('a chapter loads a widget’s element only when the reader scrolls near it', async ({ page }) => {
  const errors = collectErrors(page);
  const held = await holdModule(page, 'architecture-explorer');
  held.release();
  await page.goto('/chapters/what-is-a-neural-network/', { waitUntil: 'networkidle' });
  expect(held.requested).toEqual([]);
  await expect(page.locator('architecture-explorer:not(:defined)')).toHaveCount(1);
  await widgetReady(page.locator('architecture-explorer'));
  expect(held.requested).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('a slider moved before the element arrives is replayed to it: the numbers follow the slider', async ({ page }) => {
  const errors = collectErrors(page);
  const held = await holdModule(page, 'neuron-sliders');
  await page.goto('/chapters/the-sigmoid/');
  const widget = page.locator('neuron-sliders');
  const w = widget.getByLabel('weight w');
  await w.focus(); // the reader is at the widget: the load starts, and is held back
  await page.keyboard.press('End'); // w = 4
  await expect(w).toHaveValue('4');
  await expect.poll(() => held.requested.length).toBe(1);
  await expect(widget.locator('output[data-name="w"]')).not.toHaveText('4.0'); // nothing has drawn it yet
  held.release();
  await expect(widget.locator('output[data-name="w"]')).toHaveText('4.0');
  await expect(widget.locator('[data-value="equation"]')).toHaveText('z = w x + b = 4.0 × 1.0 + (−1.0) = 3.00');
  expect(errors).toEqual([]);
});

test('buttons pressed before the element arrives are replayed in order, each once', async ({ page }) => {
  const errors = collectErrors(page);
  const held = await holdModule(page, 'architecture-explorer');
  await page.goto('/chapters/what-is-a-neural-network/');
  const explorer = page.locator('architecture-explorer');
  const more = explorer.getByRole('button', { name: 'Hidden layer 2: one more' });
  await more.click();
  await more.click();
  await expect(explorer.locator('.ae-count')).toHaveText('16 weights (3×4 + 4×1), no biases: 16 numbers to learn.');
  held.release();
  await expect(explorer.locator('.ae-count')).toHaveText(
    '22 weights (3×4 + 4×2 + 2×1), no biases: 22 numbers to learn.',
  );
  await expect(explorer.locator('.ae-edge')).toHaveCount(22);
  expect(errors).toEqual([]);
});

test('an element that cannot load leaves the first state and says so in the widget; the next touch tries again', async ({
  page,
}) => {
  let fail = true;
  await page.route(/\/_astro\/neuron-sliders\.[\w-]+\.js$/, (route) =>
    fail ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.goto('/chapters/the-sigmoid/');
  const widget = page.locator('neuron-sliders');
  await widget.scrollIntoViewIfNeeded();
  const status = widget.getByRole('status').filter({ hasText: 'controls did not load' });
  await expect(status).toHaveText(
    /^This figure’s controls did not load \(.+\)\. It shows its first state; touch it again, or reload the page, to try again\.$/,
  );
  await expect(widget.locator('.ns-summary')).toContainText('the weighted input is z = 1.00');
  fail = false;
  await widget.getByLabel('weight w').focus();
  await page.keyboard.press('End');
  await expect(widget.locator('output[data-name="w"]')).toHaveText('4.0');
  await expect(status).toHaveCount(0);
});
