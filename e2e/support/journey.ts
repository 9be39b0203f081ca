// The user journey shared by the dev host spec (browser) and the Electron spec: the same panel, the
// same steps, the real core and a real gateway behind it.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { TestGateway } from '../../test/support/gateway.ts';
import { TestDevice } from '../../test/support/device.ts';
import { scanForSecrets } from '../../test/support/secretScan.ts';

export interface JourneyContext {
  gw: TestGateway;
  version: string;
  /** Clawbar's data dir (scanned for secrets at the end). */
  dataDir: string;
  /** Everything the app printed (scanned for secrets). */
  output: () => string;
  /** The dev host's log of notification ops; absent in Electron. */
  notifications?: () => Promise<{ at: number; op: { type: string; deviceId: string } }[]>;
}

/** Drives the panel from the first run to removing a device. The page shows the panel already. */
export async function runJourney(page: Page, o: JourneyContext): Promise<void> {
  const { gw, version } = o;
  const setup = page.getByRole('region', { name: 'Set up Clawbar' });

  await test.step('first run: find the gateway and import the token with consent', async () => {
    await expect(setup).toBeVisible({ timeout: 30_000 });
    const urlField = setup.getByRole('textbox', { name: 'Gateway URL' });
    if (await urlField.isVisible()) {
      await urlField.fill(gw.url);
      await setup.getByRole('button', { name: 'Save URL' }).click();
    }
    await setup.getByRole('button', { name: 'Find the token in OpenClaw’s config' }).click();
    const preview = setup.getByRole('region', { name: 'Token import preview' });
    await expect(preview).toContainText(path.basename(gw.configPath));
    await preview.getByRole('button', { name: /Import this token|Run this command and import/ }).click();
  });

  await test.step('Clawbar pairs itself and lands on Pending', async () => {
    await expect(page.getByRole('tab', { name: /Pending/ })).toHaveAttribute('aria-selected', 'true', {
      timeout: 30_000,
    });
    const header = page.getByRole('banner', { name: 'Gateway status' });
    await expect(header).toContainText('Connected');
    await expect(header).toContainText(version);
  });

  const device = new TestDevice({
    displayName: `Journey phone ${version}`,
    clientId: 'openclaw-ios',
    platform: 'ios',
  });
  await test.step('a device pairs with read, then retries fast asking for approvals', async () => {
    const first = await device.connect(gw, { scopes: ['operator.read'] });
    expect(first.ok).toBe(true);
  });
  const retrier = device.retry(gw, { scopes: ['operator.read', 'operator.approvals'], intervalMs: 300 });
  try {
    const card = page.getByRole('article', { name: `Journey phone ${version}` });
    await test.step('one card shows the diff: read already allowed, approvals added', async () => {
      await expect(card).toBeVisible({ timeout: 15_000 });
      await expect(card).toContainText('Scope upgrade');
      await expect(card.locator('.diff > div').nth(0)).toContainText('operator.read');
      await expect(card.locator('.diff > div').nth(1)).toContainText('operator.approvals');
      await expect(page.getByRole('article')).toHaveCount(1);
    });

    await test.step('one notification for the device however often it retried', async () => {
      await expect.poll(() => retrier.attempts, { timeout: 10_000 }).toBeGreaterThan(5);
      if (!o.notifications) return; // Electron: native notifications, no log to read here
      const shows = (await o.notifications()).filter((n) => n.op.type === 'show');
      expect(shows).toHaveLength(1);
    });

    await test.step('Approve: the device connects with the new scope', async () => {
      await card.getByRole('button', { name: 'Approve' }).click();
      const connected = await retrier.untilConnected(20_000);
      expect(connected.ok).toBe(true);
      await expect(card).toHaveCount(0);
      await expect(page.getByRole('status').filter({ hasText: /Approve Journey phone/ })).toBeVisible();
    });
  } finally {
    await retrier.stop();
  }

  await test.step('Devices shows it with its scopes; Clawbar is marked', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    const row = page.locator('details.device', { hasText: `Journey phone ${version}` });
    await row.locator('summary').click();
    await expect(row).toContainText('operator.approvals');
    await expect(page.locator('details.device', { hasText: 'This is Clawbar' })).toHaveCount(1);
  });

  await test.step('History records the approval', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.locator('.history-entry').first()).toContainText(`Journey phone ${version}`);
  });

  await test.step('Remove asks first, then the device is gone', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    const row = page.locator('details.device', { hasText: `Journey phone ${version}` });
    await row.locator('summary').click();
    await row.getByRole('button', { name: `Remove Journey phone ${version}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect(row).toHaveCount(0, { timeout: 15_000 });
  });

  await test.step('no secret reached a file, the page or the logs', async () => {
    expect(scanForSecrets([o.dataDir], [gw.token])).toEqual([]);
    expect(await page.content()).not.toContain(gw.token);
    expect(o.output()).not.toContain(gw.token);
  });
}
