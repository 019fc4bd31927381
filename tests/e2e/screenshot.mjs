// Screenshots of built pages, for looking at what a reader sees:
//   node tests/e2e/screenshot.mjs http://localhost:4321 /chapters/what-is-a-neural-network/ [more paths…]
// Writes desktop and phone widths, light and dark, to screenshots/ (ignored by git).
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [origin, ...paths] = process.argv.slice(2);
const full = process.env.FULL === '1';
mkdirSync('screenshots', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const sizes = { desktop: { width: 1366, height: 900 }, phone: { width: 375, height: 780 } };
for (const path of paths) {
  for (const [device, viewport] of Object.entries(sizes)) {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      page.on('console', (m) => { if (m.type() === 'error') console.log(`console error on ${path}: ${m.text()}`); });
      await page.goto(origin + path, { waitUntil: 'networkidle' });
      const name = `screenshots/${(path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home')}-${device}-${scheme}.png`;
      await page.screenshot({ path: name, fullPage: full });
      console.log(name);
      await page.close();
    }
  }
}
await browser.close();
