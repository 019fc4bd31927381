import { expect, test } from '@playwright/test';
import { DEFAULT_SETUP, PlaygroundRun, summary } from '../../components/widgets/boundary-playground-model.ts';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const chapter = '/chapters/beyond-the-article/';

test('the playground’s first state comes from the server: the default data and the untrained boundary', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const playground = page.locator('boundary-playground');
  const first = new PlaygroundRun(DEFAULT_SETUP).snapshot();
  await expect(playground.locator('[data-summary]')).toHaveText(summary(first));
  await expect(playground.locator('svg.bp-map')).toHaveAttribute('role', 'img');
  await expect(playground.locator('svg.bp-map g.bp-p0 > *')).toHaveCount(100);
  await expect(playground.locator('svg.bp-map g.bp-p1 > *')).toHaveCount(100);
  await expect(playground.locator('[data-buttons]')).toBeHidden();
  await context.close();
});

test('a shared link opens its setup, Play trains, and every change is written back to the address', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${chapter}?data=circles&noise=0.1&layers=4&act=relu&lr=0.3`);
  const playground = page.locator('boundary-playground');
  await expect(playground.getByLabel('Data set')).toHaveValue('circles');
  await expect(playground.getByLabel('Activation')).toHaveValue('relu');
  await expect(playground.locator('[data-summary]')).toContainText('two circles (200 points, noise 0.1), 1 hidden layer of 4 relu neurons, learning rate 0.3. Step 0:');
  await playground.getByRole('button', { name: 'Play' }).click();
  await expect(playground.locator('[data-stat="step"]')).not.toHaveText('0');
  await expect.poll(async () => Number((await playground.locator('[data-stat="step"]').textContent())!.replace(/,/g, '')), { timeout: 20_000 }).toBeGreaterThan(200);
  await playground.getByRole('button', { name: 'Pause' }).click();
  await expect(playground.locator('[data-stat="accuracy"]')).not.toHaveText('52%');
  // Changing the setup starts a new run and records it in the address.
  await playground.getByLabel('Data set').selectOption('spiral');
  await playground.getByLabel('Learning rate η').selectOption('1');
  await expect(playground.locator('[data-stat="step"]')).toHaveText('0');
  await expect(playground.locator('.bp-key[data-key2]')).toBeVisible(); // the spiral has a third class
  const url = new URL(page.url());
  expect(url.search).toBe('?data=spiral&noise=0.1&layers=4&act=relu&lr=1');
  expect(url.hash).toBe('#playground');
  expect(errors).toEqual([]);
});

test('the sliders and selects work from the keyboard, and no hidden layer disables the layer controls', async ({ page }) => {
  await page.goto(chapter);
  const playground = page.locator('boundary-playground');
  await widgetReady(playground);
  const layers = playground.getByRole('slider', { name: /Hidden layers/ });
  await layers.focus();
  await page.keyboard.press('Home');
  await expect(playground.locator('[data-out="count"]')).toHaveText('0');
  await expect(playground.getByLabel('Neurons per hidden layer')).toBeDisabled();
  await expect(playground.locator('[data-summary]')).toContainText('no hidden layer');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(playground.locator('[data-summary]')).toContainText('2 hidden layers of 8, 8 tanh neurons');
  const noise = playground.getByRole('slider', { name: /Noise/ });
  await noise.focus();
  await page.keyboard.press('End');
  await expect(playground.locator('[data-out="noise"]')).toHaveText('0.5');
  expect(new URL(page.url()).search).toBe('?data=moons&noise=0.5&layers=8,8&act=tanh&lr=0.3');
});

test('a learning rate that is far too large stops the run and says why', async ({ page }) => {
  await page.goto(`${chapter}?data=moons&noise=0.5&layers=16,16,16,16&act=relu&lr=3`);
  const playground = page.locator('boundary-playground');
  await playground.getByRole('button', { name: 'Play' }).click();
  await expect(playground.locator('[data-summary]')).toContainText('Training diverged', { timeout: 20_000 });
  await expect(playground.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  await expect(playground.locator('[data-live]')).toContainText('Try a smaller learning rate');
});

test('a learning rate that makes the loss climb, though it stays finite, is called failing (η = 3, 4×16 tanh)', async ({ page }) => {
  await page.goto(`${chapter}?data=moons&layers=16,16,16,16&act=tanh&lr=3`);
  const playground = page.locator('boundary-playground');
  await playground.getByRole('button', { name: 'Play' }).click();
  await expect(playground.locator('[data-summary]')).toContainText('Training is failing: the loss is', { timeout: 30_000 });
  await expect(playground.locator('[data-summary]')).toHaveClass(/bp-bad/);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the playground passes axe after a change, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    const playground = page.locator('boundary-playground');
    await widgetReady(playground);
    await playground.getByLabel('Data set').selectOption('xor');
    expect(await seriousViolations(page, 'boundary-playground')).toEqual([]);
  });
}

test('on a 360 px phone the playground fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const playground = page.locator('boundary-playground');
  await widgetReady(playground);
  const widest = await playground.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(360);
});
