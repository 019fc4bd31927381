import { expect, test } from '@playwright/test';
import { fmtLoss, fmtPrediction } from '../../components/widgets/live-trainer-model.ts';
import { NeuralNetwork, articleData } from '../../src/nn/index.ts';
import { collectErrors, seriousViolations, widgetReady } from './pages.ts';

const chapter = '/chapters/training-the-network/';

function untrained(seed = 1) {
  const { X, y } = articleData();
  const net = new NeuralNetwork(X, y, { seed });
  net.feedforward();
  return net;
}

test('the trainer’s first state comes from the server: step 0 of the untrained network', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  const trainer = page.locator('live-trainer');
  const net = untrained();
  await expect(trainer.locator('[data-status]')).toHaveText(`Step 0 · loss ${fmtLoss(net.loss())}`);
  await expect(trainer.locator('[data-summary]')).toContainText(`Predictions: ${fmtPrediction(net.output.data[0])} (target 0)`);
  await expect(trainer.locator('svg.lt-curve')).toHaveAttribute('role', 'img');
  await expect(trainer.locator('svg.lt-bars rect.lt-bar')).toHaveCount(4);
  await expect(trainer.locator('[data-controls]')).toBeHidden(); // buttons that cannot work are not shown
  await context.close();
});

test('Step trains one step, Play runs to the tutorial’s 1,500 and pauses there, Reset starts again', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(chapter);
  const trainer = page.locator('live-trainer');
  await widgetReady(trainer);
  const status = trainer.locator('[data-status]');
  await trainer.getByRole('button', { name: 'Step' }).click();
  await expect(status).toHaveText(/^Step 1 · loss /);
  await trainer.getByRole('slider', { name: 'Speed' }).fill('4'); // the fastest
  // At the fastest speed the run to 1,500 can end between two polls, so the button's states are
  // recorded as they change rather than caught in passing.
  const play = trainer.getByRole('button', { name: 'Play' });
  await play.evaluate((button) => {
    const seen: string[] = [];
    (window as unknown as { playStates: string[] }).playStates = seen;
    new MutationObserver(() => seen.push(`${button.textContent} ${button.getAttribute('aria-pressed')}`)).observe(button, {
      attributes: true,
      characterData: true,
      childList: true,
      subtree: true,
    });
  });
  await play.click();
  await expect(status).toContainText('paused at the tutorial’s 1,500 steps', { timeout: 20_000 });
  const states = await page.evaluate(() => (window as unknown as { playStates: string[] }).playStates);
  expect(states).toContain('Pause true');
  // The same weights as `new NeuralNetwork(X, y, { seed: 1 })` after 1,500 updates.
  const { X, y } = articleData();
  const net = new NeuralNetwork(X, y, { seed: 1 });
  net.train(1500);
  net.feedforward();
  await expect(status).toHaveText(`Step 1,500 · loss ${fmtLoss(net.loss())} · paused at the tutorial’s 1,500 steps`);
  await expect(trainer.locator('[data-live]')).toContainText('Paused at step 1,500');
  await expect(trainer.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  await trainer.getByRole('button', { name: 'Reset' }).click();
  await expect(status).toHaveText(`Step 0 · loss ${fmtLoss(untrained().loss())}`);
  expect(errors).toEqual([]);
});

test('a new seed from the keyboard draws new starting weights', async ({ page }) => {
  await page.goto(chapter);
  const trainer = page.locator('live-trainer');
  await widgetReady(trainer);
  const seed = trainer.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await seed.fill('2016');
  await page.keyboard.press('Enter');
  await expect(trainer.locator('[data-status]')).toHaveText(`Step 0 · loss ${fmtLoss(untrained(2016).loss())}`);
  await expect(trainer.locator('[data-summary]')).toContainText('Seed 2016, step 0');
  // Space on the focused Step button trains a step: every control works from the keyboard.
  await trainer.getByRole('button', { name: 'Step' }).focus();
  await page.keyboard.press('Space');
  await expect(trainer.locator('[data-status]')).toHaveText(/^Step 1 · /);
  await seed.fill('-4');
  await page.keyboard.press('Enter');
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the trainer passes axe after training, in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(chapter);
    const trainer = page.locator('live-trainer');
    await widgetReady(trainer);
    for (let i = 0; i < 3; i++) await trainer.getByRole('button', { name: 'Step' }).click();
    expect(await seriousViolations(page, 'live-trainer')).toEqual([]);
  });
}

test('on a 360 px phone the trainer fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(chapter);
  const trainer = page.locator('live-trainer');
  await widgetReady(trainer);
  const widest = await trainer.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(360);
});
