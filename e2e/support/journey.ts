// The user journey shared by the dev host spec (browser) and the Electron spec: the same panel, the
// same steps, the real core and a real gateway behind it.
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { TestGateway } from '../../test/support/gateway.ts';
import { TestDevice } from '../../test/support/device.ts';
import { SETTLE_MS } from '../../electron/core/inbox/settle.ts';
import { scanForSecrets } from '../../test/support/secretScan.ts';

export interface JourneyContext {
  gw: TestGateway;
  version: string;
  /** Clawbar's data dir (scanned for secrets at the end). */
  dataDir: string;
  /** Everything the app printed (scanned for secrets). */
  output: () => string;
  /** The dev host's log of notification ops; absent in Electron. */
  notifications?: () => Promise<{ at: number; op: { type: string; key?: string } }[]>;
}

/** Opens a device row (a <details>) unless it is open already. */
async function openRow(row: Locator): Promise<void> {
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  if ((await row.getAttribute('open')) === null) await row.locator('summary').click();
  await expect(row).toHaveAttribute('open', '');
}

/** A screenshot of the screen as the user sees it, kept with the test's artifacts. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
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
    await shot(page, `${version}-first-run-import`);
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
    // 9.6 approves local scope upgrades by itself unless the user turned that off; users who see the
    // loop have it off (4.12 always holds upgrades).
    if (gw.version !== '2026.4.12') await gw.setAutoApproveLocal(false);
  });
  const retrier = device.retry(gw, { scopes: ['operator.read', 'operator.approvals'], intervalMs: 300 });
  try {
    const card = page.getByRole('article', { name: `Journey phone ${version}` });
    await test.step('one card shows the diff: read already allowed, approvals added', async () => {
      await expect(card).toBeVisible({ timeout: 15_000 });
      await expect(card).toContainText('Scope upgrade');
      // Adds first, then already allowed; each scope chip carries its id.
      await expect(card.locator('.diff > div').nth(1).locator('[data-scope="operator.read"]')).toBeVisible();
      await expect(
        card.locator('.diff > div').nth(0).locator('[data-scope="operator.approvals"]'),
      ).toBeVisible();
      // One card for this device however often it retried (other tests' requests may be pending too).
      await expect(page.getByRole('article', { name: `Journey phone ${version}` })).toHaveCount(1);
      await shot(page, `${version}-pending-card`);
    });

    await test.step('one notification for the device however often it retried', async () => {
      await expect.poll(() => retrier.attempts, { timeout: 10_000 }).toBeGreaterThan(5);
      if (!o.notifications) return; // Electron: native notifications, no log to read here
      // Only this device's: other tests' requests may still be pending on the shared gateway.
      const shows = (await o.notifications()).filter(
        (n) => n.op.type === 'show' && n.op.key === `device:${device.deviceId}`,
      );
      expect(shows).toHaveLength(1);
    });

    await test.step('Approve: the device connects with the new scope', async () => {
      await card.getByRole('button', { name: 'Approve' }).click();
      const connected = await retrier.untilConnected(20_000);
      expect(connected.ok).toBe(true);
      // The card closes on the gateway's resolved event (ms). A retry racing the approval may file a
      // request for the scopes just granted; that one is not a card (reconcile.ts, alreadyGranted).
      await expect(card).toHaveCount(0, { timeout: 5_000 });
      await expect(page.getByRole('status').filter({ hasText: /Approve Journey phone/ })).toBeVisible();
    });
  } finally {
    await retrier.stop();
    if (gw.version !== '2026.4.12') await gw.setAutoApproveLocal(true);
  }

  await test.step('Devices shows it with its scopes; Clawbar is marked', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    const row = page.locator('details.device', { hasText: `Journey phone ${version}` });
    await openRow(row);
    await expect(row).toContainText('operator.approvals');
    await expect(page.locator('details.device', { hasText: 'This is Clawbar' })).toHaveCount(1);
    await shot(page, `${version}-devices`);
  });

  await test.step('History records the approval', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.locator('.history-entry').first()).toContainText(`Journey phone ${version}`);
  });

  await test.step('Reset & re-approve: removed, asks again, approved with the access it had', async () => {
    if (gw.version !== '2026.4.12') await gw.setAutoApproveLocal(false);
    // The device keeps reconnecting, as a real client does after it is dropped.
    const again = device.retry(gw, {
      scopes: ['operator.read', 'operator.approvals'],
      intervalMs: 500,
      untilStopped: true,
    });
    try {
      await page.getByRole('tab', { name: 'Devices' }).click();
      const row = page.locator('details.device', { hasText: `Journey phone ${version}` });
      await openRow(row);
      // Its access changed with the approval: a reset counts once that has been on screen 1.5 s.
      await page.waitForTimeout(SETTLE_MS);
      await row.getByRole('button', { name: `Reset and re-approve Journey phone ${version}` }).click();
      await shot(page, `${version}-reset-confirm`);
      const confirmedAt = Date.now();
      await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
      // The gateway holds a fresh record for the device (removed, then paired again) with the access it had.
      const fresh = async () => {
        const list = (await gw.devices(['list'])).json as {
          paired?: { deviceId: string; createdAtMs?: number; scopes?: string[] }[];
        };
        const rec = list.paired?.find((d) => d.deviceId === device.deviceId);
        return (
          (rec?.createdAtMs ?? 0) >= confirmedAt - 1000 &&
          rec?.scopes?.includes('operator.approvals') === true
        );
      };
      await expect.poll(fresh, { timeout: 60_000, intervals: [1000] }).toBe(true);
      await expect.poll(() => again.last?.ok === true, { timeout: 20_000 }).toBe(true);
      // The device is back with the access it had, and no card is left waiting.
      await expect(page.locator('details.device', { hasText: `Journey phone ${version}` })).toHaveCount(1, {
        timeout: 15_000,
      });
      await expect(page.getByRole('article', { name: `Journey phone ${version}` })).toHaveCount(0);
      await shot(page, `${version}-devices-after-reset`);
    } finally {
      await again.stop();
      if (gw.version !== '2026.4.12') await gw.setAutoApproveLocal(true);
    }
  });

  await test.step('History lists each step: approval, reset', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.locator('.history-entry', { hasText: `Journey phone ${version}` });
    await expect(history.filter({ hasText: /approv/i }).first()).toBeVisible();
    await expect(history.filter({ hasText: /reset/i }).first()).toBeVisible({ timeout: 15_000 });
    await shot(page, `${version}-history`);
  });

  await test.step('Remove asks first, then the device is gone', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    const row = page.locator('details.device', { hasText: `Journey phone ${version}` });
    await openRow(row);
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
