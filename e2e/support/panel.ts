// Shared helpers for the panel specs: open the built panel with a stand-in bridge, watch for page
// errors and CSP violations, keep screenshots as artifacts.
import { expect, test as base, type Page, type TestInfo } from '@playwright/test';
import { installFakeBridge, type FakeBridgeInit } from './fakeBridge.ts';

export function panelUrl(): string {
  const url = process.env.CLAWBAR_PANEL_URL;
  if (!url)
    throw new Error(
      'CLAWBAR_PANEL_URL is not set: run through playwright.config.ts (its globalSetup serves the panel)',
    );
  return url;
}

/** Every test fails on an uncaught page error, a console error or a CSP violation. */
export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
      });
      await use(problems);
      expect(problems, 'page errors, console errors or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export async function openPanel(page: Page, init: FakeBridgeInit): Promise<void> {
  await installFakeBridge(page, init);
  await page.goto(panelUrl());
  await expect(page.getByRole('banner', { name: 'Gateway status' })).toBeVisible();
}

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Every interactive element has a non-empty accessible name, as Chromium computes it. */
export async function expectAccessibleNames(page: Page): Promise<number> {
  const controls = page.locator(
    'button:visible, input:visible, select:visible, textarea:visible, a[href]:visible, [role="tab"]:visible, summary:visible',
  );
  const n = await controls.count();
  for (let i = 0; i < n; i++) {
    const control = controls.nth(i);
    const html = await control.evaluate((el) => el.outerHTML.slice(0, 120));
    await expect(control, `accessible name of ${html}`).toHaveAccessibleName(/\S/);
  }
  return n;
}
